"""What a client run amounted to, computed from its events alone (the timeline's per-run metrics)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from .events import CLIENT, Event
from .timeline import build_lanes, grant_order, overtakes, peak_concurrency, percentile, request_order


@dataclass(frozen=True, slots=True)
class RunSummary:
    """``ok`` clients got a reply and met no error (a refusal, ``server busy: ...``, is an error);
    ``max_concurrency`` is the most clients served at once (between ``connected`` and
    ``disconnected``, refused clients left out); ``makespan`` runs from the run's first
    client event to its last; ``order`` lists client ids in the order they were granted their
    turn (``entered``), ``request_order`` in the order they asked for it; ``out_of_order``
    counts grants made while a client that asked earlier still waited. ``mean_wait`` and
    ``p95_wait`` (nearest rank) are over the clients granted a turn. ``mode`` and ``hold`` come
    from the run's ``launched`` event (None without one).
    """

    clients: int
    ok: int
    failed: int
    max_concurrency: int
    makespan: float
    order: list[int]
    request_order: list[int]
    out_of_order: int
    mean_wait: float
    p95_wait: float
    mode: str | None = None
    hold: float | None = None

    def to_dict(self) -> dict:
        return {"kind": "summary", **asdict(self)}


def summarize(events: Iterable[Event], clients: int, run: int | None = None) -> RunSummary:
    """Summarize the client events of ``run`` (all client events when None) for ``clients`` clients."""
    mine = [e for e in events if e.side == CLIENT and (run is None or (e.extra or {}).get("run") == run)]
    mine.sort(key=lambda e: e.seq)
    replied = {e.client for e in mine if e.kind == "received"}
    failed = {e.client for e in mine if e.kind == "error"}
    ok = len(replied - failed)
    refused = {e.client for e in mine if e.kind == "error" and (e.extra or {}).get("refused")}
    makespan = mine[-1].t - mine[0].t if mine else 0.0
    lanes = build_lanes(mine)
    asked, granted = request_order(lanes), grant_order(lanes)
    waits = [lane.wait for lane in lanes if lane.wait is not None]
    launched = next((e.extra or {} for e in mine if e.kind == "launched"), {})
    return RunSummary(
        clients,
        ok,
        clients - ok,
        peak_concurrency([e for e in mine if e.client not in refused]),
        round(makespan, 6),
        granted,
        asked,
        overtakes(asked, granted),
        round(sum(waits) / len(waits), 6) if waits else 0.0,
        round(percentile(waits, 95), 6),
        launched.get("order"),
        launched.get("hold"),
    )
