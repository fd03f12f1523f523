"""The help opened from a screen shows that screen's keys first (from the timeline they were
some 20 lines down, under the main screen's), and names every key as the footer does: ``Esc``
and ``^p``, never ``escape`` or ``ctrl+p`` beside them."""

from __future__ import annotations

import pytest
from pilot_helpers import plain, until
from test_app_said_elsewhere import open_comparison

from tui_app.app import LabApp
from tui_app.screens.exhibits import ExhibitsScreen
from tui_app.screens.help import HelpScreen
from tui_app.screens.timeline import TimelineScreen
from tui_app.strings import tr

pytestmark = pytest.mark.timeout(60)


def help_lines(app: LabApp) -> list[str]:
    screen = app.screen
    assert isinstance(screen, HelpScreen)
    return [line.strip() for line in plain(screen.text.content).splitlines() if line.strip()]


async def open_help(app: LabApp, pilot) -> list[str]:  # type: ignore[no-untyped-def]
    await pilot.press("question_mark")
    await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help")
    await pilot.pause()
    return help_lines(app)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_help_starts_at_the_keys_of_the_screen_it_was_opened_on(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        assert (await open_help(app, pilot))[0] == tr("help.keys", lang)
        await pilot.press("escape")
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen), what="the timeline")
        lines = await open_help(app, pilot)
        assert lines[0] == tr("help.timeline_keys", lang), lines[:3]
        assert sum(line == tr("help.timeline_keys", lang) for line in lines) == 1
        await pilot.press("escape", "escape")
        await until(pilot, lambda: len(app.screen_stack) == 1, what="the main screen")
        await open_comparison(app, pilot)
        assert (await open_help(app, pilot))[0] == tr("help.comparison_keys", lang)
        await pilot.press("escape", "escape")
        await until(pilot, lambda: len(app.screen_stack) == 1, what="the main screen")
        await pilot.press("b")
        await until(pilot, lambda: isinstance(app.screen, ExhibitsScreen), what="the exhibits")
        assert (await open_help(app, pilot))[0] == tr("help.exhibit_keys", lang)
        await pilot.press("escape", "escape")
        await until(pilot, lambda: len(app.screen_stack) == 1, what="the main screen")
        assert (await open_help(app, pilot))[0] == tr("help.keys", lang)  # opened again from the main one


async def test_every_key_in_the_help_is_named_as_the_footer_names_it() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        words = " ".join(await open_help(app, pilot)).split()
        assert "escape" not in words and "esc" not in words
        assert "ctrl+p" not in words and "ctrl+q" not in words
        assert {"Esc", "^p", "^q"} <= set(words)
