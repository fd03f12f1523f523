"""What the command line says is exactly what happened: a reader that stops reading gets whole
lines and an exact count, a refusal is not a reply, numbers take ASCII digits only, bad argv bytes
are shown as bytes, a stop signal's exit code names it, a cut character is one message."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from server_core import SERVER, EventBus
from tui_app.output import Output

pytestmark = pytest.mark.timeout(60)

ROOT = Path(__file__).parents[2]
TCP_LAB = [sys.executable, "-m", "tui_app"]
ENV = {**os.environ, "LANG": "C.UTF-8", "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}


def read_all(fd: int) -> bytes:
    os.set_blocking(fd, False)
    data = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            return data
        if not chunk:
            return data
        data += chunk


def test_a_reader_that_stops_gets_whole_lines_and_an_exact_count() -> None:
    bus = EventBus()
    for i in range(1000):
        bus.emit(SERVER, "received", i, text="x" * (100 + i % 37), bytes=100 + i % 37)
    read_end, write_end = os.pipe()
    try:
        out = Output(bus, True, "en", fd=write_end).start()
        assert not out.close(0.5)
        data = read_all(read_end)
    finally:
        os.close(read_end)
        os.close(write_end)
    assert data.endswith(b"\n"), "a line was cut"
    lines = [json.loads(line) for line in data.decode().splitlines()]
    assert 0 < len(lines) < 1000
    assert out.written == len(lines) and out.unwritten == 1000 - len(lines)
    assert [line["seq"] for line in lines] == list(range(1, len(lines) + 1))


@pytest.mark.parametrize("digits", ["３", "٣", "²", "1３"])
def test_numbers_take_ascii_digits_only_with_one_message(digits: str) -> None:
    from server_core import parse_order, parse_sockopt
    from server_core.stepping import parse_schedule
    from tui_app import options

    checks = [
        lambda: parse_order(f"semaphore:{digits}"),
        lambda: parse_sockopt(f"TCP_KEEPIDLE={digits}"),
        lambda: options.count(digits),
        lambda: options.port(digits),
        lambda: parse_schedule(f"{digits}:connect"),
    ]
    for check in checks:
        with pytest.raises(ValueError, match="in ASCII digits 0-9"):
            check()


@pytest.mark.parametrize(
    ("check", "text"),
    [
        ("order", "semaphore:0"),
        ("sockopt", "TCP_KEEPIDLE=0"),
        ("sockopt", "TCP_KEEPIDLE=99999999999"),
        ("count", "0"),
        ("count", "10001"),
        ("port", "99999"),
        ("backlog", "0"),
        ("schedule", "0:connect"),
        ("size", "10x5"),
    ],
)
def test_a_number_out_of_range_is_told_its_range_without_the_digits_hint(check: str, text: str) -> None:
    from server_core import parse_order, parse_sockopt
    from server_core.stepping import parse_schedule
    from tui_app import options
    from tui_app.recording_cli import size
    from tui_app.strings import why

    checks = {
        "order": parse_order,
        "sockopt": parse_sockopt,
        "count": options.count,
        "port": options.port,
        "backlog": options.backlog,
        "schedule": parse_schedule,
        "size": size,
    }
    with pytest.raises(ValueError) as refused:
        checks[check](text)
    message = str(refused.value)
    assert "ASCII" not in message and "ASCII" not in why(message, "zh"), message


def test_a_character_cut_by_the_close_is_one_message_with_its_end_after(start_server, bus: EventBus) -> None:
    import socket

    from helpers import wait_for

    from tui_app.connections import ConnectionBook
    from tui_app.strings import describe

    server = start_server()
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(b"\xe4\xb8")
        assert sock.recv(100)
    wait_for(lambda: any(e.kind == "disconnected" for e in bus.history), what="disconnected")
    received = [e for e in bus.history if e.side == SERVER and e.kind == "received"]
    assert sum(e.bytes or 0 for e in received) == 2
    assert "".join(e.text or "" for e in received) == "\\xe4\\xb8"
    chunk, tail = received
    assert not (chunk.extra or {}).get("tail") and (tail.extra or {}).get("tail") is True
    assert tail.bytes == 0 and "left unfinished when the connection ended" in describe(tail)
    book = ConnectionBook()
    book.apply(list(bus.history))
    (conn,) = book.connections.values()
    assert book.messages == 1 and conn.sent == 1 and conn.last_sent == "\\xe4\\xb8"


BAD = "is not valid UTF-8 text: "


def run_cli(*args: str | bytes) -> subprocess.CompletedProcess:
    return subprocess.run([*TCP_LAB, *args], capture_output=True, env=ENV, cwd=ROOT, timeout=30)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["clients", "--message", b"\xff"], f"tcp-lab clients: error: argument --message: {BAD}'\\xff'"),
        (["serve", "--reply", b"\xe4\xb8"], f"tcp-lab serve: error: argument --reply: {BAD}'\\xe4\\xb8'"),
        (["clients", "--lang", b"\xfe"], "tcp-lab clients: error: argument --lang: invalid choice: '\\xfe'"),
        (["clients", "--export", b"/nonexistent/\xff.jsonl"], "tcp-lab clients: error: argument --export: "),
        (["clients", "--timeline", "--json"], "tcp-lab clients: error: argument --json: not allowed"),
    ],
)
def test_argument_errors_show_bytes_as_bytes_after_one_prefix(args: list, said: str) -> None:
    done = run_cli(*args)
    err = done.stderr.decode()
    assert done.returncode == 2 and err.startswith(said) and err.count("\n") == 2  # then where help is
    assert "\\udc" not in err


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_a_stop_signal_to_clients_exits_128_plus_its_number(start_server, sig: int, code: int) -> None:
    from helpers import wait_for

    server = start_server()
    args = ["clients", "-n", "2", "--hold", "30", "--port", str(server.port)]
    proc = subprocess.Popen([*TCP_LAB, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
    try:
        wait_for(lambda: server.active == 2, 20, "2 clients holding")  # it catches signals before they start
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == code, err


@pytest.mark.parametrize("command", ["clients", "run"])
def test_a_stop_signal_as_the_clients_start_is_a_clean_stop(start_server, monkeypatch, command: str) -> None:
    from server_core.clients import ClientRun
    from tui_app import cli

    start = ClientRun.start

    def start_after_a_signal(self: ClientRun) -> ClientRun:
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C as the clients start, before any line is out
        return start(self)

    monkeypatch.setattr(ClientRun, "start", start_after_a_signal)
    port = str(start_server().port) if command == "clients" else "0"
    where = ["--port", port] if command == "clients" else ["--port", port, "--engine", "thread"]
    assert cli.main([command, "-n", "2", *where]) == 130


@pytest.mark.parametrize("text", ["'=1+2", "=1+2", "'", "''x", "plain", "-3", "it's"])
def test_a_csv_cell_reads_back_exactly_one_quote_removed(text: str) -> None:
    from server_core.export import csv_cell

    cell = csv_cell(text)
    assert (cell[1:] if cell.startswith("'") else cell) == text
    assert not cell.startswith(("=", "+", "-", "@"))


@pytest.mark.parametrize("export", [False, True])
def test_a_gone_reader_names_the_export_only_if_one_is_written(
    start_server, tmp_path: Path, export: bool
) -> None:
    server = start_server()
    args = ["clients", "-n", "3", "--hold", "0", "--json", "--port", str(server.port)]
    if export:
        args += ["--export", str(tmp_path / "run.jsonl")]
    proc = subprocess.Popen([*TCP_LAB, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
    assert proc.stdout is not None
    proc.stdout.close()  # as `| head -0` would
    _, err = proc.communicate(timeout=30)
    said = err.decode()
    assert "standard output failed" in said
    assert ("the export has them" in said) == export
