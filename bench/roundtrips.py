"""Round trips per second on persistent connections: send a message, read the whole reply, repeat.

    python bench/roundtrips.py [--quick] [--rounds N] [--seconds S] [--connections N ...]

Every server runs in a subprocess of its own (pinned to one core, the load generator to the
other). Each connection has a client thread of its own; each round runs every server once per
connection count, in a rotating order. Reported: the median rate over rounds, the ratio to the
stdlib server's median, latency percentiles over all round trips, and server CPU per round trip.
tcp-lab runs twice: as it is by default (a handler thread whose connection ended serves a later
one) and as ``tcp-lab-new`` (a new thread for every connection, the lesson's literal model).
"""

from __future__ import annotations

import time

import benchlib
import native


def round_trips(port: int, connections: int, seconds: float) -> list[float]:
    """Run round trips on ``connections`` connections for ``seconds``; the latency of each, in s."""
    socks = [benchlib.connect_from(i, port) for i in range(connections)]
    message = benchlib.MESSAGE.format(i=1).encode()
    deadline = time.perf_counter() + seconds

    def work(i: int, mine: list[float]) -> None:
        clock = time.perf_counter
        sock = socks[i]
        while (start := clock()) < deadline:
            sock.sendall(message)
            benchlib.read_reply(sock)
            mine.append(clock() - start)

    try:
        return benchlib.on_processes(work, connections, seconds)
    finally:
        for sock in socks:
            sock.close()


def main() -> None:
    args = benchlib.parser(__doc__.splitlines()[0])
    args.add_argument("--seconds", type=float, default=None, help="duration of each server's turn")
    args.add_argument("--connections", type=int, nargs="+", default=[1, 8], help="connection counts")
    benchlib.generator_option(args)
    options = args.parse_args()
    rounds = options.rounds or (1 if options.quick else 5)
    seconds = options.seconds or (0.1 if options.quick else 2.0)
    generator = benchlib.chosen_generator(options.generator)
    pinned = benchlib.pin(benchlib.CLIENT_CPU)
    benchlib.header(
        "Round trips per second on persistent connections",
        pinned,
        rounds=rounds,
        seconds=seconds,
        connections=" and ".join(map(str, options.connections)),
        generator=GENERATORS[generator],
    )
    names = benchlib.rate_names()
    cases = [(name, n) for n in options.connections for name in names]
    rates: dict[tuple[str, int], list[float]] = {case: [] for case in cases}
    cpu: dict[tuple[str, int], list[float]] = {case: [] for case in cases}
    p50s: dict[tuple[str, int], list[float]] = {case: [] for case in cases}
    p99s: dict[tuple[str, int], list[float]] = {case: [] for case in cases}
    servers = {name: benchlib.ServerProcess(name, pinned) for name in names}
    try:
        for server in servers.values():
            drive(generator, server.port, 1, min(seconds, 0.2))  # warm up
        for round_number in range(rounds):
            for n in options.connections:
                for name in benchlib.rotate(names, round_number):
                    server = servers[name]
                    cpu_before = server.cpu_seconds()
                    start = time.perf_counter()
                    load = drive(generator, server.port, n, seconds)
                    elapsed = time.perf_counter() - start
                    rates[name, n].append(load.done / (seconds if generator == "native" else elapsed))
                    cpu[name, n].append((server.cpu_seconds() - cpu_before) / max(load.done, 1))
                    p50s[name, n].append(load.p50)
                    p99s[name, n].append(load.p99)
    finally:
        for server in servers.values():
            server.stop()
    rows = []
    for name, n in cases:
        rate = benchlib.median(rates[name, n])
        base = benchlib.median(rates[benchlib.BASELINE, n])
        rows.append(
            [
                name,
                n,
                rate,
                f"{rate / base:.2f}x",
                benchlib.median(p50s[name, n]) * 1e3,
                benchlib.median(p99s[name, n]) * 1e3,
                benchlib.median(cpu[name, n]) * 1e6,
            ]
        )
    print(
        benchlib.table(
            ["server", "connections", "round trips/s", "vs stdlib", "p50 ms", "p99 ms", "server CPU us/trip"],
            rows,
        )
    )
    print()
    print("p50 and p99: medians over rounds of each turn's percentiles. " + native.note())


GENERATORS = {
    "native": f"C (bench/echo.c), one process, {native.SOURCES} source addresses",
    "python": f"Python, a thread per connection in {benchlib.GENERATOR_PROCESSES} processes, "
    f"{native.SOURCES} source addresses",
}


def drive(generator: str, port: int, connections: int, seconds: float) -> native.Load:
    """Round trips from ``generator`` for ``seconds``: how many, and their latency percentiles."""
    if generator == "native":
        return native.generate("trips", port, connections, seconds)
    return benchlib.load_of(round_trips(port, connections, seconds))


if __name__ == "__main__":
    main()
