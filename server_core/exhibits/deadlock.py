"""Deadlock: transfers between two accounts, each guarded by its own lock.

A transfer from A to B takes lock A, then lock B; one from B to A takes B, then A. Unsafe, two
transfers in opposite directions each hold their first lock and wait for the other's: a cycle of
waits nobody leaves. The wait-for graph of the watched locks names the threads and locks in it;
every waiting handler gives up after the stage's patience and tells its client. Safe, every
transfer takes the locks in one global order (A before B) and everyone is served.
"""

from __future__ import annotations

from typing import Any

from .base import Exhibit, Line
from .stage import GaveUp, WatchedLock


def direction(number: int) -> str:
    """Odd clients move money from A to B, even ones from B to A."""
    return "A->B" if number % 2 else "B->A"


class Deadlock(Exhibit):
    name = "deadlock"
    default_n = 4

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.locks = {"A": WatchedLock(self.stage, "A"), "B": WatchedLock(self.stage, "B")}

    def serve(self, talk: Line) -> str:
        source, _, target = talk.hear().removeprefix("transfer ").partition("->")
        order = sorted([source, target]) if self.safe else [source, target]
        first, second = (self.locks[name] for name in order)
        try:
            with first:
                self.stage.pause()  # meanwhile a transfer the other way takes its first lock
                with second:
                    pass  # both accounts held: the money moves
        except GaveUp as exc:
            talk.say(f"gave up: {exc}")
            return "gave up"
        talk.say(f"transferred {source}->{target}")
        return "transferred"

    def visit(self, number: int, talk: Line) -> None:
        talk.say(f"transfer {direction(number)}")
        self.told(number, talk.hear())

    def observe(self) -> tuple[dict[str, Any], bool]:
        cycles = self.stage.graph.cycles
        threads, locks = cycles[0] if cycles else ([], [])
        served, gave_up = self.answered("transferred"), self.answered("gave up")
        observed = {
            "deadlocked": bool(cycles),
            "cycle": threads,
            "locks": locks,
            "served": len(served),
            "gave_up": len(gave_up),
        }
        everyone_told = len(served) + len(gave_up) == self.n
        if self.safe:
            return observed, not cycles and len(served) == self.n
        return observed, everyone_told and len(threads) >= 2 and len(gave_up) >= 1
