"""The app's screens staged without clocks, random ports or live timing, read back as text.

``render(lang, size)`` replays the screenshot script's recorded runs onto a headless app and returns
the text of each screen (main after a run, help, timeline, comparison, and main in step mode with
threads waiting to step). The server listens on a
free port, shown as 8888 (``SHOWN_ADDRESS``): the text is the same on every machine, so a layout
change shows as a text difference.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pilot_helpers import until
from textual.pilot import Pilot

from server_core import CLIENT, SERVER, EventBus, ServerConfig
from server_core.stepping import ThreadView
from tui_app import app as app_module
from tui_app.app import LabApp
from tui_app.screens.comparison import ComparisonScreen
from tui_app.screens.help import HelpScreen
from tui_app.screens.timeline import TimelineScreen
from tui_app.screenshots import StagedClock, play, recording, settle

SIZES = ((80, 24), (120, 40))
SHOWN_ADDRESS = "127.0.0.1:8888"
STEADY_ROUNDS = 20  # pauses a screen may take to stop changing


class StagedBus(EventBus):
    """An event bus that names the server's real listening address as ``SHOWN_ADDRESS``."""

    def _record(self, side: str, kind: str, client: Any, local: Any, *rest: Any) -> Any:
        if side == SERVER and kind == "listening":
            local = SHOWN_ADDRESS
        return super()._record(side, kind, client, local, *rest)


class StagedApp(LabApp):
    """The app, showing its server's address as ``SHOWN_ADDRESS``."""

    CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))

    def start_server(self, config: ServerConfig) -> bool:
        started = super().start_server(config)
        if started:
            self.session.listening = SHOWN_ADDRESS
        return started


SCREENS = ("main", "help", "timeline", "comparison", "step")
HELD = (  # the threads the step pane lists when staged: two clients of the latest run and a handler
    ThreadView(CLIENT, 3, 1, "r3.1", "held", "send", None, None),
    ThreadView(CLIENT, 3, 2, "r3.2", "held", "connect", None, None),
    ThreadView(SERVER, 0, 17, "#17", "held", "read", None, None),
)


def screen_text(app: LabApp) -> str:
    """What the terminal shows, line by line (a wide character once, as typed)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip).rstrip() for strip in strips)


async def steady_text(app: LabApp, pilot: Pilot) -> str:
    """The screen's text once a pause leaves it as it was (a switched-to screen lays itself out
    over a few refreshes, later on a loaded machine); fails after ``STEADY_ROUNDS`` pauses."""
    text = screen_text(app)
    for _ in range(STEADY_ROUNDS):
        await pilot.pause()
        again = screen_text(app)
        if again == text:
            return text
        text = again
    raise AssertionError(f"the screen kept changing for {STEADY_ROUNDS} pauses")


async def render(lang: str, size: tuple[int, int]) -> dict[str, str]:
    """The text of every staged screen, by name (``SCREENS``)."""
    clock = StagedClock()
    app = StagedApp(port=0, lang=lang, bus=StagedBus(clock=clock))
    shown: dict[str, str] = {}
    async with app.run_test(size=size) as pilot:
        await pilot.pause()

        await play(app, clock, 1, recording("free-3"), 1.0)
        await settle(app, pilot)
        shown["main"] = await steady_text(app, pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help")
        shown["help"] = await steady_text(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        for run, name in enumerate(("lock-8", "semaphore3-8"), start=2):
            await play(app, clock, run, recording(name), 6.0 * run)
            await settle(app, pilot)
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen), what="the timeline")
        shown["timeline"] = await steady_text(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        app.views.comparison([1, 2, 3])
        await until(pilot, lambda: isinstance(app.screen, ComparisonScreen), what="the comparison")
        shown["comparison"] = await steady_text(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        app.lab.stepper.snapshot = lambda: list(HELD)  # type: ignore[method-assign]
        await pilot.press("p")
        await until(pilot, lambda: app.step_pane.option_count == len(HELD), what="the step pane")
        shown["step"] = await steady_text(app, pilot)
        await pilot.press("q")
    return shown
