"""The one event type of tcp-lab and the bus that carries events from network threads to readers.

Every step a server handler or a client takes becomes an :class:`Event`. Network threads call
:meth:`EventBus.emit`, which never waits for a reader: it numbers the event, appends it to the
history and puts it on an unbounded queue. Readers (the command line, the app) call
:meth:`EventBus.drain` on their own schedule and get everything new as one batch.
"""

from __future__ import annotations

import itertools
import queue
import threading
import time
from dataclasses import dataclass
from typing import Any

SERVER = "server"
CLIENT = "client"

SERVER_KINDS = frozenset(
    {"listening", "accepted", "received", "replied", "disconnected"}
    | {"waiting", "entered", "left", "error", "stopped", "nobody_waiting", "refused"}
)
CLIENT_KINDS = frozenset(
    {"launched", "connecting", "connected", "sent", "received", "disconnected"}
    | {"waiting", "entered", "left", "error"}
)


@dataclass(frozen=True, slots=True)
class Event:
    """One step on one side of a connection.

    ``seq`` is 1-based and gapless per bus; ``t`` is seconds since the bus started (monotonic).
    ``client`` is the server's accept number or the client's launch number. ``local`` and ``peer``
    are ``ip:port`` strings of this end and the other end. ``text`` holds decoded text exactly as
    it travelled (invalid UTF-8 as ``\\xNN`` escapes); ``bytes`` counts the raw bytes.
    ``extra`` holds kind-specific fields (``run``, ``options``, ...) that appear in JSON as
    top-level keys.
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

    def to_dict(self) -> dict[str, Any]:
        """The event as a flat JSON-ready dict; ``extra`` keys join the core fields."""
        data: dict[str, Any] = {
            "seq": self.seq,
            "t": round(self.t, 6),
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


class EventBus:
    """Numbers events, keeps them all, and hands them to readers in batches.

    ``emit`` is safe from any thread and never blocks on a reader. ``drain`` returns the events
    emitted since the previous drain, in ``seq`` order. ``history`` keeps every event for export.
    """

    def __init__(self, clock: Any = time.monotonic) -> None:
        self._clock = clock
        self._start = clock()
        self._seq = itertools.count(1)
        self._lock = threading.Lock()
        self._queue: queue.SimpleQueue[Event] = queue.SimpleQueue()
        self._history: list[Event] = []

    def now(self) -> float:
        """Seconds since the bus started."""
        return self._clock() - self._start

    def emit(self, side: str, kind: str, client: int | None = None, **fields: Any) -> Event:
        """Record one event and queue it for readers; returns the event."""
        core = {name: fields.pop(name, None) for name in ("local", "peer", "text", "bytes")}
        with self._lock:
            event = Event(next(self._seq), self.now(), side, kind, client, extra=fields or None, **core)
            self._history.append(event)
            self._queue.put(event)
        return event

    def drain(self, limit: int | None = None) -> list[Event]:
        """Take up to ``limit`` queued events (all of them when None) without waiting."""
        batch: list[Event] = []
        get = self._queue.get_nowait
        try:
            while limit is None or len(batch) < limit:
                batch.append(get())
        except queue.Empty:
            pass
        return batch

    @property
    def history(self) -> list[Event]:
        """A copy of every event emitted so far, in ``seq`` order."""
        with self._lock:
            return list(self._history)
