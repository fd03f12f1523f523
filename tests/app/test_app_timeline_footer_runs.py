"""The timeline's footer shows its run keys at 100 columns: `[ ]` worked there but the footer
showed them only from 120 columns (`[ previous run ] next run` did not fit beside the others)."""

from __future__ import annotations

import pytest
from layout_stage import screen_text
from pilot_helpers import until

from tui_app.app import LabApp
from tui_app.screens.timeline import TimelineScreen
from tui_app.strings import tr

pytestmark = pytest.mark.timeout(30)


async def test_at_100_columns_the_run_keys_show_as_one_and_whole_again_when_wider() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen), what="the timeline")
        footer = lambda: screen_text(app).splitlines()[-1]  # noqa: E731
        await until(pilot, lambda: f"[ ] {tr('key.runs', 'en')}" in footer(), what="the run keys")
        assert "h handlers" in footer() and "0 whole run" in footer() and "q quit" in footer()
        await pilot.resize_terminal(120, 30)
        await until(pilot, lambda: "[ previous run ] next run" in footer(), what="each key's own words")
        await pilot.press("q")
