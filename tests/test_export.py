"""Exports of a real run: JSON lines, CSV and a Chrome trace with one track per thread."""

from __future__ import annotations

import csv
import errno
import json
import os
import threading
from collections import Counter, defaultdict
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from helpers import open_descriptors, run_both_sides

from server_core import CLIENT, printable
from server_core.export import (
    CORE_FIELDS,
    check_target,
    chrome_trace,
    export_format,
    write_export,
)
from tui_app.strings import why

N = 3
TRICKY = 'a,"b"\n[bold]x[/bold] 客户端{i}'


@pytest.fixture(scope="module")
def history() -> list:
    """Both sides of a lock-ordered run of N clients on one bus, every handler finished."""
    return run_both_sides("lock", N, hold=0.01, message=TRICKY)


def test_jsonl_holds_every_event_as_its_json_form(history: list, tmp_path: Path) -> None:
    path = tmp_path / "run.jsonl"
    assert write_export(path, history) == len(history)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert rows == [e.to_dict() for e in history]
    assert [r["seq"] for r in rows] == list(range(1, len(rows) + 1))


def test_csv_has_the_core_columns_then_the_extras(history: list, tmp_path: Path) -> None:
    path = tmp_path / "run.csv"
    write_export(path, history)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert tuple(reader.fieldnames[: len(CORE_FIELDS)]) == CORE_FIELDS
    assert {"run", "order", "n", "hold"} <= set(reader.fieldnames)
    assert len(rows) == len(history)
    sent = [r for r in rows if r["side"] == CLIENT and r["kind"] == "sent"]
    expected = (printable(TRICKY.replace("{i}", str(i))) for i in range(1, N + 1))  # newline as \n
    assert sorted(r["text"] for r in sent) == sorted(expected)
    assert all(r["run"] == "1" for r in rows if r["side"] == CLIENT)


def test_chrome_trace_has_a_track_per_thread_and_paired_flows(history: list, tmp_path: Path) -> None:
    path = tmp_path / "run.trace.json"
    write_export(path, history)
    events = json.loads(path.read_text(encoding="utf-8"))["traceEvents"]
    processes = {e["pid"]: e["args"]["name"] for e in events if e["name"] == "process_name"}
    threads = [(e["pid"], e["tid"], e["args"]["name"]) for e in events if e["name"] == "thread_name"]
    clients_pid = next(pid for pid, name in processes.items() if name.startswith("clients"))
    assert sorted(name for pid, _, name in threads if pid == clients_pid) == [
        f"client r1.{i}" for i in range(1, 4)
    ]
    handlers = sorted(name.split(" = ") for pid, _, name in threads if pid != clients_pid)
    assert [number for number, _ in handlers] == [f"handler #{i}" for i in range(1, 4)]
    assert sorted(client for _, client in handlers) == [f"r1.{i}" for i in range(1, 4)]
    assert len(set(threads)) == len(threads) == 2 * N
    slices = [e for e in events if e["ph"] == "X"]
    assert {(e["pid"], e["tid"]) for e in slices} == {(pid, tid) for pid, tid, _ in threads}
    flows: dict[int, dict[str, dict]] = defaultdict(dict)
    for e in events:
        if e["ph"] in "sf":
            assert e["ph"] not in flows[e["id"]]
            flows[e["id"]][e["ph"]] = e
    assert len(flows) == 2 * N  # each client's message to its handler, each reply back
    messages = [e for e in slices if e["cat"] == "message"]
    receipts = {(e["pid"], e["tid"], e["ts"]) for e in messages if e["name"] == "received"}
    for flow in flows.values():
        start, end = flow["s"], flow["f"]
        assert start["pid"] != end["pid"] and start["ts"] <= end["ts"]
        assert any(  # the arrow leaves from within its send
            (m["pid"], m["tid"]) == (start["pid"], start["tid"]) and m["name"] in ("sent", "replied")
            and m["ts"] <= start["ts"] <= m["ts"] + m["dur"]
            for m in messages
        )
        assert (end["pid"], end["tid"], end["ts"]) in receipts


def ns_span(e: dict) -> tuple[int, int]:
    """A slice's start and end in whole nanoseconds (its microseconds carry three decimals)."""
    return round(e["ts"] * 1000), round((e["ts"] + e["dur"]) * 1000)


def test_chrome_trace_states_follow_each_other_and_messages_nest_in_them(history: list) -> None:
    slices = [e for e in chrome_trace(history)["traceEvents"] if e["ph"] == "X"]
    tracks: dict[tuple, list] = defaultdict(list)
    for e in slices:  # times as a trace viewer reads them: whole nanoseconds
        if e["cat"] == "state":
            tracks[(e["pid"], e["tid"])].append(ns_span(e))
    for spans in tracks.values():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in pairwise(spans))
    for e in slices:
        if e["cat"] == "message":
            spans = tracks[(e["pid"], e["tid"])]
            first, last = ns_span(e)
            assert any(lo <= first and last <= hi for lo, hi in spans), e
    assert Counter(e["name"] for e in slices)["waiting"] >= N - 1


def test_an_existing_file_is_never_replaced_unless_asked(history: list, tmp_path: Path) -> None:
    path = tmp_path / "run.jsonl"
    path.write_text("keep me")
    with pytest.raises(FileExistsError):
        check_target(path)
    with pytest.raises(FileExistsError):
        write_export(path, history)
    assert path.read_text() == "keep me"
    write_export(path, history, overwrite=True)
    assert path.read_text().count("\n") == len(history)


@pytest.mark.parametrize("overwrite", [False, True])
def test_an_export_is_on_disk_before_it_has_its_name_and_leaves_the_umask_alone(
    history: list, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, overwrite: bool
) -> None:
    """Written from a thread of its own, as the app does: fsynced before it is linked (or
    replaces) into place, so a crash leaves it complete or absent; the process-wide umask, which
    every other thread's files take, is never set meanwhile."""
    mode = 0o666 & ~current_umask()  # what open() gives a new file
    said: list[str] = []
    for name in ("fsync", "link", "replace", "umask"):
        real = getattr(os, name)

        def heard(*args: Any, real: Callable[..., Any] = real, name: str = name) -> Any:
            said.append(name)
            return real(*args)

        monkeypatch.setattr(os, name, heard)
    written: list[int] = []
    path = tmp_path / "run.jsonl"
    worker = threading.Thread(target=lambda: written.append(write_export(path, history, overwrite)))
    worker.start()
    worker.join(10)
    assert written == [len(history)]
    assert said == ["fsync", "replace" if overwrite else "link"]
    assert path.stat().st_mode & 0o777 == mode


def test_an_export_whose_mode_cannot_be_set_leaves_no_descriptor_and_no_file(
    history: list, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(fd: int, mode: int) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "fchmod", refuse)
    before = open_descriptors()
    with pytest.raises(PermissionError):
        write_export(tmp_path / "run.jsonl", history)
    assert open_descriptors() == before
    assert list(tmp_path.iterdir()) == []


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.jsonl", ".jsonl"), ("A.CSV", ".csv"), ("x.trace.json", ".trace.json"), ("dir/y.csv", ".csv")],
)
def test_the_format_comes_from_the_name(name: str, fmt: str) -> None:
    assert export_format(name) == fmt


def test_a_target_in_missing_directories_names_the_first_missing_one(tmp_path: Path) -> None:
    with pytest.raises(ValueError) as refused:
        check_target(tmp_path / "gone" / "deeper" / "events.jsonl")
    missing = str(tmp_path / "gone")
    assert str(refused.value).endswith(f"no directory {missing!r}"), refused.value
    assert why(str(refused.value), "zh").endswith(f"没有目录 {missing!r}")
    (tmp_path / "file").write_text("")
    with pytest.raises(ValueError, match=r"no directory '.*/file'$"):  # a file in the way
        check_target(tmp_path / "file" / "events.jsonl")


@pytest.mark.parametrize(
    "path",
    [
        "/tmp/" + "/".join(f"dir{n}" for n in range(30)) + "/events.jsonl",
        "/tmp/no-such-folder/" + "实验记录" * 22 + "xy.jsonl",  # a 90-character Chinese name
    ],
)
def test_a_refusal_names_the_whole_path_and_leaves_the_shortening_to_the_room(path: str) -> None:
    """A path cut to 60 characters before it was shown lost its folder ('/…/') and, shortened
    again where it was shown, its name ('……'): the message names it whole, once."""
    with pytest.raises(ValueError) as refused:
        check_target(path)
    said = str(refused.value)
    assert said.startswith(f"cannot write {path!r}: no directory '/tmp/"), said
    assert "…" not in said and said.count(path) == 1, said


@pytest.mark.parametrize("name", ["a.json", "a.txt", ".csv", "trace", "a.csv.bak"])
def test_unknown_formats_are_refused_with_the_known_ones_named(name: str) -> None:
    with pytest.raises(ValueError, match=r"\.trace\.json"):
        export_format(name)


def test_targets_in_missing_directories_or_on_directories_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no directory"):
        check_target(tmp_path / "missing" / "a.csv")
    (tmp_path / "d.csv").mkdir()
    with pytest.raises(ValueError, match="directory"):
        check_target(tmp_path / "d.csv")
