"""Reconciliation of an event stream: the promises every run keeps, checked from events alone."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .events import CLIENT, SERVER, Event


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
