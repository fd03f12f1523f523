"""The app's screens staged without clocks, random ports or live timing, read back as text.

``render(lang, size)`` plays the screenshot script's staged runs onto a headless app and returns
the text of each screen (main after a run, help, timeline, comparison), with the listening port
written as ``PORT``: the same on every machine, so a layout change shows as a text difference.
"""

from __future__ import annotations

from server_core import EventBus, Order, parse_order
from tui_app.app import LabApp
from tui_app.screenshots import HOLD, StagedClock, play, settle

SIZES = ((80, 24), (120, 40))
SCREENS = ("main", "help", "timeline", "comparison")


def screen_text(app: LabApp) -> str:
    """What the terminal shows, line by line (a wide character once, as typed)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip).rstrip() for strip in strips)


async def render(lang: str, size: tuple[int, int]) -> dict[str, str]:
    """The text of every staged screen, by name (``SCREENS``)."""
    clock = StagedClock()
    app = LabApp(port=0, lang=lang, bus=EventBus(clock=clock))
    shown: dict[str, str] = {}
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        port = str(app.server.port) if app.server else ""

        def text() -> str:
            return screen_text(app).replace(port, "PORT") if port else screen_text(app)

        await play(app, clock, 1, Order("free"), 3, HOLD, 1.0)
        await settle(app, pilot)
        shown["main"] = text()
        await pilot.press("question_mark")
        await pilot.pause()
        shown["help"] = text()
        await pilot.press("escape")
        await pilot.pause()
        for run, mode in enumerate(("lock", "semaphore:3"), start=2):
            await play(app, clock, run, parse_order(mode), 4, 0.5, 4.0 * run)
            await settle(app, pilot)
        await pilot.press("t")
        await pilot.pause()
        shown["timeline"] = text()
        await pilot.press("escape")
        await pilot.pause()
        app.show_comparison([1, 2, 3])
        await pilot.pause()
        shown["comparison"] = text()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("q")
    return shown
