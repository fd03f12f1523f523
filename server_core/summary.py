"""What a client run amounted to, computed from its lanes (the timeline's per-run metrics).

The summary reads the lanes a :class:`~server_core.timeline.Timeline` folded from the events,
never the events again: a reader that keeps a timeline (the app's session, the CLI) summarizes
a run when its ``finished`` event is fed; :func:`summarize` folds a finished list first.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import NamedTuple

from .events import CLIENT, CLIENT_STOPS, STOPS, Event, EventBus
from .pairing import handlers_of
from .timeline import (
    Lane,
    Timeline,
    grant_order,
    overtakes,
    peak_concurrency,
    percentile,
    request_order,
)

REPLY_TIMEOUT = "no reply within "  # how a client's error begins when its timeout ended the wait for a reply


class RunSummary(NamedTuple):
    """``ok`` clients got a reply and met no error (a refusal, ``server busy: ...``, is an error);
    ``stopped`` clients were stopped by the user (``k``, a signal) or by a schedule found stuck
    (the run is stopped then too, and its events say so) before they got that far (a stop that
    ended the run before a client started or while it still waited for its turn stopped that
    one too), and
    ``failed`` are the rest (``clients == ok + failed + stopped``), ``refused`` of them turned
    away by the server (busy: its limit of clients at once); ``stopped_after_reply`` of the
    stopped clients had got their reply first (held for ``hold``, or by step mode before their
    close, when the stop came: still stopped, the rule is one); ``max_concurrency`` is the
    most clients served at once (between ``connected`` and ``disconnected``, refused clients
    left out); ``makespan`` runs from the run's first client event to its last.

    Turns: ``order`` lists client ids in the order they were granted their turn (``entered``),
    ``request_order`` in the order they asked for it (both empty in free order: nothing is
    granted); ``out_of_order`` counts grants made while a client that asked earlier still waited.
    ``mean_wait`` and ``p95_wait`` (nearest rank, seconds) are over the clients granted a turn;
    time step mode held a client that had its turn meanwhile is the user's, not the order's: it
    is left out of each wait and summed apart in ``held_turn_wait`` (seconds, summed over the
    ``held_turn_clients`` clients whose wait it fell in: more than the run's length where holds
    overlap).

    The order nobody chose, as lists of launch numbers: ``launch_order`` (the launcher starts
    clients 1..N in turn), ``connected_order`` (connect returned), ``replied_order`` (the reply
    arrived; a refused client, whose answer was the server's refusal line, is not in it),
    ``closed_order`` (the client closed by itself: a client the user stopped is left out, its
    close was the stop's doing, not the run's, and so is a refused one, the server's doing);
    where the server's events are in the same history, ``accept_order`` (the server accepted
    the connection) and ``served_order`` (the server read its first message), empty when it
    accepted none of them, else None.
    ``connections`` gives, in launch order, the server's number for each client's connection
    (``#4`` for ``r2.1``), None where unknown.

    Waiting for the server: ``mean_reply_wait`` and ``p95_reply_wait`` are seconds from a
    client's ``sent`` to its ``received``, over the clients that got a reply (None when none
    did; a refusal is not a reply). ``unanswered`` counts the clients that sent and never got an
    answer, reply or refusal (they waited for the server too), ``reply_timeouts`` those of them
    whose own timeout ended the wait (a stopped client is neither). Time step mode held a
    client or its handler between the two (or another handler that had its turn, in a server's
    order) is the user's, not the server's: it is left out of each wait and summed apart in
    ``held_reply_wait`` (seconds, 0.0 outside step mode; summed over the ``held_reply_clients``
    clients whose wait it fell in). ``held`` is the time step mode held any thread of the run
    (its clients and the handlers that served them), inside a wait or not, each moment counted
    once: seconds of the run the user's hand took, counted between the same two instants as
    ``makespan`` (a handler held after the run's last client event, or a hold still open when
    the summary is made, counts up to that event only), so never more than its length.
    ``never_granted`` counts the clients that asked for a turn and were never granted one (a
    stopped client left out). ``stopped_waiting`` counts the stopped clients that asked for a
    turn and were stopped before it was granted, and ``stopped_wait`` is the mean of how long
    they had waited when stopped (seconds from asking to the stop, whoever stopped the run: the
    user, a signal, a schedule found stuck; None when none was): the waits ``mean_wait`` does not
    hold. ``stopped_held_wait`` is the mean, over the same clients, of the part of that wait step
    mode held a client that had its turn (seconds, 0.0 outside step mode): the user's or the
    schedule's hand, said beside the wait rather than left out of it, as the stop ended the wait.
    ``stopped_granted`` counts the stopped clients whose turn was granted before the stop (in their
    turn when it came, or after it); the rest of ``stopped`` less ``stopped_waiting`` had not asked
    for a turn yet (or the run grants none).
    ``server_errors`` counts the ``ok`` clients whose handler reported
    an error, a stop aside (where the server's events are in the same history): ok as TCP
    clients, a reply came (the server's error text itself, in a bad request), and their rows in
    the app say error.
    ``mode`` and ``hold`` come from the run's ``launched`` event (None without one), and so does
    ``stepped``: ``schedule`` for a run that followed a schedule (``run --schedule``), ``hand``
    for one launched in the app's step mode in which the user picked a step of a client or of a
    handler that served one (a run let go at once by ``g`` is not stepped), None for a run
    nobody stepped.
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
    held_reply_wait: float = 0.0
    held_turn_wait: float = 0.0
    stopped: int = 0
    held: float = 0.0
    stepped: str | None = None
    held_turn_clients: int = 0
    held_reply_clients: int = 0
    stopped_after_reply: int = 0
    server_errors: int = 0
    refused: int = 0
    stopped_waiting: int = 0
    stopped_wait: float | None = None
    stopped_held_wait: float = 0.0
    stopped_granted: int = 0

    def to_dict(self) -> dict:
        """The summary as JSON-ready values, ``kind`` first; its lists are the summary's own."""
        return {"kind": "summary", **self._asdict()}


def summarize(events: Iterable[Event], clients: int, run: int) -> RunSummary:
    """Summarize ``run`` of ``clients`` clients from a finished list of ``events`` (any order):
    they are folded into lanes once, then :func:`summarize_run`."""
    timeline = Timeline()
    timeline.feed(sorted(events, key=lambda e: e.seq))
    return summarize_run(timeline, run, clients)


class RunFolder:
    """A bus's events folded into lanes while a run goes on, so that its summary at the end reads
    lanes already folded: :meth:`catch_up` folds what was emitted since the last call (from one
    reader's thread, as often as it likes); :meth:`summary` catches up, then summarizes. The
    result is :func:`summarize` of the bus's history."""

    def __init__(self, bus: EventBus) -> None:
        self.timeline = Timeline()
        self._bus = bus
        self._folded = 0  # events folded so far: the seq of the latest

    def catch_up(self) -> None:
        """Fold the events emitted since the last call (one slice of the bus, under its lock)."""
        events = self._bus.since(self._folded)
        self._folded += len(events)
        self.timeline.feed(events)

    def summary(self, run: int, clients: int) -> RunSummary:
        """The summary of ``run`` of ``clients`` clients from every event emitted so far."""
        self.catch_up()
        return summarize_run(self.timeline, run, clients)


def summarize_run(timeline: Timeline, run: int, clients: int) -> RunSummary:
    """Summarize ``run`` of ``clients`` clients from ``timeline``: the run's client lanes and the
    handler lanes that may have served them (:meth:`~server_core.timeline.Timeline.run_lanes`),
    paired by :func:`server_core.pairing.handlers_of` for the accept and served orders, the
    run's ``launched`` event and its span. Those orders are None when the timeline saw no server
    event after the run's launch (no server in this history). Made when the run's ``finished``
    event has been fed, every lane of the run is there (see
    :class:`~server_core.timeline.Timeline` on ``max_lanes``)."""
    lanes = timeline.run_lanes(run)
    mine = [lane for lane in lanes if lane.side == CLIENT]
    refused = {lane.client for lane in mine if any((e.extra or {}).get("refused") for e in lane.errors)}
    stopped = {lane.client for lane in mine if lane.errors and lane.errors[0].text in CLIENT_STOPS}
    sent, received = _firsts(mine)
    # a refusal line is an answer, but not a reply
    answered = set(received)
    heard = [lane for lane in mine if lane.client not in refused]
    ok = sum(1 for lane in heard if lane.client in answered and not lane.errors)
    unstarted = 0  # clients the stop kept from starting: no lane at all
    if run in timeline.stopped:  # what the stop cut short is the stop's, not a failure
        stopped |= {lane.client for lane in mine if not lane.errors and lane.client not in answered}
        unstarted = max(0, clients - len(mine))
    asked, granted = request_order(mine), grant_order(mine)
    holding = _in_turn(mine)  # clients step mode held in their turn
    waits, held_turn, turns_held = _turn_waits(mine, holding)
    cut_waits = _stopped_waits(mine, stopped, holding)
    launch = timeline.launches.get(run)
    launched = (launch.extra or {}) if launch is not None else {}
    first, last = timeline.spans.get(run, (0.0, 0.0))
    numbers = [lane.client for lane in mine]
    handlers = handlers_of(mine, lanes)
    accepted = served = None
    if (timeline.server_seq or 0) > (launch.seq if launch is not None else 0):  # a server is in this history
        accepted = _by_seq((lane.opened_seq, client) for client, lane in handlers.items())
        served = _by_seq((_seq(_first(lane, "received", 1)), client) for client, lane in handlers.items())
    serving = _in_turn(lane for lane in lanes if lane.side != CLIENT)  # handlers held in a server's order
    reply_waits, held_reply, replies_held = _reply_waits(heard, sent, handlers, serving)
    ok_clients = (lane.client for lane in heard if lane.client in answered and not lane.errors)
    erred = sum(1 for client in ok_clients if client in handlers and _erred(handlers[client]))
    unanswered = set(sent) - answered - stopped
    return RunSummary(
        clients,
        ok,
        clients - ok - len(stopped) - unstarted,
        peak_concurrency(heard),
        round(last - first, 6),
        granted,
        asked,
        overtakes(asked, granted),
        round(sum(waits) / len(waits), 6) if waits else 0.0,
        round(percentile(waits, 95), 6),
        launched.get("order"),
        launched.get("hold"),
        run,
        numbers,
        _by_seq((lane.opened_seq, lane.client) for lane in mine),
        _by_seq((_seq(received.get(lane.client)), lane.client) for lane in heard),
        _by_seq((lane.closed_seq, lane.client) for lane in mine if lane.client not in stopped | refused),
        accepted,
        served,
        [handlers[i].client if i in handlers else None for i in numbers] if handlers else None,
        round(sum(reply_waits) / len(reply_waits), 6) if reply_waits else None,
        round(percentile(reply_waits, 95), 6) if reply_waits else None,
        len(set(asked) - set(granted) - stopped),
        len(unanswered),
        sum(1 for lane in mine if lane.client in unanswered for e in lane.errors if _timed_out(e)),
        round(held_reply, 6),
        round(held_turn, 6),
        len(stopped) + unstarted,
        round(_covered(_holds(mine, handlers), first, last), 6),  # the run's own span, as makespan's
        _stepped(launched.get("stepped"), [*mine, *handlers.values()]),
        turns_held,
        replies_held,
        len({lane.client for lane in heard if lane.client in answered} & stopped),
        erred,
        len(refused),
        len(cut_waits),
        round(sum(wait for wait, _ in cut_waits) / len(cut_waits), 6) if cut_waits else None,
        round(sum(held for _, held in cut_waits) / len(cut_waits), 6) if cut_waits else 0.0,
        len(stopped & set(granted)),
    )


def _stepped(launched: str | None, lanes: list[Lane]) -> str | None:
    """Who stepped the run: a schedule, as launched; by hand only where the user picked a step
    of one of ``lanes``; else nobody (None)."""
    if launched == "hand" and not any(lane.picked_by_you for lane in lanes):
        return None
    return launched


def _erred(handler: Lane) -> bool:
    """Whether ``handler`` reported an error of its own (a bad request, a failed call), not a
    stop: its client may still have got a reply, the server's error text."""
    return any(error.text not in STOPS for error in handler.errors)


def _firsts(lanes: list[Lane]) -> tuple[dict[int, Event], dict[int, Event]]:
    """Each lane's first ``sent`` and first ``received`` message, by its client number: one
    look at each message, where :func:`_first` per lane and kind made four."""
    sent: dict[int, Event] = {}
    received: dict[int, Event] = {}
    for lane in lanes:
        client = lane.client
        for event in lane.messages:
            kind = event.kind
            if kind == "sent":
                if client not in sent:
                    sent[client] = event
            elif kind == "received" and client not in received:
                received[client] = event
    return sent, received


def _first(lane: Lane, kind: str, least: int = 0) -> Event | None:
    """``lane``'s first message of ``kind`` carrying at least ``least`` bytes; None for none."""
    return next((e for e in lane.messages if e.kind == kind and (e.bytes or 0) >= least), None)


def _seq(event: Event | None) -> int | None:
    """``event``'s ``seq``; None for no event."""
    return event.seq if event is not None else None


def _by_seq(pairs: Iterable[tuple[int | None, int]]) -> list[int]:
    """The client numbers of ``(seq, client)`` pairs in ``seq`` order, those with no seq left out."""
    known = [(seq, client) for seq, client in pairs if seq is not None]
    return [client for _, client in sorted(known)]


def _timed_out(error: Event) -> bool:
    """Whether a client's ``error`` says its own timeout ended the wait for the reply."""
    return (error.text or "").startswith(REPLY_TIMEOUT)


def _turn_waits(lanes: list[Lane], holding: list[tuple[float, float]]) -> tuple[list[float], float, int]:
    """Each client's wait for its turn, less the time step mode held a client that had its turn
    meanwhile (``holding``, :func:`_in_turn`'s spans: the user's hand kept the turn); that held
    time, summed over the clients; and how many clients' waits it fell in."""
    waits, held_in_all, clients_held = [], 0.0, 0
    for lane in lanes:
        if lane.requested is not None and lane.granted is not None:
            held = _covered(holding, lane.requested, lane.granted)
            held_in_all += held
            clients_held += held > 0
            waits.append(lane.granted - lane.requested - held)
    return waits, held_in_all, clients_held


def _stopped_waits(
    lanes: list[Lane], stopped: set[int], holding: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    """For each client of ``stopped`` that asked for a turn and was not granted it, ``(wait,
    held)``: seconds it had waited when the stop came (its stop's ``error``, else its lane's end),
    and how many of them step mode held a client that had its turn (``holding``, as
    :func:`_turn_waits`)."""
    waits = []
    for lane in lanes:
        if lane.client in stopped and lane.requested is not None and lane.granted is None:
            last = lane.segments[-1].end if lane.segments else lane.requested
            end = lane.errors[0].t if lane.errors else last
            waits.append((end - lane.requested, _covered(holding, lane.requested, end)))
    return waits


def _holds(clients: list[Lane], handlers: dict[int, Lane]) -> list[tuple[float, float]]:
    """The spans step mode held a thread of the run: its ``clients`` or their ``handlers``."""
    return [span for lane in [*clients, *handlers.values()] for span in lane.held]


def _in_turn(lanes: Iterable[Lane]) -> list[tuple[float, float]]:
    """The spans step mode held each of ``lanes`` while it had its turn (granted, not released)."""
    spans = []
    for lane in lanes:
        if lane.held and lane.granted is not None:
            end = math.inf if lane.released is None else lane.released
            spans += [(max(low, lane.granted), min(high, end)) for low, high in lane.held]
    return [(low, high) for low, high in spans if high > low]


def _reply_waits(
    lanes: list[Lane],
    first_sent: dict[int, Event],
    handlers: dict[int, Lane],
    serving: list[tuple[float, float]],
) -> tuple[list[float], float, int]:
    """Seconds from each client's first ``sent`` (``first_sent``, by client number) to the first
    ``received`` after it, in the order the replies came, less the time step mode held the
    client, its handler (the ``handlers`` lane of its number) or a handler in its turn
    (``serving``) meanwhile; that held time, summed over the clients; and how many clients' waits
    it fell in."""
    waits, held_in_all, clients_held = [], 0.0, 0
    for lane in lanes:
        sent = first_sent.get(lane.client)
        if sent is not None:
            received = next((e for e in lane.messages if e.kind == "received" and e.seq > sent.seq), None)
            if received is not None:
                handler = handlers.get(lane.client)
                spans = [*lane.held, *(handler.held if handler is not None else ()), *serving]
                held = _covered(spans, sent.t, received.t)
                held_in_all += held
                clients_held += held > 0
                waits.append((received.seq, received.t - sent.t - held))
    return [wait for _, wait in sorted(waits)], held_in_all, clients_held


def _covered(spans: Iterable[tuple[float, float]], start: float, end: float) -> float:
    """Seconds from ``start`` to ``end`` inside at least one of ``spans`` (each ``(low, high)``)."""
    covered, reach = 0.0, start
    for low, high in sorted(spans):
        low, high = max(low, reach), min(high, end)
        if high > low:
            covered += high - low
            reach = high
    return covered
