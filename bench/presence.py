"""Who holds the cores while the lab's clients wait for their replies.

    python bench/presence.py [--quick] [--rounds N] [--clients N ...]

The distortion benchmark's candidates on the process engine (two programs, ``tcp-lab run``,
the app), each run under ``perf record -a`` (the scheduler's switches and forks, on the
monotonic clock; an event's ``wall + t`` is put on it by the wall clock's offset read just
before). Over every client's
connect-to-reply window, the time of every core is added up by who held it:

- ``measured``: the server's and the clients' processes (the reference's two programs; the
  lab's two children, the threads that stream their events included);
- ``launcher``: the process that started them: ``tcp-lab run``'s or the app's own (for the
  reference, the harness that starts the two programs, idle while they run);
- ``other``: every other process on the machine (neighbours, the kernel's threads, perf);
- ``idle``.

So a long time can be told apart: the lab's own work (``launcher``) or the machine's
(``other``). Needs ``perf`` and the right to trace the whole machine; without them the script
says so in one line and measures nothing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import benchlib
from distortion import ENV, TCP_LAB, serving

PYTHON = sys.executable
NAMES = ("serve + clients", "run, processes", "app, processes")
WHO = ("measured", "launcher", "other", "idle")
TIMEOUT = 120.0  # seconds any one measurement may take (a bound, not a target)
SAMPLES = 24  # clients' times each candidate gives at least, per round
PERF = ["perf", "record", "-q", "-a", "-k", "CLOCK_MONOTONIC", "-e", "sched:sched_switch"]
PERF += ["-e", "sched:sched_process_fork"]
# the root of a measurement: says its pid, then runs the command given
WRAPPER = "import os, subprocess, sys; print('ROOT', os.getpid(), file=sys.stderr, flush=True); "
WRAPPER += "sys.exit(subprocess.call(sys.argv[1:]))"
_SAMPLE = re.compile(r"^\s*(\d+)/(\d+)\s+\[(\d+)\]\s+([\d.]+):\s+sched:(\S+):\s+(.*)$")


def command(name: str, n: int, export: Path) -> list[str]:
    """The command a measurement of ``name`` runs; it leaves the clients' events in ``export``."""
    if name == "serve + clients":
        return [PYTHON, __file__, "--two", str(n), str(export)]
    if name == "run, processes":
        return [PYTHON, "-m", "tui_app", "run", "-n", str(n), "--hold", "0", "--export", str(export)]
    return [PYTHON, str(benchlib.BENCH / "distortion.py"), "--app", "process", str(n)]


def two_programs(n: int, export: str) -> None:
    """``tcp-lab serve`` and ``tcp-lab clients --export`` as two processes (run inside a trace)."""
    with serving() as port:
        clients = [*TCP_LAB, "clients", "-n", str(n), "--hold", "0", "--port", str(port)]
        subprocess.run([*clients, "--export", export], stdout=subprocess.DEVNULL, env=ENV, timeout=TIMEOUT)


def traced(name: str, n: int) -> tuple[list[float], dict[str, float]]:
    """One measurement of ``name`` under perf: each client's connect-to-reply seconds, and the
    seconds of every core within those windows by who held them (``WHO``)."""
    with tempfile.TemporaryDirectory() as folder:
        data, export = Path(folder) / "perf.data", Path(folder) / "events.jsonl"
        offset = time.time() - time.monotonic()  # the wall clock's lead: from wall + t to perf's clock
        with open(Path(folder) / "stdout", "w+") as out:
            result = subprocess.run(
                [*PERF, "-o", str(data), "--", PYTHON, "-c", WRAPPER, *command(name, n, export)],
                stdout=out,
                stderr=subprocess.PIPE,
                text=True,
                env=ENV,
                cwd=benchlib.ROOT,
                timeout=TIMEOUT,
            )
            out.seek(0)
            lines = export.read_text().splitlines() if export.exists() else out.read().splitlines()
        root = re.search(r"ROOT (\d+)", result.stderr)
        if result.returncode or root is None:
            raise RuntimeError(f"{name}: the traced run failed: {result.stderr[-500:]}")
        windows = [(a - offset, b - offset) for a, b in client_windows(lines)]
        script = ["perf", "script", "-i", str(data), "-F", "pid,tid,cpu,time,event,trace"]
        trace = subprocess.run(script, capture_output=True, text=True, timeout=TIMEOUT).stdout
    return [b - a for a, b in windows], held(trace, int(root.group(1)), windows)


def client_windows(lines: list[str]) -> list[tuple[float, float]]:
    """Each client's (connecting, received) as wall-clock seconds (``wall`` + ``t``), from JSON
    event lines holding its run's ``launched`` event."""
    began: dict[tuple[object, object], float] = {}
    windows, wall = [], 0.0
    for line in lines:
        if not line.startswith("{"):
            continue
        event = json.loads(line)
        if event.get("side") != "client":
            continue
        if event["kind"] == "launched":
            wall = event["wall"]
        key = (event.get("run"), event.get("client"))
        if event["kind"] == "connecting":
            began[key] = wall + event["t"]
        elif event["kind"] == "received" and key in began:
            windows.append((began.pop(key), wall + event["t"]))
    return windows


def held(trace: str, root: int, windows: list[tuple[float, float]]) -> dict[str, float]:
    """Seconds of every core within ``windows`` by who ran there, from ``perf script`` lines:
    ``launcher`` for a process started by ``root``, ``measured`` for one started by a launcher
    (or deeper), ``other`` for the rest, ``idle`` for none."""
    group: dict[int, int] = {0: 0}  # a thread -> its process
    made_by: dict[int, int] = {}  # a thread or process -> the thread that forked it
    running: dict[int, tuple[int, float]] = {}  # a core -> (the thread on it, since when)
    slices: list[tuple[int, float, float]] = []  # (thread, from, to)
    for line in trace.splitlines():
        sample = _SAMPLE.match(line)
        if sample is None:
            continue
        pid, tid, cpu, t = int(sample[1]), int(sample[2]), int(sample[3]), float(sample[4])
        group[tid] = pid
        if sample[5] == "sched_process_fork":
            forked = re.search(r"child_pid=(\d+)", sample[6])
            if forked:
                made_by[int(forked[1])] = tid
        elif sample[5] == "sched_switch" and (switched := re.search(r"next_pid=(\d+)", sample[6])):
            if cpu in running:
                slices.append((*running[cpu], t))
            running[cpu] = (int(switched[1]), t)
    kinds: dict[int, str] = {}

    def who(thread: int) -> str:
        process = group.get(thread, thread)
        if process not in kinds:
            depth, at = 0, process
            while at in made_by and at != root and depth < 64:
                at, depth = group.get(made_by[at], made_by[at]), depth + 1
            kinds[process] = "other" if at != root else "launcher" if depth <= 1 else "measured"
        return "idle" if thread == 0 else kinds[process]

    totals = dict.fromkeys(WHO, 0.0)
    for thread, since, until in slices:
        for a, b in windows:
            if (overlap := min(b, until) - max(a, since)) > 0:
                totals[who(thread)] += overlap
    return totals


def usable() -> str | None:
    """None when perf can trace the whole machine here; else why not, in one line."""
    if shutil.which("perf") is None:
        return "perf is not installed"
    with tempfile.TemporaryDirectory() as folder:
        trial = [*PERF, "-o", str(Path(folder) / "perf.data"), "--", "true"]
        result = subprocess.run(trial, capture_output=True, text=True, timeout=TIMEOUT)
    if result.returncode:
        return f"perf cannot trace the whole machine here: {result.stderr.strip().splitlines()[-1:]}"
    return None


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--two":
        two_programs(int(sys.argv[2]), sys.argv[3])
        return
    quick, rounds, sizes = benchlib.clients_options(__doc__.splitlines()[0])
    samples = 1 if quick else SAMPLES
    title = "Who holds the cores during the clients' connect-to-reply windows"
    benchlib.header(title, pinned=None, rounds=rounds, clients=" ".join(map(str, sizes)))
    if (why := usable()) is not None:
        print(f"not measured: {why}")
        return
    times: dict[tuple[str, int], list[float]] = {(name, n): [] for n in sizes for name in NAMES}
    cores = {key: dict.fromkeys(WHO, 0.0) for key in times}
    for round_number in range(rounds):
        for n in sizes:
            for _ in range(max(1, -(-samples // n))):
                for name in benchlib.rotate(NAMES, round_number):
                    got, by_whom = traced(name, n)
                    if len(got) != n:
                        raise RuntimeError(f"{name}: {len(got)} of {n} clients got a reply")
                    times[name, n] += got
                    for whom, seconds in by_whom.items():
                        cores[name, n][whom] += seconds
    count = os.cpu_count() or 1
    rows = []
    for n in sizes:
        for name in NAMES:
            spent = count * sum(times[name, n])  # the cores' seconds within the windows
            p50, p90 = (benchlib.percentile(times[name, n], q) * 1e3 for q in (0.5, 0.9))
            rows.append([name, n, p50, p90, *(f"{cores[name, n][w] / spent:.1%}" for w in WHO)])
    print(benchlib.table(["how", "clients", "p50 ms", "p90 ms", *WHO], rows))
    print()
    print(
        f"Shares of the {count} cores' time summed over every client's connect-to-reply window, "
        f"{rounds} round(s); measured: the server's and clients' processes; launcher: the process "
        "that started them; other: the rest of the machine (perf included)."
    )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
