"""Idle connections held: set-up time, memory per connection, and a probe's round trip meanwhile.

    python bench/idle.py [--quick] [--rounds N] [--counts N ...] [--probes N]

For each count, every server starts fresh in a subprocess of its own (pinned to one core, the
load generator to the other). The load generator opens the connections 64 at a time, sends one
message on each and reads every reply before it opens the next 64 (so every connection is being
served, and a burst never overflows the listen backlog of 128), then holds them idle while one
more connection measures round trips. Memory per connection is the growth of the server's
resident set divided by the count. Rounds alternate the servers; medians are reported.
"""

from __future__ import annotations

import socket
import time

import benchlib

WINDOW = 64  # connections opened at once, well inside the listen backlog of 128


def hold(server: benchlib.ServerProcess, count: int, probes: int) -> tuple[float, float, list[float]]:
    """Open and serve ``count`` connections, probe, close; (set-up s, KiB per connection, probe RTTs)."""
    message = benchlib.MESSAGE.format(i=1).encode()
    probe = socket.create_connection((benchlib.HOST, server.port), timeout=10)
    exchange(probe, message)
    before = server.rss_kib()
    held: list[socket.socket] = []
    try:
        start = time.perf_counter()
        for opened in range(0, count, WINDOW):
            window = [
                socket.create_connection((benchlib.HOST, server.port), timeout=10)
                for _ in range(min(WINDOW, count - opened))
            ]
            held.extend(window)
            for sock in window:
                sock.sendall(message)
            for sock in window:
                benchlib.read_reply(sock)
        setup = time.perf_counter() - start
        time.sleep(0.2)  # let the server's threads settle before reading its memory
        per_connection = (server.rss_kib() - before) / count
        rtts = []
        for _ in range(probes):
            t0 = time.perf_counter()
            exchange(probe, message)
            rtts.append(time.perf_counter() - t0)
    finally:
        for sock in held:
            sock.close()
        probe.close()
    return setup, per_connection, rtts


def exchange(sock: socket.socket, message: bytes) -> None:
    sock.sendall(message)
    benchlib.read_reply(sock)


def main() -> None:
    args = benchlib.parser(__doc__.splitlines()[0])
    args.add_argument("--counts", type=int, nargs="+", default=None, help="connections to hold")
    args.add_argument("--probes", type=int, default=None, help="probe round trips while held")
    options = args.parse_args()
    rounds = options.rounds or (1 if options.quick else 3)
    counts = options.counts or ([50] if options.quick else [1000, 5000])
    probes = options.probes or (20 if options.quick else 500)
    pinned = benchlib.pin(benchlib.CLIENT_CPU)
    limit = benchlib.raise_nofile()
    benchlib.header(
        "Idle connections held",
        pinned,
        rounds=rounds,
        counts=" and ".join(map(str, counts)),
        probes=probes,
        open_files_limit=limit,
    )
    names = benchlib.SERVER_NAMES
    cases = [(name, n) for n in counts for name in names]
    setups: dict[tuple[str, int], list[float]] = {case: [] for case in cases}
    memory: dict[tuple[str, int], list[float]] = {case: [] for case in cases}
    rtts: dict[tuple[str, int], list[float]] = {case: [] for case in cases}
    for round_number in range(rounds):
        for n in counts:
            for name in benchlib.rotate(names, round_number):
                with benchlib.ServerProcess(name, pinned) as server:
                    setup, per_connection, probe = hold(server, n, probes)
                setups[name, n].append(setup)
                memory[name, n].append(per_connection)
                rtts[name, n].extend(probe)
    rows = []
    for name, n in cases:
        rows.append(
            [
                name,
                n,
                benchlib.median(setups[name, n]),
                n / benchlib.median(setups[name, n]),
                benchlib.median(memory[name, n]),
                *benchlib.latency_ms(rtts[name, n]),
            ]
        )
    print(
        benchlib.table(
            ["server", "held", "set-up s", "connections/s", "KiB/connection", "probe p50 ms", "probe p99 ms"],
            rows,
        )
    )


if __name__ == "__main__":
    main()
