"""The event bus: numbering, batches, history and the JSON form."""

import csv
import enum
import gc
import json
import math
import threading
from pathlib import Path

import pytest

from server_core import EventBus, spool
from server_core.events import stamp
from server_core.export import write_export
from server_core.spool import RECORD


def test_drain_returns_batches_in_seq_order_and_never_waits() -> None:
    bus = EventBus()
    assert bus.drain() == []
    for i in range(5):
        bus.emit("server", "received", client=i, text=str(i))
    first = bus.drain(limit=3)
    rest = bus.drain()
    assert [e.seq for e in first + rest] == [1, 2, 3, 4, 5]
    assert bus.drain() == []
    assert len(bus.history) == 5


def _bursts(bus: EventBus, threads: int, each: int) -> list[threading.Thread]:
    """``threads`` started threads, each emitting ``each`` events on ``bus``."""

    def burst() -> None:
        for _ in range(each):
            bus.emit("client", "sent")

    started = [threading.Thread(target=burst) for _ in range(threads)]
    for t in started:
        t.start()
    return started


def test_emit_from_many_threads_keeps_seq_gapless() -> None:
    bus = EventBus()
    for t in _bursts(bus, 8, 2000):
        t.join()
    drained = bus.drain()
    assert [e.seq for e in drained] == list(range(1, 16001))


def test_to_dict_has_every_core_field_and_the_extras() -> None:
    bus = EventBus()
    event = bus.emit("client", "sent", client=2, local="127.0.0.1:5", text="hi", bytes=2, run=7)
    data = event.to_dict()
    assert set(data) == {"seq", "t", "side", "kind", "client", "local", "peer", "text", "bytes", "run"}
    assert data["run"] == 7 and data["peer"] is None and data["bytes"] == 2


def test_an_emitter_records_the_same_events_as_emit() -> None:
    bus = EventBus()
    step = bus.emitter("server", 3, "127.0.0.1:1", "127.0.0.1:2")
    seqs = [step("entered"), step("received", text="hi", bytes=2), step("accepted", options={"A": 1})]
    plain = bus.emit("server", "received", 3, local="127.0.0.1:1", peer="127.0.0.1:2", text="hi", bytes=2)
    *made, last = bus.drain()
    assert last == plain and seqs == [e.seq for e in made] == [1, 2, 3]
    assert made[1][2:] == plain[2:]  # every field but seq and t
    assert (made[0].text, made[0].extra, made[2].extra) == (None, None, {"options": {"A": 1}})


def test_every_t_is_stamped_to_the_nearest_microsecond_by_emit_and_by_an_emitter_alike() -> None:
    readings = [0.0, 1e-7, 4.999e-7, 5.000001e-7, 0.1234565, 1.0000005, 2.5e-6, 12345.6789012, 86400.0000004]
    ticks = iter([0.0, *[r for r in readings for _ in range(2)]])  # the bus's start, then each reading twice
    bus = EventBus(clock=lambda: next(ticks))
    step = bus.emitter("server", 1)
    for _ in readings:
        step.record("received", "x", 1, None)
        bus.emit("server", "replied")
    stamped = [event.t for event in bus.drain()]
    assert stamped == [stamp(r) for r in readings for _ in range(2)]
    assert stamped == [math.floor(r * 1e6 + 0.5) / 1e6 for r in readings for _ in range(2)]  # nearest tick


def test_the_events_a_bus_holds_are_not_walked_by_the_cycle_collector() -> None:
    """A bus holds up to 2 * KEEP events; were they named tuples, every full collection would
    walk them all (132 ms at a million): it holds rows the collector stops tracking."""
    bus = EventBus()
    step = bus.emitter("server", 1, "127.0.0.1:1", "127.0.0.1:2")
    text = "held by the bus, walked by no one"  # this test's events only: another's may still be alive
    for _ in range(1000):
        step("received", text=text, bytes=2)
    bus.merge([(bus.now(), "client", "sent", 1, None, None, text, 2, None)])
    gc.collect()
    rows = [o for o in gc.get_objects() if isinstance(o, tuple) and len(o) == 10]
    held = [o for o in rows if o[2:4] == ("server", "received") and o[7] == text]
    assert held == []
    assert len(bus.drain()) == 1001


def _tricky(bus: EventBus, count: int) -> list:
    """``count`` events with every kind of field: extras, unicode, escapes, tuples, None."""
    return [
        bus.emit(
            "client" if i % 2 else "server",
            "received",
            client=i,
            local="127.0.0.1:1",
            peer="[::1]:2",
            text=f"客户端{i} [bold]x[/bold] \x1b[31m \\xff\n",
            bytes=i,
            run=i % 3,
            options={"SO_LINGER": 1, "TCP_NODELAY": True, "ratio": 0.1, "none": None, "list": [1, "x"]},
        )
        if i % 5
        else bus.emit("server", "listening")
        for i in range(count)
    ]


def test_spilled_events_come_back_identical_in_history_and_iter_history() -> None:
    bus = EventBus(keep=10)
    emitted = _tricky(bus, 57)
    assert bus.history == emitted
    assert list(bus.iter_history()) == emitted
    assert bus.since(40) == emitted[40:] and bus.since(0) == emitted and bus.since(57) == []
    assert bus.emitted == 57
    bus.close()


def test_spilled_values_the_spool_cannot_hold_come_back_as_plain_ones() -> None:
    class Level(enum.IntEnum):
        HIGH = 3

    class Thing:
        def __str__(self) -> str:
            return "a thing"

    bus = EventBus(keep=2)
    kept = {"set": {1, 2}, "bytes": b"\xff", "complex": 1j}  # as marshal holds them, fallback or not
    bus.emit(
        "server",
        "error",
        level=Level.HIGH,
        thing=Thing(),
        pair=(Level.HIGH, "x"),
        names={"a": [Thing()]},
        kept=kept,
    )
    for _ in range(5):
        bus.emit("server", "received")
    first = bus.history[0]
    assert bus.in_memory < 6  # the first event was read back from the spool
    assert first.extra == {
        "level": 3,
        "thing": "a thing",
        "pair": (3, "x"),
        "names": {"a": ["a thing"]},
        "kept": kept,
    }
    assert type(first.extra["level"]) is int


def test_memory_stays_bounded_while_history_and_drains_stay_whole() -> None:
    bus = EventBus(keep=10_000)
    drained = []
    for i in range(100_000):  # the reader falls behind by a third: 33,000 events, past twice the bound
        bus.emit("server", "received", client=i)
        if i % 3000 == 0:
            drained += bus.drain(limit=2000)  # a slow reader: events are spilled before it takes them
            assert bus.in_memory <= 10_000
    assert bus.in_memory <= 20_000  # emit spills by itself at twice the bound
    drained += bus.drain()
    assert [e.seq for e in drained] == list(range(1, 100_001))
    assert bus.drain() == []
    assert [e.seq for e in bus.iter_history()] == list(range(1, 100_001))


def test_a_reader_that_keeps_up_spills_a_record_per_drain_not_a_tenth_at_once() -> None:
    bus = EventBus(keep=20_000)
    written: list[int] = []
    append = bus._spool.append

    def record_sizes(events: list) -> None:
        written.append(len(events))
        append(events)

    bus._spool.append = record_sizes
    drained = []
    for i in range(100_000):
        bus.emit("server", "received", client=i)
        if i % 300 == 0:
            drained += bus.drain()
            assert bus.in_memory <= 20_000
    drained += bus.drain()
    assert sum(written) > 70_000 and max(written) <= RECORD  # each drain's pause is one record's
    assert [e.seq for e in drained] == list(range(1, 100_001))
    assert [e.seq for e in bus.iter_history()] == list(range(1, 100_001))


def test_a_reader_behind_the_spool_decodes_each_record_once(monkeypatch: pytest.MonkeyPatch) -> None:
    bus = EventBus(keep=100)
    emitted = _tricky(bus, 5 * RECORD)  # nobody drained: most are in the spool, a record at a time
    decoded: list[int] = []
    loads = spool.marshal.loads

    def counted(data: bytes) -> object:
        rows = loads(data)
        decoded.append(len(rows))
        return rows

    monkeypatch.setattr(spool.marshal, "loads", counted)
    drained = []
    while batch := bus.drain(limit=RECORD // 4):  # a reader taking less than a record at a time
        drained += batch
    assert drained == emitted
    assert sum(decoded) <= len(emitted)  # each record decoded once, not once per part
    bus.close()


def test_a_bus_nobody_drains_stays_bounded_and_whole() -> None:
    bus = EventBus(keep=100)
    emitted = _tricky(bus, 1000)
    assert bus.in_memory < 200
    assert bus.drain(limit=333) == emitted[:333]
    assert bus.drain() == emitted[333:]


def test_emit_from_many_threads_while_spilling_keeps_every_event_once() -> None:
    bus = EventBus(keep=500)
    drained = []
    threads = _bursts(bus, 4, 5000)
    while any(t.is_alive() for t in threads):
        drained += bus.drain(limit=700)
    for t in threads:
        t.join()
    drained += bus.drain()
    assert [e.seq for e in drained] == list(range(1, 20001))
    assert [e.seq for e in bus.history] == list(range(1, 20001))


def test_exports_of_a_spilled_bus_hold_every_event(tmp_path: Path) -> None:
    bus = EventBus(keep=50)
    emitted = _tricky(bus, 400)
    assert write_export(tmp_path / "all.jsonl", bus.iter_history()) == 400
    rows = [json.loads(line) for line in (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows == [e.to_dict() for e in emitted]
    assert write_export(tmp_path / "all.csv", bus.iter_history()) == 400
    with open(tmp_path / "all.csv", encoding="utf-8-sig", newline="") as handle:
        assert [int(row["seq"]) for row in csv.DictReader(handle)] == list(range(1, 401))


def test_a_closed_bus_frees_its_spool() -> None:
    bus = EventBus(keep=10)
    _tricky(bus, 30)
    bus.close()
    with pytest.raises(ValueError):
        list(bus.iter_history())


def test_a_childs_encoded_records_reach_the_spool_as_they_came_between_rows_of_the_parents_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Runs a child encoded are written whole and never encoded again, rows of the parent's own
    between them are encoded, and the history reads back every event once, in order, whatever
    the spill's step (7 here, against runs of 5)."""
    encoded_here: list[str] = []
    real_encode = spool.encode

    def encode(rows: list[tuple]) -> bytes:
        encoded_here.extend(row[6] for row in rows)
        return real_encode(rows)

    bus = EventBus(keep=70)  # a drain spills 7 at a time past 63 unwritten
    monkeypatch.setattr(spool, "encode", encode)
    texts = []
    for batch in range(40):
        rows = [(bus.now(), "server", "received", 1, None, None, f"c{batch}.{i}", 1, None) for i in range(10)]
        bus.merge(rows, [(5, real_encode(rows[:5])), (5, real_encode(rows[5:]))])
        bus.emit("server", "error", text=f"p{batch}")
        texts += [row[6] for row in rows] + [f"p{batch}"]
        bus.drain()
    assert bus.in_memory < len(texts) and [e.text for e in bus.history] == texts
    assert [e.seq for e in bus.history] == list(range(1, len(texts) + 1))
    again = [text for text in encoded_here if not text.startswith("p")]
    assert encoded_here and not again, "a child's rows were encoded again"


def test_a_bus_without_history_passes_each_event_on_once_and_keeps_none() -> None:
    child = EventBus(history=False, keep=2)  # keep=2: a bus with a history would spill at 4
    step = child.emitter("server", 1, "127.0.0.1:1", "127.0.0.1:2")
    for i in range(5):
        step("received", text=str(i), bytes=1)
    first = child.pass_on()
    step("replied", text="ok", bytes=2)
    assert [row[6] for row in first] == ["0", "1", "2", "3", "4"] and len(first[0]) == 9  # no seq
    assert child.in_memory == 1 and child.emitted == 6 and child._spool.count == 0
    parent = EventBus()
    parent.merge(first + child.pass_on())
    assert [(e.seq, e.text) for e in parent.drain()] == [(i + 1, str(i)) for i in range(5)] + [(6, "ok")]
    assert child.pass_on() == [] and child.in_memory == 0
    with pytest.raises(ValueError, match="drain"):
        parent.pass_on()
