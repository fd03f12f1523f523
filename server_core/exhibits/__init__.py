"""Why locks exist: four classic faults of shared resources, each beside its fix, on real sockets.

``run_exhibit(name, safe, n)`` runs one (unsafe by default) in the lab's own thread-per-client
server with ``n`` real client connections and returns an :class:`ExhibitResult`. Every read,
write, acquire and release of a shared resource is an event on the bus given (see
:mod:`.stage`), so a timeline or an export shows the fault. Each unsafe variant shows its fault
on every run: the :class:`~.stage.Turns` of the stage pick the worst schedule every time.
"""

from __future__ import annotations

from .base import MAX_N, MIN_N, Exhibit, ExhibitResult
from .deadlock import Deadlock
from .forgotten_release import ForgottenRelease
from .lost_update import LostUpdate
from .stage import PATIENCE
from .torn_write import TornWrite

EXHIBITS: dict[str, type[Exhibit]] = {
    cls.name: cls for cls in (LostUpdate, TornWrite, Deadlock, ForgottenRelease)
}
NAMES = tuple(EXHIBITS)


def make_exhibit(name: str, safe: bool = False, n: int | None = None, **options: object) -> Exhibit:
    """Exhibit ``name`` ready to run (KeyError for an unknown name; ValueError for a bad ``n``);
    ``options`` are :class:`Exhibit`'s ``bus``, ``patience`` and ``limit``."""
    return EXHIBITS[name](safe, n, **options)  # type: ignore[arg-type]


def run_exhibit(name: str, safe: bool = False, n: int | None = None, **options: object) -> ExhibitResult:
    """Run exhibit ``name`` once; see :func:`make_exhibit`."""
    return make_exhibit(name, safe, n, **options).run()


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
