"""With the events pane focused at 120x40, Escape and then ``s`` launched nothing: the two
reached the app as one key, ``alt+s`` (within the terminal's Escape delay, or in one write),
which only a field took as Escape and its key. Wherever the focus is, the key then acts."""

from __future__ import annotations

import pytest
from pilot_helpers import until
from textual import events

from tui_app.app import LabApp

pytestmark = pytest.mark.timeout(30)


@pytest.mark.parametrize("focus", ["events", "conversation", "clients", None])
async def test_escape_then_a_key_as_one_acts_wherever_the_focus_is(focus: str | None) -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.session.listening, what="the server listening")
        app.set_focus(app.query_one(f"#{focus}") if focus else None)
        await pilot.pause()
        app.post_message(events.Key("alt+s", "s"))  # as the terminal's reader hands ESC s on
        book = app.session.book
        await until(pilot, lambda: book.connections, what="a semaphore run")
        await pilot.press("q")


@pytest.mark.parametrize("screen", ["t", "e"])
async def test_escape_then_a_key_as_one_on_another_screen_goes_back_then_acts(screen: str) -> None:
    """On the timeline, ``Escape l`` in one burst launched a run and left the timeline on screen
    (the Escape was dropped); on the experiments screen, ``Escape e`` did nothing visible. The
    Escape takes the screen back first, then the key acts on the main screen."""
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.session.listening, what="the server listening")
        main = app.screen
        await pilot.press(screen)
        await until(pilot, lambda: app.screen is not main, what="the other screen")
        app.post_message(events.Key("alt+f", "f"))
        await until(pilot, lambda: app.screen is main, what="back on the main screen")
        await until(pilot, lambda: app.session.book.connections, what="a free run from the main screen")
        await pilot.press("q")
