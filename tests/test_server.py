"""The server on real loopback sockets: replies, decoding, events and a clean stop."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from helpers import events_of, kinds, lesson_client, wait_for

from server_core import SERVER, Event, EventBus, LabServer, ServerConfig


def server_events(bus: EventBus, kind: str) -> list[Event]:
    return events_of(bus.history, SERVER, kind)


def test_lesson_style_client_gets_the_lesson_reply(server: LabServer, bus: EventBus) -> None:
    assert lesson_client(server.port, "客户端1连接成功".encode()) == "收到客户端信息".encode()
    wait_for(lambda: server_events(bus, "disconnected"), what="disconnected")
    assert kinds(bus.history, SERVER, client=1) == ["accepted", "received", "replied", "disconnected"]
    assert server_events(bus, "received")[0].text == "客户端1连接成功"
    assert server_events(bus, "disconnected")[0].text == "closed by peer"


def test_listening_reports_the_chosen_port(server: LabServer, bus: EventBus) -> None:
    listening = server_events(bus, "listening")[0]
    assert server.port != 0
    assert listening.local == f"127.0.0.1:{server.port}"


def test_split_multibyte_character_decodes_exactly(server: LabServer, bus: EventBus) -> None:
    data = ("a" * 1023 + "中文").encode()  # the 1024-byte boundary falls inside 中
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(data[:1024])
        wait_for(lambda: server_events(bus, "received"))
        sock.sendall(data[1024:])
        wait_for(lambda: len(server_events(bus, "received")) == 2)
    texts = [e.text for e in server_events(bus, "received")]
    assert texts[0] == "a" * 1023
    assert "".join(texts) == "a" * 1023 + "中文"
    assert sum(e.bytes for e in server_events(bus, "received")) == len(data)


def test_invalid_utf8_is_escaped_not_dropped(server: LabServer, bus: EventBus) -> None:
    lesson_client(server.port, b"ok\xff\xfe!")
    wait_for(lambda: server_events(bus, "received"))
    assert server_events(bus, "received")[0].text == "ok\\xff\\xfe!"


@pytest.mark.parametrize("read_reply", [True, False], ids=["closed", "reset"])
def test_incomplete_tail_at_close_is_reported(server: LabServer, bus: EventBus, read_reply: bool) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall("x中".encode()[:2])
        wait_for(lambda: server_events(bus, "replied"))
        if read_reply:
            sock.recv(1024)  # else the close with unread data resets the connection
    wait_for(lambda: server_events(bus, "disconnected"))
    assert "".join(e.text for e in server_events(bus, "received")) == "x\\xe4"


def test_every_chunk_gets_the_reply_after_the_delay(bus: EventBus) -> None:
    config = ServerConfig(port=0, delay=0.2, reply="ack")
    with LabServer(config, bus) as srv, socket.create_connection(("127.0.0.1", srv.port), timeout=5) as sock:
        started = time.monotonic()
        sock.sendall(b"one")
        assert sock.recv(1024) == b"ack"
        assert time.monotonic() - started >= 0.2
        sock.sendall(b"two")
        assert sock.recv(1024) == b"ack"
    assert [e.text for e in server_events(bus, "received")] == ["one", "two"]


def test_client_local_equals_server_peer(server: LabServer, bus: EventBus) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        local = "{}:{}".format(*sock.getsockname())
        wait_for(lambda: server_events(bus, "accepted"))
    assert server_events(bus, "accepted")[0].peer == local


def test_stop_wakes_clients_blocked_in_recv_and_leaves_no_thread(bus: EventBus) -> None:
    srv = LabServer(ServerConfig(port=0), bus).start()
    socks = [socket.create_connection(("127.0.0.1", srv.port), timeout=5) for _ in range(5)]
    wait_for(lambda: srv.active == 5, what="5 connections")
    started = time.monotonic()
    srv.stop()
    assert time.monotonic() - started < 1.0
    assert not [t for t in threading.enumerate() if t.name.startswith(("accept", "handler-"))]
    assert len(server_events(bus, "disconnected")) == 5
    assert server_events(bus, "stopped")
    for sock in socks:
        assert sock.recv(1024) == b""  # the server closed its end
        sock.close()
    with socket.socket() as again:  # the port is free at once
        again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        again.bind(("127.0.0.1", srv.port))


def test_stop_wakes_handlers_waiting_for_the_lock(bus: EventBus) -> None:
    from server_core import parse_order

    srv = LabServer(ServerConfig(port=0, order=parse_order("lock")), bus).start()
    socks = [socket.create_connection(("127.0.0.1", srv.port), timeout=5) for _ in range(3)]
    wait_for(lambda: len(server_events(bus, "waiting")) == 3)
    started = time.monotonic()
    srv.stop()
    assert time.monotonic() - started < 1.0
    assert len(server_events(bus, "disconnected")) == 3
    for sock in socks:
        sock.close()


def test_busy_port_raises_oserror_and_leaves_nothing_open(server: LabServer) -> None:
    other = LabServer(ServerConfig(port=server.port))
    with pytest.raises(OSError):
        other.bind()


def test_stop_is_idempotent_and_works_without_start(bus: EventBus) -> None:
    srv = LabServer(ServerConfig(port=0), bus)
    srv.bind()
    srv.stop()
    srv.stop()
    assert len(server_events(bus, "stopped")) == 1


def test_seq_is_gapless_under_many_threads(server: LabServer, bus: EventBus) -> None:
    threads = [threading.Thread(target=lesson_client, args=(server.port, b"hi")) for _ in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    wait_for(lambda: len(server_events(bus, "disconnected")) == 40)
    seqs = [e.seq for e in bus.history]
    assert seqs == list(range(1, len(seqs) + 1))
    assert [e.t for e in bus.history] == sorted(e.t for e in bus.history)


def test_serve_forever_on_a_caller_thread_stops_too(bus: EventBus) -> None:
    srv = LabServer(ServerConfig(port=0), bus)
    srv.bind()
    worker = threading.Thread(target=srv.serve_forever, name="accept-worker")
    worker.start()
    assert lesson_client(srv.port, b"x")
    srv.stop()
    worker.join(1)
    assert not worker.is_alive()
