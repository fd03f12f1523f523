"""The standard comparison: the same N and hold in each client mode, one run after another,
and the one rule that gives every launch of a mode its order (the semaphore's K included)."""

from __future__ import annotations

from typing import Any

from server_core import Order

STANDARD_ORDERS = ("free", "lock", "semaphore", "queue", "sequential")


def semaphore_width(n: int) -> int:
    """The semaphore's K when the order field names none: max(2, N // 2), so that with N >= 3 a
    semaphore run differs both from free (all N at once) and from lock (one at a time)."""
    return max(2, n // 2)


def order_for(mode: str, typed: Order | None, n: int) -> Order:
    """The order a launch of ``mode`` runs (its key, the palette, the comparison): ``typed``, the
    order field's value (None when not read), when it names that mode (its K for a semaphore),
    else ``mode`` itself with a semaphore K of :func:`semaphore_width`."""
    if typed is not None and typed.mode == mode:
        return typed
    return Order(mode, semaphore_width(n)) if mode == "semaphore" else Order(mode)


class ComparisonPlan:
    """The orders still to run, the client settings every run shares (taken once, at the start)
    and the run numbers launched so far, in order. ``settings`` is (the form's client values,
    where they connect); the orders follow :func:`order_for`."""

    def __init__(
        self, settings: tuple[dict[str, Any], Any], modes: tuple[str, ...] = STANDARD_ORDERS
    ) -> None:
        self.settings = settings
        values = settings[0]
        self.pending: list[Order] = [order_for(mode, values["order"], values["n"]) for mode in modes]
        self.runs: list[int] = []

    def next_order(self) -> Order | None:
        """The next order to launch, or None when every one has been launched."""
        return self.pending.pop(0) if self.pending else None
