"""At 120x40 the events pane shows a run of three whole, from its launch to its summary, in every
order and language: the note that a handler thread was reused (9 to 11 rows) is said in full the
first time only, then in one row, so it no longer pushes a later run's launch out of view."""

from __future__ import annotations

import pytest
from pilot_helpers import launch, until

from tui_app.app import LabApp
from tui_app.strings import tr
from tui_app.widgets.events_pane import HandlerReused

pytestmark = pytest.mark.timeout(60)


def last_row(app: LabApp, text: str) -> int:
    """The latest row of the events pane that holds ``text``."""
    return max(row for row, line in enumerate(app.events.lines) if text in line)


def squashed(text: str) -> str:
    """``text`` without blanks: a wrapped line reads the same wherever the pane broke it."""
    return "".join(text.split())


@pytest.mark.parametrize("key", "flsuo")  # free, lock, semaphore, queue, sequential
@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_at_120x40_a_run_of_three_after_the_reuse_was_said_shows_whole(lang: str, key: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.session.listening, what="the server listening")
        events, conns = app.events, app.session.book.connections.values
        for run, order in enumerate(("l", key), start=1):  # a lock run says the reuse in full first
            await launch(pilot, order, n="3", hold="0.1")
            summaries = app.session.summaries
            await until(pilot, lambda: len(summaries) == run, what=f"run {run}'s summary")  # noqa: B023
            await until(pilot, lambda: not any(c.server_open for c in conns()), what="every close")
            await until(pilot, lambda: not events.notes_waiting, what="every line written")
            await pilot.pause()
        launched = tr("note.launched", lang, run=2, n=3, order="\0", address="").split("\0")[0]
        top, height = round(events.scroll_y), events.scrollable_content_region.height
        start = last_row(app, launched[:12])
        end = last_row(app, tr("note.run_done", lang, run=2, summary="").strip())
        rows = "\n".join(events.lines[start:])
        assert top <= start and end < top + height, (top, height, start, rows)
        whole = squashed(tr("note.handler_reused", lang, thread="\0", linger=0).split("\0")[1])[:16]
        reused = [squashed(str(item)) for item in events._kept if isinstance(item, HandlerReused)]
        assert reused and sum(whole in item for item in reused) == 1, reused  # in full once
        await pilot.press("q")
