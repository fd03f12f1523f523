"""The main screen as a class reads it on a projector: the events pane shows its newest line
whole after the panes around it change size."""

from __future__ import annotations

import pytest
from pilot_helpers import until

from tui_app.app import LabApp
from tui_app.widgets.following_log import time_column

pytestmark = pytest.mark.timeout(30)


@pytest.mark.parametrize("rows", [2, 5])
async def test_the_events_pane_follows_to_its_last_row_when_it_loses_rows(rows: int) -> None:
    """A pane that lost rows with its width unchanged (in step mode the threads pane grows as a
    run's threads come; here the terminal shrinks) kept the view where it stood: the newest
    line's second row out of sight until more lines came."""
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        log = app.events
        log.add_lines([f"{time_column(i)} line {i}" for i in range(80)])
        log.add_lines([f"{time_column(80)} run 12: launching 3 clients, order lock, to 127.0.0.1:22050"])
        log.flush()
        await until(pilot, lambda: 0 < log.max_scroll_y == log.scroll_y, what="at the end")
        assert "launching" in log.lines[-2] and "22050" in log.lines[-1]  # the line takes two rows
        width, height = log.size.width, log.scrollable_content_region.height
        await pilot.resize_terminal(120, 40 - rows)
        await until(pilot, lambda: log.scrollable_content_region.height < height, what="rows lost")
        assert log.size.width == width
        await until(pilot, lambda: log.scroll_y == log.max_scroll_y, timeout=5, what="the view at the end")
        assert log.following
        await pilot.press("q")
