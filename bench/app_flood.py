"""The app drained flat out: how many events a second it applies, keys meanwhile, memory after.

    python bench/app_flood.py [--quick] [--events N]

Where ``app_storm.py`` offers a steady rate, this feeds the app (``tui_app.app.LabApp``,
headless through ``App.run_test()``) as fast as it drains: a thread emits whole lesson
connections' server events whenever fewer than 20,000 wait, until a million went through.
Meanwhile keys are pressed through ``Pilot``: Escape every half second (``app_storm.light_key``:
how long a key waits behind the flood) and, every fourth time, the help screen opened and closed
(``app_storm.key_round_trip``).
Reported: events, seconds, events drained per second, both key latencies, and the process's
resident memory before and after (every event stays in the bus history, for export: the newest
100,000 in memory, the others in its spool file).
"""

from __future__ import annotations

import asyncio
import threading
import time

import app_storm
import benchlib

from server_core import EventBus

WAITING = 20_000  # events allowed to wait for the app before the feeder pauses
HELP_EVERY = 4  # rounds of the light key per help screen opened and closed
TIME_LIMIT = 300.0  # seconds after which the run ends whatever was drained


def feed(app: object, connections: int) -> None:
    """Emit the server events of ``connections`` lesson connections, never more than WAITING ahead."""
    bus: EventBus = app.bus  # type: ignore[attr-defined]
    per_connection = len(app_storm.LESSON_CONNECTION)
    number = 0
    start = time.monotonic()
    while number < connections and time.monotonic() - start < TIME_LIMIT:
        if (number - app.session.book.accepted) * per_connection >= WAITING:  # type: ignore[attr-defined]
            time.sleep(0.001)
            continue
        last = min(connections, number + 500)
        for client in range(number + 1, last + 1):
            app_storm.emit_connection(bus, client)
        number = last


async def flood(events: int) -> list[object]:
    """[events, seconds, drained/s, key rounds, key p50 and max ms, help p50 and max ms, RSS before,
    after, bytes/event]."""
    from tui_app.app import LabApp

    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        before = benchlib.rss_kib() / 1024
        connections = events // len(app_storm.LESSON_CONNECTION)
        feeder = threading.Thread(target=feed, args=(app, connections), name="feeder", daemon=True)
        pending: list[asyncio.Task] = []
        keys: list[float] = []
        helps: list[float] = []
        start = time.monotonic()
        feeder.start()
        while app.session.book.accepted < connections and time.monotonic() - start < TIME_LIMIT:
            keys.append(await app_storm.light_key(pilot, app, pending))
            if len(keys) % HELP_EVERY == 1:  # a heavy key now and then: drawing it costs the flood too
                await asyncio.sleep(0.25)
                helps.append(await app_storm.key_round_trip(pilot, app, pending))
            await asyncio.sleep(0.5)
        elapsed = time.monotonic() - start
        feeder.join(5)
        if pending:
            await asyncio.wait(pending, timeout=app_storm.KEY_TIMEOUT)
        after = benchlib.rss_kib() / 1024
        drained = app.session.book.accepted * len(app_storm.LESSON_CONNECTION)
        await pilot.press("q")
    return [
        drained,
        elapsed,
        drained / elapsed,
        len(keys),
        benchlib.percentile(keys, 0.5) * 1e3,
        max(keys) * 1e3,
        benchlib.percentile(helps, 0.5) * 1e3,
        max(helps) * 1e3,
        before,
        after,
        (after - before) * 2**20 / drained,
    ]


def main() -> None:
    args = benchlib.parser(__doc__.splitlines()[0])
    args.add_argument("--events", type=int, default=None, help="events to push through the app")
    options = args.parse_args()
    events = options.events or (12_000 if options.quick else 1_000_000)
    benchlib.header("The app drained flat out", pinned=None, events=events)
    headers = ["events", "seconds", "drained events/s", "keys", "key p50 ms", "key max ms"]
    headers += ["help p50 ms", "help max ms"]
    headers += ["RSS before MiB", "RSS after MiB", "bytes/event"]
    print(benchlib.table(headers, [asyncio.run(flood(events))]))


if __name__ == "__main__":
    main()
