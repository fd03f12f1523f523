"""What every benchmark script shares: arguments, pinning, server subprocesses, statistics, tables.

Importing this module puts the repository root on ``sys.path``, so ``python bench/<script>.py``
works from a clean clone without installing the project.
"""

from __future__ import annotations

import argparse
import contextlib
import marshal
import os
import platform
import resource
import socket
import statistics
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import native  # noqa: E402

from server_core import EventBus  # noqa: E402  (the path above makes it importable)
from tui_app.collector import Collector  # noqa: E402
from tui_app.connections import ConnectionBook  # noqa: E402
from tui_app.session import DRAIN_CHUNK  # noqa: E402

HOST = "127.0.0.1"
SERVER_CPU = 1  # the core servers run on when there are two
CLIENT_CPU = 0  # the core the load generator runs on
REPLY = "收到客户端信息".encode()
MESSAGE = "客户端{i}连接成功"
SERVER_NAMES = ("tcp-lab", "stdlib", "asyncio", "lesson")
RATE_NAMES = ("tcp-lab", "tcp-lab-new", "tcp-lab-proc", *SERVER_NAMES[1:])  # both thread modes, both engines
NATIVE = "c-epoll"  # bench/echo.c's server: the machine's reference
BASELINE = "stdlib"
_TICKS = os.sysconf("SC_CLK_TCK")


def parser(description: str) -> argparse.ArgumentParser:
    """An argument parser with ``--quick`` (a smoke run of a few seconds) and ``--rounds``."""
    args = argparse.ArgumentParser(description=description)
    args.add_argument("--quick", action="store_true", help="a tiny run that only proves the script works")
    args.add_argument("--rounds", type=int, default=None, help="rounds, each running every candidate once")
    return args


def clients_options(title: str) -> tuple[bool, int, list[int]]:
    """A connect-to-reply benchmark's command line: whether ``--quick`` (1 round of 8 clients),
    the rounds (``--rounds N``, 5 by default) and the clients per run (``--clients N ...``, 8, 30
    and 300 by default)."""
    args = parser(title)
    args.add_argument("--clients", type=int, nargs="+", default=None, help="clients per run (8 30 300)")
    options = args.parse_args()
    rounds = options.rounds or (1 if options.quick else 5)
    return options.quick, rounds, options.clients or ([8] if options.quick else [8, 30, 300])


def pin(cpu: int) -> bool:
    """Run this process on ``cpu`` alone when the machine has two or more cores; True if pinned."""
    if not hasattr(os, "sched_setaffinity") or len(os.sched_getaffinity(0)) < 2:
        return False
    os.sched_setaffinity(0, {cpu})
    return True


def raise_nofile() -> int:
    """Raise the soft limit on open files to the hard limit; returns the new soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def machine() -> str:
    """One line describing the machine, the OS and the Python running the benchmark."""
    model = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        info: dict[str, str] = {}
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, colon, value = line.partition(":")
            if colon and key.strip() not in info:  # the first core's lines
                info[key.strip()] = value.strip()
        model = info.get("model name", model)
        if "cpu family" in info:  # a virtual machine may name no model ("AMD EPYC"): the numbers do
            numbers = (info["cpu family"], info.get("model"), info.get("stepping"))
            model += " (family {}, model {}, stepping {})".format(*numbers)
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{model}, {os.cpu_count()} cores, {memory:.0f} GiB; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}"
    )


def header(title: str, pinned: bool | None, **params: object) -> None:
    """Print what is being measured, on what, and how the cores are shared (None: not pinned)."""
    print(f"# {title}")
    print(f"machine: {machine()}")
    if pinned:
        print(f"pinning: servers on core {SERVER_CPU}, load generator on core {CLIENT_CPU}")
    elif pinned is None:
        print("pinning: none (one process measured at a time)")
    else:
        print("pinning: none (fewer than two cores)")
    if params:
        print("parameters: " + ", ".join(f"{k}={v}" for k, v in params.items()))
    one, five, _ = os.getloadavg()
    print(f"load average at start: {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores")
    print()


def median(values: Iterable[float]) -> float:
    data = list(values)
    return statistics.median(data) if data else float("nan")


def percentile(values: Sequence[float], fraction: float) -> float:
    """The ``fraction`` quantile (0..1) by nearest rank; NaN for no values."""
    if not values:
        return float("nan")
    data = sorted(values)
    return data[min(len(data) - 1, max(0, round(fraction * len(data)) - 1))]


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A Markdown table; floats are given three significant digits or more."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(_cell(value) for value in row) + " |")
    return "\n".join(lines)


def _cell(value: object) -> str:
    if isinstance(value, float):
        if value != value:
            return "-"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        return f"{value:.3g}" if abs(value) < 1 else f"{value:.2f}"
    return str(value)


def latency_ms(seconds: Sequence[float]) -> list[float]:
    """[p50, p99] of latencies given in seconds, in milliseconds."""
    return [percentile(seconds, 0.50) * 1e3, percentile(seconds, 0.99) * 1e3]


def on_threads(work: Callable[[int, list[float]], None], count: int, seconds: float) -> list[float]:
    """Run ``work(i, latencies)`` on ``count`` threads at once and join them; every latency, merged.

    Each ``work`` appends its latencies to its own list and returns within ``seconds`` or so.
    RuntimeError if any of them raised OSError.
    """
    latencies: list[list[float]] = [[] for _ in range(count)]
    failures: list[OSError] = []

    def run(i: int) -> None:
        try:
            work(i, latencies[i])
        except OSError as exc:
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 10)
    if failures:
        raise RuntimeError(f"{len(failures)} of {count} client threads failed, first: {failures[0]!r}")
    return [x for mine in latencies for x in mine]


GENERATOR_PROCESSES = 4  # processes a Python load generator spreads its connections over
_IP_BIND_ADDRESS_NO_PORT = 24  # Linux: a bound socket's port is chosen at connect(), not at bind()


def on_processes(
    work: Callable[[int, list[float]], None], count: int, seconds: float, processes: int = GENERATOR_PROCESSES
) -> list[float]:
    """:func:`on_threads` spread over up to ``processes`` forked processes (``work(i, ...)`` runs
    in process ``i % processes``), so that no one interpreter's GIL limits the load; every
    latency, merged. Call it from a process with no other threads. RuntimeError if any failed.
    """
    children = []
    for first in range(min(processes, count)):
        mine = list(range(first, count, processes))
        readable, writable = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: run its share, send its latencies (or why it failed), exit
            os.close(readable)
            try:
                result: list[float] | str = on_threads(partial(_one_of, work, mine), len(mine), seconds)
            except BaseException as exc:  # reported by the parent, never lost
                result = f"{type(exc).__name__}: {exc}"
            with os.fdopen(writable, "wb") as pipe:
                pipe.write(marshal.dumps(result))
            os._exit(0)
        os.close(writable)
        children.append((pid, readable))
    latencies: list[float] = []
    failures = []
    for pid, readable in children:
        with os.fdopen(readable, "rb") as pipe:
            got = marshal.loads(pipe.read())
        os.waitpid(pid, 0)
        if isinstance(got, str):
            failures.append(got)
        else:
            latencies += got
    if failures:
        raise RuntimeError(f"{len(failures)} generator process(es) failed, first: {failures[0]}")
    return latencies


def _one_of(work: Callable[[int, list[float]], None], share: list[int], j: int, out: list[float]) -> None:
    work(share[j], out)


def source(i: int) -> str:
    """The loopback source address of a generator's connection ``i``: 127.0.0.2 and on, one of
    ``native.SOURCES``, so no one address runs out of ephemeral ports (TIME_WAIT)."""
    return f"127.0.0.{2 + i % native.SOURCES}"


def connect_from(i: int, port: int, timeout: float = 5.0) -> socket.socket:
    """A connection to ``port`` on ``HOST`` from :func:`source` ``(i)``, its port chosen at connect."""
    sock = socket.socket()
    try:
        sock.settimeout(timeout)
        with contextlib.suppress(OSError):  # not Linux: the port is chosen at bind, as usual
            sock.setsockopt(socket.IPPROTO_IP, _IP_BIND_ADDRESS_NO_PORT, 1)
        sock.bind((source(i), 0))
        sock.connect((HOST, port))
    except BaseException:
        sock.close()
        raise
    return sock


def read_reply(sock: socket.socket) -> None:
    """Read one whole reply (it may come in pieces); ConnectionError if the server closes first."""
    received = 0
    while received < len(REPLY):
        chunk = sock.recv(1024)
        if not chunk:
            raise ConnectionError("server closed the connection before replying")
        received += len(chunk)


class EventReader:
    """A thread that drains a bus on the app's schedule, in the app's chunks, and folds every
    event into the app's :class:`~tui_app.connections.ConnectionBook`, as the app's drain does
    before it draws, then tells the app's :class:`~tui_app.collector.Collector`, as the app does
    after each drain, with no chunk of events still held (as the app holds none).
    """

    PERIOD = 1 / 25  # the app's drain period, seconds

    def __init__(self, bus: EventBus) -> None:
        self.book = ConnectionBook()
        self.collector = Collector()
        self._bus = bus
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._read, name="event-reader", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        while not self._done.wait(self.PERIOD):
            applied = False
            while batch := self._bus.drain(DRAIN_CHUNK):
                self.book.apply(batch)
                applied = True
            self.collector.drained(applied)

    def stop(self) -> None:
        self._done.set()
        self._thread.join(1)


def rss_kib(pid: int | str = "self") -> int:
    """Resident memory of process ``pid`` (this one by default) right now, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def rotate(items: Sequence[str], round_number: int) -> list[str]:
    """``items`` starting at a different one each round, so no candidate always goes first."""
    k = round_number % len(items)
    return [*items[k:], *items[:k]]


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time process ``pid`` has used so far (0 if it has ended)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICKS


def generator_option(args: argparse.ArgumentParser) -> None:
    """Add ``--generator``: the C load generator when it builds (the default), or Python threads."""
    args.add_argument(
        "--generator",
        choices=("native", "python"),
        default=None,
        help="load generator: C over several source addresses (default when cc exists) or Python threads",
    )


def chosen_generator(choice: str | None) -> str:
    """``native`` when asked for or by default when it builds; else ``python``."""
    if choice == "python" or native.binary() is None:
        if choice == "native":
            raise SystemExit(native.note())
        return "python"
    return "native"


def load_of(latencies: list[float]) -> native.Load:
    """A Python generator's latencies (seconds) as the C generator reports them."""
    return native.Load(len(latencies), percentile(latencies, 0.5), percentile(latencies, 0.99))


def rate_names() -> list[str]:
    """The servers the rate benchmarks compare: the C reference last, when it could be built."""
    return [*RATE_NAMES, NATIVE] if native.binary() is not None else list(RATE_NAMES)


class ServerProcess:
    """One of ``bench/servers.py``'s servers in a subprocess of its own, pinned to the server core.

    The constructor waits for the port; ``cpu_seconds`` and ``rss_kib`` read the process's
    accounting from ``/proc``; ``stop`` closes its stdin (its signal to stop) and reaps it.
    """

    def __init__(self, name: str, pinned: bool, *extra: str) -> None:
        if name == NATIVE:
            command = [str(native.binary()), "server"]
        else:
            command = [sys.executable, str(BENCH / "servers.py"), name, *extra]
        self.name = name
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        if pinned:
            os.sched_setaffinity(self.proc.pid, {SERVER_CPU})
        line = self.proc.stdout.readline()
        if not line.strip().isdigit():
            self.stop()
            raise RuntimeError(f"server {name!r} did not start: {line!r}")
        self.port = int(line)

    def cpu_seconds(self) -> float:
        """User + system CPU time the server has used so far, with its child processes' (a server
        on the process engine runs in one)."""
        pid = self.proc.pid
        children = Path(f"/proc/{pid}/task/{pid}/children")
        pids = [pid, *map(int, children.read_text().split())] if children.exists() else [pid]
        return sum(_cpu_seconds(one) for one in pids)

    def rss_kib(self) -> int:
        """Resident memory of the server right now, in KiB."""
        return rss_kib(self.proc.pid)

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.proc.stdin.close()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        self.proc.stdout.close()

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
