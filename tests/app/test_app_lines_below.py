"""What the events pane and the conversation say under them of the lines below the view: exactly
the lines whose start is below the visible rows, counted from where the view is now (after a
write, a key, the scrollbar, a resize), never a tally kept apart from the view."""

from __future__ import annotations

import pytest
from pilot_helpers import SHORT, run_ended_before_its_closes, until
from textual.pilot import Pilot
from textual.scrollbar import ScrollTo

from tui_app.app import LabApp
from tui_app.widgets.following_log import FollowingLog, time_column

pytestmark = pytest.mark.timeout(30)

LONG = " and on" * 30  # a line wrapped to several rows in either pane


def starts_below(log: FollowingLog, marks: list[str]) -> int:
    """How many of the lines marked ``marks`` have their first row below the rows in view."""
    bottom = round(log.scroll_y) + log.scrollable_content_region.height
    rows = [row for row, text in enumerate(log.lines) if any(f" {mark} " in f"{text} " for mark in marks)]
    return sum(1 for row in rows if row >= bottom)


def said(log: FollowingLog) -> str:
    return str(log.border_subtitle)


async def held_with_new_lines(pilot: Pilot, log: FollowingLog, new: int, long: bool = False) -> list[str]:
    """Fill ``log`` past its height, scroll it back to its top and write ``new`` lines below the
    view (each wrapped to several rows when ``long``); returns their marks."""
    log.add_lines([f"{time_column(i)} old{i}" for i in range(80)])
    log.flush()
    await until(pilot, lambda: 0 < log.max_scroll_y == log.scroll_y, what="at the end")
    log.scroll_home(animate=False)
    await until(pilot, lambda: log.scroll_y == 0 and not log.following, what="held at the top")
    marks = [f"new{i}" for i in range(new)]
    log.add_lines([f"{time_column(100 + i)} {mark}{LONG if long else ''}" for i, mark in enumerate(marks)])
    log.flush()
    await until(pilot, lambda: log.waiting == new, what=f"{new} new lines below")
    return marks


@pytest.mark.parametrize("pane", ["events", "conversation"])
async def test_new_lines_wrapped_to_several_rows_are_counted_once_each(pane: str) -> None:
    """Five new lines of three rows each were said as fifteen."""
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        log: FollowingLog = getattr(app, pane)
        await held_with_new_lines(pilot, log, 5, long=True)
        assert log.line_count - 80 > 5  # wrapped: more rows than lines
        await until(pilot, lambda: "new lines below: 5 " in said(log), what="5 said")


@pytest.mark.parametrize("pane", ["events", "conversation"])
async def test_the_count_follows_the_view_moved_by_the_scrollbar_and_by_a_resize(pane: str) -> None:
    """The view moved down short of the end (a click on the scrollbar) or the pane grown: the
    new lines that came into view were still said to wait below."""
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        log: FollowingLog = getattr(app, pane)
        marks = await held_with_new_lines(pilot, log, 8)
        log.post_message(ScrollTo(y=log.max_scroll_y - 5, animate=False))  # three of them in view
        await until(pilot, lambda: log.scroll_y == log.max_scroll_y - 5, what="scrolled by the bar")
        assert not log.following and starts_below(log, marks) == 5
        await until(pilot, lambda: "new lines below: 5 " in said(log), what="5 said")
        height = log.scrollable_content_region.height
        await pilot.resize_terminal(120, 44)  # a few rows more for the pane: a few lines more in view
        await until(pilot, lambda: log.scrollable_content_region.height > height, what="the pane grown")
        await until(pilot, lambda: 0 < starts_below(log, marks) < 5, what="new lines come into view")
        await until(pilot, lambda: f"new lines below: {starts_below(log, marks)} " in said(log), what="said")
        assert log.waiting == starts_below(log, marks)
        await pilot.resize_terminal(120, 60)  # the end in view: nothing below
        await until(pilot, lambda: starts_below(log, marks) == 0, what="the end in view")
        await until(pilot, lambda: log.waiting == 0 and "new" not in said(log), what="nothing said")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_under_a_summary_kept_in_view_only_the_closes_below_the_view_are_counted(lang: str) -> None:
    """In a four-row events pane (80x15) the run's summary stays in view with its server's
    closes after it: the first close was in view too and still counted (``new below: 3``), and
    End, which brings the last into view, left the count said."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=SHORT) as pilot:
        await pilot.pause()
        run_ended_before_its_closes(app.bus)
        app.draw_now()
        log = app.events
        marks = ["#7", "#8", "#9"]
        below = "new below: {}" if lang == "en" else "下方新行：{}"
        await until(pilot, lambda: log.following and 0 < starts_below(log, marks) < 3, what="a close in view")
        count = lambda: below.format(starts_below(log, marks))  # noqa: E731
        await until(pilot, lambda: count() in said(log), what="the closes below said")
        log.focus()
        await pilot.press("end")
        await until(pilot, lambda: log.scroll_y == log.max_scroll_y, what="at the end")
        await until(pilot, lambda: below.format("") not in said(log), what="nothing said below")
        await pilot.press("q")
