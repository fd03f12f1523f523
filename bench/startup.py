"""Start-up of the command line against bare Python, run as a user runs it, in fresh processes.

    python bench/startup.py [--quick] [--rounds N]

Candidates, each a new ``python`` process, in a rotating order every round:

- ``python -c pass``: the floor;
- ``tcp-lab --help``: until it exits;
- ``tcp-lab serve``: until its first event line (``listening``) is printed, then stopped;
- ``tcp-lab clients -n 1 --hold 0``: until it exits, after its client's round trip to a server
  that this script runs;
- ``import textual.app``: what the headless commands would pay if they loaded the app, and the
  floor of any command that draws the app;
- ``tcp-lab open --svg``: the main view of a 99-event recording (``tests/data/run-lock-8.jsonl``)
  drawn at 80x24 and written, until it exits;
- ``tcp-lab merge``: that recording's server and clients sides, written as two processes would
  have, merged into JSON lines, until it exits.

``tcp-lab`` is run as ``python -m tui_app`` from this checkout, with bytecode caching on as in
a normal install (a first, unmeasured round writes the caches). Reported: the median wall time
and CPU time (user + system, which other work on the machine inflates less), their
differences from bare Python, and the CPU time as a multiple of ``import textual.app``'s: the
ratio a loaded machine changes least. Each process is started with ``posix_spawn`` and reaped
with one blocking ``wait4``, which returns the moment it exits and gives its own CPU time: no
timeout polling (``Popen.wait(timeout)`` sleeps on a schedule of its own, and the times read off
it were that schedule's steps).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import benchlib

TCP_LAB = [sys.executable, "-m", "tui_app"]
# As installed for a user: bytecode is cached (a first, unmeasured round writes it).
ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "PYTHONPATH": str(benchlib.ROOT),
    "LANG": "C.UTF-8",
    "PYTHONUNBUFFERED": "1",
}
TIMEOUT = 30.0  # seconds a command may run before it is killed (a bound, not a target)
RECORDING = benchlib.ROOT / "tests" / "data" / "run-lock-8.jsonl"  # both sides of 8 lock-ordered clients
BASELINE = "import textual.app"  # the CPU the ratio column divides by


def until_exit(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of ``command`` from its start to its exit (what it says on its
    standard output and error dropped: ``open`` and ``merge`` say what they wrote there)."""
    start = time.perf_counter()
    dropped = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]
    pid = _spawn(command, dropped)
    return _reaped(pid, start, until=None)


def until_first_line(command: list[str]) -> tuple[float, float]:
    """Wall seconds of ``command`` from its start to its first line on stdout (then it is
    stopped with SIGTERM), and its CPU seconds in all."""
    read_end, write_end = os.pipe()
    start = time.perf_counter()
    pid = _spawn(command, [(os.POSIX_SPAWN_DUP2, write_end, 1), (os.POSIX_SPAWN_CLOSE, read_end)])
    os.close(write_end)
    try:
        line = b""
        while not line.endswith(b"\n"):
            chunk = os.read(read_end, 4096)
            if not chunk:
                raise RuntimeError(f"{command} printed no line")
            line += chunk
        first_line = time.perf_counter()
        os.kill(pid, signal.SIGTERM)
        return _reaped(pid, start, until=first_line)
    finally:
        os.close(read_end)


def _spawn(command: list[str], file_actions: list[tuple]) -> int:
    """Start ``command`` (no shell, no polling later: see :func:`_reaped`) with a kill bound."""
    pid = os.posix_spawn(command[0], command, ENV, file_actions=file_actions)
    watchdog = threading.Timer(TIMEOUT, _kill, (pid,))
    watchdog.daemon = True
    watchdog.start()
    _watchdogs[pid] = watchdog
    return pid


def _reaped(pid: int, start: float, until: float | None) -> tuple[float, float]:
    """Wait for ``pid`` in one blocking ``wait4`` (woken by the kernel the moment it exits, not
    on a polling schedule); its wall time (to ``until`` when given) and CPU time, in seconds."""
    _, status, usage = os.wait4(pid, 0)
    end = time.perf_counter()
    _watchdogs.pop(pid).cancel()
    if until is None and os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"process {pid} failed: status {status}")
    return (until or end) - start, usage.ru_utime + usage.ru_stime


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


_watchdogs: dict[int, threading.Timer] = {}


Measure = Callable[[list[str]], tuple[float, float]]


def split_sides(recording: Path, directory: Path) -> tuple[Path, Path]:
    """``recording``'s server events and its clients' as two files, each numbered and anchored
    to the wall clock as a ``serve`` and a ``clients`` process would have written them."""
    events = [json.loads(line) for line in recording.read_text(encoding="utf-8").splitlines()]
    paths = directory / "server.jsonl", directory / "clients.jsonl"
    for path, side in zip(paths, ("server", "client"), strict=True):
        own = [event for event in events if event["side"] == side]
        lines = []
        for seq, event in enumerate(own, start=1):
            anchor = {"wall": 1e9} if event["kind"] in ("listening", "launched") else {}
            lines.append(json.dumps({**event, "seq": seq, **anchor}) + "\n")
        path.write_text("".join(lines), encoding="utf-8")
    return paths


def candidates(port: int, directory: Path) -> dict[str, tuple[Measure, list[str]]]:
    server, clients = split_sides(RECORDING, directory)
    picture, merged = str(directory / "main.svg"), str(directory / "merged.jsonl")
    return {
        "python -c pass": (until_exit, [sys.executable, "-c", "pass"]),
        "tcp-lab --help": (until_exit, [*TCP_LAB, "--help"]),
        "tcp-lab serve": (until_first_line, [*TCP_LAB, "serve", "--port", "0"]),
        "tcp-lab clients -n 1": (
            until_exit,
            [*TCP_LAB, "clients", "-n", "1", "--hold", "0", "--port", str(port)],
        ),
        BASELINE: (until_exit, [sys.executable, "-c", "import textual.app"]),
        "tcp-lab open --svg": (
            until_exit,
            [*TCP_LAB, "open", str(RECORDING), "--svg", picture, "--size", "80x24", "--overwrite"],
        ),
        "tcp-lab merge": (
            until_exit,
            [*TCP_LAB, "merge", str(server), str(clients), "-o", merged, "--overwrite"],
        ),
    }


def main() -> None:
    args = benchlib.parser(__doc__.splitlines()[0])
    options = args.parse_args()
    rounds = options.rounds or (1 if options.quick else 21)
    benchlib.header("Start-up against bare Python", pinned=None, rounds=rounds)
    times: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    with benchlib.ServerProcess("lesson", pinned=False) as server, tempfile.TemporaryDirectory() as directory:
        runs = candidates(server.port, Path(directory))
        for measure, command in [] if options.quick else runs.values():  # warm up: caches bytecode
            measure(command)
        for name in runs:
            times[name], cpu[name] = [], []
        for round_number in range(rounds):
            for name in benchlib.rotate(list(runs), round_number):
                measure, command = runs[name]
                wall, used = measure(command)
                times[name].append(wall)
                cpu[name].append(used)
    floor = benchlib.median(times["python -c pass"])
    cpu_floor = benchlib.median(cpu["python -c pass"])
    baseline = benchlib.median(cpu[BASELINE])
    rows = []
    for name in times:
        wall, used = benchlib.median(times[name]), benchlib.median(cpu[name])
        over = [(wall - floor) * 1e3, used * 1e3, (used - cpu_floor) * 1e3]
        rows.append([name, wall * 1e3, *over, f"{used / baseline:.2f}"])
    headers = ["command", "median ms", "ms over bare Python", "CPU ms", "CPU ms over bare Python"]
    headers.append(f"CPU / {BASELINE}")
    print(benchlib.table(headers, rows))


if __name__ == "__main__":
    main()
