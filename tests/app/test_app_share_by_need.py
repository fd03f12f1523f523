"""The main screen shares its height by need: the clients table takes its rows, its header and
its border and no more (up to its share), the panes below it the rest; a pane at its end whose
first row continues a line begun above the view says so (``       … handler-2)``). At 120x40
a run of three clients took 17 rows of the table while the events pane began on a line's tail.
From 120 columns the table stands beside the controls, in a row as tall as the taller of the two:
it fills that row (test_app_no_void.py) and the panes below have the rest."""

from __future__ import annotations

import pytest
from pilot_helpers import launch, until

from tui_app.app import LabApp
from tui_app.screen_sizes import WIDE
from tui_app.widgets.following_log import CONTINUES, FollowingLog

pytestmark = pytest.mark.timeout(40)

HEADER_AND_BORDER = 3


def top_row_said(log: FollowingLog) -> bool:
    """Whether the view's first row begins a line, or says that it continues one begun above."""
    row = log.scroll_offset.y
    return not log._continues[row] or CONTINUES in log.render_line(0).text[: log.scroll_offset.x + 9]


async def run_of(app: LabApp, pilot, n: int, run: int) -> None:  # type: ignore[no-untyped-def]
    await launch(pilot, "f", n=str(n), hold="0")
    await until(pilot, lambda: run in app.session.summaries, what=f"run {run}'s summary")
    conns = app.session.book.connections.values
    await until(pilot, lambda: not any(c.server_open or c.client_open for c in conns()), what="every close")
    await until(pilot, lambda: app.table.row_count == len(app.session.book.connections), what="the rows")
    await pilot.pause(0.6)  # the panes' next draw (DRAW_PERIOD)
    await pilot.pause()


def pane_height(app: LabApp, rows: int) -> int:
    """The clients table's height with ``rows`` rows in view: their rows, the header and the
    border; beside the controls (from 120 columns), the controls' height if that is more."""
    needed = rows + HEADER_AND_BORDER
    if app.size.width >= WIDE:
        return max(needed, app.query_one("#controls").outer_size.height)
    return needed


@pytest.mark.parametrize("size", [(100, 40), (80, 24), (120, 40)])
async def test_the_table_takes_its_rows_and_the_events_pane_the_rest(size: tuple[int, int]) -> None:
    app = LabApp(port=0)
    async with app.run_test(size=size) as pilot:
        table, events = app.table, app.events
        await until(pilot, lambda: app.session.listening, what="the server listening")
        await pilot.pause()
        assert table.outer_size.height == pane_height(app, 0)  # no rows yet: the header alone
        await run_of(app, pilot, 3, 1)
        assert table.outer_size.height == pane_height(app, 3), table.outer_size
        assert table.scrollable_content_region.height == pane_height(app, 3) - 2  # the header, every row
        assert events.following and top_row_said(events), [events.render_line(0).text]
        before = events.outer_size.height
        await run_of(app, pilot, 50, 2)  # more rows than the table's share: it takes its share
        assert table.row_count == 53
        assert 3 + HEADER_AND_BORDER <= table.outer_size.height <= size[1] // 2, table.outer_size
        assert 8 <= events.outer_size.height <= before, events.outer_size  # (80x24: the share was six)
        assert events.following and top_row_said(events), [events.render_line(0).text]
        await pilot.press("q")
