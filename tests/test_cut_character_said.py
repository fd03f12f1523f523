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
        "#1 says: (+2 bytes held back: they may begin a character the next message completes)",
        "#1 says: \\xe4\\xbd (the start of a character, left unfinished when the connection ended)",
    ),
    "zh": (
        "#1 说：（另有2字节暂存：可能是一个字符的开头，下一条消息会表明是否如此）",
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


NEVER_COMPLETED = {  # bytes held back that the next message shows were no character's start
    "en": (
        "#1 says: ab (+2 bytes held back: they may begin a character the next message completes)",
        "#1 says: \\xe4\\xbd\\xff\\xfecd (its first 2 bytes arrived in an earlier message)",
    ),
    "zh": (
        "#1 说：ab（另有2字节暂存：可能是一个字符的开头，下一条消息会表明是否如此）",
        "#1 说：\\xe4\\xbd\\xff\\xfecd（开头2字节在之前的消息中到达）",
    ),
}


@pytest.mark.timeout(20)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_bytes_held_back_that_no_character_completes_were_never_said_to_be_one(
    server: LabServer, bus: EventBus, lang: str
) -> None:
    """e4 bd at a message's end, then ff fe: no character ever began there, and the first
    message's words did not say one did (they said "the start of a character cut here")."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(b"ab\xe4\xbd")
        wait_for(lambda: len(events_of(bus.history, SERVER, "replied")) == 1, what="the first answered")
        sock.sendall(b"\xff\xfecd")
        wait_for(lambda: len(events_of(bus.history, SERVER, "replied")) == 2, what="the second answered")
    received = events_of(bus.history, SERVER, "received")
    assert [describe(event, lang) for event in received] == list(NEVER_COMPLETED[lang])
