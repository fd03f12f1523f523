"""A run's summary is made from its lanes: for every recording and for fresh runs in every order,
on both engines, with refusals, timeouts and nobody listening, it is the summary the events give,
field by field, whether the lanes were folded at once or batch by batch as the app drains."""

from __future__ import annotations

import socket
from collections.abc import Iterable
from dataclasses import fields
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
from server_core.pairing import address
from server_core.processes import make_run, make_server
from server_core.recording import read_recording
from server_core.summary import REPLY_TIMEOUT
from server_core.timeline import build_lanes, grant_order, overtakes, percentile, request_order
from tui_app.session import Session

DATA = Path(__file__).parent / "data"
RECORDINGS = sorted(DATA.glob("*.jsonl"))


def same(lanes: RunSummary, events: RunSummary) -> None:
    """Field by field, naming the first that differs."""
    for name in (f.name for f in fields(RunSummary)):
        assert getattr(lanes, name) == getattr(events, name), name


def folded_as_drained(events: list[Event], run: int, batch: int = 7) -> RunSummary:
    """The run's summary from a session fed ``events`` in batches of ``batch``, as the app drains."""
    session = Session()
    for start in range(0, len(events), batch):
        session.apply(events[start : start + batch])
    if run not in session.summaries:  # a recording made before runs ended with ``finished``
        session.apply([], ended=[run])
    return session.summaries[run]


def check(events: list[Event], n: int, run: int) -> RunSummary:
    expected = events_summary(events, n, run)
    same(summarize(events, n, run), expected)
    same(folded_as_drained(events, run), expected)
    return expected


@pytest.mark.timeout(10)
@pytest.mark.parametrize("path", RECORDINGS, ids=lambda path: path.stem)
def test_every_recording_sums_up_the_same_from_its_lanes(path: Path) -> None:
    events = read_recording(path).events
    launches = [e for e in events if e.kind == Kind.LAUNCHED]
    assert launches
    for launch in launches:
        check(events, (launch.extra or {})["n"], launch.run or 0)


def one_run(
    engine: str, client_order: str, server_order: str = "free", n: int = 4, **server: object
) -> list[Event]:
    """One run of ``n`` against the lab's server on ``engine``, every handler done: its events."""
    bus = EventBus()
    config = ServerConfig(port=0, order=parse_order(server_order, SERVER_MODES), **server)  # type: ignore[arg-type]
    srv = make_server(engine, config, bus)
    srv.bind()
    srv.start()
    try:
        clients = ClientConfig(n=n, port=srv.port, order=parse_order(client_order), hold=0.02, timeout=0.5)
        run = make_run(engine, clients, bus, 1).start()
        assert run.wait(20), "run did not finish"
        gone = lambda: sum(e.side == SERVER and e.kind in ("disconnected", "refused") for e in bus.history)  # noqa: E731
        wait_for(lambda: gone() >= n, 5, "every handler to see its client go")
    finally:
        srv.stop()
    return bus.history


@pytest.mark.timeout(30)
@pytest.mark.parametrize("order", ["free", "lock", "semaphore:2", "queue", "sequential"])
def test_a_fresh_run_in_each_client_order_sums_up_the_same(order: str) -> None:
    summary = check(one_run("thread", order), 4, 1)
    assert summary.ok == 4


@pytest.mark.timeout(30)
@pytest.mark.parametrize("order", ["lock", "semaphore:2", "queue"])
def test_a_fresh_run_against_each_server_order_sums_up_the_same(order: str) -> None:
    summary = check(one_run("thread", "free", order), 4, 1)
    assert summary.ok == 4 and summary.served_order


@pytest.mark.timeout(30)
@pytest.mark.parametrize("order", ["free", "lock"])
def test_a_run_on_processes_sums_up_the_same(order: str) -> None:
    summary = check(one_run("process", order, order, n=3), 3, 1)
    assert summary.ok == 3


@pytest.mark.timeout(30)
def test_refusals_and_timeouts_sum_up_the_same() -> None:
    refused = check(one_run("thread", "free", n=4, max_clients=1, delay=0.1), 4, 1)
    assert refused.failed >= 1
    late = check(one_run("thread", "free", n=3, delay=1.0), 3, 1)
    assert late.reply_timeouts == 3 and late.unanswered == 3


@pytest.mark.timeout(30)
def test_a_run_with_nobody_listening_sums_up_the_same() -> None:
    bus = EventBus()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        config = ClientConfig(n=3, port=probe.getsockname()[1], order=parse_order("lock"), hold=0)
        run = make_run("thread", config, bus, 1).start()
        assert run.wait(10)
    summary = check(bus.history, 3, 1)
    assert summary.failed == 3 and summary.accept_order is None


# the event-based summary the lanes replace, kept here to compare with

def events_summary(events: Iterable[Event], clients: int, run: int | None = None) -> RunSummary:
    """Summarize the client events of ``run`` (all client events when None) for ``clients`` clients;
    the server events among ``events`` give the accept and served orders."""
    every = sorted(events, key=lambda e: e.seq)
    mine = [e for e in every if e.side == CLIENT and (run is None or e.run == run)]
    mine = [e for e in mine if e.kind != Kind.FINISHED]  # the launcher's, after the clients' last
    refused = {e.client for e in mine if e.kind == "error" and (e.extra or {}).get("refused")}
    answered = {e.client for e in mine if e.kind == "received"}  # a refusal line is an answer...
    replied = answered - refused  # ...but not a reply
    failed = {e.client for e in mine if e.kind == "error"}
    ok = len(replied - failed)
    makespan = mine[-1].t - mine[0].t if mine else 0.0
    lanes = build_lanes(mine)
    asked, granted = request_order(lanes), grant_order(lanes)
    waits = [lane.wait for lane in lanes if lane.wait is not None]
    launched = next((e.extra or {} for e in mine if e.kind == "launched"), {})
    launch = sorted({e.client for e in mine if e.client is not None})
    handlers = _handlers(every, mine)
    server_here = any(e.side == SERVER for e in every)  # the server's events are in this history
    reply_waits = _reply_waits([e for e in mine if e.client not in refused])
    unanswered = {e.client for e in mine if e.kind == "sent"} - answered
    return RunSummary(
        clients,
        ok,
        clients - ok,
        _peak_events([e for e in mine if e.client not in refused]),
        round(makespan, 6),
        granted,
        asked,
        overtakes(asked, granted),
        round(sum(waits) / len(waits), 6) if waits else 0.0,
        round(percentile(waits, 95), 6),
        launched.get("order"),
        launched.get("hold"),
        run if run is not None else launched.get("run"),
        launch,
        _first(mine, "connected"),
        [i for i in _first(mine, "received") if i not in refused],
        _first(mine, "disconnected"),
        _server_order(handlers, "accepted") if server_here else None,
        _server_order(handlers, "received") if server_here else None,
        [handlers[i][0] if i in handlers else None for i in launch] if handlers else None,
        round(sum(reply_waits) / len(reply_waits), 6) if reply_waits else None,
        round(percentile(reply_waits, 95), 6) if reply_waits else None,
        len(set(asked) - set(granted)),
        len(unanswered),
        sum(1 for e in mine if e.kind == "error" and e.client in unanswered and _timed_out(e)),
    )


def _first(events: list[Event], kind: str) -> list[int]:
    """Client numbers in the order of their first ``kind`` event."""
    seen: dict[int, None] = {}
    for event in events:
        if event.kind == kind and event.client is not None:
            seen.setdefault(event.client, None)
    return list(seen)


def _timed_out(error: Event) -> bool:
    """Whether a client's ``error`` says its own timeout ended the wait for the reply."""
    return (error.text or "").startswith(REPLY_TIMEOUT)


def _reply_waits(events: list[Event]) -> list[float]:
    """Seconds from each client's first ``sent`` to its first ``received``."""
    sent: dict[int, float] = {}
    waits = []
    for event in events:
        if event.client is None:
            continue
        if event.kind == "sent":
            sent.setdefault(event.client, event.t)
        elif event.kind == "received" and event.client in sent:
            waits.append(event.t - sent.pop(event.client))
    return waits


def _handlers(every: list[Event], mine: list[Event]) -> dict[int, tuple[int, list[Event]]]:
    """For each client of the run, the server's number for its connection and that handler's
    events; a handler belongs to a client when its ``peer`` is the client's ``local`` address
    and it was accepted after the client began connecting (an address may be used again later)."""
    connecting = {e.client: e.seq for e in mine if e.kind == "connecting"}
    ends = {end: e.client for e in mine if e.kind == Kind.CONNECTED and (end := address(e))}
    numbers: dict[int, int] = {}
    found: dict[int, tuple[int, list[Event]]] = {}
    for event in every:
        if event.side != SERVER or event.client is None:
            continue
        if event.kind == "accepted":
            end = address(event)
            client = ends.get(end) if end else None
            if client is not None and client not in found and event.seq > connecting.get(client, 0):
                numbers[event.client] = client
                found[client] = (event.client, [])
        client = numbers.get(event.client)
        if client is not None:
            found[client][1].append(event)
    return found


def _server_order(handlers: dict[int, tuple[int, list[Event]]], kind: str) -> list[int]:
    """Client numbers in the order their handlers' first ``kind`` event came."""
    firsts = []
    for client, (_, events) in handlers.items():
        seq = next((e.seq for e in events if e.kind == kind and (kind != "received" or e.bytes)), None)
        if seq is not None:
            firsts.append((seq, client))
    return [client for _, client in sorted(firsts)]


def _peak_events(events: Iterable[Event], opens: str = "connected", closes: str = "disconnected") -> int:
    inside = peak = 0
    for event in sorted(events, key=lambda e: e.seq):
        if event.kind == opens:
            inside += 1
            peak = max(peak, inside)
        elif event.kind == closes:
            inside -= 1
    return peak
