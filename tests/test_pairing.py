"""The pairing rule: a client and a handler are one connection when the client's local address
is the handler's peer; the timeline's lanes of a real run pair the same way."""

from __future__ import annotations

import pytest
from helpers import run_both_sides

from server_core import CLIENT, SERVER, Event, build_lanes
from server_core.pairing import address, addresses, served

pytestmark = pytest.mark.timeout(30)


def end(side: str, local: str | None, peer: str | None, kind: str = "connected") -> Event:
    return Event(1, 0.0, side, kind, 1, local, peer)


def test_a_client_is_named_by_its_local_address_and_a_handler_by_its_peer() -> None:
    assert address(end(CLIENT, "127.0.0.1:5000", "127.0.0.1:80")) == "127.0.0.1:5000"
    assert address(end(SERVER, "127.0.0.1:80", "127.0.0.1:5000")) == "127.0.0.1:5000"
    assert address(end(SERVER, "127.0.0.1:80", None, "listening")) is None
    assert address(end("audit", "127.0.0.1:80", "127.0.0.1:5000")) is None


def test_served_keeps_the_handlers_of_the_clients_given_in_their_order() -> None:
    clients = [end(CLIENT, "127.0.0.1:5001", "x"), end(CLIENT, "127.0.0.1:5002", "x"), end(CLIENT, None, "x")]
    handlers = [
        end(SERVER, "x", "127.0.0.1:5002"),
        end(SERVER, "x", "127.0.0.1:9999"),
        end(SERVER, "x", None),
        end(CLIENT, "127.0.0.1:5001", "x"),  # a client among the candidates is no handler
        end(SERVER, "x", "127.0.0.1:5001"),
    ]
    assert served(clients, handlers) == [handlers[0], handlers[4]]
    assert addresses(clients) == {"127.0.0.1:5001", "127.0.0.1:5002"}


def test_each_client_of_a_real_run_pairs_with_exactly_one_handler() -> None:
    lanes = build_lanes(run_both_sides("free", 4, hold=0.0))
    clients = [lane for lane in lanes if lane.side == CLIENT]
    handlers = served(clients, lanes)
    assert len(clients) == len(handlers) == 4
    assert addresses(clients) == addresses(handlers)
