"""The clients table follows the newest run through a change of its height: leaving step mode at
80x24 (the threads pane gone, the table a row shorter) and resizing the screen keep the newest
run's rows in view, its first row at the top where the rows below it allow, as a run's launch
puts them (English and Chinese)."""

from __future__ import annotations

from functools import partial

import pytest
from pilot_helpers import launch, until

from tui_app.app import LabApp
from tui_app.widgets.clients_table import ClientsTable

pytestmark = pytest.mark.timeout(60)


def in_view(table: ClientsTable) -> list[str]:
    """The names (``r3.1``) of the rows in view, top first."""
    top = round(table.scroll_y)
    rows = range(top, min(table.row_count, top + table.scrollable_content_region.height - 1))
    return [table.get_row_at(row)[0].plain for row in rows]


def served_all(app: LabApp, clients: int) -> bool:
    """Whether ``clients`` clients have had their replies and none is connected."""
    return app.session.book.messages == clients and app.session.book.active == 0


def newest_run_at_top(table: ClientsTable, run: int) -> bool:
    """Whether run ``run``'s rows are all in view, its first at the top unless the rows end first."""
    first = table.first_row_of_run(run)
    names = [f"r{run}.{i}" for i in range(1, table.row_count - (first or 0) + 1)]
    shown = in_view(table)
    top = min(first or 0, table.max_scroll_y)
    return round(table.scroll_y) == top and all(name in shown for name in names[: len(shown)])


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_leaving_step_mode_keeps_the_newest_run_in_view(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        await until(pilot, lambda: app.session.listening is not None, what="listening")
        for served in (3, 6):  # runs 1 and 2, each of 3 clients
            await launch(pilot, "f", hold="0")
            await until(pilot, partial(served_all, app, served), what=f"{served} clients served")
        await pilot.press("p")
        await launch(pilot, "l", hold="0")
        await until(pilot, lambda: table.row_count == 9, what="run 3's rows")
        await pilot.press("1", "1", "g")
        await until(pilot, lambda: served_all(app, 9), what="run 3 served")
        await until(pilot, lambda: newest_run_at_top(table, 3), what="run 3 followed in step mode")
        height = table.size.height
        await pilot.press("p")
        await until(pilot, lambda: table.size.height != height, what="the table's new height")
        await pilot.pause()
        assert newest_run_at_top(table, 3), in_view(table)
        for size in ((120, 40), (80, 20), (80, 24)):  # and through a resize
            await pilot.resize_terminal(*size)
            await until(pilot, lambda: newest_run_at_top(table, 3), what=f"run 3 in view at {size}")
        await pilot.press("q")
