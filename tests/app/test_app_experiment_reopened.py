"""The experiments screen opened again after it was closed mid-run, and the help on its keys."""

from __future__ import annotations

import io
import threading

import pytest
from pilot_helpers import until
from rich.console import Console

from server_core.experiments import EXPERIMENTS, NAMES, ExperimentResult, run_experiment
from tui_app.app import LabApp
from tui_app.screens.experiments import ExperimentsScreen
from tui_app.screens.help import HelpScreen
from tui_app.strings import tr

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def accept() -> ExperimentResult:
    return run_experiment("accept")  # its account is taller than an 80x24 screen's


async def test_reopened_after_closing_it_mid_run_the_screen_shows_the_outcome(
    accept: ExperimentResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run ended while the screen was closed: opened again, it shows where the run is, its
    outcome at the account's end, not the account's top."""
    gate = threading.Event()

    def held(port: int) -> ExperimentResult:
        gate.wait(20)
        return accept

    monkeypatch.setitem(EXPERIMENTS, "accept", held)
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e", str(NAMES.index("accept") + 1))
        await until(pilot, lambda: app.side.experiments.running == "accept", what="the run going")
        await pilot.press("escape")
        await until(pilot, lambda: len(app.screen_stack) == 1, what="the screen closed")
        gate.set()
        await until(pilot, lambda: app.side.experiments.last is accept, what="the run over")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ExperimentsScreen), what="the screen again")
        box = app.screen.query_one("#experiment-scroll")
        await until(pilot, lambda: box.max_scroll_y > 0 and box.scroll_y == box.max_scroll_y, what="its end")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_help_lists_the_keys_that_scroll_an_account(lang: str) -> None:
    """The README promises arrows, Page Up/Down, Home and End on both screens' accounts."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help")
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=120, record=True, file=io.StringIO())
        console.print(app.screen.content())
        said = console.export_text()
        for key in ("help.scroll_line", "help.scroll_page", "help.scroll_ends"):
            assert said.count(tr(key, lang)) == 2, (key, said)  # the exhibits' and the experiments'
        assert said.count("Home/End") == 2 and said.count(tr("key.page_up", lang)) >= 2
