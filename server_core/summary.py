"""What a client run amounted to, computed from its events alone (the timeline's per-run metrics)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields

from .events import CLIENT, SERVER, Event, Kind
from .pairing import address
from .timeline import build_lanes, grant_order, overtakes, peak_concurrency, percentile, request_order

REPLY_TIMEOUT = "no reply within "  # how a client's error begins when its timeout ended the wait for a reply


@dataclass(frozen=True, slots=True)
class RunSummary:
    """``ok`` clients got a reply and met no error (a refusal, ``server busy: ...``, is an error);
    ``max_concurrency`` is the most clients served at once (between ``connected`` and
    ``disconnected``, refused clients left out); ``makespan`` runs from the run's first
    client event to its last.

    Turns: ``order`` lists client ids in the order they were granted their turn (``entered``),
    ``request_order`` in the order they asked for it (both empty in free order: nothing is
    granted); ``out_of_order`` counts grants made while a client that asked earlier still waited.
    ``mean_wait`` and ``p95_wait`` (nearest rank, seconds) are over the clients granted a turn.

    The order nobody chose, as lists of launch numbers: ``launch_order`` (the launcher starts
    clients 1..N in turn), ``connected_order`` (connect returned), ``replied_order`` (the reply
    arrived; a refused client, whose answer was the server's refusal line, is not in it),
    ``closed_order`` (the client closed); where the server's events are in the same
    history, ``accept_order`` (the server accepted the connection) and ``served_order`` (the
    server read its first message), empty when it accepted none of them, else None.
    ``connections`` gives, in launch order, the server's number for each client's connection
    (``#4`` for ``r2.1``), None where unknown.

    Waiting for the server: ``mean_reply_wait`` and ``p95_reply_wait`` are seconds from a
    client's ``sent`` to its ``received``, over the clients that got a reply (None when none
    did; a refusal is not a reply). ``unanswered`` counts the clients that sent and never got an
    answer, reply or refusal (they waited for the server too), ``reply_timeouts`` those of them
    whose own timeout ended the wait.
    ``never_granted`` counts the clients that asked for a turn and were never granted one.
    ``mode`` and ``hold`` come from the run's ``launched`` event (None without one).
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
    run: int | None = None
    launch_order: list[int] | None = None
    connected_order: list[int] | None = None
    replied_order: list[int] | None = None
    closed_order: list[int] | None = None
    accept_order: list[int] | None = None
    served_order: list[int] | None = None
    connections: list[int | None] | None = None
    mean_reply_wait: float | None = None
    p95_reply_wait: float | None = None
    never_granted: int = 0
    unanswered: int = 0
    reply_timeouts: int = 0

    def to_dict(self) -> dict:
        """The summary as JSON-ready values, ``kind`` first; its lists are the summary's own."""
        return {"kind": "summary", **{field.name: getattr(self, field.name) for field in fields(self)}}


def summarize(events: Iterable[Event], clients: int, run: int | None = None) -> RunSummary:
    """Summarize the client events of ``run`` (all client events when None) for ``clients`` clients;
    the server events among ``events`` give the accept and served orders."""
    every = sorted(events, key=lambda e: e.seq)
    mine = [e for e in every if e.side == CLIENT and (run is None or e.run == run)]
    mine = [e for e in mine if e.kind != Kind.FINISHED]  # the launcher's, after the clients' last
    refused = {e.client for e in mine if e.kind == "error" and (e.extra or {}).get("refused")}
    answered = {e.client for e in mine if e.kind == "received"}  # a refusal line is an answer...
    replied = answered - refused  # ...but not a reply
    failed = {e.client for e in mine if e.kind == "error"}
    ok = len(replied - failed)
    makespan = mine[-1].t - mine[0].t if mine else 0.0
    lanes = build_lanes(mine)
    asked, granted = request_order(lanes), grant_order(lanes)
    waits = [lane.wait for lane in lanes if lane.wait is not None]
    launched = next((e.extra or {} for e in mine if e.kind == "launched"), {})
    launch = sorted({e.client for e in mine if e.client is not None})
    handlers = _handlers(every, mine)
    server_here = any(e.side == SERVER for e in every)  # the server's events are in this history
    reply_waits = _reply_waits([e for e in mine if e.client not in refused])
    unanswered = {e.client for e in mine if e.kind == "sent"} - answered
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
        run if run is not None else launched.get("run"),
        launch,
        _first(mine, "connected"),
        [i for i in _first(mine, "received") if i not in refused],
        _first(mine, "disconnected"),
        _server_order(handlers, "accepted") if server_here else None,
        _server_order(handlers, "received") if server_here else None,
        [handlers[i][0] if i in handlers else None for i in launch] if handlers else None,
        round(sum(reply_waits) / len(reply_waits), 6) if reply_waits else None,
        round(percentile(reply_waits, 95), 6) if reply_waits else None,
        len(set(asked) - set(granted)),
        len(unanswered),
        sum(1 for e in mine if e.kind == "error" and e.client in unanswered and _timed_out(e)),
    )


def _first(events: list[Event], kind: str) -> list[int]:
    """Client numbers in the order of their first ``kind`` event."""
    seen: dict[int, None] = {}
    for event in events:
        if event.kind == kind and event.client is not None:
            seen.setdefault(event.client, None)
    return list(seen)


def _timed_out(error: Event) -> bool:
    """Whether a client's ``error`` says its own timeout ended the wait for the reply."""
    return (error.text or "").startswith(REPLY_TIMEOUT)


def _reply_waits(events: list[Event]) -> list[float]:
    """Seconds from each client's first ``sent`` to its first ``received``."""
    sent: dict[int, float] = {}
    waits = []
    for event in events:
        if event.client is None:
            continue
        if event.kind == "sent":
            sent.setdefault(event.client, event.t)
        elif event.kind == "received" and event.client in sent:
            waits.append(event.t - sent.pop(event.client))
    return waits


def _handlers(every: list[Event], mine: list[Event]) -> dict[int, tuple[int, list[Event]]]:
    """For each client of the run, the server's number for its connection and that handler's
    events; a handler belongs to a client when its ``peer`` is the client's ``local`` address
    and it was accepted after the client began connecting (an address may be used again later)."""
    connecting = {e.client: e.seq for e in mine if e.kind == "connecting"}
    ends = {end: e.client for e in mine if e.kind == Kind.CONNECTED and (end := address(e))}
    numbers: dict[int, int] = {}
    found: dict[int, tuple[int, list[Event]]] = {}
    for event in every:
        if event.side != SERVER or event.client is None:
            continue
        if event.kind == "accepted":
            end = address(event)
            client = ends.get(end) if end else None
            if client is not None and client not in found and event.seq > connecting.get(client, 0):
                numbers[event.client] = client
                found[client] = (event.client, [])
        client = numbers.get(event.client)
        if client is not None:
            found[client][1].append(event)
    return found


def _server_order(handlers: dict[int, tuple[int, list[Event]]], kind: str) -> list[int]:
    """Client numbers in the order their handlers' first ``kind`` event came."""
    firsts = []
    for client, (_, events) in handlers.items():
        seq = next((e.seq for e in events if e.kind == kind and (kind != "received" or e.bytes)), None)
        if seq is not None:
            firsts.append((seq, client))
    return [client for _, client in sorted(firsts)]
