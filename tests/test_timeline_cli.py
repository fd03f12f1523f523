"""``--timeline`` and ``--export`` on the command line, run as a user runs them."""

from __future__ import annotations

import csv
import json
import re
import signal
import subprocess
from pathlib import Path

import pytest
from helpers import events_of, wait_for
from test_cli import ENV, TCP_LAB, clients, help_pointer, json_lines, serve

from server_core import CLIENT, STATES, ClientConfig, ClientRun, Event, LabServer, parse_order, summarize
from server_core.timeline import build_lanes
from tui_app.cli import _summary_lines
from tui_app.strings import tr
from tui_app.swimlane import ERROR_GLYPH, GLYPHS, STOP_GLYPH, cells_of, duration, render


def test_timeline_draws_one_lane_per_client_within_the_width() -> None:
    with serve() as srv:
        args = ["-n", "4", "--port", str(srv.port), "--order", "lock", "--hold", "0.1", "--timeline"]
        result = subprocess.run(
            [*TCP_LAB, "clients", *args],
            capture_output=True,
            text=True,
            env={**ENV, "COLUMNS": "72"},
            timeout=60,
        )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("client |0 s"))
    lanes = lines[start + 1 : start + 5]
    assert [line.split("|")[0].strip() for line in lanes] == ["r1.1", "r1.2", "r1.3", "r1.4"]
    assert all(len(line) <= 72 for line in lines[start:])
    assert sum("." in line.split("|")[1] for line in lanes) >= 3  # all but the first waited
    assert "legend:" in lines[start + 5] and "One at a time" in result.stdout


def test_timeline_and_json_do_not_mix() -> None:
    result = subprocess.run(
        [*TCP_LAB, "clients", "--timeline", "--json"], capture_output=True, text=True, env=ENV, timeout=30
    )
    assert result.returncode == 2 and help_pointer(result.stderr) == "tcp-lab clients"
    usage = subprocess.run([*TCP_LAB, "clients", "-h"], capture_output=True, text=True, env=ENV, timeout=30)
    assert "[--json | --timeline]" in usage.stdout  # the usage says they exclude each other


def test_clients_export_every_event_and_summary_gains_waits(tmp_path: Path) -> None:
    target = tmp_path / "run.jsonl"
    with serve("--order", "lock") as srv:
        result = clients("-n", "3", "--port", str(srv.port), "--hold", "0", "--json", "--export", str(target))
    assert result.returncode == 0, result.stderr
    printed = json_lines(result)
    assert [json.loads(line) for line in target.read_text().splitlines()] == printed  # the summary too
    summary = printed[-1]
    assert {"request_order", "out_of_order", "mean_wait", "p95_wait", "mode", "hold"} <= set(summary)
    assert summary["mode"] == "free" and summary["hold"] == 0
    assert str(target) in result.stderr


def test_serve_exports_when_it_stops(tmp_path: Path) -> None:
    target = tmp_path / "server.csv"
    with serve("--export", str(target)) as srv:
        clients("-n", "2", "--port", str(srv.port), "--hold", "0")
        srv.until("disconnected", 2)
        proc = srv.proc
    assert proc.returncode == 0
    with open(target, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["kind"] == "listening" and rows[-1]["kind"] == "stopped"
    assert sum(r["kind"] == "accepted" for r in rows) == 2


def test_serve_trace_has_one_track_per_handler(tmp_path: Path) -> None:
    target = tmp_path / "server.trace.json"
    with serve("--order", "semaphore:2", "--export", str(target)) as srv:
        clients("-n", "3", "--port", str(srv.port), "--hold", "0")
        srv.until("left", 3)
    events = json.loads(target.read_text())["traceEvents"]
    names = sorted(e["args"]["name"] for e in events if e["name"] == "thread_name")
    assert names == ["handler #1", "handler #2", "handler #3"]


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("run.txt", None),
        ("missing/run.csv", None),
        ("taken.jsonl", "file"),
        ("folder.csv", "dir"),
    ],
)
@pytest.mark.parametrize("command", ["serve", "clients"])
def test_bad_export_paths_give_one_line_and_exit_2(
    tmp_path: Path, name: str, make: str | None, command: str
) -> None:
    target = tmp_path / name
    if make == "file":
        target.write_text("keep me")
    elif make == "dir":
        target.mkdir()
    result = subprocess.run(
        [*TCP_LAB, command, "--port", "9", "--export", str(target)],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=30,
    )
    assert result.returncode == 2
    assert help_pointer(result.stderr) == f"tcp-lab {command}" and "Traceback" not in result.stderr
    assert "--export" in result.stderr
    if make == "file":
        assert target.read_text() == "keep me" and "--overwrite" in result.stderr


def test_overwrite_replaces_an_existing_export(tmp_path: Path) -> None:
    target = tmp_path / "run.jsonl"
    target.write_text("stale\n")
    with serve() as srv:
        result = clients(
            "-n", "1", "--port", str(srv.port), "--hold", "0", "--export", str(target), "--overwrite"
        )
    assert result.returncode == 0, result.stderr
    assert "stale" not in target.read_text() and json.loads(target.read_text().splitlines()[0])["seq"] == 1


def test_interrupted_serve_still_exports(tmp_path: Path) -> None:
    target = tmp_path / "stopped.jsonl"
    with serve("--export", str(target)) as srv:
        srv.proc.send_signal(signal.SIGTERM)
        assert srv.proc.wait(5) == 0
    assert json.loads(target.read_text().splitlines()[-1])["kind"] == "stopped"


def lane_events(waits: dict[int, tuple[float, float]]) -> list[Event]:
    """Clients that ask at the first time and enter at the second, then hold 1 s."""
    events: list[Event] = []
    for client, (asked, entered) in waits.items():
        for t, kind in [(asked, "waiting"), (entered, "entered"), (entered, "connected")]:
            events.append(Event(0, t, "client", kind, client, extra={"run": 1}))
        events.append(Event(0, entered + 1, "client", "disconnected", client, extra={"run": 1}))
        events.append(Event(0, entered + 1, "client", "left", client, extra={"run": 1}))
    events.sort(key=lambda e: e.t)
    return [Event(n, e.t, e.side, e.kind, e.client, extra=e.extra) for n, e in enumerate(events, 1)]


def test_swimlane_shows_a_staircase_of_waits() -> None:
    lanes = build_lanes(lane_events({1: (0, 0), 2: (0, 1), 3: (0, 2)}))
    lines = render(lanes, 0.0, 3.0, 40)
    bars = [line.split("|")[1] for line in lines[1:4]]
    assert all(len(line) <= 40 for line in lines[:4])
    assert bars[0].startswith(">") or bars[0].startswith("=")
    assert bars[1].startswith(".") and bars[2].startswith(".")
    assert bars[1].index(">") > bars[0].index(">") and bars[2].index(">") > bars[1].index(">")
    assert lines[0].split("|")[1].startswith("0 s") and lines[0].split("|")[1].rstrip().endswith("3.00 s")


def test_swimlane_in_chinese_keeps_its_columns_and_width() -> None:
    lines = render(build_lanes(lane_events({1: (0, 0), 12: (0, 0.5)})), 0.0, 1.5, 60, "zh")
    assert any("图例" in line and "等待轮次" in line for line in lines)
    bars = [line.index("|") for line in lines[:3]]
    assert [cells_of(line[:at]) for line, at in zip(lines, bars, strict=False)] == [7, 7, 7]
    assert all(cells_of(line) <= 60 for line in lines)


def test_short_runs_are_measured_in_milliseconds() -> None:
    assert (duration(0), duration(0.0042), duration(2.5)) == ("0 s", "4.2 ms", "2.50 s")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_legend_keeps_every_symbol_with_its_words_at_any_width(lang: str) -> None:
    lanes = build_lanes(lane_events({1: (0, 0), 2: (0, 1)}))
    glyphs = {**{state: GLYPHS[state] for state in STATES}, "error": ERROR_GLYPH}  # no hold: not named
    items = [f"{glyphs[state]} {tr(f'lane.{state}', lang)}" for state in glyphs]
    for width in range(40, 130, 3):
        lines = render(lanes, 0.0, 0.0172, width, lang)
        legend = lines[lines.index(next(line for line in lines if line.startswith(("legend", "图例")))) :]
        assert all(cells_of(line) <= width for line in legend), (width, legend)
        for item in items:
            assert any(item in line for line in legend), (width, item, legend)
        column = next(line for line in legend if "ms" in line or "毫秒" in line)
        assert re.search(r"[0-9.]+ ?(ms|毫秒)", column), (width, legend)  # the figure stays with its unit


def test_handler_lanes_name_the_thread_that_served_them() -> None:
    """A reused handler thread serves several connections: each lane says which thread it was."""
    args = ["run", "-n", "3", "--port", "0", "--order", "lock", "--hold", "0.05", "--timeline"]
    env = {**ENV, "COLUMNS": "80"}
    result = subprocess.run([*TCP_LAB, *args], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    closed = dict(re.findall(r"server  (#\d+) disconnected \(.*thread (handler-\d+)\)", result.stdout))
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("server |0 s"))
    labels = [line.split("|")[0].strip() for line in lines[start + 1 : start + 4]]
    assert len(closed) == 3 and labels == [f"{number} {thread}" for number, thread in closed.items()]
    assert all(len(line) <= 80 for line in lines[start:])


def test_a_stopped_run_marks_where_the_stop_cut_each_lane_and_says_its_dash(server: LabServer) -> None:
    """Lanes a stop cut end in a mark the legend names (the handler of a stopped client too), and
    the note under the orders says what ``closed -`` in them means; a run that ended has neither."""
    config = ClientConfig(n=3, port=server.port, order=parse_order("lock"), hold=30, timeout=10)
    run = ClientRun(config, server.bus).start()
    wait_for(lambda: sum(e.kind == "waiting" for e in server.bus.history) == 3, what="all three asking")
    wait_for(lambda: events_of(server.bus.history, CLIENT, "received"), what="the first one's reply")
    run.stop()
    wait_for(lambda: events_of(server.bus.history, CLIENT, "finished"), what="the run's end")
    wait_for(lambda: len(events_of(server.bus.history, "server", "disconnected")) == 1, what="the close")
    lanes = build_lanes(server.bus.history)
    start, end = lanes[0].segments[0].start, max(lane.segments[-1].end for lane in lanes)
    for lang in ("en", "zh"):
        lines = render(lanes, start, end, 80, lang)
        drawn = [line.split("|")[1].rstrip() for line in lines if line.lstrip().startswith(("r1.", "#"))]
        assert len(drawn) == 4 and all(cells.endswith(STOP_GLYPH) for cells in drawn)  # 3 clients, 1 handler
        said = "\n".join(lines)
        assert f"{STOP_GLYPH} {tr('lane.stopped', lang)}" in said
        assert tr("order.dash_stopped", lang) not in lines  # said under the orders, not the lanes
        orders = _summary_lines(summarize(server.bus.history, 3, 1), server.bus, 1, lang)
        closed = next(i for i, line in enumerate(orders) if line.startswith(tr("order.closed_order", lang)))
        assert orders[closed].endswith(" -") and orders[closed + 1] == tr("order.dash_stopped", lang)
        assert all(cells_of(line) <= 80 for line in lines)
    ended = [lane._replace(errors=()) for lane in lanes]  # the same lanes, no stop among their errors
    assert not any(STOP_GLYPH in line or tr("lane.stopped") in line for line in render(ended, start, end, 80))


@pytest.mark.timeout(60)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dash_in_the_orders_of_a_run_that_was_not_stopped_is_said_under_them(lang: str) -> None:
    """Three clients that time out waiting for a slow server's reply: nobody received a reply, so
    the reply order is ``-``; the line under the orders says what that means, as a stopped run's
    says what its ``-`` means, with ``--timeline`` or without."""
    args = ["run", "-n", "3", "--delay", "1", "--timeout", "0.2", "--engine", "thread", "--lang", lang]
    for shown in ([], ["--timeline"]):
        command = [*TCP_LAB, *args, *shown]
        result = subprocess.run(command, capture_output=True, text=True, env=ENV, timeout=60)
        assert result.returncode == 1, result.stderr  # no client got its reply
        lines = result.stdout.splitlines()
        received = next(i for i, line in enumerate(lines) if line.startswith(tr("order.replied_order", lang)))
        assert lines[received].endswith(" -")
        assert lines[received + 2] == tr("order.dash", lang), lines[received - 2 : received + 4]
        assert tr("order.dash_stopped", lang) not in lines
