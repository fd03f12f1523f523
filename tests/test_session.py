"""The lab session without Textual: one fold per batch, runs ended by their own events, the
comparison's plan, the summaries, the counters and the row the table follows."""

from __future__ import annotations

from helpers import play_run, wait_for

from server_core import (
    CLIENT,
    SERVER,
    ClientConfig,
    ClientRun,
    EventBus,
    Kind,
    LabServer,
    Order,
    ServerConfig,
    summarize,
)
from tui_app.comparison import STANDARD_ORDERS, ComparisonPlan
from tui_app.session import Session

VALUES = {"n": 2, "hold": 0.0, "message": "hi", "order": Order("free")}
TARGET = ("127.0.0.1", 1)


def test_a_run_ends_with_its_finished_event_and_is_summarized_once() -> None:
    bus = EventBus()
    session = Session()
    session.launched(1)
    play_run(bus, 1)
    batch = bus.drain()
    head = session.apply(batch[:-1])  # every client done, but the launcher has not said so
    assert head.finished == [] and head.running == 1
    tail = session.apply(batch[-1:])
    assert [run for run, _ in tail.finished] == [1] and tail.running == 0
    assert tail.finished[0][1] == summarize(bus.history, 2, 1) == session.summaries[1]
    assert (tail.finished[0][1].clients, tail.finished[0][1].ok) == (2, 2)


def test_a_recording_without_finished_events_names_its_ended_runs() -> None:
    bus = EventBus()
    session = Session()
    play_run(bus, 1, n=3)
    batch = [e for e in bus.drain() if e.kind != Kind.FINISHED]
    assert session.apply(batch).finished == []
    ended = session.apply([], ended=[1]).finished
    assert [(run, summary.clients) for run, summary in ended] == [(1, 3)]  # n from its launch


def test_a_run_done_carries_the_time_of_its_end_not_of_the_latest_event() -> None:
    bus = EventBus()
    session = Session()
    play_run(bus, 1)
    play_run(bus, 2)  # later events in the same batch: run 1 still ended at its own finished event
    batch = bus.drain()
    ends = {e.run: e.t for e in batch if e.kind == Kind.FINISHED}
    assert ends[1] < ends[2]
    update = session.apply(batch)
    assert update.ended_at == ends
    old = Session()  # a recording made before runs had a finished event: its last event's time
    play_run(bus, 3)
    batch = [e for e in bus.drain() if e.kind != Kind.FINISHED]
    old.apply(batch)
    assert old.apply([], ended=[3]).ended_at == {3: batch[-1].t}


def test_the_comparison_launches_each_order_once_the_run_before_is_summarized() -> None:
    bus = EventBus()
    session = Session()
    plan = ComparisonPlan((dict(VALUES, n=4), TARGET))
    session.compare(plan)
    update = session.apply([])
    launched: list[Order] = []
    for run in range(1, len(STANDARD_ORDERS) + 1):
        assert update.launch is not None and update.compared is None, run
        launched.append(update.launch)
        assert session.apply([]).launch is None, "asked again before its launch was heard of"
        session.launched(run)  # as the app does when asked
        assert session.apply([]).launch is None, "asked while a run goes on"
        play_run(bus, run)
        update = session.apply(bus.drain())
        assert [number for number, _ in update.finished] == [run]
    assert [str(order) for order in launched] == ["free", "lock", "semaphore:2", "queue", "sequential"]
    assert update.launch is None and update.compared == [1, 2, 3, 4, 5] == plan.runs
    assert session.comparison is None and session.apply([]).compared is None


def test_a_stopped_comparison_asks_for_nothing_more() -> None:
    bus = EventBus()
    session = Session()
    session.compare(ComparisonPlan((VALUES, TARGET)))
    assert session.apply([]).launch == Order("free")
    assert session.stop_comparison() and not session.stop_comparison()
    session.launched(1)
    play_run(bus, 1)
    update = session.apply(bus.drain())
    assert update.launch is None and update.compared is None and session.comparison is None


def test_the_table_follows_a_new_runs_first_connection_once_it_exists() -> None:
    bus = EventBus()
    session = Session()
    play_run(bus, 1)
    assert session.apply(bus.drain()).follow is None  # not launched here: not followed
    session.launched(2)
    assert session.apply([]).follow is None  # no connection of run 2 yet
    play_run(bus, 2)
    update = session.apply(bus.drain())
    first = next(conn for conn in update.changes.added if conn.run == 2 and conn.client == 1)
    assert update.follow == first.key
    assert session.apply([]).follow is None  # followed once


def test_a_real_run_is_counted_ended_and_summarized_from_one_fold() -> None:
    bus = EventBus()
    session = Session()
    with LabServer(ServerConfig(port=0), bus) as server:
        session.listening = server.address
        session.launched(1)
        ClientRun(ClientConfig(n=3, port=server.port, hold=0, timeout=5), bus).start()
        updates = []

        def fold() -> bool:
            updates.append(session.apply(bus.drain()))
            return 1 in session.summaries

        wait_for(fold, 10, "run 1")
        wait_for(lambda: session.apply(bus.drain()).book.active == 0, 5, "every handler done")
    book = session.book
    assert (book.accepted, book.messages, book.active) == (3, 3, 0)
    assert sum(len(update.finished) for update in updates) == 1
    assert session.summaries[1] == summarize(bus.history, 3, 1) and session.summaries[1].ok == 3
    assert [e.kind for e in bus.history if e.side == CLIENT][-1] == Kind.FINISHED  # the run's last
    assert session.timeline.finished == [1]
    assert any(e.side == SERVER for e in bus.history)


def test_the_latest_long_launch_is_handed_out_while_runs_go_on() -> None:
    bus = EventBus()
    session = Session()
    session.launched(1)
    bus.emit(CLIENT, Kind.LAUNCHED, run=1, order="lock", n=40, hold=1.0)
    assert session.apply(bus.drain()).long_run == (1, 40.0)  # 40 holds of 1 s, one at a time
    assert session.apply([]).long_run == (1, 40.0)  # kept on a quiet tick: no launch to look at
    session.launched(2)
    bus.emit(CLIENT, Kind.LAUNCHED, run=2, order="free", n=40, hold=1.0)
    assert session.apply(bus.drain()).long_run is None  # the latest launch is short: said no more
    bus.emit(CLIENT, Kind.FINISHED, run=1)
    bus.emit(CLIENT, Kind.FINISHED, run=2)
    session.launched(3)
    bus.emit(CLIENT, Kind.LAUNCHED, run=3, order="sequential", n=31, hold=1.0)
    assert session.apply(bus.drain()).long_run == (3, 31.0)
    bus.emit(CLIENT, Kind.FINISHED, run=3)
    assert session.apply(bus.drain()).long_run is None  # no run goes on
