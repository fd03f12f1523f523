"""Timelines: what each client and each server handler was doing, and when, from events alone.

A *lane* is one client of one run (side ``client``, the run, its launch number) or one server
handler (side ``server``, run None, its accept number). A lane's segments follow each other
without gaps, each in one state:

- ``waiting``: asked for its turn and not granted it yet
- ``inside``: in its section but not talking (connecting, closing)
- ``sending``: a client between ``connected`` and ``sent``; a handler between ``received`` and
  ``replied`` (its reply delay included)
- ``receiving``: blocked in recv: a client awaiting its reply, a handler awaiting data
- ``connected``: the connection open and idle: a client holding, a handler before its turn

A handler of a server in ``free`` order (its ``listening`` event says so) is receiving from its
``accepted`` on, since it asks for no turn; without that event a handler is taken to ask for one.

:class:`Timeline` keeps lanes up to date from event batches (a reader feeds it what it
drains); :func:`build_lanes` does the same for a finished list. The other functions are the
interval maths the run summary (:func:`server_core.summary.summarize_run`) is built from.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from .events import CLIENT, CLIENT_STOPS, SERVER, STOPS, Event

WAITING = "waiting"
INSIDE = "inside"
SENDING = "sending"
RECEIVING = "receiving"
CONNECTED = "connected"
STATES = (WAITING, INSIDE, SENDING, RECEIVING, CONNECTED)
HELD = "held"  # drawn over the states: step mode held the thread (its ``held`` to its ``picked``)
NO_WAIT = 0.001  # seconds: a turn granted faster than this was not waited for (never drawn as a wait)
MESSAGE_KINDS = frozenset({"sent", "received", "replied"})
_TURN_KINDS = frozenset(
    {"connecting", "connected", "accepted", "waiting", "entered", "left", "disconnected", "error"}
)
_STEP_KINDS = frozenset({"held", "picked"})  # step mode's: a thread held by the user, then let go

# the state each kind of event puts a lane in; None ends the lane
_NEXT_STATE: dict[str, dict[str, str | None]] = {
    CLIENT: {
        "waiting": WAITING,
        "entered": INSIDE,
        "connecting": INSIDE,  # where no turn is granted (free), the lane starts here
        "connected": SENDING,
        "sent": RECEIVING,
        "received": CONNECTED,
        "disconnected": INSIDE,
        "left": None,
    },
    SERVER: {
        "accepted": CONNECTED,
        "waiting": WAITING,
        "entered": RECEIVING,
        "received": SENDING,
        "replied": RECEIVING,
        "disconnected": INSIDE,
        "left": None,
    },
}

# a handler of a server in free order asks for no turn: it goes straight to recv once accepted
_FREE_SERVER = {**_NEXT_STATE[SERVER], "accepted": RECEIVING}

LaneKey = tuple[str, int | None, int]


class Segment(NamedTuple):
    """``state`` from ``start`` to ``end`` (seconds on the bus clock).

    A named tuple: it is built from the plain ``(state, start, end)`` tuples a lane under
    construction keeps (see ``_Track``).
    """

    state: str
    start: float
    end: float

    @property
    def duration(self) -> float:
        return self.end - self.start


class Lane(NamedTuple):
    """One client's or one handler's life as segments, with its turn and its messages.

    ``requested``/``granted``/``released`` time its turn (``waiting``/``entered``/``left``; where
    nobody asks for a turn, the request is the grant); ``request_seq``/``grant_seq`` order turns
    across lanes. ``local``/``peer`` are the connection's ends. ``messages`` are its ``sent``,
    ``received`` and ``replied`` events; ``errors`` its ``error`` events.
    ``held`` are the spans ``(start, end)`` step mode held its thread, from a ``held`` event to
    its ``picked`` (one still held ends at the snapshot): time the user's hand, not the network
    or the server, took; ``picked_by_you``: the user picked a step of it (a ``picked`` ``by``
    ``you``), where a ``g`` or a stop letting it go picked none.
    The ``seq`` of its connection's steps order connections across lanes (None until seen):
    ``connecting_seq`` a client's latest ``connecting``, ``opened_seq`` its first ``connected``
    or a handler's latest ``accepted``, ``closed_seq`` its first ``disconnected``.
    ``finished`` is False while the lane is still open (its last segment ends at the snapshot).
    ``thread`` is the name of a handler's thread (``handler-7``), from its ``disconnected``
    event (None before it, and for a client): a reused thread serves several lanes.
    ``cut`` is when the stop of its run ended a client lane that had no stop error of its own (one
    still waiting for a turn the stop kept from it): seconds on the bus clock, None for the rest.
    """

    side: str
    run: int | None
    client: int
    segments: tuple[Segment, ...]
    requested: float | None = None
    granted: float | None = None
    released: float | None = None
    request_seq: int | None = None
    grant_seq: int | None = None
    local: str | None = None
    peer: str | None = None
    connecting_seq: int | None = None
    opened_seq: int | None = None
    closed_seq: int | None = None
    messages: tuple[Event, ...] = ()
    errors: tuple[Event, ...] = ()
    finished: bool = False
    held: tuple[tuple[float, float], ...] = ()
    picked_by_you: bool = False
    thread: str | None = None
    cut: float | None = None

    @property
    def key(self) -> LaneKey:
        return (self.side, self.run, self.client)

    @property
    def wait(self) -> float | None:
        """Seconds between asking for the turn and getting it; None if never granted."""
        if self.requested is None or self.granted is None:
            return None
        return self.granted - self.requested

    def time_in(self, state: str) -> float:
        """Total seconds spent in ``state``."""
        return sum(s.duration for s in self.segments if s.state == state)


class _Track:
    """A lane under construction: its turn and ends so far, its segments so far.

    The lane's fields are kept in plain attributes and a dict, and a :class:`Lane` is built only
    for a snapshot: the app feeds every event through here as it arrives. Segments are kept as
    plain tuples, which the garbage collector stops scanning (a timeline holds several for every
    connection seen); a snapshot makes them :class:`Segment`s.
    """

    __slots__ = (
        "client",
        "errors",
        "finished",
        "held",
        "held_since",
        "messages",
        "run",
        "segments",
        "side",
        "since",
        "state",
        "transitions",
        "turn",
    )

    def __init__(self, side: str, run: int | None, client: int, free_server: bool = False) -> None:
        self.side, self.run, self.client = side, run, client
        self.transitions = _FREE_SERVER if free_server else _NEXT_STATE[side]
        self.turn: dict[str, Any] = {}  # Lane fields known so far: requested, granted, local, ...
        self.finished = False
        self.segments: list[tuple[str, float, float]] = []
        self.messages: list[Event] = []
        self.errors: tuple[Event, ...] = ()  # most lanes have none
        self.held: tuple[tuple[float, float], ...] = ()  # step mode's holds: most lanes have none
        self.held_since: float | None = None  # held by step mode since then, not picked yet
        self.state: str | None = None
        self.since = 0.0

    def apply(self, event: Event) -> None:
        kind = event.kind
        if kind in _TURN_KINDS:
            self._note_turn(kind, event)
        elif kind in MESSAGE_KINDS and not (event.extra and event.extra.get("tail")):
            self.messages.append(event)  # a tail completes the message before it
        elif kind in _STEP_KINDS:
            self._note_hold(kind, event)
        if self.finished:
            return
        if kind not in self.transitions:
            if kind != "error" or not self._ended_by_error():
                return
            state = None  # gave up waiting for its turn, or a client that never connected failed
        elif kind == "disconnected" and self.turn.get("granted") is None:
            state = None  # closed before its turn ever came
        else:
            state = self.transitions[kind]
        t = event.t
        if state == self.state and state is not None:
            return
        if self.state is not None and t > self.since:
            self.segments.append((self.state, self.since, t))
        self.state, self.since = state, t
        if state is None:
            self.finished = True

    def cut(self, t: float) -> None:
        """End the lane, still open when the stop of its run ended the run, at ``t`` (seconds on
        the bus clock, the stop's; its open segment and hold end there too)."""
        t = max(t, self.since)
        if self.state is not None and t > self.since:
            self.segments.append((self.state, self.since, t))
        if self.held_since is not None:
            self.held += ((self.held_since, max(t, self.held_since)),)
            self.held_since = None
        self.state, self.since, self.finished = None, t, True
        self.turn["cut"] = t

    def _note_hold(self, kind: str, event: Event) -> None:
        """A ``held`` starts a hold, its ``picked`` ends it (a step a schedule let go unheld has a
        ``picked`` alone); a ``picked`` ``by`` ``you`` marks the lane picked by the user."""
        t = event.t
        if kind == "held":
            self.held_since = t
            return
        if event.extra and event.extra.get("by") == "you":
            self.turn["picked_by_you"] = True
        if self.held_since is not None:
            self.held += ((self.held_since, t),)
            self.held_since = None

    def _ended_by_error(self) -> bool:
        """Whether an ``error`` now ends the lane: one still waiting for its turn gives up, and a
        client that never connected (its connect failed) has no connection to close: neither
        has a ``disconnected`` to come, nor, in free order, a ``left``."""
        return self.state == WAITING or (self.side == CLIENT and "local" not in self.turn)

    def _note_turn(self, kind: str, event: Event) -> None:
        """The lane's ends, its turn, its connection's steps or its errors, from one of the
        ``_TURN_KINDS``."""
        turn = self.turn
        if kind == "connected":
            turn["local"], turn["peer"] = event.local, event.peer
            turn.setdefault("opened_seq", event.seq)
        elif kind == "accepted":
            turn["local"], turn["peer"], turn["opened_seq"] = event.local, event.peer, event.seq
        elif kind == "connecting":
            turn["connecting_seq"] = event.seq
        elif kind == "disconnected":
            turn.setdefault("closed_seq", event.seq)
            if event.extra and (thread := event.extra.get("thread")) is not None:
                turn["thread"] = str(thread)
        elif kind == "waiting":
            turn["requested"], turn["request_seq"] = event.t, event.seq
        elif kind == "entered":
            turn["granted"], turn["grant_seq"] = event.t, event.seq
            if turn.get("request_seq") is None:  # nobody asks in sequential order: the grant is the request
                turn["requested"], turn["request_seq"] = event.t, event.seq
        elif kind == "left":
            turn["released"] = event.t
        else:
            self.errors += (event,)

    def snapshot(self, until: float | None) -> Lane:
        """The lane so far; its open segment ends at ``until`` (None: left out)."""
        segments = [Segment(*segment) for segment in self.segments]
        if self.state is not None and until is not None and until > self.since:
            segments.append(Segment(self.state, self.since, until))
        held = self.held
        if self.held_since is not None and until is not None and until > self.held_since:
            held += ((self.held_since, until),)
        return Lane(
            self.side,
            self.run,
            self.client,
            tuple(segments),
            messages=tuple(self.messages),
            errors=self.errors,
            finished=self.finished,
            held=held,
            **self.turn,
        )


class Timeline:
    """Lanes kept up to date from event batches, fed in ``seq`` order.

    ``feed`` costs time in proportion to the batch, not to the history; ``lanes`` takes a
    snapshot in which open segments end at ``until`` (default: the latest event seen).
    With ``max_lanes``, the oldest finished lanes are forgotten once there are about that many,
    so a long session's memory stays bounded; open lanes are always kept. A run is summarized
    when its ``finished`` event is fed (:func:`server_core.summary.summarize_run`): its lanes are
    all there unless more than ``max_lanes`` lanes opened from its first connection to its end;
    then its forgotten clients count as not ok and are left out of its orders, its forgotten
    handlers out of its accept and served orders.

    Besides lanes: ``launches`` maps a run to its ``launched`` event, ``run_ends`` to the time of
    its latest client event, ``spans`` to the first and latest time of its client-side events
    (its ``finished`` left out), ``finished`` lists runs as they end, ``finished_at`` maps a run to
    the time of its ``finished`` event, ``stopped`` the runs whose ``finished`` event says a stop
    ended them (``stopped``: true): such a ``finished`` ends each lane of the run still open (one
    waiting for the turn the stop kept from it) at the stop, the time of the run's first error a
    stop made (of the ``finished`` without one), ``server_seq`` is the
    ``seq`` of the latest server-side event (None before any).
    """

    def __init__(self, max_lanes: int | None = None) -> None:
        self.max_lanes = max_lanes
        self._tracks: dict[LaneKey, _Track] = {}
        self.latest = 0.0
        self.launches: dict[int, Event] = {}  # run number -> its ``launched`` event (its settings)
        self.run_ends: dict[int, float] = {}  # run number -> the time of its latest client event
        self.spans: dict[int, list[float]] = {}  # run number -> [first, latest] t of its client-side events
        self.server_seq: int | None = None  # the seq of the latest server-side event
        self.finished: list[int] = []  # run numbers in the order of their ``finished`` events
        self.finished_at: dict[int, float] = {}  # run number -> the t of its ``finished`` event
        self.stopped: set[int] = set()  # runs whose ``finished`` says a stop ended them
        self._stops: dict[int, float] = {}  # run number -> the t of its first error a stop made
        self._free_server = False  # the latest ``listening`` server grants no turns (free order)
        self.exhibit: list[Event] | None = None  # an exhibit's events from its ``exhibit`` event on

    def feed(self, events: Iterable[Event]) -> None:
        """Apply ``events`` (in ``seq`` order) to the lanes of their client or handler.

        The lane of an event is ``(side, run, client)``, run None for a handler; events of no
        single client or handler (no ``client``, or another side) belong to no lane. From an
        ``exhibit`` event on, every event is also kept in ``exhibit``: an exhibit's handlers wait
        for locks while they converse, which its own lanes show (``server_core.exhibits.spans``).
        """
        tracks = self._tracks
        latest = self.latest
        exhibit = self.exhibit
        for event in events:
            if event.t > latest:
                latest = event.t
            if event.kind == "exhibit":  # its handlers wait for and hold locks: drawn from these
                exhibit = self.exhibit = []
            if exhibit is not None:
                exhibit.append(event)
            if event.kind == "launched":
                self.launches[(event.extra or {}).get("run", 0)] = event
            elif event.kind == "listening":
                self._free_server = (event.extra or {}).get("order") == "free"
            elif event.kind == "finished":
                run = (event.extra or {}).get("run", 0)
                self.finished.append(run)
                self.finished_at.setdefault(run, event.t)
                if (event.extra or {}).get("stopped"):
                    self.stopped.add(run)
                    self._cut(run, self._stops.get(run, event.t))
            client, side = event.client, event.side
            if side == SERVER:
                self.server_seq = event.seq
                if client is None:
                    continue
                key: LaneKey = (SERVER, None, client)
            elif side == CLIENT:
                run = event.run
                if run is not None and event.kind != "finished":  # the launcher's, after its clients
                    span = self.spans.get(run)
                    if span is None:
                        self.spans[run] = [event.t, event.t]
                    else:
                        span[1] = event.t
                if client is None:
                    continue
                key = (CLIENT, run, client)
                if run is not None:
                    self.run_ends[run] = event.t
                    if event.kind == "error" and event.text in CLIENT_STOPS:
                        self._stops.setdefault(run, event.t)
            else:
                continue
            track = tracks.get(key)
            if track is None:
                track = tracks[key] = _Track(*key, free_server=side == SERVER and self._free_server)
                if self.max_lanes and len(tracks) > self.max_lanes * 1.1:
                    self._forget_oldest()
            track.apply(event)
        self.latest = latest

    def _cut(self, run: int, t: float) -> None:
        """End every client lane of ``run`` still open at ``t``, the time of its stop."""
        for (side, lane_run, _), track in self._tracks.items():
            if side == CLIENT and lane_run == run and not track.finished:
                track.cut(t)

    def _forget_oldest(self) -> None:
        """Drop the oldest finished lanes down to ``max_lanes`` (lanes are kept in creation order)."""
        excess = len(self._tracks) - (self.max_lanes or 0)
        stale: list[tuple] = []
        for key, track in self._tracks.items():
            if len(stale) == excess:
                break
            if track.finished:
                stale.append(key)
        for key in stale:
            del self._tracks[key]

    def lanes(self, until: float | None = None, where: Callable[[LaneKey], bool] | None = None) -> list[Lane]:
        """Every lane (those whose key ``where`` accepts), clients before handlers, by run and number."""
        return self._snapshots([k for k in self._tracks if where is None or where(k)], until)

    def run_lanes(self, run: int) -> list[Lane]:
        """The lanes a summary of ``run`` reads: its client lanes, then the handler lanes accepted
        after its ``launched`` event (every handler's when it had none), as :meth:`lanes`. Costs
        a look at each lane kept, a snapshot only of those."""
        launch = self.launches.get(run)
        since = launch.seq if launch is not None else 0
        keys = [
            key
            for key, track in self._tracks.items()
            if (key[1] == run if key[0] == CLIENT else track.turn.get("opened_seq", 0) > since)
        ]
        return self._snapshots(keys, None)

    def _snapshots(self, keys: list[LaneKey], until: float | None) -> list[Lane]:
        """The lanes of ``keys``, clients before handlers, by run and number; open segments end
        at ``until`` (default: the latest event seen)."""
        end = self.latest if until is None else until
        keys.sort(key=lambda k: (k[0] != CLIENT, k[1] or 0, k[2]))
        return [self._tracks[k].snapshot(end) for k in keys]


    def pop_finished(self) -> list[Lane]:
        """The lanes that ended since the last call, forgotten here: a reader that writes lanes
        as they end (a trace export) holds only the open ones."""
        done = [key for key, track in self._tracks.items() if track.finished]
        return [self._tracks.pop(key).snapshot(self.latest) for key in done]

    def take_closed(self) -> list[Lane]:
        """For each open lane with something new: a lane of the segments that ended, and of the
        messages, errors and holds seen, since the last call; those are forgotten here, the open
        segment, the turn and an open hold stay. With :meth:`pop_finished`, a reader writing lanes as they go
        holds only what is still open."""
        taken = []
        for track in self._tracks.values():
            if track.segments or track.messages or track.errors or track.held:
                taken.append(track.snapshot(None))
                track.segments, track.messages, track.errors, track.held = [], [], (), ()
        return taken


def build_lanes(events: Iterable[Event], until: float | None = None) -> list[Lane]:
    """The lanes of a list of events (see :class:`Timeline`)."""
    timeline = Timeline()
    timeline.feed(sorted(events, key=lambda e: e.seq))
    return timeline.lanes(until)


def failures(lane: Lane) -> list[Event]:
    """``lane``'s errors a picture marks: those a stop of its run (the user's doing) did not cause."""
    return [error for error in lane.errors if error.text not in CLIENT_STOPS]


def stopped_at(lane: Lane) -> float | None:
    """When a stop (the user's ``k`` or ``x``, a signal, quitting) cut ``lane`` short: the time
    (seconds on the bus clock) of its first error a stop made (:data:`~server_core.events.STOPS`);
    or, for a lane the stop of its run ended with no error of its own (see :attr:`Lane.cut`), that
    stop's time; None for a lane no stop reached."""
    return next((error.t for error in lane.errors if error.text in STOPS), lane.cut)


def drawn(lane: Lane) -> list[Segment]:
    """``lane``'s segments as a picture shows them: where step mode held its thread, a
    :data:`HELD` segment instead of the state it was held in (before its first segment too: a
    client held before its connect); in time order."""
    if not lane.held:
        return list(lane.segments)
    holds = sorted(lane.held)
    pieces = [Segment(HELD, low, high) for low, high in holds]
    for segment in lane.segments:
        start = segment.start
        for low, high in holds:
            if high <= start or low >= segment.end:
                continue
            if low > start:
                pieces.append(Segment(segment.state, start, low))
            start = max(start, high)
        if start < segment.end:
            pieces.append(Segment(segment.state, start, segment.end))
    return sorted(pieces, key=lambda piece: piece.start)


def lane_end(lane: Lane) -> float | None:
    """When a picture of ``lane`` ends (seconds on the bus clock): the end of its last segment or
    of its last hold, whichever is later (a client held before its connect and then stopped has
    holds alone); None for a lane with neither."""
    return max((piece.end for piece in drawn(lane)), default=None)


def sample(lane: Lane, start: float, end: float, width: int) -> list[str | None]:
    """``lane`` drawn in ``width`` equal columns from ``start`` to ``end``: each column's state
    is the one the lane spent most of that column in, :data:`HELD` where step mode held it (see
    :func:`drawn`; None where the lane did not exist). A turn granted within :data:`NO_WAIT`
    is no wait: it is not drawn (the verdict says nobody waited; a wide column held only
    its microseconds and drew them as one)."""
    span = max(end - start, 1e-9) / width
    cover: list[dict[str, float]] = [{} for _ in range(width)]
    for segment in drawn(lane):
        if segment.state == WAITING and segment.end - segment.start < NO_WAIT:
            continue
        first = max(0, int((segment.start - start) / span))
        last = min(width - 1, int((segment.end - start) / span))
        for column in range(first, last + 1):
            low = max(segment.start, start + column * span)
            high = min(segment.end, start + (column + 1) * span)
            if high > low:
                cover[column][segment.state] = cover[column].get(segment.state, 0.0) + high - low
    return [max(c, key=c.__getitem__) if c else None for c in cover]


# the marks of events that share a column, the first wins: a hold (the user's hand), a message
# sent, a wait for a turn, then the quieter states (a client's connect and close come last)
MARK_ORDER = (HELD, SENDING, WAITING, RECEIVING, CONNECTED, INSIDE)


def picture(lane: Lane, start: float, end: float, width: int) -> list[str | None]:
    """``lane`` drawn as :func:`sample` draws it, with each event's mark: the column that holds
    the instant a drawn segment starts (the event that put the lane in its state) shows that
    state, however little of the column it fills, so a reply of microseconds is never outweighed
    by the wait around it at any zoom. Where several segments start in one column, the first
    of :data:`MARK_ORDER` wins; a wait shorter than :data:`NO_WAIT` is no event to mark."""
    states = sample(lane, start, end, width)
    marks: dict[int, str] = {}
    for segment in drawn(lane):
        if segment.state == WAITING and segment.end - segment.start < NO_WAIT:
            continue
        column = column_of(segment.start, start, end, width)
        if column is None:
            continue
        shown = marks.get(column)
        if shown is None or MARK_ORDER.index(segment.state) < MARK_ORDER.index(shown):
            marks[column] = segment.state
    for column, state in marks.items():
        states[column] = state
    return states


def column_of(t: float, start: float, end: float, width: int) -> int | None:
    """The column of ``width`` equal columns from ``start`` to ``end`` that holds time ``t``
    (None outside)."""
    if not start <= t <= end:
        return None
    return min(width - 1, int((t - start) / max(end - start, 1e-9) * width))


def peak_concurrency(lanes: Iterable[Lane]) -> int:
    """The most of ``lanes`` whose connection was open at once (from its ``opened_seq`` to its
    ``closed_seq``), counted in ``seq`` order."""
    steps = sorted(
        [(lane.opened_seq, 1) for lane in lanes if lane.opened_seq is not None]
        + [(lane.closed_seq, -1) for lane in lanes if lane.closed_seq is not None]
    )
    inside = peak = 0
    for _, step in steps:
        inside += step
        peak = max(peak, inside)
    return peak


def percentile(values: Sequence[float], q: float) -> float:
    """The nearest-rank ``q``-th percentile (0 < q <= 100); 0.0 for no values."""
    if not values:
        return 0.0
    ranked = sorted(values)
    return ranked[max(0, math.ceil(q / 100 * len(ranked)) - 1)]


def overtakes(requested: Sequence[int], granted: Sequence[int]) -> int:
    """How many grants went to a thread while one that asked earlier was still waiting."""
    pending = list(requested)
    done: set[int] = set()
    first = count = 0
    for who in granted:
        while first < len(pending) and pending[first] in done:
            first += 1
        if first < len(pending) and pending[first] != who:
            count += 1
        done.add(who)
    return count


def request_order(lanes: Iterable[Lane]) -> list[int]:
    """Client numbers in the order they asked for their turn."""
    asked = [lane for lane in lanes if lane.request_seq is not None]
    return [lane.client for lane in sorted(asked, key=lambda lane: lane.request_seq or 0)]


def grant_order(lanes: Iterable[Lane]) -> list[int]:
    """Client numbers in the order they were granted their turn."""
    granted = [lane for lane in lanes if lane.grant_seq is not None]
    return [lane.client for lane in sorted(granted, key=lambda lane: lane.grant_seq or 0)]
