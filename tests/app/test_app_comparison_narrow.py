"""The comparison fits every width the app supports: at 50 columns and up, in English and
Chinese, every column is seen whole under its header and nothing scrolls sideways."""

from __future__ import annotations

import pytest
from helpers import play_run
from layout_stage import screen_text
from pilot_helpers import until
from textual.widgets import DataTable

from server_core import EventBus, RunSummary, summarize
from tui_app.app import LabApp
from tui_app.screens.comparison import COLUMNS, COLUMNS_SAID, ComparisonScreen, columns_said
from tui_app.strings import tr

pytestmark = pytest.mark.timeout(40)

MODES = ("free", "lock", "semaphore:3")
TIMES = {  # seconds, as runs of three holding 0.5 s give them: four digits, and three decimals
    "makespan": 1.006, "mean_wait": 1.752, "p95_wait": 3.507, "p95_reply_wait": 0.000597,
}


def runs(mode: str = "") -> list[tuple[int, RunSummary]]:
    """A free, a lock and a semaphore:3 run of three clients (or three runs of ``mode``)."""
    bus = EventBus()
    orders = (mode,) * 3 if mode else MODES
    for run, order in enumerate(orders, 1):
        play_run(bus, run, n=3, order=order)
    history = list(bus.history)
    granted = {"order": [1, 2, 3]}  # turns taken, so the waits apply (a free run's read "-")
    return [(run, summarize(history, 3, run)._replace(**TIMES, **granted)) for run in (1, 2, 3)]


async def seen(app: LabApp, pilot) -> str:  # type: ignore[no-untyped-def]
    """Every line of the comparison, scrolled into view from its top."""
    box = app.screen.query_one("#comparison")
    box.scroll_home(animate=False)
    text = ""
    for _ in range(int(box.max_scroll_y) + 1):
        await pilot.pause()
        text += screen_text(app) + "\n"
        box.scroll_down(animate=False)
    return text


async def resized(app: LabApp, pilot, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """The terminal at ``size`` (columns, rows), the comparison laid out for it."""
    await pilot.resize_terminal(*size)
    await until(pilot, lambda: app.size == size, what=f"the terminal at {size}")
    await pilot.pause()


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_every_column_of_the_comparison_is_seen_whole_at_any_width(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(50, 30)) as pilot:
        app.push_screen(ComparisonScreen(runs()))
        await until(pilot, lambda: isinstance(app.screen, ComparisonScreen), what="the comparison")
        for size in ((50, 30), (64, 24), (80, 24)):
            await resized(app, pilot, size)
            box = app.screen.query_one("#comparison")
            assert box.max_scroll_x == 0, size
            for table in app.screen.query(DataTable):
                assert table.virtual_size.width <= table.scrollable_content_region.width, (size, table.id)
            text = await seen(app, pilot)
            tables = text.split(tr("comparison.marks", lang)[:8])[0]  # the columns' legend names them too
            for key in COLUMNS[:-4]:  # the numbers' headers (the orders may be lines under each run)
                assert tr(f"comparison.{key}", lang) in tables, (size, key)
            for value in ("1006", "1752", "3507", "0.597", "semaphore:3"):
                assert value in text, (size, value)
            assert "…" not in tables, size  # nothing had to be cut
        await pilot.press("escape", "q")


async def test_a_mode_too_wide_for_the_screen_is_cut_with_its_sign() -> None:
    """A recording may name any mode: one wider than the screen ends with ``…``, whole in its
    verdict, and the table still does not scroll sideways."""
    long_mode = "semaphore:3" + "x" * 60
    app = LabApp(port=0)
    async with app.run_test(size=(50, 30)) as pilot:
        wide = [(run, summary._replace(mode=long_mode)) for run, summary in runs()]
        app.push_screen(ComparisonScreen(wide))
        await until(pilot, lambda: isinstance(app.screen, ComparisonScreen), what="the comparison")
        await pilot.pause()
        for table in app.screen.query(DataTable):
            assert table.virtual_size.width <= table.scrollable_content_region.width, table.id
        assert "semaphore:3xxx" in screen_text(app) and "x…" in screen_text(app)
        await pilot.press("escape", "q")


@pytest.mark.parametrize("tab", [0, 1], ids=["box", "table"])
async def test_the_focused_part_keeps_the_focus_when_a_resize_lays_the_runs_out_again(tab: int) -> None:
    """From 120 to 50 columns the runs are laid out again: the box (or the table) focused before
    is focused after, so the keys still scroll it."""
    app = LabApp(port=0)
    async with app.run_test(size=(120, 30)) as pilot:
        app.push_screen(ComparisonScreen(runs()))
        await until(pilot, lambda: isinstance(app.screen, ComparisonScreen) and app.screen.focused,
                    what="the comparison")
        for _ in range(tab):
            await pilot.press("tab")
        screen = app.screen
        focused = await until(pilot, lambda: screen.focused, what="a focused part")
        was = focused.id  # type: ignore[attr-defined]
        await pilot.resize_terminal(50, 30)
        await until(pilot, lambda: screen.query("#comparison-table-2"), what="laid out again")
        await until(pilot, lambda: getattr(screen.focused, "id", None) == was, what=f"{was} focused")
        await pilot.press("escape", "q")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_every_column_of_the_comparison_is_explained_where_it_is_shown(lang: str) -> None:
    """Each header, jumped among them, is told below the tables in a line of its own that starts
    with its name (jumped was never explained on screen), at 80x24 and at 120x40."""
    assert [key for keys, _ in COLUMNS_SAID for key in keys] == list(COLUMNS)
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ComparisonScreen(runs()))
        await until(pilot, lambda: isinstance(app.screen, ComparisonScreen), what="the comparison")
        for size in ((80, 24), (120, 40)):
            await resized(app, pilot, size)
            text = await seen(app, pilot)
            legend = text.split(tr("comparison.marks", lang)[:8], 1)[1]
            jumped = tr("comparison.out_of_order", lang)
            assert f"█{jumped}{tr('comparison.column_said', lang, names='', about='')}" in legend, size
            for said in columns_said(lang):
                assert f"█{said[:30]}" in legend, (size, said)
        await pilot.press("escape", "q")
