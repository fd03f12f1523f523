"""What the app says when there is nothing to stop, and the exhibits screen's next variant after
an exhibit chosen from the palette."""

from __future__ import annotations

import pytest
from pilot_helpers import plain, until
from textual.widgets import Static

from server_core.exhibits import NAMES
from tui_app.app import LabApp
from tui_app.screens.exhibits import ExhibitsScreen

pytestmark = pytest.mark.timeout(30)


async def test_k_with_no_run_going_says_there_is_none_to_stop() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("k")
        app.events.flush()
        assert app.events.logical_lines()[-1].split(None, 1)[1] == "no client run to stop"
        assert not any("stopped 0" in line for line in app.events.logical_lines())
        await pilot.press("q")


async def test_the_exhibits_screen_names_the_variant_the_palette_ran_as_the_next() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.press("b")
        await until(pilot, lambda: isinstance(app.screen, ExhibitsScreen), what="the exhibits screen")
        screen = app.screen
        assert isinstance(screen, ExhibitsScreen)

        def menu() -> str:
            return plain(screen.query_one("#exhibit-menu", Static).content)

        await pilot.press("v")
        await until(pilot, lambda: "next run: safe" in menu(), what="safe chosen")
        app.side.open_exhibits(NAMES[0], safe=False)  # as the palette's unsafe entry does
        await until(pilot, lambda: "next run: unsafe" in menu(), what="the menu following the run")
        await until(pilot, lambda: not screen.running, timeout=20, what="the exhibit's end")
        await pilot.press("q")
