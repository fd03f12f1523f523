"""The process engine: the lab's server and client runs in child processes, every event merged
into the parent's bus on one clock, every child stopped within a second, a dead child reported."""

from __future__ import annotations

import errno
import itertools
import os
import signal
import socket
import subprocess
import threading
import time
from collections import Counter

import pytest
from helpers import wait_for
from test_cli import ENV, ROOT, TCP_LAB

from server_core import CLIENT, SERVER, ClientConfig, EventBus, LabServer, ServerConfig, processes, summarize
from server_core.processes import ConnectionNumbers, ProcessRun, ProcessServer, _merger, make_server, settled
from server_core.spool import encode

pytestmark = pytest.mark.timeout(30)


def test_events_reconcile_across_processes() -> None:
    n = 20
    bus = EventBus()
    server = ProcessServer(ServerConfig(port=0), bus)
    server.bind()
    try:
        run = ProcessRun(ClientConfig(n=n, port=server.port, hold=0, timeout=10), bus, run=1).start()
        assert run.wait(20), "run did not finish"
        served = lambda: sum(e.side == SERVER and e.kind == "disconnected" for e in bus.history)  # noqa: E731
        wait_for(lambda: served() == n, 5, "every handler to see its client go")
    finally:
        server.stop()
    events = bus.history
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert all(a.t <= b.t for a, b in itertools.pairwise(events)), "seq follows the one clock"
    counts = Counter((e.side, e.kind) for e in events)
    for kind in ("connecting", "connected", "sent", "received", "disconnected"):
        assert counts[(CLIENT, kind)] == n, kind
    for kind in ("accepted", "received", "replied", "disconnected"):
        assert counts[(SERVER, kind)] == n, kind
    assert counts[(SERVER, "listening")] == counts[(SERVER, "stopped")] == counts[(CLIENT, "launched")] == 1
    assert counts[(CLIENT, "finished")] == 1, "the run's end, from the child"
    assert [e for e in events if e.side == CLIENT][-1].kind == "finished"
    assert not counts[(CLIENT, "error")] and not counts[(SERVER, "error")]
    for i in range(1, n + 1):
        mine = [e.kind for e in events if e.side == CLIENT and e.client == i]
        assert mine == ["connecting", "connected", "sent", "received", "disconnected"], mine
    summary = summarize(events, n, 1)
    assert summary.ok == n
    assert summary.connections is not None and None not in summary.connections, "every client met its handler"


def test_stop_ends_every_child_and_frees_the_port_within_a_second() -> None:
    bus = EventBus()
    server = ProcessServer(ServerConfig(port=0), bus)
    server.bind()
    run = ProcessRun(ClientConfig(n=5, port=server.port, hold=60, timeout=10), bus, run=1).start()
    wait_for(lambda: server.active == 5, 20, "five connections held open")
    began = time.monotonic()
    run.stop()
    server.stop()
    assert time.monotonic() - began < 2.0, "each stop is bounded by a second"
    assert run.done
    children = (server._child, run._child)
    assert all(child is not None and child.process.returncode is not None for child in children), "reaped"
    with socket.socket() as again:
        again.bind(("127.0.0.1", server.port))  # the port is free again
    stopped = [e for e in bus.history if e.kind == "stopped"]
    assert len(stopped) == 1 and stopped[0].side == SERVER
    assert sum(e.side == CLIENT and e.kind == "disconnected" for e in bus.history) == 5


def test_a_child_that_dies_is_reported_once() -> None:
    bus = EventBus()
    server = ProcessServer(ServerConfig(port=0), bus)
    server.bind()
    child = server._child
    assert child is not None
    os.kill(child.process.pid, signal.SIGKILL)
    assert child.finished.wait(5)
    server.stop()
    errors = [e for e in bus.history if e.kind == "error"]
    assert len(errors) == 1, errors
    assert errors[0].side == SERVER and "ended unexpectedly" in (errors[0].text or "")
    assert child.process.returncode == -signal.SIGKILL


def held_run(server: LabServer, n: int) -> tuple[ProcessRun, int]:
    """Run 1 in a child process, its ``n`` clients holding their connections to ``server``
    open; the run and its child's pid."""
    run = ProcessRun(ClientConfig(n=n, port=server.port, hold=60, timeout=10), server.bus, run=1).start()
    wait_for(lambda: server.active == n, 20, f"{n} connections held open")
    assert run._child is not None
    return run, run._child.process.pid


def test_a_run_whose_child_dies_still_ends_with_one_finished_event() -> None:
    bus = EventBus()
    with LabServer(ServerConfig(port=0), bus) as server:
        run, pid = held_run(server, 1)
        os.kill(pid, signal.SIGKILL)
        assert run.wait(5)
    ends = [e for e in bus.history if e.kind == "finished"]
    assert [(e.side, e.run) for e in ends] == [(CLIENT, 1)]
    assert any("client run 1 process ended unexpectedly" in (e.text or "") for e in bus.history)


@pytest.mark.parametrize("fails", ["spawn", "first send"])
def test_a_child_that_cannot_start_holds_no_later_event_back(
    monkeypatch: pytest.MonkeyPatch, fails: str
) -> None:
    """EAGAIN from the spawn, or a child gone before it reads its orders: ``start`` raises, and
    the events said after it still reach the bus (no mark left behind for a child that never was)."""
    bus = EventBus()
    refused = OSError(errno.EAGAIN, "Resource temporarily unavailable")

    def refuse(*args: object) -> None:
        raise refused

    if fails == "spawn":
        monkeypatch.setattr(processes, "_Process", refuse)
    else:
        monkeypatch.setattr(processes.Connection, "send_bytes", refuse)
    with pytest.raises(OSError, match="temporarily unavailable"):
        ProcessRun(ClientConfig(n=1, port=1), bus, run=1).start()
    monkeypatch.undo()
    merger = _merger(bus)
    merger.enter(1)
    merger.add(1, [encode([(bus.now(), CLIENT, "sent", 1, None, None, "hi", 2, {"run": 1})])], bus.now())
    merger.leave(1)
    assert [e.kind for e in bus.history] == ["sent"], "merged, not held back by the child that never was"
    now = bus.now()
    assert settled(bus) >= now, "nothing left unsettled"


def _stopped_while_frozen(resume_after: float | None) -> list:
    """A run's child frozen (SIGSTOP) while it holds two connections, then stopped; resumed
    ``resume_after`` seconds into the stop (None: never). The bus's history after the stop."""
    bus = EventBus()
    with LabServer(ServerConfig(port=0), bus) as server:
        run, pid = held_run(server, 2)
        os.kill(pid, signal.SIGSTOP)  # reaped only once resumed or killed: the pid stays its own
        resume = threading.Timer(resume_after or 0, os.kill, (pid, signal.SIGCONT))
        if resume_after is not None:
            resume.start()
        run.stop()
        resume.cancel()
        if resume_after is not None:
            resume.join()
        assert run.done
    return bus.history


def test_a_child_that_takes_its_own_stop_bound_still_sends_its_last_batch() -> None:
    """The child's own stop may take its clients' whole bound: the parent waits past it (plus the
    last batch) before it terminates the child, so the run's end comes from the child."""
    events = _stopped_while_frozen(resume_after=1.1)  # past the second the parent waited before
    ends = [(e.side, e.run, (e.extra or {}).get("stopped")) for e in events if e.kind == "finished"]
    assert ends == [(CLIENT, 1, True)]
    assert not [e.text for e in events if e.kind == "error" and "process" in (e.text or "")]
    assert sum(e.side == CLIENT and e.kind == "disconnected" for e in events) == 2, "its last batch"


def test_a_run_whose_child_is_killed_while_stopping_ends_stopped() -> None:
    events = _stopped_while_frozen(resume_after=None)
    ends = [(e.side, e.run, (e.extra or {}).get("stopped")) for e in events if e.kind == "finished"]
    assert ends == [(CLIENT, 1, True)], "a stop, not a completed run"
    assert any("client run 1 process was stopped" in (e.text or "") for e in events)


LOST_AFTER_ITS_LAST_BATCH = """
import os
from server_core import processes

def _finish(conn, bus, status):  # the last batch goes; the child dies before its done
    processes._send(conn, bus, status)
    os._exit(3)

processes._finish = _finish
"""


def test_a_run_whose_child_dies_after_its_last_batch_ends_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    """The run's ``finished`` came in the child's batch: the parent reports the child's end as
    an error and says no second ``finished``."""
    (tmp_path / "sitecustomize.py").write_text(LOST_AFTER_ITS_LAST_BATCH)  # the child's interpreter only
    path = os.pathsep.join(filter(None, (str(tmp_path), os.environ.get("PYTHONPATH"))))
    monkeypatch.setenv("PYTHONPATH", path)
    bus = EventBus()
    with LabServer(ServerConfig(port=0), bus) as server:
        run = ProcessRun(ClientConfig(n=2, port=server.port, hold=0, timeout=10), bus, run=1).start()
        assert run.wait(20)
    ends = [(e.side, e.run, (e.extra or {}).get("stopped")) for e in bus.history if e.kind == "finished"]
    assert ends == [(CLIENT, 1, None)]
    assert any("client run 1 process ended unexpectedly (exit code 3)" in (e.text or "") for e in bus.history)
    assert sum(e.side == CLIENT and e.kind == "received" for e in bus.history) == 2


def test_a_child_past_descriptor_1023_is_waited_for_and_reaped() -> None:
    """The lab raises its descriptor limit: a child's pidfd may lie past what ``select`` takes."""
    null = os.open(os.devnull, os.O_RDONLY)
    held = [os.dup(null) for _ in range(1100)]
    try:
        bus = EventBus()
        with LabServer(ServerConfig(port=0), bus) as server:
            run = ProcessRun(ClientConfig(n=1, port=server.port, hold=0, timeout=10), bus, run=1).start()
            assert run.wait(20)
        child = run._child
        assert child is not None and child.process._pidfd > 1023
        assert child.process.returncode == 0, "reaped"
        assert [e.kind for e in bus.history if e.side == CLIENT][-1] == "finished"
    finally:
        for fd in [null, *held]:
            os.close(fd)


def test_a_port_in_use_is_refused_as_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    told: list[tuple] = []
    hear = ProcessServer._on_message

    def heard(self: ProcessServer, message: tuple) -> None:
        told.append(message)
        hear(self, message)

    monkeypatch.setattr(ProcessServer, "_on_message", heard)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        bus = EventBus()
        server = ProcessServer(ServerConfig(port=taken.getsockname()[1]), bus)
        with pytest.raises(OSError) as raised:
            server.bind()
    assert raised.value.errno == errno.EADDRINUSE
    assert server._child is not None and server._child.process.returncode is not None
    server._child.finished.wait(5)  # its reader has seen it go
    assert [e.text for e in bus.history if e.kind == "error"] == []  # a refusal, not a crash
    assert [message[0] for message in told] == ["failed"], "the child's own word; stopped cleanly after it"


def test_connection_numbers_go_on_across_restarts() -> None:
    bus = EventBus()
    numbers = ConnectionNumbers()
    for _ in range(2):
        server = ProcessServer(ServerConfig(port=0), bus, numbers)
        server.bind()
        run = ProcessRun(ClientConfig(n=2, port=server.port, hold=0, timeout=10), bus).start()
        assert run.wait(20)
        wait_for(lambda srv=server: srv.active == 0, 5, "handlers done")
        server.stop()
    accepted = [e.client for e in bus.history if e.kind == "accepted"]
    assert sorted(accepted) == [1, 2, 3, 4]


def test_connection_numbers_run_on_without_a_gap_across_servers_and_engines() -> None:
    """A server that gave no number (stopped unused, or refused its port) takes none from the
    next one, on either engine; one that gave some passes on after the last."""
    bus, numbers = EventBus(), ConnectionNumbers()

    def serve(engine: str, clients: int, port: int = 0) -> None:
        server = make_server(engine, ServerConfig(port=port), bus, numbers)
        try:
            server.start()
        except OSError:
            return
        try:
            for _ in range(clients):
                with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
                    sock.sendall(b"hi")
                    assert sock.recv(1024)
            wait_for(lambda: server.active == 0, 5, "handlers done")
        finally:
            server.stop()

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        serve("process", 0)  # stopped unused, as the app's x before step mode's p
        serve("process", 0, taken.getsockname()[1])  # its port in use: never served
        serve("thread", 1)
        serve("process", 2)
        serve("process", 0)
        serve("thread", 1)
    accepted = [e.client for e in bus.history if e.side == SERVER and e.kind == "accepted"]
    assert accepted == [1, 2, 3, 4]
    assert numbers.next == 5


def test_what_the_parent_says_of_a_child_follows_what_the_children_did_before_it() -> None:
    """A run's child that dies is reported by the parent after its last events, and after the
    server child's earlier ones that reach the bus later; and nothing is settled before them."""
    bus = EventBus()
    merger = _merger(bus)
    merger.enter(1)  # the server's child
    merger.enter(2)  # a run's child
    sent = bus.now()
    merger.add(2, [encode([(sent, CLIENT, "sent", 1, None, None, "hi", 2, {"run": 1})])], bus.now())
    read = bus.now()
    merger.leave(2)  # it died: the parent says so
    merger.emit(CLIENT, "error", text="client run 1 process ended unexpectedly (exit code -9)")
    assert bus.history == [] and settled(bus) < read, "both wait for the server child's batch"
    mark = bus.now()  # the server child has reported up to here
    merger.add(1, [encode([(read, SERVER, "received", 1, None, None, "hi", 2, None)])], mark)
    assert [e.kind for e in bus.history] == ["sent", "received", "error"]
    assert settled(bus) == mark  # exactly, not within 10 ms of a later now(): a thread put off
    # between its two clock reads would fail that


def test_ctrl_c_on_run_stops_every_process_of_its_group() -> None:
    """A terminal's Ctrl-C reaches the whole process group: the children ignore it, the parent
    stops them, and nothing of the group is left."""
    command = [*TCP_LAB, "run", "-n", "10", "--hold", "30", "--engine", "process", "--json"]
    proc = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        assert proc.stdout is not None
        received = 0
        while received < 10:  # every client has its reply and holds its connection
            line = proc.stdout.readline()
            assert line, "run ended early"
            received += '"side": "client", "kind": "received"' in line
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=5)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
    assert proc.returncode == 130
    assert "Traceback" not in err
    assert '"kind": "stopped"' in out
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)  # no process of the group is left


def _no_process(*args: object) -> None:
    raise OSError(errno.EAGAIN, "Resource temporarily unavailable")


def _no_thread(thread: object) -> None:
    raise RuntimeError("can't start new thread")


@pytest.mark.parametrize(
    ("where", "fails"),
    [("server_core.processes._Process", _no_process), ("threading.Thread.start", _no_thread)],
)
def test_a_child_that_cannot_start_holds_back_no_event(
    where: str, fails: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Out of processes (or threads), a run's start raises; the events of the server's child
    still reach the bus and time settles (was: the run's mark stayed, holding back every event
    merged after it, for good)."""
    bus = EventBus()
    server = ProcessServer(ServerConfig(port=0), bus)
    server.bind()
    try:
        with monkeypatch.context() as patched:
            patched.setattr(where, fails)
            with pytest.raises((OSError, RuntimeError)):
                ProcessRun(ClientConfig(n=1, port=server.port), bus, run=1).start()
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
            sock.sendall(b"hi")
            assert sock.recv(1024)
        wait_for(lambda: any(e.kind == "disconnected" for e in bus.history), 10, "the server's events merged")
        before = bus.now()
        wait_for(lambda: settled(bus) > before, 5, "time settles")
    finally:
        server.stop()
