"""``tcp-lab serve`` as a process under hard conditions: few descriptors, a crowd, a Ctrl-C."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from test_cli import refused

ROOT = Path(__file__).parents[2]
TCP_LAB = [sys.executable, "-m", "tui_app"]
ENV = {**os.environ, "LANG": "C.UTF-8", "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT)}
REPLY = "收到客户端信息".encode()
BUSY = b"server busy: out of file descriptors\n"


class Serve:
    """A running ``tcp-lab serve --json``: its events arrive on a queue, its stderr is kept."""

    def __init__(self, *args: str, fd_limit: int | None = None, fd_hard: int | None = None) -> None:
        def limit() -> None:
            if fd_limit is not None:
                resource.setrlimit(resource.RLIMIT_NOFILE, (fd_limit, fd_hard or fd_limit))

        self.proc = subprocess.Popen(
            [*TCP_LAB, "serve", "--json", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=ENV,
            cwd=ROOT,
            preexec_fn=limit,
        )
        self.events: queue.Queue[dict] = queue.Queue()
        self.seen: list[dict] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.port = int(self.next_event()["local"].rsplit(":", 1)[1])

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.events.put(json.loads(line))

    def next_event(self, timeout: float = 10) -> dict:
        event = self.events.get(timeout=timeout)
        self.seen.append(event)
        return event

    def until(self, test, timeout: float = 10) -> None:
        """Read events until ``test(seen)`` holds."""
        deadline = time.monotonic() + timeout
        while not test(self.seen):
            self.next_event(max(0.01, deadline - time.monotonic()))

    def count(self, kind: str) -> int:
        return sum(e["kind"] == kind for e in self.seen)

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_bytes(self) -> int:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0

    def interrupt(self) -> str:
        """SIGINT, wait for the exit (code 0), return stderr."""
        self.proc.send_signal(signal.SIGINT)
        assert self.proc.wait(5) == 0
        return self.proc.stderr.read().decode()


@contextmanager
def serving(*args: str, fd_limit: int | None = None, fd_hard: int | None = None) -> Iterator[Serve]:
    srv = Serve("--port", "0", *args, fd_limit=fd_limit, fd_hard=fd_hard)
    try:
        yield srv
    finally:
        if srv.proc.poll() is None:
            srv.proc.kill()
            srv.proc.wait(5)


def answer(sock: socket.socket) -> bytes:
    """What the server said: the reply, the busy line, or whatever came before it closed."""
    data = b""
    with contextlib.suppress(OSError):
        while data not in (REPLY, BUSY) and (chunk := sock.recv(64)):
            data += chunk
    return data


def test_out_of_descriptors_the_server_refuses_with_a_reason_idles_and_recovers() -> None:
    with serving(fd_limit=64) as srv:
        flood = [socket.create_connection(("127.0.0.1", srv.port), timeout=10) for _ in range(120)]
        for sock in flood:
            sock.sendall(b"hello")
        answers = [answer(sock) for sock in flood]
        served, refused = answers.count(REPLY), answers.count(BUSY)
        assert served + refused == 120, set(answers)
        assert served >= 20 and refused >= 20
        cpu_before = srv.cpu_seconds()
        time.sleep(1.0)  # measuring: the flood is held open, the process should sleep
        assert srv.cpu_seconds() - cpu_before < 0.3, "the accept loop spins"
        assert srv.proc.poll() is None
        for sock in flood:
            sock.close()
        srv.until(lambda seen: sum(e["kind"] == "disconnected" for e in seen) == 120)
        with socket.create_connection(("127.0.0.1", srv.port), timeout=5) as again:
            again.sendall(b"after the flood")
            assert answer(again) == REPLY
        srv.until(lambda seen: sum(e["kind"] == "disconnected" for e in seen) == 121)
        assert srv.count("refused") == refused
        shortages = [e for e in srv.seen if e["kind"] == "error" and "out of descriptors" in e["text"]]
        assert 1 <= len(shortages) <= refused
        assert srv.rss_bytes() < 200 << 20
        assert "Traceback" not in srv.interrupt()


def test_sigint_with_100_clients_connected_exits_within_a_second_and_frees_the_port() -> None:
    with serving() as srv:
        socks = [socket.create_connection(("127.0.0.1", srv.port), timeout=10) for _ in range(100)]
        srv.until(lambda seen: sum(e["kind"] == "accepted" for e in seen) == 100)
        started = time.monotonic()
        srv.proc.send_signal(signal.SIGINT)
        assert srv.proc.wait(5) == 0
        assert time.monotonic() - started < 1.0
        assert "Traceback" not in srv.proc.stderr.read().decode()
        for sock in socks:
            sock.close()
        with serving("--port", str(srv.port)) as again:  # a new server binds the same port at once
            assert again.port == srv.port
            assert "Traceback" not in again.interrupt()


def test_the_soft_descriptor_limit_is_raised_to_the_hard_one_at_start() -> None:
    with serving(fd_limit=64, fd_hard=512) as srv:
        assert srv.seen[0]["fd_limit"] == 512
        limits = Path(f"/proc/{srv.proc.pid}/limits").read_text()
        assert next(line for line in limits.splitlines() if line.startswith("Max open files")).split()[
            3:5
        ] == [
            "512",
            "512",
        ]
        assert "Traceback" not in srv.interrupt()


def test_no_flag_means_loopback_and_no_warning() -> None:
    with serving() as srv:
        assert srv.seen[0]["local"].startswith("127.0.0.1:")
        stderr = srv.interrupt()
    assert stderr == ""


def test_a_host_beyond_loopback_that_cannot_be_listened_on_gets_one_line_and_no_warning() -> None:
    # 192.0.2.1 is a documentation address no machine here has: bind fails, nothing is exposed
    result = subprocess.run(
        [*TCP_LAB, "serve", "--host", "192.0.2.1", "--port", "0"],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=ROOT,
        timeout=30,
    )
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "cannot listen" in lines[0] and "warning" not in lines[0]


def test_a_host_beyond_loopback_gets_a_warning_once_it_listens(monkeypatch, capfd) -> None:
    import os
    import signal

    from server_core.server import LabServer
    from tui_app import cli

    start = LabServer.start

    def start_then_stop(self: LabServer) -> LabServer:
        os.kill(os.getpid(), signal.SIGINT)  # the serve returns at once, cleanly
        return start(self)

    monkeypatch.setattr(LabServer, "start", start_then_stop)
    monkeypatch.setattr("server_core.wire.is_loopback", lambda host: False)  # as a LAN address would be
    assert cli.main(["serve", "--host", "127.0.0.1", "--port", "0"]) == 0
    err = capfd.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("tcp-lab: warning: listening on 127.0.0.1"), err


@pytest.mark.parametrize(
    "args",
    [
        ["--max-bytes", "-1"],
        ["--max-bytes", "lots"],
        ["--send-timeout", "-1"],
        ["--send-timeout", "nan"],
        ["--idle-timeout", "soon"],
        ["--max-clients", "1.5"],
    ],
)
def test_bad_policy_values_get_one_line_and_exit_2(args: list[str]) -> None:
    assert args[0] in refused(["serve", "--port", "0", *args])
