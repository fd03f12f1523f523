"""Crowds and failures inside the server: bursts, threads that cannot start, a handler that breaks."""

from __future__ import annotations

import socket
import threading

import pytest
from helpers import events_of, wait_for

import server_core.clients
import server_core.server
from server_core import CLIENT, SERVER, ClientConfig, ClientRun, Event, EventBus, LabServer, audit, summarize
from server_core.wire import StreamDecoder

REPLY = "收到客户端信息".encode()


def server_events(bus: EventBus, kind: str) -> list[Event]:
    return events_of(bus.history, SERVER, kind)


def ask(port: int, message: bytes, results: list) -> None:
    """Connect, send, read one reply, close; append the reply (or the error) to ``results``."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(message)
            data = b""
            while len(data) < len(REPLY) and (chunk := sock.recv(1024)):
                data += chunk
            results.append(data)
    except OSError as exc:
        results.append(exc)


def test_a_burst_of_300_simultaneous_connects_is_served_and_reconciles(start_server, bus: EventBus) -> None:
    server: LabServer = start_server(backlog=512)
    results: list = []
    go = threading.Barrier(301, timeout=10)

    def client(i: int) -> None:
        go.wait()
        ask(server.port, f"客户端{i}".encode(), results)

    threads = [threading.Thread(target=client, args=(i,), name=f"burst-{i}") for i in range(300)]
    for t in threads:
        t.start()
    go.wait()
    for t in threads:
        t.join(20)
    assert results == [REPLY] * 300
    wait_for(lambda: len(server_events(bus, "disconnected")) == 300, timeout=10, what="300 disconnects")
    assert len(server_events(bus, "accepted")) == len(server_events(bus, "replied")) == 300
    assert server.active == 0
    assert audit(bus.history) == []


def test_a_thread_that_cannot_start_refuses_one_client_only(
    start_server, bus: EventBus, monkeypatch: pytest.MonkeyPatch
) -> None:
    server: LabServer = start_server()
    real_start = threading.Thread.start

    def start(thread: threading.Thread) -> None:
        if thread.name.startswith("handler-"):
            raise RuntimeError("can't start new thread")
        real_start(thread)

    monkeypatch.setattr(threading.Thread, "start", start)
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        assert sock.recv(1024) == b"server busy: no thread to serve it\n"
    monkeypatch.undo()
    results: list = []
    ask(server.port, b"after", results)
    assert results == [REPLY]
    assert any("can't start new thread" in e.text for e in server_events(bus, "error"))
    assert server_events(bus, "refused")[0].client == 1


def test_an_error_inside_one_handler_ends_that_connection_only(
    start_server, bus: EventBus, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Fragile(StreamDecoder):
        def feed(self, chunk: bytes) -> str:
            if chunk == b"boom":
                raise ValueError("a bug in one handler")
            return super().feed(chunk)

    monkeypatch.setattr(server_core.server, "StreamDecoder", Fragile)
    server: LabServer = start_server()
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as victim:
        victim.sendall(b"boom")
        assert victim.recv(1024) == b""  # the broken handler closed its connection
    results: list = []
    ask(server.port, b"fine", results)
    assert results == [REPLY]
    wait_for(lambda: len(server_events(bus, "disconnected")) == 2, what="both closed")
    # by connection: a handler emits its disconnect after closing, so the two may come in either order
    closed = {e.client: e.text for e in server_events(bus, "disconnected")}
    assert closed == {1: "handler failed", 2: "closed by peer"}
    assert "ValueError: a bug in one handler" in server_events(bus, "error")[0].text


def test_stop_while_clients_wait_for_replies_answers_every_chunk_with_an_error(
    start_server, bus: EventBus
) -> None:
    server: LabServer = start_server(delay=30)
    socks = [socket.create_connection(("127.0.0.1", server.port), timeout=5) for _ in range(50)]
    for sock in socks:
        sock.sendall(b"waiting")
    wait_for(lambda: len(server_events(bus, "received")) == 50, what="50 chunks received")
    server.stop()
    for sock in socks:
        assert sock.recv(1024) == b""
        sock.close()
    errors = server_events(bus, "error")
    assert len(errors) == 50 and {e.text for e in errors} == {"stopped before replying"}
    assert audit(bus.history) == []


def test_client_threads_that_cannot_start_fail_their_clients_with_a_reason(
    start_server, bus: EventBus, monkeypatch: pytest.MonkeyPatch
) -> None:
    server: LabServer = start_server()
    real_start = server_core.clients.start_thread

    def start(function, args: tuple) -> int:
        if args[0] in (2, 4):
            raise RuntimeError("can't start new thread")
        return real_start(function, args)

    monkeypatch.setattr(server_core.clients, "start_thread", start)
    run = ClientRun(ClientConfig(n=5, port=server.port, hold=0), bus).start()
    assert run.wait(10)
    summary = summarize(bus.history, 5, run.run)
    assert (summary.ok, summary.failed) == (3, 2)
    errors = {e.client: e.text for e in events_of(bus.history, CLIENT, "error")}
    assert errors == {
        2: "cannot start thread: can't start new thread",
        4: "cannot start thread: can't start new thread",
    }
