"""The clients table: rows drawn from connections, a cursor moved by keys and the mouse."""

from __future__ import annotations

import pytest
from pilot_helpers import cell, until

from server_core import CLIENT, SERVER
from tui_app.app import LabApp
from tui_app.strings import tr
from tui_app.widgets.clients_table import COLUMNS, _table_width

ROWS = 30  # more than the pane shows at 120x40


def connect(app: LabApp, count: int, first: int = 1) -> None:
    """Report ``count`` outside clients, numbered from ``first``, to the app's bus, each sending
    its number in markup."""
    for client in range(first, first + count):
        peer = f"127.0.0.2:{40000 + client}"
        app.bus.emit(SERVER, "accepted", client=client, peer=peer, local="127.0.0.1:1")
        app.bus.emit(SERVER, "received", client=client, peer=peer, text=f"[bold]{client}[/bold]", bytes=16)


def selected(app: LabApp) -> int | None:
    conn = app.conversation.connection
    return conn.number if conn is not None else None


async def test_keys_and_clicks_move_the_cursor_and_choose_the_conversation() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.table
        connect(app, ROWS)
        await until(pilot, lambda: table.row_count == ROWS, what="every row")
        await until(pilot, lambda: selected(app) == 1, what="the first row, under the cursor from the start")
        await pilot.press("end")
        await until(pilot, lambda: selected(app) == ROWS, what="the last row chosen")
        top = int(table.scroll_y)
        assert top > 0  # scrolled to show it
        await pilot.press("up", "up")
        await until(pilot, lambda: selected(app) == ROWS - 2)
        await pilot.click("#clients", offset=(3, 2))  # border, header, then the first row shown
        await until(pilot, lambda: selected(app) == top + 1, what="the clicked row chosen")
        await pilot.press("home")
        await until(pilot, lambda: selected(app) == 1 and table.scroll_y == 0)
        await pilot.press("q")


async def test_cells_show_network_text_literally() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        connect(app, 2)
        await until(pilot, lambda: app.table.row_count == 2)
        await pilot.pause()
        lines = [app.table.render_line(y).text for y in range(3)]
        assert "client" in lines[0] and "state" in lines[0]  # the header
        assert "[bold]1[/bold]" in lines[1] and "[bold]2[/bold]" in lines[2], lines
        await pilot.press("q")


def stop_launched(app: LabApp, count: int, reason: str, host: str = "127.0.0.1") -> None:
    """Report a run of ``count`` launched clients from ``host``, each connected, then failing
    with ``reason``."""
    app.bus.emit(CLIENT, "launched", run=1, order="free", n=count, hold=0.0)
    for client in range(1, count + 1):
        app.bus.emit(CLIENT, "connected", client, local=f"{host}:{40000 + client}", peer="127.0.0.1:1", run=1)
        app.bus.emit(CLIENT, "error", client, text=reason, run=1)


@pytest.mark.parametrize(("size", "lang"), [((120, 40), "en"), ((120, 40), "zh"), ((200, 50), "en")])
async def test_a_column_is_as_wide_as_what_it_holds_where_there_is_room(
    size: tuple[int, int], lang: str
) -> None:
    """``error: stopped`` was cut to ``error: st…`` at 120 columns, sent and got empty beside it
    (an error's reason has more words still);
    an IPv6 address was cut at 200: each column takes what it holds, and a cell is cut only
    where the pane has no room."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=size) as pilot:
        table = app.table
        stop_launched(app, 2, "connection reset", "[2001:db8::1234:5678]" if size[0] >= 200 else "127.0.0.1")
        failed = tr("state.error", lang, text="")
        await until(pilot, lambda: table.row_count == 2 and cell(app, 1, "state").startswith(failed))
        await pilot.pause()
        state, line = cell(app, 0, "state"), table.render_line(1).text
        assert len(state) > 10 and state in line and "…" not in line, (state, line)
        if size[0] >= 200:
            assert "[2001:db8::1234:5678]:40001" in line, line
        await pilot.press("q")


async def test_with_no_room_the_widest_cells_are_cut_first_each_with_its_ellipsis() -> None:
    """At 120 columns the state keeps its words while the long messages beside it are cut."""
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.table
        stop_launched(app, 1, "no route")
        app.bus.emit(CLIENT, "sent", 1, text="x" * 90, bytes=90, run=1)
        await until(pilot, lambda: table.row_count == 1 and "…" in table.render_line(1).text, what="the row")
        line = table.render_line(1).text
        assert cell(app, 0, "state") in line and "x… " in line, line
        await pilot.press("q")


async def test_a_column_narrows_again_once_its_widest_cell_is_gone() -> None:
    """While a client connects its state is ``connecting``; once it is ``closed`` the column is
    as wide as ``closed``, and the message beside it has the room back (at 120 columns)."""
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.table
        app.bus.emit(CLIENT, "launched", run=1, order="free", n=1, hold=0.0)
        app.bus.emit(CLIENT, "connecting", 1, peer="127.0.0.1:1", run=1)
        await until(pilot, lambda: "connecting  " in table.render_line(1).text, what="connecting")
        app.bus.emit(CLIENT, "connected", 1, local="127.0.0.1:40001", peer="127.0.0.1:1", run=1)
        app.bus.emit(CLIENT, "sent", 1, text="y" * 60, bytes=60, run=1)
        app.bus.emit(CLIENT, "received", 1, text="ok", bytes=2, run=1)
        app.bus.emit(CLIENT, "disconnected", 1, run=1)
        await until(pilot, lambda: "closed  yyy" in table.render_line(1).text, what="room given back")
        await pilot.press("q")


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=lambda size: f"{size[0]}x{size[1]}")
async def test_a_long_error_is_cut_only_as_far_as_needed_and_every_column_stays_in_view(
    size: tuple[int, int],
) -> None:
    """After the server stopped, ``error: connect failed: Connection refused`` took the server and
    address columns out of view at 120 columns: every column stays, the error cut with its "…"
    (at 80 the address gives way rather than cut the error to ``error:…``); the error runs on
    over the cells of its row that say nothing (no message, ``-`` for the server)."""
    app = LabApp(port=0)
    async with app.run_test(size=size) as pilot:
        table = app.table
        stop_launched(app, 1, "connect failed: Connection refused, and more words than a pane holds")
        await until(pilot, lambda: table.row_count == 1 and "…" in table.render_line(1).text, what="the row")
        await pilot.pause()
        width = table.scrollable_content_region.width
        assert table.virtual_size.width <= width  # nothing to scroll to
        header, line = table.render_line(0).text, table.render_line(1).text
        shown = COLUMNS if size[0] >= 120 else COLUMNS[:-1]  # at 80 the address gives way to the error
        for key in shown:
            assert tr(f"col.{key}", "en")[:2] in header, (key, header)  # a header may give way first
        if size[0] >= 120:  # room for all but the error's last words
            assert line.split()[-1].startswith("127."), line  # the address
            assert "127.0.0.1:40001" in line and "error: connect failed: Connection refused," in line, line
        else:  # the conversation's title names the address: the state keeps its words
            assert "error: connect failed: Connection" in line and line.rstrip().endswith("…"), line
        await pilot.press("q")


async def test_at_120_columns_a_refused_connect_is_read_whole_beside_empty_columns() -> None:
    """The trial's rows after ``x`` and ``f``: ``error: connect failed: Connection re…``, while
    the empty sent and got columns kept their headers whole. The error runs on over the cells of
    its row that say nothing, every header whole."""
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.table
        app.bus.emit(CLIENT, "launched", run=1, order="free", n=1, hold=0.0)
        app.bus.emit(CLIENT, "error", 1, text="connect failed: Connection refused", run=1)
        await until(pilot, lambda: table.row_count == 1 and "error" in table.render_line(1).text)
        await pilot.pause()
        line = table.render_line(1).text
        header = table.render_line(0).text
        assert "error: connect failed: Connection refused " in line and "-" not in line, line
        assert "…" not in header, header
        assert table.virtual_size.width <= table.scrollable_content_region.width
        await pilot.press("q")


async def test_the_highlighted_row_stays_in_view_when_the_window_shrinks() -> None:
    """As a user did: at 120x40 the bottom row chosen, the terminal cut to 80x24. The table kept
    its top row and the chosen one went out of sight while the conversation still showed it."""
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.table
        rows = 40 // 2 - 3  # as many as the pane shows at its share (half the rows): none scrolled out
        connect(app, rows)
        await until(pilot, lambda: table.row_count == rows, what="every row")
        await until(pilot, lambda: table._visible_rows() == rows, what="the pane as tall as its rows")
        await pilot.press("end")
        await until(pilot, lambda: selected(app) == rows, what="the bottom row chosen")
        assert table.scroll_y == 0
        await until(pilot, lambda: app.events.line_count > 0 and app.conversation.line_count > 0)
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: table._visible_rows() < rows, what="a smaller pane")

        def in_view() -> bool:
            top = round(table.scroll_y)
            return top <= table.cursor_row < top + table._visible_rows()

        await until(pilot, in_view, what="the highlighted row in view")
        assert selected(app) == rows
        for log in (app.events, app.conversation):  # they still follow, their last line in view
            await until(pilot, lambda log=log: log.following and log.scroll_y == log.max_scroll_y)
        await pilot.press("q")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_state_cut_after_a_word_leaves_no_blanks_while_a_message_beside_it_is_cut(lang: str) -> None:
    """The forgotten-release exhibit opened in Chinese at 120x40: ``add 10`` was cut to ``add…``
    and ``收到回复`` to ``收到…`` while four cells stood blank after the state cut after its last
    whole word. A short message and every header are whole; the state's column ends at its "…"."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.table
        app.bus.emit(CLIENT, "launched", run=1, order="free", n=2, hold=0.0)
        bad, gave_up = "error: invalid literal for int() with base 10: 'ten'", "gave up: waited 1 s"
        for client, sent, got in ((1, "add ten", bad), (2, "add 10", gave_up)):
            peer = f"127.0.0.1:{40000 + client}"
            app.bus.emit(CLIENT, "connected", client, local=peer, peer="127.0.0.1:1", run=1)
            app.bus.emit(SERVER, "accepted", client, peer=peer, local="127.0.0.1:1")
            app.bus.emit(CLIENT, "sent", client, text=sent, bytes=len(sent), run=1)
            app.bus.emit(CLIENT, "received", client, text=got, bytes=len(got), run=1)
        app.bus.emit(SERVER, "error", 1, peer="127.0.0.1:40001", text=f"bad request: {bad[7:]}")
        failed = tr("state.error", lang, text="")
        await until(pilot, lambda: table.row_count == 2 and cell(app, 0, "state").startswith(failed))
        await pilot.pause()
        header, first, second = (table.render_line(y).text for y in range(3))
        assert "…" not in header, header
        assert " add ten " in first and " add 10 " in second, (first, second)
        state = first.split("…")[0] + "…"  # the state, cut after a whole word
        assert first.startswith(state + "  ") and not first.startswith(state + "   "), first  # padding only
        await pilot.press("q")


def scrollbar_column(app: LabApp) -> list[tuple[str, object]]:
    """The clients pane's scrollbar column inside its border, header row included, top to bottom,
    as drawn: each cell's character and background."""
    table = app.table
    x, top, bottom = table.vertical_scrollbar.region.x, table.content_region.y, table.content_region.bottom
    strips = app.screen._compositor.render_strips()
    cells = []
    for y in range(top, bottom):
        segment = next(iter(strips[y].crop(x, x + 1)))
        cells.append((segment.text, segment.style.bgcolor if segment.style is not None else None))
    return cells


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_at_80x24_the_scrollbar_spans_the_rows_not_the_header(lang: str) -> None:
    """With nine rows and more the thumb sat on the header row at the top (the header does not
    scroll): the bar runs beside the rows alone, from the first row's line to the last's."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        connect(app, 12)
        await until(pilot, lambda: table.row_count == 12, what="every row")
        await until(pilot, lambda: table.max_scroll_y > 0 and table.show_vertical_scrollbar, what="a bar")
        bar = table.vertical_scrollbar
        await until(pilot, lambda: bar.region.height > 0, what="the bar laid out")
        rows = table.content_region
        assert bar.region.y == rows.y + 1 and bar.region.bottom == rows.bottom
        header = table.get_component_styles("datatable--header").rich_style.bgcolor
        assert scrollbar_column(app)[0] == (" ", header)  # the header row runs on to the border
        table.scroll_to(y=0, animate=False)
        await pilot.pause()
        top = scrollbar_column(app)[1:]
        assert top[0] != top[-1]  # the thumb at the first row's line, the track at the last
        table.scroll_to(y=table.max_scroll_y, animate=False)
        await until(pilot, lambda: scrollbar_column(app)[1:] != top, what="the thumb moved")
        end = scrollbar_column(app)[1:]
        assert end[-1] != end[0] and end[-1] == top[0]  # the thumb at the last row's line
        await pilot.press("q")


async def test_the_columns_make_room_for_the_scrollbar_when_rows_bring_it() -> None:
    """Rows that come after the columns were laid out bring the scrollbar, the pane's size the
    same: the columns were not laid out again and the last one ran on under the bar."""
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        connect(app, 2)
        await until(pilot, lambda: table.row_count == 2, what="two rows")
        await pilot.pause()
        assert not table.show_vertical_scrollbar
        connect(app, 20, first=3)
        await until(pilot, lambda: table.row_count == 22 and table.show_vertical_scrollbar, what="the bar")
        room = lambda: table.scrollable_content_region.width  # noqa: E731
        await until(pilot, lambda: _table_width(table._widths) <= room(), what="the columns beside the bar")
        await pilot.press("q")
