"""One experiment per idea of the lesson, each run on real loopback sockets and measured.

``run_experiment(name)`` runs one and returns an :class:`ExperimentResult`: the settings its
prediction speaks of, the steps it took, the measured values and whether they match the
prediction. ``GIVEN[name]`` holds those settings before any run, so the prediction can be shown
first. Each takes at most a few seconds and cleans up every socket and thread it made.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import accept, backlog, broadcast, keepalive, nagle, reuseaddr
from .record import ExperimentResult, Notebook, Step

EXPERIMENTS: dict[str, Callable[[], ExperimentResult]] = {
    "reuseaddr": reuseaddr.run,
    "nagle": nagle.run,
    "broadcast": broadcast.run,
    "backlog": backlog.run,
    "keepalive": keepalive.run,
    "accept": accept.run,
}
NAMES = tuple(EXPERIMENTS)
GIVEN: dict[str, dict[str, Any]] = {
    "reuseaddr": reuseaddr.GIVEN,
    "nagle": nagle.GIVEN,
    "broadcast": broadcast.GIVEN,
    "backlog": backlog.GIVEN,
    "keepalive": keepalive.GIVEN,
    "accept": accept.GIVEN,
}


def run_experiment(name: str) -> ExperimentResult:
    """Run experiment ``name``; a socket error ends it as not predicted, with the error observed."""
    try:
        return EXPERIMENTS[name]()
    except OSError as exc:
        book = Notebook(name, **GIVEN[name])
        book.step("failed", error=f"{type(exc).__name__}: {exc.strerror or exc}")
        book.observe(error=f"{type(exc).__name__}: {exc.strerror or exc}")
        return book.result(False)


__all__ = ["EXPERIMENTS", "GIVEN", "NAMES", "ExperimentResult", "Step", "run_experiment"]
