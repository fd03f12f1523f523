"""What the app knows about each connection, built from the event stream alone (no Textual here).

A :class:`Connection` is one TCP connection seen from either end or both: a launched client
(known by its run and launch number) and the server's handler (known by its accept number) are
the same connection when the client's ``local`` address equals the server's ``peer``. The
:class:`ConnectionBook` folds event batches into connections and exact counters, and reports what
changed so a view can update only that.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from typing import Any

from server_core import CLIENT, SERVER, Event, Kind
from server_core.events import CLIENT_STOPS
from server_core.pairing import address

MAX_CONNECTIONS = 2000  # connections kept for display; the oldest finished ones go first
KEEP_AFTER_TRIM = 1000  # trimming is a table rebuild: do it seldom
HARD_LIMIT_FACTOR = 2  # past this many times MAX_CONNECTIONS, finished rows go even between kept ones
MAX_EVENTS_PER_CONNECTION = 500
FINAL = frozenset({"closed", "error", "stopped"})  # the states a connection ends in
_STEPS = frozenset({"held", "picked"})  # step mode's events of a handler: its number, no address
_COUNTED = frozenset({"accepted", "disconnected", "listening", "nobody_waiting"})  # see _count


@dataclass(eq=False, slots=True)  # an entity: two connections are the same only if they are one object
class Connection:
    """One connection: who it is, what it sent and got back, its state and its events.

    ``sent``/``got`` count messages; ``last_sent``/``last_got`` hold the latest text. For a
    launched client they come from the client's own events; for an outside client from the
    server's (what the server received is what the client sent). ``unfinished``: the bytes
    (``\\xNN`` escapes) after ``last_sent`` that begin a character not whole yet.
    """

    key: int
    run: int | None = None
    client: int | None = None
    number: int | None = None
    address: str | None = None
    state: str = "connecting"
    error: str | None = None
    sent: int = 0
    last_sent: str = ""
    unfinished: str = ""
    got: int = 0
    last_got: str = ""
    client_open: bool = False
    server_open: bool = False
    trimmed: bool = False
    events: deque[Event] = field(default_factory=lambda: deque(maxlen=MAX_EVENTS_PER_CONNECTION))

    @property
    def launched(self) -> bool:
        return self.run is not None

    @property
    def finished(self) -> bool:
        return not self.client_open and not self.server_open and self.state in FINAL



@dataclass
class Changes:
    """What one batch changed: connections added (in order), updated (by key), removed (keys)."""

    added: list[Connection] = field(default_factory=list)
    updated: set[int] = field(default_factory=set)
    removed: list[int] = field(default_factory=list)
    _added_keys: set[int] = field(default_factory=set, init=False, repr=False, compare=False)

    def __bool__(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def merge(self, later: Changes) -> None:
        """Fold ``later`` in, as if both batches had been one: a row added and removed in between
        is never drawn, and added rows take their latest cells when they are drawn.

        A view merges every batch into the changes it has not drawn yet, so this costs time in
        proportion to ``later`` only (it keeps the keys of ``added`` aside between merges).
        """
        if len(self._added_keys) != len(self.added):
            self._added_keys = {conn.key for conn in self.added}
        pending = self._added_keys
        if later.removed:  # rare: a trim, or two views of one connection found to be one
            gone = set(later.removed)
            self.added = [conn for conn in self.added if conn.key not in gone]
            self.removed += [key for key in later.removed if key not in pending]
            pending -= gone
            self.updated -= gone
            fresh = later.updated - gone
        else:
            fresh = later.updated
        self.added += later.added
        pending.update(conn.key for conn in later.added)
        self.updated |= fresh - pending


class ConnectionBook:
    """Connections by key, in order of first sight, plus counters that never lose a count.

    ``accepted`` counts the server's accepts, ``active`` its open connections, ``messages`` the
    messages it received, ``sent`` the messages the clients sent (all a recording of clients
    alone can count); ``accept_mode`` is the listening server's accept mode and
    ``nobody_waiting`` how often its accept has found nobody waiting so far. Counters cover every
    event; the connections kept are capped at ``limit`` (the oldest finished ones are dropped
    first, each run's from its first on: :func:`_oldest_finished`). ``dropped`` counts the
    connections dropped so far (``seen`` is the kept and the dropped); ``gaps`` says whether some
    were dropped between rows still kept. The event history (the export, ``tcp-lab open``) keeps
    them all.
    """

    def __init__(self, limit: int = MAX_CONNECTIONS, keep: int = KEEP_AFTER_TRIM) -> None:
        self.connections: OrderedDict[int, Connection] = OrderedDict()
        self.accepted = 0
        self.active = 0
        self.messages = 0
        self.sent = 0
        self.accept_mode: str | None = None
        self.nobody_waiting = 0
        self.dropped = 0
        self._last_dropped = 0  # the newest key dropped so far: a row kept before it stands at a gap
        self._limit = limit
        self._keep = keep
        self._keys = itertools.count(1)
        self._by_client: dict[tuple[int | None, int | None], int] = {}
        self._by_address: dict[str, int] = {}
        self._by_number: dict[int, int] = {}  # the server's accept number -> its connection's key
        self._launched: dict[int | None, int] = {}  # a run not finished yet -> how many clients it launches

    def apply(self, batch: list[Event]) -> Changes:
        """Fold ``batch`` (in ``seq`` order) into the book; returns what changed.

        This loop runs for every event the lab records (two a message on a busy server), so it
        unpacks each event once, finds a handler's connection by one lookup of its own, and
        calls nothing else per event but :func:`_update`.
        """
        changes = Changes()
        updated = changes.updated
        connections, by_address = self.connections, self._by_address
        for event in batch:
            _, _, side, kind, number, _, peer, text, size, extra = event  # one unpacking, no lookups
            if side == SERVER:
                if kind == "received":
                    self.messages += bool(size)  # a character's tail (0 bytes) ends the message before
                elif kind in _COUNTED:
                    self._count(event)
                if peer is None or number is None or kind == "accepted":
                    conn = self._server_connection(kind, number, peer, changes)
                else:  # a step of a known handler: most events, found by its peer's address
                    conn = connections.get(by_address.get(peer, 0))
                    if conn is None or conn.number != number:  # a later client took its address
                        conn = connections.get(self._by_number.get(number, 0))  # (its close said
                        if conn is None:  # late), or trimmed from view
                            continue
            else:
                conn = self._client_connection(event, changes)
                if kind == Kind.SENT:
                    self.sent += bool(size)
                elif kind == Kind.LAUNCHED:
                    self._launched[event.run] = (extra or {}).get("n") or 0
                elif kind == Kind.FINISHED:
                    launched = self._launched.pop(event.run, 0)
                    if (extra or {}).get("stopped"):
                        self._stopped(event.run, launched, changes)
            if conn is not None:
                events = conn.events
                if len(events) == MAX_EVENTS_PER_CONNECTION:
                    conn.trimmed = True  # the oldest event goes now
                events.append(event)
                _update(conn, side, kind, text, extra)
                updated.add(conn.key)
        if len(self.connections) > self._limit:
            self._trim(changes)
        added = {c.key for c in changes.added}
        changes.updated = {key for key in changes.updated if key in self.connections and key not in added}
        return changes

    @property
    def limit(self) -> int:
        """How many connections the book keeps at most (but see :meth:`_trim`)."""
        return self._limit

    @property
    def seen(self) -> int:
        """How many connections the book has seen: those kept and those dropped."""
        return len(self.connections) + self.dropped

    @property
    def gaps(self) -> bool:
        """Whether rows were dropped between rows kept (a row kept from before the last dropped:
        a connection still open, or a run's rows after one still open when the oldest went)."""
        return bool(self.connections) and next(iter(self.connections)) < self._last_dropped

    def _stopped(self, run: int | None, launched: int, changes: Changes) -> None:
        """A stop ended ``run`` of ``launched`` clients: those that had not ended (still waiting
        for their turn) were stopped, not left ``waiting``, and those the launcher never started
        get a row that says so, as the run's summary counts them all."""
        for (number, _), key in self._by_client.items():
            conn = self.connections.get(key)
            if number == run and conn is not None and conn.state not in FINAL:
                conn.state = "stopped"
                changes.updated.add(key)
        for client in range(1, launched + 1):
            if (run, client) not in self._by_client:
                never = self._new(changes, run=run, client=client, state="stopped")
                self._by_client[(run, client)] = never.key

    def _count(self, event: Event) -> None:
        if event.kind == "accepted":
            self.accepted += 1
            self.active += 1
        elif event.kind == "disconnected" and event.client is not None:
            self.active -= 1
        elif event.kind == "listening":
            self.accept_mode = (event.extra or {}).get("accept")
            self.nobody_waiting = 0
        elif event.kind == "nobody_waiting":
            self.nobody_waiting = (event.extra or {}).get("count", self.nobody_waiting)

    def _new(self, changes: Changes, **fields: Any) -> Connection:
        conn = Connection(next(self._keys), **fields)
        self.connections[conn.key] = conn
        changes.added.append(conn)
        return conn

    def _server_connection(
        self, kind: str, number: int | None, end: str | None, changes: Changes
    ) -> Connection | None:
        """The connection of an ``accepted`` event (a new one, or a launched client's the server
        has just accepted), or of a held handler's step (no address: by its ``number``); None
        for a server event about no one connection (listening, stopped, accept errors)."""
        if end is None or number is None:
            if number is None or kind not in _STEPS:
                return None
            return self.connections.get(self._by_number.get(number, 0))  # a held handler: by its number
        known = self.connections.get(self._by_address.get(end, 0))
        if known is not None and known.launched and known.number is None:
            known.number = number
        else:
            known = self._new(changes, number=number, address=end)
            self._by_address[end] = known.key
        self._by_number[number] = known.key
        known.server_open = True
        return known

    def _client_connection(self, event: Event, changes: Changes) -> Connection | None:
        run = event.run
        if run is None or event.client is None:
            return None
        who = (run, event.client)
        conn = self.connections.get(self._by_client.get(who, 0))
        if conn is None:
            conn = self._new(changes, run=run, client=event.client)
            self._by_client[who] = conn.key
        if event.kind == Kind.CONNECTED and (end := address(event)):
            conn.address = end
            conn.client_open = True
            self._claim(conn, end, changes)
        return conn

    def _claim(self, conn: Connection, address: str, changes: Changes) -> None:
        """The server may have accepted this client before the client saw its connect return:
        fold that server-only connection into the client's. One accepted before this client began
        to connect (its latest ``connecting``; a wait for its turn before that is no connect) is
        another, earlier connection from the same address and port (the system gave the port out
        again): it stays as it was, as :func:`server_core.pairing.handlers_of` pairs."""
        other = self.connections.get(self._by_address.get(address, 0))
        self._by_address[address] = conn.key
        if other is None or other.launched or other is conn:
            return
        began = next((e.seq for e in reversed(conn.events) if e.kind == Kind.CONNECTING), 0)
        if other.events and other.events[0].seq < began:
            return
        conn.number = other.number
        if other.number is not None:
            self._by_number[other.number] = conn.key
        conn.server_open = other.server_open
        merged = sorted([*conn.events, *other.events], key=lambda e: e.seq)
        conn.events.clear()
        conn.events.extend(merged)
        del self.connections[other.key]
        if other in changes.added:
            changes.added.remove(other)
        else:
            changes.removed.append(other.key)

    def _trim(self, changes: Changes) -> None:
        """Drop the oldest finished connections down to ``keep``: whole from each run's first on,
        as long as that frees half of them at least; past twice the ``limit`` (a connection left
        open early in a run holds back its run's later ones), the others too, leaving gaps."""
        conns, excess = list(self.connections.values()), len(self.connections) - self._keep
        going = _oldest_finished(conns, excess, gaps=len(conns) > HARD_LIMIT_FACTOR * self._limit)
        if 2 * len(going) < excess and len(conns) <= HARD_LIMIT_FACTOR * self._limit:
            return  # the connections holding their runs back may end soon: no gaps yet
        for conn in going:
            del self.connections[conn.key]
            if self._by_address.get(conn.address or "") == conn.key:
                del self._by_address[conn.address or ""]
            if self._by_number.get(conn.number or 0) == conn.key:
                del self._by_number[conn.number or 0]
            if conn.launched and self._by_client.get((conn.run, conn.client)) == conn.key:
                del self._by_client[(conn.run, conn.client)]
            if conn in changes.added:
                changes.added.remove(conn)
            else:
                changes.removed.append(conn.key)
        self.dropped += len(going)
        self._last_dropped = max([self._last_dropped, *(conn.key for conn in going)])


def _oldest_finished(conns: list[Connection], count: int, gaps: bool) -> list[Connection]:
    """Up to ``count`` finished connections of ``conns`` (in order of first sight) to drop: each
    run's (outside clients are one run) from its first up to its first not finished, oldest run
    first, so a run's rows lose no number in between; then, if those are too few and ``gaps``
    allows it, the oldest finished of the rest (the rows kept have gaps)."""
    blocked: set[int | None] = set()  # runs with a connection not finished: none of theirs after it
    going: list[Connection] = []
    for conn in conns:
        if len(going) >= count:
            return going
        if conn.run in blocked:
            continue
        if conn.finished:
            going.append(conn)
        else:
            blocked.add(conn.run)
    if not gaps:
        return going
    chosen = {conn.key for conn in going}
    rest = [conn for conn in conns if conn.finished and conn.key not in chosen]
    return going + rest[: max(0, count - len(going))]


def _update(conn: Connection, side: str, kind: str, text: str | None, extra: dict[str, Any] | None) -> None:
    """Columns and state of ``conn`` after an event (its ``side``, ``kind``, ``text`` and
    ``extra``); ``closed``, ``error`` and ``stopped`` (an
    error a stop of its run caused: the user's doing, not a failure) are final; so is ``stopped``
    against the errors it causes (its handler's reply to a client gone: a broken pipe)."""
    if kind == "error":
        if conn.state != "stopped":
            conn.state, conn.error = ("stopped" if text in CLIENT_STOPS else "error"), text or ""
        return
    followed = side == (SERVER if conn.run is None else CLIENT)  # not the launched property: per event
    if kind == "disconnected":
        if side == CLIENT:
            conn.client_open = False
        else:
            conn.server_open = False
        if followed and conn.state not in ("error", "stopped"):  # a launched client whose server
            conn.state = "closed"  # closed first still waits: its row says so until it ends
        return
    if not followed:
        return  # a launched client's row follows the client's own view
    state = kind
    if extra and extra.get("tail"):  # the end of the message before: not one more
        conn.last_sent += text or ""
        conn.unfinished = ""
        return
    if kind == "sent" or (kind == "received" and side == SERVER):
        conn.sent += 1
        conn.last_sent = text or ""
        conn.unfinished = extra.get("unfinished", "") if extra else ""
        state = "sent" if side == CLIENT else "server_received"
    elif kind in ("received", "replied"):
        conn.got += 1
        conn.last_got = text or ""
    elif kind == "accepted":
        state = "connected"
    if conn.state not in FINAL:
        conn.state = state
