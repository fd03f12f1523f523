"""A key or a palette entry chosen on a screen without the events pane (the comparison, the
timeline) says what it did there, in a notification: a launch says where its run is (held in
step mode, or on the main screen); the screens over the main one (experiments, exhibits, help)
offer no launch."""

from __future__ import annotations

import socket

import pytest
from pilot_helpers import set_field, until
from test_app_comparison_scroll import summaries
from test_app_palette_keys import entries
from textual.pilot import Pilot
from textual.screen import Screen

from tui_app.app import LabApp
from tui_app.screens.comparison import ComparisonScreen
from tui_app.screens.exhibits import ExhibitsScreen
from tui_app.screens.experiments import ExperimentsScreen
from tui_app.screens.help import HelpScreen
from tui_app.screens.timeline import TimelineScreen
from tui_app.strings import tr

pytestmark = pytest.mark.timeout(60)


def notified(app: LabApp) -> str:
    """Every notification's words, their lines joined (a toast breaks its lines where it may)."""
    return " ".join(str(n.message).replace("\n", " ") for n in app._notifications)


def said(words: str) -> str:
    return " ".join(words.split())


async def open_comparison(app: LabApp, pilot: Pilot) -> None:
    app.push_screen(ComparisonScreen(summaries()))
    await until(pilot, lambda: isinstance(app.screen, ComparisonScreen), what="the comparison")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_launch_chosen_in_the_comparisons_palette_in_step_mode_says_it_is_held(lang: str) -> None:
    """As a user did: in step mode, Queue chosen from the comparison's palette launched a run that
    nothing on that screen showed."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        set_field(app, "n", "2")
        await until(pilot, lambda: app.lab.server is not None and app.lab.server.port > 0, what="server up")
        await pilot.press("p")
        await open_comparison(app, pilot)
        await entries(app, pilot, at_least=10)
        await pilot.press(*"queue")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: len(app.lab.runs) == 1, what="run 1 launched")
        held = said(tr("note.elsewhere_held", lang, run=1))
        await until(pilot, lambda: held in said(notified(app)), what="the notification")
        assert isinstance(app.screen, ComparisonScreen)
        await pilot.press("q")


@pytest.mark.parametrize("screen", ["comparison", "timeline"])
async def test_a_key_on_a_screen_without_the_events_pane_says_what_it_did_there(screen: str) -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        set_field(app, "n", "1")
        set_field(app, "hold", "0")
        await until(pilot, lambda: app.lab.server is not None and app.lab.server.port > 0, what="server up")
        if screen == "comparison":
            await open_comparison(app, pilot)
        else:
            await pilot.press("t")
            await until(pilot, lambda: isinstance(app.screen, TimelineScreen), what="the timeline")
        await pilot.press("p")
        await until(pilot, lambda: said(tr("note.step_on", "en")) in said(notified(app)), what="step mode on")
        await pilot.press("p", "f")
        await until(pilot, lambda: len(app.lab.runs) == 1, what="run 1 launched")
        launched = said(tr("note.elsewhere_launched", "en", run=1))
        shown = lambda: said(notified(app))  # noqa: E731
        if screen == "comparison":  # the timeline shows the run: no need to send the user away
            await until(pilot, lambda: launched in shown(), what="where run 1 is")
        else:
            await until(pilot, lambda: "run 1: launching 1 client" in shown(), what="the launch said")
            assert launched not in shown()
        await pilot.press("q")


@pytest.mark.parametrize(
    ("key", "kind"), [("e", ExperimentsScreen), ("b", ExhibitsScreen), ("question_mark", HelpScreen)]
)
async def test_the_screens_over_the_main_one_offer_no_launch(key: str, kind: type[Screen]) -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(key)
        await until(pilot, lambda: isinstance(app.screen, kind), what=kind.__name__)
        shown = await entries(app, pilot, at_least=3)
        await pilot.press("escape")
        launches = {tr(f"key.launch_{mode}", "en").capitalize() for mode in ("free", "lock", "queue")}
        assert not launches & {entry[0] for entry in shown}, shown
        assert not app.lab.runs


async def test_what_a_key_notified_itself_is_not_notified_again() -> None:
    """A busy port, said in a notification of its own (an error), once."""
    app = LabApp(port=0)
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: app.lab.server is not None, what="server up")
            set_field(app, "port", str(port))
            await open_comparison(app, pilot)
            await pilot.press("a")
            await until(pilot, lambda: str(port) in notified(app), what="the busy port said")
            assert len(app._notifications) == 1, notified(app)  # both would come in the same action
            await pilot.press("q")
