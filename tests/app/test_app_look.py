"""Themes, the palette in both languages, the screenshot command, the language from the
environment, and the exit code after a crash."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
from pathlib import Path

import pytest
from layout_stage import screen_text
from pilot_helpers import launch, palette_search, scroll_until, set_field, until
from textual.color import Color
from textual.command import CommandPalette
from zh_words import english

from tui_app.app import HIGH_CONTRAST, LabApp, run_app
from tui_app.ink import contrast
from tui_app.screens.palette import says
from tui_app.strings import default_lang, tr
from tui_app.widgets.timeline import looks


async def test_the_high_contrast_theme_colours_the_timeline_lanes() -> None:
    app = LabApp(port=0, theme=HIGH_CONTRAST.name)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == "tcp-lab-contrast"
        _, error = looks(app.theme_variables)
        red = error[1].color.get_truecolor() if error[1].color is not None else None
        assert red is not None and abs(red.red - 0xFF) <= 2 and abs(red.green - 0x30) <= 2  # its error red
        await pilot.press("q")


def test_a_theme_nobody_has_is_refused_in_one_line_then_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_app("127.0.0.1", 0, "en", theme="no-such-theme") == 2
    refusal, pointer = capsys.readouterr().err.splitlines()
    assert "tcp-lab-contrast" in refusal and "tcp-lab --help" in pointer


@pytest.mark.parametrize(
    ("typed", "found"),
    [("lock", "key.launch_lock"), ("加锁", "key.launch_lock"), ("timeline", "key.timeline"),
     ("screenshot", "system.screenshot")],
)  # fmt: skip
async def test_the_chinese_palette_finds_a_command_by_its_english_name_too(typed: str, found: str) -> None:
    app = LabApp(port=0, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), what="the palette")
        lines = await palette_search(pilot, typed)
        assert tr(found, "zh") in lines, lines
        assert [english(line) for line in lines if english(line)] == []
        await pilot.press("escape", "q")


async def test_the_palette_ranks_entries_that_say_the_word_above_those_that_only_hold_its_letters() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), what="the palette")
        lines = await palette_search(pilot, "deposit")  # said by lost-update's description only
        assert [line.startswith("Exhibit: Lost update") for line in lines[:3]] == [True, True, False], lines
        lines = await palette_search(pilot, "lock")  # "blocking" holds it, but no word starts with it
        accept = next(i for i, line in enumerate(lines) if line.startswith("Experiment: Accept"))
        deadlock = [i for i, line in enumerate(lines) if line.startswith("Exhibit: Deadlock")]
        assert lines[0] == "Lock" and len(deadlock) == 2 and max(deadlock) < accept, lines
        await pilot.press("escape", "q")


def test_a_word_is_said_where_it_starts_a_word_and_chinese_anywhere() -> None:
    assert says("Exhibit: Deadlock: two locks", "LOCK") and not says("blocking, timeout", "lock")
    assert says("案例：死锁", "锁") and says("so_reuseaddr=1", "reuseaddr")  # after _, a word starts
    assert says("SO_REUSEADDR=1", "so_reuse") and not says("anything", " ")


async def test_screenshot_saves_in_the_working_directory_and_says_where(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        # the notice stays until the test has read it: by default it goes after 5 s, and a loaded
        # machine kept the app from running that long once
        monkeypatch.setattr(app, "NOTIFICATION_TIMEOUT", 600.0)
        saved = app.deliver_screenshot()
        assert saved is not None and Path(saved).parent == tmp_path
        assert Path(saved).read_text().startswith("<svg")
        # the notice may break the path into lines, only after a /: joined, it is the path
        await until(pilot, lambda: any(saved in str(n.message).replace("\n", "") for n in app._notifications))
        assert app.deliver_screenshot(path=str(tmp_path / "missing")) is None  # said, not raised
        await pilot.press("q")


@pytest.mark.parametrize(
    ("environment", "lang"),
    [
        ({"LANGUAGE": "zh_CN:en"}, "zh"),
        ({"LANGUAGE": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LC_ALL": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({}, "en"),
    ],
)
def test_the_language_follows_the_environment(monkeypatch, environment: dict, lang: str) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert default_lang() == lang


def test_version_and_defaults_in_the_help_in_both_languages() -> None:
    def run(*args: str) -> str:
        command = [sys.executable, "-m", "tui_app", *args]
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert run("--version").startswith("tcp-lab ")
    assert "(default: 8888)" in run("--help")
    chinese = run("clients", "--help", "--lang", "zh")
    assert chinese.startswith("用法：") and "客户端数量（默认：3）" in chinese and "usage" not in chinese


def test_after_a_crash_the_process_exits_non_zero(monkeypatch) -> None:
    def crash(self: LabApp) -> None:
        raise RuntimeError("a crash")

    def headless(self: LabApp) -> int | None:  # App.run, without a terminal
        async def go() -> None:
            with contextlib.suppress(RuntimeError):
                async with self.run_test(size=(80, 24)):
                    pass

        asyncio.run(go())
        return self.return_value

    monkeypatch.setattr(LabApp, "on_mount", crash)
    monkeypatch.setattr(LabApp, "run", headless)
    assert run_app("127.0.0.1", 0, "en") == 1


async def test_a_wrong_field_is_explained_in_chinese() -> None:
    app = LabApp(port=0, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        set_field(app, "n", "abc")
        await pilot.press("r")
        await pilot.pause()
        error = str(app.query_one("#error-n").render())  # in two rows at 80 columns: what N takes
        assert error == tr("form.takes.n", "zh")
        said = next(line for line in app.events.logical_lines() if "'abc'" in line)  # the whole reason
        assert "数量：应为1到10000的整数" in said and "must" not in said
        assert app.lab.runs == []
        await pilot.press("q")


async def test_the_conversation_follows_each_new_run_and_stopping_a_comparison_is_said() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        shown = app.conversation
        for run in (1, 2):
            await launch(pilot, "f", n="1", hold="0")
            await until(pilot, lambda run=run: shown.connection is not None and shown.connection.run == run)
            await until(pilot, lambda: all(r.done for r in app.lab.runs))
        await launch(pilot, "c", hold="5")
        await until(pilot, lambda: app.lab.launched == 3)
        await pilot.press("k")
        await until(pilot, lambda: "the comparison stopped" in "\n".join(app.events.lines))
        await until(pilot, lambda: all(r.done for r in app.lab.runs))


LANE_GLYPHS = frozenset("░▒▓█▶✗═")


def painted_glyphs(app: LabApp) -> list[tuple[str, float]]:
    """Each lane glyph on screen with its contrast against the cell's background; fails on a
    row any part of which has no background (the terminal's own would show through)."""
    found = []
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        for segment in strip:
            style = segment.style
            ground = style and style.bgcolor
            assert ground and not ground.is_default, (y, segment)
            glyphs = set(segment.text) & LANE_GLYPHS
            if glyphs and style.color is not None:
                ratio = contrast(Color.from_rich_color(style.color), Color.from_rich_color(ground))
                found += [(glyph, ratio) for glyph in glyphs]
    return found


@pytest.mark.long
@pytest.mark.parametrize("theme", ["textual-light", "tcp-lab-contrast", "textual-dark", "solarized-light"])
async def test_every_part_of_the_timeline_and_exhibits_draws_on_the_theme(theme: str) -> None:
    app = LabApp(port=0, theme=theme)
    async with app.run_test(size=(80, 24)) as pilot:
        await launch(pilot, "l", hold="0.2")
        await until(
            pilot, lambda: app.lab.runs and app.lab.runs[-1].done and app.session.summaries, what="the run"
        )
        await pilot.press("t")
        await pilot.pause(0.2)
        drawn = painted_glyphs(app)
        assert {glyph for glyph, _ in drawn} >= {"░", "█"}
        assert all(ratio >= 3 for _, ratio in drawn), drawn
        await pilot.press("escape", "b", "1")
        screen = app.screen
        await until(pilot, lambda: getattr(screen, "result", None) is not None, what="the exhibit")
        await pilot.pause(0.2)
        await scroll_until(pilot, screen.query_one("#exhibit-scroll"), lambda: "═" in screen_text(app))
        drawn = painted_glyphs(app)
        assert {glyph for glyph, _ in drawn} >= {"═"}
        assert all(ratio >= 3 for _, ratio in drawn), drawn


@pytest.mark.parametrize("theme", ["ansi-dark", "ansi-light"])
async def test_a_theme_of_the_terminals_own_colours_draws_the_timeline_and_the_exhibits(theme: str) -> None:
    """Their colours name the terminal's (``ansi_default 50%``), which cannot be measured: the
    timeline and the exhibits raised on their first frame."""
    app = LabApp(port=0, theme=theme)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        empty = tr("timeline.empty", "en")
        await until(pilot, lambda: empty in screen_text(app).replace("\n", " "), what="the timeline drawn")
        await pilot.press("escape", "b", "1")
        screen = app.screen
        await until(pilot, lambda: getattr(screen, "result", None) is not None, what="the exhibit")
        await scroll_until(pilot, screen.query_one("#exhibit-scroll"), lambda: "═" in screen_text(app))
        await pilot.press("escape", "q")
