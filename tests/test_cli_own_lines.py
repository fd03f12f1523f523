"""The command's own lines: a schedule that cannot be followed said once and in the user's
language; the lines it writes on standard error broken at words on a narrow terminal; the summary
to a pipe one line a figure or sentence; continuation lines under the start of their text; the
lines of a stopped ``serve`` on a line of their own after the terminal's ``^C``."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys

import pytest
from helpers import on_terminal, pty_chunk
from rich.cells import cell_len
from test_cli import ENV, ROOT, TCP_LAB
from zh_words import english

from server_core.events import Event, EventBus
from server_core.stepping import (
    BLOCKED,
    ENDED,
    HELD,
    LATE,
    RUNNING,
    STALLED,
    STUCK_CAUSES,
    UNFINISHED,
    UNREAD,
    WAITING,
    Entry,
    Stepper,
    Stuck,
    ThreadState,
)
from tui_app.cli import _for_terminal
from tui_app.hanging import text_start
from tui_app.strings import describe, tr

THREADS = (
    ThreadState("r1.1", HELD, "connect"),
    ThreadState("r1.2", BLOCKED, waits="lock"),
    ThreadState("r1.3", BLOCKED, waits="semaphore", width=2),
    ThreadState("r1.4", BLOCKED, waits="queue"),
    ThreadState("r1.5", RUNNING, "hold"),
    ThreadState("r1.6", RUNNING, None),
    ThreadState("#1", RUNNING, "read"),
)
REPORTS = [
    Stuck(Entry(2, "send"), 3, 4, ENDED),
    Stuck(Entry(2, "send"), 3, 4, UNREAD),
    Stuck(Entry(2, "connect"), 1, 2, WAITING, threads=THREADS),
    Stuck(Entry(3, "turn"), 1, 3, WAITING, started=False, threads=THREADS[:2]),
    Stuck(Entry(3, "turn"), 1, 3, WAITING),
    Stuck(Entry(1, "recv"), 2, 2, STALLED, stall=4.5, threads=THREADS),
    Stuck(Entry(1, "recv"), 2, 2, STALLED, started=False, stall=3.0),
    Stuck(Entry(1, "close"), 5, 5, LATE),
    Stuck(Entry(1, "close"), 5, 5, UNFINISHED),
]


def stuck_event(stuck: Stuck) -> Event:
    """The ``stuck`` event a stepper reports for ``stuck``."""
    bus = EventBus()
    Stepper(bus, (stuck.entry,), run=1).report_stuck(stuck)
    (event,) = bus.history
    assert event.text == str(stuck)
    return event


def test_every_cause_is_covered() -> None:
    assert {stuck.cause for stuck in REPORTS} == set(STUCK_CAUSES)


@pytest.mark.parametrize("stuck", REPORTS, ids=lambda stuck: str(stuck)[:40])
def test_a_stuck_schedule_is_worded_from_its_parts_in_english_as_the_engine_words_it(stuck: Stuck) -> None:
    event = stuck_event(stuck)
    assert describe(event, "en") == f"the schedule cannot be followed: {stuck}"


@pytest.mark.parametrize("stuck", REPORTS, ids=lambda stuck: str(stuck)[:40])
def test_a_stuck_schedule_in_chinese_is_chinese_throughout(stuck: Stuck) -> None:
    said = describe(stuck_event(stuck), "zh")
    typed = {stuck.entry.step}  # the entry as the schedule names it: 2:send
    assert said.startswith("无法按计划执行：") and english(said, typed | {"recv"}) == [], said


@pytest.mark.timeout(30)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_run_says_a_stuck_schedule_once_in_its_language_and_exits_1(lang: str) -> None:
    args = ["run", "-n", "3", "--lang", lang, "--order", "lock", "--schedule", "2:connect,1:connect"]
    done = subprocess.run([*TCP_LAB, *args], capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=30)
    assert done.returncode == 1, done.stderr
    assert done.stderr == ""
    said = [line for line in done.stdout.splitlines() if "2:connect" in line]
    assert len(said) == 1, done.stdout
    if lang == "zh":
        assert "卡在第1项（共2项）2:connect：r1.1 停在连接之前，r1.2 等待锁" in said[0]
        assert english(said[0].split("2:connect", 1)[1]) == [], said
    else:
        reason = "cannot take 2:connect (entry 1 of 2): r1.1 held before connect, r1.2 waits for the lock"
        assert reason in said[0], said


# -- on a terminal -------------------------------------------------------------------------------


def on_tty(
    argv: list[str], columns: int, typed_after: tuple[str, bytes] | None = None
) -> tuple[int, list[str]]:
    """Run ``argv`` with standard input, output and error on one pseudo-terminal ``columns``
    wide that is its controlling terminal (see :func:`helpers.on_terminal`): its exit code and
    the lines the terminal showed."""
    code, lines, _ = on_terminal(argv, columns, ENV, whole=True, typed_after=typed_after)
    return code, lines


@pytest.mark.timeout(60)
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    "args",
    [
        ["run", "-n", "3", "--order", "fr"],  # argparse's refusal, a validator's reason in it
        ["run", "-n", "3", "--schedule", "1:turn"],  # the command's own refusal
        ["clients", "--port", "1", "--export", "/nonexistent/x/events.jsonl"],  # a path's
    ],
    ids=["order", "schedule", "export"],
)
def test_the_commands_own_lines_on_a_narrow_terminal_break_at_words(args: list[str], lang: str) -> None:
    argv = [*TCP_LAB, *args, "--lang", lang]
    piped = subprocess.run(argv, capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=30)
    said = piped.stderr.strip()
    refusal, pointer = said.split("\n")  # one line to a pipe, then where the help is
    assert piped.returncode == 2 and cell_len(refusal) > 60, said
    code, lines = on_tty(argv, 50)
    assert code == 2 and len(lines) > 2, lines
    assert all(cell_len(line) <= 50 for line in lines), lines
    assert lines[-1] == pointer, lines  # the command to type is never broken where it fits
    head = cell_len(tr("cli.error", lang, prog=f"tcp-lab {args[0]}", message=""))
    assert all(line[:head].isspace() and line[head] != " " for line in lines[1:-1]), lines  # under its text
    if lang == "en":  # the same words, none cut: a line ends at a space, or after a path's "/"
        joined = "".join(line.strip() + ("" if line.endswith("/") else " ") for line in lines)
        assert joined.split() == said.split(), lines
    else:  # Chinese breaks between characters: the same text
        assert "".join("".join(lines).split()) == "".join(said.split()), lines


@pytest.mark.timeout(60)
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("columns", [50, 80])
@pytest.mark.parametrize("args", [["bogus"], ["--engine", "x"]], ids=["command", "engine"])
def test_argparses_invalid_choice_breaks_on_a_terminal_as_every_refusal_does(
    args: list[str], columns: int, lang: str
) -> None:
    argv = [*TCP_LAB, "--lang", lang, *args]
    piped = subprocess.run(argv, capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=30)
    refusal, pointer = piped.stderr.strip().split("\n")  # one line to a pipe, then the pointer
    assert piped.returncode == 2 and cell_len(refusal) > columns - 10, refusal
    code, lines = on_tty(argv, columns)
    assert code == 2 and lines[-1] == pointer, lines
    assert all(cell_len(line) <= columns for line in lines) and len(lines) > 2, lines
    assert not [line for line in lines if line[:1] in set("，。；：、）")], lines  # no closing mark first
    if lang == "en":
        assert " ".join(lines[:-1]).split() == refusal.split(), lines
    else:  # and no word the product uses is split: 线程, 可选
        assert "".join("".join(lines[:-1]).split()) == "".join(refusal.split()), lines
        for term in ("可选", "'process' 进程", "'thread' 线程", "无效"):
            assert sum(line.count(term) for line in lines) == refusal.count(term), (term, lines)


@pytest.mark.timeout(60)
def test_a_stuck_schedule_in_chinese_on_a_narrow_terminal_fits_it() -> None:
    args = ["run", "-n", "3", "--lang", "zh", "--order", "lock", "--schedule", "2:connect,1:connect"]
    code, lines = on_tty([*TCP_LAB, *args], 50)
    assert code == 1 and all(cell_len(line) <= 50 for line in lines), lines
    assert sum("无法按计划执行" in line for line in lines) == 1, lines


@pytest.mark.timeout(60)
def test_serve_stopped_with_ctrl_c_starts_its_last_lines_on_a_line_of_their_own() -> None:
    code, lines = on_tty([*TCP_LAB, "serve", "--port", "0"], 120, typed_after=("listening", b"\x03"))
    assert code == 0, lines
    assert "^C" in lines, lines  # the terminal's echo, on a line of its own
    after = lines[lines.index("^C") + 1 :]
    assert after and re.match(r" +\d+\.\d{3}  server  stopped$", after[0]), lines


# -- the summary to a pipe, continuation lines under their text ----------------------------------


@pytest.mark.timeout(60)
def test_the_summary_to_a_pipe_breaks_none_of_its_lines() -> None:
    args = ["run", "-n", "30", "--hold", "0", "--engine", "thread"]
    env = {name: value for name, value in ENV.items() if name not in ("COLUMNS", "LINES")}
    done = subprocess.run([*TCP_LAB, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=50)
    assert done.returncode == 0, done.stderr
    summary = done.stdout.splitlines()[done.stdout.splitlines().index(next(
        line for line in done.stdout.splitlines() if line.startswith("30 clients")
    )) :]  # fmt: skip
    launched = [line for line in summary if line.startswith("launched")]
    assert len(launched) == 1 and launched[0].split()[1:] == [str(i) for i in range(1, 31)], summary
    pairs = [line for line in summary if "r1." in line]
    assert len(pairs) == 1 and pairs[0].startswith("connections:") and pairs[0].count("r1.") == 30, summary
    assert len(summary) == 8, summary  # counts, four orders, connections, options, verdict


@pytest.mark.parametrize(
    ("line", "start"),
    [
        ("  1. the server listens on port 45797 with backlog 2 (kernel: 2)", 5),
        ("   h1 |-R~~~~W   | its deposit lost: overwritten by h2", 19),
        ("accepted  - (not seen here: the server runs in another process)", 10),
        ("接受顺序  -（此处看不到：服务器在另一个进程中）", 10),
        ("client socket options in force: SO_REUSEADDR=0 SO_KEEPALIVE=0", 32),
        ("客户端套接字生效选项：SO_REUSEADDR=0 SO_KEEPALIVE=0", 22),
        ("  overwritten_by = 1->2 2->4 3->1 4->5", 19),
        ("Never more than 6 at a time, out of launch order (out of place: 16 of 30)", 0),
        ("同一时刻最多2个，收到回复、关闭均按启动顺序，服务器立即回复（p95 3.2毫秒）", 0),
        ("  indented text without a label", 2),
    ],
)
def test_a_lines_text_starts_after_its_number_lane_or_label(line: str, start: int) -> None:
    assert text_start(line) == start


def test_continuation_lines_hang_under_their_text_unless_too_little_room_remains(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Terminal())
    step = "  1. the server listens on port 45797 with backlog 2 (kernel: 2); no accept yet"
    first, *rest = _for_terminal([step], 50)
    assert first.startswith("  1. the server") and rest, rest
    assert all(line.startswith(" " * 5) and line[5] != " " for line in rest), rest
    lane = "   h2 | ------R~~~~~W   | its deposit lost: overwritten by h3"
    shown = ["   h2 | ------R~~~~~W   | its deposit lost:", " " * 26 + "overwritten by h3"]
    assert _for_terminal([lane], 50) == shown
    options = "client socket options in force: SO_REUSEADDR=0 SO_KEEPALIVE=0 TCP_NODELAY=0"
    # 50 - 32 < 24 columns: the value starts on the next line, a little indented, never at column 0
    assert _for_terminal([options], 50) == [
        "client socket options in force:",
        "  SO_REUSEADDR=0 SO_KEEPALIVE=0 TCP_NODELAY=0",
    ]
    assert _for_terminal([options], 40) == [
        "client socket options in force:",
        "  SO_REUSEADDR=0 SO_KEEPALIVE=0",
        "  TCP_NODELAY=0",
    ]
    assert _for_terminal([options], 60)[1].startswith(" " * 32 + "SO_")


@pytest.mark.timeout(60)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_exhibits_lane_notes_continue_under_the_note(lang: str) -> None:
    code, lines = on_tty([*TCP_LAB, "exhibit", "lost-update", "--lang", lang], 50)
    assert code == 0 and all(cell_len(line) <= 50 for line in lines), lines
    lane = re.compile(r" +h\d \|")
    lanes = [i for i, line in enumerate(lines) if lane.match(line)]
    continued = 0
    for i in lanes:
        # beside its lane, its lines under its start; or, with no room for it there, under the
        # lane past the labels
        end = lines[i].rindex("|")
        note_at = end + 2 if lines[i][end + 1 :] else lines[i].index("|") + 1
        # up to the next lane or the legend, whose first item is "- connected"
        notes = itertools.takewhile(lambda line: not lane.match(line) and line[:4] != "  - ", lines[i + 1 :])
        for line in notes:
            assert line.startswith(" " * note_at) and line[note_at] != " ", lines
            continued += 1
    assert lanes and continued, lines  # at 50 columns no note fits beside a lane of 20 columns or more


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("side", ["client", "server"])
def test_an_error_about_no_connection_names_none(side: str, lang: str) -> None:
    """A child process's end is about no one client or connection: said without a ``-`` where a
    name would be (not ``client  - error: client run 1 process was stopped``)."""
    from tui_app.strings import describe

    bus = EventBus()
    bus.emit(side, "error", text="client run 1 process was stopped (exit code 1)")
    event = next(iter(bus.iter_history()))
    for side_said in (False, True):
        line = describe(event, lang, side_said)
        assert "-" not in line, line


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_notice_that_takes_two_rows_goes_on_under_its_text(
    lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``tcp-lab: the experiment was cut short: ...`` broken on a terminal: its second row starts
    under ``the``, not at the margin."""
    import fcntl
    import os
    import pty
    import struct
    import termios

    from tui_app import diagnostics

    reader, writer = pty.openpty()
    fcntl.ioctl(writer, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 40, 0, 0))
    monkeypatch.delenv("COLUMNS", raising=False)  # the terminal's own width
    with os.fdopen(writer, "w") as stderr:
        monkeypatch.setattr(sys, "stderr", stderr)
        diagnostics.notice(tr("cli.cut.experiment", lang), lang)
    got = b""
    while chunk := pty_chunk(reader):  # until the closed terminal has given all it holds
        got += chunk
    os.close(reader)
    shown = [line for line in got.decode().replace("\r\n", "\n").splitlines() if line]  # a ^C's line end too
    head = cell_len(tr("cli.notice", lang, prog="tcp-lab", message=""))
    assert len(shown) > 1 and all(line[:head].isspace() and line[head] != " " for line in shown[1:]), shown
