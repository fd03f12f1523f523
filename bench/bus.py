"""The event bus alone: what an event costs to emit, to drain and to keep, spilled or all in memory.

    python bench/bus.py [--quick] [--rounds N] [--events N]

One thread emits lesson-like ``received`` events (a peer, a text, a byte count) and drains the
bus after every 1,000, as a reader would. Two candidates, each round in a fresh process (so
resident memory is its own), in a rotating order:

- ``spilled``: ``EventBus()`` as the app and the command line use it: at most ``KEEP`` events in
  memory, the older ones moved to the spool file by the drains;
- ``in memory``: ``EventBus(keep=...)`` larger than the run, so nothing is spilled: every event
  stays in the list, as before the spool existed.

Reported (medians over rounds): emit and drain time per event, the time per event to read the
whole history back (``iter_history``, what an export does), the events left in memory, and the
growth of resident memory per event.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import benchlib

from server_core import SERVER, EventBus
from server_core.events import KEEP

CANDIDATES = ("spilled", "in memory")
DRAIN_EVERY = 1000


def measure(name: str, events: int) -> dict[str, float]:
    """Emit ``events`` events on a bus of kind ``name``, draining every DRAIN_EVERY; the costs."""
    bus = EventBus() if name == "spilled" else EventBus(keep=events + 1)
    before = benchlib.rss_kib() / 1024
    emitting = draining = 0.0
    for first in range(0, events, DRAIN_EVERY):
        start = time.perf_counter()
        for client in range(first, min(events, first + DRAIN_EVERY)):
            bus.emit(
                SERVER,
                "received",
                client=client,
                peer=f"127.0.0.1:{client % 60000}",
                text="客户端1连接成功",
                bytes=22,
            )
        drained = time.perf_counter()
        bus.drain()
        emitting += drained - start
        draining += time.perf_counter() - drained
    after = benchlib.rss_kib() / 1024
    start = time.perf_counter()
    read = sum(1 for _ in bus.iter_history())
    reading = time.perf_counter() - start
    assert read == events
    return {
        "emit": emitting / events * 1e6,
        "drain": draining / events * 1e6,
        "read": reading / events * 1e6,
        "in_memory": bus.in_memory,
        "bytes": (after - before) * 2**20 / events,
    }


def run_child(name: str, events: int) -> dict[str, float]:
    """``measure`` in a fresh process of its own."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", name, "--events", str(events)],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return json.loads(out.stdout)


def main() -> None:
    args = benchlib.parser(__doc__.splitlines()[0])
    args.add_argument("--events", type=int, default=None, help="events emitted per run")
    args.add_argument("--child", choices=CANDIDATES, help=None)
    options = args.parse_args()
    events = options.events or (30_000 if options.quick else 1_000_000)
    if options.child:
        print(json.dumps(measure(options.child, events)))
        return
    rounds = options.rounds or (1 if options.quick else 3)
    benchlib.header("The event bus: emit, drain, keep", pinned=None, rounds=rounds, events=events, keep=KEEP)
    results: dict[str, list[dict[str, float]]] = {name: [] for name in CANDIDATES}
    for number in range(rounds):
        for name in benchlib.rotate(CANDIDATES, number):
            results[name].append(run_child(name, events))
    headers = ["history", "events", "emit us/event", "drain us/event", "read back us/event"]
    headers += ["events in memory", "RSS bytes/event"]
    rows = []
    for name, runs in results.items():
        medians = [benchlib.median(run[key] for run in runs) for key in ("emit", "drain", "read")]
        rows.append([name, events, *medians, int(benchlib.median(r["in_memory"] for r in runs))])
        rows[-1].append(benchlib.median(run["bytes"] for run in runs))
    print(benchlib.table(headers, rows))


if __name__ == "__main__":
    main()
