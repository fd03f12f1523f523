"""The export dialog offers the format ``tcp-lab open`` reads back (``.jsonl``) on every screen
it opens from, says so, and still writes the others when their name is typed (it offered a
``.trace.json`` that ``open`` refuses)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pilot_helpers import until

from server_core.recording import read_recording
from tui_app.app import LabApp
from tui_app.screens.export import ExportScreen
from tui_app.strings import tr
from tui_app.widgets.long_input import LongInput

pytestmark = pytest.mark.timeout(30)


@pytest.mark.parametrize("opens", ["", "t", "c"])
async def test_the_name_offered_is_a_recording_open_reads(opens: str, tmp_path: Path) -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.lab.server is not None, what="the server")
        if opens:
            await pilot.press(opens)
            await until(pilot, lambda: len(app.screen_stack) == 2, what="the screen on top")
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen), what="the export screen")
        field = app.screen.query_one("#export-path", LongInput)
        assert re.fullmatch(r"tcp-lab-\d{6}\.jsonl", field.value), field.value
        target = tmp_path / field.value
        field.value = str(target)
        await pilot.press("enter")
        await until(pilot, target.exists, what="the file written")
        assert read_recording(str(target)).events  # open reads it back


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_prompt_says_which_format_open_reads(lang: str) -> None:
    prompt = tr("export.prompt", lang)
    assert "tcp-lab open" in prompt and ".trace.json" in prompt and ".csv" in prompt, prompt
