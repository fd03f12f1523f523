"""``tcp-lab open``: a recording in the app shows what the live run showed, replays in time, and
draws each view as a picture; no server is started."""

from __future__ import annotations

import json
import re
import subprocess
import threading
import time
from pathlib import Path

import pytest
from helpers import play_run, run_both_sides
from pilot_helpers import launch, plain, until
from rich.cells import cell_len
from test_cli import ENV, ROOT, TCP_LAB, json_lines
from test_merge import Apart, record_apart

from server_core import EventBus, RunSummary
from server_core.export import write_export
from server_core.merge import merge
from server_core.recording import read_recording
from tui_app.app import LabApp
from tui_app.recording_cli import write_picture

N = 3


@pytest.fixture(scope="module")
def apart(tmp_path_factory: pytest.TempPathFactory) -> Apart:
    """serve and 4 lock-ordered clients recorded by two processes, and both merged (``lock.jsonl``)."""
    recorded = record_apart(tmp_path_factory.mktemp("recorded"), n=4, hold="0.02")
    events = merge(read_recording(recorded.server), read_recording(recorded.clients)).events
    write_export(recorded.server.with_name("lock.jsonl"), events)
    return recorded


def done(app: LabApp, runs: int = 1) -> bool:
    """Every run summarized, every connection closed at both ends, every client and handler
    done (a lock-ordered client's last event, ``left``, comes after its ``disconnected``)."""
    conns = app.session.book.connections.values()
    lanes = app.session.timeline.lanes()
    return (
        len(app.session.summaries) == runs
        and all(c.state == "closed" and not c.server_open for c in conns)
        and len(lanes) == 2 * len(conns)
        and all(lane.finished for lane in lanes)
    )


class Shown(str):
    """A line with its times shown to the millisecond: equal to another with the same words and
    times at most one in the last digit apart. A recording keeps times to the microsecond, so a
    live time within half a microsecond of a half millisecond may show rounded the other way."""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Shown):
            return NotImplemented
        mine, theirs = re.findall(r"\d+\.\d{3}", self), re.findall(r"\d+\.\d{3}", other)
        words = re.sub(r"\d+\.\d{3}", "#", self) == re.sub(r"\d+\.\d{3}", "#", other)
        return (
            words
            and len(mine) == len(theirs)
            and all(abs(float(a) - float(b)) < 0.0015 for a, b in zip(mine, theirs, strict=True))
        )

    __hash__ = str.__hash__


def panes(app: LabApp) -> dict[str, object]:
    """What the main screen shows: status counters, every row, each row's conversation, the
    events pane (without the app's own notes) and the timeline's lanes."""
    app.draw_now()
    table = app.table
    rows, conversations = [], []
    for row in range(table.row_count):
        rows.append([text.plain for text in table.get_row_at(row)])
        app.conversation.select(app.session.book.connections[table._keys[row]])
        conversations.append(list(map(Shown, app.conversation.logical_lines())))
    notes = ("run 1: launching", "run 1 done")
    events = app.events.logical_lines()  # as written: the panes wrap to their width
    return {
        "counters": (app.session.book.accepted, app.session.book.active, app.session.book.messages),
        "rows": rows,
        "conversations": conversations,
        "events": [Shown(line) for line in events if not any(n in line for n in notes)],
        "lanes": [
            (lane.key, [(s.state, round(s.start, 6), round(s.end, 6)) for s in lane.segments], lane.finished)
            for lane in app.session.timeline.lanes()
        ],
        "run_done": [Shown(line.split(None, 1)[1]) for line in events if "run 1 done" in line],
    }


def close_enough(live: RunSummary, recorded: RunSummary) -> bool:
    """Summaries equal, their seconds within the microsecond a recording rounds times to."""
    a, b = live._asdict(), recorded._asdict()
    floats = {key for key, value in a.items() if isinstance(value, float)}
    return all(abs(a[k] - b[k]) <= 2e-6 for k in floats) and all(a[k] == b[k] for k in a if k not in floats)


async def test_an_opened_recording_shows_every_pane_as_the_live_run_did(tmp_path: Path) -> None:
    live = LabApp(port=0)
    path = tmp_path / "live.jsonl"
    async with live.run_test(size=(120, 40)) as pilot:
        await launch(pilot, "l", n=str(N), hold="0.05")
        await until(pilot, lambda: done(live), what="the live run done")
        shown = panes(live)
        summaries = dict(live.session.summaries)
        write_export(path, live.bus.iter_history())  # what the export key writes
        await pilot.press("q")
    recording = read_recording(path)
    opened = LabApp(recording=recording)
    async with opened.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: done(opened), what="the recording shown")
        assert opened.lab.server is None and not [t for t in threading.enumerate() if t.name == "accept"]
        assert panes(opened) == shown
        assert summaries.keys() == opened.session.summaries.keys()
        assert all(close_enough(summaries[run], opened.session.summaries[run]) for run in summaries)
        status = plain(opened.status.render())
        assert f"recording {path.name}" in status and f"accepted {N}" in status
        assert re.search(r"recorded: server 127\.0\.0\.1:\d+ and 1 client run(?!s)", status), status
        await pilot.press("f", "a")  # live keys do nothing in a recording
        await pilot.pause()
        assert opened.lab.runs == [] and opened.lab.server is None


async def test_a_run_recorded_by_the_run_command_opens_with_both_sides(tmp_path: Path) -> None:
    """``tcp-lab run --export`` records both sides on one clock; opened, the app shows every client
    and handler lane and the very summary the command printed."""
    path = tmp_path / "run.jsonl"
    args = ["run", "-n", "4", "--order", "lock", "--hold", "0.02", "--json", "--export", str(path)]
    result = subprocess.run([*TCP_LAB, *args], capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    printed = {key: value for key, value in json_lines(result)[-1].items() if key != "kind"}
    app = LabApp(recording=read_recording(path))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: done(app), what="the recording shown")
        assert app.lab.server is None and app.session.book.accepted == 4
        assert close_enough(RunSummary(**printed), app.session.summaries[1])
        await pilot.press("t", "h")
        drawn = "4 client and 4 handler lanes"
        await until(pilot, lambda: len(app.screen.view.lanes_view.lanes) == 8, what=drawn)


async def test_recordings_of_two_processes_show_each_side_and_their_summary(apart: Apart) -> None:
    server = LabApp(recording=read_recording(apart.server))
    async with server.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: server.session.book.accepted == 4 and server.session.book.active == 0)
        assert server.session.book.messages == 4 and server.table.row_count == 4
        assert f"server {apart.served[0]['local']}" in plain(server.status.render())
        await pilot.press("t")  # no client run in it: the handlers' lanes
        await until(pilot, lambda: len(server.screen.view.lanes_view.lanes) == 4)
        assert "the server's 4 handlers" in plain(server.screen.view.title.content)
    clients = LabApp(recording=read_recording(apart.clients))
    async with clients.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: 1 in clients.session.summaries, what="the clients' summary")
        printed = {key: value for key, value in apart.summary.items() if key != "kind"}
        assert close_enough(RunSummary(**printed), clients.session.summaries[1])
        assert clients.session.book.accepted == 0 and clients.table.row_count == 4
        said = plain(clients.status.render())  # the server's counters unknown, the clients' messages counted
        unseen = r"active — +accepted — +messages 4 +\(sent by clients; no server side recorded\)"
        assert re.search(unseen, said), said
        await pilot.press("t")
        await until(pilot, lambda: len(clients.screen.view.lanes_view.lanes) == 4)


async def test_replay_unfolds_the_run_again_in_time_and_event_by_event(apart: Apart) -> None:
    recording = read_recording(apart.clients)
    app = LabApp(recording=recording)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: 1 in app.session.summaries)
        await pilot.press("n")  # step: from the start, one event
        await until(pilot, lambda: app.source.emitted == 1)
        assert app.session.summaries == {} and app.table.row_count == 0 and "‖" in plain(app.status.render())
        await pilot.press("n", "n", "n", "n")
        await until(pilot, lambda: app.source.emitted == 5 and app.table.row_count >= 1)
        await pilot.press("greater_than_sign", "less_than_sign", "less_than_sign", "less_than_sign")
        # the pace is said while paused (drawn at the next drain): the play itself can end before
        # a loaded machine draws it
        await until(pilot, lambda: "‖ ×1/4" in plain(app.status.render()), what="a quarter of the pace said")
        left = recording.duration - app.source.now()
        began = time.monotonic()
        await pilot.press("space")  # play on from there, in time, at a quarter of the pace
        await until(pilot, lambda: 1 in app.session.summaries, what="the replay ends with the summary")
        assert time.monotonic() - began >= left / 0.25 * 0.9
        assert app.source.emitted == len(recording.events)
        await until(pilot, lambda: app.table.row_count == 4, what="the rows drawn")  # on the table's schedule


async def test_the_bytes_key_shows_each_message_in_hex_beside_its_text(apart: Apart) -> None:
    app = LabApp(recording=read_recording(apart.clients))
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: 1 in app.session.summaries and app.conversation.connection is not None)
        app.table.move_cursor(row=0)
        await pilot.press("d")
        await until(pilot, lambda: "e6 88 90 e5 8a 9f" in "\n".join(app.conversation.lines))
        rows = [row for row in app.conversation.lines if "e5 ae a2 e6 88 b7 e7 ab af" in row]
        assert rows and "22 B  e5 ae a2" in rows[0] and "  客户端" in rows[0]  # characters beside their hex
        shown = app.conversation
        for size in ((120, 40), (80, 24)):  # fewer bytes a row in a narrower pane, never wrapped
            await pilot.resize_terminal(*size)
            await pilot.pause()
            room = shown.content_region.width - shown.styles.scrollbar_size_vertical
            await until(pilot, lambda room=room: max(map(cell_len, shown.lines)) <= room, what=f"in {room}")
            rows = [row for row in shown.lines if " B  e5 ae a2 e6" in row]
            assert rows and "  客户" in rows[0], rows
        await pilot.press("d")
        await until(pilot, lambda: " B  e5" not in "\n".join(app.conversation.lines))


@pytest.mark.parametrize(
    ("view", "words"),
    [
        ("main", ["recording lock.jsonl", "accepted 4", "recorded: server 127.0.0.1:", "r1.4"]),
        ("timeline", ["run 1: lock, 4 clients, hold 0.02 s", "one at a time"]),
        ("comparison", ["Runs side by side", "1 2 3 4"]),
    ],
)
def test_each_view_is_drawn_as_a_picture(apart: Apart, tmp_path: Path, view: str, words: list[str]) -> None:
    picture = tmp_path / f"{view}.svg"
    write_picture(read_recording(apart.server.with_name("lock.jsonl")), str(picture), view, (120, 36), "en")
    svg = picture.read_text(encoding="utf-8").replace("&#160;", " ")
    assert svg.startswith("<svg") and [word for word in words if word not in svg] == []


def test_a_picture_in_chinese_at_its_own_size(apart: Apart, tmp_path: Path) -> None:
    picture = tmp_path / "zh.svg"
    write_picture(read_recording(apart.server), str(picture), "main", (100, 30), "zh")
    svg = picture.read_text(encoding="utf-8").replace("&#160;", " ")
    assert "记录 serve.jsonl" in svg and "服务器" in svg


async def test_a_file_name_and_text_that_look_like_markup_are_shown_literally(tmp_path: Path) -> None:
    """A recording is input like the network: its name and its texts are data, never markup."""
    history = run_both_sides("free", 1, hold=0.0, message="[bold]x[/] \x1b[2J")
    path = tmp_path / "[red]a.jsonl"
    write_export(path, history)
    app = LabApp(recording=read_recording(path))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: 1 in app.session.summaries and app.table.row_count == 1)
        app.draw_now()
        assert "recording [red]a.jsonl" in plain(app.status.render())
        assert app.table.get_row_at(0)[2].plain == "[bold]x[/] \\x1b[2J"


async def test_the_palette_offers_replay_in_a_recording_and_launches_only_live(apart: Apart) -> None:
    live, opened = LabApp(port=0), LabApp(recording=read_recording(apart.clients))
    async with live.run_test(size=(120, 40)):
        live_titles = [f"{c.title} {c.help}" for c in live.get_system_commands(live.screen)]
    async with opened.run_test(size=(120, 40)):
        opened_titles = [f"{c.title} {c.help}" for c in opened.get_system_commands(opened.screen)]
    assert any("Launch" in title for title in live_titles) and not any("Replay" in t for t in live_titles)
    assert any("Replay" in title for title in opened_titles) and not any("Launch" in t for t in opened_titles)


async def test_what_a_newer_version_wrote_is_skipped_and_said_in_the_events_pane(
    apart: Apart, tmp_path: Path
) -> None:
    lines = apart.clients.read_text(encoding="utf-8").splitlines()
    rows = [row for row in map(json.loads, lines) if row["kind"] != "summary"]  # the events
    rows[0]["colour"] = "red"
    rows.insert(1, {**rows[1], "kind": "teleported"})
    for seq, row in enumerate(rows, 1):
        row["seq"] = seq
    newer = tmp_path / "newer.jsonl"
    newer.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    app = LabApp(recording=read_recording(newer))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: 1 in app.session.summaries)
        app.events.flush()
        said = " ".join(" ".join(app.events.logical_lines()).split())  # as written, not as wrapped
        assert "skipped 1 field and 1 event this" in said, said


async def test_a_recording_longer_than_one_drain_is_summed_up_whole(tmp_path: Path) -> None:
    """Opened, a recording is folded a chunk at a time: a run is summed up once its own last
    event is folded, not once the file is read (every run here has all its clients ok)."""
    bus = EventBus()
    runs, n = 12, 10  # 12 runs of 52 events: more than one chunk of the app's drain
    for run in range(1, runs + 1):
        play_run(bus, run, n=n)
    path = tmp_path / "long.jsonl"
    write_export(path, bus.iter_history())
    app = LabApp(recording=read_recording(path))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: len(app.session.summaries) == runs, what="every run summed up")
        assert [app.session.summaries[run].ok for run in range(1, runs + 1)] == [n] * runs
