"""The JSON line of an event, built from pieces, is exactly the JSON of its dict."""

from __future__ import annotations

import json

from server_core.events import Event
from server_core.jsonl import event_line, json_line

EVENTS = [
    Event(1, 0.0, "server", "listening", None, "127.0.0.1:8888", extra={"backlog": 128, "order": "free"}),
    Event(2, 0.1234567891, "client", "connected", 3, "127.0.0.1:5000", "127.0.0.1:8888", extra={"run": 1}),
    Event(3, 2.5, "client", "received", 3, text="客户端\x1b[31m\x85\u202e\"\\", bytes=17, extra={"run": 2}),
    Event(4, 1e-7, "client", "connected", 1, extra={"run": 1, "options": {"TCP_NODELAY": 1}}),
    Event(5, 3.0, "server", "error", 7, text="line\nbreak\x7f", extra={"refused": True, "ratio": 0.5}),
    Event(6, 4.0, "client", "launched", extra={"run": 1, "order": "free", "hold": 1.0, "n": 3}),
    Event(7, 5.0, "server", "odd", 1, extra={"text": "an extra named like a core field"}),
    Event(8, 6, "client", "sent", 2, text="", bytes=0, extra={"run": None}),
]


def test_event_line_is_the_json_of_the_events_dict() -> None:
    for event in EVENTS:
        assert event_line(event) == json_line(event.to_dict())
        assert json.loads(event_line(event)) == json.loads(json.dumps(event.to_dict()))


def test_unsafe_characters_are_escaped_and_nothing_else_is() -> None:
    line = event_line(EVENTS[2])
    assert "\\u001b" in line and "\\u0085" in line and "\\u202e" in line and "客户端" in line
    assert event_line(EVENTS[1]).isascii()


def test_every_character_escaped_for_a_terminal_is_unprintable() -> None:
    # event_line and wire.printable return a printable line without searching it: that holds
    # only while every character they escape is one str.isprintable() rejects
    from server_core import jsonl, wire

    escaped = [chr(c) for c in [*jsonl._ESCAPES, *wire._CONTROL]]
    assert escaped and not any(c.isprintable() for c in escaped)
    assert event_line(Event(1, 0.0, "client", "sent", 1, text="a\x7fb")).count("\\u007f") == 1


def test_a_character_that_takes_no_room_is_shown_as_an_escape() -> None:
    """A zero-width space from a peer was shown raw: "zw\u200b" read as "zw" on the screen."""
    from server_core import printable

    for hidden in ("\u200b", "\u2060", "\ufeff"):
        assert printable(f"zw{hidden}x") == f"zw\\u{ord(hidden):04x}x"
        assert f"\\u{ord(hidden):04x}" in event_line(Event(1, 0.0, "client", "sent", 1, text=f"zw{hidden}"))
