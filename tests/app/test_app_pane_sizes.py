"""The main screen's panes at the sizes a class meets: at 80x24 a run's verdict fits the events
pane and one message with its bytes the conversation, the run's rows in the clients table; below
70 columns (50x20) the panes stand in one column, each the screen's width, the screen scrolling,
so no title is cut, no border's count, and no address broken at its colon."""

from __future__ import annotations

import pytest
from pilot_helpers import launch, until
from rich.cells import cell_len

from tui_app.app import LabApp
from tui_app.form import language_defaults
from tui_app.strings import tr
from tui_app.widgets.following_log import FollowingLog

pytestmark = pytest.mark.timeout(30)


def rows_of(log: FollowingLog, start: str) -> tuple[int, int]:
    """The first row of the latest line that contains ``start`` and how many rows it has, its
    continuation rows and a message's bytes included."""
    lines, continues = log.lines, log._continues
    first = max(row for row, text in enumerate(lines) if start in text and not continues[row])
    end = next((row for row in range(first + 1, len(lines)) if not continues[row]), len(lines))
    return first, end - first


async def a_run(app: LabApp, pilot) -> None:  # type: ignore[no-untyped-def]
    """A free run of three clients, ended, its summary in the events pane."""
    await until(pilot, lambda: app.session.listening, what="the server listening")
    await launch(pilot, "f", n="3", hold="0")
    await until(pilot, lambda: 1 in app.session.summaries, what="the run's summary")
    conns = app.session.book.connections.values
    await until(pilot, lambda: not any(c.server_open or c.client_open for c in conns()), what="every close")
    # the table grows to its rows a layout after they come: the panes below move then
    await until(pilot, lambda: app.table._visible_rows() >= 3, what="the table grown to the run's rows")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_at_80x24_a_verdict_one_message_with_its_bytes_and_the_runs_rows_fit(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await a_run(app, pilot)
        await pilot.press("d")  # the bytes view
        events, talk = app.events, app.conversation
        summary = tr("note.run_done", lang, run=1, summary="").strip()  # run 1 done —
        await pilot.pause()
        _, verdict = rows_of(events, summary)
        assert verdict <= events.scrollable_content_region.height, (verdict, events.size)
        conn = talk.connection
        assert conn is not None
        sent = language_defaults(lang)["message"].replace("{i}", str(conn.client))  # the app's default
        _, message = rows_of(talk, sent)
        assert message > 1 and message <= talk.scrollable_content_region.height, (message, talk.size)
        await pilot.press("q")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_at_50_columns_the_panes_stand_in_one_column_each_the_screens_width(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(50, 20)) as pilot:
        await a_run(app, pilot)
        await pilot.pause()
        panes = (app.controls, app.table, app.conversation, app.events)
        for pane in panes:
            assert pane.outer_size.width >= 48, (pane, pane.outer_size)  # the screen's less its bar
            for said in (pane.border_title, pane.border_subtitle):  # a title and a count, whole
                assert cell_len(str(said or "")) + 6 <= pane.outer_size.width, (pane, said)
        assert len({pane.region.x for pane in panes}) == 1  # one column
        address = app.session.listening
        assert address and any(address in row for row in app.events.lines)  # never broken at its colon
        body = app.query_one("#body")
        assert body.max_scroll_y > 0
        app.events.focus()  # a pane focused is scrolled into view
        in_view = lambda: app.events.region.bottom <= body.region.bottom  # noqa: E731
        await until(pilot, in_view, what="the events pane in view")
        await pilot.press("q")


@pytest.mark.timeout(60)
@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_at_80x24_every_orders_verdict_of_a_3_client_run_fits_the_events_pane(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.session.listening, what="the server listening")
        for run, key in enumerate("flsuo", start=1):  # free, lock, semaphore, queue, sequential
            await launch(pilot, key, n="3", hold="0.2")
            ended = lambda run=run: run in app.session.summaries  # noqa: E731
            await until(pilot, ended, what=f"run {run}'s summary")
            await pilot.pause()
            summary = tr("note.run_done", lang, run=run, summary="").strip()
            _, verdict = rows_of(app.events, summary)
            rows = "\n".join(app.events.lines[-verdict:])
            assert verdict <= app.events.scrollable_content_region.height, (key, verdict, rows)
        await pilot.press("q")
