"""A character cut at a chunk's end is said truly whichever way it ends: completed by the next
chunk, or left unfinished by the close. The first chunk's words promise nothing that may not come."""

from __future__ import annotations

import socket

import pytest
from helpers import events_of, wait_for

from server_core import SERVER, EventBus, LabServer
from tui_app.strings import describe

SAID = {  # the cut chunk, then the bytes the close left unfinished
    "en": (
        "#1 says: (+2 bytes held back: the start of a character cut at this message's end)",
        "#1 says: \\xe4\\xbd (the start of a character, left unfinished when the connection ended)",
    ),
    "zh": (
        "#1 说：（另有2字节暂存：一个字符的开头，在本条消息末尾被截断）",
        "#1 说：\\xe4\\xbd（一个字符的开头，连接结束时仍未补全）",
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_character_the_close_cuts_is_said_as_cut_not_as_shown_later(
    server: LabServer, bus: EventBus, lang: str
) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(b"\xe4\xbd")  # two of 你's three bytes, then the close
        wait_for(lambda: events_of(bus.history, SERVER, "replied"), what="the chunk answered")
    wait_for(lambda: events_of(bus.history, SERVER, "disconnected"), what="disconnected")
    received = events_of(bus.history, SERVER, "received")
    assert [describe(event, lang) for event in received] == list(SAID[lang])
