"""The keys every screen shares, and the mouse on the app's lists and panes."""

from __future__ import annotations

import re

import pytest
from layout_stage import screen_text
from pilot_helpers import plain, scroll_until, until
from test_app_stepping import accepted_clients

from server_core.experiments import NAMES as EXPERIMENT_NAMES
from tui_app.app import LabApp
from tui_app.screens.export import ExportScreen
from tui_app.screens.help import HelpScreen
from tui_app.screens.modal import LabModalScreen
from tui_app.screens.timeline import TimelineScreen
from tui_app.strings import tr

pytestmark = pytest.mark.timeout(60)


@pytest.mark.parametrize("opens", ["question_mark", "e", "b", "t"])
async def test_q_quits_from_every_screen_on_top(opens: str) -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(opens)
        await until(pilot, lambda: len(app.screen_stack) == 2, what="the screen on top")
        await pilot.press("q")
        await until(pilot, lambda: not app.is_running, what="the app to end")


async def test_q_typed_into_a_field_of_a_screen_on_top_is_text() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen), what="the export screen")
        assert isinstance(app.screen, LabModalScreen)
        await pilot.press("end", "q")
        await pilot.pause()
        assert app.is_running and app.screen.query_one("#export-path").value.endswith("q")
        await pilot.press("escape")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_exhibit_notes_stay_within_the_width_and_out_of_the_label_column(size: tuple[int, int]) -> None:
    app = LabApp(port=0)
    async with app.run_test(size=size) as pilot:
        await pilot.press("b", "1")
        screen = app.screen
        await until(pilot, lambda: getattr(screen, "result", None) is not None, what="the exhibit's outcome")
        await pilot.pause(0.3)
        box = screen.query_one("#exhibit-scroll")
        await scroll_until(pilot, box, lambda: "its deposit lost" in screen_text(app))  # the lanes
        lines = screen_text(app).splitlines()
        notes = [line for line in lines if "its deposit lost" in line]
        assert notes and all(re.search(r"overwritten by h\d", line) for line in notes), notes
        assert not [line for line in lines if re.search(r"│ *h\d *│", line)]  # a label with no lane


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_help_lists_every_screens_keys_and_marks_the_replay_keys(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = plain(app.screen.content())
        for binding in TimelineScreen.BINDINGS:
            assert tr(f"key.{binding.id}", lang) in text, binding.id  # type: ignore[union-attr]
        exhibit_keys = (("1-4", "help.run_exhibit"), ("v", "help.switch_variant"), ("w", "help.export_shown"))
        for key, words in exhibit_keys:
            assert re.search(rf"{key} +{re.escape(tr(words, lang))}", text), key
        assert re.search(rf"Enter +{re.escape(tr('help.step_enter', lang))}", text)
        assert tr("help.step_click", lang) in text
        replay = tr("help.open_only", lang, what=tr("key.replay_play", lang))
        assert replay in text


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", [(60, 24), (80, 24), (120, 40)])
async def test_the_footer_always_shows_quit_and_help(lang: str, size: tuple[int, int]) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=size) as pilot:
        # the footer is drawn after the first frames: waited for, not one pause (a busy machine)
        await until(pilot, lambda: "^p" in screen_text(app).splitlines()[-1], what="the footer")
        for opens in ("", "t"):
            if opens:
                await pilot.press(opens)
                await until(pilot, lambda: isinstance(app.screen, TimelineScreen), what="the timeline")
            footer = screen_text(app).splitlines()[-1]
            assert f"q {tr('key.quit', lang)}" in footer, footer
            assert f"? {tr('key.help', lang)}" in footer or opens, footer


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("size", "more"),
    [
        ((120, 40), ["step_mode"]),
        ((200, 60), ["launch_sequential", "stop_clients", "start_server", "export"]),
    ],
)
async def test_a_wider_footer_shows_more_of_the_apps_keys(
    lang: str, size: tuple[int, int], more: list[str]
) -> None:
    app = LabApp(port=0, lang=lang)
    wanted = [tr(f"key.{action}", lang) for action in more]
    wanted += [f"q {tr('key.quit', lang)}", f"f {tr('key.launch_free', lang)}"]
    async with app.run_test(size=size) as pilot:
        # the footer is drawn after the first frames: waited for, not one pause (cut on a busy machine)
        await until(pilot, lambda: all(k in screen_text(app).splitlines()[-1] for k in wanted), what="footer")


@pytest.mark.parametrize(("opens", "menu"), [("b", "#exhibit-menu"), ("e", "#experiment-menu")])
async def test_a_click_on_a_list_entry_runs_it_as_its_key_does(opens: str, menu: str) -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(opens)
        await until(pilot, lambda: len(app.screen_stack) == 2, what="the list")
        screen = app.screen
        assert await pilot.click(menu, offset=(8, 1))  # the second entry's title
        second = "torn-write" if opens == "b" else EXPERIMENT_NAMES[1]
        await until(pilot, lambda: screen.chosen == second, what="the clicked entry chosen")
        if opens == "b":
            await until(pilot, lambda: screen.exhibit is not None and screen.exhibit.name == second)
        else:
            await until(pilot, lambda: app.side.experiments.running == second or app.side.experiments.last)


async def test_a_click_in_the_threads_pane_highlights_and_a_click_on_the_highlighted_row_steps() -> None:
    """With the mouse alone no handler could be stepped: a click only highlighted."""
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        app.query_one("#field-hold").value = "0"
        await pilot.press("p", "f")
        pane = app.step_pane
        await until(
            pilot, lambda: pane.option_count == 3 and len(app.lab.stepper.snapshot()) == 3, what="held"
        )
        await until(pilot, lambda: pane.virtual_size.height >= 3, what="the rows laid out")
        await pilot.pause()
        assert await pilot.click(pane, offset=(4, 2))  # the second thread's row (under the border)
        await until(pilot, lambda: pane.highlighted == 1, what="the row highlighted")
        await pilot.pause(0.3)
        assert app.session.book.accepted == 0  # no step taken
        assert await pilot.click(pane, offset=(4, 2))  # again, on the highlighted row
        await until(pilot, lambda: app.session.book.accepted == 1, what="the second click steps it")
        assert accepted_clients(app) == [2]
        await pilot.press("p")


async def test_the_help_opens_again_from_its_top() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help")
        box = app.screen.query_one("#help")
        await pilot.press("end")
        await until(pilot, lambda: box.scroll_y > 0, what="the help scrolled down")
        await pilot.press("escape", "question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen) and box.scroll_y == 0, what="its top")
