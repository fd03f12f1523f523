"""The command's own lines: a schedule that cannot be followed said once and in the user's
language; the lines it writes on standard error broken at words on a narrow terminal; the summary
to a pipe one line a figure or sentence; continuation lines under the start of their text; the
lines of a stopped ``serve`` on a line of their own after the terminal's ``^C``."""

from __future__ import annotations

import subprocess

import pytest
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
from tui_app.strings import describe

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
