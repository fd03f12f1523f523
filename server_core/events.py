"""The one event type of tcp-lab and the bus that carries events from network threads to readers.

Every step a server handler or a client takes becomes an :class:`Event`. Network threads call
:meth:`EventBus.emit`, which never waits for a reader: it numbers the event and appends it to
the history. Readers (the command line, the app) call :meth:`EventBus.drain` on their own
schedule and get everything new as one batch.
"""

from __future__ import annotations

import itertools
import threading
import time
from typing import Any, NamedTuple

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


class Event(NamedTuple):
    """One step on one side of a connection; immutable.

    ``seq`` is 1-based and gapless per bus; ``t`` is seconds since the bus started (monotonic).
    ``client`` is the server's accept number or the client's launch number. ``local`` and ``peer``
    are ``ip:port`` strings of this end and the other end. ``text`` holds decoded text exactly as
    it travelled (invalid UTF-8 as ``\\xNN`` escapes); ``bytes`` counts the raw bytes.
    ``extra`` holds kind-specific fields (``run``, ``options``, ...) that appear in JSON as
    top-level keys.

    A named tuple rather than a frozen dataclass: network threads build one per step, and a
    tuple is built in half the time (measured in bench/, see docs/PERFORMANCE.md).
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
    The history is the queue: a drain is a slice of it past the last one drained, so neither side
    handles events one at a time under the lock.
    """

    def __init__(self, clock: Any = time.monotonic) -> None:
        self._clock = clock
        self._start = clock()
        self._seq = itertools.count(1)
        self._lock = threading.Lock()
        self._history: list[Event] = []
        self._drained = 0  # events in the history already handed to a reader

    def now(self) -> float:
        """Seconds since the bus started."""
        return self._clock() - self._start

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
        step, so it builds the event and appends it, nothing more.
        """
        with self._lock:
            event = Event(
                next(self._seq),
                self._clock() - self._start,
                side,
                kind,
                client,
                local,
                peer,
                text,
                bytes,
                extra or None,
            )
            self._history.append(event)
        return event

    def drain(self, limit: int | None = None) -> list[Event]:
        """Take up to ``limit`` events not yet drained (all of them when None) without waiting."""
        with self._lock:
            start = self._drained
            end = len(self._history) if limit is None else min(len(self._history), start + limit)
            self._drained = end
        return self._history[start:end]  # outside the lock: the history only grows at its end

    @property
    def history(self) -> list[Event]:
        """A copy of every event emitted so far, in ``seq`` order."""
        with self._lock:
            return list(self._history)
