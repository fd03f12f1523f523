"""Whether step mode is paused (after a g, until the next stepped launch) is derived once, by
the lab (``LabControl.step_paused``): the status line and the step pane both read it, so they say
the same thing at every drain, after a g and after the launch that holds again."""

from __future__ import annotations

import pytest
from pilot_helpers import set_field, until

from tui_app.app import LabApp
from tui_app.strings import tr

pytestmark = pytest.mark.timeout(40)


def said_paused(app: LabApp) -> tuple[bool, bool]:
    """Whether the status line, and the step pane's title, say step mode is paused."""
    status = app.status.render().plain
    in_status = any(tr(key, app.lang) in status for key in ("status.step_paused", "status.step_paused_short"))
    in_pane = str(app.step_pane.border_title).startswith(tr("step.title_paused", app.lang))
    return in_status, in_pane


def held(app: LabApp) -> list[str]:
    return [view.label for view in app.lab.stepper.snapshot() if view.state == "held"]


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_status_line_and_step_pane_agree_on_paused_after_g_and_after_a_launch(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        set_field(app, "n", "1")
        set_field(app, "hold", "0")
        await until(pilot, lambda: app.lab.server is not None and app.lab.server.port > 0, what="server up")
        await pilot.press("p", "f")
        await until(pilot, lambda: held(app) == ["r1.1"], what="the run held")
        app.drain()
        assert not app.lab.step_paused and said_paused(app) == (False, False)
        await pilot.press("g")
        assert app.lab.step_paused
        app.drain()
        assert said_paused(app) == (True, True), "both say paused at the drain after g"
        await until(pilot, lambda: all(run.done for run in app.lab.runs), what="the run done")
        await pilot.press("f")
        await until(pilot, lambda: held(app) == ["r2.1"], what="the next run held")
        assert not app.lab.step_paused
        app.drain()
        assert said_paused(app) == (False, False), "neither says paused at the drain after the launch"
        await pilot.press("q")
