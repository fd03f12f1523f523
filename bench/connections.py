"""Connection cycles per second: connect, send, read the reply, close, from several client threads.

    python bench/connections.py [--quick] [--rounds N] [--seconds S] [--threads N] [--svg PATH]

Every server runs in a subprocess of its own (pinned to one core, the load generator to the
other); each round runs every server once for the same time, in a rotating order. Reported:
the median rate over rounds, the ratio to the stdlib server's median, latency percentiles over
all cycles, and the server's CPU time per cycle.
tcp-lab runs twice: as it is by default (a handler thread whose connection ended serves a later
one) and as ``tcp-lab-new`` (a new thread for every connection, the lesson's literal model).
"""

from __future__ import annotations

import time

import benchlib
import native
import plot
import roundtrips


def cycles(port: int, threads: int, seconds: float) -> list[float]:
    """Run connection cycles from ``threads`` threads for ``seconds``; the latency of each, in s."""
    deadline = time.perf_counter() + seconds
    message = benchlib.MESSAGE.format(i=1).encode()

    def work(i: int, mine: list[float]) -> None:
        clock = time.perf_counter
        while (start := clock()) < deadline:
            with benchlib.connect_from(i, port) as sock:
                sock.sendall(message)
                benchlib.read_reply(sock)
            mine.append(clock() - start)

    return benchlib.on_processes(work, threads, seconds)


def main() -> None:
    args = benchlib.parser(__doc__.splitlines()[0])
    args.add_argument("--seconds", type=float, default=None, help="duration of each server's turn")
    args.add_argument("--threads", type=int, default=8, help="connections in flight at once")
    args.add_argument("--svg", default=None, help="also write a bar chart of the rates to this file")
    benchlib.generator_option(args)
    options = args.parse_args()
    rounds = options.rounds or (1 if options.quick else 5)
    seconds = options.seconds or (0.15 if options.quick else 3.0)
    generator = benchlib.chosen_generator(options.generator)
    pinned = benchlib.pin(benchlib.CLIENT_CPU)
    benchlib.raise_nofile()
    benchlib.header(
        "Connection cycles per second",
        pinned,
        rounds=rounds,
        seconds=seconds,
        in_flight=options.threads,
        generator=roundtrips.GENERATORS[generator],
    )
    names = benchlib.rate_names()
    rates: dict[str, list[float]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    p50s: dict[str, list[float]] = {name: [] for name in names}
    p99s: dict[str, list[float]] = {name: [] for name in names}
    servers = {name: benchlib.ServerProcess(name, pinned) for name in names}
    try:
        for server in servers.values():
            drive(generator, server.port, options.threads, min(seconds, 0.2))  # warm up
        for round_number in range(rounds):
            for name in benchlib.rotate(names, round_number):
                server = servers[name]
                cpu_before = server.cpu_seconds()
                start = time.perf_counter()
                load = drive(generator, server.port, options.threads, seconds)
                elapsed = time.perf_counter() - start
                rates[name].append(load.done / (seconds if generator == "native" else elapsed))
                cpu[name].append((server.cpu_seconds() - cpu_before) / max(load.done, 1))
                p50s[name].append(load.p50)
                p99s[name].append(load.p99)
    finally:
        for server in servers.values():
            server.stop()
    base = benchlib.median(rates[benchlib.BASELINE])
    rows = []
    for name in names:
        rate = benchlib.median(rates[name])
        rows.append(
            [
                name,
                rate,
                f"{rate / base:.2f}x",
                benchlib.median(p50s[name]) * 1e3,
                benchlib.median(p99s[name]) * 1e3,
                benchlib.median(cpu[name]) * 1e6,
            ]
        )
    print(
        benchlib.table(
            ["server", "cycles/s", "vs stdlib", "p50 ms", "p99 ms", "server CPU us/cycle"],
            rows,
        )
    )
    print()
    print("p50 and p99: medians over rounds of each turn's percentiles. " + native.note())
    if options.svg:
        plot.bars(
            options.svg,
            "Connection cycles per second (median)",
            [(name, benchlib.median(rates[name])) for name in names],
        )
        print(f"\nplot written to {options.svg}")


def drive(generator: str, port: int, in_flight: int, seconds: float) -> native.Load:
    """Connection cycles from ``generator`` for ``seconds``: how many, their latency percentiles."""
    if generator == "native":
        return native.generate("cycles", port, in_flight, seconds)
    return benchlib.load_of(cycles(port, in_flight, seconds))


if __name__ == "__main__":
    main()
