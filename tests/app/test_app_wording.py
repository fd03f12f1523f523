"""A run's note as a user reads it: the count of clients said once, a disconnect's reason only
when it adds something, and a run stopped with k said to be stopped."""

from __future__ import annotations

import re

import pytest
from pilot_helpers import launch, palette_lines, palette_search, until
from textual.command import CommandPalette
from zh_words import ALLOWED
from zh_words import english as words

from server_core import Event, RunSummary
from server_core.stepping import CLIENT_STEPS
from tui_app.app import LabApp
from tui_app.screens.comparison import COLUMNS, row
from tui_app.strings import TEXTS, describe, step_name, tr
from tui_app.verdict import verdict


def summary(**figures: object) -> RunSummary:
    base: dict = {"clients": 3, "ok": 3, "failed": 0, "max_concurrency": 3, "makespan": 1.01,
                  "order": [], "request_order": [], "out_of_order": 0, "mean_wait": 0.0, "p95_wait": 0.0}
    return RunSummary(**{**base, **figures})  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_counted_verdict_does_not_count_the_clients_again(lang: str) -> None:
    counted = verdict(summary(), lang, counted=True)
    assert counted == tr("verdict.all_at_once", lang)
    assert tr("verdict.clients", lang, n=3) not in counted
    assert verdict(summary(), lang).startswith(tr("verdict.clients", lang, n=3))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_comparison_keeps_sub_millisecond_times_apart_in_milliseconds(lang: str) -> None:
    granted = {"order": [1, 2, 3], "request_order": [1, 2, 3]}  # a lock's turns: waits to compare
    quick = summary(makespan=0.0123, mean_wait=0.0, p95_wait=0.000042, p95_reply_wait=0.00042, **granted)
    quicker = summary(makespan=1.2345, mean_wait=0.0004, p95_wait=0.0005, p95_reply_wait=0.00038, **granted)
    runs = ((1, quick), (2, quicker))
    cells = [dict(zip(COLUMNS, row(run, said, lang), strict=True)) for run, said in runs]
    assert [c["reply_wait"] for c in cells] == ["0.420", "0.380"], "reply p95 in ms, distinct"
    assert [c["makespan"] for c in cells] == ["12.3", "1234"]
    assert [c["mean_wait"] for c in cells] == ["0", "0.400"] and cells[0]["p95_wait"] == "0.042"
    assert tr("comparison.title", lang).endswith({"en": "(times in ms)", "zh": "（时间单位：毫秒）"}[lang])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_comparison_says_no_wait_applies_to_a_run_that_granted_no_turn(lang: str) -> None:
    """A free run's waits read ``0``, as if its clients took their turns at once, beside a legend
    that says there are none in free order: ``-``, as for a reply wait nobody had."""
    free = summary(mode="free")
    locked = summary(mode="lock", order=[1, 2, 3], request_order=[1, 2, 3], p95_wait=0.0000001)
    cells = [dict(zip(COLUMNS, row(run, said, lang), strict=True)) for run, said in ((1, free), (2, locked))]
    assert [(c["mean_wait"], c["p95_wait"]) for c in cells] == [("-", "-"), ("0", "0")]


def test_the_chinese_disorder_clause_says_how_many_places_of_how_many_in_words() -> None:
    said = verdict(summary(launch_order=[1, 2, 3], replied_order=[3, 2, 1]), "zh")
    assert "收到回复时3个中2个错位" in said and "/" not in said


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_disconnect_gives_its_reason_only_when_it_adds_something(lang: str) -> None:
    def said(text: str) -> str:
        return describe(Event(1, 0.0, "client", "disconnected", client=1, text=text, extra={"run": 1}), lang)

    assert said("closed") == tr("client.disconnected_plainly", lang, who="r1.1")
    assert "(" not in said("closed") and "（" not in said("closed")
    assert tr("reason.idle timeout", lang) in said("idle timeout")


@pytest.mark.timeout(60)
@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_run_stopped_with_k_says_so_and_counts_the_clients_once(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await launch(pilot, "f", n="3", hold="0.1")
        await until(pilot, lambda: 1 in app.session.summaries, what="run 1 summarized", timeout=15)
        await launch(pilot, "f", n="3", hold="30")
        await until(pilot, lambda: sum(e.kind == "accepted" for e in app.bus.history) == 6, what="connected")
        await pilot.press("k")
        await until(pilot, lambda: 2 in app.session.summaries, what="run 2 summarized", timeout=15)
        lines = app.events.logical_lines()
        done = tr("note.run_done", lang, run=1, summary="")
        stopped = tr("note.run_stopped", lang, run=2, summary="")
        first = next(line for line in lines if done in line)
        second = next((line for line in lines if stopped in line), None)
        assert second is not None, lines
        assert not any(tr("note.run_done", lang, run=2, summary="") in line for line in lines)
        clients = tr("verdict.clients", lang, n=3)
        assert first.count(clients) == 1 and second.count(clients) == 1, (first, second)
        await pilot.press("q")


STEPS = (*CLIENT_STEPS, "read", "reply")  # a client's steps, then its handler's (server_core.server)
_LATIN_WORD = re.compile(r"(?<![#\w.])[A-Za-z]{2,}")  # a word in Latin letters, not a label (r1.1, #2)


@pytest.mark.parametrize("step", STEPS)
def test_every_step_has_a_chinese_name(step: str) -> None:
    assert _LATIN_WORD.findall(step_name(step, "zh")) == []
    held = Event(1, 0.0, "client", "held", client=1, extra={"run": 3, "step": step})
    assert _LATIN_WORD.findall(describe(held, "zh")) == []
    assert step_name(step, "en") == step  # English says the socket call's own name


@pytest.mark.timeout(60)
async def test_the_chinese_step_pane_names_every_step_in_chinese() -> None:
    app = LabApp(port=0, lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        app.query_one("#field-hold").value = "0"
        await pilot.press("p", "f")
        await until(pilot, lambda: app.step_pane.option_count == 3, what="three clients held")
        await pilot.press("1")  # it connects; its handler is held before reading
        await until(pilot, lambda: app.step_pane.option_count == 4, what="the handler held")
        await pilot.pause()
        pane = [app.step_pane.render_line(y).text for y in range(app.step_pane.size.height)]
        assert "就绪" in "".join(pane)
        words = _LATIN_WORD.findall("".join(pane))
        assert [word for word in words if word != "Enter"] == [], pane  # a key's name, as 按 Enter says
        await pilot.press("g", "p", "q")


@pytest.mark.timeout(60)
async def test_the_chinese_palette_shows_chinese_titles_and_finds_english_names() -> None:
    app = LabApp(port=0, lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), what="the palette")
        await until(pilot, lambda: len(palette_lines(app)) > 10, what="every command listed")
        titles = [command.title for command in app.get_system_commands(app.screen)]
        english = [title for title in titles if re.search(r"\(\w+\)|（[A-Za-z ]+）", title)]
        assert english == [] and tr("system.theme", "zh") in titles
        formats = ALLOWED | {"jsonl", "csv", "trace.json"}  # the export's file names, as typed
        assert [words(title, formats) for title in titles if words(title, formats)] == []
        lines = await palette_search(pilot, "lock")
        wanted = tr("key.launch_lock", "zh")
        assert any(wanted in line for line in lines) and not any("lock" in line for line in lines), lines
        await pilot.press("enter")  # the entry found runs: a lock-ordered run is launched
        await until(pilot, lambda: 1 in app.session.timeline.launches, what="a run launched")
        assert "lock" in str((app.session.timeline.launches[1].extra or {})["order"])
        await pilot.press("escape", "q")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_palette_title_starts_with_its_name_not_an_aside(lang: str) -> None:
    """The palette lists its commands by title, the key's words under each: a title that opened
    with "(Re)" sorted first and read as a description above its name."""
    chrome = {"palette.search", "palette.themes", "palette.no_matches", "palette.key_help"}  # not commands
    keys = [key for key in TEXTS if key.startswith("palette.") and key not in chrome]
    titles = [tr(key, lang, title="x", variant="y") for key in keys]
    assert len(titles) > 10 and [title for title in titles if not title[0].isalnum()] == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_help_names_the_screens_that_draw_four_times_a_second(lang: str) -> None:
    """"this screen draws four times a second" was read on the help screen, which does not."""
    said = tr("help.times.process", lang)
    assert ("timeline" if lang == "en" else "时间线") in said, said
    assert "this screen" not in said and "本界面" not in said, said
    thread = tr("help.times.thread", lang)
    assert "this screen" not in thread and "本界面" not in thread, thread
