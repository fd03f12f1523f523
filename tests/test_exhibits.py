"""The four lock exhibits on real loopback sockets: every unsafe run shows its fault, no safe one does."""

from __future__ import annotations

import json
import re
import threading
import time

import pytest
from helpers import events_of
from test_cli import help_pointer

from server_core import SERVER, EventBus, audit
from server_core.exhibits import MAX_N, MIN_N, NAMES, make_exhibit, run_exhibit
from server_core.exhibits.base import Exhibit
from tui_app import cli
from tui_app.exhibit_view import BOARD, observed_lines, prediction
from tui_app.strings import TEXTS
from tui_app.strings.reasons import why

QUICK = 0.1  # seconds a handler waits for a lock: short, so 20 runs stay fast
RUNS = 20


def fault(name: str, observed: dict) -> bool:
    """Whether a run's observations show the exhibit's fault."""
    if name == "lost-update":
        return observed["lost"] > 0  # the final balance short of the expected one: as_predicted checks
    if name == "torn-write":
        return observed["torn"] > 0
    if name == "deadlock":
        return observed["deadlocked"]
    return observed["stuck"] > 0


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", NAMES)
def test_every_unsafe_run_shows_the_fault(name: str) -> None:
    for _ in range(RUNS):
        result = run_exhibit(name, patience=QUICK)
        assert result.variant == "unsafe"
        assert fault(name, result.observed), result.observed
        assert result.as_predicted, result.observed


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", NAMES)
def test_no_safe_run_shows_the_fault(name: str) -> None:
    for _ in range(5):
        result = run_exhibit(name, safe=True, patience=QUICK)
        assert result.variant == "safe"
        assert not fault(name, result.observed), result.observed
        assert result.as_predicted, result.observed


@pytest.mark.parametrize("safe", [False, True])
@pytest.mark.parametrize("name", NAMES)
def test_every_run_reconciles(name: str, safe: bool) -> None:
    bus = EventBus()
    run_exhibit(name, safe, bus=bus, patience=QUICK)
    assert audit(bus.history) == []


@pytest.mark.parametrize("safe", [False, True])
@pytest.mark.parametrize("name", NAMES)
def test_every_observed_value_has_an_english_label_in_words(name: str, safe: bool) -> None:
    result = run_exhibit(name, safe, patience=QUICK)
    labels = [label for label, _ in observed_lines(result, "en")]
    keys = [key for key in result.observed if key not in BOARD]  # the board has rows of its own
    for key, label in zip(keys, labels, strict=True):
        assert f"exhibit.observed.{key}" in TEXTS, key
        assert not re.search(r"[a-z]_[a-z]", label), (key, label)  # words, not a JSON key


def test_lost_update_names_each_lost_deposit_and_who_overwrote_it() -> None:
    result = run_exhibit("lost-update", n=4)
    seen = result.observed
    assert "expected" not in seen  # computed from the deposits, not measured: the prediction's
    assert result.given["expected"] == 140 and seen["final"] == 110  # every handler read 100 before any wrote
    assert seen["lost"] == 3 == len(seen["lost_deposits"])
    assert set(seen["overwritten_by"]) == {str(who) for who in seen["lost_deposits"]}
    assert all(str(by) != who for who, by in seen["overwritten_by"].items())
    said = {lang: dict(observed_lines(result, lang)) for lang in ("en", "zh")}
    pairs = [(f"h{who}", f"h{by}") for who, by in seen["overwritten_by"].items()]
    assert said["en"]["deposits overwritten"] == ", ".join(f"{lost} by {by}" for lost, by in pairs)
    assert said["zh"]["被覆盖的存款"] == "、".join(f"{lost} 被 {by} 覆盖" for lost, by in pairs)


def test_the_read_write_windows_are_events_on_the_bus() -> None:
    bus = EventBus()
    run_exhibit("lost-update", n=3, bus=bus)
    history = bus.history
    reads, writes = events_of(history, SERVER, "read"), events_of(history, SERVER, "wrote")
    assert [(e.extra or {})["value"] for e in reads] == [100, 100, 100]
    assert len(writes) == 3 and max(e.seq for e in reads) < min(e.seq for e in writes)  # windows overlap
    assert {e.client for e in reads} == {1, 2, 3}
    assert [e.seq for e in history] == list(range(1, len(history) + 1))


def test_torn_lines_hold_pieces_of_several_messages() -> None:
    seen = run_exhibit("torn-write", n=2).observed
    assert seen["lines"] == 2 and seen["torn"] == 2
    assert seen["board"][0].startswith("客客户户端端")
    safe = run_exhibit("torn-write", safe=True, n=2).observed
    assert sorted(safe["board"]) == ["客户端1连接成功", "客户端2连接成功"]  # whoever took the lock first


def test_deadlock_names_the_threads_and_locks_of_the_cycle_and_ends_within_bounds() -> None:
    bus = EventBus()
    started = time.monotonic()
    result = run_exhibit("deadlock", n=2, bus=bus, patience=0.2)
    assert time.monotonic() - started < 2.0
    seen = result.observed
    assert seen["deadlocked"] and sorted(seen["cycle"]) == ["handler-1", "handler-2"]
    assert sorted(seen["locks"]) == ["A", "B"]
    (deadlock,) = events_of(bus.history, SERVER, "deadlock")
    assert (deadlock.extra or {})["cycle"] == seen["cycle"]
    asked = [e.extra or {} for e in events_of(bus.history, SERVER, "acquiring")]
    held_by_other = {(e["thread"], e["holder"]) for e in asked if e["holder"]}
    assert held_by_other == {("handler-1", "handler-2"), ("handler-2", "handler-1")}  # who waits for whom
    assert events_of(bus.history, SERVER, "gave_up")
    told = [e.text or "" for e in events_of(bus.history, "client", "received")]
    assert any(text.startswith("gave up") for text in told)  # the client is told why


def assert_each_gave_up_names_a_holder_of_its_wait(events: list) -> None:
    """Every handler that gave up names a thread that held the lock while it waited (not the
    holder once the wait was over: the other one in a cycle may have let go just before), and its
    client is told why in each language."""
    for gave in events_of(events, SERVER, "gave_up"):
        lock, thread, holder = ((gave.extra or {})[key] for key in ("lock", "thread", "holder"))
        steps = [e for e in events if e.seq < gave.seq and (e.extra or {}).get("lock") == lock]
        began = max(e.seq for e in steps if e.kind == "acquiring" and e.extra["thread"] == thread)
        took = max(e.seq for e in steps if e.kind == "acquired" and e.extra["thread"] == holder)
        released = {"lock": lock, "thread": holder}
        let_go = [e.seq for e in events if e.seq > took and e.kind == "released" and e.extra == released]
        assert not let_go or let_go[0] > began, (gave, let_go, began)
    for told in (e.text or "" for e in events_of(events, "client", "error")):
        assert told.startswith("gave up") and "nobody" not in told, told
        in_zh = why(told, "zh")
        assert why(told, "en") == told and not re.search(r"gave|waited|held", in_zh), in_zh


@pytest.mark.timeout(60)
def test_a_deadlock_serves_from_0_to_n_minus_1_and_the_prediction_says_so() -> None:
    """Who wins the lock the first to give up lets go varies, so the served count does: the
    prediction names the range, and a run is as predicted only inside it."""
    for _ in range(8):
        bus = EventBus()
        exhibit = make_exhibit("deadlock", n=4, bus=bus, patience=QUICK)
        result = exhibit.run()
        assert_each_gave_up_names_a_holder_of_its_wait(bus.history)
        seen, most = result.observed, result.given["most"]
        assert most == 3
        assert 0 <= seen["served"] <= most and seen["served"] + seen["gave_up"] == 4, seen
        assert result.as_predicted, seen
        exhibit.replies = {i: ["transferred A->B"] for i in exhibit.replies}  # everyone served: no
        assert not exhibit.observe()[1]
    for lang in ("en", "zh"):
        said = prediction("deadlock", False, result.given, lang)
        assert str(most) in said and "0" in said, said
    assert "every waiting handler gives up" not in prediction("deadlock", False, result.given, "en")


def test_forgotten_release_keeps_the_lock_held_by_a_finished_handler() -> None:
    bus = EventBus()
    seen = run_exhibit("forgotten-release", n=3, bus=bus, patience=QUICK).observed
    assert_each_gave_up_names_a_holder_of_its_wait(bus.history)
    assert (seen["served"], seen["stuck"], seen["errors"], seen["held_by"]) == (0, 2, 1, "handler-1")
    safe = run_exhibit("forgotten-release", safe=True, n=3, patience=QUICK).observed
    assert (safe["served"], safe["stuck"], safe["errors"], safe["held_by"]) == (2, 0, 1, None)


def test_a_stop_from_another_thread_ends_a_run_early() -> None:
    exhibit: Exhibit = make_exhibit("forgotten-release", patience=30.0)
    started = time.monotonic()
    threading.Timer(0.3, exhibit.stop).start()
    exhibit.run()
    assert time.monotonic() - started < 3.0  # not the 30 s a handler would wait for the lock


@pytest.mark.parametrize("n", ["1", "33", "x", "0", "-3", "2.5", "10001"])
def test_the_command_refuses_a_client_count_out_of_range(n: str, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.main(["exhibit", "deadlock", "-n", n])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    said = err.strip().splitlines()
    assert f"an exhibit runs {MIN_N} to {MAX_N} clients" in said[0]  # one range for all
    assert help_pointer(err) == "tcp-lab exhibit", said  # then where the help is


@pytest.mark.parametrize("safe", [False, True])
def test_the_command_prints_one_object_and_exits_0_as_predicted(safe: bool, capsys) -> None:
    code = cli.main(["exhibit", "lost-update", "--json", *(["--safe"] if safe else [])])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert set(data) == {"name", "variant", "n", "prediction", "observed", "as_predicted"}
    assert (data["name"], data["variant"], data["n"], data["as_predicted"]) == (
        "lost-update",
        "safe" if safe else "unsafe",
        5,
        True,
    )
    assert (data["observed"]["lost"] == 0) is safe and "expected" not in data["observed"]


def test_the_command_tells_the_outcome_in_words_in_both_languages(capsys) -> None:
    assert cli.main(["exhibit", "torn-write", "--lang", "zh"]) == 0
    text = capsys.readouterr().out
    assert "预测" in text and "客" in text
    assert cli.main(["exhibit", "torn-write", "--safe", "--lang", "en"]) == 0
    assert "Prediction" in capsys.readouterr().out


def test_the_trace_export_carries_the_lock_waits_and_the_deadlock(tmp_path, capsys) -> None:
    target = tmp_path / "deadlock.trace.json"
    assert cli.main(["exhibit", "deadlock", "-n", "2", "--json", "--export", str(target)]) == 0
    trace = json.loads(target.read_text())["traceEvents"]
    names = {e["name"] for e in trace if e.get("cat") == "resource"}
    assert {"holding A", "holding B", "deadlock", "gave_up"} <= names
    assert names & {"deadlocked A", "deadlocked B"}
    assert json.loads(capsys.readouterr().out)["observed"]["deadlocked"] is True


def test_an_export_to_a_home_path_the_shell_left_is_written_there(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cli.main(["exhibit", "deadlock", "-n", "2", "--json", "--export", "~/x.jsonl"]) == 0
    assert (tmp_path / "x.jsonl").read_text().count("\n") > 5
    assert str(tmp_path / "x.jsonl") in capsys.readouterr().err
