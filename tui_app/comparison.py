"""The standard comparison: the same N and hold in each client mode, one run after another."""

from __future__ import annotations

from typing import Any

from server_core import Order, parse_order

STANDARD_ORDERS = ("free", "lock", "semaphore:3", "queue", "sequential")


class ComparisonPlan:
    """The orders still to run, the client settings every run shares (taken once, at the start)
    and the run numbers launched so far, in order."""

    def __init__(self, settings: Any, orders: tuple[str, ...] = STANDARD_ORDERS) -> None:
        self.settings = settings
        self.pending: list[Order] = [parse_order(text) for text in orders]
        self.runs: list[int] = []

    def next_order(self) -> Order | None:
        """The next order to launch, or None when every one has been launched."""
        return self.pending.pop(0) if self.pending else None
