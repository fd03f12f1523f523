"""Every pane keeps its hint in view at 120x40, in step mode too, with the most threads the step
pane lists (the controls' socket options show their example), in both languages; at 80x20, where
the panes cannot hold everything, a pane cut short says on its border how many of its rows are
below the view, and says nothing once they are in view."""

from __future__ import annotations

import functools
from collections.abc import Callable

import pytest
from layout_stage import screen_text
from pilot_helpers import set_field, until
from rich.style import Style
from test_clients_table import connect
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
async def test_at_80x20_a_pane_cut_short_says_how_many_rows_are_below(lang: str) -> None:
    # at 80x24 every field of the form is in view in step mode now: 20 rows cut all three panes
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 20)) as pilot:
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
        app.step_pane.scroll_end(animate=False, immediate=True)  # an OptionList: a ScrollView
        step = tr("step.title", lang)
        await until(pilot, lambda: app.step_pane.border_title == step, what="no threads below at the end")
        app.step_pane.scroll_home(animate=False, immediate=True)
        await until(pilot, lambda: app.step_pane.border_title != step, what="threads below again")


def thumb(app: LabApp) -> list[bool]:
    """Whether each cell of the clients table's scrollbar, top to bottom, shows the thumb (a
    partial glyph, ``▂``, counts as thumb)."""
    return [text != " " or bool(style.reverse) for text, style in scrollbar_cells(app)]


def scrollbar_cells(app: LabApp) -> list[tuple[str, Style]]:
    bar = app.table.vertical_scrollbar
    strips = app.screen._compositor.render_strips()
    x = bar.region.x
    cells = [next(iter(strips[y].crop(x, x + 1))) for y in range(bar.region.y, bar.region.bottom)]
    return [(cell.text, cell.style or Style()) for cell in cells]


def table_says(app: LabApp, lang: str) -> bool:
    """The clients table's border counts the rows above and below its view, worked out from
    what is drawn."""
    table = app.table
    above = int(table.scroll_y)
    below = table.row_count - above - (table.content_region.height - 1)  # the header
    said = (
        tr("log.rows_above", lang, count=above) if above > 0 else "",
        tr("log.rows_below", lang, count=below) if below > 0 else "",
    )
    return table.border_subtitle == "  ".join(part for part in said if part)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_clients_table_counts_the_rows_below_and_its_thumb_reaches_both_ends(lang: str) -> None:
    """24 rows at 80x24 said 9 below at Home and at End alike (the count was not told the
    scroll), and the thumb's partial glyph sat on the third and the sixth of eight rows. At End
    the rows above are said (an earlier run's rows above the view had no sign on a terminal
    that shows the bar's track and thumb alike)."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        connect(app, 24)
        await until(pilot, lambda: table.row_count == 24, what="every row")
        table.focus()
        await pilot.press("home")
        await until(pilot, lambda: table.scroll_y == 0 and table_says(app, lang), what="rows below at Home")
        assert table.border_subtitle != ""
        await until(pilot, lambda: thumb(app)[0] and not thumb(app)[-1], what="the thumb at the top")
        shown = table.content_region.height - 1
        assert sum(thumb(app)) == max(1, round(len(thumb(app)) * shown / 24))  # sized for the rows
        assert all(text == " " for text, _ in scrollbar_cells(app))  # whole cells: no glyph inside
        await pilot.press("end")
        above = tr("log.rows_above", lang, count=24 - shown)
        at_end = lambda: table.border_subtitle == above and table_says(app, lang)  # noqa: E731
        await until(pilot, at_end, what="none below at End, the rows above said")
        await until(pilot, lambda: thumb(app)[-1] and not thumb(app)[0], what="the thumb at the bottom")
        await pilot.press("home")
        connect(app, 6, first=25)  # new rows below the view
        await until(pilot, lambda: table.row_count == 30 and table_says(app, lang), what="new rows counted")
        await pilot.resize_terminal(80, 30)
        await until(pilot, lambda: table.size.height > 11 and table_says(app, lang), what="after a resize")
        await until(pilot, lambda: thumb(app)[0] and not thumb(app)[-1], what="the thumb at the top")
        await pilot.press("end")
        await until(pilot, lambda: table_says(app, lang) and thumb(app)[-1], what="the end, resized")
        shown = table.content_region.height - 1
        assert tr("log.rows_above", lang, count=30 - shown) == table.border_subtitle
        await pilot.press("q")
