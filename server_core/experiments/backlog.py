"""Backlog and accept: "connected" is not "accepted".

The server listens with a small backlog but its accept loop has not started. The kernel still
completes the handshake for the first clients on its own and queues them: their connect returns
and they can even send. Once the queue is full (backlog + 1 on Linux) later connects get no
answer and time out. When the accept loop starts, the queued clients are accepted and answered.
"""

from __future__ import annotations

import contextlib
import socket
import time

from ..events import SERVER, EventBus
from ..port_taken import binding
from ..server import LabServer, ServerConfig
from .record import ExperimentResult, Notebook

BACKLOG = 2
CLIENTS = 5
CONNECT_LIMIT = 0.5  # seconds each client waits for its connect (a dropped SYN is resent after 1 s)
LIMIT = 2.0  # seconds to wait for accepts and replies
GIVEN = {"backlog": BACKLOG, "clients": CLIENTS, "limit": CONNECT_LIMIT}


def _connect_all(port: int) -> list[socket.socket | None]:
    """Connect CLIENTS sockets one after another; None for each connect that timed out."""
    socks: list[socket.socket | None] = []
    for i in range(1, CLIENTS + 1):
        sock = socket.socket()
        sock.settimeout(CONNECT_LIMIT)
        try:
            sock.connect(("127.0.0.1", port))
            sock.sendall(f"client {i} before accept".encode())
        except OSError:
            sock.close()
            socks.append(None)
            continue
        socks.append(sock)
    return socks


def _accepted(bus: EventBus) -> int:
    return sum(1 for e in bus.history if e.side == SERVER and e.kind == "accepted")


def _wait_for_accepts(bus: EventBus, count: int) -> None:
    deadline = time.monotonic() + LIMIT
    while _accepted(bus) < count and time.monotonic() < deadline:
        time.sleep(0.01)


def _replies(socks: list[socket.socket]) -> int:
    got = 0
    for sock in socks:
        sock.settimeout(LIMIT)
        with contextlib.suppress(OSError):
            got += bool(sock.recv(1024))
    return got


def run(port: int = 0) -> ExperimentResult:
    """The experiment, its server listening on ``port`` (0: a free one); PortTaken when its
    server cannot bind."""
    book = Notebook("backlog", **GIVEN)
    bus = EventBus()
    server = LabServer(ServerConfig(port=port, backlog=BACKLOG), bus)
    with binding("127.0.0.1", port):
        server.bind()
    socks: list[socket.socket | None] = []
    try:
        queue = server.accept_queue()
        in_force = None if queue is None else queue[1]
        book.step("listen", port=server.port, backlog=BACKLOG, in_force="?" if in_force is None else in_force)
        socks = _connect_all(server.port)
        connected = [sock for sock in socks if sock is not None]
        book.step("connect", clients=CLIENTS, connected=len(connected), timed_out=CLIENTS - len(connected))
        queue = server.accept_queue()
        waiting = None if queue is None else queue[0]
        accepted_paused = _accepted(bus)
        book.step("paused", accepted=accepted_paused, waiting="?" if waiting is None else waiting)
        server.start()
        _wait_for_accepts(bus, len(connected))
        accepted = _accepted(bus)
        replies = _replies(connected)
        book.step("resume", accepted=accepted, replies=replies)
    finally:
        server.stop()
        for sock in socks:
            if sock is not None:
                sock.close()
    book.observe(
        backlog_in_force=in_force,
        connected=len(connected),
        timed_out=CLIENTS - len(connected),
        accepted_while_paused=accepted_paused,
        waiting_in_kernel=waiting,
        accepted_after_start=accepted,
        replies=replies,
    )
    queued_as_said = waiting is None or waiting == len(connected)
    return book.result(
        0 < len(connected) < CLIENTS
        and accepted_paused == 0
        and queued_as_said
        and accepted == replies == len(connected)
    )
