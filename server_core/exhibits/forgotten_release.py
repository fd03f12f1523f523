"""Forgotten release: an error between ``acquire()`` and ``release()`` keeps the lock forever.

Client 1 sends a request its handler cannot parse. Unsafe, the handler took the lock with
``acquire()`` and the error skips its ``release()``: every later client waits for a lock nobody
will give back, until it gives up. Safe, ``with lock:`` releases it on the way out: the error is
reported and every later client is served.
"""

from __future__ import annotations

from typing import Any

from .base import Exhibit, Line
from .stage import GaveUp, WatchedLock

BAD = "add ten"
GOOD = "add 10"


class ForgottenRelease(Exhibit):
    name = "forgotten-release"
    default_n = 4

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lock = WatchedLock(self.stage, "total-lock")
        self.total = 0

    def given(self) -> dict[str, Any]:
        return {**super().given(), "bad": BAD, "later": self.n - 1}

    def serve(self, talk: Line) -> str:
        request = talk.hear()
        try:
            if self.safe:
                self._add_safe(request, talk)
            else:
                self._add_unsafe(request, talk)
        except ValueError:  # reported where it happened, the lock held (see _amount)
            return "bad request"
        except GaveUp as exc:
            talk.say(f"gave up: {exc}")
            return "gave up"
        talk.say(f"added, total {self.total}")
        return "added"

    def _add_unsafe(self, request: str, talk: Line) -> None:
        self.lock.acquire()
        self.stage.pause()  # the later clients queue at the lock meanwhile
        self.total += self._amount(request, talk)  # ValueError: the release below never runs
        self.lock.release()

    def _add_safe(self, request: str, talk: Line) -> None:
        with self.lock:
            self.stage.pause()
            self.total += self._amount(request, talk)  # ValueError: ``with`` still releases

    def _amount(self, request: str, talk: Line) -> int:
        """The amount ``add N`` asks for. A ValueError is reported at the instant it happens (the
        lock held in both variants): the client told, the handler's error event, then raised."""
        try:
            return int(request.removeprefix("add "))
        except ValueError as exc:
            talk.say(f"error: {exc}")
            self.stage.actor().emit("error", text=f"bad request: {exc}")
            raise

    def visit(self, number: int, talk: Line) -> None:
        if number > 1:  # client 1's handler takes the lock first
            self.stage.wait_until(lambda: self.lock.holder is not None or self.replies[1] != [])
        talk.say(BAD if number == 1 else GOOD)
        self.told(number, talk.hear())

    def observe(self) -> tuple[dict[str, Any], bool]:
        later = self.n - 1
        served, stuck = self.answered("added"), self.answered("gave up")
        observed = {
            "served": len(served),
            "stuck": len(stuck),
            "errors": len(self.answered("error")),
            "held_by": self.lock.holder,
        }
        reported = observed["errors"] == 1
        if self.safe:
            return observed, reported and len(served) == later and not stuck
        return observed, reported and len(stuck) == later and not served
