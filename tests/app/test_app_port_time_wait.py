"""The app refuses a port held by connections in TIME_WAIT as the commands do: it names TIME_WAIT
and how long it lasts, not only "already in use"."""

from __future__ import annotations

import pytest
from pilot_helpers import until
from test_exhibit_experiment_port import free_ports, leave_time_wait
from textual.widgets._toast import Toast

from tui_app.app import LabApp


@pytest.mark.timeout(30)
async def test_a_port_held_by_time_wait_is_said_so() -> None:
    port = free_ports(1)
    leave_time_wait(port, reuse=False)
    app = LabApp(port=port, lang="en")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await until(pilot, lambda: app.screen.query(Toast), what="the notification")
        said = " ".join(str(toast.render()) for toast in app.screen.query(Toast))
        assert "TIME_WAIT" in said and str(port) in said, said
        await pilot.press("q")
