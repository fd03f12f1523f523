"""What the main screen shows at 80x24 (and 120x40): the clients table's columns whole, an outside
client named once, the bytes view's rows in line, the events pane showing what happened."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest
from layout_stage import screen_text
from pilot_helpers import SHORT, cell, run_ended_before_its_closes, set_field, until
from rich.cells import cell_len

from server_core import CLIENT, SERVER, Event, EventBus, Kind
from server_core.export import write_export
from server_core.recording import read_recording
from server_core.stepping import ThreadView
from server_core.wire import decode
from tui_app.app import LabApp
from tui_app.form import language_defaults
from tui_app.screens.timeline import TimelineScreen
from tui_app.strings import tr
from tui_app.verdict import ORDER_KEYS
from tui_app.widgets.conversation import byte_lines
from tui_app.widgets.following_log import TIME_CELLS, WRAP_INDENT, FollowingLog

REPLY = language_defaults("en")["reply"].encode()  # the English app's server's


def connected_clients(bus: EventBus, base: int) -> list[int]:
    """Run 1 of three clients, each connected from port ``base`` + its number and accepted; their
    numbers."""
    bus.emit(CLIENT, Kind.LAUNCHED, run=1, order="free", n=3, hold=0.0)
    for client in (1, 2, 3):
        bus.emit(CLIENT, Kind.CONNECTED, client, local=f"127.0.0.1:{base + client}", run=1)
        bus.emit(SERVER, Kind.ACCEPTED, client, peer=f"127.0.0.1:{base + client}", local="127.0.0.1:1")
    return [1, 2, 3]


def talk(port: int, message: bytes) -> socket.socket:
    """An outside client that sent ``message`` and read the server's reply; left open."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(message)
    data = b""
    while len(data) < len(REPLY) and (more := sock.recv(1024)):
        data += more
    assert data == REPLY
    return sock


async def test_the_top_rows_mark_stands_in_the_time_column_over_a_messages_bytes() -> None:
    """Scrolled to a message's first row of bytes, the view marks the row as continued with ``…``
    where a time ends: the mark stood a cell left of every other row's time (three for a longer
    byte count)."""
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.session.listening)
        assert app.lab.server is not None
        with talk(app.lab.server.port, b"hello there") as sock:
            sock.sendall(b"and again")  # rows below the first message's bytes: the view scrolls to them
            assert sock.recv(1024)
            await until(pilot, lambda: app.session.book.messages == 2, what="the replies")
            await pilot.press("d")
            shown = app.conversation
            await until(pilot, lambda: any("11 B  68 65" in row for row in shown.lines), what="the bytes")
            row = next(y for y, text in enumerate(shown.lines) if "11 B  68 65" in text)
            shown.scroll_to(y=row, animate=False, immediate=True)
            await until(pilot, lambda: round(shown.scroll_y) == row, what="scrolled to the bytes")
            top = shown.render_line(0).text
            assert top[: TIME_CELLS - 1].strip() == "" and top[TIME_CELLS - 1 : TIME_CELLS + 1] == "… ", top
            assert top[WRAP_INDENT:].rstrip() == shown.lines[row][WRAP_INDENT:]  # the row's own text in place
        await pilot.press("q")


HELD = [ThreadView(CLIENT, 1, n, f"r1.{n}", "held", "send", None, None) for n in range(1, 7)]


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_threads_panes_scrollbar_stands_against_its_border(lang: str) -> None:
    """Six threads in a pane of three rows at 80x24: its scrollbar stood a cell inside the border
    (Textual draws it inside the padding), a stray mark; so did the controls pane's."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        app.lab.stepper.snapshot = lambda: list(HELD)  # type: ignore[method-assign]
        set_field(app, "hold", "x")  # a reason under a field: the form has more rows than its pane
        await pilot.press("p")
        pane = app.step_pane
        await until(pilot, lambda: pane.option_count == len(HELD), what="the threads listed")
        await until(pilot, lambda: pane.show_vertical_scrollbar, what="more threads than rows")
        await until(pilot, lambda: app.controls.show_vertical_scrollbar, what="more fields than rows")
        for box in (pane, app.query_one("#controls")):
            bar = box.vertical_scrollbar.region
            assert bar.right == box.region.right - 1, (box.id, bar, box.region)  # the border's cell next
        await pilot.press("q")


def pane_rows(log: FollowingLog) -> list[str]:
    """The rows the pane shows, as text."""
    return [log.render_line(y).text.rstrip() for y in range(log.scrollable_content_region.height)]


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_at_startup_the_events_pane_shows_the_listening_lines_start(lang: str) -> None:
    """In a four-row events pane (80x24 then, 80x15 now) the listening line wraps to more rows:
    the pane showed its tail (``TCP_NODELAY=0 SO_BROADCAST=0 backlog=128)``), not what happened."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=SHORT) as pilot:
        log = app.events
        await until(pilot, lambda: log.line_count > log.scrollable_content_region.height, what="a tall line")
        await until(pilot, lambda: log.scroll_y == log.following_y(), what="following")
        start = tr("server.listening", lang, local="", order="", accept="", options="")[:4]
        assert start in pane_rows(log)[0], pane_rows(log)
        assert log.following and log.waiting == 0
        await pilot.press("q")


async def test_a_runs_summary_stays_in_view_above_its_servers_closes_that_came_after_it() -> None:
    """In a four-row events pane (80x24 then, 80x15 now) the server's ``disconnected`` lines of
    the run's last millisecond came after its summary (the server's process saw the closes after
    the clients had finished) and pushed the summary out of the pane's four rows. It stays; the
    closes are below it, in their order."""
    app = LabApp(port=0)
    async with app.run_test(size=SHORT) as pilot:
        await pilot.pause()
        run_ended_before_its_closes(app.bus)
        app.draw_now()
        log = app.events
        lines = log.logical_lines()
        done = next(i for i, line in enumerate(lines) if "run 1 done" in line)
        assert ["#7" in line for line in lines[done + 1 :]] == [True, False, False]  # the true order kept
        await until(pilot, lambda: any("run 1" in row for row in pane_rows(log)), what="the summary in view")
        assert log.following
        assert any("#7" in row for row in pane_rows(log))  # in view under the summary: not below
        await until(pilot, lambda: "new below: 2" in str(log.border_subtitle), what="the closes said below")
        app.bus.emit(SERVER, Kind.ACCEPTED, 10, peer="127.0.0.1:50000")  # a later line: followed again
        app.draw_now()
        await until(pilot, lambda: any("#10" in row for row in pane_rows(log)), what="the new line in view")
        await until(pilot, lambda: log.scroll_y == log.max_scroll_y, what="at the end again")
        await until(pilot, lambda: "below" not in str(log.border_subtitle), what="nothing said below")
        await pilot.press("q")


async def test_a_runs_summary_stays_in_view_above_its_servers_stop_right_after_it() -> None:
    """A recording ends with its server's stop a few milliseconds after the last run's summary:
    the stop's line pushed the summary's first row out of view (its verdict read from the middle)."""
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        run_ended_before_its_closes(app.bus)
        app.bus.emit(SERVER, Kind.STOPPED)
        app.draw_now()
        log = app.events
        await until(pilot, lambda: any("stopped" in line for line in log.logical_lines()), what="the stop")
        await until(pilot, lambda: any("run 1 done" in row for row in pane_rows(log)), what="its start")
        await pilot.press("q")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_at_80_columns_the_clients_table_cuts_no_header_name_state_or_number(lang: str) -> None:
    """At 80x24 every column was cut (``got…``, ``127.0…``, the messages to 3 cells): there the
    address gives way (the conversation's title has it), the messages share its room and only
    they are cut; at 120x40 the address is back, whole."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        bus, table = app.bus, app.table
        for client in connected_clients(bus, 40000):
            bus.emit(CLIENT, Kind.SENT, client, text=f"客户端{client}连接成功", bytes=22, run=1)
            bus.emit(CLIENT, Kind.RECEIVED, client, text="收到客户端信息", bytes=21, run=1)
        await until(pilot, lambda: table.row_count == 3 and cell(app, 2, "got"), what="the rows")
        await pilot.pause()
        header = table.render_line(0).text
        headers = [tr(f"col.{key}", lang) for key in ("id", "state", "sent", "got", "server")]
        assert "…" not in header and all(f" {said} " in header for said in headers), header
        for row in (1, 2, 3):
            line = table.render_line(row).text
            state, number = cell(app, row - 1, "state"), cell(app, row - 1, "server")
            assert f" r1.{row} " in line and f" {state} " in line, line
            assert line.rstrip().endswith(f" {number}"), line
            assert line.count("…") == 2 and "127.0" not in line, line  # the messages only
        await pilot.resize_terminal(120, 40)
        await until(pilot, lambda: "127.0.0.1:40001" in table.render_line(1).text, what="the address back")
        assert "…" not in table.render_line(0).text + table.render_line(1).text
        await pilot.press("q")


async def test_the_timelines_orders_stand_in_columns_at_80_columns(tmp_path: Path) -> None:
    """30 clients replied in the reverse of their launch order: the orders ran on as one line
    each, wrapped at the screen's edge, ``12`` under ``1 2``. They stand in blocks of columns, as
    ``tcp-lab run`` prints them, every client's place on every line."""
    bus, n = EventBus(), 30
    bus.emit(CLIENT, Kind.LAUNCHED, run=1, order="free", n=n, hold=0.0)
    for client in range(1, n + 1):
        bus.emit(CLIENT, Kind.CONNECTING, client, peer="127.0.0.1:1", run=1)
        bus.emit(CLIENT, Kind.CONNECTED, client, local=f"127.0.0.1:{40000 + client}", run=1)
        bus.emit(CLIENT, Kind.SENT, client, text="hi", bytes=2, run=1)
    for client in range(n, 0, -1):
        bus.emit(CLIENT, Kind.RECEIVED, client, text="ok", bytes=2, run=1)
        bus.emit(CLIENT, Kind.DISCONNECTED, client, run=1)
    bus.emit(CLIENT, Kind.FINISHED, run=1)
    path = tmp_path / "reversed.jsonl"
    write_export(path, bus.iter_history())
    app = LabApp(recording=read_recording(path))
    async with app.run_test(size=(80, 40)) as pilot:  # rows for the whole header: at 24 it scrolls
        await until(pilot, lambda: 1 in app.session.summaries, what="the run summed up")
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen), what="the timeline")
        await until(pilot, lambda: "r1.1 " in screen_text(app), what="the lanes")
        labels = {tr(f"order.{key}", "en") for key in ORDER_KEYS}
        blocks: list[list[str]] = []
        for line in screen_text(app).splitlines():
            if line.split()[:1] == [tr("order.launch_order", "en")]:
                blocks.append([])  # a block starts with the launch order
            if blocks and line.split()[:1] and line.split()[0] in labels:
                blocks[-1].append(line)
        assert len(blocks) == 2 and all(len(block) == 3 for block in blocks), blocks  # launch, reply, close
        for block in blocks:
            ends = [[match.end() for match in re.finditer(r"\d+", line)] for line in block]
            assert ends[0] == ends[1] == ends[2], block
        shown = [int(who) for block in blocks for who in block[1].split()[1:]]
        assert shown == list(range(n, 0, -1))  # every client, none said to be more
        await pilot.press("q")


async def test_at_80_columns_a_long_errors_state_is_cut_after_a_whole_word() -> None:
    """``error: connect fa…``: a state cut to its column ends after its last whole word."""
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        reason = "connect failed: Connection refused, and more words than a pane holds"
        app.bus.emit(CLIENT, Kind.LAUNCHED, run=1, order="free", n=1, hold=0.0)
        app.bus.emit(CLIENT, Kind.ERROR, 1, text=reason, run=1)
        await until(pilot, lambda: "…" in app.table.render_line(1).text, what="the row, cut")
        kept = app.table.render_line(1).text.split("…")[0].split()
        assert kept[0] == "r1.1" and len(kept) > 2, kept
        assert kept[1:] == f"error: {reason}".split()[: len(kept) - 1], kept
        await pilot.press("q")


async def test_at_80_columns_clients_held_before_sending_show_no_address_cut_short() -> None:
    """In step mode the clients wait connected, nothing sent: the address was cut to
    ``127.0.0.1:5…`` beside empty messages. It gives way where that spares every other cell."""
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        bus, table = app.bus, app.table
        connected_clients(bus, 50000)
        await until(pilot, lambda: table.row_count == 3 and cell(app, 2, "server") == "#3", what="the rows")
        await pilot.pause()
        lines = [table.render_line(y).text for y in range(4)]
        assert not any("…" in line or "127.0" in line for line in lines), lines
        await pilot.press("q")


@pytest.mark.parametrize("width", [50, 64, 72, 80, 100, 120])
def test_the_bytes_views_text_column_starts_at_one_cell_for_every_message(width: int) -> None:
    """Escaped bytes take four cells each: a message of them puts fewer bytes on a row, but its
    text starts where every other message's does (three cells left of the others, before)."""
    said = ["中文测试\n".encode(), b"\xff\xfe\n", "a\u200bb\n".encode(), b"x" * 40, b"\x01" * 20]
    starts = set()
    for seq, data in enumerate(said, 1):
        event = Event(seq, 1.0, SERVER, "received", 1, "a", "b", decode(data), len(data), None)
        rows = byte_lines(event, width)
        assert rows and all(cell_len(row) <= width for row in rows), rows
        for row in rows:
            hex_end = re.match(r"\s*(\d+ B)?\s+([0-9a-f]{2} )*[0-9a-f]{2}\s+", row)
            assert hex_end, row
            starts.add(hex_end.end())
    assert len(starts) == 1, starts
