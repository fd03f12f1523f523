"""The app's memory with real connections: its own server, runs of real clients, a million events.

    python bench/app_memory.py [--quick] [--events N] [--engine process|thread] [--clients N]

The app (headless, ``App.run_test``) starts its server and launches runs of lesson clients
(``--clients`` each, hold 0) against it, one after another, until its bus holds ``--events``
events, every one from a real loopback connection, all drawn as they come. Its resident memory
is sampled after every run. Reported: the app's RSS at start, its largest, at the end, and per
event; on the process engine also the server's child process at the end (each run's child has
exited by then).
"""

from __future__ import annotations

import asyncio
import time

import benchlib

TIME_LIMIT = 600.0  # seconds the whole run may take (a bound, not a target)


async def fill(events: int, engine: str, clients: int) -> list[object]:
    from server_core import Order
    from tui_app.app import LabApp

    app = LabApp(port=0, engine=engine, lang="zh")  # its server replies the lesson's bytes, as serve's does
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        for _ in range(600):  # the app starts one as it opens; in a child process, bound in a worker
            if app.lab.server is not None:
                break
            await pilot.pause(0.05)
        assert app.lab.server is not None, "the app's server did not start"
        target = (benchlib.HOST, app.lab.server.port)
        values = {"n": clients, "hold": 0.0, "message": benchlib.MESSAGE}
        before = benchlib.rss_kib() / 1024
        peak = before
        runs = 0
        start = time.monotonic()
        while app.bus.emitted < events and time.monotonic() - start < TIME_LIMIT:
            run = app._start_run(Order("free"), values, target)
            runs += 1
            while not run.done and time.monotonic() - start < TIME_LIMIT:
                await pilot.pause(0.05)
            peak = max(peak, benchlib.rss_kib() / 1024)
        await pilot.pause(0.5)  # the last batches drawn
        elapsed = time.monotonic() - start
        after = benchlib.rss_kib() / 1024
        emitted = app.bus.emitted
        child = getattr(app.lab.server, "_child", None)
        server_mib = benchlib.rss_kib(child.process.pid) / 1024 if child is not None else float("nan")
        app.stop_everything()
    return [
        engine,
        emitted,
        runs * clients,
        elapsed,
        before,
        peak,
        after,
        (after - before) * 2**20 / emitted,
        server_mib,
    ]


def main() -> None:
    args = benchlib.parser(__doc__.splitlines()[0])
    args.add_argument("--events", type=int, default=None, help="events to reach (a million by default)")
    args.add_argument("--engine", choices=("process", "thread"), default="process")
    args.add_argument("--clients", type=int, default=500, help="clients per run")
    options = args.parse_args()
    events = options.events or (3_000 if options.quick else 1_000_000)
    benchlib.header(
        "The app's memory with real connections", pinned=None, events=events, clients=options.clients
    )
    headers = ["engine", "events", "connections", "seconds", "RSS start MiB", "RSS peak MiB"]
    headers += ["RSS end MiB", "bytes/event", "server process MiB"]
    print(benchlib.table(headers, [asyncio.run(fill(events, options.engine, options.clients))]))


if __name__ == "__main__":
    main()
