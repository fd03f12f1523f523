"""Start-up of the command line against bare Python, run as a user runs it, in fresh processes.

    python bench/startup.py [--quick] [--rounds N]

Candidates, each a new ``python`` process, in a rotating order every round:

- ``python -c pass``: the floor;
- ``tcp-lab --help``: until it exits;
- ``tcp-lab serve``: until its first event line (``listening``) is printed, then stopped;
- ``tcp-lab clients -n 1 --hold 0``: until it exits, after its client's round trip to a server
  that this script runs;
- ``import textual.app``: what the headless commands would pay if they loaded the app.

``tcp-lab`` is run as ``python -m tui_app`` from this checkout, with bytecode caching on as in
a normal install (a first, unmeasured round writes the caches). Reported: the median wall time
and CPU time (user + system, which other work on the machine inflates less) and their
differences from bare Python.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time

import benchlib

TCP_LAB = [sys.executable, "-m", "tui_app"]
# As installed for a user: bytecode is cached (a first, unmeasured round writes it).
ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "PYTHONPATH": str(benchlib.ROOT),
    "LANG": "C.UTF-8",
    "PYTHONUNBUFFERED": "1",
}


def until_exit(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True, env=ENV, cwd=benchlib.ROOT, timeout=30)
    return time.perf_counter() - start


def until_first_line(command: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, env=ENV, cwd=benchlib.ROOT)
    try:
        if not proc.stdout.readline():
            raise RuntimeError(f"{command} printed nothing")
        return time.perf_counter() - start
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(5)
        proc.stdout.close()


def candidates(port: int) -> dict[str, tuple[object, list[str]]]:
    return {
        "python -c pass": (until_exit, [sys.executable, "-c", "pass"]),
        "tcp-lab --help": (until_exit, [*TCP_LAB, "--help"]),
        "tcp-lab serve": (until_first_line, [*TCP_LAB, "serve", "--port", "0"]),
        "tcp-lab clients -n 1": (
            until_exit,
            [*TCP_LAB, "clients", "-n", "1", "--hold", "0", "--port", str(port)],
        ),
        "import textual.app": (until_exit, [sys.executable, "-c", "import textual.app"]),
    }


def main() -> None:
    args = benchlib.parser(__doc__.splitlines()[0])
    options = args.parse_args()
    rounds = options.rounds or (1 if options.quick else 21)
    benchlib.header("Start-up against bare Python", pinned=None, rounds=rounds)
    times: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    with benchlib.ServerProcess("lesson", pinned=False) as server:
        runs = candidates(server.port)
        for measure, command in [] if options.quick else runs.values():  # warm up: caches bytecode
            measure(command)
        for name in runs:
            times[name], cpu[name] = [], []
        for round_number in range(rounds):
            for name in benchlib.rotate(list(runs), round_number):
                measure, command = runs[name]
                cpu_before = children_cpu()
                times[name].append(measure(command))
                cpu[name].append(children_cpu() - cpu_before)
    floor = benchlib.median(times["python -c pass"])
    cpu_floor = benchlib.median(cpu["python -c pass"])
    rows = []
    for name in times:
        wall, used = benchlib.median(times[name]), benchlib.median(cpu[name])
        rows.append([name, wall * 1e3, (wall - floor) * 1e3, used * 1e3, (used - cpu_floor) * 1e3])
    headers = ["command", "median ms", "ms over bare Python", "CPU ms", "CPU ms over bare Python"]
    print(benchlib.table(headers, rows))


def children_cpu() -> float:
    """User + system CPU seconds of every child process that has ended so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
