"""k stops the runs in a thread worker: the keys work while a stop joins threads, a second k
stops nothing twice, and the stop is said once, when it is over."""

from __future__ import annotations

import threading

import pytest
from pilot_helpers import launch, until

from server_core.clients import ClientRun
from tui_app.app import LabApp


@pytest.mark.timeout(60)
async def test_a_slow_stop_leaves_the_keys_working_and_is_said_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Was: the stop joined the run's threads on the event loop (1-80 ms here, 190 ms seen on a
    loaded machine, up to 1.5 s), no key nor drawing meanwhile."""
    go, stopping = threading.Event(), threading.Event()
    stop = ClientRun.stop

    def slow_stop(run: ClientRun) -> None:
        stopping.set()
        go.wait(20)
        stop(run)

    monkeypatch.setattr(ClientRun, "stop", slow_stop)
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await launch(pilot, "f", n="2", hold="30")
        await until(pilot, lambda: app.session.book.active == 2, what="2 held open")
        await pilot.press("k")
        await until(pilot, stopping.is_set, what="the stop under way")
        await pilot.press("k")  # the same run: not stopped twice, nothing said for it
        await launch(pilot, "f", hold="0")  # a key while the stop waits: taken at once
        await until(pilot, lambda: app.lab.launched == 2, what="run 2 launched meanwhile")
        said = "stopped 1 client run"
        assert not any(said in line for line in app.events.logical_lines())
        go.set()
        await until(pilot, lambda: {1, 2} <= set(app.session.summaries), what="both runs over")
        await until(pilot, lambda: any(said in line for line in app.events.logical_lines()), what="said")
        await pilot.pause(0.2)
        assert sum(said in line for line in app.events.logical_lines()) == 1
        assert not any("no client run to stop" in line for line in app.events.logical_lines())
        assert app.session.summaries[1].stopped == 2 and app.session.summaries[2].ok == 2
        await pilot.press("q")
    go.set()
