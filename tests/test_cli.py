"""The command-line contract, run as a user runs it: real processes on loopback."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import re
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
from helpers import lesson_client, lesson_server, on_terminal

from server_core.events import CLIENT_KINDS, SERVER_KINDS
from tui_app import options

ROOT = Path(__file__).parents[1]
TCP_LAB = [sys.executable, "-m", "tui_app"]
ENV = {**os.environ, "LANG": "C.UTF-8", "PYTHONUNBUFFERED": "1"}


_HELP = r"(tcp-lab(?: [a-z]+)?)(?: --lang [a-z]+)? --help"  # the command whose help a refusal points to
POINTER = re.compile(rf"see {_HELP} for how to use it|用法见 {_HELP}")


def refused(args: list[str]) -> str:
    """Run tcp-lab with ``args`` it must refuse: exit 2, one line on stderr saying why, no
    traceback, and after it nothing or where the command's usage is (:func:`help_pointer`); what
    stderr said."""
    result = subprocess.run([*TCP_LAB, *args], capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=30)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    help_pointer(result.stderr)
    return result.stderr


def help_pointer(stderr: str) -> str | None:
    """The command ``stderr`` (a refusal: one line, then maybe a second) points to for help
    (``tcp-lab clients`` for ``see tcp-lab clients --help for how to use it``); None when there
    is no second line. The pointer names the command the refusal's first line names."""
    said = stderr.strip().splitlines()
    assert len(said) in (1, 2), said
    if len(said) == 1:
        return None
    pointed = POINTER.fullmatch(said[1])
    assert pointed is not None, said
    pointer = pointed.group(1) or pointed.group(2)
    prog = re.match(r"tcp-lab(?: [a-z]+)?", said[0])
    assert prog is not None and prog.group() in (pointer, "tcp-lab"), said  # "tcp-lab: " a file's
    return pointer


class Serve:
    """A running ``tcp-lab serve --json`` whose stdout lines arrive on a queue."""

    def __init__(self, proc: subprocess.Popen) -> None:
        self.proc = proc
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.listening = self.next_event()
        self.port = int(self.listening["local"].rsplit(":", 1)[1])

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line)

    def next_event(self, timeout: float = 10) -> dict:
        return json.loads(self.lines.get(timeout=timeout))

    def until(self, kind: str, count: int) -> list[dict]:
        """Events up to and including the ``count``-th one of ``kind``."""
        events: list[dict] = []
        while sum(e["kind"] == kind for e in events) < count:
            events.append(self.next_event())
        return events


@contextmanager
def serve(*args: str) -> Iterator[Serve]:
    proc = subprocess.Popen(
        [*TCP_LAB, "serve", "--port", "0", "--json", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    try:
        yield Serve(proc)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(5)


def clients(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*TCP_LAB, "clients", *args], capture_output=True, text=True, env=ENV, timeout=timeout
    )


def json_lines(result: subprocess.CompletedProcess) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_lock_ordered_clients_take_turns() -> None:
    with serve() as srv:
        result = clients("-n", "8", "--port", str(srv.port), "--order", "lock", "--hold", "0.2", "--json")
    assert result.returncode == 0, result.stderr
    objects = json_lines(result)
    summary = objects[-1]
    assert summary["kind"] == "summary"
    assert set(summary) >= {"clients", "ok", "failed", "max_concurrency", "makespan", "order"}
    assert (summary["clients"], summary["ok"], summary["failed"]) == (8, 8, 0)
    assert summary["max_concurrency"] == 1
    assert summary["makespan"] >= 1.6
    assert sorted(summary["order"]) == list(range(1, 9))
    seqs = [o["seq"] for o in objects[:-1]]
    assert seqs == list(range(1, len(seqs) + 1))
    for event in objects[:-1]:
        assert set(event) >= {"seq", "t", "side", "kind", "client", "local", "peer", "text", "bytes"}
        assert event["side"] == "client" and event["kind"] in CLIENT_KINDS


def test_free_clients_all_overlap_and_queue_goes_in_order() -> None:
    with serve() as srv:
        free = json_lines(clients("-n", "8", "--port", str(srv.port), "--hold", "0.5", "--json"))[-1]
        queued = json_lines(
            clients("-n", "8", "--port", str(srv.port), "--order", "queue", "--hold", "0", "--json")
        )[-1]
    assert free["max_concurrency"] == 8
    assert queued["order"] == list(range(1, 9))


def test_server_events_join_client_events_by_address() -> None:
    with serve() as srv:
        result = clients("-n", "2", "--port", str(srv.port), "--hold", "0", "--json")
        accepted = srv.until("disconnected", 2)
    assert all(e["side"] == "server" and e["kind"] in SERVER_KINDS for e in accepted)
    client_locals = {e["local"] for e in json_lines(result)[:-1] if e["kind"] == "connected"}
    server_peers = {e["peer"] for e in accepted if e["kind"] == "accepted"}
    assert client_locals == server_peers and len(client_locals) == 2


def test_serve_starts_a_new_thread_per_connection_when_told() -> None:
    with serve() as default:
        assert default.listening["threads"] == "reuse"
    with serve("--threads", "new") as srv:
        assert srv.listening["threads"] == "new"
        served: list[dict] = []
        for _ in range(2):  # one after the other: the first has ended before the second connects
            lesson_client(srv.port, b"hi")
            served += [e for e in srv.until("disconnected", 1) if e["kind"] == "disconnected"]
    assert [e["thread"] for e in served] == ["handler-1", "handler-2"]


def test_lesson_clients_get_replies_from_serve() -> None:
    with serve() as srv:
        replies: list[bytes] = []
        threads = [
            threading.Thread(
                target=lambda i=i: replies.append(lesson_client(srv.port, f"客户端{i}正在连接".encode()))
            )
            for i in (1, 2, 3)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
        received = [e for e in srv.until("received", 3) if e["kind"] == "received"]
    assert replies == ["收到客户端信息".encode()] * 3
    assert sorted(e["text"] for e in received) == [f"客户端{i}正在连接" for i in (1, 2, 3)]


def test_clients_work_against_a_lesson_style_server() -> None:
    with lesson_server() as port:
        result = clients("-n", "3", "--port", str(port), "--hold", "0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("收到客户端信息") == 3
    assert "3 clients: 3 ok, 0 failed" in result.stdout


def test_clients_against_a_server_elsewhere_print_every_order_line_the_accept_one_unseen() -> None:
    with lesson_server() as port:
        result = clients("-n", "3", "--port", str(port), "--hold", "0")
    assert result.returncode == 0, result.stderr
    labels = [line.split()[0] for line in result.stdout.splitlines() if line.split()[:1]]
    assert [label for label in labels if label in ("launched", "accepted", "received")] == [
        "launched",
        "accepted",
        "received",  # the order in which the clients received their replies
    ]
    unseen = r"^accepted +- \(not seen here: the server runs in another process\)$"
    assert re.search(unseen, result.stdout, re.M), result.stdout


def test_readable_output_shows_the_lesson_texts() -> None:
    with serve():
        pass
    with lesson_server() as port:
        out = clients("-n", "2", "--port", str(port), "--hold", "0").stdout
    assert "client  r1.1 sending: 客户端1连接成功" in out
    assert "client  client" not in out  # the side is named once, in its column
    assert "received: 收到客户端信息" in out


def test_clients_without_a_server_fail_fast_with_exit_1() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound, not listening: connects are refused
        started = time.monotonic()
        result = clients("-n", "3", "--port", str(port), "--timeout", "5")
    assert result.returncode == 1
    assert time.monotonic() - started < 10
    assert "Traceback" not in result.stderr + result.stdout
    assert "3 clients: 0 ok, 3 failed" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["clients", "-n", "0"],
        ["clients", "-n", "abc"],
        ["serve", "--port", "70000"],
        ["clients", "--hold", "-1"],
        ["serve", "--order", "mutex"],
        ["clients", "--order", "semaphore:0"],
        ["clients", "--order", "semaphore:"],
        ["serve", "--order", "sequential"],
        ["clients", "--timeout", "0"],
        ["serve", "--sockopt", "SO_LINGER=1"],
        ["serve", "--sockopt", "nodelay"],
        ["clients", "--sockopt", "TCP_NODELAY=2"],
        ["clients", "--sockopt", "keepidle=0"],
        ["serve", "--accept", "polling"],
        ["serve", "--threads", "pool"],
        ["--bogus"],
    ],
)
def test_bad_arguments_give_one_line_and_exit_2(args: list[str]) -> None:
    assert "error" in refused(args)


WIDTH = "semaphore width must be a whole number"
PICTURE = ["open", "x.jsonl", "--svg", "o.svg", "--size"]  # a recording's picture, its size to come


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["serve", "--port", "99999"], "must be a port from 0 to 65535, not '99999'"),
        (["serve", "--backlog", "0"], "must be a whole number from 1 to 2147483647, not '0'"),
        (["clients", "-n", "10001"], "must be a whole number from 1 to 10000, not '10001'"),
        (["clients", "--order", "semaphore:0"], f"{WIDTH} from 1 to 10000, not '0'"),
        (["--lang", "zh", "serve", "--port", "99999"], "应为0到65535的端口，而不是 '99999'"),
        (["serve", "--port", "-1"], "must be a port from 0 to 65535, not '-1'"),
        (["clients", "-n", "-1"], "must be a whole number from 1 to 10000, not '-1'"),
        (["clients", "--order", "semaphore:-1"], f"{WIDTH} from 1 to 10000, not '-1'"),
        (["clients", "--order", "semaphore:10001"], f"{WIDTH} from 1 to 10000"),
        (["run", "--server-order", "semaphore:99999"], f"{WIDTH} from 1 to 10000"),
        (["serve", "--order", "semaphore:+99999"], f"{WIDTH} from 1 to 10000"),
        (["--lang", "zh", "clients", "--order", "semaphore:10001"], "信号量宽度应为1到10000的整数"),
        (["clients", "--hold", "-1"], "must be a number of seconds from 0 to 2147483647, not '-1'"),
        (["serve", "--delay", "-0.5"], "must be a number of seconds from 0 to 2147483647, not '-0.5'"),
        (["clients", "--hold", "1e99"], "must be a number of seconds from 0 to 2147483647, not '1e99'"),
        (["clients", "--timeout", "-1"], "more than 0 and at most 2147483647, not '-1'"),
        (["serve", "--idle-timeout", "-1"], "must be a number of seconds from 0 to 2147483647, not '-1'"),
        (["--lang", "zh", "clients", "--hold", "-1"], "应为0到2147483647的秒数，而不是 '-1'"),
        (["--lang", "zh", *PICTURE, "10x5"], "'10x5' 超出范围（20到1000列、10到1000行）"),
        (["serve", "--sockopt", "TCP_KEEPIDLE=-1"], "TCP_KEEPIDLE must be a whole number from 1 to 32767"),
        (["serve", "--backlog", "-5"], "must be a whole number from 1 to 2147483647, not '-5'"),
        (["serve", "--max-bytes", "-1"], "must be a whole number, 0 for no limit, not '-1'"),
        (["--lang", "zh", "serve", "--port", "-1"], "应为0到65535的端口，而不是 '-1'"),
        (["--lang", "zh", "clients", "-n", "-1"], "应为1到10000的整数，而不是 '-1'"),
    ],
)
def test_a_well_formed_number_out_of_range_is_told_its_range_only(args: list[str], said: str) -> None:
    line = refused(args)
    assert said in line and "ASCII" not in line, line


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["clients", "-n", ""], "argument -n: is empty; it must be a whole number from 1 to 10000"),
        (["clients", "-n", " "], "argument -n: is empty; it must be a whole number from 1 to 10000"),
        (["clients", "--hold", ""], "is empty; it must be a number of seconds from 0 to 2147483647"),
        (["clients", "--timeout", ""], "is empty; it must be a number of seconds more than 0 and at most"),
        (["serve", "--port", ""], "argument --port: is empty; it must be a port from 0 to 65535"),
        (["serve", "--backlog", ""], "is empty; it must be a whole number from 1 to 2147483647"),
        (["serve", "--max-bytes", ""], "is empty; it must be a whole number, 0 for no limit"),
        (["serve", "--host", ""], "is empty; it must be an IP address such as 127.0.0.1"),
        (["serve", "--accept", ""], "is empty; it must be one of blocking, timeout, nonblocking"),
        (["serve", "--threads", ""], "is empty; it must be one of reuse, new"),
        (["clients", "--order", ""], "is empty; it must be one of free, lock, semaphore:K, queue"),
        (["clients", "--order", "semaphore:"], "semaphore width is empty; it must be a whole number"),
        (["clients", "--sockopt", "TCP_KEEPIDLE="], "TCP_KEEPIDLE is empty; it must be a whole number"),
        (["clients", "--sockopt", "nodelay="], "TCP_NODELAY is empty; it must be 0/1 (off/on)"),
        (["exhibit", "deadlock", "-n", ""], "is empty; it must be a whole number from 2 to"),
        ([*PICTURE, ""], "is empty; it must be COLSxROWS, 20-1000 columns"),
        (["--lang", "zh", *PICTURE, ""], "为空；应为 COLSxROWS，20到1000列"),
        (["--lang", "zh", "clients", "-n", ""], "参数 -n：为空；应为1到10000的整数"),
        (
            ["--lang", "zh", "serve", "--accept", ""],
            "为空；应为 blocking 阻塞、timeout 超时、nonblocking 非阻塞 之一",
        ),
        (["--lang", "zh", "clients", "--sockopt", "nodelay="], "TCP_NODELAY 为空；应为0/1（关/开）"),
    ],
)
def test_an_empty_value_is_said_to_be_empty_with_what_it_must_be(args: list[str], said: str) -> None:
    line = refused(args)
    assert said in line and "''" not in line and "ASCII" not in line, line


@pytest.mark.parametrize("text", ["+5", " 5", "5 ", "+005"])
def test_a_sign_and_blanks_around_a_number_are_read_alike(text: str) -> None:
    assert options.count(text) == 5 and options.port(text) == 5


@pytest.mark.timeout(60)
@pytest.mark.parametrize("command", ["clients", "run"])
@pytest.mark.parametrize("as_json", [False, True], ids=["readable", "json"])
def test_a_run_cut_short_by_ctrl_c_says_so_and_counts_its_clients_stopped(
    command: str, as_json: bool
) -> None:
    """Ctrl-C while the clients held their connections exited 130 after "run 1: every client
    done" and "5 clients: 5 ok, 0 failed": the output says the run was stopped, and by what."""
    with contextlib.ExitStack() as stack:
        args = ["-n", "5", "--hold", "30", *(["--json"] if as_json else [])]
        if command == "clients":
            args += ["--port", str(stack.enter_context(serve()).port)]
        else:
            args += ["--engine", "thread"]
        proc = subprocess.Popen(
            [*TCP_LAB, command, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV
        )
        lines: queue.Queue[str] = queue.Queue()
        reader = threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True)
        reader.start()
        out, replies, deadline = [], 0, time.monotonic() + 20
        while replies < 5:  # every client got its reply and holds its connection
            assert time.monotonic() < deadline, out
            out.append(lines.get(timeout=20))
            line = out[-1]
            replies += ('"received"' in line and '"client"' in line) if as_json else "received:" in line
        proc.send_signal(signal.SIGINT)
        assert proc.wait(5) == 130
        reader.join(5)  # the rest of the output, to its end
        while not lines.empty():
            out.append(lines.get())
    text = "".join(out)
    if as_json:
        summary = json.loads(out[-1])
        assert summary["stopped_by"] == "SIGINT" and (summary["ok"], summary["stopped"]) == (0, 5), summary
        finished = [json.loads(line) for line in out if '"finished"' in line]
        assert finished[0]["stopped"] is True
    else:
        assert "every client done" not in text and "run 1 stopped before it ended" in text, text
        assert "5 clients: 0 ok, 0 failed, 5 stopped" in text and "stopped by SIGINT" in text, text


def test_busy_port_gives_one_line_naming_the_port() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [*TCP_LAB, "serve", "--port", str(port)], capture_output=True, text=True, env=ENV, timeout=30
        )
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0
    assert str(port) in result.stderr and "in use" in result.stderr


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_signal_with_clients_connected_exits_within_a_second(sig: int) -> None:
    proc = subprocess.Popen(
        [*TCP_LAB, "serve", "--port", "0", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    srv = Serve(proc)
    socks = [socket.create_connection(("127.0.0.1", srv.port), timeout=5) for _ in range(20)]
    srv.until("accepted", 20)
    started = time.monotonic()
    proc.send_signal(sig)
    assert proc.wait(5) == 0
    assert time.monotonic() - started < 1.0
    assert "Traceback" not in proc.stderr.read()
    for sock in socks:
        sock.close()
    with socket.socket() as again:
        again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        again.bind(("127.0.0.1", srv.port))


def test_interrupted_clients_exit_130_at_once() -> None:
    with serve("--order", "lock") as srv:
        proc = subprocess.Popen(
            [*TCP_LAB, "clients", "-n", "5", "--port", str(srv.port), "--hold", "30"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=ENV,
        )
        srv.until("replied", 1)
        started = time.monotonic()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(5) == 130
        assert time.monotonic() - started < 1.5
        assert "Traceback" not in proc.stderr.read()


def test_the_readable_summary_says_how_many_failed_once() -> None:
    with socket.socket() as sock:  # a port nobody listens on: every connect is refused
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    out = clients("-n", "2", "--port", str(port)).stdout.splitlines()
    summary = out[out.index(next(line for line in out if line.startswith("2 clients:"))) :]
    assert "2 failed" in summary[0]
    assert not any("failed" in line for line in summary[1:]), summary  # the verdict does not repeat it
    assert not any("2 clients" in line for line in summary[1:]), summary  # nor the count of clients



def test_the_summary_on_a_terminal_is_broken_where_words_allow_not_by_the_terminal() -> None:
    with serve() as server:
        argv = [*TCP_LAB, "clients", "-n", "3", "--hold", "0", "--port", str(server.port)]
        code, lines, said = on_terminal(argv, 50, ENV)
    assert code == 0, said
    tail = lines[lines.index(next(line for line in lines if line.startswith("3 clients:"))) :]
    assert all(len(line) <= 50 for line in tail), tail
    assert any("p95" in line for line in tail) and not any(line.rstrip().endswith("(p95") for line in tail)
