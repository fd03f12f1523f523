"""Starting and stopping under pressure: fast cycles, a busy port, TIME_WAIT, a server that vanishes."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from helpers import lesson_client, open_descriptors, wait_for

from server_core import SERVER, ClientConfig, ClientRun, EventBus, LabServer, ServerConfig, audit, summarize

REPLY = "收到客户端信息".encode()


def time_wait_sockets(port: int) -> int:
    """Sockets on ``port`` in TIME_WAIT, as /proc/net/tcp lists them (state 06)."""
    count = 0
    with open("/proc/net/tcp") as table:
        for row in table.readlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            if state == "06" and int(local.split(":")[1], 16) == port:
                count += 1
    return count


def test_twenty_fast_start_stop_cycles_leave_nothing_behind(bus: EventBus) -> None:
    before = open_descriptors()
    port = 0
    for _ in range(20):
        server = LabServer(ServerConfig(port=port), bus).start()
        port = server.port  # every cycle reuses the port the first one got
        assert lesson_client(port, b"cycle") == REPLY
        started = time.monotonic()
        server.stop()
        assert time.monotonic() - started < 1.0
    assert [e.kind for e in bus.history].count("listening") == 20
    assert [e.kind for e in bus.history].count("stopped") == 20
    assert audit(bus.history) == []
    assert open_descriptors() <= before
    assert not [t for t in threading.enumerate() if t.name.startswith(("accept", "handler-"))]


def test_a_port_in_use_is_an_oserror_and_the_first_server_goes_on(start_server, bus: EventBus) -> None:
    first: LabServer = start_server()
    second = LabServer(ServerConfig(port=first.port), EventBus())
    with pytest.raises(OSError) as caught:
        second.bind()
    assert caught.value.errno is not None
    second.stop()
    assert lesson_client(first.port, b"still mine") == REPLY


def test_restart_while_old_connections_sit_in_time_wait(bus: EventBus) -> None:
    server = LabServer(ServerConfig(port=0), bus).start()
    port = server.port
    socks = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(10)]
    wait_for(lambda: server.active == 10, what="10 connections")
    server.stop()  # the server closes first, so its ends go to TIME_WAIT
    for sock in socks:
        assert sock.recv(16) == b""
        sock.close()
    # /proc/net/tcp is read in pieces while other tests open and close thousands of sockets, so a
    # read may miss some of the ten; one seen in TIME_WAIT is the case this test is about
    wait_for(lambda: time_wait_sockets(port) >= 1, what="TIME_WAIT on the old port")
    with LabServer(ServerConfig(port=port), bus) as again:
        assert again.port == port
        assert lesson_client(port, b"back") == REPLY
    assert audit(bus.history) == []


def test_the_server_vanishing_under_running_clients_ends_every_client_with_a_reason(bus: EventBus) -> None:
    server = LabServer(ServerConfig(port=0, delay=30), bus).start()
    run = ClientRun(ClientConfig(n=20, port=server.port, hold=0, timeout=10), bus).start()
    wait_for(
        lambda: sum(e.side == SERVER and e.kind == "received" for e in bus.history) == 20,
        what="20 messages waiting for replies",
    )
    server.stop()
    assert run.wait(5), "every client noticed"
    summary = summarize(bus.history, 20, run.run)
    assert (summary.ok, summary.failed) == (0, 20)
    client_errors = [e.text for e in bus.history if e.side == "client" and e.kind == "error"]
    assert client_errors == ["server closed without replying"] * 20
    assert audit(bus.history) == []
