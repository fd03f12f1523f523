"""Deadlock: transfers between two accounts, each guarded by its own lock.

A transfer from A to B takes lock A, then lock B; one from B to A takes B, then A. Unsafe, two
transfers in opposite directions each hold their first lock and wait for the other's: a cycle of
waits nobody leaves. The wait-for graph of the watched locks names the threads and locks in it.
The cycle breaks only when one of its two handlers gives up (after the stage's patience) and
lets go of its lock; who wins that lock varies from run to run (the other one in the cycle began
waiting at almost the same instant, so its patience may run out too, and a handler queued for
the lock may take it first), so 0 to N - 1 transfers go through and every other handler gives
up and tells its client. Safe, every transfer takes the locks in one global order (A before B)
and everyone is served.
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
        self.gave_up: set[str] = set()  # the threads that gave up waiting

    def given(self) -> dict[str, Any]:
        """Also ``most``: how many transfers at most go through unsafe (one of the cycle gives up),
        and how many go each way (``a_to_b``, ``b_to_a``; see :func:`direction`)."""
        a_to_b = sum(direction(number) == "A->B" for number in range(1, self.n + 1))
        return {**super().given(), "most": self.n - 1, "a_to_b": a_to_b, "b_to_a": self.n - a_to_b}

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
            self.gave_up.add(self.stage.actor().thread)
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
        observed: dict[str, Any] = {
            "deadlocked": bool(cycles),
            "cycle": threads,
            "locks": locks,
            "served": len(served),
            "gave_up": len(gave_up),
        }
        if len(cycles) > 1:  # one giving up let two others close a cycle of their own: each named
            observed["later_cycles"] = [later for later, _ in cycles[1:]]
        everyone_told = len(served) + len(gave_up) == self.n
        if self.safe:
            return observed, not cycles and len(served) == self.n
        # the cycle ends only by one of its own giving up; who then wins the freed lock varies
        broken = bool(self.gave_up & set(threads))
        in_range = len(served) <= self.given()["most"]
        return observed, everyone_told and len(threads) == 2 and broken and in_range
