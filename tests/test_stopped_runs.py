"""A run the user stopped: what the stop cut short is the stop's doing, not the run's. Clients it
kept from starting or from their turn are stopped, not failed nor left waiting for a turn; the
closes it made are left out of the close order; the most connected at once is said to be before
the stop; and the close order is listed beside the others wherever the orders are."""

from __future__ import annotations

import pytest
from helpers import wait_for

from server_core import (
    CLIENT,
    ClientConfig,
    ClientRun,
    EventBus,
    LabServer,
    ServerConfig,
    parse_order,
    summarize,
)
from server_core.scheduled import run_scheduled
from server_core.stepping import parse_schedule
from server_core.timeline import build_lanes, lane_end
from tui_app.connections import ConnectionBook
from tui_app.strings import tr
from tui_app.swimlane import STOP_GLYPH, lane_label, render
from tui_app.verdict import ORDER_KEYS, order_lines, summary_line, verdict

N = 5


def stopped_while_the_first_holds(order: str, hold: float = 5.0, asked: int = 0) -> EventBus:
    """A run of N clients in ``order`` whose first client got its reply and holds its connection
    when the run is stopped, after at least ``asked`` clients asked for their turn: in
    ``sequential`` order the others were never started (each is started when the one before it
    is done) and still waited for their turn."""
    bus = EventBus()
    with LabServer(ServerConfig(port=0), bus) as server:
        config = ClientConfig(n=N, port=server.port, hold=hold, timeout=5.0, order=parse_order(order))
        run = ClientRun(config, bus, 1).start()
        wait_for(
            lambda: any(e.kind == "received" and e.side == CLIENT for e in bus.history)
            and sum(e.kind == "waiting" for e in bus.history) >= asked,
            what=f"a reply, {asked} clients asking for their turn",
        )
        run.stop()
        assert run.wait(5.0)
    return bus


@pytest.mark.timeout(30)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_clients_a_stop_kept_from_their_turn_are_stopped_not_failed_nor_never_granted(lang: str) -> None:
    summary = summarize(stopped_while_the_first_holds("sequential").history, N, 1)
    assert (summary.ok, summary.failed, summary.stopped) == (0, 0, N), summary
    assert summary.never_granted == 0
    said = verdict(summary, lang)
    assert tr("verdict.all_stopped", lang, n=N) in said, said
    assert tr("verdict.never_granted", lang, count=N - 1) not in said, said
    assert tr("verdict.failed", lang, failed=N - 1, n=N) not in said, said
    together = tr("verdict.before_stop", lang, said=tr("verdict.one_at_a_time", lang))
    assert together in said, said  # four never connected: the stop's doing
    assert summary.stopped_after_reply == 1  # the first, stopped in its hold after its reply
    assert summary_line(summary, lang) == tr(
        "cli.summary_stopped_replied", lang, clients=N, ok=0, failed=0, stopped=N, stopped_after_reply=1,
        makespan=summary.makespan,
    )


@pytest.mark.timeout(30)
def test_every_lane_the_stop_cut_ends_at_the_stop_in_its_mark() -> None:
    """The clients waiting for their turn at the stop ran on to the edge of the picture, unmarked:
    only the one holding its turn ended in the stop's mark. Each ends at the stop, marked."""
    history = stopped_while_the_first_holds("sequential").history
    lanes = [lane for lane in build_lanes(history) if lane.side == CLIENT]
    ends = {lane.client: lane_end(lane) or 0.0 for lane in lanes}
    assert len(ends) == N and max(ends.values()) == ends[1], ends  # none runs on past the first's close
    start = next(e.t for e in history if e.kind == "launched")
    lines = render(lanes, start, max(e.t for e in history), 60)
    rows = {line.split("|")[0].strip(): line.split("|")[1] for line in lines if line.count("|") == 2}
    for lane in lanes:
        assert rows[lane_label(lane)].rstrip().endswith(STOP_GLYPH), (lane_label(lane), lines)


@pytest.mark.timeout(30)
def test_the_clients_table_says_stopped_of_the_clients_the_summary_counts_stopped() -> None:
    """The table left the clients that waited for their turn 'waiting' after the stop."""
    history = stopped_while_the_first_holds("sequential").history
    book = ConnectionBook()
    book.apply(history)
    states = {conn.client: conn.state for conn in book.connections.values() if conn.run == 1}
    assert states == dict.fromkeys(range(1, N + 1), "stopped"), states


@pytest.mark.timeout(30)
def test_clients_a_stop_kept_from_starting_are_stopped_not_failed() -> None:
    """Clients that have no event at all (the launcher stopped before starting them) in a run whose
    ``finished`` says it was stopped: stopped. The same history unstopped: failed."""
    history = stopped_while_the_first_holds("sequential").history
    started = [e for e in history if e.client in (None, 1) or e.side != CLIENT]  # 2..N never began
    summary = summarize(started, N, 1)
    assert (summary.failed, summary.stopped) == (0, N), summary
    unstopped = [e for e in started if e.kind != "finished"] + [
        e._replace(extra={"run": 1}) for e in started if e.kind == "finished"
    ]
    assert summarize(unstopped, N, 1).failed == N - 1


@pytest.mark.timeout(30)
def test_the_clients_table_has_a_stopped_row_for_each_client_the_stop_kept_from_starting() -> None:
    """The summary counts clients the launcher never started as stopped; the table had no row for
    them, so its rows and the summary's counts did not add up."""
    history = stopped_while_the_first_holds("sequential").history
    started = [e for e in history if e.client in (None, 1) or e.side != CLIENT]  # 2..N never began
    book = ConnectionBook()
    book.apply(started)
    states = {conn.client: conn.state for conn in book.connections.values() if conn.run == 1}
    assert states == dict.fromkeys(range(1, N + 1), "stopped"), states
    assert summarize(started, N, 1).stopped == len(states)


@pytest.mark.timeout(30)
def test_a_stopped_runs_close_order_holds_only_the_clients_that_closed_by_themselves() -> None:
    """Free clients, the first holding 0 s: it closes by itself; the rest hold until the stop
    closes them. Only the first is in the close order; every order is listed, closed too."""
    bus = EventBus()
    with LabServer(ServerConfig(port=0), bus) as server:
        config = ClientConfig(n=N, port=server.port, hold=5.0, timeout=5.0)
        quick = ClientRun(config._replace(n=1, hold=0.0), bus, 1).start()
        assert quick.wait(5.0)
        run = ClientRun(config, bus, 2).start()
        wait_for(
            lambda: sum(e.kind == "received" and e.run == 2 for e in bus.history) == N, what="every reply"
        )
        run.stop()
        assert run.wait(5.0)
    first = summarize(bus.history, 1, 1)
    assert first.closed_order == [1] and first.stopped == 0
    held = summarize(bus.history, N, 2)
    closes = [e.client for e in bus.history if e.kind == "disconnected" and e.run == 2]
    assert sorted(closes) == list(range(1, N + 1)) and held.closed_order == [], held.closed_order
    said = verdict(held)
    assert tr("verdict.all_at_once", "en") in said and "closed" not in said, said
    lines = order_lines(held, "en", 80).lines
    assert [line.split()[0] for line in lines] == [tr(f"order.{key}", "en") for key in ORDER_KEYS]
    assert lines[-1].split() == ["closed", "-"], lines


@pytest.mark.timeout(30)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_clients_stopped_while_waiting_for_a_turn_are_said_with_how_long_they_had_waited(lang: str) -> None:
    """semaphore:2 and a stop while the first two hold: the mean wait is over the two granted a
    turn, and says so; the three stopped before theirs are said, with their mean wait to the stop
    (a run stopped after 1.3 s said '0.00 s mean wait' and nothing of the 40 that waited)."""
    bus = EventBus()
    with LabServer(ServerConfig(port=0), bus) as server:
        config = ClientConfig(n=N, port=server.port, hold=5.0, timeout=5.0, order=parse_order("semaphore:2"))
        run = ClientRun(config, bus, 1).start()
        wait_for(
            lambda: sum(e.kind == "received" and e.side == CLIENT for e in bus.history) == 2
            and sum(e.kind == "waiting" for e in bus.history) == N,
            what="two replies, every client asking for its turn",
        )
        run.stop()
        assert run.wait(5.0)
    history = bus.history
    summary = summarize(history, N, 1)
    asked = {e.client: e.t for e in history if e.kind == "waiting"}
    cut = {e.client: e.t for e in history if e.kind == "error" and e.client not in summary.order}
    waits = [cut[client] - asked[client] for client in cut]
    assert (len(summary.order), summary.stopped_waiting) == (2, N - 2), summary
    assert summary.stopped_wait == pytest.approx(sum(waits) / len(waits), abs=1e-6)
    assert summary.to_dict()["stopped_waiting"] == N - 2
    said = verdict(summary, lang)
    granted = tr("verdict.in_order", lang, wait=summary.mean_wait)
    assert tr("verdict.mean_over_granted", lang, said=granted, count=2) in said, said
    waiting = tr("verdict.stopped_waiting", lang, count=N - 2, stopped=N, wait=summary.stopped_wait)
    assert waiting in said, said


@pytest.mark.timeout(30)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_stopped_lock_runs_counts_of_the_stopped_add_up_in_its_verdict(lang: str) -> None:
    """A lock run stopped while its first client holds its turn: N stopped, N - 1 of them waiting
    for a turn, the one in its turn said too ("191 stopped while waiting ... 192 stopped" left a
    reader one client short)."""
    summary = summarize(stopped_while_the_first_holds("lock", asked=2).history, N, 1)
    waiting, unasked = summary.stopped_waiting, N - summary.stopped_waiting - 1  # loaded: some not asked yet
    assert (summary.stopped, summary.stopped_granted) == (N, 1) and waiting >= 1, summary
    said = verdict(summary, lang)
    items = [tr("verdict.stopped_granted", lang, count=1)]
    items += [tr("verdict.stopped_unasked", lang, count=unasked)] if unasked else []
    rest = tr("verdict.stopped_rest", lang, items=tr("verdict.apart_join", lang).join(items))
    told = tr("verdict.stopped_waiting", lang, count=waiting, stopped=N, wait=summary.stopped_wait)
    assert told + rest in said, said
    assert tr("verdict.all_stopped", lang, n=N) in said, said


@pytest.mark.timeout(30)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_wait_a_schedule_stopped_is_said_whole_with_the_part_step_mode_held(lang: str) -> None:
    """lock, and a schedule found stuck (client 2 cannot connect while client 1, in its turn, is
    held before its send): clients 2 and 3 waited from their ask to the stop, and the summary
    says so (it said 0.00 s, leaving out as held the whole wait, and said the held part nowhere)."""
    bus = EventBus()
    config = ClientConfig(n=3, port=0, hold=1.0, timeout=5.0, order=parse_order("lock"))
    result = run_scheduled(ServerConfig(port=0), config, parse_schedule("1:connect,2:connect,1:send"), bus)
    assert result.stuck is not None
    history = bus.history
    asked = {e.client: e.t for e in history if e.side == CLIENT and e.kind == "waiting"}
    cut = {e.client: e.t for e in history if e.side == CLIENT and e.kind == "error" and e.client != 1}
    waits = [cut[client] - asked[client] for client in (2, 3)]
    summary = summarize(history, 3, 1)
    assert summary.stopped_waiting == 2, summary
    assert summary.stopped_wait == pytest.approx(sum(waits) / 2, abs=1e-6)
    assert summary.stopped_wait > 0.3  # the stuck schedule is found after half a second
    assert 0.3 < summary.stopped_held_wait <= summary.stopped_wait  # client 1 held in its turn
    said = verdict(summary, lang)
    plain = tr("verdict.stopped_waiting", lang, count=2, stopped=summary.stopped, wait=summary.stopped_wait)
    held = tr("verdict.stopped_waiting_held", lang, said=plain, held=summary.stopped_held_wait)
    assert held in said, said
