"""The verdict judges an order only over the clients that got a reply: a client that failed or
timed out closed when its error came, not in the run's own order, and a run where none got a
reply has no order to judge (it said "out of launch order (out of place: 3 of 3 closed)" of
three clients that all timed out against a program that never answered)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from server_core import ClientConfig, ClientRun, EventBus, summarize
from tui_app.strings import tr
from tui_app.verdict import verdict

pytestmark = pytest.mark.timeout(30)
TIMEOUT = 0.5  # seconds each client waits for its reply


def timed_out_run(port: int, n: int = 3) -> str:
    """The English verdict of ``n`` clients sent to ``port``, each waiting TIMEOUT s at most."""
    bus = EventBus()
    run = ClientRun(ClientConfig(n=n, port=port, hold=0.0, message="hello {i}", timeout=TIMEOUT), bus).start()
    assert run.wait(20), "the run did not end"
    return verdict(summarize(bus.history, n, 1))


def test_a_run_where_no_client_got_a_reply_has_no_order_to_judge() -> None:
    with socket.create_server(("127.0.0.1", 0), backlog=8) as holder:  # listens, never accepts
        said = timed_out_run(holder.getsockname()[1])
    assert "out of place" not in said and "launch order" not in said, said
    assert tr("verdict.no_order", "en") in said and "3 timed out" in said, said


@contextmanager
def answering_all_but_the_first() -> Iterator[int]:
    """A server that replies at once to every client but the one that sends ``hello 1``: that
    one waits until its timeout and closes after the others."""
    listener = socket.create_server(("127.0.0.1", 0))
    kept: list[socket.socket] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:  # closed: the test is over
                return
            kept.append(conn)
            if not conn.recv(64).startswith(b"hello 1"):
                conn.sendall(b"ok")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        listener.shutdown(socket.SHUT_RDWR)
        listener.close()
        thread.join(2)
        for conn in kept:
            conn.close()


def test_a_client_that_timed_out_puts_no_order_out_of_place() -> None:
    with answering_all_but_the_first() as port:
        said = timed_out_run(port, 2)
    assert "out of place" not in said, said  # client 1 closed after 2: its timeout's doing
    assert "1 timed out" in said and tr("verdict.no_order", "en") not in said, said  # 2 got a reply
