"""The command line under faults: refusals, values that can never work, a reader that does not
read or goes away, stop signals, an interrupted export. Real processes on loopback, port 0."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from helpers import events_of, wait_for
from test_cli import help_pointer

from server_core import SERVER, EventBus, LabServer

ROOT = Path(__file__).parents[2]
TCP_LAB = [sys.executable, "-m", "tui_app"]
ENV = {**os.environ, "LANG": "C.UTF-8", "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
ENV["PYTHONDONTWRITEBYTECODE"] = "1"  # a file-size limit set for a test must not meet a .pyc


def run(*args: str | bytes, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([*TCP_LAB, *args], capture_output=True, env=ENV, cwd=ROOT, timeout=timeout)


def lines_of(data: bytes) -> list[dict]:
    return [json.loads(line) for line in data.decode().splitlines()]


def gapless(events: list[dict]) -> bool:
    seqs = [e["seq"] for e in events if "seq" in e]
    return seqs == list(range(1, len(seqs) + 1))


@contextmanager
def tcp_lab(*args: str, **popen: object) -> Iterator[subprocess.Popen]:
    """``tcp-lab ARGS`` running; killed if still running at the end."""
    proc = subprocess.Popen([*TCP_LAB, *args], env=ENV, cwd=ROOT, **popen)  # type: ignore[call-overload]
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(5)


def wait_listening(path: Path) -> int:
    """The port of a ``serve --json`` whose stdout goes to ``path``, once it listens."""
    wait_for(lambda: path.exists() and path.read_text().strip(), 10, "listening")
    return int(json.loads(path.read_text().splitlines()[0])["local"].rsplit(":", 1)[1])


def talk(port: int, connections: int) -> None:
    """``connections`` lesson-style clients, one after another."""
    for i in range(connections):
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(f"客户端{i}连接成功".encode())
            sock.recv(1024)


# -- 1. a refusal is not a reply -----------------------------------------------------------------


def test_refused_clients_are_failed_and_the_exit_status_says_so(start_server) -> None:
    server: LabServer = start_server(max_clients=1)
    result = run("clients", "-n", "3", "--hold", "0.3", "--port", str(server.port), "--json")
    assert result.returncode == 1, result.stderr
    events = lines_of(result.stdout)
    summary = events[-1]
    assert (summary["ok"], summary["failed"], summary["max_concurrency"]) == (1, 2, 1)
    refusals = [e for e in events if e.get("kind") == "error" and e.get("refused")]
    assert len(refusals) == 2
    assert all(e["text"] == "refused: at most 1 clients at once" for e in refusals)


# -- 2. values that can never work are refused at parse time --------------------------------------


NEVER = [
    ("clients", "--message="),
    ("serve", "--reply="),
    ("clients", "--message", b"\xff\xfe"),
    ("serve", "--reply", b"ok\xed\xa0\x80"),
    ("clients", "--hold", "1e10"),
    ("serve", "--delay", "1e10"),
    ("serve", "--send-timeout", "1e308"),
    ("serve", "--idle-timeout", "inf"),
    ("clients", "--timeout", "nan"),
    ("clients", "-n", "３"),
    ("clients", "--hold", "１.５"),
    ("serve", "--max-clients", "²"),
    ("serve", "--backlog", "٣"),
    ("serve", "--backlog", "2147483648"),
    ("serve", "--export", "/proc/events.jsonl"),
    ("serve", "--export", "/nonexistent-directory/events.csv"),
    ("serve", "--export", "x" * 300 + ".jsonl"),
    ("clients", "--export", "events.txt"),
]


@pytest.mark.parametrize("args", NEVER, ids=lambda args: " ".join(map(repr, args))[:60])
def test_values_that_can_never_work_get_one_line_and_exit_2_before_anything_connects(
    args: tuple[str | bytes, ...],
) -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.setblocking(False)
        port = str(listener.getsockname()[1])
        started = time.monotonic()
        result = run(*args, "--port", port if args[0] == "clients" else "0", timeout=10)
        elapsed = time.monotonic() - started
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody connected
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert help_pointer(err) == f"tcp-lab {args[0]}" and "Traceback" not in err, err  # a line, then help
    assert elapsed < 5, "a refusal at parse time takes no timeout"


def test_the_backlog_takes_what_the_kernel_takes_and_shows_its_cap(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    args = ("serve", "--port", "0", "--json", "--backlog", "100000")
    with out.open("wb") as stdout, tcp_lab(*args, stdout=stdout) as proc:
        wait_listening(out)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(5) == 0
    listening = lines_of(out.read_bytes())[0]
    assert listening["backlog"] == 100000
    somaxconn = Path("/proc/sys/net/core/somaxconn")
    if somaxconn.exists():
        assert listening["options"]["backlog"] == min(100000, int(somaxconn.read_text()))


# -- 3. output never splices or drops ------------------------------------------------------------


def test_a_signal_while_a_slow_reader_holds_the_pipe_loses_no_line(start_server, bus: EventBus) -> None:
    """``clients --json | (sleep 3; cat)`` and a Ctrl-C: the signal comes while a write to the
    full pipe is partly done, where an unbuffered ``sys.stdout`` lost the rest of its batch."""
    server: LabServer = start_server()
    args = ["clients", "-n", "200", "--hold", "30", "--port", str(server.port), "--json"]
    with tcp_lab(*args, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        wait_for(lambda: events_of(bus.history, SERVER, "replied")[199:], 20, "200 clients answered")
        time.sleep(0.5)  # measuring: the output is blocked on the pipe nobody reads yet
        proc.send_signal(signal.SIGINT)
        time.sleep(0.5)
        out, err = proc.communicate(timeout=20)
    events = lines_of(out)  # every line parses
    assert gapless(events)
    assert events[-1]["kind"] == "summary"
    # a reply the signal caught on its way is the run's, not the output's: every reply the run
    # counts has its line (all 200 but on a machine too loaded to read them in half a second)
    received = sum(e.get("kind") == "received" for e in events)
    assert received == len(events[-1]["replied_order"]) > 0
    assert proc.returncode == 130, err


def test_a_reader_that_never_reads_never_stops_serve_from_stopping_and_exporting(tmp_path: Path) -> None:
    export = tmp_path / "all.jsonl"
    read_end, write_end = os.pipe()
    err = tmp_path / "err"
    with (
        err.open("wb") as stderr,
        tcp_lab(
            "serve", "--port", "0", "--json", "--export", str(export), stdout=write_end, stderr=stderr
        ) as proc,
    ):
        os.close(write_end)
        port = int(json.loads(os.read(read_end, 4096).split(b"\n")[0])["local"].rsplit(":", 1)[1])
        talk(port, 300)  # far more than a pipe holds; nobody reads any of it
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(20) == 1
        assert time.monotonic() - started < 10
    os.close(read_end)
    events = lines_of(export.read_bytes())
    assert gapless(events) and events[-1]["kind"] == "stopped"
    assert sum(e["kind"] == "replied" for e in events) == 300
    said = err.read_text()
    assert "events not written" in said and "Traceback" not in said


def test_a_reader_that_goes_away_is_one_line_and_the_export_keeps_everything(tmp_path: Path) -> None:
    export = tmp_path / "all.jsonl"
    read_end, write_end = os.pipe()
    with tcp_lab(
        "serve", "--port", "0", "--json", "--export", str(export), stdout=write_end, stderr=subprocess.PIPE
    ) as proc:
        os.close(write_end)
        port = int(json.loads(os.read(read_end, 4096).split(b"\n")[0])["local"].rsplit(":", 1)[1])
        os.close(read_end)  # the reader is gone: the next write fails with EPIPE
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"hello")
            sock.recv(1024)
        _, err = proc.communicate(timeout=20)
    assert proc.returncode == 1
    said = err.decode()
    assert "standard output failed" in said and "Traceback" not in said
    events = lines_of(export.read_bytes())
    assert gapless(events) and events[-1]["kind"] == "stopped"
    assert any(e["kind"] == "received" and e["text"] == "hello" for e in events)


# -- 5. signals ------------------------------------------------------------------------------------


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_stops_serve_and_writes_its_export(sig: int, tmp_path: Path) -> None:
    export, out = tmp_path / "x.jsonl", tmp_path / "out.jsonl"
    with (
        out.open("wb") as stdout,
        tcp_lab(
            "serve", "--port", "0", "--json", "--export", str(export), stdout=stdout, stderr=subprocess.PIPE
        ) as proc,
    ):
        talk(wait_listening(out), 3)
        proc.send_signal(sig)
        assert proc.wait(10) == 0
    events = lines_of(export.read_bytes())
    assert gapless(events) and events[-1]["kind"] == "stopped"
    assert export.read_bytes() == out.read_bytes()  # the export is the --json lines, exactly


def test_a_second_ctrl_c_during_an_export_abandons_it_and_leaves_no_file(tmp_path: Path) -> None:
    export, out = tmp_path / "x.trace.json", tmp_path / "out.jsonl"
    with (
        out.open("wb") as stdout,
        tcp_lab(
            "serve", "--port", "0", "--export", str(export), stdout=stdout, stderr=subprocess.PIPE
        ) as proc,
    ):
        wait_for(lambda: out.exists() and out.read_text(), 10, "listening")
        port = int(out.read_text().split("listening on ", 1)[1].split()[0].rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            for _ in range(30_000):  # one connection, many messages: an export that takes a while
                sock.sendall(b"x")
                sock.recv(1024)
        proc.send_signal(signal.SIGINT)
        wait_for(lambda: any(tmp_path.glob(".tcp-lab-export-*")), 20, "the export under way")
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    assert proc.returncode == 1
    said = err.decode()
    assert "export abandoned" in said and "Traceback" not in said
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_no_memory_for_the_output_is_a_failure_and_the_history_keeps_every_event(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import server_core.jsonl
    from server_core import SERVER, EventBus
    from tui_app.output import Output

    def no_memory(data: object) -> str:
        raise MemoryError

    monkeypatch.setattr(server_core.jsonl, "event_line", no_memory)  # what JSON output loads
    bus = EventBus()
    for i in range(10):
        bus.emit(SERVER, "received", i, text="x", bytes=1)
    read_end, write_end = os.pipe()
    try:
        out = Output(bus, True, "en", fd=write_end).start()
        assert not out.close(5)
        assert out.failure == "MemoryError" and out.unwritten == 10
    finally:
        os.close(read_end)
        os.close(write_end)
    assert [e.seq for e in bus.history] == list(range(1, 11))
