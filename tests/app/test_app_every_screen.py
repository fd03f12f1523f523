"""The keys every screen shares, and the mouse on the app's lists and panes."""

from __future__ import annotations

import re

import pytest
from layout_stage import screen_text
from pilot_helpers import until

from tui_app.app import LabApp
from tui_app.screens.export import ExportScreen
from tui_app.screens.modal import LabModalScreen

pytestmark = pytest.mark.timeout(60)


@pytest.mark.parametrize("opens", ["question_mark", "e", "b", "t"])
async def test_q_quits_from_every_screen_on_top(opens: str) -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(opens)
        await until(pilot, lambda: len(app.screen_stack) == 2, what="the screen on top")
        await pilot.press("q")
        await until(pilot, lambda: not app.is_running, what="the app to end")


async def test_q_typed_into_a_field_of_a_screen_on_top_is_text() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen), what="the export screen")
        assert isinstance(app.screen, LabModalScreen)
        await pilot.press("end", "q")
        await pilot.pause()
        assert app.is_running and app.screen.query_one("#export-path").value.endswith("q")
        await pilot.press("escape")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_exhibit_notes_stay_within_the_width_and_out_of_the_label_column(size: tuple[int, int]) -> None:
    app = LabApp(port=0)
    async with app.run_test(size=size) as pilot:
        await pilot.press("b", "1")
        screen = app.screen
        await until(pilot, lambda: getattr(screen, "result", None) is not None, what="the exhibit's outcome")
        await pilot.pause(0.3)
        lines = screen_text(app).splitlines()
        notes = [line for line in lines if "its deposit lost" in line]
        assert notes and all(re.search(r"overwritten by h\d", line) for line in notes), notes
        assert not [line for line in lines if re.search(r"│ *h\d *│", line)]  # a label with no lane
