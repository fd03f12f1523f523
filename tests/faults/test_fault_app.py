"""The app under a storm of events and hostile text: keys answered, counters exact, text literal."""

from __future__ import annotations

import asyncio
import json
import socket
from pathlib import Path

import app_storm
import pytest
from helpers import events_of
from pilot_helpers import set_field, until
from rich.text import Text

import tui_app.server_starts
from server_core import CLIENT, SERVER, is_loopback, printable
from server_core.export import write_export
from tui_app.app import LabApp
from tui_app.connections import MAX_CONNECTIONS
from tui_app.form import language_defaults
from tui_app.widgets.controls import _reasons

STORM_RATE = 5000  # events a second
STORM_SECONDS = 3.0  # the ten-second soak is ``python bench/app_storm.py``


def unwrapped(lines: list[str]) -> str:
    """What wrapped log lines say, read without the spaces a wrap adds or takes."""
    return "".join(lines).replace(" ", "")


async def test_5000_events_a_second_keep_keys_answered_and_counters_exact(tmp_path: Path) -> None:
    events = int(STORM_RATE * STORM_SECONDS)
    result = await app_storm.run(STORM_RATE, STORM_SECONDS, presses=2, events=events)
    connections = result["connections"]
    seen = {k: v for k, v in result.items() if k != "kept"}
    assert result["events"] >= events, seen
    assert (result["accepted"], result["messages"], result["active"]) == (connections, connections, 0), seen
    assert result["history"] == 1 + result["events"], seen  # listening + every storm event, none trimmed
    assert result["audit"] == [], seen
    assert result["rows"] <= MAX_CONNECTIONS, seen  # the table is trimmed; the history is not
    # keys are answered while the storm goes on, not queued behind it; how fast is for the bench
    assert result["answered_during"] >= 2, seen
    assert write_export(tmp_path / "storm.jsonl", result["kept"]) == result["history"]
    seqs = [json.loads(line)["seq"] for line in (tmp_path / "storm.jsonl").read_text().splitlines()]
    assert seqs == list(range(1, result["history"] + 1))  # the export holds every event, in order


HOSTILE = "[bold red]x[/bold red] [link=file:///etc/passwd]y[/link] \x1b[2J\x1b]0;t\x07\x9b1m\r\x00"


def raw_controls(texts: list[str]) -> list[str]:
    return [repr(c) for text in texts for c in text if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0]


async def test_hostile_text_and_a_megabyte_line_are_shown_literally() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        with socket.create_connection(("127.0.0.1", app.lab.server.port), timeout=5) as sock:
            sock.sendall(b"m" * (1 << 20))  # a megabyte: 1024 chunks, one reply each
            replies = 0
            while replies < len(language_defaults("en")["reply"].encode()) * 1024:  # the app's reply, each
                replies += len(sock.recv(1 << 16))
            sock.sendall(HOSTILE.encode() + b"\xff\xfe")
            assert sock.recv(1024)
        # a launched client whose message is hostile text and a megabyte long
        app.bus.emit(CLIENT, "sent", client=1, run=99, text=HOSTILE + "m" * (1 << 20), bytes=1 << 20)
        await until(pilot, lambda: app.session.book.active == 0, timeout=10, what="the outside client gone")
        chunks = [e for e in events_of(app.bus.history, SERVER, "received") if e.bytes]
        await until(
            pilot, lambda: app.session.book.messages == len(chunks), timeout=10, what="every chunk counted"
        )
        table = app.query_one("#clients")
        await until(pilot, lambda: table.row_count == 2, what="both rows drawn")
        table.move_cursor(row=0)  # the outside client: its whole conversation
        literal = printable(HOSTILE)
        await until(
            pilot,
            lambda: unwrapped([literal + "\\xff\\xfe"]) in unwrapped(app.conversation.lines),
            what="the outside client's conversation",
        )
        cells = [table.get_row_at(row) for row in range(table.row_count)]
        assert all(isinstance(c, Text) and not c.spans for row in cells for c in row)
        shown = [c.plain for row in cells for c in row] + [*app.events.lines, *app.conversation.lines]
        assert raw_controls(shown) == []
        assert literal.startswith("[bold red]x[/bold red] [link=file:///etc/passwd]y[/link] \\x1b[2J")
        assert cells[0][2].plain.endswith(literal + "\\xff\\xfe")  # the outside client's last message
        assert cells[1][2].plain.startswith(literal)  # the launched one's, cut to fit a cell
        pending: list = []
        await app_storm.key_round_trip(pilot, app, pending)  # the keys still work
        await asyncio.wait(pending)
        await pilot.press("q")


async def test_a_host_beyond_loopback_is_warned_about_in_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    # 127.0.0.2 is loopback; the app is made to see it as an outside address, so nothing is exposed
    monkeypatch.setattr(tui_app.server_starts, "is_loopback", lambda host: host == "127.0.0.1")
    app = LabApp(host="127.0.0.2", port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(
            pilot, lambda: any("warning: listening on 127.0.0.2" in line for line in app.events.lines)
        )
        await pilot.press("q")
    assert is_loopback("127.0.0.2") and not is_loopback("0.0.0.0") and not is_loopback("192.0.2.1")


BAD_VALUES = {  # field: values a user might type or paste, each refused with a reason
    "n": ["0", "abc", "", "10001", "-3", "1.5"],
    "order": ["sideways", "semaphore:0", "semaphore:x", "lock:2", ""],
    "hold": ["-1", "abc", "nan", "inf", "", "1e10", "１"],
    "message": [""],
    "server_order": ["sequential", "mutex", "semaphore:0"],
    "delay": ["-0.5", "x", "inf", "nan"],
    "host": ["example.com", "300.1.1.1", "", "1.2.3", "[bad]", "[b]x[/b]"],
    "port": ["70000", "-1", "http", ""],
    "accept": ["polling", "", "BLOCKING!"],
    "backlog": ["0", "abc", "2147483648", "٣"],
    "sockopts": ["SO_BOGUS=1", "TCP_NODELAY", "TCP_NODELAY=abc", "[red]SO_KEEPALIVE=1"],
}
CLIENT_SIDE = {"n", "order", "hold", "message"}


@pytest.mark.long
async def test_every_field_refuses_bad_values_with_a_reason_and_changes_nothing() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        port = app.lab.server.port
        for field, values in BAD_VALUES.items():
            good = app.query_one(f"#field-{field}").value
            for value in values:
                set_field(app, field, value)
                await pilot.press("r" if field in CLIENT_SIDE else "a")  # returns once the app is idle
                error = app.query_one(f"#error-{field}")
                reason = str(error.render())
                assert error.display, (field, value)
                with pytest.raises(ValueError) as refused:
                    app.query_one(f"#field-{field}").spec.parse(value)
                # the validator's own reason (a semaphore's width said with the form's K), with
                # what was typed shown literally (never as markup)
                assert _reasons(str(refused.value), "en")[0] in reason, (field, value, reason)
            set_field(app, field, good)
            await pilot.pause()
            assert not app.query_one(f"#error-{field}").display
        assert app.lab.runs == [] and app.lab.server is not None and app.lab.server.port == port
        await pilot.press("q")
