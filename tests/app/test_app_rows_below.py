"""Every pane keeps its hint in view at 120x40, in step mode too, with the most threads the step
pane lists (the controls' socket options show their example), in both languages; at 80x24, where
the panes cannot hold everything, a pane cut short says on its border how many of its rows are
below the view, and says nothing once they are in view."""

from __future__ import annotations

import functools
from collections.abc import Callable

import pytest
from layout_stage import screen_text
from pilot_helpers import set_field, until
from textual.pilot import Pilot
from textual.widget import Widget

from tui_app.app import LabApp
from tui_app.strings import tr

HELD = 8  # clients held in step mode: more than the step pane lists at either size


async def hold_a_run(app: LabApp, pilot: Pilot) -> None:
    """Step mode on, ``HELD`` lock-ordered clients launched and held before their turn."""
    set_field(app, "n", str(HELD))
    set_field(app, "hold", "0")
    await pilot.press("p", "l")
    await until(pilot, lambda: app.step_pane.option_count == HELD, what="every held client listed")
    await until(pilot, lambda: app.table.row_count == HELD, what="every client in the table")
    await pilot.pause()


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_at_120x40_step_mode_keeps_every_field_of_the_controls_in_view(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await hold_a_run(app, pilot)
        await until(pilot, lambda: app.controls.max_scroll_y == 0, what="the controls unscrolled")
        assert tr("placeholder.sockopts", lang) in screen_text(app)
        assert app.controls.border_subtitle == ""


def rows_below(pane: Widget) -> int:
    return round(pane.max_scroll_y - pane.scroll_y)


def says_rows_below(pane: Widget, text: Callable[[], object], lang: str) -> bool:
    return tr("log.rows_below", lang, count=rows_below(pane)) in str(text())


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_at_80x24_a_pane_cut_short_says_how_many_rows_are_below(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await hold_a_run(app, pilot)
        said = {  # the step pane's keys are on its bottom border: the rows below are in its title
            app.controls: lambda: app.controls.border_subtitle,
            app.table: lambda: app.table.border_subtitle,
            app.step_pane: lambda: app.step_pane.border_title,
        }
        for pane, text in said.items():
            assert rows_below(pane) > 0, pane
            await until(pilot, functools.partial(says_rows_below, pane, text, lang), what=str(pane))
        app.controls.scroll_end(animate=False, immediate=True)
        await until(pilot, lambda: app.controls.border_subtitle == "", what="nothing below once scrolled")
        example = tr("placeholder.sockopts", lang)
        await until(pilot, lambda: example in screen_text(app), what="the last field in view")
