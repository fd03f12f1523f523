"""Peers that misbehave: reset, half-close, never read, go silent, crawl, or crowd in."""

from __future__ import annotations

import contextlib
import socket
import struct
import time

from helpers import events_of, wait_for

from server_core import SERVER, Event, EventBus, LabServer

REPLY = "收到客户端信息".encode()


def server_events(bus: EventBus, kind: str, client: int | None = None) -> list[Event]:
    return events_of(bus.history, SERVER, kind, client)


def connect(server: LabServer) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=5)


def still_serves(server: LabServer) -> None:
    """A fresh client gets the reply (the server kept serving everyone else)."""
    with connect(server) as sock:
        sock.sendall(b"still there?")
        assert sock.recv(1024) == server.config.reply.encode()


def test_a_peer_that_resets_mid_stream_is_reported_and_others_go_on(start_server, bus: EventBus) -> None:
    server: LabServer = start_server(delay=0.2)
    sock = connect(server)
    sock.sendall(b"first part")
    wait_for(lambda: server_events(bus, "received"), what="the first part")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()  # linger 0: an RST instead of a FIN, while the server is about to reply
    wait_for(lambda: server_events(bus, "disconnected"), what="disconnected")
    assert server_events(bus, "received")[0].text == "first part"
    assert server_events(bus, "error"), "the reset is reported"
    still_serves(server)


def test_a_half_closed_peer_still_gets_its_reply(start_server, bus: EventBus) -> None:
    server: LabServer = start_server(delay=0.1)
    with connect(server) as sock:
        sock.sendall("客户端1连接成功".encode())
        sock.shutdown(socket.SHUT_WR)  # "I have said everything", still reading
        data = b""
        while chunk := sock.recv(1024):
            data += chunk
    assert data == REPLY
    wait_for(lambda: server_events(bus, "disconnected"), what="disconnected")
    assert server_events(bus, "disconnected")[0].text == "closed by peer"


def test_a_peer_that_never_reads_is_dropped_alone(start_server, bus: EventBus) -> None:
    server: LabServer = start_server(reply="r" * (256 << 10), send_timeout=0.5)
    with connect(server) as deaf:
        deaf.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        for _ in range(64):  # each chunk asks for a 256 KiB reply it never reads
            try:
                deaf.sendall(b"x" * 1024)
            except OSError:
                break
            if server_events(bus, "disconnected"):
                break
            time.sleep(0.005)
        wait_for(lambda: server_events(bus, "disconnected"), what="the deaf peer dropped")
        [gone] = server_events(bus, "disconnected")
        assert gone.text == "send timeout"
        assert any("not taken within 0.5 s" in e.text for e in server_events(bus, "error"))
        with connect(server) as reader:
            reader.sendall(b"hello")
            got = b""
            while len(got) < 256 << 10:
                got += reader.recv(1 << 16)
    assert got == b"r" * (256 << 10)


def test_an_idle_peer_is_closed_after_the_idle_timeout(start_server, bus: EventBus) -> None:
    server: LabServer = start_server(idle_timeout=0.3)
    with connect(server) as idle:
        started = time.monotonic()
        assert idle.recv(1024) == b""  # the server closed it
        waited = time.monotonic() - started
    assert 0.25 <= waited < 3
    wait_for(lambda: server_events(bus, "disconnected"), what="disconnected")  # emitted after the close
    assert server_events(bus, "disconnected")[0].text == "idle timeout"
    assert any("silent for 0.3 s" in e.text for e in server_events(bus, "error"))


def test_idle_peers_stay_when_no_idle_timeout_is_set(start_server, bus: EventBus) -> None:
    server: LabServer = start_server()
    with connect(server) as idle:
        wait_for(lambda: server.active == 1, what="the idle peer accepted")
        still_serves(server)
        wait_for(lambda: server.active == 1, what="only the idle peer left")
        idle.sendall(b"late")
        assert idle.recv(1024) == REPLY


def test_a_very_slow_peer_is_served_byte_by_byte_beside_a_fast_one(start_server, bus: EventBus) -> None:
    # an idle timeout far above the pauses, which a loaded machine stretches (the test's own
    # thread waits for the CPU between bytes too): the slow peer is slow, never silent
    server: LabServer = start_server(idle_timeout=5.0, reply="k")
    with connect(server) as slow:
        slow.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for byte in b"slowly":
            slow.sendall(bytes([byte]))
            assert slow.recv(1) == b"k"
            still_serves(server)
            time.sleep(0.05)  # the slowness under test, well inside the idle timeout
    wait_for(lambda: len(server_events(bus, "disconnected")) == 7, what="all closed")
    slow_client = server_events(bus, "accepted")[0].client
    assert "".join(e.text for e in server_events(bus, "received", slow_client)) == "slowly"


def test_extra_clients_over_the_cap_are_told_why_and_closed(start_server, bus: EventBus) -> None:
    server: LabServer = start_server(max_clients=2)
    with connect(server) as one, connect(server) as two:
        wait_for(lambda: server.active == 2, what="two served")
        with connect(server) as three:
            line = three.recv(1024)
            assert three.recv(1024) == b""
        assert line == b"server busy: at most 2 clients at once\n"
        for sock in (one, two):
            sock.sendall(b"x")
            assert sock.recv(1024) == REPLY
    refused = server_events(bus, "refused")
    assert [e.text for e in refused] == ["at most 2 clients at once"]
    wait_for(lambda: server.active == 0, what="all gone")
    still_serves(server)


def test_a_refused_client_that_already_sent_data_still_reads_why(start_server, bus: EventBus) -> None:
    server: LabServer = start_server(max_clients=1)
    with connect(server):
        wait_for(lambda: server.active == 1, what="one served")
        with connect(server) as extra:
            with contextlib.suppress(OSError):
                extra.sendall(b"let me in")
            assert extra.recv(1024).startswith(b"server busy")
