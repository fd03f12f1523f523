"""The comparison screen scrolls at any size: its last run's verdict is reached with the keys and
with the mouse wheel, in English and Chinese."""

from __future__ import annotations

import re

import pytest
from helpers import play_run
from layout_stage import screen_text
from pilot_helpers import until
from textual.events import MouseScrollDown
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable

from server_core import EventBus, RunSummary, summarize
from tui_app.app import LabApp
from tui_app.screens.comparison import ComparisonScreen
from tui_app.strings import tr

pytestmark = pytest.mark.timeout(40)

RUNS = 8


def summaries() -> list[tuple[int, RunSummary]]:
    """``RUNS`` finished runs of four clients, each of which got its reply."""
    bus = EventBus()
    for run in range(1, RUNS + 1):
        play_run(bus, run, n=4, order="lock")
    history = list(bus.history)
    return [(run, summarize(history, 4, run)) for run in range(1, RUNS + 1)]


def at_end(box: Widget) -> bool:
    return box.max_scroll_y > 0 and box.scroll_y == box.max_scroll_y



async def every_line(pilot: Pilot, app: LabApp) -> str:
    """The comparison's screens, its box scrolled a row at a time from the top to the end."""
    box = app.screen.query_one("#comparison")
    text = ""
    for _ in range(box.max_scroll_y + 1):  # every line, scrolled into view
        text += screen_text(app)
        box.scroll_down(animate=False)
        await pilot.pause()
    return text

@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_comparison_scrolls_to_its_last_verdict_by_keys_and_wheel(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ComparisonScreen(summaries()))
        await until(pilot, lambda: isinstance(app.screen, ComparisonScreen) and app.screen.focused,
                    what="the comparison")
        box = app.screen.query_one("#comparison")
        assert app.screen.focused is box and box.max_scroll_y > 0  # cut at 80x24: it must scroll
        await pilot.press("end")
        await until(pilot, lambda: at_end(box), what="End reached the last verdict")
        await pilot.press("home")
        await until(pilot, lambda: box.scroll_y == 0, what="Home")
        await pilot.press("down")
        await until(pilot, lambda: box.scroll_y == 1, what="Down")
        await pilot.press("pagedown")
        await until(pilot, lambda: box.scroll_y > 1, what="PageDown")
        await pilot.press("pageup", "home")
        await until(pilot, lambda: box.scroll_y == 0, what="back at the top")
        for _ in range(box.max_scroll_y):
            await pilot._post_mouse_events([MouseScrollDown], "#comparison")  # over the box
        await until(pilot, lambda: at_end(box), what="the wheel reached the last verdict")
        await pilot.press("escape")
        await pilot.press("q")


async def test_a_long_mode_keeps_a_gap_before_its_verdict() -> None:
    bus = EventBus()
    play_run(bus, 1, n=2, order="semaphore:15")
    play_run(bus, 2, n=2, order="lock")
    history = list(bus.history)
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(ComparisonScreen([(run, summarize(history, 2, run)) for run in (1, 2)]))
        await until(pilot, lambda: isinstance(app.screen, ComparisonScreen), what="the comparison")
        await until(pilot, lambda: "semaphore:15  2 clients" in screen_text(app), what="the gap")
        assert "lock          2 clients" in screen_text(app)
        await pilot.press("q")


def long_orders(n: int) -> list[tuple[int, RunSummary]]:
    """Three runs of ``n`` clients, accepted and answered out of launch order."""
    bus = EventBus()
    for run in (1, 2, 3):
        play_run(bus, run, n=n, order="lock")
    history = list(bus.history)
    accepted = [*range(2, n + 1), 1]
    replied = [n, *range(1, n)]
    out_of_order = {"accept_order": accepted, "replied_order": replied}
    return [(run, summarize(history, n, run)._replace(**out_of_order)) for run in (1, 2, 3)]


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_every_order_of_a_comparison_is_seen_at_80x24_without_scrolling_sideways(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    shown = lambda: isinstance(app.screen, ComparisonScreen)  # noqa: E731
    async with app.run_test(size=(80, 24)) as pilot:
        for n in (12, 30):
            app.push_screen(ComparisonScreen(long_orders(n)))
            await until(pilot, shown, what=f"the comparison of {n}")
            await pilot.pause()
            for table in app.screen.query(DataTable):
                assert table.virtual_size.width <= table.scrollable_content_region.width, (n, table.id)
            text = await every_line(pilot, app)
            for key in ("launch_order", "accept_order", "replied_order"):
                assert text.count(tr(f"order.{key}", lang)) >= 3, (n, key)
            accepted = text.split(tr("order.accept_order", lang), 1)[1].split("\n")[0]
            numbers = re.findall(r"\[?(\d+)\]?", accepted)
            assert numbers[:3] == ["2", "3", "4"], (n, numbers)  # the first run's accepts, from the start
            assert str(n) in text, n
            await pilot.press("escape")
            await until(pilot, lambda: not shown(), what=f"the comparison of {n} closed")
        await pilot.press("q")


@pytest.mark.parametrize(("size", "n"), [((120, 40), 2), ((80, 24), 30)])  # 80x24: the orders as lines
async def test_a_chinese_comparison_names_each_runs_mode_as_the_timeline_does(
    size: tuple[int, int], n: int
) -> None:
    bus = EventBus()
    modes = ("free", "lock", "semaphore:2")
    for run, order in enumerate(modes, 1):
        play_run(bus, run, n=n, order=order)
    history = list(bus.history)
    app = LabApp(port=0, lang="zh")
    async with app.run_test(size=size) as pilot:
        app.push_screen(ComparisonScreen([(run, summarize(history, n, run)) for run in (1, 2, 3)]))
        await until(pilot, lambda: isinstance(app.screen, ComparisonScreen), what="the comparison")
        await pilot.pause()
        table = app.screen.query_one("#comparison-table", DataTable)
        assert [table.get_row_at(i)[1] for i in range(3)] == ["free 自由", "lock 锁", "semaphore:2 信号量"]
        text = await every_line(pilot, app)
        for run, name in enumerate(("free 自由 ", "lock 锁 ", "semaphore:2 信号量 "), 1):
            assert f"{run:>3} {name}" in text, name  # its verdict's head (and its order lines')
        await pilot.press("escape", "q")


def marked(app: LabApp, widget: Widget) -> bool:
    """Whether ``widget``'s first line on screen starts with the focus bar."""
    line = screen_text(app).splitlines()[widget.region.y]
    return line.startswith("█")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_keys_scroll_on_past_a_focused_table_and_the_focused_part_is_marked(lang: str) -> None:
    """At 80x24, Tab to a table: its rows take Up and Down, then the keys go on to the box, so the
    last verdict is reached and the top again, from the table as from the box."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ComparisonScreen(summaries()))
        await until(pilot, lambda: isinstance(app.screen, ComparisonScreen) and app.screen.focused,
                    what="the comparison")
        screen = app.screen
        box, table = screen.query_one("#comparison"), screen.query_one("#comparison-table", DataTable)
        await until(pilot, lambda: marked(app, screen.query_one("#comparison-title")), what="the box marked")
        await pilot.press("tab")
        await until(pilot, lambda: screen.focused is table and marked(app, table), what="the table marked")
        assert not marked(app, screen.query_one("#comparison-verdicts"))  # the box no longer
        await pilot.press("up")
        await until(pilot, lambda: table.cursor_row == RUNS - 2, what="Up moved the table's cursor")
        for _ in range(box.max_scroll_y + RUNS):
            await pilot.press("pagedown")
        await until(pilot, lambda: at_end(box), what="PageDown past the table reached the last verdict")
        assert screen.focused is table and table.cursor_row == RUNS - 2  # the box paged, the cursor stayed
        for _ in range(box.max_scroll_y + RUNS):
            await pilot.press("up")
        await until(pilot, lambda: box.scroll_y == 0 and table.cursor_row == 0, what="Up back to the top")
        focused = set()
        for _ in range(4):  # every part in turn, the box among them
            await pilot.press("tab")
            await pilot.pause()
            focused.add(screen.focused.id if screen.focused else None)
        assert {"comparison", "comparison-table"} <= focused, focused
        await pilot.press("escape", "q")


@pytest.mark.parametrize("size", [(80, 24), (80, 30)])
async def test_every_page_key_in_a_focused_table_scrolls_while_the_box_can(size: tuple[int, int]) -> None:
    """As a user found: after PageDown in a table, the first PageUp only moved its cursor (its row
    was in sight, so the box stayed) and the second scrolled. Each page key scrolls the box while
    it can go that way; at its end the table's cursor moves a page."""
    app = LabApp(port=0)
    async with app.run_test(size=size) as pilot:
        app.push_screen(ComparisonScreen(summaries()))
        await until(pilot, lambda: isinstance(app.screen, ComparisonScreen) and app.screen.focused,
                    what="the comparison")
        screen = app.screen
        box = screen.query_one("#comparison")
        for table in screen.query(DataTable):
            box.scroll_home(animate=False)
            table.focus()
            await until(pilot, lambda: box.scroll_y == 0 and screen.focused is not box, what="focused")
            for key, end in (("pagedown", box.max_scroll_y), ("pageup", 0)):
                while (before := box.scroll_y) != end:
                    await pilot.press(key)
                    await until(pilot, lambda: box.scroll_y != before, what=f"{key} scrolled from {before}")
            assert table.cursor_row == RUNS - 1, "the cursor stayed on its run while the box scrolled"
            await pilot.press("pageup")
            await until(pilot, lambda t=table: t.cursor_row < RUNS - 1, what="PageUp at the top")
        await pilot.press("escape", "q")


@pytest.mark.parametrize(
    ("lang", "granted"), [("en", "clients granted one"), ("zh", "获准轮次的客户端等待")]
)
async def test_the_comparison_says_its_waits_cover_only_the_clients_granted_a_turn(
    lang: str, granted: str
) -> None:
    """The mean wait column read as every client's wait: it holds only those granted a turn."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ComparisonScreen(summaries()[:2]))
        await until(pilot, lambda: isinstance(app.screen, ComparisonScreen), what="the comparison")
        await pilot.pause()
        text = re.sub(r"\s+", "", await every_line(pilot, app))
        assert re.sub(r"\s+", "", tr("comparison.mean_wait", lang)) in text
        assert granted.replace(" ", "") in text
        await pilot.press("escape", "q")
