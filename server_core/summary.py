"""What a client run amounted to, computed from its events alone."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from .events import CLIENT, Event


@dataclass(frozen=True, slots=True)
class RunSummary:
    """``ok`` clients got a reply and met no error; ``max_concurrency`` is the most clients
    between ``connected`` and ``disconnected`` at once; ``makespan`` runs from the run's first
    client event to its last; ``order`` lists client ids in the order they entered their section.
    """

    clients: int
    ok: int
    failed: int
    max_concurrency: int
    makespan: float
    order: list[int]

    def to_dict(self) -> dict:
        return {"kind": "summary", **asdict(self)}


def summarize(events: Iterable[Event], clients: int, run: int | None = None) -> RunSummary:
    """Summarize the client events of ``run`` (all client events when None) for ``clients`` clients."""
    mine = [e for e in events if e.side == CLIENT and (run is None or (e.extra or {}).get("run") == run)]
    mine.sort(key=lambda e: e.seq)
    replied = {e.client for e in mine if e.kind == "received"}
    failed = {e.client for e in mine if e.kind == "error"}
    ok = len(replied - failed)
    inside = peak = 0
    for e in mine:
        if e.kind == "connected":
            inside += 1
            peak = max(peak, inside)
        elif e.kind == "disconnected":
            inside -= 1
    makespan = mine[-1].t - mine[0].t if mine else 0.0
    order = [e.client for e in mine if e.kind == "entered"]
    return RunSummary(clients, ok, clients - ok, peak, round(makespan, 6), order)
