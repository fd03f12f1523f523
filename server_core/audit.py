"""Reconciliation of an event stream: the promises every run keeps, checked from events alone."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable

from .events import CLIENT, SERVER, Event
from .pairing import address

OUTGOING = frozenset({"sent", "replied"})  # the kinds that stamp bytes as they leave an end
OPENED = frozenset({"connected", "accepted"})  # the kinds that open an end of a connection


def audit(events: Iterable[Event]) -> list[str]:
    """Every broken promise in ``events`` as one sentence each; an empty list when all reconcile.

    The promises: ``seq`` runs 1, 2, 3... without a gap; on the server side (each ``listening``
    starts a new server) every accepted connection has exactly one ``disconnected``, and every
    chunk received (``bytes`` > 0) is answered by a ``replied`` or an ``error`` before it; on the
    client side every ``connected`` client has exactly one ``disconnected``.
    """
    ordered = sorted(events, key=lambda e: e.seq)
    problems = [f"seq {e.seq} where {due} was due" for due, e in enumerate(ordered, 1) if e.seq != due][:1]
    problems += _audit_server(e for e in ordered if e.side == SERVER)
    problems += _audit_clients(e for e in ordered if e.side == CLIENT)
    problems += _audit_causes(ordered)
    return problems


def _audit_causes(ordered: list[Event]) -> list[str]:
    """A sentence for each receipt stamped before the sending of its last byte.

    The ends of one connection share an address (a client's ``local``, a handler's ``peer``,
    see :mod:`.pairing`); an address the system gives out again opens a new connection, so an
    end is keyed by its address and how many times that side had opened it. Bytes are counted
    from each end's start: the receipt of byte k is caused by the send that took the other
    end's count to k or past it.
    """
    opened: dict[tuple[str, str], int] = defaultdict(int)  # (side, address) -> times opened
    # each end (side, address, times opened) -> (bytes so far, event) of its sends, its receipts
    sent: dict[tuple[str, str, int], list[tuple[int, Event]]] = defaultdict(list)
    got: dict[tuple[str, str, int], list[tuple[int, Event]]] = defaultdict(list)
    for e in ordered:
        if (end := address(e)) is None:
            continue
        if e.kind in OPENED:
            opened[e.side, end] += 1
        key = (e.side, end, opened[e.side, end])
        if e.kind in OUTGOING or (e.kind == "received" and e.bytes):
            kept = sent[key] if e.kind in OUTGOING else got[key]
            kept.append(((kept[-1][0] if kept else 0) + (e.bytes or 0), e))
    problems: list[str] = []
    for (side, end, times), receipts in got.items():
        sends = sent.get((SERVER if side == CLIENT else CLIENT, end, times), [])
        totals = [total for total, _ in sends]
        for count, receipt in receipts:
            at = bisect_left(totals, count)  # the send that took the other end to ``count`` bytes
            cause = sends[at][1] if at < len(sends) else None
            if cause is not None and (cause.seq > receipt.seq or cause.t > receipt.t):
                problems.append(
                    f"{side} {receipt.client}: received (seq {receipt.seq}, t {receipt.t}) before "
                    f"it was {cause.kind} (seq {cause.seq}, t {cause.t})"
                )
    return problems


def _audit_server(events: Iterable[Event]) -> list[str]:
    problems: list[str] = []
    server = 0
    accepted: dict[tuple[int, int], int] = defaultdict(int)
    closed: dict[tuple[int, int], int] = defaultdict(int)
    pending: dict[tuple[int, int], int] = defaultdict(int)
    for e in events:
        if e.kind == "listening":
            server += 1
        if e.client is None:
            continue
        key = (server, e.client)
        if e.kind == "accepted":
            accepted[key] += 1
        elif e.kind == "received" and e.bytes:
            pending[key] += 1
        elif e.kind == "replied":
            if not pending[key]:
                problems.append(f"server {server}: client {e.client} got a reply to nothing (seq {e.seq})")
            pending[key] = max(0, pending[key] - 1)
        elif e.kind == "error":
            pending[key] = 0
        elif e.kind == "disconnected":
            closed[key] += 1
            if pending[key]:
                problems.append(f"server {server}: client {e.client} left {pending[key]} chunk(s) unanswered")
    for key in sorted(accepted.keys() | closed.keys()):
        if accepted[key] != 1 or closed[key] != 1:
            problems.append(
                f"server {key[0]}: client {key[1]} accepted {accepted[key]}x, disconnected {closed[key]}x"
            )
    return problems


def _audit_clients(events: Iterable[Event]) -> list[str]:
    connected: dict[tuple[object, int], int] = defaultdict(int)
    closed: dict[tuple[object, int], int] = defaultdict(int)
    for e in events:
        key = (e.run, e.client or 0)
        if e.kind == "connected":
            connected[key] += 1
        elif e.kind == "disconnected":
            closed[key] += 1
    return [
        f"run {run}: client {client} connected {connected[run, client]}x, closed {closed[run, client]}x"
        for run, client in sorted(connected.keys() | closed.keys(), key=str)
        if connected[run, client] != closed[run, client] or closed[run, client] > 1
    ]
