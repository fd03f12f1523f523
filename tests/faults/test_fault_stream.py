"""Bytes on the wire in awkward shapes: merged, split, cut inside a character, invalid, huge."""

from __future__ import annotations

import contextlib
import socket

from helpers import events_of, wait_for

from server_core import SERVER, Event, EventBus, LabServer

REPLY = "收到客户端信息".encode()


def server_events(bus: EventBus, kind: str) -> list[Event]:
    return events_of(bus.history, SERVER, kind)


def received_text(bus: EventBus) -> str:
    return "".join(e.text for e in server_events(bus, "received"))


def read_exactly(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            break
        data += chunk
    return data


def test_messages_merged_in_one_chunk_are_received_whole_and_answered(start_server, bus: EventBus) -> None:
    server: LabServer = start_server()
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall("客户端1连接成功客户端2连接成功客户端3连接成功".encode())
        wait_for(lambda: server_events(bus, "replied"), what="a reply")
        assert read_exactly(sock, len(REPLY)) == REPLY
    wait_for(lambda: server_events(bus, "disconnected"), what="disconnected")
    assert received_text(bus) == "客户端1连接成功客户端2连接成功客户端3连接成功"
    assert len(server_events(bus, "received")) == len(server_events(bus, "replied")) == 1


def test_a_message_split_byte_by_byte_decodes_exactly(start_server, bus: EventBus) -> None:
    server: LabServer = start_server()
    message = "客户端1连接成功".encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for i, byte in enumerate(message, start=1):
            sock.sendall(bytes([byte]))
            wait_for(lambda i=i: len(server_events(bus, "replied")) == i, what=f"reply {i}")
        assert read_exactly(sock, len(REPLY) * len(message)) == REPLY * len(message)
    wait_for(lambda: server_events(bus, "disconnected"), what="disconnected")
    assert received_text(bus) == "客户端1连接成功"
    assert [e.bytes for e in server_events(bus, "received")] == [1] * len(message)
    assert [e.text for e in server_events(bus, "received") if e.text] == list("客户端1连接成功")


def test_a_character_across_the_1024_byte_boundary_arrives_whole(start_server, bus: EventBus) -> None:
    server: LabServer = start_server()
    data = ("x" * 1022 + "中" + "y" * 10).encode()  # 中 is bytes 1022..1024: cut by the first recv
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(data)
        wait_for(lambda: sum(e.bytes for e in server_events(bus, "received")) == len(data), what="all bytes")
    wait_for(lambda: server_events(bus, "disconnected"), what="disconnected")
    texts = [e.text for e in server_events(bus, "received")]
    assert "".join(texts) == "x" * 1022 + "中" + "y" * 10
    assert "\\x" not in "".join(texts)  # nothing replaced by escapes


def test_invalid_utf8_is_shown_escaped_and_the_connection_goes_on(start_server, bus: EventBus) -> None:
    server: LabServer = start_server()
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(b"\xff\xfe\xc0\x80bad")
        assert read_exactly(sock, len(REPLY)) == REPLY
        sock.sendall("好".encode())
        assert read_exactly(sock, len(REPLY)) == REPLY
    wait_for(lambda: server_events(bus, "disconnected"), what="disconnected")
    assert received_text(bus) == "\\xff\\xfe\\xc0\\x80bad好"


def test_a_message_far_larger_than_any_buffer_is_read_in_bounded_chunks(start_server, bus: EventBus) -> None:
    server: LabServer = start_server(reply="k")
    size = 4 << 20  # 4 MiB, past every socket buffer, within the byte budget
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(b"m" * size)
        sock.shutdown(socket.SHUT_WR)
        replies = read_exactly(sock, size)  # one "k" per chunk; the peer closes after the last
    wait_for(lambda: server_events(bus, "disconnected"), what="disconnected")
    received = server_events(bus, "received")
    assert sum(e.bytes for e in received) == size
    assert max(e.bytes for e in received) <= 1024
    assert len(replies) == len(received) == len(server_events(bus, "replied"))


def test_a_connection_over_its_byte_budget_is_closed_and_others_go_on(start_server, bus: EventBus) -> None:
    server: LabServer = start_server(max_bytes=64 << 10)
    with (
        socket.create_connection(("127.0.0.1", server.port), timeout=5) as greedy,
        socket.create_connection(("127.0.0.1", server.port), timeout=5) as polite,
    ):
        greedy.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        with contextlib.suppress(OSError):  # the server may close while we still send: the point
            greedy.sendall(b"g" * (1 << 20))
        wait_for(lambda: server_events(bus, "disconnected"), what="the greedy one dropped")
        polite.sendall(b"hi")
        assert read_exactly(polite, len(REPLY)) == REPLY
    wait_for(lambda: len(server_events(bus, "disconnected")) == 2, what="both closed")
    dropped, finished = server_events(bus, "disconnected")
    assert (dropped.text, finished.text) == ("byte limit", "closed by peer")
    assert any("more than 65536 bytes" in e.text for e in server_events(bus, "error"))
    assert (
        sum(e.bytes for e in server_events(bus, "received") if e.client == dropped.client)
        <= (64 << 10) + 1024
    )
