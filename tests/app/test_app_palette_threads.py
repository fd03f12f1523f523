"""In step mode the palette lists the threads pane's focus key (h) and choosing it focuses the
pane: the palette on top of the main screen does not hide the pane that key moves to."""

from __future__ import annotations

import pytest
from pilot_helpers import palette_search, until
from textual.command import CommandList, CommandPalette

from tui_app.app import LabApp
from tui_app.strings import tr

pytestmark = pytest.mark.timeout(60)


@pytest.mark.parametrize(("lang", "typed"), [("en", "threads"), ("zh", "线程"), ("zh", "threads")])
async def test_the_threads_entry_is_listed_in_step_mode_and_runs(lang: str, typed: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await until(pilot, lambda: app.lab.step_mode and app.step_pane.display, what="step mode")
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), what="the palette")
        title = tr("key.step_focus", lang)
        lines = await palette_search(pilot, typed)
        found = [i for i, line in enumerate(lines) if line.strip().lower() == title.lower()]
        assert found, (title, lines)
        app.screen.query_one(CommandList).highlighted = found[0]
        await pilot.press("enter")
        await until(pilot, lambda: app.focused is app.step_pane, what="the threads pane focused")
