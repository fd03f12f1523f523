"""The one event type of tcp-lab and the bus that carries events from network threads to readers.

Every step a server handler or a client takes becomes an :class:`Event`. Network threads call
:meth:`EventBus.emit`, which never waits for a reader: it numbers the event and appends it to
the history. Readers (the command line, the app) call :meth:`EventBus.drain` on their own
schedule and get everything new as one batch. The history's older part waits in a temporary
file, so memory stays bounded however long a server runs.
"""

from __future__ import annotations

import collections
import functools
import itertools
import operator
import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, NamedTuple, Protocol, cast

from .spool import RECORD, Spool

SERVER = "server"
CLIENT = "client"
T_DIGITS = 6  # decimals of an event's t: to the microsecond, as stamped and as written to a file
_TICKS = 10.0**T_DIGITS  # ticks of t in a second
KEEP = 20_000  # events an EventBus holds in memory before the older ones go to its spool file (see EventBus)
# The texts of an ``error`` that a stop made (``k``, ``x``, a signal, quitting), not a failure: a
# client's when its run was stopped, a handler's when its server was stopped before its reply.
CLIENT_STOPS = frozenset({"stopped", "stopped before its turn"})
STOPS = CLIENT_STOPS | {"stopped before replying"}


class Kind:
    """The event kinds, as plain ``str`` constants (an event's ``kind`` stays a plain string)."""

    LISTENING = "listening"  # the server bound and listens
    STOPPED = "stopped"  # the server closed its listening socket
    NOBODY_WAITING = "nobody_waiting"  # a polling accept found no connection waiting
    ACCEPTED = "accepted"  # the server took a connection; a handler serves it
    REFUSED = "refused"  # the server closed a connection it would not serve
    LAUNCHED = "launched"  # a client run began
    FINISHED = "finished"  # a client run ended: its launcher's last event (stopped: True when stopped)
    CONNECTING = "connecting"
    CONNECTED = "connected"
    SENT = "sent"
    RECEIVED = "received"
    REPLIED = "replied"
    DISCONNECTED = "disconnected"
    WAITING = "waiting"  # asks for a turn (ordering modes)
    ENTERED = "entered"  # got its turn
    LEFT = "left"  # gave its turn back
    ERROR = "error"
    EXHIBIT = "exhibit"  # an exhibit began (server_core.exhibits)
    OUTCOME = "outcome"  # an exhibit ended: what it showed, against its prediction
    READ = "read"
    WROTE = "wrote"
    ACQUIRING = "acquiring"
    ACQUIRED = "acquired"
    RELEASED = "released"
    GAVE_UP = "gave_up"
    DEADLOCK = "deadlock"
    HELD = "held"  # step mode (server_core.stepping): a thread waits before a step
    PICKED = "picked"  # step mode: a held thread was let go
    STUCK = "stuck"  # step mode: the schedule cannot be followed


_NONE: frozenset[str] = frozenset()
_RUN = frozenset({"run"})
_LOCK = frozenset({"lock", "thread"})
_STEP = frozenset({"step", "position"})

EXTRAS: dict[tuple[str, str], frozenset[str]] = {
    # (side, kind): the extra fields an event of that side and kind may carry. The one table of
    # kinds: a new kind or extra is added here (a test runs the engine and checks every extra).
    (SERVER, Kind.LISTENING): frozenset({"wall", "order", "options", "backlog", "accept", "threads"})
    | {"fd_limit"},
    (SERVER, Kind.STOPPED): _NONE,
    (SERVER, Kind.NOBODY_WAITING): frozenset({"accept", "count"}),
    (SERVER, Kind.ACCEPTED): frozenset({"options"}),
    (SERVER, Kind.REFUSED): _NONE,
    # a chunk cut inside a character: its bytes that began it (carried), the start it leaves
    # (unfinished); tail: the end of a character the peer cut by closing
    (SERVER, Kind.RECEIVED): frozenset({"tail", "carried", "unfinished"}),
    (SERVER, Kind.REPLIED): _NONE,
    (SERVER, Kind.DISCONNECTED): frozenset({"thread"}),
    (SERVER, Kind.WAITING): _NONE,
    (SERVER, Kind.ENTERED): _NONE,
    (SERVER, Kind.LEFT): _NONE,
    (SERVER, Kind.ERROR): frozenset({"lost"}),  # lost: events the history could not keep (EventBus.lost)
    (SERVER, Kind.EXHIBIT): frozenset({"name", "variant", "n"}),
    (SERVER, Kind.OUTCOME): frozenset({"name", "variant", "n", "given", "observed", "as_predicted"}),
    (SERVER, Kind.READ): frozenset({"resource", "value", "thread"}),
    (SERVER, Kind.WROTE): frozenset({"resource", "value", "thread"}),
    (SERVER, Kind.ACQUIRING): _LOCK | {"holder"},
    (SERVER, Kind.ACQUIRED): _LOCK,
    (SERVER, Kind.RELEASED): _LOCK,
    (SERVER, Kind.GAVE_UP): _LOCK | {"holder", "waited"},
    (SERVER, Kind.DEADLOCK): frozenset({"cycle", "locks"}),
    (SERVER, Kind.HELD): _STEP,
    (SERVER, Kind.PICKED): _STEP | {"by"},
    (CLIENT, Kind.LAUNCHED): _RUN | {"order", "n", "hold", "wall", "stepped"},
    (CLIENT, Kind.FINISHED): _RUN | {"stopped"},
    (CLIENT, Kind.CONNECTING): _RUN,
    (CLIENT, Kind.CONNECTED): _RUN | {"options"},
    (CLIENT, Kind.SENT): _RUN,
    (CLIENT, Kind.RECEIVED): _RUN,
    (CLIENT, Kind.DISCONNECTED): _RUN | {"unread"},
    (CLIENT, Kind.WAITING): _RUN,
    (CLIENT, Kind.ENTERED): _RUN,
    (CLIENT, Kind.LEFT): _RUN,
    (CLIENT, Kind.ERROR): _RUN | {"refused"},
    (CLIENT, Kind.HELD): _RUN | _STEP,
    (CLIENT, Kind.PICKED): _RUN | _STEP | {"by"},
    (CLIENT, Kind.STUCK): _RUN | _STEP | {"of", "cause", "started", "stall", "threads"},
}
SERVER_KINDS = frozenset(kind for side, kind in EXTRAS if side == SERVER)
CLIENT_KINDS = frozenset(kind for side, kind in EXTRAS if side == CLIENT)
ALL_EXTRAS = frozenset().union(*EXTRAS.values())


class Event(NamedTuple):
    """One step on one side of a connection; immutable.

    ``seq`` is 1-based and gapless per bus; ``t`` is seconds since the bus started (monotonic),
    to the microsecond (:data:`T_DIGITS`): what an export writes, so a recording read back gives
    every view the same numbers the live app computed.
    ``client`` is the server's accept number or the client's launch number. ``local`` and ``peer``
    are ``ip:port`` strings of this end and the other end. ``text`` holds decoded text exactly as
    it travelled (invalid UTF-8 as ``\\xNN`` escapes); ``bytes`` counts the raw bytes.
    ``extra`` holds kind-specific fields (``run``, ``options``, ...) that appear in JSON as
    top-level keys; :data:`EXTRAS` is the table of which side and kind carries which (listed at
    the end of this docstring). ``run`` is the client run's number (:attr:`run`).

    A named tuple rather than a frozen dataclass: a reader gets one per step, built from the
    bus's row of its fields, and a tuple is built in half the time (measured in bench/, see
    docs/PERFORMANCE.md).
    """

    seq: int
    t: float
    side: str
    kind: str
    client: int | None = None
    local: str | None = None
    peer: str | None = None
    text: str | None = None
    bytes: int | None = None
    extra: dict[str, Any] | None = None

    @property
    def run(self) -> int | None:
        """The client run this event belongs to (its ``run`` extra); None for none."""
        extra = self.extra
        return extra.get("run") if extra else None

    def to_dict(self) -> dict[str, Any]:
        """The event as a flat JSON-ready dict; ``extra`` keys join the core fields."""
        data: dict[str, Any] = {
            "seq": self.seq,
            "t": round(self.t, T_DIGITS),
            "side": self.side,
            "kind": self.kind,
            "client": self.client,
            "local": self.local,
            "peer": self.peer,
            "text": self.text,
            "bytes": self.bytes,
        }
        if self.extra:
            data.update(self.extra)
        return data


def stamp(seconds: float) -> float:
    """``seconds`` to the microsecond (:data:`T_DIGITS`), as an event's ``t`` is kept: the float
    nearest a whole number of microseconds, which a file writes and reads back exactly. Cheaper
    than ``round(seconds, 6)`` (0.04 against 0.27 us: every event is stamped)."""
    return (seconds * _TICKS + 0.5) // 1 / _TICKS  # floor without a call: no int made and converted back


def _extras_table() -> str:
    """:data:`EXTRAS` as docstring lines: ``side kind: extra, extra``."""
    rows = [f"    {side} {kind}: {', '.join(sorted(names)) or '-'}" for (side, kind), names in EXTRAS.items()]
    return "\n\n    Extras by side and kind (:data:`EXTRAS`)::\n\n" + "\n".join(rows) + "\n"


Event.__doc__ = (Event.__doc__ or "").rstrip() + _extras_table()

_event: Callable[[tuple], Event] = functools.partial(tuple.__new__, Event)


def _events(position: int, rows: Iterable[tuple]) -> Iterator[Event]:
    """The events whose rows (their fields after ``seq``) are ``rows``, the first at ``position``
    in the history (0-based: its ``seq`` is ``position + 1``); built in C calls only, no Python
    frame per event (lazily).

    A bus keeps rows and hands out events: the cycle collector stops tracking a plain tuple of
    plain values the first time it sees one, but tracks a named tuple (a subclass) for good, and
    walked every event a bus held at each full collection (132 ms at a million events). And a
    ``seq`` is a position: a row need not hold it, so a child process's rows join the history as
    they come.
    """
    return map(_event, map(operator.add, zip(itertools.count(position + 1)), rows))


class History:
    """A fixed stretch of a bus's history, from its first event: iterable any number of times."""

    def __init__(self, spool: Spool[Event], spilled: int, recent: list[tuple], end: int) -> None:
        self._spool, self._spilled, self._recent, self._end = spool, spilled, recent, end

    def __iter__(self) -> Iterator[Event]:
        newer = _events(self._spilled, itertools.islice(self._recent, self._end))
        return itertools.chain(self._spool.iter(self._spilled), newer)


Extra = dict[str, Any] | None  # an event's kind-specific fields (:attr:`Event.extra`)


class Emitter(Protocol):
    """The steps of one connection on one bus (:meth:`EventBus.emitter`), its side, number and
    addresses fixed; each call records one event and returns its ``seq``.

    Called as ``emit(kind, text=None, bytes=None, **extra)``. :attr:`record` is the same
    positionally, ``record(kind, text, bytes, extra)`` with ``extra`` a dict or None, for a loop
    that emits per message: one Python call and no keyword dict (a server's handler, twice a
    message).
    """

    record: Callable[[str, str | None, int | None, Extra], int]

    def __call__(self, kind: str, text: str | None = None, bytes: int | None = None, **extra: Any) -> int: ...


class EventBus:
    """Numbers events, keeps them all, and hands them to readers in batches.

    ``emit`` is safe from any thread and never blocks on a reader. ``drain`` returns the events
    emitted since the previous drain, in ``seq`` order, each exactly once. ``history`` and
    ``iter_history`` give every event for export.

    Memory stays bounded: the newest events are kept in a list, the older ones in a
    :class:`Spool` file, in order. Past nine tenths of ``keep`` events in memory, each ``drain``
    (the reader's thread) moves the oldest of them to the spool, a record at a time, so network
    threads never encode; a bus nobody drains does it in ``emit`` at ``2 * keep``. The list is the
    queue: a drain is a slice past the last one drained (read back from the spool if a slow
    reader let it be spilled), so neither side handles events one at a time under the lock. It
    holds each event as a row (a plain tuple of the event's fields), which the cycle collector
    stops tracking, and builds the :class:`Event` a reader gets as it hands it out.

    ``keep`` (:data:`KEEP`, 20,000) is small on purpose: a row still in memory when the app's
    collector makes its young pass (every quarter second in a storm) is scanned once before the
    collector stops tracking it, so a bus holding 100,000 had every row of a busy server scanned
    (0.1 us an event, on the core the server shares); one holding 20,000 lets most rows go first,
    and a reader that falls further behind reads them back from the spool.

    A spool that cannot write (a full disk, a file-size limit) never stops the bus: the events
    it could not keep are counted in :attr:`lost`, the first loss is told once as a server
    ``error`` event, and the history and drains go on without them.
    """

    def __init__(
        self,
        clock: Any = time.monotonic,
        keep: int = KEEP,
        start: float | None = None,
        wall: float | None = None,
        history: bool = True,
    ) -> None:
        """``start`` (a ``clock`` reading) and ``wall`` (its wall-clock time) default to now; a
        child process's bus is given its parent's, so both count ``t`` from the same instant.

        A bus with ``history=False`` only passes its events on (a child process's, to its
        parent's bus, which numbers and keeps them): it is read with :meth:`pass_on` alone,
        never spills and keeps nothing it has passed on.
        """
        if keep < 2:
            raise ValueError(f"keep must be at least 2, not {keep}")
        self._clock = clock
        self._start = clock() if start is None else start
        self.wall = time.time() if wall is None else wall  # t = 0 on the wall clock: a recording's anchor
        self._lock = threading.Lock()
        self._keep = keep
        self._history = history
        self._crowded = 2 * keep if history else sys.maxsize  # emit spills at this many, if nobody drains
        self._low = keep - keep // 10  # events left in memory by a spill
        self._step = min(RECORD, max(1, keep // 10))  # events a drain spills while it keeps up
        self._recent: list[tuple] = []  # rows of the events after the first ``_spilled``; only appended to
        # an event's seq is its position + 1: 1-based and gapless by construction, never stored
        self._spilled = 0  # events moved to the spool, the oldest ones
        self._spool: Spool[Event] = Spool(_events)
        self._spilling = threading.Lock()  # held by the one thread moving events to the spool
        # runs of rows a child process encoded, as (position, count, data), in position order
        self._encoded: collections.deque[tuple[int, int, bytes]] = collections.deque()
        self._drained = 0  # events already handed to a reader
        self._loss_told = False
        self._closer = weakref.finalize(self, self._spool.close)

    def now(self) -> float:
        """Seconds since the bus started."""
        return self._clock() - self._start

    @property
    def start(self) -> float:
        """The ``clock`` reading at ``t`` = 0."""
        return self._start

    def merge(self, rows: list[tuple], encoded: Sequence[tuple[int, bytes]] = ()) -> None:
        """Number and record events timed elsewhere on this bus's clock: each row is an event's
        fields after ``seq`` (``t, side, kind, client, local, peer, text, bytes, extra``), in the
        order they happened: the rows are kept as they are. One lock round trip for the batch.

        ``encoded``, when given, is ``rows`` as spool records already made (``(count, data)``
        for each of their runs, in order, as :func:`spool.encode` made them in a child
        process): the spool writes those, not encoding the rows again.
        """
        with self._lock:
            recent = self._recent
            position = self._spilled + len(recent)
            recent.extend(rows)
            for count, data in encoded:
                self._encoded.append((position, count, data))
                position += count
            crowded = len(recent) >= self._crowded
        if crowded:
            self._spill()

    def emit(
        self,
        side: str,
        kind: str,
        client: int | None = None,
        *,
        local: str | None = None,
        peer: str | None = None,
        text: str | None = None,
        bytes: int | None = None,
        **extra: Any,
    ) -> Event:
        """Record one event for the history and the next drain; returns the event.

        Keywords other than the core fields go to ``extra``. Network threads call this for every
        step, so it builds the event and appends it, nothing more (unless nobody drains).
        """
        return self._record(side, kind, client, local, peer, text, bytes, extra or None)

    def emitter(
        self, side: str, client: int | None = None, local: str | None = None, peer: str | None = None
    ) -> Emitter:
        """:meth:`emit` for the steps of one connection, ``side``, ``client``, ``local`` and
        ``peer`` fixed: see :class:`Emitter`.

        A thread that emits every step of its connection calls it several times a connection
        (the server twice per message): unlike a ``functools.partial`` of :meth:`emit`, it merges
        no keyword dicts per call, and it numbers and appends the event's row itself.
        """
        lock, clock, start, crowded, ticks = self._lock, self._clock, self._start, self._crowded, _TICKS

        def record(kind: str, text: str | None, bytes: int | None, extra: Extra) -> int:
            # _record's body, inlined: one Python call per event instead of two
            lock.acquire()  # held as briefly as can be: C calls only, no Python frame
            try:  # not ``with lock``: that is two more calls per event
                recent = self._recent
                t = ((clock() - start) * ticks + 0.5) // 1 / ticks  # stamp(), inlined: t >= 0, no call
                recent.append((t, side, kind, client, local, peer, text, bytes, extra))
                held = len(recent)
                seq = self._spilled + held
            finally:
                lock.release()
            if held >= crowded:
                self._spill()
            return seq

        def emit_step(kind: str, text: str | None = None, bytes: int | None = None, **extra: Any) -> int:
            return record(kind, text, bytes, extra or None)

        emit_step.record = record  # type: ignore[attr-defined]  # a function with an attribute
        return cast(Emitter, emit_step)

    def _record(
        self,
        side: str,
        kind: str,
        client: int | None,
        local: str | None,
        peer: str | None,
        text: str | None,
        bytes: int | None,
        extra: dict[str, Any] | None,
    ) -> Event:
        """Number, build and append one event (spilling if nobody drains); returns it."""
        fields = (side, kind, client, local, peer, text, bytes, extra)
        with self._lock:  # held as briefly as can be: C calls only, no Python frame
            row = (stamp(self._clock() - self._start), *fields)
            recent = self._recent
            recent.append(row)
            seq = self._spilled + len(recent)
        if len(recent) >= self._crowded:
            self._spill()
        return _event((seq, *row))

    def pass_on(self) -> list[tuple]:
        """The events emitted since the last call, as the rows :meth:`merge` takes (each event's
        fields after ``seq``), forgotten here. ValueError on a bus that keeps a history."""
        if self._history:
            raise ValueError("a bus with a history is read with drain()")
        with self._lock:
            rows, self._recent = self._recent, []
            self._spilled += len(rows)
            self._drained = self._spilled
        return rows

    def drain(self, limit: int | None = None) -> list[Event]:
        """Take up to ``limit`` events not yet drained (all of them when None) without waiting."""
        unwritten = self._spilled + len(self._recent) - self._spool.count
        if unwritten >= self._low + self._step:
            self._spill(self._step if unwritten < self._keep else None)
        with self._lock:
            start = self._drained
            total = self._spilled + len(self._recent)
            end = total if limit is None else min(total, start + limit)
            self._drained = end
            spilled, recent = self._spilled, self._recent
        return self._between(start, end, spilled, recent)  # outside the lock: ``recent`` only grows

    @property
    def drained(self) -> int:
        """How many events :meth:`drain` has taken so far (the ``seq`` of the latest taken; one
        the spool lost counts as taken, though no drain gave it)."""
        return self._drained

    @property
    def emitted(self) -> int:
        """How many events were emitted so far (the ``seq`` of the latest)."""
        with self._lock:
            return self._spilled + len(self._recent)

    @property
    def in_memory(self) -> int:
        """How many of the events are held in memory (the older others are in the spool)."""
        return len(self._recent)

    def since(self, seq: int) -> list[Event]:
        """Every event after ``seq`` emitted so far, in ``seq`` order; drains nothing."""
        with self._lock:
            spilled, recent = self._spilled, self._recent
            end = spilled + len(recent)
        return self._between(min(seq, end), end, spilled, recent)

    @property
    def history(self) -> list[Event]:
        """A copy of every event emitted so far, in ``seq`` order."""
        return list(self.iter_history())

    def iter_history(self) -> Iterator[Event]:
        """Every event emitted before this call, in ``seq`` order, read from the spool one record
        at a time: a million events are exported without holding them all."""
        return iter(self.snapshot())

    def snapshot(self) -> History:
        """The events emitted before this call, to be read as often as needed (each pass reads
        the spool one record at a time and gives the same events)."""
        with self._lock:
            spilled, recent = self._spilled, self._recent
            end = len(recent)
        return History(self._spool, spilled, recent, end)

    @property
    def lost(self) -> int:
        """Events the history could not keep (their spool records could not be written)."""
        return self._spool.lost

    def close(self) -> None:
        """Free the spool file (also done when the bus is garbage collected); the history of a
        closed bus cannot be read past its newest events."""
        self._closer()

    def _write(self, recent: list[tuple], first: int, count: int) -> int:
        """Write the rows ``recent[first:first + count]`` to the spool, a run a child encoded
        (:meth:`merge`) as it came and whole, so maybe a few more; returns how many it wrote."""
        spool, encoded = self._spool, self._encoded
        done = 0
        while done < count:
            if encoded and encoded[0][0] == spool.count:
                _, written, data = encoded.popleft()
                spool.append_encoded(data, written)
            else:  # up to the next encoded run: rows of its own, or merged from several children
                written = count - done if not encoded else min(count - done, encoded[0][0] - spool.count)
                spool.append(recent[first + done : first + done + written])
            done += written
        return done

    def _between(self, start: int, end: int, spilled: int, recent: list[tuple]) -> list[Event]:
        """Events at positions ``start`` to ``end`` (0-based): those below ``spilled`` from the
        spool, the others from the rows in ``recent``, which begins at position ``spilled``."""
        older = self._spool.read(start, min(end, spilled)) if start < spilled else []
        first = max(start - spilled, 0)
        return older + list(_events(spilled + first, recent[first : max(end - spilled, 0)]))

    def _tell_loss(self) -> None:
        reason = self._spool.failure
        why = (reason.strerror or str(reason)) if reason else "unknown"
        self.emit(
            SERVER,
            "error",
            text=f"history: older events could not be kept ({why}); exports will miss them",
            lost=self._spool.lost,
        )

    def _spill(self, most: int | None = None) -> None:
        """Write the oldest events not yet in the spool to it, if no other thread is doing it:
        ``most`` of them, or (None) all but ``keep - keep // 10``; then, past ``keep`` in memory
        or after writing all, drop the written ones from memory. Encoding happens outside the
        lock; emitters go on appending.

        A reader that keeps up writes one step (a spool record) per drain once nine tenths of
        ``keep`` are unwritten: a pause of a few milliseconds, taken often, instead of one ten
        times as long every ``keep // 10`` events; the list is cut once every ten steps, not at
        each. One that falls behind, or ``emit`` when nobody drains, spills down to nine tenths
        at once.
        """
        if not self._spilling.acquire(blocking=False):
            return
        try:
            with self._lock:
                recent, held = self._recent, len(self._recent)
            written = self._spool.count - self._spilled  # the list's first events, already in the spool
            count = held - written - self._low
            if most is not None:
                count = min(count, most)
            if count > 0:  # the list only grows meanwhile, and only this thread replaces it
                written += self._write(recent, written, count)
                if self._spool.lost and not self._loss_told:
                    self._loss_told = True
                    self._tell_loss()
            if most is None or held >= self._keep:
                with self._lock:
                    self._recent = self._recent[written:]
                    self._spilled += written
        finally:
            self._spilling.release()
