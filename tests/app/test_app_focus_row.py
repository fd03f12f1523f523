"""A pane that takes the focus shows which row a key acts on, and the clients table says when it
stops following new runs: a trial at 80x24 pressed p, f, 1, 1, h, Down, Enter to step the second
thread and stepped the first (no row was highlighted after h, so Down highlighted the first); a
click on a table row left a new run below the view, shown only as ``more below: 3 rows``."""

from __future__ import annotations

import pytest
from pilot_helpers import launch, until
from test_app_notifications import in_events
from test_app_stepping import held_before
from test_clients_table import connect
from textual import events

from tui_app.app import LabApp
from tui_app.strings import tr

pytestmark = pytest.mark.timeout(60)


@pytest.mark.parametrize(("lang", "together"), [("en", False), ("zh", False), ("en", True)])
async def test_h_highlights_the_first_thread_so_down_and_enter_step_the_second(
    lang: str, together: bool
) -> None:
    """``together``: h, Down and Enter in one read (a trial's tmux send-keys), Down handled
    before the pane heard of its focus: it highlighted the first thread, and Enter stepped it."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.lab.server is not None, what="the server listening")
        await launch(pilot, "p")
        await launch(pilot, "f", hold="0")
        pane = app.step_pane
        await until(pilot, lambda: held_before(app, "r1.1", "connect") is not None, what="r1.1 held")
        await pilot.press("1")
        await until(pilot, lambda: held_before(app, "r1.1", "send") is not None, what="r1.1 connected")
        await pilot.press("1")
        ids = lambda: [pane.get_option_at_index(i).id for i in range(pane.option_count)]  # noqa: E731
        await until(
            pilot,
            lambda: held_before(app, "#1", "read") is not None and ids()[:2] == ["client-1-1", "server-0-1"],
            what="the handler held before its read, under its client",
        )
        if together:
            for key, character in (("h", "h"), ("down", None), ("enter", "\r")):
                app.post_message(events.Key(key, character))
            await pilot.pause()
        else:
            await pilot.press("h")
            await until(pilot, lambda: pane.has_focus, what="the threads pane focused")
            assert pane.highlighted == 0  # the row a key acts on, in sight
            await pilot.press("down", "enter")
        await until(pilot, lambda: held_before(app, "#1", "read") is None, what="the handler stepped")
        await pilot.press("q")


async def test_the_click_that_focuses_the_threads_pane_only_highlights_a_second_one_steps() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.lab.server is not None, what="the server listening")
        await launch(pilot, "p")
        await launch(pilot, "f", hold="0")
        pane = app.step_pane
        await until(pilot, lambda: held_before(app, "r1.1", "connect") is not None and pane.option_count == 3)
        await pilot.click("#steps", offset=(4, 1))  # the border, then the first thread's row
        await until(pilot, lambda: pane.has_focus and pane.highlighted == 0, what="focused, r1.1 highlighted")
        await pilot.pause(0.2)
        assert held_before(app, "r1.1", "connect") is not None  # not stepped by the click that focused
        await pilot.click("#steps", offset=(4, 1))
        await until(pilot, lambda: held_before(app, "r1.1", "connect") is None, what="r1.1 stepped")
        await pilot.press("q")


async def test_the_table_taking_the_focus_puts_its_cursor_on_a_row_in_view() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        connect(app, 12)
        await until(pilot, lambda: table.row_count == 12 and table.max_scroll_y > 1, what="the rows laid out")

        def at_end() -> bool:  # asked again until no update of the rows brings the cursor back
            table.scroll_end(animate=False, immediate=True)
            return table.scroll_y > 1

        await until(pilot, at_end, what="the view at the end, the cursor above it")
        assert table.cursor_row == 0
        table.focus()
        await until(pilot, lambda: table.has_focus, what="the table focused")
        top = round(table.scroll_y)
        assert table.cursor_row == top  # the first row in view
        await pilot.press("down")
        assert table.cursor_row == top + 1
        await pilot.press("q")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_clicked_table_says_it_stopped_following_and_end_follows_again(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        table, book = app.table, app.session.book
        await until(pilot, lambda: app.lab.server is not None, what="the server listening")
        await launch(pilot, "f", n="3", hold="0")
        await until(pilot, lambda: book.accepted == 3 and table.row_count == 3, what="run 1's rows")
        cue = tr("pane.clients_not_following", lang)
        assert cue not in str(table.border_title)
        await pilot.click("#clients", offset=(3, 2))  # the border, the header, then the first row
        name = tr("pane.clients", lang)
        await until(pilot, lambda: table.border_title == f"{name} · {cue}", what="the cue beside the name")
        await launch(pilot, "f")
        await until(pilot, lambda: table.row_count == 6, what="run 2's rows")
        await pilot.pause(0.2)
        assert table.cursor_row == 0 and table.border_title == f"{name} · {cue}"  # run 2 below, as said
        await pilot.press("end")
        await until(pilot, lambda: table.border_title == name, what="following again")
        await launch(pilot, "f")
        await until(pilot, lambda: table.row_count == 9 and table.cursor_row == 6, what="run 3 followed")
        await pilot.press("q")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_enter_before_any_thread_is_listed_says_so(lang: str) -> None:
    """p l h Down Enter typed in one go: the keys reached the threads pane before the run's
    threads did, and nothing stepped without a word."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.lab.server is not None, what="the server listening")
        await launch(pilot, "p")
        await until(pilot, lambda: app.lab.step_mode and app.lab.server is not None, what="step mode on")
        await pilot.press("h")
        await until(pilot, lambda: app.step_pane.has_focus, what="the threads pane focused")
        await pilot.press("down", "enter")
        said = tr("note.step_none_yet", lang)
        await until(pilot, lambda: in_events(app, said), what="the answer in the events pane")
        await pilot.press("q")
