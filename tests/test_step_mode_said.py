"""Step mode said whole: a run stopped while its threads were held counts its clients stopped,
not failed, claims no order of one client, and says how long the user's hand held its threads."""

from __future__ import annotations

import pytest
from helpers import events_of, wait_for
from test_stepping import pick_when_held

from server_core import (
    CLIENT,
    SERVER,
    ClientConfig,
    ClientRun,
    Event,
    EventBus,
    LabServer,
    Order,
    ServerConfig,
    Timeline,
    summarize,
)
from server_core.stepping import Stepper
from server_core.timeline import HELD, SENDING, drawn, sample
from tui_app import swimlane
from tui_app.connections import ConnectionBook
from tui_app.strings import TABLES, describe, tr
from tui_app.swimlane import lane_label
from tui_app.verdict import summary_and_verdict, summary_line, verdict
from tui_app.widgets import conversation, events_pane


def stopped_after_one_accept() -> EventBus:
    """Three free clients held in step mode; client 1 is picked to connect and send, its handler
    stays held before its read, then the run is stopped: one accept, one send, no reply."""
    bus = EventBus()
    stepper = Stepper(bus)
    with LabServer(ServerConfig(port=0), bus, stepper=stepper) as server:
        run = ClientRun(
            ClientConfig(n=3, port=server.port, hold=0, timeout=5.0), bus, 1, stepper=stepper
        ).start()
        # all three started: a launcher the machine put off past the stop starts no third client,
        # and a client never started has no row in the clients table
        wait_for(lambda: len(stepper.snapshot()) == 3, what="three clients held")
        pick_when_held(stepper, "r1.1", "connect")
        pick_when_held(stepper, "r1.1", "send")
        pick_when_held(stepper, "r1.1", "recv")
        wait_for(
            lambda: any(v.label == "#1" and v.state == "held" for v in stepper.snapshot()), what="#1 held"
        )
        run.stop()
        assert run.wait(5.0)
    return bus


@pytest.mark.timeout(30)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_clients_stopped_in_step_mode_are_stopped_not_failed_and_one_accept_is_no_order(lang: str) -> None:
    bus = stopped_after_one_accept()
    summary = summarize(bus.history, 3, 1)
    assert (summary.ok, summary.failed, summary.stopped) == (0, 0, 3)
    assert summary.unanswered == 0  # it was stopped while it waited: not a server that never answered
    assert summary.accept_order == [1]
    said = verdict(summary, lang)
    assert tr("verdict.all_stopped", lang, n=3) in said
    assert tr("verdict.all_failed", lang, n=3) not in said
    assert tr("verdict.no_reply", lang, count=1) not in said
    in_order = tr("verdict.in_launch_order", lang, names="").strip()
    assert in_order not in said, said  # one accept orders nothing
    line = summary_line(summary, lang)
    assert (
        tr("cli.summary_stopped", lang, clients=3, ok=0, failed=0, stopped=3, makespan=summary.makespan)
        == line
    )
    book = ConnectionBook()
    book.apply(bus.history)
    assert sorted(conn.state for conn in book.connections.values() if conn.launched) == ["stopped"] * 3


@pytest.mark.timeout(30)
def test_a_hold_outside_any_wait_is_said_as_the_time_the_users_hand_held_the_run() -> None:
    bus = stopped_after_one_accept()
    summary = summarize(bus.history, 3, 1)
    timeline = Timeline()
    timeline.feed(bus.history)
    spans = [span for lane in timeline.lanes() for span in lane.held]
    longest = max(high - low for low, high in spans)
    assert longest - 1e-6 <= summary.held <= max(h for _, h in spans) - min(low for low, _ in spans) + 1e-6
    assert summary.held_reply_wait + summary.held_turn_wait < summary.held
    assert tr("verdict.held_by_hand", "en", held=summary.held) in verdict(summary)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_timeline_draws_a_hold_as_a_hold_and_its_legend_names_it(lang: str) -> None:
    """r1.1 was held before its send (was drawn as sending), r1.2 and r1.3 before their connect
    (were drawn blank), #1 before its read (was drawn as receiving)."""
    bus = stopped_after_one_accept()
    timeline = Timeline()
    timeline.feed(bus.history)
    lanes = {lane_label(lane).split()[0]: lane for lane in timeline.lanes()}  # "#1", not its thread
    first = min(e.t for e in bus.history if e.kind == "held")
    end = max(e.t for e in bus.history)
    for label in ("r1.2", "r1.3", "#1"):  # held from their first hold to the stop
        low, high = lanes[label].held[0]
        columns = sample(lanes[label], low, high, 20)
        assert columns == [HELD] * 20, (label, columns)
    sending = [(low, high) for low, high in lanes["r1.1"].held if low >= lanes["r1.1"].segments[0].start]
    assert sending and all(
        piece.state == HELD for piece in drawn(lanes["r1.1"]) if piece.start == sending[0][0]
    )
    assert SENDING not in {piece.state for piece in drawn(lanes["r1.1"]) if piece.duration > 0.01}
    lines = swimlane.render(list(lanes.values()), first, end, 100, lang)
    assert f"{swimlane.GLYPHS[HELD]} {tr('lane.held', lang)}" in "\n".join(lines)
    drawn_lanes = [line.partition("|")[2] for line in lines if line.lstrip().startswith("r1.")]
    assert len(drawn_lanes) == 3 and swimlane.GLYPHS[HELD] * 5 in drawn_lanes[1]
    assert not any(swimlane.ERROR_GLYPH in line for line in drawn_lanes)  # stopped by the user: no error


def test_a_legend_names_a_hold_only_where_one_is_drawn() -> None:
    rows = [(0.1, "connecting"), (0.2, "connected"), (0.3, "sent"), (0.4, "received"), (0.5, "disconnected")]
    timeline = Timeline()
    timeline.feed(
        Event(seq, t, CLIENT, kind, client=1, extra={"run": 1}) for seq, (t, kind) in enumerate(rows, 1)
    )
    lines = swimlane.render(timeline.lanes(), 0.0, 1.0, 100)
    assert tr("lane.sending", "en") in "\n".join(lines) and tr("lane.held", "en") not in "\n".join(lines)


@pytest.mark.timeout(30)
def test_the_conversation_of_a_connection_has_every_event_of_both_ends_held_handler_included() -> None:
    bus = stopped_after_one_accept()
    book = ConnectionBook()
    book.apply(bus.history)
    conn = next(c for c in book.connections.values() if c.launched and c.client == 1)
    both_ends = [
        e.seq
        for e in bus.history
        if (e.side == CLIENT and e.run == 1 and e.client == 1)
        or (e.side == SERVER and e.client == conn.number)
    ]
    assert [e.seq for e in conn.events] == both_ends
    assert {(e.side, e.kind) for e in conn.events} >= {(SERVER, "held"), (SERVER, "picked")}


@pytest.mark.timeout(30)
def test_a_lock_run_stopped_after_one_grant_claims_no_order_and_nobody_never_granted() -> None:
    bus = EventBus()
    stepper = Stepper(bus)
    with LabServer(ServerConfig(port=0), bus, stepper=stepper) as server:
        config = ClientConfig(n=3, port=server.port, hold=0, timeout=5.0, order=Order("lock"))
        run = ClientRun(config, bus, 1, stepper=stepper).start()
        for number in (1, 2, 3):
            pick_when_held(stepper, f"r1.{number}", "turn")
        wait_for(lambda: sorted(v.state for v in stepper.snapshot()) == ["blocked", "blocked", "held"])
        run.stop()
        assert run.wait(5.0)
    summary = summarize(bus.history, 3, 1)
    assert len(summary.order) == 1 and len(summary.request_order) == 3
    assert (summary.never_granted, summary.stopped, summary.failed) == (0, 3, 0)
    said = verdict(summary)
    for claim in ("verdict.nobody_waited", "verdict.in_order"):
        assert tr(claim, "en", wait=summary.mean_wait) not in said, said
    assert "never got one" not in said


def stopped_while_held(stop_server: bool) -> EventBus:
    """One free client held in step mode before its recv (it connected and sent), its handler held
    before its read; then the run is stopped (``stop_server``: the server is, before the run)."""
    bus = EventBus()
    stepper = Stepper(bus)
    with LabServer(ServerConfig(port=0), bus, stepper=stepper) as server:
        config = ClientConfig(n=1, port=server.port, hold=0, timeout=5.0)
        run = ClientRun(config, bus, 1, stepper=stepper).start()
        pick_when_held(stepper, "r1.1", "connect")
        pick_when_held(stepper, "r1.1", "send")
        both = [("#1", "read", "held"), ("r1.1", "recv", "held")]
        wait_for(
            lambda: sorted((v.label, v.step, v.state) for v in stepper.snapshot()) == both,
            what="the client held before its recv, its handler before its read",
        )
        if stop_server:
            server.stop()
            wait_for(lambda: events_of(bus.history, SERVER, "disconnected"), what="the handler ended")
        run.stop()
        assert run.wait(5.0)
        wait_for(lambda: stepper.snapshot() == [] and server.active == 0, what="the handler ended")
    return bus


def last_picked(bus: EventBus, side: str) -> Event:
    return [e for e in bus.history if e.side == side and e.kind == "picked"][-1]


def kinds_after(bus: EventBus, event: Event) -> list[str]:
    """The kinds of the events of ``event``'s thread after it."""
    return [
        e.kind
        for e in bus.history
        if e.seq > event.seq and e.side == event.side and e.client == event.client and e.run == event.run
    ]


@pytest.mark.timeout(30)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_stopped_run_lets_its_client_go_no_further_and_the_handler_serve_on(lang: str) -> None:
    bus = stopped_while_held(stop_server=False)
    client, handler = last_picked(bus, CLIENT), last_picked(bus, SERVER)
    assert (client.extra["step"], client.extra["by"]) == ("recv", "stop")
    assert kinds_after(bus, client) == ["error", "disconnected"]  # no recv: it goes no further
    assert tr("picked_by.stop", lang) in describe(client, lang)
    assert (handler.extra["step"], handler.extra["by"]) == ("read", "peer_stopped")
    served = kinds_after(bus, handler)
    assert served[:2] == ["received", "replied"] and served[-1] == "disconnected", served
    assert tr("picked_by.peer_stopped", lang) in describe(handler, lang)
    assert tr("picked_by.stop", lang) not in describe(handler, lang)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_client_held_before_its_close_that_a_stop_lets_go_is_said_to_close_not_to_go_no_further(
    lang: str,
) -> None:
    """Its exchange was done and it closes as it would have: "goes no further" read as if the stop
    had kept it from closing (a user found the line beside its close and 'closed' in the table)."""
    let_go = [
        Event(7, 1.0, CLIENT, "picked", 1, None, None, None, None, {"run": 1, "step": step, "by": "stop"})
        for step in ("close", "recv")
    ]
    closing, reading = (describe(event, lang) for event in let_go)
    assert tr("picked_by.stop_close", lang) in closing and tr("picked_by.stop", lang) not in closing
    assert tr("picked_by.stop", lang) in reading


@pytest.mark.timeout(30)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_stopped_server_lets_its_held_handler_go_to_end_its_connection_unread(lang: str) -> None:
    bus = stopped_while_held(stop_server=True)
    handler = last_picked(bus, SERVER)
    assert (handler.extra["step"], handler.extra["by"]) == ("read", "stop")
    assert kinds_after(bus, handler) == ["disconnected"]  # the message sent stays unread
    assert events_of(bus.history, SERVER, "disconnected")[0].text == "server stopped"
    assert tr("picked_by.stop_handler", lang) in describe(handler, lang)
    assert tr("picked_by.stop", lang) not in describe(handler, lang)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_stopped_client_is_said_stopped_in_every_line_and_kept_as_recorded(lang: str) -> None:
    bus = stopped_while_held(stop_server=False)
    stop = next(e for e in bus.history if e.side == CLIENT and e.kind == "error")
    assert (stop.kind, stop.text) == ("error", "stopped")  # the history (and every export) as recorded
    said = tr("client.error_stopped", lang, who="r1.1", text=tr("reason.stopped", lang))
    error = tr("client.error", lang, who="r1.1", text="").strip()
    in_column = " ".join(conversation.line(stop, lang).split())  # its side, in its column, then the rest
    for shown in (events_pane.line(stop, lang), in_column):
        assert shown.endswith(said) and error not in shown, shown
    book = ConnectionBook()
    book.apply(bus.history)
    assert [conn.state for conn in book.connections.values() if conn.launched] == ["stopped"]


@pytest.mark.timeout(30)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_stopped_runs_line_says_each_fact_once_and_the_held_time_in_one_clause(lang: str) -> None:
    """As a user saw it: "…2 stopped; 15.153 s; … threads held in step mode for 15.15 s of the run,
    held in step mode 9.52 s while waiting, left out of the waits, 2 stopped"."""
    summary = summarize(stopped_after_one_accept().history, 3, 1)
    summary = summary._replace(held=15.15, held_reply_wait=9.52, held_turn_wait=0.0, held_reply_clients=1)
    line = summary_and_verdict(summary, lang)
    counts = tr("cli.summary_stopped", lang, clients=3, ok=0, failed=0, stopped=3, makespan=summary.makespan)
    assert line.startswith(counts), line
    held = tr("verdict.held_by_hand", lang, held=15.15)
    waiting = tr("verdict.held_waits.reply", lang, held=9.52, count=1)
    assert held in line and waiting in line and line.count("15.15") == line.count("9.52") == 1, line
    stopped, step_mode = {"en": ("stopped", "step mode"), "zh": ("被停止", "单步模式")}[lang]
    assert line.count(stopped) == 1 and line.count(step_mode) == 1, line
    if lang == "zh":  # every count with its measure word
        assert "0个成功，0个失败，3个被停止" in line, line


def test_chinese_gives_step_mode_one_name() -> None:
    named = [key for key, text in TABLES["zh"].items() if "步进" in text]
    assert named == [], named
    assert tr("lane.held", "zh").startswith(tr("status.step_mode", "zh"))


@pytest.mark.timeout(30)
def test_the_held_time_is_said_to_the_runs_precision() -> None:
    """A run held all along: its held time reads as its length, never longer (16.47 s of 16.466)."""
    summary = summarize(stopped_after_one_accept().history, 3, 1)
    whole = summary._replace(held=summary.makespan)
    said = summary_and_verdict(whole)
    assert f"{whole.makespan:.3f} s;" in said and f"for {whole.makespan:.3f} s in all" in said


@pytest.mark.timeout(30)
def test_a_stopped_runs_close_order_leaves_out_the_clients_the_stop_closed() -> None:
    """The stop closed its clients in whatever order it reached them: those closes are not the
    run's, so the close order (and with it its line and the verdict) leaves them out."""
    bus = stopped_after_one_accept()
    summary = summarize(bus.history, 3, 1)
    closes = [e.client for e in bus.history if e.kind == "disconnected" and e.side == CLIENT]
    assert closes == [1] and summary.closed_order == [], (closes, summary.closed_order)
    assert tr("verdict.name.closed_order", "en") not in verdict(summary)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_order_a_client_never_got_to_says_it_compares_only_those_that_did(lang: str) -> None:
    """r1.1 and r1.3 connect, r1.2 is stopped before its connect: the server's accepts (#1 = r1.1,
    #2 = r1.3) are in launch order over those two, and the verdict says 2 of 3 were accepted,
    never a bare "accepted in launch order" that reads as all three in their places."""
    bus = EventBus()
    stepper = Stepper(bus)
    with LabServer(ServerConfig(port=0), bus, stepper=stepper) as server:
        config = ClientConfig(n=3, port=server.port, hold=0, timeout=5.0)
        run = ClientRun(config, bus, 1, stepper=stepper).start()
        pick_when_held(stepper, "r1.1", "connect")
        wait_for(lambda: len(events_of(bus.history, SERVER, "accepted")) == 1, what="r1.1 accepted")
        pick_when_held(stepper, "r1.3", "connect")
        wait_for(lambda: len(events_of(bus.history, SERVER, "accepted")) == 2, what="r1.3 accepted")
        run.stop()
        assert run.wait(5.0)
    summary = summarize(bus.history, 3, 1)
    assert summary.accept_order == [1, 3]
    said = verdict(summary, lang)
    accepted = tr("verdict.name.accept_order", lang)
    assert tr("verdict.in_launch_order", lang, names=accepted) in said, said
    item = tr("verdict.compared_item", lang, name=accepted, got=2, n=3)
    assert tr("verdict.compared", lang, items=item) in said, said
    apart = verdict(summary._replace(accept_order=[3, 1]), lang)  # the same rule out of order
    assert tr("verdict.apart_some", lang, name=accepted, count=2, n=2) in apart and item not in apart, apart
    whole = verdict(summary._replace(accept_order=[1, 2, 3]), lang)  # none missing: nothing more said
    assert tr("verdict.compared", lang, items="\0").split("\0")[0] not in whole, whole


@pytest.mark.timeout(30)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_held_time_is_said_plainly_who_was_held_and_while_waiting_for_what(lang: str) -> None:
    """"threads held in step mode for 18.784 s of the run, the reply waits leave out the 12.576 s
    held in them (one client's)" was hard to follow: who held what, and which wait left it out."""
    summary = summarize(stopped_after_one_accept().history, 3, 1)
    summary = summary._replace(held=summary.makespan, held_reply_wait=summary.makespan / 2,
                               held_turn_wait=0.0, held_reply_clients=1)  # fmt: skip
    line = summary_and_verdict(summary, lang)
    plain = {
        "en": (f"step mode held threads for {summary.makespan:.3f} s in all",
               f"the reply waits leave out {summary.makespan / 2:.3f} s that one client was held "
               "while waiting for its reply"),
        "zh": (f"单步模式共暂停线程{summary.makespan:.3f}秒",
               f"等待回复的时间不含一个客户端在等待回复时被暂停的{summary.makespan / 2:.3f}秒"),
    }[lang]  # fmt: skip
    assert all(said in line for said in plain), line
