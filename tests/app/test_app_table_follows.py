"""The clients table follows its newest rows while the reader has not scrolled it away: at 80x24
an outside client's row (``nc 127.0.0.1 PORT``) stayed below the view (``more below: 1 row``)
until End was pressed, whether it came alone or after a launched run's rows."""

from __future__ import annotations

import pytest
from pilot_helpers import launch, until
from test_clients_table import connect

from tui_app.app import LabApp
from tui_app.widgets.clients_table import ClientsTable

pytestmark = pytest.mark.timeout(40)


def last_in_view(table: ClientsTable) -> bool:
    """Whether the table's last row is among the rows in view."""
    return round(table.scroll_y) + table._visible_rows() >= table.row_count


async def test_each_new_row_comes_into_view_unless_the_reader_scrolled_away() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        await until(pilot, lambda: app.session.listening, what="the server")
        await launch(pilot, "f", n="3", hold="0")  # a launched run's rows, its first kept on top
        await until(pilot, lambda: table.row_count == 3, what="the run's rows")
        await until(pilot, lambda: table._visible_rows() >= 3, what="the table grown to them")
        first = 100
        for number in range(first, first + 6):  # outside clients, one after another
            connect(app, 1, first=number)
            rows = number - first + 4  # the run's three and the outside ones so far
            await until(pilot, lambda rows=rows: table.row_count == rows, what=f"client {number}'s row")
            await until(pilot, lambda: last_in_view(table), what=f"client {number}'s row in view")
        assert table.max_scroll_y > 0 and "more below" not in str(table.border_subtitle)
        table.scroll_to(y=0, animate=False)  # the reader scrolls back, with the wheel as it were
        await pilot.pause()
        connect(app, 1, first=first + 6)
        await until(pilot, lambda: table.row_count == 10, what="a row while scrolled back")
        await pilot.pause(0.1)
        assert table.scroll_y == 0 and "more below" in str(table.border_subtitle)
        table.scroll_to(y=table.max_scroll_y, animate=False)  # back at the end: it follows again
        await pilot.pause()
        connect(app, 1, first=first + 7)
        await until(pilot, lambda: table.row_count == 11, what="a row at the end")
        await until(pilot, lambda: last_in_view(table), what="the newest row in view again")
        await pilot.press("q")
