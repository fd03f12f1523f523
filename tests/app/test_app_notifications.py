"""A notification never covers the pane that says the same thing: a failure the events pane
shows (a port in use, a run held in step mode with the server stopped) is notified only where
that pane is out of sight (another screen on top); and a notification about a failure goes once
the user has fixed it: a port in use, then another port typed in the form and the server
listening on it."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from pilot_helpers import port_kept_while_stopped, set_field, until
from textual.widgets import Input
from textual.widgets._toast import Toast

from tui_app.app import LabApp
from tui_app.screens.export import ExportScreen
from tui_app.screens.timeline import TimelineScreen
from tui_app.strings import LANGS, tr

pytestmark = pytest.mark.timeout(60)


def toasts(app: LabApp) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query(Toast)]


def flat(text: str) -> str:
    return "".join(text.split())


def in_events(app: LabApp, said: str) -> bool:
    return flat(said) in flat(" ".join(app.events.logical_lines()))


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A port something else listens on, for as long as the test runs."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield taken.getsockname()[1]


@pytest.mark.parametrize("lang", LANGS)
async def test_a_busy_port_at_start_is_said_in_the_events_pane_and_not_over_it(
    lang: str, taken_port: int
) -> None:
    """At 80x24 the notification covered the events pane for seconds, where the same line was."""
    app = LabApp(port=taken_port, lang=lang)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        said = tr("note.port_busy", lang, host="127.0.0.1", port=taken_port, reason="")
        await until(pilot, lambda: in_events(app, said.split(":")[0]), what="the line in the events pane")
        for _ in range(3):  # a notification is mounted a frame or two after it is posted
            await pilot.pause()
        assert app.session.listening is None
        assert toasts(app) == [] and not app._notifications
        await pilot.press("q")


@pytest.mark.parametrize("lang", LANGS)
async def test_a_launch_held_with_the_server_stopped_is_said_only_in_the_events_pane(lang: str) -> None:
    """In step mode the warning sat over the threads pane for 10 s at 80x24."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        port = await port_kept_while_stopped(pilot)
        await pilot.press("p", "f")
        warning = tr("note.step_no_server", lang, run=1, address=f"127.0.0.1:{port}")
        await until(pilot, lambda: in_events(app, warning), what="the warning in the events pane")
        for _ in range(3):
            await pilot.pause()
        assert toasts(app) == [] and not app._notifications
        app.lab.stepper.go()
        app.lab.stop_runs()
        await pilot.press("q")


@pytest.mark.parametrize("lang", LANGS)
async def test_the_busy_port_notification_goes_when_the_server_listens_on_another(
    lang: str, taken_port: int
) -> None:
    """``cannot listen: port 22602 … already in use`` stayed on top of the events pane for
    seconds after ``listening on 127.0.0.1:22603``. On the timeline the events pane is out of
    sight: the failure is notified there, and taken down once fixed."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await until(pilot, lambda: app.session.listening is not None, what="listening")
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen), what="the timeline")
        set_field(app, "port", str(taken_port))
        await pilot.press("a")
        await until(pilot, lambda: any(str(taken_port) in text for text in toasts(app)), what="said")
        assert app.session.listening is None
        set_field(app, "port", "0")
        await pilot.press("a")
        await until(pilot, lambda: app.session.listening is not None, what="listening")
        gone = lambda: not any(str(taken_port) in text for text in toasts(app))  # noqa: E731
        await until(pilot, gone, timeout=3.0, what="the failure's notification gone")  # the new port's stays
        await pilot.press("q")


async def test_a_failed_screenshot_is_no_longer_said_once_one_is_saved(tmp_path: Path) -> None:
    """The failure (an error) stays longer than the notice that the screenshot is saved (it only
    informs): every notice stayed 5 s or more over the events pane's counts and lines."""
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        assert app.deliver_screenshot(path=str(tmp_path / "missing")) is None
        await until(pilot, lambda: len(toasts(app)) == 1, what="said")
        [failed] = list(app._notifications)
        saved = app.deliver_screenshot(path=str(tmp_path))
        assert saved is not None
        name = Path(saved).name
        await until(pilot, lambda: len(toasts(app)) == 1 and name in toasts(app)[0], what="saved, alone")
        [told] = list(app._notifications)
        assert told.timeout <= 3 and failed.timeout > 5, (told.timeout, failed.timeout)
        await pilot.press("q")


async def test_an_export_from_the_main_screen_is_said_in_the_events_pane_alone(tmp_path: Path) -> None:
    """``exported … to PATH`` was notified over the events pane's line of the same words."""
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await until(pilot, lambda: app.session.listening is not None, what="listening")
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen), what="the export screen")
        app.screen.query_one("#export-path", Input).value = str(tmp_path / "events.jsonl")
        await pilot.press("enter")
        await until(pilot, lambda: in_events(app, "events.jsonl"), what="the line in the events pane")
        for _ in range(3):
            await pilot.pause()
        assert (tmp_path / "events.jsonl").exists()
        assert toasts(app) == [] and not app._notifications
        await pilot.press("q")
