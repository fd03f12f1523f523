"""The three accept modes on real loopback sockets: each serves, each stops within a second."""

from __future__ import annotations

import fcntl
import os
import socket
import time

import pytest
from helpers import kinds, lesson_client, wait_for

from server_core import ACCEPT_MODES, EventBus, LabServer, ServerConfig
from server_core.accepting import Acceptor


def nobody_waiting(bus: EventBus) -> list:
    return [e for e in bus.history if e.kind == "nobody_waiting"]


@pytest.mark.parametrize("mode", ACCEPT_MODES)
def test_every_mode_serves_and_stops_within_a_second(mode: str, bus: EventBus) -> None:
    srv = LabServer(ServerConfig(port=0, accept=mode), bus).start()
    try:
        assert lesson_client(srv.port, b"hi") == "收到客户端信息".encode()
        held = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
        wait_for(
            lambda: (
                kinds(bus.history).count("accepted") == 2
                and kinds(bus.history).count("disconnected") == 1
                and srv.active == 1
            ),
            what="a held connection",
        )
    finally:
        started = time.monotonic()
        srv.stop()
    assert time.monotonic() - started < 1.0
    assert held.recv(16) == b""
    held.close()
    listening = next(e for e in bus.history if e.kind == "listening")
    assert listening.extra["accept"] == mode
    assert kinds(bus.history).count("accepted") == 2


@pytest.mark.parametrize("mode", ACCEPT_MODES)
def test_every_mode_hands_over_a_blocking_descriptor_and_the_peer(mode: str) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        acceptor = Acceptor(listener, mode, poll=0.05)
        with socket.create_connection(listener.getsockname(), timeout=5) as client:
            conn, peer = wait_for(acceptor.accept, what="the connection")
            with conn:
                assert conn.gettimeout() is None
                assert not fcntl.fcntl(conn.fileno(), fcntl.F_GETFL) & os.O_NONBLOCK
                assert peer == client.getsockname()
        acceptor.close()


@pytest.mark.parametrize("mode", ["timeout", "nonblocking"])
def test_polling_modes_report_how_often_nobody_was_waiting(mode: str, bus: EventBus) -> None:
    with LabServer(ServerConfig(port=0, accept=mode), bus):
        report = wait_for(lambda: nobody_waiting(bus), timeout=5, what="a report")[0]
    assert report.extra == {"accept": mode, "count": report.extra["count"]}
    assert report.extra["count"] >= 2  # a second of polling every 0.1 s finds nobody many times


def test_blocking_mode_never_finds_nobody(bus: EventBus) -> None:
    with LabServer(ServerConfig(port=0), bus) as srv:
        lesson_client(srv.port, b"x")
        wait_for(lambda: any(e.kind == "disconnected" for e in bus.history))
    assert nobody_waiting(bus) == []


def test_nonblocking_accept_returns_at_once_when_nobody_waits() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        acceptor = Acceptor(listener, "nonblocking", poll=0.0)
        started = time.monotonic()
        assert acceptor.accept() is None
        assert time.monotonic() - started < 0.5
        assert acceptor.nobody_waiting == 1
        with socket.create_connection(listener.getsockname(), timeout=5):
            conn, _ = wait_for(acceptor.accept, what="the connection")
            assert conn.gettimeout() is None  # handlers get an ordinary blocking socket
            conn.close()
        acceptor.close()


def test_unknown_accept_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="accept mode"):
        ServerConfig(accept="polling")
