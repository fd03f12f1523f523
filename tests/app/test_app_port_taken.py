"""An exhibit's or an experiment's port taken as its socket binds, in the app: its screen says
the one line ``tcp-lab exhibit``/``experiment`` says (``port N on 127.0.0.1 is already in use``),
no outcome is judged, and the app goes on (the next run runs)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from functools import partial

import pytest
from pilot_helpers import until
from test_app_exhibits import account as exhibit_account
from test_app_sockets import account as experiment_account

import tui_app.screens.exhibits
import tui_app.side_work
from server_core.exhibits import make_exhibit
from server_core.experiments import run_experiment
from tui_app.app import LabApp
from tui_app.screens.exhibits import ExhibitsScreen
from tui_app.screens.experiments import ExperimentsScreen

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def held() -> Iterator[int]:
    """A port a listener of the test holds on 127.0.0.1."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        yield listener.getsockname()[1]


async def test_an_exhibit_whose_port_is_taken_says_so_and_the_next_runs(
    held: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_held = partial(make_exhibit, port=held)
    monkeypatch.setattr(tui_app.screens.exhibits, "make_exhibit", lambda *a, **k: on_held(*a, **k))
    app = LabApp(port=0)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.press("b")
        await until(pilot, lambda: isinstance(app.screen, ExhibitsScreen), what="the exhibits screen")
        await pilot.press("1")
        said = f"the exhibit stopped: port {held} on 127.0.0.1 is already in use"
        await until(pilot, lambda: said in exhibit_account(app), what="the port said")
        assert "Outcome" not in exhibit_account(app) and "Error" not in exhibit_account(app)
        monkeypatch.setattr(tui_app.screens.exhibits, "make_exhibit", make_exhibit)
        await pilot.press("1")
        await until(pilot, lambda: "Outcome: as predicted" in exhibit_account(app), what="the next run")
        await pilot.press("q")


async def test_an_experiment_whose_port_is_taken_says_so_without_an_outcome(
    held: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tui_app.side_work, "run_experiment", lambda name: run_experiment(name, held))
    app = LabApp(port=0, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e", "2")  # nagle, on the port held
        said = f"the experiment stopped: port {held} on 127.0.0.1 is already in use"
        await until(pilot, lambda: said in experiment_account(app), timeout=30, what="the port said")
        assert "Outcome" not in experiment_account(app) and app.side.experiments.last is None
        await pilot.press("escape", "e")  # reopened: still said, not an earlier outcome
        await until(pilot, lambda: isinstance(app.screen, ExperimentsScreen), what="the screen again")
        await until(pilot, lambda: said in experiment_account(app), what="the port said again")
        monkeypatch.setattr(tui_app.side_work, "run_experiment", run_experiment)
        await pilot.press("2")
        done = "Outcome: as predicted"
        await until(pilot, lambda: done in experiment_account(app), timeout=30, what="the next run")
        assert "already in use" not in experiment_account(app)
        await pilot.press("q")
