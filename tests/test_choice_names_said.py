"""Chinese event lines leave no English word of the engine's untranslated: an exhibit handler's
reason for closing is said in Chinese, and an order or accept mode keeps its typed value with its
name beside it, as the form shows it (``lock 锁``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import events_of

from server_core import SERVER, Event, EventBus
from server_core.exhibits import NAMES, run_exhibit
from server_core.recording import read_recording
from tui_app.choices import CHOICES
from tui_app.replay import Replay
from tui_app.strings import CLI_HELP, TABLES, describe, why

QUICK = 0.1  # seconds a handler waits for a lock


@pytest.mark.parametrize("safe", [False, True])
@pytest.mark.parametrize("name", NAMES)
def test_every_exhibit_handlers_close_reason_is_said_in_chinese(name: str, safe: bool) -> None:
    bus = EventBus()
    run_exhibit(name, safe, bus=bus, patience=QUICK)
    closes = events_of(bus.history, SERVER, "disconnected")
    assert closes
    for event in closes:
        said = describe(event, "zh")
        reason = re.sub(r"handler-\d+", "", said.partition("（")[2])  # the thread keeps its name
        assert not re.search("[A-Za-z]{2,}", reason), said  # the reason in brackets


def test_order_and_accept_keep_the_typed_value_with_its_name() -> None:
    settings = {"order": "lock", "accept": "blocking", "options": {}}
    listening = Event(1, 0.0, SERVER, "listening", local="127.0.0.1:1", extra=settings)
    launch = {"run": 1, "order": "semaphore:3", "n": 4, "hold": 0}
    launched = Event(2, 0.0, "client", "launched", extra=launch)
    assert "顺序 lock 锁，accept 方式 blocking 阻塞" in describe(listening, "zh")
    assert "顺序 semaphore:3 信号量" in describe(launched, "zh")
    assert "(order lock, accept blocking;" in describe(listening, "en")  # English names itself once


def test_a_recordings_settings_name_its_order_and_accept_mode() -> None:
    recording = read_recording(Path(__file__).parent / "data" / "run-lock-3.jsonl")
    said = "\n".join(Replay(recording).settings("zh"))
    assert "顺序 lock 锁" in said and "accept 方式 blocking 阻塞" in said, said


def test_every_chinese_text_that_lists_choices_names_each_one() -> None:
    values = "|".join(mode for modes in CHOICES.values() for mode in modes)
    listed = re.compile(rf"(?<![\w-])({values})(:K)?[、或和]")  # a value in a list, no name after it
    texts = {**TABLES["zh"], **CLI_HELP}
    unnamed = {key: text for key, text in texts.items() if isinstance(text, str) and listed.search(text)}
    assert unnamed == {}


def test_a_list_of_choices_in_a_reason_names_each_one() -> None:
    said = why("unknown order 'x'; choose one of free, lock, semaphore:K, queue, sequential", "zh")
    assert said.endswith("free 自由、lock 锁、semaphore:K 信号量、queue 队列、sequential 依次")
    said = why("invalid choice: 'x' (choose from 'blocking', 'timeout', 'nonblocking')", "zh")
    assert "'blocking' 阻塞、'timeout' 超时、'nonblocking' 非阻塞" in said
    assert "'reuse' 复用、'new' 新建" in why("invalid choice: 'x' (choose from 'reuse', 'new')", "zh")
    assert "（可选：'en' 英文、'zh' 中文）" in why("invalid choice: 'x' (choose from 'en', 'zh')", "zh")
    # a list of words that are no choice's values keeps them as they are
    said = why("invalid choice: 'x' (choose from 'serve', 'clients')", "zh")
    assert "（可选：'serve'、'clients'）" in said
    # an experiment's or an exhibit's name is a choice too (``tcp-lab exhibit 死锁``)
    said = why("invalid choice: 'x' (choose from 'reuseaddr', 'nagle')", "zh")
    assert "（可选：'reuseaddr' 地址重用、'nagle' 小块写入）" in said
