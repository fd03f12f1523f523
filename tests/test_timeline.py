"""Timeline maths on hand-made events for every ordering mode, and once on real sockets."""

from __future__ import annotations

from itertools import pairwise

import pytest
from helpers import events_of, run_both_sides, wait_for

from server_core import CLIENT, SERVER, ClientConfig, ClientRun, Event, LabServer, parse_order, summarize
from server_core.timeline import (
    CONNECTED,
    INSIDE,
    RECEIVING,
    SENDING,
    WAITING,
    Segment,
    Timeline,
    build_lanes,
    overtakes,
    percentile,
    sample,
)
from tui_app.verdict import verdict

HOLD = 1.0


class Script:
    """Hand-made events with gapless seq numbers, written in time order."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def add(self, t: float, side: str, kind: str, client: int | None = None, **extra: object) -> None:
        fields = {k: extra.pop(k) for k in ("local", "peer", "text", "bytes") if k in extra}
        if side == CLIENT:
            extra["run"] = 1
        self.events.append(Event(len(self.events) + 1, t, side, kind, client, extra=extra or None, **fields))

    def launch(self, mode: str, n: int) -> None:
        self.add(0.0, CLIENT, "launched", order=mode, n=n, hold=HOLD)

    def client_section(self, i: int, start: float, asked: float | None = None, turns: bool = True) -> None:
        """Client ``i`` asks at ``asked`` (never when None), enters at ``start`` (granted a turn
        unless not ``turns``, as in free order), talks, holds."""
        if asked is not None:
            self.add(asked, CLIENT, "waiting", i)
        local = f"127.0.0.1:{40000 + i}"
        if turns:
            self.add(start, CLIENT, "entered", i)
        self.add(start, CLIENT, "connecting", i, peer="127.0.0.1:8888")
        self.add(start + 0.001, CLIENT, "connected", i, local=local, peer="127.0.0.1:8888")
        self.add(start + 0.002, CLIENT, "sent", i, local=local, text=f"hi {i}", bytes=4)
        self.add(start + 0.004, CLIENT, "received", i, local=local, text="ok", bytes=2)
        self.add(start + 0.004 + HOLD, CLIENT, "disconnected", i, local=local, text="closed")
        if turns:
            self.add(start + 0.005 + HOLD, CLIENT, "left", i)

    def sorted(self) -> list[Event]:
        """The events in time order, renumbered (sections written one after another interleave)."""
        ordered = sorted(self.events, key=lambda e: (e.t, e.seq))
        return [
            Event(n, e.t, e.side, e.kind, e.client, e.local, e.peer, e.text, e.bytes, e.extra)
            for n, e in enumerate(ordered, 1)
        ]


def run_of(mode: str, starts: dict[int, float], asked: dict[int, float] | None = None) -> list[Event]:
    script = Script()
    script.launch(mode, len(starts))
    if mode == "sequential":  # the launcher asks for every client at once
        for i in starts:
            script.add(0.0, CLIENT, "waiting", i)
    for i, start in starts.items():
        asks = None if asked is None or mode == "sequential" else asked[i]
        script.client_section(i, start, asks, turns=mode != "free")
    return script.sorted()


def test_free_clients_overlap_and_nobody_waits() -> None:
    events = run_of("free", {1: 0.0, 2: 0.0005, 3: 0.001})
    lanes = build_lanes(events)
    assert [lane.client for lane in lanes] == [1, 2, 3]
    first = lanes[0]
    assert [s.state for s in first.segments] == [INSIDE, SENDING, RECEIVING, CONNECTED]
    assert first.finished and first.wait is None and first.time_in(WAITING) == 0.0
    assert first.time_in(CONNECTED) == pytest.approx(HOLD)
    summary = summarize(events, 3, run=1)
    assert summary.max_concurrency == 3
    assert summary.order == summary.request_order == []  # free order grants no turn
    assert (summary.out_of_order, summary.mean_wait, summary.p95_wait) == (0, 0.0, 0.0)
    assert (summary.mode, summary.hold) == ("free", HOLD)
    assert summary.launch_order == summary.replied_order == summary.closed_order == [1, 2, 3]
    assert summary.accept_order is None  # no server events in this history
    assert summary.p95_reply_wait == pytest.approx(0.002)
    assert verdict(summary) == (
        "3 clients, all at once, received/closed in launch order, replies at once (p95 2.0 ms, under 10 ms)"
    )


def test_a_turn_granted_at_once_is_no_wait_in_the_verdict_nor_on_the_lanes() -> None:
    """Semaphore clients granted their turn microseconds after asking: the verdict said "nobody
    waited for a turn" while lanes drew a "." where a wide column held only those microseconds."""
    starts = {i: 0.1 * i + 0.00001 for i in range(1, 4)}  # each asks 10 us before a column's end
    events = run_of("semaphore:3", starts, asked={i: 0.1 * i - 0.00001 for i in starts})
    summary = summarize(events, 3, run=1)
    assert "nobody waited for a turn" in verdict(summary)
    for width in (14, 70, 1400):  # columns of 0.1, 0.02 and 0.001 s from 0 to 1.4 s
        drawn = [sample(lane, 0.0, 1.4, width) for lane in build_lanes(events)]
        assert all(WAITING not in states for states in drawn), (width, drawn)
    longer = run_of("semaphore:3", {1: 0.005}, asked={1: 0.0})  # a wait of 5 ms is drawn
    assert WAITING in sample(build_lanes(longer)[0], 0.0, 1.01, 400)


def test_lock_clients_form_a_staircase_and_count_overtakes() -> None:
    step = HOLD + 0.005
    starts = {1: 0.0, 3: step, 2: 2 * step, 4: 3 * step}
    events = run_of("lock", starts, asked={1: 0.0, 2: 0.0001, 3: 0.0002, 4: 0.0003})
    lanes = {lane.client: lane for lane in build_lanes(events)}
    assert lanes[3].segments[0] == Segment(WAITING, 0.0002, step)
    assert lanes[3].wait == pytest.approx(step - 0.0002)
    for a, b in [(1, 3), (3, 2), (2, 4)]:
        assert lanes[a].released <= lanes[b].granted
    summary = summarize(events, 4, run=1)
    assert summary.max_concurrency == 1
    assert summary.request_order == [1, 2, 3, 4]
    assert summary.order == [1, 3, 2, 4]
    assert summary.out_of_order == 1  # 3 went while 2, who asked first, still waited
    waits = [0.0, step - 0.0002, 2 * step - 0.0001, 3 * step - 0.0003]
    assert summary.mean_wait == pytest.approx(sum(waits) / 4, abs=1e-6)
    assert summary.p95_wait == pytest.approx(max(waits), abs=1e-6)
    assert summary.makespan == pytest.approx(4 * step, abs=1e-6)
    assert verdict(summary).startswith(
        "4 clients, one at a time, granted out of request order once"
    )


def test_semaphore_clients_form_a_band_k_wide() -> None:
    step = HOLD + 0.005
    starts = {1: 0.0, 2: 0.0, 3: step, 4: step, 5: 2 * step}
    events = run_of("semaphore:2", starts, asked={i: 0.0001 * i for i in starts})
    summary = summarize(events, 5, run=1)
    assert summary.max_concurrency == 2
    assert summary.out_of_order == 0 and summary.order == [1, 2, 3, 4, 5]
    assert summary.makespan == pytest.approx(3 * step, abs=1e-6)
    assert "never more than 2 at a time, granted in request order" in verdict(summary)


@pytest.mark.parametrize("mode", ["queue", "sequential"])
def test_queue_and_sequential_grant_in_request_order(mode: str) -> None:
    step = HOLD + 0.005
    starts = {i: (i - 1) * step for i in (1, 2, 3)}
    events = run_of(mode, starts, asked={1: 0.0, 2: 0.0001, 3: 0.0002})
    lanes = build_lanes(events)
    assert all(lane.segments[0].state == WAITING for lane in lanes[1:])
    summary = summarize(events, 3, run=1)
    assert summary.order == summary.request_order == [1, 2, 3]
    assert summary.max_concurrency == 1 and summary.out_of_order == 0
    assert summary.p95_wait == pytest.approx(2 * step, abs=1e-3)
    assert summary.mode == mode


def test_server_handler_lanes_under_a_lock() -> None:
    script = Script()
    for i in (1, 2):
        script.add(0.01 * i, SERVER, "accepted", i, local="127.0.0.1:8888", peer=f"127.0.0.1:{40000 + i}")
        script.add(0.01 * i + 0.001, SERVER, "waiting", i)
    script.add(0.02, SERVER, "entered", 1)
    script.add(0.03, SERVER, "received", 1, text="hi", bytes=2)
    script.add(0.04, SERVER, "replied", 1, text="ok", bytes=2)
    script.add(1.0, SERVER, "disconnected", 1, text="closed by peer")
    script.add(1.0, SERVER, "left", 1)
    script.add(1.0, SERVER, "entered", 2)
    lanes = build_lanes(script.sorted(), until=1.5)
    one, two = lanes
    assert one.key == (SERVER, None, 1) and one.peer == "127.0.0.1:40001"
    assert [s.state for s in one.segments] == [CONNECTED, WAITING, RECEIVING, SENDING, RECEIVING]
    assert one.finished and not two.finished
    assert two.segments[-1] == Segment(RECEIVING, 1.0, 1.5)
    assert two.wait == pytest.approx(1.0 - 0.021)


def test_lanes_end_where_a_turn_never_came() -> None:
    script = Script()
    script.add(0.0, CLIENT, "waiting", 1)
    script.add(0.5, CLIENT, "error", 1, text="stopped before its turn")
    script.add(0.0, SERVER, "accepted", 7, peer="127.0.0.1:1")
    script.add(0.0, SERVER, "waiting", 7)
    script.add(0.2, SERVER, "disconnected", 7, text="server stopped")
    client, handler = build_lanes(script.sorted(), until=9.0)
    assert client.finished and [e.t for e in client.errors] == [0.5] and client.wait is None
    assert client.segments[-1].end == 0.5
    assert handler.finished and handler.segments[-1].end == 0.2


@pytest.mark.parametrize("mode", ["free", "lock"])
def test_a_client_whose_connect_failed_ends_at_its_error(mode: str) -> None:
    script = Script()
    script.launch(mode, 1)
    if mode != "free":
        script.add(0.001, CLIENT, "entered", 1)
    script.add(0.001, CLIENT, "connecting", 1, peer="127.0.0.1:9")
    script.add(0.002, CLIENT, "error", 1, text="connect failed: Connection refused")
    if mode != "free":
        script.add(0.0021, CLIENT, "left", 1)
    script.add(53.0, SERVER, "stopped")  # later events of no lane do not stretch it
    (lane,) = build_lanes(script.sorted())
    assert lane.finished and lane.segments == (Segment(INSIDE, 0.001, 0.002),)
    assert [e.t for e in lane.errors] == [0.002]


def test_timeline_fed_in_batches_matches_one_pass() -> None:
    events = run_of("lock", {1: 0.0, 2: 1.005}, asked={1: 0.0, 2: 0.0})
    timeline = Timeline()
    timeline.feed(events[:5])
    partial = timeline.lanes(until=0.5)
    assert not partial[0].finished and partial[0].segments[-1].end == 0.5
    timeline.feed(events[5:])
    assert timeline.lanes() == build_lanes(events)


def test_lane_segments_are_gapless() -> None:
    for lane in build_lanes(run_of("semaphore:2", {1: 0.0, 2: 0.0, 3: 1.005}, asked={1: 0, 2: 0, 3: 0})):
        for before, after in pairwise(lane.segments):
            assert before.end == after.start and before.state != after.state


@pytest.mark.parametrize(
    ("requested", "granted", "count"),
    [
        ([1, 2, 3], [1, 2, 3], 0),
        ([1, 2, 3], [3, 2, 1], 2),
        ([1, 2, 3, 4], [2, 1, 4, 3], 2),
        ([1, 2, 3], [2], 1),
        ([], [], 0),
    ],
)
def test_overtakes(requested: list[int], granted: list[int], count: int) -> None:
    assert overtakes(requested, granted) == count


def test_percentile_is_nearest_rank() -> None:
    assert percentile([], 95) == 0.0
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert percentile(list(range(1, 21)), 95) == 19
    assert percentile([5.0], 95) == 5.0


def test_verdict_in_chinese_and_with_failures() -> None:
    events = run_of("lock", {1: 0.0, 2: 1.005}, asked={1: 0.0, 2: 0.0})
    summary = summarize(events, 3, run=1)
    assert "1 failed" in verdict(summary)
    assert verdict(summary, "zh").startswith("3个客户端，一次一个")


def test_timeline_of_a_real_run_matches_its_summary() -> None:
    events = run_both_sides("lock", 4, hold=0.05)
    lanes = build_lanes(events)
    clients = [lane for lane in lanes if lane.side == CLIENT]
    handlers = [lane for lane in lanes if lane.side == SERVER]
    assert [lane.client for lane in clients] == [1, 2, 3, 4]
    assert len(handlers) == 4 and all(lane.finished for lane in lanes)
    assert {lane.local for lane in clients} == {lane.peer for lane in handlers}
    sections = sorted((lane.granted, lane.released) for lane in clients)
    assert all(a[1] <= b[0] for a, b in pairwise(sections))
    summary = summarize(events, 4, run=1)
    assert summary.order == [lane.client for lane in sorted(clients, key=lambda lane: lane.grant_seq)]
    assert summary.max_concurrency == 1 and summary.ok == 4
    assert summary.mean_wait > 0 and summary.p95_wait >= summary.mean_wait
    assert summary.makespan >= 4 * 0.05


@pytest.mark.parametrize("order", ["lock", "queue"])
def test_a_stopped_run_shows_who_never_got_a_turn(server: LabServer, order: str) -> None:
    config = ClientConfig(n=3, port=server.port, order=parse_order(order), hold=30, timeout=10)
    run = ClientRun(config, server.bus).start()
    wait_for(lambda: events_of(server.bus.history, CLIENT, "received"))
    wait_for(lambda: sum(e.kind == "waiting" for e in server.bus.history) == 3, what="all three asking")
    run.stop()
    # two give-ups, and the first client's hold cut short
    wait_for(lambda: sum(e.kind == "error" for e in server.bus.history) == 3, what="three stopped")
    lanes = [lane for lane in build_lanes(server.bus.history) if lane.side == CLIENT]
    assert [lane.granted is not None for lane in lanes] == [True, False, False]
    for lane in lanes[1:]:
        assert lane.finished and [s.state for s in lane.segments] == [WAITING] and len(lane.errors) == 1


def test_a_bounded_timeline_forgets_the_oldest_finished_lanes_and_keeps_open_ones() -> None:
    script = Script()
    script.add(0.0, SERVER, "accepted", 1, peer="127.0.0.1:50001")  # stays open throughout
    for i in range(2, 202):
        script.add(i, SERVER, "accepted", i, peer=f"127.0.0.1:{50000 + i}")
        script.add(i + 0.5, SERVER, "disconnected", i, text="closed by peer")
    timeline = Timeline(max_lanes=50)
    timeline.feed(script.events)
    kept = [lane.client for lane in timeline.lanes()]
    assert len(kept) <= 55
    assert kept[0] == 1 and not timeline.lanes()[0].finished  # the open lane survives
    assert kept[-1] == 201 and kept == sorted(kept)  # the newest are kept, in order
    assert len(Timeline().lanes()) == 0
    unbounded = Timeline()
    unbounded.feed(script.events)
    assert len(unbounded.lanes()) == 201
