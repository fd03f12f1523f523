"""The experiments and exhibits screens keep their list of entries in view: after a run the
account under the list scrolls to its outcome, the list stays where it is."""

from __future__ import annotations

import io

import pytest
from layout_stage import screen_text
from pilot_helpers import plain, until

from server_core.exhibits import NAMES as EXHIBITS
from server_core.experiments import NAMES as EXPERIMENTS
from tui_app import exhibit_view
from tui_app.app import LabApp
from tui_app.strings import tr

pytestmark = pytest.mark.timeout(60)

TITLE_START = 12  # characters of an entry's title looked for (a title longer than the screen is cut)


def entries_in_view(text: str, titles: list[str]) -> bool:
    """Whether each title's start shows on one of the screen's lines."""
    return all(title[:TITLE_START] in text for title in titles)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_experiments_list_stays_in_view_above_a_runs_outcome(
    lang: str, size: tuple[int, int]
) -> None:
    """At 80x24 the outcome scrolled the whole screen, the list of experiments out of view."""
    app = LabApp(port=0, lang=lang)
    titles = [tr(f"exp.{name}.title", lang) for name in EXPERIMENTS]
    outcome = tr("exp.as_predicted", lang)
    async with app.run_test(size=size) as pilot:
        await pilot.press("e")
        await until(pilot, lambda: entries_in_view(screen_text(app), titles), what="the list")
        await pilot.press("2")  # nagle: about half a second of round trips
        await until(pilot, lambda: outcome in screen_text(app), timeout=30, what="the outcome in view")
        await pilot.pause(0.2)
        assert entries_in_view(screen_text(app), titles), screen_text(app)
        await pilot.press("home", "end")  # the account's keys scroll the account alone
        await until(pilot, lambda: outcome in screen_text(app), what="the outcome again")
        assert entries_in_view(screen_text(app), titles), screen_text(app)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_exhibits_list_stays_in_view_above_a_runs_outcome_at_80x24(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    titles = [exhibit_view.title(name, lang) for name in EXHIBITS]
    outcome = tr("exhibit.as_predicted", lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b", "1")
        await until(pilot, lambda: outcome in screen_text(app), timeout=30, what="the outcome in view")
        assert entries_in_view(screen_text(app), titles), screen_text(app)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_at_50_columns_each_list_takes_a_row_an_entry_and_leaves_the_rest_to_the_account(
    lang: str,
) -> None:
    """At 50x20 the experiments' titles wrapped under their numbers and the list took 11 of 20 rows."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(50, 20)) as pilot:
        for opens, kind, entries in (("e", "experiment", EXPERIMENTS), ("b", "exhibit", EXHIBITS)):
            await pilot.press(opens)
            await until(pilot, lambda: len(app.screen_stack) == 2, what=f"the {kind} list")
            await pilot.pause()
            menu = app.screen.query_one(f"#{kind}-menu")
            rows = screen_text(app).split("\n")[menu.region.y : menu.region.bottom]
            inside = [row[menu.content_region.x : menu.content_region.right] for row in rows]
            numbered = [row for row in inside if row.startswith(" ") and row[1:2].isdigit()]
            numbers = [str(i) for i in range(1, len(entries) + 1)]
            assert [row[1] for row in numbered] == numbers, (kind, inside)
            assert inside.index(numbered[-1]) == len(entries) - 1, (kind, inside)  # one row each: no wrap
            assert menu.region.height < 20 / 2, (kind, inside)  # with its notes: most rows are the account's
            await pilot.press("escape")
            await until(pilot, lambda: len(app.screen_stack) == 1, what=f"the {kind} list closed")


def test_an_entry_too_wide_even_by_its_name_goes_on_under_its_text() -> None:
    from rich.console import Console
    from rich.style import Style

    from tui_app.widgets.list_and_account import EntryList

    console = Console(width=16, file=io.StringIO(), color_system=None)
    console.print(EntryList([("Accept modes, all three of them: blocking", Style())], [("keys", "dim")]))
    lines = console.file.getvalue().split("\n")
    keys = lines.index("keys")
    assert lines[0].startswith(" 1  Accept") and keys > 1, lines  # its name, "Accept modes, all...", wraps
    assert all(line.startswith("    ") for line in lines[1:keys]), lines  # under its text


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_at_50x20_the_exhibits_account_says_its_rows_out_of_view_and_keys_reach_each(lang: str) -> None:
    """At 50x20 the account showed 6 of an exhibit's 50 rows and nothing said there were more."""
    app = LabApp(port=0, lang=lang)
    outcome = tr("exhibit.as_predicted", lang)
    async with app.run_test(size=(50, 20)) as pilot:
        await pilot.press("b", "1")
        await until(pilot, lambda: outcome in screen_text(app), timeout=30, what="the outcome in view")
        box, scroll = app.screen.query_one("#exhibits"), app.screen.query_one("#exhibit-scroll")
        hidden = round(scroll.max_scroll_y)
        assert hidden > 10, scroll.virtual_size  # most of the account is out of view
        above = tr("log.rows_above", lang, count=hidden)
        await until(pilot, lambda: box.border_subtitle == above, what=f"{above!r} on the border")
        assert above in screen_text(app)
        await pilot.press("home")
        below = tr("log.rows_below", lang, count=hidden)
        await until(pilot, lambda: box.border_subtitle == below, what=f"{below!r} on the border")
        for row in range(1, hidden + 1):  # down, a row a key, to the outcome
            await pilot.press("down")
            said = [tr("log.rows_above", lang, count=row), tr("log.rows_below", lang, count=hidden - row)]
            wanted = "  ".join(part for part, count in zip(said, (row, hidden - row), strict=True) if count)
            await until(pilot, lambda said=wanted: box.border_subtitle == said, what=f"{wanted!r} said")
        assert outcome in screen_text(app)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_in_a_short_box_the_keys_note_heads_the_account_and_leaves_its_rows_to_it(lang: str) -> None:
    """At 50x20 the keys note under the list took three of the account's ten rows; at 80x24 it
    stays under the list."""
    app = LabApp(port=0, lang=lang)
    keys = tr("exhibit.screen.keys", lang)
    assert "1-4" in keys  # the keys the note names, in either language
    async with app.run_test(size=(50, 20)) as pilot:
        await pilot.press("b")
        await until(pilot, lambda: len(app.screen_stack) == 2, what="the list")
        menu, note = app.screen.query_one("#exhibit-menu"), app.screen.query_one("#exhibit-keys")
        scroll = app.screen.query_one("#exhibit-scroll")
        for size, short in (((50, 20), True), ((80, 24), False)):
            await pilot.resize_terminal(*size)
            await until(pilot, lambda size=size: app.size == size, what=f"the terminal at {size}")
            placed = lambda short=short: note.display == short  # noqa: E731
            await until(pilot, placed, what=f"the keys note where it goes at {size}")
            await pilot.pause()
            assert ("1-4" in plain(note.content)) == short, size
            assert ("1-4" in plain(menu.content)) != short, size
            heads = scroll.region.height >= 9 and note.region.y == scroll.region.y
            assert not short or heads, scroll.region
        await pilot.press("escape")
