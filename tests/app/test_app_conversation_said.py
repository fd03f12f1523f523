"""What the app lists of a connection says what happened: a chunk that ends inside a character is
the bytes it carried, under its own line; a connection's count of messages reads as one; each line
of the conversation names its side once."""

from __future__ import annotations

import itertools
import re
import socket

import pytest
from pilot_helpers import cell, until

from server_core import Event
from server_core.events import EXTRAS
from tui_app.app import LabApp
from tui_app.form import language_defaults
from tui_app.strings import LANGS, tr
from tui_app.widgets.conversation import line

SAID = {  # what the first chunk (2 bytes of 你) and the second (the rest, and 好) are said as
    "en": (
        "(+2 bytes held back: they may begin a character the next message completes)",
        "你好 (its first 2 bytes arrived in an earlier message)",
        "msg 2: ",
    ),
    "zh": (
        "（另有2字节暂存：可能是一个字符的开头，下一条消息会表明是否如此）",
        "你好（开头2字节在之前的消息中到达）",
        "第2条：",
    ),
}


def squashed(text: str) -> str:
    """``text`` without blanks: a wrapped line reads the same wherever the pane broke it."""
    return "".join(text.split())


def read_reply(sock: socket.socket, reply: bytes) -> bytes:
    data = b""
    while len(data) < len(reply) and (more := sock.recv(1024)):
        data += more
    return data


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_chunk_that_ends_inside_a_character_is_said_and_dumped_as_it_came(lang: str) -> None:
    first, second, counted = SAID[lang]
    reply = language_defaults(lang)["reply"]  # the app's server's, in its language
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.session.listening)
        server = app.lab.server
        assert server is not None
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.sendall(b"\xe4\xbd")  # the first two of 你's three bytes
            assert read_reply(sock, reply.encode()) == reply.encode()  # the server answered that chunk alone
            await until(pilot, lambda: app.table.row_count == 1 and cell(app, 0, "sent") == first)
            sock.sendall(b"\xa0\xe5\xa5\xbd")  # the end of 你, then 好
            assert read_reply(sock, reply.encode()) == reply.encode()
            await until(pilot, lambda: cell(app, 0, "sent") == f"{counted}你好", what="the second message")
            assert cell(app, 0, "got") == f"{counted}{reply}"
        await pilot.press("d")  # the bytes view
        conversation = app.conversation
        says = "says:" if lang == "en" else "说："
        await until(pilot, lambda: squashed(f"{says}{second}") in squashed("\n".join(conversation.lines)))
        text = squashed("\n".join(conversation.lines))
        assert squashed(f"{says}{first} 2 B e4 bd ◌") in text  # each chunk's bytes under its own line
        assert squashed(f"{says}{second} 4 B a0 e5 a5 bd ◌好") in text
        assert "6Be4bd" not in text
        await pilot.press("q")


VALUES = {  # an extra's value where 1 will not do; the flags off unless a variant turns one on
    "options": {},
    "step": "connect",
    "by": "you",
    "unfinished": "\\xe4",
    "stopped": False,
    "tail": False,
}


def every_event() -> list[Event]:
    """An event of every side and kind, with each text a variant of its words is chosen by (a
    stop, a plain close) and each extra that chooses one (stopped, tail) on and off."""
    events = []
    seq = itertools.count(1)
    for (side, kind), extras in EXTRAS.items():
        for text, flag in itertools.product(("x", "stopped", "closed"), ("", "stopped", "tail")):
            if flag and flag not in extras:
                continue
            extra = {name: VALUES.get(name, 1) for name in extras} | ({flag: True} if flag else {})
            peer = "127.0.0.1:2"
            events.append(Event(next(seq), 1.0, side, kind, 1, "127.0.0.1:1", peer, text, 1, extra))
    return events


@pytest.mark.parametrize("lang", LANGS)
def test_every_conversation_line_names_its_side_once(lang: str) -> None:
    said_twice = []
    for event in every_event():
        label = re.escape(tr(f"side.{event.side}", lang))
        said = line(event, lang)
        if re.search(rf"{label}\s*(->|<-)?\s*{label}", said):
            said_twice.append(said)
    assert said_twice == []
