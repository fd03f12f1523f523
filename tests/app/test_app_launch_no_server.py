"""A launch with the lab's server stopped (x, then f): its clients' connects are refused, and the
launch says why at once in the events pane, with the key that starts the server, as a launch
in step mode does, and again under the run's end when no client connected (the refused
connects push the first out of sight at 80x24); no notification covers the pane that says it."""

from __future__ import annotations

import pytest
from pilot_helpers import port_kept_while_stopped, until
from test_app_notifications import in_events, toasts

from tui_app.app import LabApp
from tui_app.strings import tr

pytestmark = pytest.mark.timeout(30)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_launch_with_the_server_stopped_says_at_once_that_nothing_listens(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        port = await port_kept_while_stopped(pilot)
        await pilot.press("f")
        warning = tr("note.launch_no_server", lang, run=1, address=f"127.0.0.1:{port}")
        await until(pilot, lambda: in_events(app, warning), what="the warning in the events pane")
        await until(pilot, lambda: 1 in app.session.summaries, what="the run's end")
        height, flat = app.events.scrollable_content_region.height, "".join(warning.split())
        in_sight = lambda: flat in "".join("".join(row.split()) for row in app.events.lines[-height:])  # noqa: E731
        await until(pilot, in_sight, what="the warning in sight under the run's end")
        assert toasts(app) == [] and not app._notifications
        await pilot.press("q")
