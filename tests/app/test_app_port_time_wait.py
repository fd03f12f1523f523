"""The app refuses a port held by connections in TIME_WAIT as the commands do: it names TIME_WAIT
and how long it lasts, not only "already in use"."""

from __future__ import annotations

import pytest
from pilot_helpers import until
from test_exhibit_experiment_port import free_ports, leave_time_wait

from tui_app.app import LabApp


@pytest.mark.timeout(30)
async def test_a_port_held_by_time_wait_is_said_so() -> None:
    port = free_ports(1)
    leave_time_wait(port, reuse=False)
    app = LabApp(port=port, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        said = lambda: " ".join(app.events.logical_lines())  # noqa: E731
        await until(pilot, lambda: "TIME_WAIT" in said(), what="the line in the events pane")
        assert str(port) in said(), said()
        await pilot.press("q")
