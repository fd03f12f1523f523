"""The answer to a thread picked that cannot step (``r1.1 in a step: ..., not held: ...``) sat
atop the step pane like one more thread's row: it is labelled (reversed), in italics, and a
separator parts it from the threads' rows."""

from __future__ import annotations

import pytest
from pilot_helpers import until
from rich.segment import Segment
from test_app_stepping import answers, one_client_held

from tui_app.app import LabApp
from tui_app.strings import tr

pytestmark = pytest.mark.timeout(30)


@pytest.mark.parametrize(("lang", "size"), [("en", (120, 40)), ("zh", (80, 24))])
async def test_the_answer_is_labelled_and_set_apart_from_the_threads_rows(
    lang: str, size: tuple[int, int]
) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=size) as pilot:
        await one_client_held(pilot, app, "30")
        app._not_stepped("note.step_not_held", "r1.1")
        await until(pilot, lambda: len(answers(app)) == 1, what="the answer shown")
        await pilot.pause()
        pane = app.step_pane
        region = pane.scrollable_content_region
        strips = app.screen._compositor.render_strips()[region.y : region.bottom]
        rows = [list(strip.crop(region.x, region.right)) for strip in strips]
        text = ["".join(segment.text for segment in row).strip() for row in rows]
        label = tr("step.answer_label", lang)
        assert text[0].startswith(label), text
        assert any(segment.style and segment.style.reverse and label in segment.text for segment in rows[0])
        italic = [s for s in rows[0] if isinstance(s, Segment) and s.style and s.style.italic]
        assert italic and "r1.1" in "".join(s.text for s in italic)
        rule = next(i for i, line in enumerate(text) if line and set(line) <= set("─━-"))
        assert 0 < rule < len(text) - 1 and text[rule + 1].startswith("r1.1"), text  # then the rows
        app.lab.stop_runs()
        await pilot.press("q")
