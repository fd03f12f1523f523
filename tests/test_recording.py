"""Reading recordings back: every event exactly, bad files refused with their line, never written."""

from __future__ import annotations

import codecs
import json
import os
import socket
import subprocess
from pathlib import Path

import pytest
from helpers import events_of, run_both_sides, wait_for
from test_cli import ENV, ROOT, TCP_LAB, refused

from server_core import SERVER, EventBus, LabServer
from server_core.export import write_export
from server_core.jsonl import json_line
from server_core.recording import RecordingError, read_recording
from tui_app.strings import why

STOPPED = b'{"seq": 1, "t": 0, "side": "server", "kind": "stopped"}\n'
TRICKY = "[bold]x[/bold] \x1b[31m 客户端{i}"


@pytest.fixture(scope="module")
def history() -> list:
    return run_both_sides("lock", 3, hold=0.01, message=TRICKY)


@pytest.fixture
def recorded(history: list, tmp_path: Path) -> Path:
    path = tmp_path / "run.jsonl"
    write_export(path, history)
    return path


def test_an_export_reads_back_as_the_events_it_was_written_from(history: list, recorded: Path) -> None:
    recording = read_recording(recorded)
    assert [e.to_dict() for e in recording.events] == [e.to_dict() for e in history]
    assert [e.seq for e in recording.events] == list(range(1, len(history) + 1))
    assert recording.sides == {"server", "client"}
    assert (recording.skipped_fields, recording.skipped_events, recording.summary) == (0, 0, None)
    listening = recording.events[0]
    assert listening.kind == "listening" and recording.wall == (listening.extra or {})["wall"]


def test_json_lines_as_printed_read_back_with_their_summary(history: list, tmp_path: Path) -> None:
    """The lines ``--json`` prints (controls escaped for a terminal) and the closing summary."""
    path = tmp_path / "printed.jsonl"
    summary = {"kind": "summary", "clients": 3, "ok": 3}
    path.write_text("".join(json_line(e.to_dict()) + "\n" for e in history) + json_line(summary) + "\n")
    recording = read_recording(path)
    assert [e.to_dict() for e in recording.events] == [e.to_dict() for e in history]
    assert recording.summary == summary


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


@pytest.mark.parametrize(
    ("damage", "line", "reason"),
    [
        (lambda lines: [*lines[:-1], lines[-1][: len(lines[-1]) // 2]], "last", "cut short"),
        (lambda lines: [*lines[:4], "{not json\n", *lines[5:]], 5, "not a line of JSON"),
        (lambda lines: [*lines[:2], *lines[3:]], 3, "seq 4 where 3 was due"),
        (lambda lines: [*lines[:6], '{"seq": 7}\n', *lines[7:]], 7, "needs seq, t, side and kind"),
        (lambda lines: ["seq,t,side,kind\n", *lines], 1, "not a line of JSON"),
    ],
    ids=["cut-mid-line", "corrupt-line", "line-missing", "not-an-event", "csv"],
)
def test_a_damaged_file_is_refused_naming_its_line(recorded: Path, damage, line, reason: str) -> None:
    lines = damage(_lines(recorded))
    recorded.write_text("".join(lines), encoding="utf-8")
    number = len(lines) if line == "last" else line
    with pytest.raises(RecordingError, match=f"^{recorded}:{number}: .*{reason}"):
        read_recording(recorded)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "no events"),
        (b"\xff\xfe{}\n", ":1: not UTF-8 text \\(byte 0xff at byte 1\\)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ":1: not UTF-8 text \\(byte 0x89 at byte 1\\)"),
        (b"ELF\x02\x01\x00\x00\x00", ":1: binary data"),  # no newline: not "cut short"
        (STOPPED.replace(b"}", b', "wall": "yesterday"}'), ":1: wall 'yesterday' is not a wall-clock time"),
        (STOPPED.replace(b"}", b', "wall": true}'), ":1: wall True is not a wall-clock time"),
        (STOPPED.replace(b"}", b', "run": "2"}'), ":1: run '2' is not a run number"),
        (b"[1, 2]\n", ":1: not a tcp-lab event"),
    ],
)
def test_empty_binary_and_foreign_files_are_refused(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "other.jsonl"
    path.write_bytes(content)
    with pytest.raises(RecordingError, match=reason):
        read_recording(path)


def test_a_recording_saved_with_a_byte_order_mark_reads_as_without(recorded: Path, tmp_path: Path) -> None:
    marked = tmp_path / "marked.jsonl"
    marked.write_bytes(codecs.BOM_UTF8 + recorded.read_bytes())
    assert read_recording(marked).events == read_recording(recorded).events


def test_fields_and_kinds_of_a_newer_version_are_skipped_and_counted(recorded: Path) -> None:
    rows = [json.loads(line) for line in _lines(recorded)]
    rows[1]["colour"] = "red"
    rows[2]["colour"] = "blue"
    rows[3] = {**rows[3], "kind": "teleported"}
    recorded.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    recording = read_recording(recorded)
    assert (recording.skipped_fields, recording.skipped_events) == (2, 1)
    assert "colour" in recording.unknown and len(recording.events) == len(rows) - 1
    assert all("colour" not in (e.extra or {}) for e in recording.events)


def test_reading_never_writes_the_file(recorded: Path) -> None:
    os.chmod(recorded, 0o444)
    before = (recorded.read_bytes(), recorded.stat().st_mtime_ns)
    read_recording(recorded)
    assert (recorded.read_bytes(), recorded.stat().st_mtime_ns) == before


def test_open_refuses_a_cut_file_with_its_line_number_and_exit_2(recorded: Path) -> None:
    data = recorded.read_bytes()
    recorded.write_bytes(data[: len(data) - 40])
    line = recorded.read_bytes().count(b"\n") + 1
    assert f"{recorded}:{line}: the line is cut short" in refused(["open", str(recorded)])
    assert f"{recorded}:{line}:" in refused(
        ["open", str(recorded), "--svg", str(recorded.with_suffix(".svg"))]
    )


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--svg", "out.png"], "does not end in .svg"),
        (["--svg", "x.svg", "--size", "12"], "is not COLSxROWS"),
        (["--svg", "x.svg", "--view", "clients"], "invalid choice"),
        (["--svg", "EXISTING"], "tcp-lab open: error: argument --svg: "),
    ],
)
def test_open_refuses_bad_picture_arguments(recorded: Path, args: list[str], reason: str) -> None:
    existing = recorded.with_suffix(".svg")
    existing.write_text("<svg/>")
    args = [str(existing) if arg == "EXISTING" else arg for arg in args]
    assert reason in refused(["open", str(recorded), *args])


@pytest.mark.parametrize("args", [["open", "{file}"], ["--port", "0"]], ids=["open", "app"])
def test_the_app_without_a_terminal_says_so_and_draws_nothing(recorded: Path, args: list[str]) -> None:
    argv = [arg.format(file=recorded) for arg in args]
    result = subprocess.run(
        [*TCP_LAB, *argv], stdin=subprocess.DEVNULL, capture_output=True, env=ENV, cwd=ROOT, timeout=30
    )
    said = result.stderr.decode()
    assert result.returncode == 2 and said.count("\n") == 1 and "draws on a terminal: run tcp-lab" in said
    assert b"\x1b" not in result.stdout + result.stderr and not result.stdout
    assert ("--svg" in said) == (args[0] == "open")


def test_a_run_replayed_from_its_export_has_the_live_figures_exactly(history: list, recorded: Path) -> None:
    """What ``open`` shows is computed from the file's ``t``: the live app computed from the same
    ``t`` (to the microsecond), so every time and figure is the same number, not one a digit off."""
    from tui_app.session import Session

    live, replayed = Session(), Session()
    live.apply(history)
    replayed.apply(list(read_recording(recorded).events))
    assert replayed.summaries == live.summaries and live.summaries
    assert [e.t for e in read_recording(recorded).events] == [e.t for e in history]


def test_the_bus_keeps_t_to_the_microsecond_the_file_holds() -> None:
    """A clock between two microseconds (0.7545 s) gives the ``t`` an export writes and reads back."""
    from server_core import CLIENT, EventBus

    ticks = iter([0.0, 0.7545004, 1.0000004])
    bus = EventBus(clock=lambda: next(ticks))
    bus.emit(CLIENT, "launched", run=1)
    emit_step = bus.emitter(CLIENT, 1)
    emit_step("connecting", run=1)
    assert [e.t for e in bus.history] == [0.7545, 1.0]


SIZE = "the text's size in UTF-8"


def _message_line(lines: list[str], **fields: object) -> tuple[list[str], int]:
    """``lines`` with the first ``sent`` event's fields replaced by ``fields``; and its number."""
    number = next(i for i, line in enumerate(lines) if json.loads(line)["kind"] == "sent")
    row = {**json.loads(lines[number]), **fields}
    return [*lines[:number], json.dumps(row) + "\n", *lines[number + 1 :]], number + 1


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"text": "x" * 5_000_000, "bytes": 22}, rf"{SIZE} \(5000000\) does not fit bytes 22"),
        ({"text": "", "bytes": 22}, rf"{SIZE} \(0\) does not fit bytes 22"),
        ({"text": "客户端" * 20, "bytes": 9}, rf"{SIZE} \(180\) does not fit bytes 9"),
        ({"bytes": -3}, "bytes -3 is not a count of bytes"),
    ],
    ids=["5MB-for-22", "empty-for-22", "wide-for-9", "negative"],
)
def test_a_message_whose_text_cannot_be_its_bytes_is_refused_naming_its_line(
    recorded: Path, fields: dict, reason: str
) -> None:
    lines, number = _message_line(_lines(recorded), **fields)
    recorded.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(RecordingError, match=f"^{recorded}:{number}: {reason}") as refusal:
        read_recording(recorded)
    if "size" in reason:  # said in Chinese too
        assert why(str(refusal.value), "zh").endswith("不符，不是 tcp-lab 记录")


def test_what_the_recorder_writes_of_cut_characters_and_raw_bytes_reads_back(
    server: LabServer, bus: EventBus, tmp_path: Path
) -> None:
    """The server's messages whose text and bytes differ most: a character cut between chunks
    (its start held back, then carried), bytes that are not UTF-8 (four characters each), a
    backslash (two), the start of a character the close leaves (bytes 0); and every recording
    the repository holds."""
    chunks = [b"a\xe4\xbd", b"\xa0\xe5\xa5\xbd", b"\xff\\\xfe", b"\xe4\xbd"]
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        for count, chunk in enumerate(chunks, 1):
            sock.sendall(chunk)
            wait_for(lambda count=count: len(events_of(bus.history, SERVER, "replied")) == count)
    wait_for(lambda: events_of(bus.history, SERVER, "disconnected"), what="disconnected")
    path = tmp_path / "cut.jsonl"
    write_export(path, bus.history)
    received = events_of(read_recording(path).events, SERVER, "received")
    assert [(e.text, e.bytes) for e in received] == [
        ("a", 3), ("你好", 4), ("\\xff\\\\\\xfe", 3), ("", 2), ("\\xe4\\xbd", 0)
    ]
    for kept in [*ROOT.glob("tests/data/*.jsonl"), *ROOT.glob("docs/recordings/*.jsonl")]:
        assert read_recording(kept).events, kept
