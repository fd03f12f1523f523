"""TCP_NODELAY: a request written in two small pieces, then a read for the answer.

With Nagle's algorithm on, the second piece waits until the first is acknowledged, and the peer
delays that acknowledgement (it has nothing to send back yet): each round takes tens of
milliseconds. With TCP_NODELAY both pieces leave at once and a round takes microseconds.
"""

from __future__ import annotations

import socket
import statistics
import threading
import time

from .. import sockopts
from ..port_taken import binding
from .record import ExperimentResult, Notebook

ROUNDS = 10
PIECE = b"abcd"
REQUEST = 2 * len(PIECE)
LIMIT = 5.0  # seconds any single socket call may wait
GIVEN = {"rounds": ROUNDS, "piece": len(PIECE)}
MARGIN = 5  # how many times slower Nagle's rounds must be; here it is about 900 times


def _answer_requests(listener: socket.socket) -> None:
    """Accept one connection; answer each whole two-piece request with one byte until EOF."""
    try:
        conn, _ = listener.accept()
    except OSError:
        return
    with conn:  # blocking, for MSG_WAITALL; the client's close ends the wait
        try:
            while len(conn.recv(REQUEST, socket.MSG_WAITALL)) == REQUEST:
                conn.sendall(b"!")
        except OSError:
            return


def _median_round(nodelay: int, port: int) -> tuple[float, int]:
    """(median seconds per write-write-read round, TCP_NODELAY as the kernel reports it), the
    peer listening on ``port`` (0: a free one); PortTaken when it cannot bind."""
    with binding("127.0.0.1", port):
        listener = socket.create_server(("127.0.0.1", port))
    with listener:
        listener.settimeout(LIMIT)
        peer = threading.Thread(
            target=_answer_requests, args=(listener,), name="experiment-peer", daemon=True
        )
        peer.start()
        rounds: list[float] = []
        with socket.create_connection(listener.getsockname(), timeout=LIMIT) as client:
            sockopts.apply(client, {"TCP_NODELAY": nodelay})
            in_force = sockopts.effective(client, ["TCP_NODELAY"])["TCP_NODELAY"]
            for _ in range(ROUNDS):
                started = time.perf_counter()
                client.send(PIECE)
                client.send(PIECE)
                client.recv(1)
                rounds.append(time.perf_counter() - started)
        peer.join(LIMIT)
    return statistics.median(rounds), in_force


def run(port: int = 0) -> ExperimentResult:
    """Both rounds, the peer listening on ``port`` (0: a free one)."""
    book = Notebook("nagle", **GIVEN)
    for nodelay, label in ((0, "off"), (1, "on")):
        median, in_force = _median_round(nodelay, port)
        book.step("rounds", nodelay=in_force, rounds=ROUNDS, median_ms=round(median * 1000, 3))
        book.observe(**{f"nodelay_{label}": in_force, f"round_ms_nodelay_{label}": round(median * 1000, 3)})
    seen = book.observed
    in_force = (seen["nodelay_off"], seen["nodelay_on"]) == (0, 1)
    return book.result(in_force and seen["round_ms_nodelay_off"] > MARGIN * seen["round_ms_nodelay_on"])
