"""The client launcher against bare threads: N clients doing the same socket work, free running.

    python bench/launcher.py [--quick] [--rounds N] [--clients N]

The server is the lesson-style one in a subprocess of its own (pinned to one core, the clients
to the other), with a listen backlog of 1024 so a burst of connects is never dropped. Each round
runs both candidates once, in a rotating order:

- ``ClientRun``: ``server_core.ClientRun`` with ``hold=0``, recording every event on a bus that a
  reader thread drains and folds into the app's connection book, as the app does;
- ``bare threads``: N ``threading.Thread`` started in a loop and joined, each doing what the
  lesson's client does: connect to the address as given (no name lookup; ``ClientRun`` looks it up
  once per run), send, one recv and close, with the same timeout, message and reply.

Reported: the median time from start until every client is done, the ratio of the medians, and
the median (and range) of each round's own ratio, which a change in the machine's load between
rounds moves less.
"""

from __future__ import annotations

import socket
import threading
import time

import benchlib

from server_core import ClientConfig, ClientRun, EventBus, summarize

TIMEOUT = 30.0


def launched(port: int, n: int) -> float:
    """Seconds for a ClientRun of ``n`` free clients, its events drained as the app would."""
    bus = EventBus()
    reader = benchlib.EventReader(bus)
    config = ClientConfig(n=n, host=benchlib.HOST, port=port, hold=0.0, timeout=TIMEOUT)
    start = time.perf_counter()
    run = ClientRun(config, bus).start()
    finished = run.wait(TIMEOUT * 2)
    elapsed = time.perf_counter() - start
    run.stop()
    reader.stop()
    summary = summarize(bus.history, n, run.run)
    if not finished or summary.failed:
        raise RuntimeError(f"ClientRun: {summary.failed} of {n} clients failed")
    return elapsed


def bare(port: int, n: int) -> float:
    """Seconds for ``n`` bare threads, started in a loop and joined, doing the clients' socket work."""
    failures: list[BaseException] = []

    def client(i: int) -> None:
        try:
            with socket.socket() as sock:
                sock.settimeout(TIMEOUT)
                sock.connect((benchlib.HOST, port))
                sock.sendall(benchlib.MESSAGE.format(i=i).encode())
                if not sock.recv(1024):
                    raise ConnectionError("no reply")
        except OSError as exc:
            failures.append(exc)

    start = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(1, n + 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT * 2)
    elapsed = time.perf_counter() - start
    if failures:
        raise RuntimeError(f"bare threads: {len(failures)} of {n} clients failed, first: {failures[0]!r}")
    return elapsed


CANDIDATES = {"ClientRun": launched, "bare threads": bare}


def main() -> None:
    args = benchlib.parser(__doc__.splitlines()[0])
    args.add_argument("--clients", type=int, default=None, help="clients per run")
    options = args.parse_args()
    rounds = options.rounds or (1 if options.quick else 9)
    n = options.clients or (50 if options.quick else 1000)
    pinned = benchlib.pin(benchlib.CLIENT_CPU)
    benchlib.raise_nofile()
    benchlib.header("Client launcher against bare threads", pinned, rounds=rounds, clients=n)
    times: dict[str, list[float]] = {name: [] for name in CANDIDATES}
    with benchlib.ServerProcess("lesson", pinned, "--backlog", "1024") as server:
        bare(server.port, min(n, 100))  # warm up
        for round_number in range(rounds):
            for name in benchlib.rotate(list(CANDIDATES), round_number):
                times[name].append(CANDIDATES[name](server.port, n))
    base = benchlib.median(times["bare threads"])
    rows = []
    for name in CANDIDATES:
        paired = sorted(mine / bare for mine, bare in zip(times[name], times["bare threads"], strict=True))
        rows.append(
            [
                name,
                n,
                benchlib.median(times[name]),
                n / benchlib.median(times[name]),
                f"{benchlib.median(times[name]) / base:.2f}x",
                f"{benchlib.median(paired):.2f}x ({paired[0]:.2f}-{paired[-1]:.2f})",
            ]
        )
    headers = ["launcher", "clients", "median s", "clients/s", "time vs bare", "per round vs bare"]
    print(benchlib.table(headers, rows))


if __name__ == "__main__":
    main()
