"""A lock-ordered run names every connection's handler ``handler-1``: the server hands each new
connection to the handler thread whose connection ended. The events pane says so once a run,
under the close that first shows it, so nobody reads it as one thread serving them all, and how
long such a thread waits for its next connection (LINGER): run 2's first connection got a new
thread, run 1's having ended meanwhile."""

from __future__ import annotations

import pytest
from pilot_helpers import launch, until

from server_core import SERVER, Event
from server_core.handler_threads import LINGER
from tui_app.app import LabApp
from tui_app.strings import tr
from tui_app.widgets.events_pane import HandlerReused

pytestmark = pytest.mark.timeout(40)


def said(app: LabApp) -> list[tuple[object, object]]:
    """Each reuse line the events pane keeps, with the line before it."""
    kept = list(app.events._kept)
    return [(kept[i - 1], item) for i, item in enumerate(kept) if isinstance(item, HandlerReused)]


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_reused_handler_is_said_once_a_run_under_the_close_that_shows_it(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.session.listening, what="the server listening")
        for run in (1, 2):
            await launch(pilot, "l", n="3", hold="0.05")
            await until(pilot, lambda: all(r.done for r in app.lab.runs), what=f"lock run {run} done")
            await until(pilot, lambda run=run: len(said(app)) == run, what=f"the reuse said for run {run}")
        for before, line in said(app):
            assert isinstance(before, Event) and before.side == SERVER and before.kind == "disconnected"
            thread = before.extra["thread"] if before.extra else None
            assert tr("note.handler_reused", lang, thread=thread, linger=LINGER) in str(line)
            waits = {"en": f"waits {LINGER:g} s", "zh": f"等待{LINGER:g}秒"}[lang]  # how long
            assert "--threads new" in str(line) and waits in str(line)
        conns = app.session.book.connections.values
        await until(pilot, lambda: len(conns()) == 6 and not any(c.server_open for c in conns()),
                    what="every close seen")
        await pilot.pause()
        assert len(said(app)) == 2  # nothing more said for either run
        await pilot.press("q")
