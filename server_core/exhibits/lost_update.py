"""Lost update: every connection deposits into one shared balance by read, round trip, write.

The handler reads the balance, tells its client what it saw, waits for the client's confirmation
and writes back what it read plus the deposit. Unsafe, the other handlers read the same balance
while the first waits for its client: each write throws away the deposits written since its read.
Safe, the whole read-modify-write happens under one lock.
"""

from __future__ import annotations

from typing import Any

from .base import Exhibit, Line
from .resources import Balance
from .stage import WatchedLock

START = 100
AMOUNT = 10


class LostUpdate(Exhibit):
    name = "lost-update"
    default_n = 5

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.balance = Balance(self.stage, START)
        self.lock = WatchedLock(self.stage, "balance-lock")

    def given(self) -> dict[str, Any]:
        return {**super().given(), "start": START, "amount": AMOUNT, "expected": self._expected()}

    def _expected(self) -> int:
        return START + self.n * AMOUNT

    def serve(self, talk: Line) -> str:
        amount = int(talk.hear().removeprefix("deposit "))
        if self.safe:
            with self.lock:
                self._deposit(talk, amount)
        else:
            self._deposit(talk, amount)
        talk.say(f"ok, deposited {amount}")
        return "deposited"

    def _deposit(self, talk: Line, amount: int) -> None:
        seen = self.balance.read()
        talk.say(f"balance {seen}")
        talk.hear()  # the client's confirmation: a round trip between the read and the write
        self.balance.write(seen + amount)

    def visit(self, number: int, talk: Line) -> None:
        talk.say(f"deposit {AMOUNT}")
        self.told(number, talk.hear())
        # Confirm once every other depositor has read the balance too, or waits for the lock.
        self.stage.pause(number)
        talk.say("confirm")
        self.told(number, talk.hear())

    def observe(self) -> tuple[dict[str, Any], bool]:
        lost = self.balance.overwritten()
        final, expected = self.balance.value, self._expected()
        observed = {
            "final": final,
            "lost": len(lost),
            "lost_deposits": sorted(lost),
            "overwritten_by": {str(who): by for who, by in sorted(lost.items())},
            "deposits": len(self.balance.writes),
        }
        whole = len(self.balance.writes) == self.n and final == expected - len(lost) * AMOUNT
        fault = final < expected and len(lost) > 0
        return observed, whole and (final == expected if self.safe else fault)
