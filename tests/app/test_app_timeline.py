"""The timeline, the comparison of modes and the export, driven from the keyboard."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from helpers import events_of, play_run
from layout_stage import screen_text
from pilot_helpers import launch, plain, set_field, until
from rich.cells import cell_len
from test_cli import ENV, TCP_LAB
from textual.widgets import Static

from server_core import CLIENT, SERVER, EventBus, summarize
from server_core.export import write_export
from server_core.recording import read_recording
from tui_app.app import LabApp
from tui_app.screens.comparison import ComparisonScreen
from tui_app.screens.export import ExportScreen
from tui_app.screens.timeline import TimelineScreen
from tui_app.strings import tr
from tui_app.wrapping import notice_lines


def lines_of(app: LabApp) -> list[str]:
    """The lanes as drawn on screen, as plain text."""
    lanes = app.screen.view.lanes_view
    return [lanes.render_line(y).text for y in range(min(lanes.size.height, len(lanes.lanes)))]


def title_of(app: LabApp) -> str:
    """The timeline's title, its lines joined."""
    return " ".join(plain(app.screen.query_one("#timeline-title", Static).content).split())


def finished(app: LabApp, count: int) -> bool:
    return (
        app.lab.launched == count and all(run.done for run in app.lab.runs)
        and len(app.session.summaries) == count
    )


async def test_the_timeline_grows_while_a_run_goes_on_and_shows_a_staircase() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        set_field(app, "hold", "5")
        await pilot.press("l", "t")
        assert isinstance(app.screen, TimelineScreen)
        view = app.screen.view
        await until(pilot, lambda: len(view.lanes_view.lanes) == 3, what="three lanes")
        first_end = view.lanes_view.window.end
        await until(pilot, lambda: view.lanes_view.window.end > first_end + 0.2, what="the window to grow")
        assert "running" in title_of(app)
        await until(pilot, lambda: events_of(app.bus.history, CLIENT, "received"))
        await until(pilot, lambda: sum(e.kind == "waiting" for e in app.bus.history) == 3)
        await pilot.press("k")  # stop the run: the two still waiting and the one holding are stopped
        await until(pilot, lambda: finished(app, 1))
        await until(pilot, lambda: "3 stopped" in title_of(app), what="three stopped")
        assert not any("✗" in line for line in lines_of(app))  # the user's stop is no error
        # each lane ends in the stop's mark, which the legend names; the header says what its "-" is
        await until(pilot, lambda: all(line.rstrip().endswith("┃") for line in lines_of(app)), what="marks")
        legend = str(app.screen.query_one("#timeline-legend").render())
        assert "┃ cut short here by a stop" in legend
        assert "closed -" in title_of(app) and tr("order.dash_stopped", "en") in title_of(app)

        # the app's keys work on the timeline too; it follows the new run
        await launch(pilot, "l", hold="0.1")
        await until(pilot, lambda: finished(app, 2), timeout=10)
        await until(pilot, lambda: "run 2: lock" in title_of(app))
        await until(pilot, lambda: len(lines_of(app)) == 3 and all("█" in line for line in lines_of(app)))
        title = title_of(app)
        assert "run 2: lock" in title and "one at a time" in title
        drawn = lines_of(app)
        assert len(drawn) == 3 and all(len(line) <= 80 for line in drawn)
        assert sum(line.split()[1].startswith("░") for line in drawn) >= 2  # all but the first waited
        assert all("█" in line for line in drawn)
        legend = str(app.screen.query_one("#timeline-legend").render())
        assert "waiting for its turn" in legend and "connected, idle" in legend
        assert "cut short" not in legend and not any("┃" in line for line in drawn)  # nothing stopped it
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, TimelineScreen)


async def test_zoom_pan_handlers_and_runs_keys() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await launch(pilot, "f", hold="0.1")
        await until(pilot, lambda: finished(app, 1))
        await pilot.press("l")
        await until(pilot, lambda: finished(app, 2), timeout=10)
        await pilot.press("t")
        view = app.screen.view
        await pilot.pause()
        whole = view.lanes_view.window
        await pilot.press("plus")
        zoomed = view.lanes_view.window
        assert abs(zoomed.span - whole.span / 2) < 1e-6 and view.fixed is not None
        await pilot.press("right")
        assert view.lanes_view.window.start > zoomed.start
        await pilot.press("minus", "minus")
        assert view.fixed is None and view.lanes_view.window == whole
        await pilot.press("h")
        await until(pilot, lambda: len(view.lanes_view.lanes) == 6, what="handler lanes")
        sides = [lane.side for lane in view.lanes_view.lanes]
        assert sides == [CLIENT] * 3 + [SERVER] * 3
        assert {lane.peer for lane in view.lanes_view.lanes[3:]} == {
            lane.local for lane in view.lanes_view.lanes[:3]
        }
        by_end = {lane.local: lane.client for lane in view.lanes_view.lanes[:3]}
        # each handler lane names its thread (a reused thread names several) and the client it served
        threads = {e.client: e.extra["thread"] for e in events_of(app.bus.history, SERVER, "disconnected")}
        handlers = view.lanes_view.lanes[3:]
        named = [view.lanes_view._label(lane) for lane in handlers]
        assert named == [f"#{h.client} {threads[h.client]} = r2.{by_end[h.peer]}" for h in handlers]
        width = view.lanes_view.label_width
        assert [view.lanes_view.render_line(y).text[: width + 1] for y in range(3, 6)] == [
            f"{name:>{width}} " for name in named
        ]
        assert view.run == 2
        await pilot.press("left_square_bracket")
        assert view.run == 1 and "free" in title_of(app)
        await pilot.press("right_square_bracket")
        assert view.run == 2 and view.selected is None


async def test_the_comparison_runs_every_mode_and_matches_the_command_line() -> None:
    """The app launches each run the session asks for (the plan itself: tests/test_session.py)."""
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        # hold long enough for three to overlap on a busy machine, short for the three one at a time
        await launch(pilot, "c", n="3", hold="0.25")
        await until(
            pilot, lambda: isinstance(app.screen, ComparisonScreen), timeout=45, what="the comparison"
        )
        screen = app.screen
        assert [summary.mode for _, summary in screen.runs] == [
            "free",
            "lock",
            "semaphore:2",  # the same K as the s key: max(2, N // 2) when the order field names none
            "queue",
            "sequential",
        ]
        peaks = {summary.mode: summary.max_concurrency for _, summary in screen.runs}
        assert peaks.pop("free") > 1
        assert peaks == {"lock": 1, "semaphore:2": 2, "queue": 1, "sequential": 1}
        for number, summary in screen.runs:
            assert summary == summarize(app.bus.history, 3, number)
            assert (summary.clients, summary.hold, summary.ok) == (3, 0.25, 3)
        await until(pilot, lambda: screen.query("#comparison-table"), what="the comparison's table")
        table = screen.query_one("#comparison-table")
        assert table.row_count == 5
        assert table.get_row_at(1)[1] == "lock" and table.get_row_at(1)[3] == "1"
        verdicts = plain(screen._verdicts())
        assert "never more than 2 at a time" in verdicts and "one at a time" in verdicts
        holder = next(iter(screen.query("#comparison-orders")), table)  # beside the numbers, or apart
        keys = [str(column.key.value) for column in holder.ordered_columns]
        cells = holder.get_row_at(0)
        launched, accepted = (str(cells[keys.index(key)]).split() for key in ("launch_order", "accept_order"))
        assert launched == ["1", "2", "3"] and sorted(accepted) == launched  # side by side
        port = str(app.lab.server.port)
        args = ["-n", "3", "--hold", "0.25", "--order", "semaphore:2", "--json", "--port", port]
        cli = subprocess.run(
            [*TCP_LAB, "clients", *args],
            capture_output=True,
            text=True,
            env=ENV,
            timeout=30,
        )
        headless = json.loads(cli.stdout.splitlines()[-1])
        in_app = dict(screen.runs)[3]
        assert headless["max_concurrency"] == in_app.max_concurrency == 2
        # both waited out two holds one after the other, as two at a time makes of three clients;
        # what more each took is the machine's (0.55 s headless against 0.93 s in the app at load 13)
        assert min(headless["makespan"], in_app.makespan) >= 2 * 0.25


async def test_export_writes_the_history_and_asks_before_replacing(tmp_path: Path) -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await launch(pilot, "f", hold="0")
        await until(pilot, lambda: finished(app, 1))
        target = tmp_path / "run.trace.json"
        target.write_text("keep")
        await pilot.press("w")
        assert isinstance(app.screen, ExportScreen)
        field = app.screen.query_one("#export-path")
        message = app.screen.query_one("#export-message")
        field.value = str(tmp_path / "run.txt")
        await pilot.press("enter")
        assert "format" in str(message.render()) and isinstance(app.screen, ExportScreen)
        field.value = str(target)
        await pilot.press("enter")
        assert "Enter again" in str(message.render()) and target.read_text() == "keep"
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, ExportScreen))
        trace = json.loads(target.read_text())["traceEvents"]
        threads = {e["args"]["name"] for e in trace if e["name"] == "thread_name"}
        assert {"client r1.1", "client r1.2", "client r1.3"} <= threads
        assert any(name.startswith("handler #1 = r1.") for name in threads)
        said = lambda: "wrote" in "\n".join(app.query_one("#events").lines)  # noqa: E731
        await until(pilot, said, what="the note, placed once the events before it are in")


async def test_an_export_names_its_path_once_then_why_and_expands_home(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    long_name = "a" * 300 + ".jsonl"
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await launch(pilot, "f", hold="0")
        await until(pilot, lambda: finished(app, 1))
        await pilot.press("w")
        field = app.screen.query_one("#export-path")
        message = app.screen.query_one("#export-message")
        for typed, shown, why in [
            ("/proc/x.jsonl", "/proc/x.jsonl", "No such file or directory"),
            (str(tmp_path / long_name), "…", "too long"),
            (str(tmp_path / "no" / "x.jsonl"), "/no/x.jsonl", "no directory"),
        ]:
            field.value = typed
            await pilot.press("enter")
            said = str(message.render())  # whole: the room it is shown in shortens it
            assert said.startswith("cannot write '") and said.count(typed) == 1 and why in said, said
            lines = notice_lines(said, message.content_size.width)
            assert all(cell_len(line) <= message.content_size.width for line in lines), lines
            assert shown in "".join(lines) and "".join(lines).count("x.jsonl") <= 1, lines
            assert "".join(lines).count("a" * 40) <= 1 and len(lines) <= 4, lines
        field.value = "~/x.jsonl"
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, ExportScreen), what="the file written")
        assert (tmp_path / "x.jsonl").exists()
        noted = lambda: "x.jsonl" in "".join(line.strip() for line in app.query_one("#events").lines)  # noqa: E731
        await until(pilot, noted, what="the note, placed once the events before it are in")


async def test_stopping_clients_cancels_a_comparison() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await launch(pilot, "c", hold="5")
        await until(pilot, lambda: app.lab.launched == 1)
        await pilot.press("k")
        await until(pilot, lambda: finished(app, 1))
        await pilot.pause(0.2)
        assert app.lab.launched == 1 and app.session.comparison is None
        assert isinstance(app.screen, TimelineScreen)


async def test_lanes_beyond_the_screen_scroll_into_view() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await launch(pilot, "f", n="30", hold="0")
        await until(pilot, lambda: finished(app, 1), timeout=20)
        await pilot.press("t")
        lanes = app.screen.view.lanes_view
        await until(pilot, lambda: len(lanes.lanes) == 30)
        assert lanes.size.height < 30 and lanes.virtual_size.height == 30
        assert lines_of(app)[0].split()[0] == "r1.1"
        await pilot.press("ctrl+end")  # End shows the run's end
        await until(pilot, lambda: lanes.scroll_offset.y > 0, what="the lanes to scroll")
        last = lanes.render_line(lanes.size.height - 1).text
        assert last.split()[0] == "r1.30"


async def test_after_a_server_restart_every_runs_handler_lanes_are_drawn() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await launch(pilot, "f", hold="0")
        await until(pilot, lambda: finished(app, 1))
        first = app.lab.server
        await pilot.press("a")  # restart: a new server, numbering on from where the last one stopped
        await until(
            pilot, lambda: app.lab.server is not None and app.lab.server is not first, what="the restart"
        )
        await pilot.press("f")
        await until(pilot, lambda: finished(app, 2))
        await until(pilot, lambda: app.session.book.accepted == 6 and app.session.book.active == 0)
        await pilot.press("t", "h")
        view = app.screen.view
        drawn = {}
        for run in (2, 1):
            await until(pilot, lambda run=run: view.run == run and len(view.lanes_view.lanes) == 6)
            handlers = [lane for lane in view.lanes_view.lanes if lane.side == SERVER]
            assert len(handlers) == 3 and all(lane.segments for lane in handlers), run
            drawn[run] = {lane.client for lane in handlers}
            title = title_of(app)
            assert "accepted" in title and "launched" in title  # the orders side by side
            await pilot.press("left_square_bracket")
        assert drawn == {1: {1, 2, 3}, 2: {4, 5, 6}}
        assert [line.split()[0] for line in lines_of(app)][3:] == ["#1", "#2", "#3"]


async def test_a_refused_run_ends_at_its_errors_and_a_stopped_run_says_so() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.lab.server is not None, what="the server")
        port = app.lab.server.port
        await pilot.press("x")
        await until(pilot, lambda: app.lab.server is None, what="the server stopped")
        await launch(pilot, "f", n="3", port=str(port))  # nobody listens there: refused
        await until(pilot, lambda: finished(app, 1), what="the refused run")
        await pilot.press("a")  # later events: the run's window must not stretch to them
        await until(pilot, lambda: events_of(app.bus.history, SERVER, "listening"), what="a server")
        await pilot.pause(0.3)
        await pilot.press("t")
        await until(pilot, lambda: len(lines_of(app)) == 3, what="three lanes")
        run_end = max(e.t for e in app.bus.history if e.side == CLIENT)
        assert app.screen.view.lanes_view.window.end <= run_end + 0.001
        for line in lines_of(app):  # each lane ends at its ✗: nothing drawn after it
            assert line.rstrip().endswith("✗"), line
        assert "stopped" not in title_of(app)

        await launch(pilot, "l", hold="5")
        await until(pilot, lambda: events_of(app.bus.history, CLIENT, "received"), what="a reply")
        await pilot.press("k")
        await until(pilot, lambda: finished(app, 2), what="the stopped run")
        await until(pilot, lambda: "stopped by you before it ended" in title_of(app))


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_run_stopped_with_the_stop_button_is_not_said_stopped_with_a_key(lang: str) -> None:
    """The header said 'stopped with k before it ended' after the Stop button: it says the run
    was stopped by the user, naming no key."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        set_field(app, "hold", "30")
        await pilot.pause()  # laid out: the buttons are where the mouse goes
        assert await pilot.click("#launch")
        await until(pilot, lambda: app.session.book.active == 3, what="3 clients connected")
        assert await pilot.click("#stop-clients")
        await until(pilot, lambda: finished(app, 1), what="the stopped run")
        await pilot.press("t")
        said = " ".join(tr("timeline.stopped", lang).split())
        await until(pilot, lambda: said in title_of(app), what="stopped said")
        assert not re.search(r"\bk\b", title_of(app)), title_of(app)


async def test_a_crowds_orders_leave_the_lanes_in_sight_at_80x24(tmp_path: Path) -> None:
    """200 clients: the header lists the first of each order and says how many more, so the
    lanes are still on screen under it."""
    bus = EventBus()
    play_run(bus, 1, n=200)
    path = tmp_path / "crowd.jsonl"
    write_export(path, bus.iter_history())
    app = LabApp(recording=read_recording(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: 1 in app.session.summaries, what="the run summed up")
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen), what="the timeline")
        await until(pilot, lambda: "r1.1 " in screen_text(app), what="the first lane on screen")
        await pilot.press("tab", "end")  # the header's last rows, which its border says are below

        def said() -> str:
            return " ".join(screen_text(app).split())  # the line may break anywhere

        # as many as two lines hold, at 80 columns
        await until(pilot, lambda: re.search(r"… 1[0-9]{2} more", said()), what="the count")
        assert "r1.1 " in screen_text(app)
