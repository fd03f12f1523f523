"""At 80x24 a client that failed before it sent anything read ``error:…`` beside blank message
columns: its state now runs on over the cells of its row that say nothing (no message, no server
number), to the row's end, so no cell is cut while the row has unused columns."""

from __future__ import annotations

import socket

import pytest
from pilot_helpers import launch, until
from rich.cells import cell_len

from tui_app.app import LabApp
from tui_app.widgets.clients_table import ClientsTable, state_text

pytestmark = pytest.mark.timeout(30)


@pytest.mark.parametrize(("lang", "size"), [("en", (80, 24)), ("zh", (80, 24)), ("en", (120, 40))])
async def test_a_state_runs_on_over_the_empty_cells_of_its_row(lang: str, size: tuple[int, int]) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=size) as pilot:
        table, book = app.table, app.session.book
        await until(pilot, lambda: app.session.listening, what="the server listening")
        await launch(pilot, "f", n="3", hold="0")
        conns = lambda: list(book.connections.values())  # noqa: E731
        await until(pilot, lambda: len(conns()) == 3 and all(c.state == "closed" for c in conns()),
                    what="3 clients answered")
        await pilot.press("x")
        await until(pilot, lambda: app.session.listening is None, what="the server stopped")
        with socket.socket() as bound:  # bound, not listening: every connect to it is refused
            bound.bind(("127.0.0.1", 0))
            await launch(pilot, "f", port=str(bound.getsockname()[1]))
        await until(pilot, lambda: len(conns()) == 6 and all(c.state == "error" for c in conns()[3:]),
                    what="3 clients refused")
        await until(pilot, lambda: table.row_count == 6, what="every row drawn")
        await pilot.pause()
        for row, conn in enumerate(conns()):
            table.move_cursor(row)  # into view
            await pilot.pause()
            line = shown_line(app, table, row + 1 - int(table.scroll_y))
            state = state_text(conn, lang).plain
            if conn.state == "error":
                room = cell_len(line) - cell_len(line.split(state[:3])[0])  # from it to the bar
                assert state in line or (cell_len(state) > room and line.rstrip().endswith("…")), line
                assert state in line or size[0] < 120, line  # 120 columns hold it whole
                assert cell_len(state) > table._widths["state"]  # more than its column holds
            else:
                assert line.split()[1] == state  # the rows with messages as they were
        await pilot.press("q")


def shown_line(app: LabApp, table: ClientsTable, y: int) -> str:
    """Line ``y`` of the table as the terminal shows it: left of its scrollbar (a row drawn a
    cell wider lost its last character under the bar, ``Connection refuse`` with no ``…``)."""
    region = table.scrollable_content_region
    strip = app.screen._compositor.render_strips()[region.y + y]
    return strip.crop(region.x, region.right).text
