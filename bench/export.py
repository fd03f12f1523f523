"""Exports: time and peak memory of each format, for one long connection and for many short ones.

    python bench/export.py [--quick] [--rounds N]

Two histories, on an ``EventBus`` that keeps only the newest 1,000 events in memory (the older
ones in its spool, as in a long session):

- ``one connection``: a client and its handler exchanging M messages each way (the trace export
  was quadratic in these), at M and 2M, so the time can be compared as the messages double;
- ``many connections``: N lesson connections, both sides, twelve events each.

Each export reads ``EventBus.snapshot()`` as the command line does. Reported (medians over
rounds): seconds, and the peak of memory allocated while exporting (``tracemalloc``, measured in
a separate run, since tracing slows Python down), beside what the whole history takes as a list.
"""

from __future__ import annotations

import tempfile
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path

import benchlib

from server_core import CLIENT, SERVER, EventBus
from server_core.export import FORMATS, write_export

KEEP = 1000  # events in memory: the history is read back from the spool, as after a long session


def one_connection(messages: int) -> EventBus:
    bus = EventBus(keep=KEEP)
    handler = bus.emitter(SERVER, 1, "127.0.0.1:8888", "127.0.0.1:50000")
    client = bus.emitter(CLIENT, 1, "127.0.0.1:50000", "127.0.0.1:8888")
    client("entered", run=1)
    client("connected", run=1)
    handler("accepted")
    handler("entered")
    for first in range(0, messages, 1000):
        for _ in range(first, min(messages, first + 1000)):
            client("sent", text="客户端1连接成功", bytes=22, run=1)
            handler("received", text="客户端1连接成功", bytes=22)
            handler("replied", text="收到客户端信息", bytes=21)
            client("received", text="收到客户端信息", bytes=21, run=1)
        bus.drain()
    return bus


def many_connections(count: int) -> EventBus:
    bus = EventBus(keep=KEEP)
    for number in range(1, count + 1):
        peer = f"127.0.0.1:{number % 60000}"
        handler = bus.emitter(SERVER, number, "127.0.0.1:8888", peer)
        client = bus.emitter(CLIENT, number, peer, "127.0.0.1:8888")
        client("entered", run=1)
        client("connected", run=1)
        handler("accepted")
        handler("entered")
        client("sent", text="客户端1连接成功", bytes=22, run=1)
        handler("received", text="客户端1连接成功", bytes=22)
        handler("replied", text="收到客户端信息", bytes=21)
        client("received", text="收到客户端信息", bytes=21, run=1)
        client("disconnected", text="closed", run=1)
        client("left", run=1)
        handler("disconnected", text="closed by peer")
        handler("left")
        if number % 100 == 0:
            bus.drain()
    return bus


def seconds(bus: EventBus, path: Path) -> float:
    start = time.perf_counter()
    write_export(path, bus.snapshot(), overwrite=True)
    return time.perf_counter() - start


def peak_mib(work: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def main() -> None:
    options = benchlib.parser(__doc__.splitlines()[0]).parse_args()
    messages = 500 if options.quick else 50_000
    connections = 250 if options.quick else 50_000
    rounds = options.rounds or (1 if options.quick else 3)
    benchlib.header("Exports", pinned=None, rounds=rounds, messages=messages, connections=connections)
    histories = {
        f"one connection, {messages} messages": one_connection(messages),
        f"one connection, {2 * messages} messages": one_connection(2 * messages),
        f"many connections, {connections}": many_connections(connections),
    }
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name, bus in histories.items():
            whole = peak_mib(partial(list, bus.snapshot()))
            for fmt in FORMATS:
                path = Path(folder) / f"export{fmt}"
                times = [seconds(bus, path) for _ in range(rounds)]
                peak = peak_mib(partial(write_export, path, bus.snapshot(), overwrite=True))
                rows.append([fmt, name, bus.emitted, benchlib.median(times), peak, whole])
    headers = ["format", "history", "events", "seconds", "peak MiB", "history as a list MiB"]
    print(benchlib.table(headers, rows))


if __name__ == "__main__":
    main()
