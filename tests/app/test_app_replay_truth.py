"""A recording's replay tells the truth: what ``w`` writes, what one instant shows, the keys it
offers (each one works, or says why not), and what ``tcp-lab open`` refuses to read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from layout_stage import screen_text
from pilot_helpers import until
from rich.cells import cell_len
from textual.screen import Screen

from server_core.playback import SPEEDS
from server_core.recording import read_recording
from tui_app.app import LabApp
from tui_app.screens.export import ExportScreen
from tui_app.screens.help import HelpScreen
from tui_app.screens.timeline import TimelineScreen
from tui_app.strings import tr
from tui_app.widgets.replay_keys import ReplayKeys

ROOT = Path(__file__).resolve().parents[2]
LOCK_4 = ROOT / "docs" / "recordings" / "lock-4.jsonl"  # both sides, merged: 52 events


async def test_w_in_a_paused_replay_writes_the_whole_recording_and_says_so_as_the_app(tmp_path: Path) -> None:
    recording = read_recording(LOCK_4)
    app = LabApp(recording=recording)
    target = tmp_path / "m.jsonl"
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await until(pilot, lambda: 1 in app.session.summaries, what="the recording shown")
        await pilot.press("n", "n", "n")
        await until(pilot, lambda: app.source.emitted == 3, what="three events replayed")
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen))
        app.screen.query_one("#export-path").value = str(target)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, ExportScreen), what="the file written")
        total = len(recording.events)
        wrote = f"wrote {total} events to {target}"
        in_events = lambda: said(wrote) in said(" ".join(app.events.logical_lines()))  # noqa: E731
        await until(pilot, in_events, what=wrote)
        assert said(wrote) not in notified(app), "in the events pane in sight, not over it"
        app.events.flush()
        lines = [line for line in app.events.lines if "wrote" in line]
        assert lines and all(line.startswith(" tcp-lab wrote ") for line in lines), lines
        assert app.source.emitted == 3  # the replay stays where it was
    written = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [row["seq"] for row in written] == [event.seq for event in recording.events]


def rows_on_screen(app: LabApp) -> list[str]:
    """The clients table's rows as the screen shows them now (below its header)."""
    table = app.table
    return [table.render_line(y).text for y in range(1, table.size.height)]


async def test_during_a_replay_the_table_shows_what_the_counters_count_at_every_instant() -> None:
    """Stepped event by event from the start (a timed replay gave a loaded machine too few looks to
    see its middle), the table agrees with the counters after every event."""
    app = LabApp(recording=read_recording(LOCK_4))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: 1 in app.session.summaries, what="the recording shown")
        playback = app.replay.playback  # type: ignore[union-attr]
        await pilot.press("R")
        if playback.playing:
            await pilot.press("space")
        await until(pilot, lambda: not playback.playing and playback.emitted <= 1, what="the start")
        seen: set[tuple[int, int]] = set()  # (connections, messages) after each event
        while not playback.at_end:
            await pilot.press("n")
            await until(pilot, lambda: playback.waiting == 0, what="the event drained")
            await pilot.pause()
            book = app.session.book
            assert app.table.row_count == len(book.connections), f"counted {book.accepted} accepted"
            shown = rows_on_screen(app)
            app.table._lines.clear()  # drawn afresh from the model as it is now
            assert rows_on_screen(app) == shown, f"at messages {book.messages}"
            seen.add((len(book.connections), book.messages))
        assert {messages for _, messages in seen} == {0, 1, 2, 3, 4}, seen  # every state on the way


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_each_key_of_the_replay_line_is_clicked_as_it_is_pressed(lang: str) -> None:
    app = LabApp(recording=read_recording(LOCK_4), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: 1 in app.session.summaries, what="the recording shown")
        line = app.query_one("#replay-keys", ReplayKeys)
        shown = line.render().plain
        playback = app.replay.playback  # type: ignore[union-attr]

        async def click(words: str) -> None:
            at = cell_len(shown[: shown.index(words)]) + 1  # past the line's padding, on the words
            await pilot.click(line, offset=(at, 0))
            await pilot.pause()

        await click(tr("key.replay_step", lang))
        await until(pilot, lambda: playback.emitted == 1, what="one event replayed")
        await click(tr("key.replay_faster", lang))
        assert playback.speed == 2.0
        await click(tr("key.replay_slower", lang))
        await click(tr("key.replay_slower", lang))
        assert playback.speed == 0.5
        await pilot.press("less_than_sign", "less_than_sign")  # the recording's 1.3 s in over 10 s:
        assert playback.speed == 0.125  # a loaded machine's pause between two clicks never ends it
        await click(tr("key.replay_play", lang))
        assert playback.playing
        await click(tr("key.replay_play", lang))
        assert not playback.playing
        rewound: list[bool] = []
        rewind = playback.rewind
        playback.rewind = lambda: (rewound.append(True), rewind())[-1]  # type: ignore[method-assign]
        playback.change_speed(-len(SPEEDS))  # the slowest: 21 s from the start, longer than any stall
        await click(tr("key.replay_restart", lang))
        assert rewound and playback.playing  # from the start again (how far it got since is the load's)


def notified(app: LabApp) -> str:
    """Every notification's words without blanks: a notification breaks its lines at its width."""
    return "".join("".join(str(n.message).split()) for n in app._notifications)


def said(text: str) -> str:
    """``text`` without blanks, to be found in :func:`notified`."""
    return "".join(text.split())


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_in_a_replay_every_hint_offers_keys_that_work_and_a_live_key_says_why_not(lang: str) -> None:
    app = LabApp(recording=read_recording(LOCK_4), lang=lang)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await until(pilot, lambda: 1 in app.session.summaries, what="the recording shown")
        await pilot.press("n")  # from the start: the server listening, no run yet
        await until(pilot, lambda: app.source.emitted == 1 and not app.session.summaries)
        await pilot.press("c")
        not_ended = tr("replay.not_ended", lang)
        await until(pilot, lambda: said(not_ended) in notified(app), what=not_ended)
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen))
        hint = tr("timeline.empty_replay", lang)
        await until(pilot, lambda: hint in str(app.screen.view._title_text), what=hint)  # type: ignore[attr-defined]
        await pilot.press("space")  # what the hint offers: the replay goes on, the timeline follows
        await until(pilot, lambda: 1 in app.session.summaries, what="the run replayed")
        await until(pilot, lambda: hint not in str(app.screen.view._title_text))  # type: ignore[attr-defined]
        why = tr("replay.live_key", lang)
        for key in ("f", "o", "r", "a", "x", "k", "p", "g", "1"):
            app.clear_notifications()
            await pilot.press(key)
            await until(pilot, lambda: said(why) in notified(app), what=f"{key} says why not")
            assert len(app._notifications) == 1
        assert app.lab.runs == [] and app.lab.server is None and not app.lab.step_mode


async def test_a_live_lab_keeps_its_keys_and_says_nothing_of_recordings() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await until(pilot, lambda: app.lab.server is not None)
        await pilot.press("x")
        await until(pilot, lambda: app.lab.server is None, what="the server stopped by its key")
        assert said(tr("replay.live_key", "en")) not in notified(app)


async def test_the_help_over_a_replay_shows_its_own_keys_only() -> None:
    app = LabApp(recording=read_recording(LOCK_4))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: 1 in app.session.summaries, what="the recording shown")
        replay_line = "space " + tr("key.replay_play", "en")
        await until(pilot, lambda: replay_line in screen_text(app).splitlines()[-2])
        screens: list[tuple[str, type[Screen]]] = [("question_mark", HelpScreen), ("w", ExportScreen)]
        for key, screen in screens:
            await pilot.press(key)
            await until(pilot, lambda: app.screen.is_modal, what=f"the screen of {key}")
            assert isinstance(app.screen, screen)
            await pilot.pause()
            bottom = screen_text(app).splitlines()[-3:]
            assert not any(replay_line in line for line in bottom), bottom
            await pilot.press("escape")
            await until(pilot, lambda: replay_line in screen_text(app).splitlines()[-2], what="back")
