"""How much the lab's own presence changes the times it shows: connect-to-reply, per client.

    python bench/distortion.py [--quick] [--rounds N] [--clients N ...]

The same lesson clients (connect, send, read the reply, close at once) against the lab's server,
six ways (the reference twice), each a fresh process (or two) per measurement, in a rotating
order every round:

- ``serve + clients``: the reference, the lesson's shape: ``tcp-lab serve`` and ``tcp-lab
  clients`` as two programs, each writing its readable lines;
- ``serve + clients, again``: the same two programs measured as a candidate of their own, in
  the same rotation: its ratio to the reference is what the machine alone moves a ratio by
  (neighbours' load, scheduling), the margin within which no other row can be told apart;
- ``run, processes`` / ``run, threads``: ``tcp-lab run --engine process|thread``;
- ``app, processes`` / ``app, threads``: the app (headless, ``App.run_test``) starting its
  server and launching the run, drawing meanwhile, on either engine.

A client's connect-to-reply time is its ``received`` event's ``t`` minus its ``connecting``
event's, as the lab records and shows it (the commands' ``--export``). Reported: p50 and p90
over every client of every round, their ratios to the reference's (which ran next to them, under
the same load), and each round's own ratio (median, lowest, highest) to show how much one round
can be trusted.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import benchlib

TCP_LAB = [sys.executable, "-m", "tui_app"]
ENV = {**os.environ, "PYTHONPATH": str(benchlib.ROOT), "LANG": "C.UTF-8"}
REFERENCE = "serve + clients"
AGAIN = "serve + clients, again"  # the reference measured twice: how far two of its own runs differ
NAMES = (REFERENCE, AGAIN, "run, processes", "run, threads", "app, processes", "app, threads")
TIMEOUT = 120.0  # seconds any one measurement may take (a bound, not a target)
SAMPLES = 24  # clients' times each candidate gives at least, per round
IDLE_TICK = 0.02  # seconds between the harness's looks at the app (idle, run done)
IDLE_CPU = 0.001  # seconds of CPU in one IDLE_TICK under which the app counts as idle
IDLE_BOUND = 10.0  # seconds the harness waits for the app to become idle before launching anyway


def connect_to_reply(lines: list[str]) -> list[float]:
    """Seconds from each client's ``connecting`` to its ``received``, from JSON event lines."""
    began: dict[tuple[object, object], float] = {}
    times = []
    for line in lines:
        if not line.startswith("{"):
            continue
        event = json.loads(line)
        if event.get("side") != "client" or event.get("client") is None:
            continue
        key = (event.get("run"), event["client"])
        if event["kind"] == "connecting":
            began[key] = event["t"]
        elif event["kind"] == "received" and key in began:
            times.append(event["t"] - began.pop(key))
    return times


def two_programs(n: int) -> list[float]:
    """``tcp-lab serve`` and ``tcp-lab clients`` as two processes; the clients' times."""
    with serving() as port:
        return exported([*TCP_LAB, "clients", "-n", str(n), "--hold", "0", "--port", str(port)])


@contextlib.contextmanager
def serving() -> Iterator[int]:
    """``tcp-lab serve`` in a process of its own on a free port: yields the port, then stops it."""
    with tempfile.TemporaryFile("w+") as served:
        command = [*TCP_LAB, "serve", "--port", "0"]
        server = subprocess.Popen(command, stdout=served, env=ENV, cwd=benchlib.ROOT)
        try:
            yield _listening_port(served)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(TIMEOUT)


def _listening_port(served: object) -> int:
    """The port in ``tcp-lab serve``'s first line, once it is written."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        served.seek(0)  # type: ignore[attr-defined]
        first = served.readline()  # type: ignore[attr-defined]
        if first.endswith("\n"):
            return int(re.search(r"listening on \S+:(\d+)", first).group(1))  # type: ignore[union-attr]
        time.sleep(0.01)
    raise RuntimeError("tcp-lab serve did not start")


def one_command(n: int, engine: str) -> list[float]:
    """``tcp-lab run --engine ENGINE``; its clients' times."""
    return exported([*TCP_LAB, "run", "-n", str(n), "--hold", "0", "--engine", engine])


def exported(command: list[str]) -> list[float]:
    """Run a client command as a user would (readable lines), with ``--export``; its clients' times."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "events.jsonl"
        subprocess.run(
            [*command, "--export", str(path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=ENV,
            cwd=benchlib.ROOT,
            timeout=TIMEOUT,
        )
        return connect_to_reply(path.read_text().splitlines())


def in_app(n: int, engine: str) -> list[float]:
    """The app (headless) on ``engine``, in a process of its own; its clients' times."""
    result = subprocess.run(
        [sys.executable, __file__, "--app", engine, str(n)],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=benchlib.ROOT,
        timeout=TIMEOUT,
    )
    if result.returncode:
        raise RuntimeError(f"the app run failed: {result.stderr[-500:]}")
    return connect_to_reply(result.stdout.splitlines())


async def _app_run(engine: str, n: int) -> None:
    """Inside the app's process: start the server, launch ``n`` clients once the app is idle (as
    a user presses the key on a drawn screen), print their events.

    While the run is in flight only the app's own timers run: the harness waits with plain
    sleeps. (``Pilot.pause`` queues a callback on every widget of the screen, waking each
    widget's message pump: polled every 20 ms, it put 1-9 ms of the harness's own work inside
    half of the 8-client runs' connect-to-reply windows.)
    """
    from server_core import Order
    from tui_app.app import LabApp

    app = LabApp(port=0, engine=engine, lang="zh")  # its server replies the lesson's bytes, as serve's does
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for _ in range(600):  # the app starts one as it opens; in a child process, bound in a worker
            if app.lab.server is not None:
                break
            await pilot.pause(0.05)
        assert app.lab.server is not None, "the app's server did not start"
        await _idle()
        values = {"n": n, "hold": 0.0, "message": benchlib.MESSAGE}
        run = app._start_run(Order("free"), values, (benchlib.HOST, app.lab.server.port))
        deadline = time.monotonic() + TIMEOUT
        while not run.done and time.monotonic() < deadline:
            await asyncio.sleep(IDLE_TICK)
        await pilot.pause(0.1)  # one more drain: the app has drawn the whole run
        events = [e.to_dict() for e in app.bus.history if e.side == "client"]
        app.stop_everything()
    sys.stdout.write("".join(json.dumps(event) + "\n" for event in events))


async def _idle() -> None:
    """Return once the app's process spent under ``IDLE_CPU`` of CPU in an ``IDLE_TICK`` (its
    first screens drawn), or after ``IDLE_BOUND`` seconds."""
    deadline = time.monotonic() + IDLE_BOUND
    while time.monotonic() < deadline:
        used = time.process_time()
        await asyncio.sleep(IDLE_TICK)
        if time.process_time() - used < IDLE_CPU:
            return


MEASURE = {
    REFERENCE: two_programs,
    AGAIN: two_programs,
    "run, processes": lambda n: one_command(n, "process"),
    "run, threads": lambda n: one_command(n, "thread"),
    "app, processes": lambda n: in_app(n, "process"),
    "app, threads": lambda n: in_app(n, "thread"),
}


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--app":
        asyncio.run(_app_run(sys.argv[2], int(sys.argv[3])))
        return
    quick, rounds, sizes = benchlib.clients_options(__doc__.splitlines()[0])
    samples = 1 if quick else SAMPLES
    benchlib.header(
        "Connect-to-reply as the lab shows it, against two programs",
        pinned=None,
        rounds=rounds,
        clients=" ".join(map(str, sizes)),
    )
    times: dict[tuple[str, int], list[float]] = {(name, n): [] for n in sizes for name in NAMES}
    ratios: dict[tuple[str, int], list[tuple[float, float]]] = {key: [] for key in times}
    for name in [] if quick else NAMES:  # warm up: bytecode caches, the page cache
        MEASURE[name](2)
    for round_number in range(rounds):
        for n in sizes:
            got: dict[str, list[float]] = {name: [] for name in NAMES}
            for _ in range(_repeats(n, samples)):
                for name in benchlib.rotate(NAMES, round_number):
                    times_now = MEASURE[name](n)
                    if len(times_now) != n:
                        raise RuntimeError(f"{name}: {len(times_now)} of {n} clients got a reply")
                    got[name] += times_now
            base = _p50_p90(got[REFERENCE])
            for name in NAMES:
                times[name, n] += got[name]
                mine = _p50_p90(got[name])
                ratios[name, n].append((mine[0] / base[0], mine[1] / base[1]))
    rows = []
    for n in sizes:
        base = _p50_p90(times[REFERENCE, n])
        for name in NAMES:
            p50, p90 = _p50_p90(times[name, n])
            by_round = sorted(r for r, _ in ratios[name, n])
            spread = f"{benchlib.median(by_round):.2f}x ({by_round[0]:.2f}-{by_round[-1]:.2f})"
            pooled = [f"{p50 / base[0]:.2f}x", f"{p90 / base[1]:.2f}x"]
            rows.append([name, n, p50 * 1e3, p90 * 1e3, *pooled, spread])
    headers = ["how", "clients", "p50 ms", "p90 ms", "p50 vs two programs", "p90 vs two programs"]
    headers.append("p50 ratio by round")
    print(benchlib.table(headers, rows))
    print()
    print(
        f"p50 and p90 over every client of {rounds} round(s) ({_repeats(min(sizes), samples)} run(s) a "
        f"round of {min(sizes)} clients, so that a round holds at least {samples} times), their ratios "
        "to the reference's; by round: the median (lowest-highest) of each round's own p50 ratio. "
        "A fresh process (or two) per measurement, the candidates in a rotating order."
    )


def _repeats(n: int, samples: int) -> int:
    """Runs of ``n`` clients per candidate in a round: enough for ``samples`` times (a run of 8
    clients lasts a millisecond, and one scheduler tick moves all of them together)."""
    return max(1, -(-samples // n))


def _p50_p90(times: list[float]) -> tuple[float, float]:
    return benchlib.percentile(times, 0.5), benchlib.percentile(times, 0.9)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
