"""Step mode: schedules make the server's accept and read orders theirs, on real sockets; a
schedule that cannot be followed ends with its reason; a held thread never outlives a stop."""

from __future__ import annotations

import functools
import json
import socket
import subprocess
import time
from typing import Any

import pytest
from helpers import events_of, wait_for
from test_cli import ENV, ROOT, TCP_LAB, refused

import server_core.scheduled as scheduled_module
from server_core import (
    CLIENT,
    SERVER,
    ClientConfig,
    ClientRun,
    Event,
    EventBus,
    LabServer,
    Order,
    RunSummary,
    ServerConfig,
    parse_order,
    summarize,
)
from server_core.events import CLIENT_KINDS, SERVER_KINDS
from server_core.ordering import Gate, PrimitiveGate, QueueGate
from server_core.processes import make_run, make_server
from server_core.scheduled import run_scheduled
from server_core.stepping import Entry, Stepper, ThreadView, parse_schedule
from tui_app.strings import tr
from tui_app.verdict import verdict

HOLD = 0.01
FULL = "2:turn,2:connect,2:send,3:turn,3:connect,3:send,1:turn,1:connect,1:send"


def scheduled(schedule: str, order: str = "free", server_order: str = "free", hold: float = HOLD):
    server = ServerConfig(port=0, order=parse_order(server_order, ("free", "lock", "semaphore", "queue")))
    clients = ClientConfig(n=3, order=parse_order(order), hold=hold, timeout=5.0)
    return run_scheduled(server, clients, parse_schedule(schedule), timeout=20.0)


# -- parsing -------------------------------------------------------------------------------------


def test_a_schedule_is_parsed_into_entries() -> None:
    assert parse_schedule(" 3:connect, 1:CONNECT ,2:send") == (
        Entry(3, "connect"),
        Entry(1, "connect"),
        Entry(2, "send"),
    )
    assert str(Entry(2, "recv")) == "2:recv"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "empty"),
        ("3", "is not CLIENT:STEP"),
        ("0:connect", "client numbers start at 1, not 0"),
        ("x:send", "is not CLIENT:STEP"),
        ("1:jump", "step must be one of turn, connect, send, recv, close"),
        ("1:send,1:connect", "takes its steps in the order"),
        ("1:send,1:send", "takes its steps in the order"),
        ("1:send,,2:send", "is not CLIENT:STEP"),
    ],
)
def test_a_wrong_schedule_is_refused_in_one_line(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says) as caught:
        parse_schedule(text)
    assert "\n" not in str(caught.value)


def test_a_schedule_naming_a_client_not_launched_is_refused() -> None:
    with pytest.raises(ValueError, match="names client 4, but only 3 are launched"):
        scheduled("4:connect")


# -- schedules that can be followed ---------------------------------------------------------------


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("schedule", "accepts", "reads"),
    [("3:connect,1:connect,2:connect", [3, 1, 2], None), ("2:send,3:send,1:send", None, [2, 3, 1])],
)
def test_a_schedule_gives_the_same_server_order_five_times_out_of_five(
    schedule: str, accepts: list[int] | None, reads: list[int] | None
) -> None:
    for _ in range(5):
        result = scheduled(schedule)
        assert result.stuck is None
        if accepts is not None:
            assert result.accept_order == accepts
        if reads is not None:  # sends not listed are not held: the server reads in any order
            assert result.served_order == reads
        assert all(e.kind != "error" for e in result.run.bus.history)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("order", ["free", "lock", "semaphore:2"])
@pytest.mark.parametrize("server_order", ["free", "lock", "semaphore:2", "queue"])
def test_a_full_schedule_is_followed_in_every_order_that_allows_it(order: str, server_order: str) -> None:
    turns = ("2:turn,", "3:turn,", "1:turn,")
    schedule = FULL if order != "free" else functools.reduce(lambda s, t: s.replace(t, ""), turns, FULL)
    for _ in range(5):
        result = scheduled(schedule, order, server_order)
        assert result.stuck is None, result.stuck
        assert (result.accept_order, result.served_order) == ([2, 3, 1], [2, 3, 1])


@pytest.mark.timeout(30)
def test_every_listed_step_is_picked_in_schedule_order_and_shown_as_events() -> None:
    result = scheduled("3:connect,1:connect,2:connect")
    events = result.run.bus.history
    picked = [(e.client, e.extra["step"], e.extra["position"]) for e in events if e.kind == "picked"]
    assert picked == [(3, "connect", 1), (1, "connect", 2), (2, "connect", 3)]
    held = {e.client for e in events if e.kind == "held"}
    assert held <= {1, 2} and all(e.extra["step"] == "connect" for e in events if e.kind == "held")
    assert {e.kind for e in events if e.side == CLIENT} <= CLIENT_KINDS
    assert {e.kind for e in events if e.side == SERVER} <= SERVER_KINDS


IN_LAUNCH_ORDER = "1:turn,1:connect,1:send,2:turn,2:connect,2:send,3:turn,3:connect,3:send"
PUT_OFF = 1.0  # seconds a loaded machine keeps a thread from running, twice what settles a schedule


@pytest.mark.timeout(30)
def test_a_schedule_waits_for_a_client_started_late(monkeypatch: pytest.MonkeyPatch) -> None:
    """Client 3's thread, started, runs only after clients 1 and 2 were held longer than a
    schedule takes to settle: it was called "has not started" and the schedule stuck."""
    real = ClientRun._client

    def late(run: ClientRun, i: int, target: Any) -> None:
        if i == 3:
            time.sleep(PUT_OFF)
        real(run, i, target)

    monkeypatch.setattr(ClientRun, "_client", late)
    result = scheduled("3:connect,1:connect,2:connect")
    assert result.stuck is None, result.stuck
    assert result.accept_order == [3, 1, 2]


@pytest.mark.timeout(30)
def test_a_schedule_waits_for_a_client_let_go_that_wakes_late(monkeypatch: pytest.MonkeyPatch) -> None:
    """Client 1, let go once client 3 connected, wakes only after a schedule takes to settle
    (the machine ran other threads): it was still counted as held and the schedule stuck."""
    make = scheduled_module.schedule_stepper

    def put_off_once_let_go(*args: Any) -> Stepper:
        stepper = make(*args)
        cond, wait, woken = stepper._cond, stepper._cond.wait, []

        def late_wait(timeout: float | None = None) -> bool:
            got = wait(timeout)
            thread = getattr(stepper._local, "thread", None)
            let_go = thread is not None and not stepper._must_wait(thread, stepper._position(thread))
            if let_go and thread.number == 1 and not woken:
                woken.append(thread)
                cond.release()  # notified, then kept from running
                time.sleep(PUT_OFF)
                cond.acquire()
            return got

        monkeypatch.setattr(cond, "wait", late_wait)
        return stepper

    monkeypatch.setattr(scheduled_module, "schedule_stepper", put_off_once_let_go)
    result = scheduled("3:connect,1:connect,2:connect")
    assert result.stuck is None, result.stuck
    assert result.accept_order == [3, 1, 2]


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    ("order", "gate", "schedule", "served"),
    [
        ("lock", PrimitiveGate, FULL, [2, 3, 1]),
        ("semaphore:2", PrimitiveGate, FULL, [2, 3, 1]),
        ("queue", QueueGate, IN_LAUNCH_ORDER, [1, 2, 3]),
    ],
    ids=["lock", "semaphore", "queue"],
)
def test_a_schedule_waits_for_a_client_that_got_its_turn_and_runs_late(
    order: str, gate: type[Gate], schedule: str, served: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Client 3 has its turn but runs only after a schedule takes to settle: it was still counted
    as waiting for the turn it had, and the schedule stuck."""
    real = gate._acquire

    def late(self: Gate, who: int) -> None:
        real(self, who)
        if who == 3:
            time.sleep(PUT_OFF)

    monkeypatch.setattr(gate, "_acquire", late)
    result = scheduled(schedule, order)
    assert result.stuck is None, result.stuck
    assert (result.accept_order, result.served_order) == (served, served)


# -- schedules that cannot ------------------------------------------------------------------------


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    ("order", "schedule", "says"),
    [
        ("lock", "1:connect,2:connect,1:send", "waits for the lock"),
        ("queue", "3:turn,1:turn,2:turn", "waits for its turn from the queue"),
        ("sequential", "2:connect,1:connect", "cannot take 2:connect (entry 1 of 2)"),
    ],
)
def test_an_impossible_schedule_ends_soon_with_its_reason(order: str, schedule: str, says: str) -> None:
    started = time.monotonic()
    result = scheduled(schedule, order, hold=0.2)
    assert time.monotonic() - started < 10
    assert result.stuck is not None and says in result.stuck and "\n" not in result.stuck
    assert result.run.done
    stuck = [e for e in result.run.bus.history if e.kind == "stuck"]
    assert len(stuck) == 1 and stuck[0].text == result.stuck


@pytest.mark.timeout(30)
def test_a_client_that_ends_before_its_listed_step_is_reported() -> None:
    bus = EventBus()
    stepper = Stepper(bus, parse_schedule("1:connect,1:send"), run=1, link_reads=False)
    with socket.socket() as closed:  # bound and never listening: its connect is refused (a port
        closed.bind(("127.0.0.1", 0))  # such as 1, said to be closed, may be someone's server)
        config = ClientConfig(n=1, port=closed.getsockname()[1], timeout=2.0, hold=0)
        run = ClientRun(config, bus, 1, stepper=stepper).start()
        assert run.wait(10)
    assert str(stepper.stuck()) == "cannot take 1:send (entry 2 of 2): client 1 ended before its send"


# -- step by step, by hand ------------------------------------------------------------------------


def held(bus_events: list, side: str) -> set[int]:
    return {e.client for e in bus_events if e.side == side and e.kind == "held"}


@pytest.mark.timeout(30)
def test_picking_a_client_makes_the_server_accept_that_one_and_go_finishes_the_run() -> None:
    bus = EventBus()
    stepper = Stepper(bus)
    with LabServer(ServerConfig(port=0), bus, stepper=stepper) as server:
        run = ClientRun(ClientConfig(n=3, port=server.port, hold=0), bus, 1, stepper=stepper).start()
        wait_for(lambda: len(stepper.snapshot()) == 3, what="three clients held")
        assert all(v.state == "held" and v.step == "connect" for v in stepper.snapshot())
        assert server.bus.history and not events_of(bus.history, SERVER, "accepted")
        assert stepper.pick(CLIENT, 1, 3)
        accepted = wait_for(lambda: events_of(bus.history, SERVER, "accepted"), what="one accept")
        connected = wait_for(lambda: events_of(bus.history, CLIENT, "connected"))
        assert accepted[0].peer == connected[0].local and connected[0].client == 3
        wait_for(lambda: any(v.label == "#1" for v in stepper.snapshot()), what="the handler held")
        stepper.go()
        assert run.wait(10)
        assert {e.client for e in events_of(bus.history, CLIENT, "received")} == {1, 2, 3}
        wait_for(lambda: server.active == 0, what="every handler done")


@pytest.mark.timeout(30)
def test_under_a_lock_one_client_is_ready_and_the_others_wait_for_the_lock() -> None:
    bus = EventBus()
    stepper = Stepper(bus)
    with LabServer(ServerConfig(port=0), bus, stepper=stepper) as server:
        config = ClientConfig(n=3, port=server.port, order=parse_order("lock"), hold=0)
        run = ClientRun(config, bus, 1, stepper=stepper).start()
        wait_for(lambda: len(stepper.snapshot()) == 3, what="three clients held")
        for number in (1, 2, 3):
            assert stepper.pick(CLIENT, 1, number)
        wait_for(lambda: sorted(v.state for v in stepper.snapshot()) == ["blocked", "blocked", "held"])
        views = stepper.snapshot()
        assert {v.waits_for for v in views if v.state == "blocked"} == {"the lock"}
        assert [v.step for v in views if v.state == "held"] == ["connect"]
        stepper.release_all()
        assert run.wait(10)
        assert len(events_of(bus.history, CLIENT, "received")) == 3


def held_run(clients: int = 1) -> list[Event]:
    """``clients`` clients (one by default), each waiting 3.601 s for its reply: step mode held
    each before its recv from 0.4 to 4.0 and its handler before its reply from 0.5 to 2.5."""
    server = "127.0.0.1:8888"
    launch = {"run": 1, "order": "free", "n": clients, "hold": 0.0}
    rows: list[tuple[float, str, str, int | None, dict | None]] = [
        (0.0, SERVER, "listening", None, {"order": "free"}),
        (0.1, CLIENT, "launched", None, launch),
        (4.2, CLIENT, "finished", None, {"run": 1}),
    ]
    for i in range(1, clients + 1):
        rows += [
            (0.2, CLIENT, "connecting", i, {"run": 1}),
            (0.3, CLIENT, "connected", i, {"run": 1}),
            (0.3, SERVER, "accepted", i, None),
            (0.4, CLIENT, "sent", i, {"run": 1}),
            (0.4, CLIENT, "held", i, {"run": 1, "step": "recv"}),
            (0.5, SERVER, "received", i, None),
            (0.5, SERVER, "held", i, {"step": "reply"}),
            (2.5, SERVER, "picked", i, {"step": "reply", "by": "you"}),
            (2.5, SERVER, "replied", i, None),
            (4.0, CLIENT, "picked", i, {"run": 1, "step": "recv", "by": "you"}),
            (4.001, CLIENT, "received", i, {"run": 1}),
            (4.1, CLIENT, "disconnected", i, {"run": 1}),
            (4.1, SERVER, "disconnected", i, None),
        ]
    events = []
    for seq, (t, side, kind, client, extra) in enumerate(sorted(rows, key=lambda row: row[0]), 1):
        me = f"127.0.0.1:{50000 + (client or 0)}"
        local, peer = (me, server) if side == CLIENT else (server, me)
        text, size = ("hi", 2) if kind in ("sent", "received", "replied") else (None, None)
        events.append(Event(seq, t, side, kind, client=client, local=local, peer=peer, text=text, bytes=size,
                            extra=extra))  # fmt: skip
    return events


def test_time_step_mode_held_the_client_in_its_turn_is_not_the_others_wait_for_theirs() -> None:
    """Under lock, client 1 has the turn from 0.2 to 2.5 and step mode holds it from 0.3 to 2.3:
    client 2, waiting from 0.25 to 2.5, waited 0.25 s for the lock, 2.0 s for the user."""
    rows: list[tuple[float, int | None, str, dict]] = [
        (0.1, None, "launched", {"run": 1, "order": "lock", "n": 2, "hold": 0.0}),
        (0.2, 1, "waiting", {"run": 1}),
        (0.2, 1, "entered", {"run": 1}),
        (0.25, 2, "waiting", {"run": 1}),
        (0.3, 1, "held", {"run": 1, "step": "send"}),
        (2.3, 1, "picked", {"run": 1, "step": "send", "by": "you"}),
        (2.5, 1, "left", {"run": 1}),
        (2.5, 2, "entered", {"run": 1}),
        (2.6, 2, "left", {"run": 1}),
        (2.7, None, "finished", {"run": 1}),
    ]
    events = [Event(seq, t, CLIENT, kind, client=client, extra=extra) for seq, (t, client, kind, extra) in
              enumerate(rows, 1)]  # fmt: skip
    summary = summarize(events, 2, 1)
    assert summary.held_turn_wait == pytest.approx(2.0)
    assert summary.mean_wait == pytest.approx(0.125) and summary.p95_wait == pytest.approx(0.25)
    said = verdict(summary)
    assert tr("verdict.held_by_hand", "en", held=2.0) in said
    assert tr("verdict.held_waits.turn", "en", held=2.0, count=1) in said  # the turn waits, no reply's
    assert "reply waits" not in said


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_time_step_mode_held_a_client_or_its_handler_is_not_waiting_for_the_server(lang: str) -> None:
    summary = summarize(held_run(), 1, 1)
    assert summary.held_reply_wait == pytest.approx(3.6)
    assert summary.mean_reply_wait == summary.p95_reply_wait == pytest.approx(0.001)
    said = verdict(summary, lang)
    run_held = tr("verdict.held_by_hand", lang, held=3.6)
    held = tr("verdict.held_waits.reply", lang, held=3.6, count=1)
    assert run_held in said and held in said  # a free run has no turns: the reply's wait alone
    # the figure says beside it that the held time is left out: "p95 1.0 ms)" alone read as the
    # whole wait (a stepped run's "p95 0.0 ms")
    assert tr("verdict.answered_at_once_unheld", lang, p95=1.0, limit=10) in said, said
    assert tr("verdict.answered_at_once", lang, p95=1.0, limit=10) not in said, said
    assert "3.60" not in said.replace(held, "").replace(run_held, "")


@pytest.mark.parametrize(("lang", "summed"), [("en", "summed over 4 clients"), ("zh", "4个客户端合计")])
def test_held_time_in_the_waits_of_many_clients_is_said_as_a_sum_beside_the_runs_held_time(
    lang: str, summed: str
) -> None:
    """Four clients held together 3.6 s before their recv: the run was held 3.6 s (said, though
    every hold fell in a wait), their reply waits 14.4 s summed, said as a sum over the four, not
    as a time longer than the run ("held in step mode 14.400 s while waiting for a reply")."""
    summary = summarize(held_run(4), 4, 1)
    assert summary.held == pytest.approx(3.6) and summary.held <= summary.makespan
    assert summary.held_reply_wait == pytest.approx(14.4) and summary.held_reply_clients == 4
    said = verdict(summary, lang)
    assert tr("verdict.held_by_hand", lang, held=3.6) in said, said
    held = tr("verdict.held_waits.reply", lang, held=14.4, count=4)
    assert held in said and summed in held, said
    assert tr("verdict.held_waits.turn", lang, held=14.4, count=4) not in said


def pick_when_held(stepper: Stepper, label: str, step: str) -> None:
    """Wait until the thread ``label`` is held before ``step``, then pick it."""

    def held() -> ThreadView | None:
        views = stepper.snapshot()
        return next((v for v in views if (v.label, v.state, v.step) == (label, "held", step)), None)

    view = wait_for(held, what=f"{label} held before {step}")
    assert isinstance(view, ThreadView)
    assert stepper.pick(view.side, view.run, view.number)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("step", ["recv", "close"])
def test_a_stop_lets_a_held_client_end_its_own_connection_before_its_server_sees_it_end(step: str) -> None:
    """The server not held (in a process of its own, as while a connection keeps it there): a stop
    shut the held client's socket down at once, and the server said "closed by peer" a poll
    before the client's own lines (let go, stopped, disconnected)."""
    bus = EventBus()
    stepper = Stepper(bus)
    server = LabServer(ServerConfig(port=0), bus).start()
    run = ClientRun(ClientConfig(n=1, port=server.port, hold=0), bus, 1, stepper=stepper).start()
    try:
        steps = ["connect", "send", "recv", "close"]
        for before in steps[: steps.index(step)]:
            pick_when_held(stepper, "r1.1", before)
        wait_for(lambda: any(v.step == step and v.state == "held" for v in stepper.snapshot()), what="held")
        run.stop()
        assert run.wait(5)
        closes = lambda: events_of(bus.history, SERVER, "disconnected")  # noqa: E731
        offline = wait_for(closes, what="the server's close")[0]
    finally:
        server.stop()
    client = [e for e in bus.history if e.side == CLIENT and e.kind in ("picked", "disconnected")]
    assert [e.kind for e in client] == ["picked"] * len(client[:-1]) + ["disconnected"]
    assert offline.seq > client[-1].seq and offline.t >= client[-1].t, (offline, client[-1])


@pytest.mark.timeout(30)
def test_a_stop_during_a_clients_hold_lets_it_say_so_before_its_server_sees_the_close() -> None:
    """No step mode: a stop shut down the socket of a client holding its connection (a wait on the
    stop, no socket call), and the server said "closed by peer" before the client said it was
    stopped and disconnected (the server in a process of its own, as the app runs it)."""
    bus = EventBus()
    server = make_server("process", ServerConfig(port=0), bus).start()
    run = make_run("process", ClientConfig(n=30, port=server.port, hold=30), bus, 1).start()
    try:
        wait_for(lambda: len(events_of(bus.history, CLIENT, "received")) == 30, what="every reply")
        run.stop()
        assert run.wait(5)
        wait_for(lambda: len(events_of(bus.history, SERVER, "disconnected")) == 30, what="the closes")
    finally:
        server.stop()
    for client in events_of(bus.history, CLIENT, "disconnected"):
        offline = next(e for e in events_of(bus.history, SERVER, "disconnected") if e.peer == client.local)
        stopped = next(e for e in bus.history if e.kind == "error" and e.local == client.local)
        assert stopped.text == "stopped" and stopped.seq < client.seq < offline.seq, (client, offline)


@pytest.mark.timeout(30)
def test_a_client_held_before_its_recv_has_the_hold_left_out_of_its_reply_wait() -> None:
    bus = EventBus()
    stepper = Stepper(bus)
    with LabServer(ServerConfig(port=0), bus, stepper=stepper) as server:
        run = ClientRun(ClientConfig(n=1, port=server.port, hold=0), bus, 1, stepper=stepper).start()
        pick_when_held(stepper, "r1.1", "connect")
        pick_when_held(stepper, "r1.1", "send")
        pick_when_held(stepper, "#1", "read")
        pick_when_held(stepper, "#1", "reply")
        wait_for(lambda: events_of(bus.history, SERVER, "replied"), what="the reply sent")
        pick_when_held(stepper, "r1.1", "recv")  # held since its send: the reply waited for the pick
        stepper.go()
        assert run.wait(10)
    summary = summarize(bus.history, 1, 1)
    sent = events_of(bus.history, CLIENT, "sent")[0]
    received = events_of(bus.history, CLIENT, "received")[0]
    assert summary.held_reply_wait > 0
    assert summary.p95_reply_wait == pytest.approx(received.t - sent.t - summary.held_reply_wait, abs=1e-5)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("how", ["stop", "release"])
def test_held_threads_go_at_once_on_stop_or_release(how: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # the joins' bounds raised to 10 s: a thread the stop left held would keep it that long, far
    # from what a loaded machine adds to one that lets them all go (over 2.5 s seen at load 6)
    for module in ("server_core.server", "server_core.clients"):
        monkeypatch.setattr(f"{module}.STOP_BOUND", 10.0)
    monkeypatch.setattr("server_core.clients.JOIN_BOUND", 10.0)  # the launcher's wait for its clients
    bus = EventBus()
    stepper = Stepper(bus)
    server = LabServer(ServerConfig(port=0), bus, stepper=stepper).start()
    run = ClientRun(ClientConfig(n=3, port=server.port, hold=0), bus, 1, stepper=stepper).start()
    wait_for(lambda: len(stepper.snapshot()) == 3, what="three clients held")
    stepper.pick(CLIENT, 1, 1)
    wait_for(lambda: len(stepper.snapshot()) == 4, what="a handler held too")
    started = time.monotonic()
    if how == "stop":
        run.stop()
    else:
        stepper.release_all()
    assert run.wait(10)
    server.stop()
    assert time.monotonic() - started < 5.0
    assert stepper.snapshot() == []
    wait_for(lambda: server.active == 0)
    went = {e.extra["by"] for e in bus.history if e.kind == "picked"}
    # the handler of the stopped client serves on: the server was not stopped
    assert went == ({"you", "stop", "peer_stopped"} if how == "stop" else {"you", "released"})
    if how == "stop":  # clients 2 and 3, stopped while held before their connect, never tried it
        tried = {e.client for e in events_of(bus.history, CLIENT, "connecting")}
        assert tried == {1}
        stopped = {e.client for e in events_of(bus.history, CLIENT, "error") if e.text == "stopped"}
        assert stopped >= {2, 3}


@pytest.mark.timeout(30)
def test_a_handler_let_go_by_its_runs_stop_says_so_when_the_servers_stop_comes_before_it_wakes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bus = EventBus()
    stepper = Stepper(bus)
    server = LabServer(ServerConfig(port=0), bus, stepper=stepper).start()
    run = ClientRun(ClientConfig(n=1, port=server.port, hold=0), bus, 1, stepper=stepper).start()
    pick_when_held(stepper, "r1.1", "connect")
    wait_for(lambda: ("#1", "read", "held") in [(v.label, v.step, v.state) for v in stepper.snapshot()],
             what="the handler held before its read")
    end = stepper._end

    def end_then_stop_the_server(thread: Any) -> None:
        end(thread)  # the client's end lets its handler go; the server's stop follows while the
        server._stop.set()  # condition is still held, so the handler wakes to find both

    monkeypatch.setattr(stepper, "_end", end_then_stop_the_server)
    run.stop()
    assert run.wait(10)
    server.stop()
    went = [e.extra["by"] for e in bus.history if e.kind == "picked" and e.side == SERVER]
    assert went == ["peer_stopped"]


@pytest.mark.timeout(30)
def test_a_stopped_run_sends_nothing_more_and_the_handler_it_leaves_sees_the_peer_close() -> None:
    bus = EventBus()
    stepper = Stepper(bus)
    with LabServer(ServerConfig(port=0), bus, stepper=stepper) as server:
        run = ClientRun(ClientConfig(n=1, port=server.port, hold=0), bus, 1, stepper=stepper).start()
        wait_for(lambda: [v.step for v in stepper.snapshot()] == ["connect"], what="the client held")
        assert stepper.pick(CLIENT, 1, 1)
        both = [("#1", "read", "held"), ("r1.1", "send", "held")]
        wait_for(lambda: sorted((v.label, v.step, v.state) for v in stepper.snapshot()) == both,
                 what="the client held before its send, its handler before its read")
        run.stop()  # the server goes on: only the run is stopped
        assert run.wait(5)
        assert events_of(bus.history, CLIENT, "sent") == []
        wait_for(lambda: stepper.snapshot() == [] and server.active == 0, what="the handler ended")
        assert [e.text for e in events_of(bus.history, SERVER, "disconnected")] == ["closed by peer"]
        assert events_of(bus.history, SERVER, "received") == []


@pytest.mark.timeout(30)
def test_a_stopped_run_lets_go_the_handler_of_a_client_that_ended_before_the_stop() -> None:
    """r1.1 stepped to its close, its handler held before the read that would see it; r1.2 held
    before its recv. The run's stop lets both handlers go, the first one's client long gone."""
    bus = EventBus()
    stepper = Stepper(bus)
    with LabServer(ServerConfig(port=0), bus, stepper=stepper) as server:
        run = ClientRun(ClientConfig(n=2, port=server.port, hold=0), bus, 1, stepper=stepper).start()
        for label, step in [("r1.1", "connect"), ("r1.1", "send"), ("#1", "read"), ("#1", "reply"),
                            ("r1.1", "recv"), ("r1.1", "close"), ("r1.2", "connect"), ("r1.2", "send"),
                            ("#2", "read"), ("#2", "reply")]:
            pick_when_held(stepper, label, step)
        wait_for(lambda: [(v.label, v.state, v.step) for v in stepper.snapshot()]
                 == [("r1.2", "held", "recv"), ("#1", "held", "read"), ("#2", "held", "read")],
                 what="r1.2 held before its recv, both handlers before their reads")
        run.stop()
        assert run.wait(10)
        wait_for(lambda: stepper.snapshot() == [] and server.active == 0, what="both handlers ended")
        let_go = [e.client for e in bus.history if e.kind == "picked" and e.extra["by"] == "peer_stopped"]
        assert sorted(let_go) == [1, 2]


@pytest.mark.timeout(30)
def test_threads_let_go_are_not_held_again_when_holding_starts_again() -> None:
    bus = EventBus()
    stepper = Stepper(bus)
    with LabServer(ServerConfig(port=0), bus, stepper=stepper) as server:
        run = ClientRun(ClientConfig(n=1, port=server.port, hold=0.3), bus, 1, stepper=stepper).start()
        wait_for(lambda: len(stepper.snapshot()) == 1, what="the client held")
        stepper.go()
        wait_for(lambda: events_of(bus.history, CLIENT, "received"), what="its reply")
        stepper.hold()  # as the app does at its next launch: the client's close is not held
        assert run.wait(5)
        assert [e.extra["by"] for e in bus.history if e.kind == "picked"] == ["go"]


@pytest.mark.parametrize(
    ("schedule", "field", "expected"),
    [
        ("3:connect,1:connect,2:connect", "accept_order", [3, 1, 2]),
        ("2:send,3:send,1:send", "served_order", [2, 3, 1]),
    ],
)
def test_run_follows_a_schedule_from_the_command_line(schedule: str, field: str, expected: list[int]) -> None:
    args = ["run", "-n", "3", "--order", "free", "--hold", "0", "--schedule", schedule, "--json"]
    result = subprocess.run([*TCP_LAB, *args], capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=30)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1])[field] == expected


def test_run_ends_an_impossible_schedule_with_one_line_and_exit_1() -> None:
    args = ["run", "-n", "3", "--order", "lock", "--schedule", "1:connect,2:connect,1:send"]
    began = time.monotonic()
    result = subprocess.run([*TCP_LAB, *args], capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=30)
    assert result.returncode == 1 and time.monotonic() - began < 10
    assert result.stderr == "" and result.stdout.count("cannot take 2:connect") == 1  # its event line


@pytest.mark.parametrize(
    ("lang", "counted"), [("en", "3 clients: 0 ok, 0 failed, 3 stopped"), ("zh", "0个失败，3个被停止")]
)
def test_run_counts_a_stuck_schedules_clients_stopped_as_its_events_say(lang: str, counted: str) -> None:
    args = ["--lang", lang, "run", "-n", "3", "--order", "lock", "--schedule", "2:connect,1:connect"]
    result = subprocess.run([*TCP_LAB, *args], capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=30)
    assert result.returncode == 1, result.stderr
    stopped = tr("client.finished_stopped", lang, run=1)
    assert stopped in result.stdout and counted in result.stdout, result.stdout
    assert tr("verdict.never_granted", lang, count=2) not in result.stdout


def test_run_refuses_a_schedule_naming_a_client_not_launched() -> None:
    assert "--schedule" in refused(["run", "-n", "2", "--schedule", "3:connect"])


@pytest.mark.parametrize(
    ("order", "says"),
    [("free", "--order free asks for no turn"), ("sequential", "--order sequential grants the turns itself")],
)
def test_run_refuses_a_turn_under_an_order_that_grants_none_to_pick(order: str, says: str) -> None:
    line = refused(["run", "-n", "3", "--order", order, "--hold", "0", "--schedule", "2:connect,1:turn"])
    assert "--schedule: 1:turn: " + says in line


def test_a_turn_under_free_order_is_refused_before_anything_runs() -> None:
    bus = EventBus()
    with pytest.raises(ValueError, match="asks for no turn"):
        clients = ClientConfig(2, order=Order("free"))
        run_scheduled(ServerConfig("127.0.0.1", 0), clients, parse_schedule("1:turn"), bus)
    assert bus.history == []


def test_a_hold_too_short_to_show_is_not_said() -> None:
    """Held 1 ms while waiting: "held in step mode 0.00 s" would read as nothing held at all."""
    summary = summarize(held_run(), 1, 1)._replace(held_reply_wait=0.001, held_turn_wait=0.0, held=0.001)
    assert "0.00" not in verdict(summary) and "step mode" not in verdict(summary)


def stopped_before_closing(held_before_close: bool) -> RunSummary:
    """One client that got its reply, stopped before it closed its connection by itself: in its
    30 s hold, or (``held_before_close``, no hold) held by step mode before its close."""
    bus = EventBus()
    stepper = Stepper(bus)
    hold = 0 if held_before_close else 30
    with LabServer(ServerConfig(port=0), bus) as server:
        run = ClientRun(ClientConfig(n=1, port=server.port, hold=hold), bus, 1, stepper=stepper).start()
        for step in ("connect", "send", "recv"):
            pick_when_held(stepper, "r1.1", step)
        if held_before_close:
            wait_for(lambda: [(v.step, v.state) for v in stepper.snapshot()] == [("close", "held")],
                     what="held before its close")
        else:
            wait_for(lambda: [v.step for v in stepper.snapshot()] == ["hold"], what="in its hold")
        run.stop()
        assert run.wait(5)
    return summarize(bus.history, 1, 1)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("held_before_close", [False, True])
def test_a_client_stopped_before_it_closed_by_itself_counts_stopped_in_its_hold_or_held_before_its_close(
    held_before_close: bool,
) -> None:
    """One rule: a stop in its hold counted it stopped, but one held by step mode before its close,
    which the stop let go to close, counted ok."""
    summary = stopped_before_closing(held_before_close)
    assert (summary.ok, summary.failed, summary.stopped) == (0, 0, 1), summary
    assert summary.closed_order == [] and summary.replied_order == [1]
    assert summary.to_dict()["stopped_after_reply"] == 1  # stopped, and said to have had its reply


def step_through(stepper: Stepper, run: ClientRun) -> None:
    """Pick every held thread, client and handler, until ``run`` has ended."""
    deadline = time.monotonic() + 10
    while not run.wait(0.01):
        assert time.monotonic() < deadline, stepper.snapshot()
        for view in stepper.snapshot():
            if view.state == "held":
                stepper.pick(view.side, view.run, view.number)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_run_stepped_by_hand_or_by_a_schedule_is_said_so_not_all_at_once(lang: str) -> None:
    """Three clients stepped one after another read "all at once" (every client was connected
    together): the user, or the schedule, chose that."""
    bus = EventBus()
    stepper = Stepper(bus)
    with LabServer(ServerConfig(port=0), bus, stepper=stepper) as server:
        run = ClientRun(ClientConfig(n=3, port=server.port, hold=0), bus, 1, stepper=stepper).start()
        for label in ("r1.1", "r1.2", "r1.3"):  # all three connected together, whatever the pace
            pick_when_held(stepper, label, "connect")
        wait_for(lambda: len(events_of(bus.history, CLIENT, "connected")) == 3, what="three connected")
        step_through(stepper, run)
    by_hand = summarize(bus.history, 3, 1)
    assert (by_hand.stepped, by_hand.ok, by_hand.max_concurrency) == ("hand", 3, 3), by_hand
    said = verdict(by_hand, lang)
    assert tr("verdict.stepped_by_hand", lang) in said and tr("verdict.all_at_once", lang) not in said, said
    bus = EventBus()
    clients = ClientConfig(n=2, hold=0, timeout=5.0)
    run_scheduled(ServerConfig(port=0), clients, parse_schedule("2:connect,1:connect"), bus)
    by_schedule = summarize(bus.history, 2, 1)
    assert by_schedule.stepped == "schedule"
    opening = tr("verdict.clients", lang, n=2) + tr("verdict.separator", lang)
    assert verdict(by_schedule, lang).startswith(opening + tr("verdict.stepped_by_schedule", lang))
    unstepped = summarize(held_run(), 1, 1)  # no stepper at its launch: said as before
    assert unstepped.stepped is None and tr("verdict.one_at_a_time", lang) in verdict(unstepped, lang)


def test_run_with_a_schedule_says_it_was_stepped_by_it() -> None:
    args = ["run", "-n", "2", "--order", "free", "--hold", "0", "--schedule", "2:connect,1:connect"]
    result = subprocess.run([*TCP_LAB, *args], capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=30)
    assert result.returncode == 0, result.stderr
    said = tr("verdict.stepped_by_schedule", "en")
    assert said[:1].upper() + said[1:] in result.stdout, result.stdout
    assert tr("verdict.all_at_once", "en") not in result.stdout


@pytest.mark.timeout(30)
def test_a_reply_the_server_sent_to_a_client_held_before_its_recv_is_not_yet_got_back() -> None:
    """The server's ``replied`` is not the client's reply: held before its recv, the client has
    not read it, so the order of replies the clients received is empty, and its label says it
    counts the clients' receipts (was: ``replied -`` beside the server's replying line)."""
    bus = EventBus()
    stepper = Stepper(bus)
    with LabServer(ServerConfig(port=0), bus, stepper=stepper) as server:
        run = ClientRun(ClientConfig(n=1, port=server.port, hold=0), bus, 1, stepper=stepper).start()
        try:
            for who, step in (("r1.1", "connect"), ("r1.1", "send"), ("#1", "read"), ("#1", "reply")):
                pick_when_held(stepper, who, step)
            wait_for(lambda: events_of(bus.history, SERVER, "replied"), what="the reply sent")
            assert summarize(bus.history, 1, 1).replied_order == []
        finally:
            run.stop()
    assert tr("order.replied_order", "en") == tr("comparison.replied_order", "en") == "received"
    assert tr("order.replied_order", "zh") == tr("comparison.replied_order", "zh") + "顺序"
    assert tr("comparison.replied_order", "zh") == tr("col.got", "zh")  # the clients table's column


@pytest.mark.timeout(30)
@pytest.mark.parametrize("mode", ["lock", "queue", "semaphore"])
def test_a_client_a_stop_lets_go_before_its_turn_never_asks_for_it(mode: str) -> None:
    """Held before its turn, then ``k``: the client is told the run stopped and ends there (was:
    ``waiting`` for its turn after the stop's ``picked``, then ``stopped before its turn``)."""
    bus = EventBus()
    stepper = Stepper(bus)
    with LabServer(ServerConfig(port=0), bus, stepper=stepper) as server:
        run = ClientRun(ClientConfig(n=2, port=server.port, order=parse_order(mode)), bus, 1, stepper=stepper)
        run.start()
        wait_for(
            lambda: len([e for e in bus.history if e.kind == "held" and e.side == CLIENT]) == 2,
            what="both clients held before their turn",
        )
        run.stop()
        assert run.wait(10)
    for client in (1, 2):
        told = [e.kind for e in bus.history if e.side == CLIENT and e.client == client]
        assert told[-3:] == ["held", "picked", "error"] and "waiting" not in told, told
        error = next(e for e in bus.history if e.side == CLIENT and e.client == client and e.kind == "error")
        assert error.text == "stopped before its turn"
