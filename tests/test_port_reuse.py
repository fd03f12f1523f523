"""A run whose clients get a port an earlier client of the same run closed: every server
connection pairs with the client it served (by address and time), so the summary, the pairing
the timeline and the step pane use, and the connection book count every accept once, on real
sockets over loopback."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from helpers import wait_for

from server_core import (
    CLIENT,
    SERVER,
    ClientConfig,
    ClientRun,
    Event,
    EventBus,
    LabServer,
    ServerConfig,
    build_lanes,
    parse_order,
)
from server_core import clients as launcher
from server_core.pairing import handlers_of
from server_core.recording import read_recording
from server_core.summary import summarize
from tui_app.connections import ConnectionBook

pytestmark = pytest.mark.timeout(30)
N = 3
# a 5,000-client run's clients whose local port an earlier client of the run had closed, the
# earlier ones and every handler that served them (seq made gapless, sockets' options left out)
RECORDED = Path(__file__).parent / "data" / "reused" / "port-reuse-run.jsonl"


def _one_port_run(monkeypatch: pytest.MonkeyPatch) -> list[Event]:
    """Every event of a sequential run of N clients that all connect from one local port (each
    binds it once the server has closed the connection before, as the system gives a closed
    connection's port out again), every handler done."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    bound = launcher._bound
    bus = EventBus()

    def count(side: str, kind: str) -> int:
        return sum(e.side == side and e.kind == kind for e in bus.history)

    def from_one_port(sock: socket.socket, target: object) -> None:
        bound(sock, target)  # type: ignore[arg-type]
        wait_for(lambda: count(SERVER, "disconnected") == count(CLIENT, "connected"), 5, "the port's release")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # the port is in TIME_WAIT
        sock.bind(("127.0.0.1", port))

    monkeypatch.setattr(launcher, "_bound", from_one_port)
    with LabServer(ServerConfig(port=0), bus) as server:
        config = ClientConfig(n=N, port=server.port, order=parse_order("sequential"), hold=0.0)
        run = ClientRun(config, bus).start()
        assert run.wait(20), "run did not finish"
        wait_for(lambda: sum(e.kind == "disconnected" for e in bus.history if e.side == SERVER) == N, 5)
    events = bus.history
    if any(e.kind == "error" and "Cannot assign requested address" in (e.text or "") for e in events):
        pytest.skip("this kernel does not give a port in TIME_WAIT out again (no TCP timestamps?)")
    locals_ = {e.local for e in events if e.side == CLIENT and e.kind == "connected"}
    assert locals_ == {f"127.0.0.1:{port}"}, "every client connected from the one port"
    return events


def test_clients_that_reuse_a_closed_port_are_each_paired_with_their_own_handler(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    events = _one_port_run(monkeypatch)
    summary = summarize(events, N, 1)
    assert summary.ok == N
    assert summary.accept_order == summary.served_order == list(range(1, N + 1))
    assert summary.connections == [1, 2, 3]  # the server's accept numbers, one a client
    lanes = build_lanes(events)
    clients = [lane for lane in lanes if lane.side == CLIENT]
    paired = handlers_of(clients, lanes)
    assert {client: lane.client for client, lane in paired.items()} == {1: 1, 2: 2, 3: 3}


def test_the_connection_book_keeps_one_row_a_connection_when_a_port_comes_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    events = _one_port_run(monkeypatch)
    book = ConnectionBook()
    for event in events:  # one event a batch: a handler's last steps may follow the next connect
        book.apply([event])
    rows = list(book.connections.values())
    assert [(row.client, row.number) for row in rows] == [(1, 1), (2, 2), (3, 3)]
    assert book.accepted == N and book.active == 0
    assert not any(row.server_open or row.client_open for row in rows), [row.state for row in rows]


def test_an_outside_connection_closed_while_a_client_waited_for_its_turn_stays_apart() -> None:
    """An outside client's connection from an address, accepted and closed while a launched
    client waited for its turn; that client then connects from the same address: two rows, as
    the pairing says (the outside one began nothing of the client's)."""
    end, server = "127.0.0.1:5000", "127.0.0.1:80"
    steps: list[tuple[str, str, int | None, str | None, str | None, dict[str, object] | None]] = [
        (CLIENT, "launched", None, None, None, {"run": 1, "order": "lock", "n": 1}),
        (CLIENT, "waiting", 1, None, None, {"run": 1}),
        (SERVER, "accepted", 1, server, end, None),
        (SERVER, "received", 1, server, end, None),
        (SERVER, "disconnected", 1, server, end, None),
        (CLIENT, "entered", 1, None, None, {"run": 1}),
        (CLIENT, "connecting", 1, None, server, {"run": 1}),
        (CLIENT, "connected", 1, end, server, {"run": 1}),
        (SERVER, "accepted", 2, server, end, None),
        (CLIENT, "disconnected", 1, end, server, {"run": 1}),
        (SERVER, "disconnected", 2, server, end, None),
    ]
    events = [Event(seq, seq / 10, *step[:5], None, None, step[5]) for seq, step in enumerate(steps, 1)]
    book = ConnectionBook()
    book.apply(events)
    assert sorted((row.number, row.client or 0) for row in book.connections.values()) == [(1, 0), (2, 1)]
    lanes = build_lanes(events)
    clients = [lane for lane in lanes if lane.side == CLIENT]
    assert {client: lane.client for client, lane in handlers_of(clients, lanes).items()} == {1: 2}


def test_a_handlers_close_reported_after_a_later_client_took_its_port_ends_its_own_row() -> None:
    """The server closes a connection before it says so: a later client of the run may connect
    from the same port in between. The handler's ``disconnected``, found by its address, met the
    later client's row and was dropped, leaving the first row open for good."""
    end, server = "127.0.0.1:5000", "127.0.0.1:80"
    steps: list[tuple[str, str, int | None, str | None, str | None, dict[str, object] | None]] = [
        (CLIENT, "launched", None, None, None, {"run": 1, "n": 2}),
        (CLIENT, "connecting", 1, None, server, {"run": 1}),
        (CLIENT, "connected", 1, end, server, {"run": 1}),
        (SERVER, "accepted", 1, server, end, None),
        (CLIENT, "disconnected", 1, end, server, {"run": 1}),
        (CLIENT, "connecting", 2, None, server, {"run": 1}),
        (CLIENT, "connected", 2, end, server, {"run": 1}),
        (SERVER, "disconnected", 1, server, end, None),  # handler 1's close, said late
        (SERVER, "accepted", 2, server, end, None),
        (CLIENT, "disconnected", 2, end, server, {"run": 1}),
        (SERVER, "disconnected", 2, server, end, None),
    ]
    events = [Event(seq, seq / 10, *step[:5], None, None, step[5]) for seq, step in enumerate(steps, 1)]
    book = ConnectionBook()
    book.apply(events)
    rows = sorted(book.connections.values(), key=lambda row: row.client or 0)
    assert [(row.client, row.number) for row in rows] == [(1, 1), (2, 2)]
    assert not any(row.server_open or row.client_open for row in rows)
    assert [row.state for row in rows] == ["closed", "closed"] and book.active == 0


def test_a_recorded_run_that_gave_ten_ports_out_twice_counts_every_accept() -> None:
    events = read_recording(RECORDED).events
    summary = summarize(events, 20, 5)
    assert summary.ok == 20
    assert len(summary.accept_order or []) == len(summary.served_order or []) == 20
    assert None not in (summary.connections or [None])
    assert len(set(summary.connections or [])) == 20  # one handler a client
