"""The command line's refusals, notices and counts as a user reads them: every refusal and failure
of ``open`` and ``merge`` in the chosen language, an unknown option refused by its command, one
line end after a typed ``^C`` whichever stream writes first, the ``.jsonl`` export exactly the
``--json`` lines, and an export's count the events it holds."""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from test_cli import ENV, ROOT, TCP_LAB, help_pointer
from test_texts import TERMS
from zh_words import ALLOWED, english

from server_core import EventBus
from server_core.export import write_export
from server_core.jsonl import event_line
from server_core.merge import MergeRefused, merge
from server_core.recording import Recording, RecordingError, read_recording
from tui_app import diagnostics
from tui_app.output import Output
from tui_app.recording_cli import skipped
from tui_app.strings import why

RUN = ROOT / "tests" / "data" / "run-free-3.jsonl"  # a run: both sides of one session
ZH_ENV = {**ENV, "LANG": "zh_CN.UTF-8"}
FIELDS = {"client", "text", "bytes", "wall", "run", "unfinished"}  # a recording's fields, as in the file


def chinese(text: str, *names: object) -> bool:
    """Whether ``text`` reads as Chinese: a Chinese character, and no English word outside the
    allowed terms once the file ``names`` are taken out."""
    for name in names:
        text = text.replace(str(name), " ")
    text = re.sub(r"[\w.-]+\.(?:jsonl|svg)\b|0x[0-9a-f]{2}", " ", text)  # a file's name, a byte
    return any("\u4e00" <= c <= "\u9fff" for c in text) and english(text, ALLOWED | TERMS | FIELDS) == []


def side(recording: Recording, which: str, path: str) -> Recording:
    """The events of one side of ``recording``, as that side's own recording at ``path``."""
    events = [e for e in recording.events if e.side == which]
    return Recording(path, [e._replace(seq=seq) for seq, e in enumerate(events, 1)])


def merge_refusal(first: Recording, second: Recording) -> str:
    with pytest.raises(MergeRefused) as caught:
        merge(first, second)
    return str(caught.value)


def test_every_merge_refusal_is_worded_in_chinese() -> None:
    run = read_recording(RUN)
    server, clients = side(run, "server", "s.jsonl"), side(run, "client", "c.jsonl")
    unanchored = Recording("old.jsonl", [e._replace(extra=None) for e in clients.events])
    later = clients.events[0]._replace(extra={**(clients.events[0].extra or {}), "wall": 1e9})
    apart = Recording("late.jsonl", [later, *clients.events[1:]])
    unpaired = Recording("other.jsonl", [e._replace(local="127.0.0.9:1") for e in clients.events])
    refusals = [
        merge_refusal(run, read_recording(RUN)),  # the same file
        merge_refusal(clients, Recording("copy.jsonl", clients.events)),
        merge_refusal(run, clients),
        merge_refusal(server, Recording("s2.jsonl", server.events[1:])),
        merge_refusal(Recording("c2.jsonl", clients.events[1:]), clients),
        merge_refusal(server, unanchored),
        merge_refusal(server, apart),
        merge_refusal(server, unpaired),
    ]
    assert len(set(refusals)) == len(refusals), refusals
    for said in refusals:
        assert chinese(why(said, "zh"), RUN, "s.jsonl", "c.jsonl", "copy.jsonl", "s2.jsonl", "c2.jsonl",
                       "old.jsonl", "late.jsonl", "other.jsonl"), (said, why(said, "zh"))  # fmt: skip


LINE = {"seq": 1, "t": 0.5, "side": "client", "kind": "connecting"}
BROKEN = [
    b"",  # no events
    b"\x00\n",
    b"\xff\n",
    b'{"seq": 1',
    b"[1]\n",
    json.dumps({**LINE, "seq": 2}).encode() + b"\n",
    json.dumps({**LINE, "t": -1}).encode() + b"\n",
    json.dumps({**LINE, "side": "中间"}).encode() + b"\n",
    json.dumps({**LINE, "kind": 7}).encode() + b"\n",
    json.dumps({**LINE, "client": "一"}).encode() + b"\n",
    json.dumps({**LINE, "text": 5}).encode() + b"\n",
    json.dumps({**LINE, "wall": "中午"}).encode() + b"\n",
    json.dumps({**LINE, "run": 1.5}).encode() + b"\n",
    json.dumps({**LINE, "unfinished": "原样"}).encode() + b"\n",
    json.dumps({**LINE, "bytes": -1}).encode() + b"\n",
    json.dumps({**LINE, "kind": "sent", "text": "客户端" * 40, "bytes": 22}).encode() + b"\n",
    b"not json\n",
    json.dumps(LINE).encode() + b"\n" + json.dumps({**LINE, "seq": 2, "t": "晚"}).encode() + b"\n",
]


def test_every_reason_a_recording_is_refused_is_worded_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    reasons = []
    for data in BROKEN:
        path.write_bytes(data)
        with pytest.raises(RecordingError) as caught:
            read_recording(path)
        reasons.append(str(caught.value))
    with pytest.raises(RecordingError) as caught:
        read_recording(tmp_path / "missing.jsonl")
    reasons.append(str(caught.value))
    assert len(set(reasons)) == len(reasons), reasons
    for said in reasons:
        assert chinese(why(said, "zh"), tmp_path), (said, why(said, "zh"))


def zh_refused(args: list[str], env: dict[str, str]) -> str:
    """What ``tcp-lab`` says refusing ``args`` (exit 2, one line, maybe then where its help is) in
    ``env``: that one line."""
    result = subprocess.run([*TCP_LAB, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=30)
    assert result.returncode == 2, result.stderr
    help_pointer(result.stderr)
    return result.stderr.splitlines()[0]


@pytest.mark.parametrize("by", ["--lang", "LANG"])
def test_open_and_merge_refuse_in_chinese_after_a_chinese_prefix(tmp_path: Path, by: str) -> None:
    env, lang = (ENV, ["--lang", "zh"]) if by == "--lang" else (ZH_ENV, [])
    existing = tmp_path / "m.jsonl"
    existing.write_text("")
    cases = {
        "tcp-lab：": [
            ["merge", str(RUN), str(RUN), "-o", str(tmp_path / "x.jsonl")],
            ["open", str(tmp_path / "missing.jsonl"), "--svg", str(tmp_path / "x.svg")],
            ["open", str(RUN)],  # no terminal: stdin and stdout are pipes
        ],
        "tcp-lab open：错误：": [["open", str(RUN), "--svg", str(existing)]],
        "tcp-lab merge：错误：": [["merge", str(RUN), str(RUN), "-o", str(existing)]],  # an output there
    }
    for prefix, argvs in cases.items():
        for argv in argvs:
            said = zh_refused([*argv, *lang], env)
            assert said.startswith(prefix), said
            assert chinese(said.removeprefix(prefix), tmp_path, RUN, "OUT.svg"), said


@pytest.mark.parametrize(
    ("args", "env", "said"),
    [
        (["run", "-n", "3", "--bogus"], ENV, "tcp-lab run: error: unrecognized arguments: --bogus"),
        (["clients", "--bogus", "x"], ENV, "tcp-lab clients: error: unrecognized arguments: --bogus x"),
        (["run", "-n", "3", "--bogus"], ZH_ENV, "tcp-lab run：错误：无法识别的参数：--bogus"),
        (["merge", "a", "b", "-o", "m.jsonl", "--bogus", "--lang", "zh"], ENV, "tcp-lab merge：错误："),
        (["--bogus"], ENV, "tcp-lab: error: unrecognized arguments: --bogus"),
    ],
)
def test_an_unknown_option_is_refused_by_its_command(args: list[str], env: dict[str, str], said: str) -> None:
    assert zh_refused(args, env).startswith(said)


def test_the_skipped_count_says_one_field_and_one_event() -> None:
    recording = read_recording(RUN)
    recording.skipped_fields = recording.skipped_events = 1
    recording.unknown = {"later"}
    assert "skipped 1 field and 1 event this version" in (skipped(recording, "en") or "")
    recording.skipped_fields = 2
    assert "skipped 2 fields and 1 event this version" in (skipped(recording, "en") or "")


@pytest.fixture
def terminal() -> Iterator[Callable[[], tuple[int, int]]]:
    """A pseudo-terminal that echoes control characters as a terminal does: (its end the command
    writes to, the end a test reads what it showed from); closed after the test."""
    import pty
    import termios

    opened: list[int] = []

    def make() -> tuple[int, int]:
        reader, writer = pty.openpty()
        attrs = termios.tcgetattr(writer)
        attrs[3] |= termios.ECHO | termios.ECHOCTL
        attrs[1] &= ~termios.ONLCR  # what is written is what is read
        termios.tcsetattr(writer, termios.TCSANOW, attrs)
        opened.extend((reader, writer))
        return writer, reader

    yield make
    for fd in opened:
        os.close(fd)
    diagnostics._owed.clear()


def shown(reader: int, expected: bytes) -> bytes:
    """What the terminal showed, read until it is ``expected`` or 2 s have passed."""
    got = b""
    deadline = time.monotonic() + 2.0
    while got != expected and len(got) < len(expected) and time.monotonic() < deadline:
        if select.select([reader], [], [], 0.05)[0]:
            got += os.read(reader, 4096)
    return got


def test_after_ctrl_c_standard_error_ends_the_echoed_line_when_output_is_redirected(
    terminal: Callable[[], tuple[int, int]], tmp_path: Path
) -> None:
    writer, reader = terminal()
    with open(tmp_path / "out", "w") as redirected:
        out = Output(EventBus(), True, "en", fd=redirected.fileno()).start()
        out.after_interrupt()  # a file: it owes nothing and writes nothing
        with os.fdopen(os.dup(writer), "w") as stderr:
            diagnostics.say("tcp-lab: wrote 34 events", stderr)
            diagnostics.say("tcp-lab: one more", stderr)
        assert out.close(1.0)
    expected = b"\ntcp-lab: wrote 34 events\ntcp-lab: one more\n"
    assert shown(reader, expected) == expected
    assert (tmp_path / "out").read_bytes() == b""


def test_after_ctrl_c_output_on_the_terminal_ends_the_line_and_standard_error_adds_none(
    terminal: Callable[[], tuple[int, int]],
) -> None:
    writer, reader = terminal()
    out = Output(EventBus(), True, "en", fd=writer).start()
    out.after_interrupt()
    assert out.close(1.0)
    with os.fdopen(os.dup(writer), "w") as stderr:
        diagnostics.say("tcp-lab: wrote 34 events", stderr)
    expected = b"\ntcp-lab: wrote 34 events\n"
    assert shown(reader, expected + b"?") == expected  # one line end, and nothing more


def test_after_ctrl_c_events_not_yet_written_come_after_the_line_end(
    terminal: Callable[[], tuple[int, int]],
) -> None:
    """A stop that came before the output ran (a Ctrl-C while the server started): the events
    emitted before it start on a line of their own, not on the ``^C`` line."""
    writer, reader = terminal()
    bus = EventBus()
    bus.emit("server", "stopped")
    out = Output(bus, True, "en", fd=writer)
    out.after_interrupt()
    out.start()
    assert out.close(1.0)
    expected = b"\n" + event_line(next(iter(bus.iter_history()))).encode() + b"\n"
    assert shown(reader, expected + b"?") == expected


def test_the_jsonl_export_is_exactly_the_json_lines_and_opens(tmp_path: Path) -> None:
    export = tmp_path / "c.jsonl"
    args = ["run", "-n", "2", "--json", "--export", str(export)]
    result = subprocess.run([*TCP_LAB, *args], capture_output=True, env=ENV, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert export.read_bytes() == result.stdout
    assert json.loads(result.stdout.splitlines()[-1])["kind"] == "summary"
    recording = read_recording(export)
    assert recording.summary is not None and recording.summary["clients"] == 2
    events = len(result.stdout.splitlines()) - 1
    assert f"wrote {events} events to" in result.stderr.decode()


@pytest.mark.parametrize("name", ["c.jsonl", "c.csv", "c.trace.json"])
def test_an_exhibits_export_says_the_events_it_holds_in_every_format(tmp_path: Path, name: str) -> None:
    from server_core.exhibits import make_exhibit

    bus = EventBus()
    make_exhibit("lost-update", bus=bus).run()
    history = list(bus.snapshot())
    assert write_export(tmp_path / name, bus.snapshot()) == len(history)
