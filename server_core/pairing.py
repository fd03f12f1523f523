"""The one rule that pairs a client with the server handler that served it.

A client and a handler are one TCP connection when the client's ``local`` address is the
handler's ``peer`` address (both ``ip:port``). :func:`address` names that connection from either
end, for an :class:`Event` or a :class:`Lane` alike; the other helpers apply it to collections.
An address can be used again by a later connection: a reader that spans a long history pairs
each handler with the client seen connecting before it (:func:`handlers_of`).
"""

from __future__ import annotations

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
    it was accepted after the client began connecting; of several, the first accepted. Where
    clients shared an address, the latest to connect with it has it."""
    opened = sorted((lane for lane in clients if lane.opened_seq is not None), key=_opened)
    ends = {end: lane for lane in opened if (end := address(lane))}
    accepted = [lane for lane in handlers if lane.side == SERVER and lane.opened_seq is not None]
    found: dict[int, Lane] = {}
    for handler in sorted(accepted, key=_opened):
        client = ends.get(address(handler) or "")
        if client is None or client.client in found:
            continue
        if (handler.opened_seq or 0) > (client.connecting_seq or 0):
            found[client.client] = handler
    return found


def _opened(lane: Lane) -> int:
    return lane.opened_seq or 0
