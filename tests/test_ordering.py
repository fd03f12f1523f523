"""Every ordering mode, on both sides, shows the property it promises on real sockets."""

from __future__ import annotations

import pytest
from helpers import wait_for

from server_core import (
    CLIENT,
    SERVER,
    ClientConfig,
    ClientRun,
    EventBus,
    LabServer,
    ServerConfig,
    parse_order,
)


def most_inside(events, side: str, opens: str = "entered", closes: str = "left") -> int:
    """The most threads of ``side`` between ``opens`` and ``closes`` at once, in seq order."""
    inside = peak = 0
    for e in sorted(events, key=lambda e: e.seq):
        if e.side == side and e.kind == opens:
            inside += 1
            peak = max(peak, inside)
        elif e.side == side and e.kind == closes:
            inside -= 1
    return peak


TURN_KINDS = {"waiting", "entered", "left"}


def entered_order(events, side: str) -> list[int]:
    return [e.client for e in events if e.side == side and e.kind == "entered"]


def launch(server: LabServer, order: str, n: int = 5, hold: float = 0.15) -> list:
    run = ClientRun(ClientConfig(n=n, port=server.port, order=parse_order(order), hold=hold), server.bus)
    run.start()
    assert run.wait(20), "run did not finish"
    events = server.bus.history
    assert sum(1 for e in events if e.side == CLIENT and e.kind == "received") == n
    return events


def test_free_clients_overlap_and_are_granted_no_turn(server: LabServer) -> None:
    events = launch(server, "free")
    assert most_inside(events, CLIENT, "connected", "disconnected") > 1
    assert not [e for e in events if e.kind in TURN_KINDS]


def test_lock_clients_never_two_inside(server: LabServer) -> None:
    events = launch(server, "lock")
    assert most_inside(events, CLIENT) == 1
    assert sorted(entered_order(events, CLIENT)) == [1, 2, 3, 4, 5]


def test_semaphore_clients_reach_but_never_pass_k(server: LabServer) -> None:
    assert most_inside(launch(server, "semaphore:3", n=7, hold=0.3), CLIENT) == 3


@pytest.mark.parametrize("order", ["queue", "sequential"])
def test_queue_and_sequential_clients_go_in_launch_order(server: LabServer, order: str) -> None:
    events = launch(server, order, n=6, hold=0.02)
    assert entered_order(events, CLIENT) == [1, 2, 3, 4, 5, 6]
    assert most_inside(events, CLIENT) == 1


def test_waiting_comes_before_entered_where_a_turn_is_asked_for(server: LabServer) -> None:
    events = launch(server, "lock", n=3, hold=0.0)
    for i in (1, 2, 3):
        mine = [e.kind for e in events if e.side == CLIENT and e.client == i]
        assert mine[:2] == ["waiting", "entered"] and mine[-1] == "left"


def serve_with(order: str, n: int = 5, hold: float = 0.1) -> list:
    bus = EventBus()
    with LabServer(ServerConfig(port=0, order=parse_order(order)), bus) as srv:
        # free clients that close after their reply; the server's order decides who is served
        run = ClientRun(ClientConfig(n=n, port=srv.port, hold=hold, timeout=20), bus).start()
        assert run.wait(20)
        wait_for(lambda: sum(e.kind == "disconnected" for e in bus.history if e.side == SERVER) == n, 5)
    return bus.history


def test_free_server_handles_connections_together_and_grants_no_turn() -> None:
    events = serve_with("free")
    assert most_inside(events, SERVER, "accepted", "disconnected") > 1
    assert not [e for e in events if e.kind in TURN_KINDS]


def test_lock_server_never_runs_two_handlers() -> None:
    events = serve_with("lock")
    assert most_inside(events, SERVER) == 1
    assert sorted(entered_order(events, SERVER)) == [1, 2, 3, 4, 5]


def test_semaphore_server_reaches_but_never_passes_k() -> None:
    assert most_inside(serve_with("semaphore:2", n=6, hold=0.3), SERVER) == 2


def test_queue_server_serves_in_accept_order() -> None:
    events = serve_with("queue")
    assert entered_order(events, SERVER) == [1, 2, 3, 4, 5]
    assert most_inside(events, SERVER) == 1


@pytest.mark.parametrize(
    ("text", "mode", "k"),
    [
        ("free", "free", 1),
        ("LOCK", "lock", 1),
        ("semaphore:4", "semaphore", 4),
        ("semaphore", "semaphore", 2),
    ],
)
def test_parse_order_accepts(text: str, mode: str, k: int) -> None:
    order = parse_order(text)
    assert (order.mode, order.k) == (mode, k)


@pytest.mark.parametrize("text", ["", "mutex", "semaphore:0", "semaphore:x", "semaphore:", "lock:2"])
def test_parse_order_refuses_with_a_reason(text: str) -> None:
    with pytest.raises(ValueError, match=r"\w"):
        parse_order(text)


def test_server_has_no_sequential_order() -> None:
    with pytest.raises(ValueError):
        parse_order("sequential", ("free", "lock", "semaphore", "queue"))
