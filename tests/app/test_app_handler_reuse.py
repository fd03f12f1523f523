"""A lock-ordered run names every connection's handler ``handler-1``: the server hands each new
connection to the handler thread whose connection ended. The events pane says so once a run,
under the close that first shows it, so nobody reads it as one thread serving them all, and how
long such a thread waits for its next connection (LINGER): run 2's first connection got a new
thread, run 1's having ended meanwhile. The whole note is said once in the app's life, in four
rows at 80x24 at the most, naming nothing the app has no control for (it took 9 to 11 rows and
named ``--threads new``, a command-line option); later runs get one row that says
it on its own ("reused, as said above" pointed back to a note long scrolled away)."""

from __future__ import annotations

import itertools

import pytest
from pilot_helpers import launch, until

from server_core import CLIENT, SERVER, Event
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
        for run, (before, line) in enumerate(said(app), start=1):
            assert isinstance(before, Event) and before.side == SERVER and before.kind == "disconnected"
            thread = before.extra["thread"] if before.extra else None
            waits = {"en": f"waits {LINGER:g} s", "zh": f"等待{LINGER:g}秒"}[lang]  # how long
            assert waits in str(line) and "--" not in str(line)  # no flag the app has no control for
            if run > 1:  # said in full once in the app's life, then in one row that stands alone
                assert str(line).endswith(tr("note.handler_reused_again", lang, thread=thread, linger=LINGER))
                assert not any(word in str(line) for word in ("above", "上文")), line  # long scrolled away
                continue
            assert tr("note.handler_reused", lang, thread=thread, linger=LINGER) in str(line)
            rows = app.events.lines_for(line, app.events._wrap_width())  # 9 to 11 rows at 80x24
            assert len(rows) <= 4, rows
        conns = app.session.book.connections.values
        await until(pilot, lambda: len(conns()) == 6 and not any(c.server_open for c in conns()),
                    what="every close seen")
        await pilot.pause()
        assert len(said(app)) == 2  # nothing more said for either run
        await pilot.press("q")


async def test_the_reuse_is_said_once_a_run_however_the_closes_fall_into_batches() -> None:
    """The pane reads each batch once: a run's closes split over batches, or several reuses in
    one, still give one line a run, under the close that first shows the reuse."""
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.session.listening, what="the server listening")
        seq = itertools.count(1_000_000)  # past the live server's own events

        def client(run: int) -> Event:
            return Event(next(seq), 0.001, CLIENT, "connected", 1, extra={"run": run})

        def close(number: int) -> Event:
            thread = {"thread": "handler-1"}
            return Event(next(seq), 0.001, SERVER, "disconnected", number, "a", "b", extra=thread)

        batches = [
            [client(1), close(1)],
            [close(2)],  # the reuse, alone in its batch
            [close(3), close(4)],
            [client(2), close(5), close(6), close(7)],  # the next run: said again, once
        ]
        for batch in batches:
            app.events.show(batch)
        app.events.flush()
        await until(pilot, lambda: len(said(app)) == 2, what="the reuse said for each run")
        assert [before.client for before, _ in said(app)] == [2, 6]  # type: ignore[attr-defined]
        await pilot.press("q")
