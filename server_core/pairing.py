"""The one rule that pairs a client with the server handler that served it.

A client and a handler are one TCP connection when the client's ``local`` address is the
handler's ``peer`` address (both ``ip:port``). :func:`address` names that connection from either
end, for an :class:`Event` or a :class:`Lane` alike; the other helpers apply it to collections.
An address can be used again by a later connection, even within one run (the system gives a
closed connection's port out again): a reader that spans a long history pairs each handler with
the latest client with its address to begin connecting before it was accepted (:func:`handlers_of`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import Protocol, TypeVar

from .events import CLIENT, SERVER
from .timeline import Lane


class End(Protocol):
    """One end of a connection: an :class:`Event` or a :class:`Lane`."""

    @property
    def side(self) -> str: ...
    @property
    def local(self) -> str | None: ...
    @property
    def peer(self) -> str | None: ...


EndT = TypeVar("EndT", bound=End)


def address(end: End) -> str | None:
    """The connection's address seen from ``end``: a client's ``local``, a handler's ``peer``;
    None when that is unknown or ``end`` is on neither side."""
    if end.side == CLIENT:
        return end.local
    if end.side == SERVER:
        return end.peer
    return None


def addresses(ends: Iterable[End]) -> set[str]:
    """The known connection addresses of ``ends``."""
    return {found for end in ends if (found := address(end))}


def served(clients: Iterable[End], handlers: Iterable[EndT]) -> list[EndT]:
    """The server-side ends among ``handlers`` (in their order) paired with one of ``clients``."""
    ends = addresses(end for end in clients if end.side == CLIENT)
    return [end for end in handlers if end.side == SERVER and address(end) in ends]


def handlers_of(clients: Iterable[Lane], handlers: Iterable[Lane]) -> dict[int, Lane]:
    """The handler lane that served each client lane, by client number (clients not served are
    left out). A handler serves a client when its ``peer`` is the client's ``local`` address and
    the client was the latest with that address to begin connecting before the handler was
    accepted (the system gives a closed connection's port out again: a handler accepted after a
    later client took the port belongs to that one; a lane with no ``connecting`` is taken to have
    begun before any accept); of several handlers, the first accepted. In accept order.
    Costs O(n log n) for n lanes."""
    starts: dict[str, list[tuple[int, int]]] = {}  # address -> (began connecting, client), sorted
    for lane in clients:
        if lane.opened_seq is not None and (end := address(lane)):
            starts.setdefault(end, []).append((lane.connecting_seq or 0, lane.client))
    for ends in starts.values():
        ends.sort()
    accepted = [lane for lane in handlers if lane.side == SERVER and lane.opened_seq is not None]
    found: dict[int, Lane] = {}
    for handler in sorted(accepted, key=_opened):
        began = starts.get(address(handler) or "", [])
        latest = bisect_left(began, (_opened(handler), -1)) - 1  # the last to begin before the accept
        if latest >= 0 and (client := began[latest][1]) not in found:
            found[client] = handler
    return found


def _opened(lane: Lane) -> int:
    return lane.opened_seq or 0
