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
from ..port_taken import binding
from .record import ExperimentResult, Notebook

ARRIVAL = 0.3  # seconds after the loop starts (its first accept call) that the client calls connect
LIMIT = 2.0  # seconds after which the listener is shut down whatever happened
# seconds after the client's connection was made (its connect returned) within which each mode must
# accept it: timed from there, not from the connect call, so a client thread the system let wait
# before it reached connect does not count against the accept
TOLERANCE = 0.05
GIVEN = {
    "arrival_ms": round(ARRIVAL * 1000),
    "poll_ms": round(POLL * 1000),
    "tolerance_ms": round(TOLERANCE * 1000),
}


def _connect_later(port: int, start: list[float], go: threading.Event, done: threading.Event) -> None:
    """Once ``go`` is set, call connect ARRIVAL seconds after ``start[0]`` (the loop's start, on
    the perf_counter clock) and append to ``start`` the instant of that call, then the instant
    the connection was made (connect returned)."""
    if not go.wait(LIMIT) or done.wait(max(0.0, start[0] + ARRIVAL - time.perf_counter())):
        return
    start.append(time.perf_counter())
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=LIMIT):
            start.append(time.perf_counter())
            done.wait(LIMIT)
    except OSError:
        return


def _measure(mode: str, port: int) -> dict[str, float | int]:
    """Run ``mode``'s accept loop, listening on ``port`` (0: a free one), until the client
    arrives; its calls, empties and three instants, in ms from the loop's start (the instant its
    first accept call started): when that call returned (``first_call_ms``), when the client
    called connect (``arrived_ms``, ARRIVAL after the start), when its connection was made
    (``connected_ms``, its connect returned) and when the call that took the client returned
    (``waited_ms``; the same reading as the first when one call took it, as a blocking accept
    does). An instant that never came reads 0.0. PortTaken when it cannot bind."""
    with binding("127.0.0.1", port):
        listener = socket.create_server(("127.0.0.1", port))
    with listener:
        go, done = threading.Event(), threading.Event()
        instants: list[float] = []  # the loop's start, the client's connect call, its connection
        client = threading.Thread(
            target=_connect_later,
            args=(listener.getsockname()[1], instants, go, done),
            name="experiment-client",
            daemon=True,
        )
        watchdog = threading.Timer(LIMIT, lambda: listener.shutdown(socket.SHUT_RDWR))
        acceptor = Acceptor(listener, mode, poll=POLL)
        calls, first_call, waited, conn = 0, 0.0, 0.0, None
        client.start()
        watchdog.start()
        started = time.perf_counter()
        instants.append(started)
        go.set()
        try:
            while conn is None:
                accepted = acceptor.take()
                returned = time.perf_counter()
                conn = accepted[0] if accepted else None
                calls += 1
                first_call = returned - started if calls == 1 else first_call
                waited = returned - started
                if conn is None:
                    acceptor.pause()
        except OSError:  # the watchdog shut the listener down: waited until then
            waited = time.perf_counter() - started
        finally:
            watchdog.cancel()
            done.set()
            client.join(LIMIT)
            acceptor.close()
            if conn is not None:
                conn.close()
    arrived, connected = (instants[i] - started if len(instants) > i else 0.0 for i in (1, 2))
    return {
        "accepted": int(conn is not None),
        "calls": calls,
        "nobody_waiting": acceptor.nobody_waiting,
        "first_call_ms": round(first_call * 1000, 3),
        "arrived_ms": round(arrived * 1000, 3),
        "connected_ms": round(connected * 1000, 3),
        "waited_ms": round(waited * 1000, 3),  # to the microsecond, as every figure in ms
    }


def in_time(measured: dict[str, float | int]) -> bool:
    """Whether one mode accepted its client after the client's connect call and at most
    TOLERANCE after its connection was made."""
    after_call = measured["waited_ms"] >= measured["arrived_ms"]
    late = measured["waited_ms"] - measured["connected_ms"]
    return bool(measured["accepted"]) and after_call and late <= TOLERANCE * 1000


def run(port: int = 0) -> ExperimentResult:
    """The three modes, one after another, each listening on ``port`` (0: a free one)."""
    book = Notebook("accept", **GIVEN)
    measured = {}
    for mode in ACCEPT_MODES:
        measured[mode] = _measure(mode, port)
        book.step("mode", mode=mode, **measured[mode])
        book.observe(**{f"{mode}_{name}": value for name, value in measured[mode].items()})
    blocking, timeout, nonblocking = (measured[mode] for mode in ACCEPT_MODES)
    all_in_time = all(in_time(m) for m in measured.values())
    blocking_sleeps = blocking["calls"] == 1 and blocking["nobody_waiting"] == 0
    polling_finds_nobody = timeout["nobody_waiting"] >= 1 and nonblocking["nobody_waiting"] >= 1
    first_calls = [m["first_call_ms"] for m in (nonblocking, timeout, blocking)]
    return book.result(
        all_in_time and blocking_sleeps and polling_finds_nobody and first_calls == sorted(first_calls)
    )
