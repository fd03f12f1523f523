"""Every screen shows the keys that work on it: the comparison's footer offers the timeline
(it showed only ``Esc ? q``, yet ``t`` worked there), step mode offers a key to its threads pane
(the pane could only be clicked), and a comparison in progress is said in the status line until
it ends (nothing said one was under way)."""

from __future__ import annotations

import pytest
from layout_stage import screen_text
from pilot_helpers import launch, plain, until

from tui_app.app import LabApp
from tui_app.screens.comparison import ComparisonScreen
from tui_app.screens.help import HelpScreen
from tui_app.screens.timeline import TimelineScreen
from tui_app.strings import LANGS, tr

pytestmark = pytest.mark.timeout(90)


def footer(app: LabApp) -> str:
    rows = screen_text(app).splitlines()  # none while a new screen is first drawn
    return (rows[-1] if rows else "") + " "


def status(app: LabApp) -> str:
    return app.status.render().plain


@pytest.mark.parametrize("lang", LANGS)
async def test_the_comparisons_footer_offers_the_timeline_and_a_comparison_is_said_until_it_ends(
    lang: str,
) -> None:
    app = LabApp(port=0, lang=lang)
    said = [tr("status.comparing", lang, run=run, total=5) for run in range(1, 6)]
    seen: list[int] = []  # the runs the status line said, in turn

    def heard() -> bool:
        line = status(app)
        seen.extend(run for run, words in enumerate(said, 1) if words in line and seen[-1:] != [run])
        return isinstance(app.screen, ComparisonScreen)

    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.session.listening is not None, what="listening")
        comparing = said[0].split("1")[0]  # "comparing: run "
        assert comparing not in status(app)
        await launch(pilot, "c", n="2", hold="0.3")
        await until(pilot, heard, timeout=40, what="the comparison")
        assert seen and seen == sorted(seen), seen
        assert comparing not in status(app), "said no more once it ended"
        timeline = f"t {tr('key.timeline', lang)} "
        await until(pilot, lambda: timeline in footer(app), what="t in the comparison's footer")
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen), what="t opened the timeline")
        await pilot.press("q")


@pytest.mark.parametrize("lang", LANGS)
async def test_in_step_mode_a_key_shown_in_the_footer_moves_the_focus_to_the_threads_pane(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    threads = f"h {tr('key.step_focus', lang)} "
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "^p" in footer(app), what="the footer")
        assert threads not in footer(app)
        await pilot.press("h")
        assert app.focused is None, "no threads pane to go to out of step mode"
        await pilot.press("p")
        await until(pilot, lambda: threads in footer(app), what="its key in the footer")
        assert f"p {tr('key.step_mode', lang)} " in footer(app)
        await pilot.press("h")
        await until(pilot, lambda: app.focused is app.step_pane, what="the threads pane focused")
        await pilot.press("escape", "p")
        await until(pilot, lambda: threads not in footer(app), what="its key gone with step mode")
        await pilot.press("q")


@pytest.mark.parametrize("lang", LANGS)
async def test_the_help_lists_the_threads_panes_key_and_the_comparisons_keys(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help")
        text = plain(app.screen.content())
        step = text.split(tr("help.step_keys", lang))[1]
        assert "h" in step.split(tr("help.step_focus", lang))[0].split("\n")[-1], step[:200]
        comparison = text.split(tr("help.comparison_keys", lang))[1].split(tr("help.exhibit_keys", lang))[0]
        assert tr("key.timeline", lang) in comparison and tr("help.close_screen", lang) in comparison
        assert "".join(tr("help.main_keys_too", lang).split()) in "".join(comparison.split())
        await pilot.press("q")
