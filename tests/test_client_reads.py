"""What a client reads: the whole reply, then the bytes past it counted as unread, told exactly
whether the kernel says what is left (``TCP_INFO``) or the client looks (``poll``)."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Callable, Iterator

import pytest
from helpers import events_of, wait_for

from server_core import CLIENT, ClientConfig, ClientRun, EventBus
from server_core import clients as client_module
from server_core.clients import _pending

KERNEL = client_module.TCP_INFO is not None


@pytest.fixture(params=["kernel", "looks"])
def way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """How a client learns what is left to read: the kernel's count, or a zero-wait poll (the
    way where there is no ``TCP_INFO``)."""
    if request.param == "kernel" and not KERNEL:
        pytest.skip("no TCP_INFO here")
    if request.param == "looks":
        monkeypatch.setattr(client_module, "TCP_INFO", None)
    return str(request.param)


@pytest.fixture
def pair() -> Iterator[tuple[socket.socket, socket.socket]]:
    """A connected loopback pair: (the client's end, the server's end)."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        client = socket.create_connection(listener.getsockname(), timeout=5)
        server, _ = listener.accept()
    with client, server:
        yield client, server


@pytest.mark.skipif(not KERNEL, reason="no TCP_INFO here")
def test_the_kernel_counts_what_arrived_past_what_was_read(pair: tuple[socket.socket, socket.socket]) -> None:
    client, server = pair
    assert _pending(client, 0) == 0
    server.sendall(b"hello")
    wait_for(lambda: _pending(client, 0) == 5, what="five bytes counted")
    assert client.recv(2) == b"he"
    assert _pending(client, 2) == 3
    server.shutdown(socket.SHUT_WR)  # the FIN is no byte to read
    wait_for(lambda: client.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 1) == b"\x08", what="the FIN")
    assert _pending(client, 2) == 3
    assert client.recv(10) == b"llo" and client.recv(10) == b""
    assert _pending(client, 5) == 0


@pytest.mark.skipif(not KERNEL, reason="no TCP_INFO here")
def test_after_a_reset_the_kernel_is_not_asked(pair: tuple[socket.socket, socket.socket]) -> None:
    client, server = pair
    server.sendall(b"abc")
    server.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    server.close()  # a reset: whether a FIN came before it, the count no longer says
    wait_for(lambda: _pending(client, 0) is None, what="the reset seen")


def test_without_tcp_info_nothing_is_assumed(
    pair: tuple[socket.socket, socket.socket], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client_module, "TCP_INFO", None)
    assert _pending(pair[0], 0) is None


def one_connection(serve: Callable[[socket.socket], None]) -> tuple[int, threading.Thread, socket.socket]:
    """A listener on port 0 that hands its first connection to ``serve`` on a thread."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(10)

    def accept() -> None:
        with listener:
            conn, _ = listener.accept()
            with conn:
                conn.settimeout(10)
                serve(conn)

    thread = threading.Thread(target=accept)
    thread.start()
    return listener.getsockname()[1], thread, listener


def launch(port: int, bus: EventBus, hold: float = 0.0) -> tuple[int, int | None]:
    """One client against ``port``: the bytes of its reply and its ``unread`` (None for none)."""
    run = ClientRun(ClientConfig(n=1, port=port, hold=hold, timeout=5), bus).start()
    assert run.wait(10)
    assert not events_of(bus.history, CLIENT, "error")
    received = events_of(bus.history, CLIENT, "received")[0]
    closed = events_of(bus.history, CLIENT, "disconnected")[0]
    return received.bytes or 0, (closed.extra or {}).get("unread")


def test_a_reply_of_many_recvs_that_has_arrived_is_read_whole(way: str, bus: EventBus) -> None:
    reply = b"r" * 5000  # five recvs of 1024 bytes

    def serve(conn: socket.socket) -> None:
        conn.recv(1024)
        conn.sendall(reply)
        conn.recv(1024)  # until the client closes

    port, thread, _ = one_connection(serve)
    assert launch(port, bus) == (5000, None)
    thread.join(10)


def test_a_reply_and_the_servers_close_leave_nothing_unread(way: str, bus: EventBus) -> None:
    def serve(conn: socket.socket) -> None:
        conn.recv(1024)
        conn.sendall(b"reply and goodbye")

    port, thread, _ = one_connection(serve)
    assert launch(port, bus) == (17, None)
    thread.join(10)


@pytest.mark.parametrize("end", ["open", "closed", "reset"])
def test_bytes_past_the_reply_are_counted_however_the_server_ends(way: str, end: str, bus: EventBus) -> None:
    more = b"x" * 3000

    def serve(conn: socket.socket) -> None:
        conn.recv(1024)
        conn.sendall(b"reply")
        wait_for(lambda: events_of(bus.history, CLIENT, "received"), what="the reply read")
        conn.sendall(more)
        if end == "reset":
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        elif end == "open":
            conn.recv(1024)  # until the client closes

    port, thread, _ = one_connection(serve)
    assert launch(port, bus, hold=0.5) == (5, len(more))  # the hold lets the bytes past the reply come
    thread.join(10)
