"""Handler threads, new or reused, on real loopback connections: one thread per open connection."""

from __future__ import annotations

import queue
import socket
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from helpers import events_of, lesson_client, wait_for

from server_core import SERVER, Event, EventBus, LabServer, ServerConfig
from server_core.handler_threads import HandlerThreads


@pytest.fixture(autouse=True)
def parked_for_a_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    """The servers here park a reused thread for a minute, not LINGER's 2 s: a loaded machine can
    keep a test from its next connection longer than that, and a thread that ended meanwhile is
    replaced by a new one (handler-2). A stop still wakes a parked thread at once."""
    monkeypatch.setattr("server_core.server.HandlerThreads", partial(HandlerThreads, linger=60.0))


def disconnected(bus: EventBus) -> list[Event]:
    return events_of(bus.history, SERVER, "disconnected")


def handler_threads() -> list[str]:
    return sorted(t.name for t in threading.enumerate() if t.name.startswith("handler-"))


def serve_one_after_another(bus: EventBus, threads: str, count: int) -> LabServer:
    srv = LabServer(ServerConfig(port=0, threads=threads), bus).start()
    for i in range(1, count + 1):
        assert lesson_client(srv.port, b"hi") == "收到客户端信息".encode()
        wait_for(lambda i=i: len(disconnected(bus)) == i, what=f"connection {i} served")
        if threads == "reuse":
            wait_for(lambda: srv.threads_parked == 1, what="its thread parked")
    return srv


def test_reused_threads_serve_one_connection_after_another(bus: EventBus) -> None:
    srv = serve_one_after_another(bus, "reuse", 4)
    try:
        assert [e.extra["thread"] for e in disconnected(bus)] == ["handler-1"] * 4
        assert srv.threads_started == 1
        assert handler_threads() == ["handler-1"]  # parked, waiting for the next connection
    finally:
        started = time.monotonic()
        srv.stop()
    assert time.monotonic() - started < 1.0  # the parked thread woke at once
    assert handler_threads() == []


def test_new_threads_mode_starts_one_thread_per_connection(bus: EventBus) -> None:
    with serve_one_after_another(bus, "new", 4) as srv:
        assert [e.extra["thread"] for e in disconnected(bus)] == [f"handler-{i}" for i in range(1, 5)]
        assert srv.threads_started == 4


@pytest.mark.parametrize("threads", ["reuse", "new"])
def test_every_open_connection_has_a_thread_of_its_own(bus: EventBus, threads: str) -> None:
    with LabServer(ServerConfig(port=0, threads=threads), bus) as srv:
        for wave in (1, 2):
            socks = [socket.create_connection(("127.0.0.1", srv.port), timeout=5) for _ in range(3)]
            for sock in socks:
                sock.sendall(b"x")
                assert sock.recv(64)  # answered while the two others stay open
            wait_for(lambda: srv.active == 3, what="three open connections")
            for sock in socks:
                sock.close()
            wait_for(lambda wave=wave: len(disconnected(bus)) == 3 * wave, what="three closed")
            if threads == "reuse":
                wait_for(lambda: srv.threads_parked == 3, what="their threads parked")
            else:
                assert srv.threads_parked == 0
        served_by = [e.extra["thread"] for e in disconnected(bus)]
        assert len(set(served_by[:3])) == len(set(served_by[3:])) == 3
        assert srv.threads_started == (3 if threads == "reuse" else 6)


def test_a_parked_thread_ends_after_its_linger_time() -> None:
    pool = HandlerThreads("reuse", name="handler", linger=0.05)
    ran = threading.Event()
    pool.run(ran.set)
    assert ran.wait(5)
    wait_for(lambda: handler_threads() == [], what="the parked thread to end")
    pool.run(ran.clear)  # no thread parked any more: a new one
    wait_for(lambda: not ran.is_set() and handler_threads() == [], what="the second job")
    assert pool.started == 2


LONG_LINGER = 30.0  # seconds: a wait no loaded machine runs out before the test ends it


class _LingerRunsOutOnCue:
    """The pool's queue, whose timed wait for a job also ends empty when :meth:`run_out` says,
    as a parked thread's linger running out ends it."""

    _OUT = object()

    def __init__(self, jobs: queue.SimpleQueue[Any]) -> None:
        self._jobs = jobs

    def put(self, job: object) -> None:
        self._jobs.put(job)

    def get(self, timeout: float | None = None) -> object:
        return self._unless_out(self._jobs.get(timeout=timeout))

    def get_nowait(self) -> object:
        return self._unless_out(self._jobs.get_nowait())

    def run_out(self) -> None:
        """End one parked thread's wait as if its linger ran out."""
        self._jobs.put(self._OUT)

    def _unless_out(self, job: object) -> object:
        if job is self._OUT:
            raise queue.Empty
        return job


def test_a_connection_goes_to_a_thread_waiting_when_it_is_accepted_else_to_a_new_one(
    bus: EventBus, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rule the events pane's note gives: a thread waits from its close for its linger time.
    A connection accepted while every thread still serves its own gets a new thread, though the
    busy one closes right after (as a one-at-a-time run's next client can connect before the
    previous handler has closed); one accepted while threads wait goes to one of them; one
    accepted after every wait ended gets a new thread. The waits last longer than a loaded
    machine can take between a close and the next accept (1 s ran out there); the test ends them
    when it needs them over, as their time running out does, so it waits for no linger."""
    monkeypatch.setattr("server_core.server.HandlerThreads", partial(HandlerThreads, linger=LONG_LINGER))

    def served_by() -> list[str]:
        return [(e.extra or {})["thread"] for e in disconnected(bus)]

    with LabServer(ServerConfig(port=0), bus) as srv:
        jobs = srv._handlers._jobs = _LingerRunsOutOnCue(srv._handlers._jobs)  # type: ignore[assignment]
        first = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
        second = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
        for sock in (first, second):
            sock.sendall(b"x")
            assert sock.recv(64)  # both served: accepted while the other's thread was busy
        for closed, sock in enumerate((first, second), 1):
            sock.close()
            wait_for(partial(lambda n: srv.threads_parked == n, closed), what=f"{closed} waiting")
        assert served_by() == ["handler-1", "handler-2"] and srv.threads_started == 2
        assert lesson_client(srv.port, b"hi")  # accepted while two threads wait
        wait_for(lambda: len(served_by()) == 3, what="connection 3 served")
        assert served_by()[2] in ("handler-1", "handler-2") and srv.threads_started == 2
        wait_for(lambda: srv.threads_parked == 2, what="connection 3's thread waiting again")
        for waiting in (2, 1):  # one at a time: each its own wait's end
            jobs.run_out()
            wait_for(partial(lambda n: srv.threads_parked == n, waiting - 1), what="a wait over")
        wait_for(lambda: handler_threads() == [], what="every wait over")
        assert srv.threads_parked == 0
        assert lesson_client(srv.port, b"hi")  # accepted with none waiting
        wait_for(lambda: len(served_by()) == 4, what="connection 4 served")
        assert served_by()[3] == "handler-3" and srv.threads_started == 3


class _WaitEndsAsAJobComes:
    """The pool's queue, but the first timed wait for a job ends empty just after a job was
    handed to the pool: a connection accepted in the instant a waiting thread's time ran out,
    before that thread could say it no longer waits."""

    def __init__(self, pool: HandlerThreads, job: Callable[[], None]) -> None:
        self._jobs = pool._jobs
        self._handover: Callable[[], None] | None = partial(pool.run, job)
        self.put, self.get_nowait = self._jobs.put, self._jobs.get_nowait

    def get(self, timeout: float | None = None) -> Callable[[], None] | None:
        if self._handover is None:
            return self._jobs.get(timeout=timeout)
        handover, self._handover = self._handover, None
        handover()
        raise queue.Empty


def test_a_job_handed_over_as_a_waiting_threads_time_ends_runs_on_that_thread() -> None:
    pool = HandlerThreads("reuse", name="handler", linger=30.0)
    ran: list[str] = []
    second = threading.Event()

    def job(event: threading.Event | None) -> None:
        ran.append(threading.current_thread().name)
        if event is not None:
            event.set()

    pool._jobs = _WaitEndsAsAJobComes(pool, partial(job, second))  # type: ignore[assignment]
    pool.run(partial(job, None))
    assert second.wait(5), "the job handed over as the wait ended never ran"
    assert ran == ["handler-1", "handler-1"] and pool.started == 1
    wait_for(lambda: pool.parked == 1, what="the thread waiting again")
    pool.close()
    pool.join(time.monotonic() + 1.0)
    assert handler_threads() == [] and pool.parked == 0


def test_a_closed_pool_parks_no_thread_and_joins_within_its_deadline() -> None:
    pool = HandlerThreads("reuse", name="handler", linger=30.0)
    done = threading.Barrier(2, timeout=5)
    pool.run(done.wait)
    done.wait()
    wait_for(lambda: pool.parked == 1, what="the thread parked")
    pool.close()
    pool.join(time.monotonic() + 1.0)
    assert handler_threads() == []
    ran = threading.Event()
    pool.run(ran.set)  # after close: a thread that ends with its job, not one parked for 30 s
    assert ran.wait(5)
    wait_for(lambda: handler_threads() == [], what="the thread to end without parking")
    assert pool.parked == 0


def test_unknown_thread_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="thread mode"):
        ServerConfig(threads="pool")
