"""The three accept modes side by side, with one client that arrives after a short while.

Blocking: one accept call that sleeps until the client comes. Timeout: each call gives up after
the poll period with TimeoutError and the loop calls again. Nonblocking: each call returns at
once, with BlockingIOError (EAGAIN) when nobody is waiting; a selector sleeps between calls.
"""

from __future__ import annotations

import socket
import threading
import time

from ..accepting import ACCEPT_MODES, POLL, Acceptor
from .record import ExperimentResult, Notebook

ARRIVAL = 0.3  # seconds after the loop starts that the client connects
LIMIT = 2.0  # seconds after which the listener is shut down whatever happened
GIVEN = {"arrival_ms": round(ARRIVAL * 1000), "poll_ms": round(POLL * 1000)}


def _connect_later(port: int, done: threading.Event) -> None:
    if done.wait(ARRIVAL):
        return
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=LIMIT):
            done.wait(LIMIT)
    except OSError:
        return


def _measure(mode: str, port: int) -> dict[str, float | int]:
    """Run ``mode``'s accept loop, listening on ``port`` (0: a free one), until the client
    arrives; its calls, empties and timings, both in ms from the instant the first call started:
    when it returned (``first_call_ms``) and when the call that took the client returned
    (``waited_ms``; the same reading when one call took it, as a blocking accept does)."""
    with socket.create_server(("127.0.0.1", port)) as listener:
        done = threading.Event()
        client = threading.Thread(
            target=_connect_later,
            args=(listener.getsockname()[1], done),
            name="experiment-client",
            daemon=True,
        )
        watchdog = threading.Timer(LIMIT, lambda: listener.shutdown(socket.SHUT_RDWR))
        acceptor = Acceptor(listener, mode, poll=POLL)
        calls, first_call, waited, conn = 0, 0.0, 0.0, None
        started: float | None = None  # when the first accept call started
        client.start()
        watchdog.start()
        try:
            while conn is None:
                call_started = time.perf_counter()
                started = call_started if started is None else started
                accepted = acceptor.take()
                returned = time.perf_counter()
                conn = accepted[0] if accepted else None
                calls += 1
                first_call = returned - started if calls == 1 else first_call
                waited = returned - started
                if conn is None:
                    acceptor.pause()
        except OSError:  # the watchdog shut the listener down: waited until then
            waited = time.perf_counter() - started if started is not None else 0.0
        finally:
            watchdog.cancel()
            done.set()
            client.join(LIMIT)
            acceptor.close()
            if conn is not None:
                conn.close()
    return {
        "accepted": int(conn is not None),
        "calls": calls,
        "nobody_waiting": acceptor.nobody_waiting,
        "first_call_ms": round(first_call * 1000, 3),
        "waited_ms": round(waited * 1000, 3),  # to the microsecond, as every figure in ms
    }


def run(port: int = 0) -> ExperimentResult:
    """The three modes, one after another, each listening on ``port`` (0: a free one)."""
    book = Notebook("accept", **GIVEN)
    measured = {}
    for mode in ACCEPT_MODES:
        measured[mode] = _measure(mode, port)
        book.step("mode", mode=mode, **measured[mode])
        book.observe(**{f"{mode}_{name}": value for name, value in measured[mode].items()})
    blocking, timeout, nonblocking = (measured[mode] for mode in ACCEPT_MODES)
    all_accepted = all(m["accepted"] == 1 for m in measured.values())
    blocking_sleeps = blocking["calls"] == 1 and blocking["nobody_waiting"] == 0
    polling_finds_nobody = timeout["nobody_waiting"] >= 1 and nonblocking["nobody_waiting"] >= 1
    first_calls = [m["first_call_ms"] for m in (nonblocking, timeout, blocking)]
    return book.result(
        all_accepted and blocking_sleeps and polling_finds_nobody and first_calls == sorted(first_calls)
    )
