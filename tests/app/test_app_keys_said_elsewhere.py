"""The keys k, x, a and a launch key pressed where the events pane is out of sight (the timeline,
the comparison) say there, in a notification, what that pane says of them, also what comes once
a stop's work is over; a launch's notice that its run takes long goes when the run is stopped.
The exhibits screen takes none of these keys."""

from __future__ import annotations

import pytest
from pilot_helpers import set_field, until
from test_app_said_elsewhere import notified, open_comparison
from textual.pilot import Pilot

from tui_app.app import LabApp
from tui_app.screens.exhibits import ExhibitsScreen
from tui_app.screens.timeline import TimelineScreen
from tui_app.strings import tr

pytestmark = pytest.mark.timeout(60)


def said(words: str) -> str:
    """``words`` without blanks: a toast breaks a line anywhere in Chinese."""
    return "".join(words.split())


async def open_screen(app: LabApp, pilot: Pilot, screen: str) -> None:
    if screen == "comparison":
        await open_comparison(app, pilot)
    else:
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen), what="the timeline")


@pytest.mark.parametrize(
    ("screen", "lang", "engine"),
    [("timeline", "en", "thread"), ("timeline", "zh", "process"), ("comparison", "en", "process")],
)
async def test_k_x_a_and_a_launch_say_what_they_did_where_the_events_pane_is_hidden(
    screen: str, lang: str, engine: str
) -> None:
    """A server in a process of its own binds in a worker: ``a``'s listening comes after the key."""
    app = LabApp(port=0, lang=lang, engine=engine)
    async with app.run_test(size=(120, 40)) as pilot:
        set_field(app, "n", "3")
        set_field(app, "hold", "600")
        await until(pilot, lambda: app.lab.server is not None and app.lab.server.port > 0, what="server up")
        await open_screen(app, pilot, screen)
        shown = lambda: said(notified(app))  # noqa: E731
        await pilot.press("f")
        long_run = said(tr("note.long_run", lang, run=1, seconds="600", n=3, hold="600", width=3))
        await until(pilot, lambda: long_run in shown(), what="the launch and its length said")
        await pilot.press("k")
        stopped = said(tr("note.clients_stopped", lang, count=1))
        await until(pilot, lambda: stopped in shown(), what="the stop said")
        await until(pilot, lambda: long_run not in shown(), what="the long run's notice gone")
        await pilot.press("x")
        await until(pilot, lambda: said(tr("server.stopped", lang)) in shown(), what="the server's stop said")
        await pilot.press("a")
        await until(pilot, lambda: app.session.listening is not None, what="listening again")
        listening = said(tr("status.listening", lang, address=app.session.listening))
        await until(pilot, lambda: listening in shown(), what="where it listens said")
        await pilot.press("q")


async def test_the_exhibits_screen_takes_no_launch_stop_or_server_key() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.lab.server is not None and app.lab.server.port > 0, what="server up")
        await pilot.press("b")
        await until(pilot, lambda: isinstance(app.screen, ExhibitsScreen), what="the exhibits")
        await pilot.press("f", "k", "x")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ExhibitsScreen), what="the main screen")
        assert not app.lab.runs
        assert app.lab.server is not None
        await pilot.press("q")
