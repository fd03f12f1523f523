"""Why locks exist: four classic faults of shared resources, each beside its fix, on real sockets.

``run_exhibit(name, safe, n)`` runs one (unsafe by default) in the lab's own thread-per-client
server with ``n`` real client connections and returns an :class:`ExhibitResult`. Every read,
write, acquire and release of a shared resource is an event on the bus given (see
:mod:`.stage`), so a timeline or an export shows the fault. Each unsafe variant shows its fault
on every run: the :class:`~.stage.Turns` of the stage pick the worst schedule every time.
"""

from __future__ import annotations

from ..events import EventBus
from .base import MAX_N, MIN_N, Exhibit, ExhibitResult
from .deadlock import Deadlock
from .forgotten_release import ForgottenRelease
from .lost_update import LostUpdate
from .stage import LIMIT, PATIENCE
from .torn_write import TornWrite

EXHIBITS: dict[str, type[Exhibit]] = {
    cls.name: cls for cls in (LostUpdate, TornWrite, Deadlock, ForgottenRelease)
}
NAMES = tuple(EXHIBITS)


def make_exhibit(
    name: str,
    safe: bool = False,
    n: int | None = None,
    bus: EventBus | None = None,
    patience: float = PATIENCE,
    limit: float = LIMIT,
    port: int = 0,
) -> Exhibit:
    """Exhibit ``name`` ready to run: ``n`` clients (its default when None), events on ``bus``,
    handlers waiting ``patience`` seconds for a lock, other waits bounded by ``limit`` seconds,
    its server on 127.0.0.1 ``port`` (0: a free one). KeyError for an unknown name; ValueError
    for ``n`` outside MIN_N..MAX_N."""
    return EXHIBITS[name](safe, n, bus, patience, limit, port)


def run_exhibit(
    name: str,
    safe: bool = False,
    n: int | None = None,
    bus: EventBus | None = None,
    patience: float = PATIENCE,
    limit: float = LIMIT,
) -> ExhibitResult:
    """Run exhibit ``name`` once (see :func:`make_exhibit`) and return what it showed."""
    return make_exhibit(name, safe, n, bus, patience, limit).run()


__all__ = [
    "EXHIBITS",
    "MAX_N",
    "MIN_N",
    "NAMES",
    "PATIENCE",
    "Exhibit",
    "ExhibitResult",
    "make_exhibit",
    "run_exhibit",
]
