"""A run's summary is made from its lanes, folded at once or batch by batch as the app drains.

Every recording gives, field by field, the summary stored in ``data/summaries.json`` (made by
the event-based summary the lanes replaced, and equal to it when they did); fresh runs in every
order, on both engines, with refusals, reply timeouts, a server that stops before replying and
nobody listening, give what the run itself says: its clients, its orders as the events came, its counts.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterable
from pathlib import Path

import pytest
from helpers import wait_for

from server_core import (
    CLIENT,
    SERVER,
    SERVER_MODES,
    ClientConfig,
    Event,
    EventBus,
    Kind,
    RunSummary,
    ServerConfig,
    parse_order,
    summarize,
)
from server_core.processes import make_run, make_server
from server_core.recording import read_recording
from server_core.summary import RunFolder
from tui_app.session import Session

DATA = Path(__file__).parent / "data"
RECORDINGS = sorted(DATA.glob("*.jsonl"))
EXPECTED = json.loads((DATA / "summaries.json").read_text())  # "<recording> run <n>": its summary


def same(found: RunSummary, expected: RunSummary) -> None:
    """Field by field, naming the first that differs."""
    for name in RunSummary._fields:
        assert getattr(found, name) == getattr(expected, name), name


def folded_as_drained(events: list[Event], run: int, batch: int = 7) -> RunSummary:
    """The run's summary from a session fed ``events`` in batches of ``batch``, as the app drains."""
    session = Session()
    for start in range(0, len(events), batch):
        session.apply(events[start : start + batch])
    if run not in session.summaries:  # a recording made before runs ended with ``finished``
        session.apply([], ended=[run])
    return session.summaries[run]


def folded_from_bus(events: list[Event], n: int, run: int, batch: int = 7) -> RunSummary:
    """The run's summary from a :class:`RunFolder` catching up with a bus after each ``batch``
    events, as ``tcp-lab clients`` does while its run goes on."""
    bus = EventBus()
    folder = RunFolder(bus)
    for start in range(0, len(events), batch):
        bus.merge([event[1:] for event in events[start : start + batch]])
        folder.catch_up()
    return folder.summary(run, n)


def check(events: list[Event], n: int, run: int = 1) -> RunSummary:
    """The run's summary, the same folded at once and as drained, with what its events say
    plainly: who launched, the order of their first steps, the makespan, the counts."""
    summary = summarize(events, n, run)
    same(folded_as_drained(events, run), summary)
    same(folded_from_bus(events, n, run), summary)
    mine = [e for e in events if e.side == CLIENT and e.run == run and e.kind != Kind.FINISHED]
    refused = {e.client for e in mine if e.kind == Kind.ERROR and (e.extra or {}).get("refused")}
    failed = {e.client for e in mine if e.kind == Kind.ERROR}
    replied = firsts(mine, Kind.RECEIVED, refused)
    assert (summary.clients, summary.run, summary.launch_order) == (n, run, list(range(1, n + 1)))
    assert (summary.ok, summary.failed) == (len(set(replied) - failed), n - len(set(replied) - failed))
    assert summary.connected_order == firsts(mine, Kind.CONNECTED)
    assert summary.replied_order == replied
    assert summary.closed_order == firsts(mine, Kind.DISCONNECTED, refused)  # the server closed those
    assert summary.refused == len(refused)
    assert summary.makespan == round(mine[-1].t - mine[0].t, 6)
    assert summary.unanswered == len(set(firsts(mine, Kind.SENT)) - set(firsts(mine, Kind.RECEIVED)))
    return summary


def firsts(events: list[Event], kind: str, leaving: Iterable[int | None] = ()) -> list[int]:
    """Client numbers in the order of their first ``kind`` event, ``leaving`` out."""
    left = set(leaving)
    numbers = (i for e in events if e.kind == kind and (i := e.client) is not None and i not in left)
    return list(dict.fromkeys(numbers))


@pytest.mark.timeout(10)
@pytest.mark.parametrize("path", RECORDINGS, ids=lambda path: path.stem)
def test_every_recording_sums_up_the_same_from_its_lanes(path: Path) -> None:
    events = read_recording(path).events
    launches = [e for e in events if e.kind == Kind.LAUNCHED]
    assert launches
    for launch in launches:
        run = launch.run or 0
        expected = RunSummary(**EXPECTED[f"{path.name} run {run}"])
        same(summarize(events, expected.clients, run), expected)
        same(folded_as_drained(events, run), expected)
        same(folded_from_bus(events, expected.clients, run), expected)


def one_run(
    engine: str,
    client_order: str,
    server_order: str = "free",
    n: int = 4,
    timeout: float = 5.0,
    **server: object,
) -> list[Event]:
    """One run of ``n`` against the lab's server on ``engine``, every handler done: its events.
    ``timeout`` is the clients': the last of four served one at a time waits for three holds and
    whatever a loaded machine adds to each, so only a run about reply timeouts makes it short."""
    bus = EventBus()
    config = ServerConfig(port=0, order=parse_order(server_order, SERVER_MODES), **server)  # type: ignore[arg-type]
    srv = make_server(engine, config, bus)
    srv.bind()
    srv.start()
    try:
        order = parse_order(client_order)
        clients = ClientConfig(n=n, port=srv.port, order=order, hold=0.02, timeout=timeout)
        run = make_run(engine, clients, bus, 1).start()
        assert run.wait(20), "run did not finish"
        gone = lambda: sum(e.side == SERVER and e.kind in ("disconnected", "refused") for e in bus.history)  # noqa: E731
        wait_for(lambda: gone() >= n, 5, "every handler to see its client go")
    finally:
        srv.stop()
    return bus.history


def served_by_pairs(summary: RunSummary, n: int) -> None:
    """Every client met its own handler, each accepted and served once."""
    assert summary.connections is not None and None not in summary.connections
    assert len(set(summary.connections)) == n
    assert sorted(summary.accept_order or []) == sorted(summary.served_order or []) == list(range(1, n + 1))


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    ("order", "most"), [("free", 4), ("lock", 1), ("semaphore:2", 2), ("queue", 1), ("sequential", 1)]
)
def test_a_fresh_run_in_each_client_order_sums_up_from_its_lanes(order: str, most: int) -> None:
    summary = check(one_run("thread", order), 4)
    assert summary.ok == 4 and summary.mode == order and 1 <= summary.max_concurrency <= most
    granted = [] if order == "free" else [1, 2, 3, 4]
    assert sorted(summary.order) == sorted(summary.request_order) == granted and summary.never_granted == 0
    served_by_pairs(summary, 4)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("order", ["lock", "semaphore:2", "queue"])
def test_a_fresh_run_against_each_server_order_sums_up_from_its_lanes(order: str) -> None:
    summary = check(one_run("thread", "free", order), 4)
    assert summary.ok == 4 and summary.mean_reply_wait is not None
    served_by_pairs(summary, 4)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("order", ["free", "lock"])
def test_a_run_on_processes_sums_up_from_its_lanes(order: str) -> None:
    summary = check(one_run("process", order, order, n=3), 3)
    assert summary.ok == 3
    served_by_pairs(summary, 3)


@pytest.mark.timeout(30)
def test_refusals_and_reply_timeouts_sum_up_from_their_lanes() -> None:
    events = one_run("thread", "free", n=4, max_clients=1, delay=0.1)
    refused = check(events, 4)
    turned_away = {e.client for e in events if e.side == CLIENT and (e.extra or {}).get("refused")}
    assert turned_away and refused.failed >= len(turned_away)
    assert not turned_away & set(refused.replied_order or []), "a refusal is not a reply"
    late = check(one_run("thread", "free", n=3, timeout=0.5, delay=1.0), 3)
    assert late.reply_timeouts == late.unanswered == late.failed == 3
    assert late.replied_order == [] and late.mean_reply_wait is None


@pytest.mark.timeout(30)
def test_clients_left_unanswered_by_a_server_that_stops_did_not_time_out() -> None:
    bus = EventBus()
    srv = make_server("thread", ServerConfig(port=0, delay=5.0), bus)
    srv.bind()
    srv.start()
    try:
        run = make_run("thread", ClientConfig(n=3, port=srv.port, hold=0, timeout=10), bus, 1).start()
        waiting = lambda: sum(e.side == SERVER and e.kind == Kind.RECEIVED for e in bus.history)  # noqa: E731
        wait_for(lambda: waiting() == 3, 5, "the server to hold every message")
    finally:
        srv.stop()
    assert run.wait(10), "the clients saw the server go"
    summary = check(bus.history, 3)
    assert summary.unanswered == summary.failed == 3 and summary.reply_timeouts == 0


@pytest.mark.timeout(30)
def test_a_run_with_nobody_listening_sums_up_from_its_lanes() -> None:
    bus = EventBus()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        config = ClientConfig(n=3, port=probe.getsockname()[1], order=parse_order("lock"), hold=0)
        run = make_run("thread", config, bus, 1).start()
        assert run.wait(10)
    summary = check(bus.history, 3)
    assert summary.failed == 3 and summary.connected_order == [] and summary.max_concurrency == 0
    assert summary.accept_order is None and summary.connections is None, "no server in this history"


@pytest.mark.timeout(10)
def test_a_run_whose_first_lanes_were_forgotten_counts_them_as_not_ok() -> None:
    bus = EventBus()
    bus.emit(CLIENT, Kind.LAUNCHED, run=1, order="free", n=12, hold=0.0)
    for i in range(1, 13):  # one after the other: each lane has finished before the next opens
        bus.emit(CLIENT, Kind.CONNECTING, i, peer="127.0.0.1:1", run=1)
        bus.emit(CLIENT, Kind.CONNECTED, i, local=f"127.0.0.1:{40000 + i}", run=1)
        bus.emit(CLIENT, Kind.SENT, i, text="hi", bytes=2, run=1)
        bus.emit(CLIENT, Kind.RECEIVED, i, text="ok", bytes=2, run=1)
        bus.emit(CLIENT, Kind.DISCONNECTED, i, run=1)
    bus.emit(CLIENT, Kind.FINISHED, run=1)
    session = Session(max_lanes=10)
    session.apply(bus.drain())
    summary = session.summaries[1]
    assert summary.clients == 12 and summary.ok == len(summary.launch_order or []) < 12
    assert summary.launch_order == list(range(13 - summary.ok, 13)), "the oldest lanes go first"
    assert summarize(bus.history, 12, 1).ok == 12, "a timeline that forgets nothing has them all"


@pytest.mark.timeout(30)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_clients_refused_at_the_servers_limit_are_said_and_in_no_close_order(lang: str) -> None:
    from tui_app.strings import tr
    from tui_app.verdict import summary_line, verdict

    events = one_run("thread", "free", n=5, max_clients=2, delay=0.2)
    summary = check(events, 5)
    refused = {e.client for e in events if e.side == CLIENT and (e.extra or {}).get("refused")}
    assert refused and summary.refused == len(refused) and summary.failed >= len(refused)
    assert not refused & set(summary.closed_order or []), "the server closed them, not the run"
    assert summary_line(summary, lang).endswith(
        tr("cli.summary_refused", lang, line="", count=len(refused)).lstrip("；; ")
    )
    said = verdict(summary, lang)
    served = 5 - len(refused)
    closed = tr("verdict.compared_item", lang, name=tr("verdict.name.closed_order", lang), got=served, n=5)
    some = tr("verdict.apart_some", lang, name=tr("verdict.name.closed_order", lang), count="\0", n=served)
    said_apart = all(piece in said for piece in some.split("\0"))  # "2 of the 2 closed" said it
    assert (closed in said) != said_apart, said  # the close order's own figure, over those that closed: once
    assert tr("verdict.refused", lang, count=len(refused)) in said, said  # the timeline's heading says why
    assert tr("verdict.refused", lang, count=len(refused)) not in verdict(summary, lang, True, True)  # once
