"""A chunk that ends inside a character: each ``received`` says which bytes were its own, so the
bytes of every chunk can be told from its event alone (``carried`` and ``unfinished``)."""

from __future__ import annotations

import json
import socket

import pytest
from helpers import events_of, wait_for

from server_core import SERVER, Event, EventBus, LabServer
from server_core.export import chrome_trace
from server_core.jsonl import event_line
from server_core.wire import to_bytes

REPLY = "收到客户端信息".encode()


def read_exactly(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size and (more := sock.recv(size - len(data))):
        data += more
    return data


def own_bytes(event: Event) -> bytes:
    """The bytes the chunk of a ``received`` brought, from the event alone: the last ``bytes`` of
    its text and the start of a character it held back."""
    extra = event.extra or {}
    data = to_bytes(event.text or "") + to_bytes(extra.get("unfinished", ""))
    assert extra.get("carried", 0) == len(data) - (event.bytes or 0)
    return data[len(data) - (event.bytes or 0) :]


@pytest.mark.parametrize(
    "chunks",
    [
        [b"\xe4\xbd", b"\xa0\xe5\xa5\xbd"],  # 你 cut after two of its bytes, then 好 whole
        [b"a\xe4", b"\xbd", b"\xa0b", b"\xff\xe5", b"\xa5"],  # cut twice in one character; a bad byte
        [b"\xe4\xbd", b"A"],  # a start that never ends: its bytes come as escapes in the next text
    ],
)
def test_every_chunk_cut_inside_a_character_tells_its_own_bytes(
    start_server, bus: EventBus, chunks: list[bytes]
) -> None:
    server: LabServer = start_server()
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for chunk in chunks:
            sock.sendall(chunk)  # the next goes once this one is answered: every chunk read alone
            assert read_exactly(sock, len(REPLY)) == REPLY
    wait_for(lambda: events_of(bus.history, SERVER, "disconnected"), what="disconnected")
    received = events_of(bus.history, SERVER, "received")
    assert [own_bytes(e) for e in received if not (e.extra or {}).get("tail")] == chunks
    assert to_bytes("".join(e.text or "" for e in received)) == b"".join(chunks)  # the stream, whole


def test_a_cut_chunk_is_said_with_the_bytes_it_held_back(start_server, bus: EventBus) -> None:
    server: LabServer = start_server()
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        for chunk in (b"\xe4\xbd", b"\xa0\xe5\xa5\xbd"):
            sock.sendall(chunk)
            assert read_exactly(sock, len(REPLY)) == REPLY
    first, second = events_of(bus.history, SERVER, "received")[:2]
    assert (first.text, first.bytes, first.extra) == ("", 2, {"unfinished": "\\xe4\\xbd"})
    assert (second.text, second.bytes, second.extra) == ("你好", 4, {"carried": 2})
    assert json.loads(event_line(first))["unfinished"] == "\\xe4\\xbd"  # the export says it too
    trace = chrome_trace(list(bus.history))["traceEvents"]
    slices = [e["args"] for e in trace if e.get("name") == "received"]
    assert [(a["text"], a["bytes"], a.get("unfinished"), a.get("carried")) for a in slices] == [
        ("", 2, "\\xe4\\xbd", None),
        ("你好", 4, None, 2),
    ]
