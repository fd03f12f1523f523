"""The command palette on every screen: that screen's own keys first, each with its key, the
app-wide ones after; an entry named first and what it does under it, as Textual's own entries
are; choosing an entry does what its key does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pilot_helpers import until
from test_app_comparison_scroll import summaries
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from server_core.exhibits import NAMES as EXHIBIT_NAMES
from server_core.experiments import NAMES as EXPERIMENT_NAMES
from server_core.recording import read_recording
from tui_app.app import LabApp
from tui_app.keys import key_name
from tui_app.screens.comparison import ComparisonScreen
from tui_app.screens.exhibits import ExhibitsScreen
from tui_app.screens.experiments import ExperimentsScreen
from tui_app.screens.help import HelpScreen
from tui_app.screens.timeline import TimelineScreen
from tui_app.strings import tr

pytestmark = pytest.mark.timeout(60)

RECORDING = Path(__file__).parents[1] / "data" / "run-lock-3.jsonl"


async def entries(app: LabApp, pilot: Pilot, at_least: int) -> list[list[str]]:
    """Open the palette and give its entries as listed before anything is typed, each as
    [its first line, its second line]."""
    await pilot.press("ctrl+p")
    await until(pilot, lambda: isinstance(app.screen, CommandPalette), what="the palette")
    found = app.screen.query_one(CommandList)
    await until(pilot, lambda: found.option_count >= at_least, what="the palette's entries")
    await pilot.pause(0.3)  # a later batch of entries
    return [str(found.get_option_at_index(i).prompt).split("\n") for i in range(found.option_count)]


def said(lang: str, text: str, key: str | None) -> str:
    """An entry's second line: what it does, then its key (Textual's own entries: no key)."""
    if key is None:
        return tr(text, lang)
    return tr("palette.key_help", lang, description=tr(text, lang), press=key_name(key, lang))


async def opened(app: LabApp, pilot: Pilot, key: str | None, screen: type) -> None:
    if key == "comparison":
        app.push_screen(ComparisonScreen(summaries()))
    elif key is not None:
        await pilot.press(key)
    await until(pilot, lambda: isinstance(app.screen, screen), what=screen.__name__)


# screen: (the key that opens it, its class, the first entry: its name's key and its words' key,
# its key; an app-wide entry's words listed after it, and its key: the help screen's ? closes it)
SCREENS: dict[str, tuple[str | None, type, tuple[str, str, str], tuple[str, str | None]]] = {
    "main": (None, object, ("key.launch_free", "palette.launch_free", "f"), ("palette.help", "?")),
    "timeline": (
        "t", TimelineScreen, ("key.timeline_zoom_in", "palette.timeline_zoom_in", "+"), ("palette.help", "?")
    ),
    "comparison": (
        "comparison", ComparisonScreen, ("key.comparison_back", "palette.comparison_back", "Esc"),
        ("palette.launch_free", "f"),
    ),
    "experiments": (
        "e", ExperimentsScreen,
        (f"exp.{EXPERIMENT_NAMES[0]}.title", f"exp.{EXPERIMENT_NAMES[0]}.about", "1"), ("palette.help", "?"),
    ),
    "exhibits": (
        "b", ExhibitsScreen,
        (f"exhibit.{EXHIBIT_NAMES[0]}.title", f"exhibit.{EXHIBIT_NAMES[0]}.about", "1"),
        ("palette.help", "?"),
    ),
    "help": (
        "question_mark", HelpScreen, ("key.screen_close", "palette.screen_close", "Esc"),
        ("system.theme.help", None),
    ),
}


async def back_to_the_main_screen(app: LabApp, pilot: Pilot) -> None:
    """Escape from the screen open (and its palette) until the main screen shows again."""
    while len(app.screen_stack) > 1:
        depth = len(app.screen_stack)
        await pilot.press("escape")
        closed = lambda depth=depth: len(app.screen_stack) < depth  # noqa: E731
        await until(pilot, closed, what=f"{type(app.screen).__name__} closed")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_palette_lists_each_screens_own_keys_first_then_the_apps(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        for name, (key, screen, (title, words, press), (shared, shared_press)) in SCREENS.items():
            await opened(app, pilot, key, screen)
            shown = await entries(app, pilot, at_least=10)
            await back_to_the_main_screen(app, pilot)
            named = tr(title, lang)
            assert shown[0] == [named[:1].upper() + named[1:], said(lang, words, press)], (name, shown[:3])
            seconds = [entry[1] if len(entry) > 1 else "" for entry in shown]
            assert said(lang, shared, shared_press) in seconds[1:], (name, seconds)  # app-wide: after its own


async def test_the_timeline_palette_lists_every_key_of_the_timeline_before_the_apps() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(app, pilot, "t", TimelineScreen)
        shown = await entries(app, pilot, at_least=10)
        await pilot.press("escape")
    own = [b for b in TimelineScreen.BINDINGS if b.id]  # type: ignore[union-attr]
    expected = [said("en", f"palette.{b.id}", b.key_display or b.key) for b in own]  # type: ignore[union-attr]
    assert [entry[1] for entry in shown[: len(own)]] == expected


async def test_an_entry_is_named_first_and_says_what_it_does_under_its_name_as_textuals_do() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        shown = await entries(app, pilot, at_least=10)
        await pilot.press("escape")
    assert ["Timeline", said("en", "palette.timeline", "t")] in shown
    assert ["Theme", tr("system.theme.help", "en")] in shown  # Textual's own, the same shape


async def test_a_recordings_palette_lists_its_replay_keys_first_and_no_live_key() -> None:
    app = LabApp(recording=read_recording(str(RECORDING)))
    async with app.run_test(size=(80, 24)) as pilot:
        shown = await entries(app, pilot, at_least=10)
        await pilot.press("escape")
    seconds = [entry[1] for entry in shown]
    assert seconds[0] == said("en", "palette.replay_play", "space"), seconds[:3]
    assert said("en", "palette.replay_restart", "R") in seconds
    assert not any(second.endswith("(f)") for second in seconds)


def variant(app: LabApp) -> bool:
    return isinstance(app.screen, ExhibitsScreen) and app.screen.safe


# screen, what to type in the palette, and what its key would have done
RUNS: list[tuple[str, str, Callable[[LabApp], object]]] = [
    ("exhibits", "safe/unsafe", lambda app: variant(app)),
    ("experiments", "back", lambda app: not isinstance(app.screen, ExperimentsScreen)),
    ("help", "back", lambda app: not isinstance(app.screen, HelpScreen)),
    ("comparison", "back", lambda app: not isinstance(app.screen, ComparisonScreen)),
]


async def test_each_entry_chosen_does_what_its_key_does() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        for name, typed, done in RUNS:
            key, screen, _, _ = SCREENS[name]
            await opened(app, pilot, key, screen)
            await entries(app, pilot, at_least=5)
            await pilot.press(*typed)
            await pilot.pause(0.3)
            await pilot.press("enter")
            await until(pilot, lambda done=done: done(app), what=f"{typed} done on the {name} screen")
            await back_to_the_main_screen(app, pilot)


async def test_the_timelines_handlers_entry_toggles_the_handler_lanes() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(app, pilot, "t", TimelineScreen)
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        before = timeline.view.handlers
        await entries(app, pilot, at_least=5)
        await pilot.press(*"handlers")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: timeline.view.handlers is not before, what="the handler lanes switched")

