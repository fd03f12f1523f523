"""The app under a storm of events: does a key press stay answered, do the counters stay exact?

    python bench/app_storm.py [--quick] [--rate EVENTS_PER_S] [--seconds S]

A thread emits the server events of whole lesson connections (accepted, entered, received,
replied, disconnected, left) onto the app's bus at a steady rate, as a server under that load
would. Meanwhile keys are pressed again and again: Escape, whose action costs nothing (the time
until the app ran it is the wait a key spends behind the storm), and the help key (the time
until the help screen opens, or closes, includes drawing it). Reported: the events and
connections sent, the counters the app shows, both latencies (median, worst), and whether every
event stayed in the history.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable

import benchlib

from server_core import SERVER, EventBus, audit

LESSON_CONNECTION = (  # what the server reports for one lesson client: six events
    ("accepted", {}),
    ("entered", {}),
    ("received", {"text": "客户端1连接成功", "bytes": 22}),
    ("replied", {"text": "收到客户端信息", "bytes": 21}),
    ("disconnected", {"text": "closed by peer"}),
    ("left", {}),
)
TICK = 0.01  # seconds between two bursts of the storm
BETWEEN = 0.1  # seconds between a light key and the help key (twice that after the help key)
KEY_TIMEOUT = 30.0  # seconds a key may take before the run gives up (a deadline, not a target)


def storm(bus: EventBus, rate: int, seconds: float, more: Callable[[], bool] = lambda: False) -> int:
    """Emit whole lesson connections' server events at ``rate`` events/s; returns how many.

    The storm lasts ``seconds``, and on while ``more()`` says so, up to four times as long.
    """
    per_connection = len(LESSON_CONNECTION)
    per_tick = max(1, round(rate * TICK / per_connection))
    start = time.monotonic()
    number = 0
    while (elapsed := time.monotonic() - start) < seconds or (more() and elapsed < 4 * seconds):
        for _ in range(per_tick):
            number += 1
            emit_connection(bus, number)
        ahead = start + number * per_connection / rate - time.monotonic()
        if ahead > 0:
            time.sleep(ahead)
    return number


def emit_connection(bus: EventBus, number: int) -> None:
    """Emit the server events of lesson connection ``number``, from a peer address of its own."""
    peer = f"127.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}:40000"
    for kind, fields in LESSON_CONNECTION:
        bus.emit(SERVER, kind, client=number, peer=peer, local="127.0.0.1:1", **fields)


async def answered_in(
    pilot: object,
    condition: Callable[[], object],
    pending: list,
    key: str = "question_mark",
) -> float:
    """Press ``key`` and return how long until ``condition()`` holds: the key's own latency.

    ``Pilot.press`` also waits until the whole screen is idle, which a storm postpones, so the
    press runs concurrently (kept in ``pending`` for the caller to await) while the condition is
    watched.
    """
    started = time.monotonic()
    pending.append(asyncio.create_task(pilot.press(key)))  # type: ignore[attr-defined]
    while not condition():
        if time.monotonic() - started > KEY_TIMEOUT:
            raise TimeoutError(f"the key was not answered within {KEY_TIMEOUT} s")
        await asyncio.sleep(0.005)
    return time.monotonic() - started


async def key_round_trip(pilot: object, app: object, pending: list) -> float:
    """Open the help screen and close it again; the longer of the two latencies."""
    from tui_app.screens.help import HelpScreen

    opened = await answered_in(pilot, lambda: isinstance(app.screen, HelpScreen), pending)  # type: ignore[attr-defined]
    closed = await answered_in(pilot, lambda: not isinstance(app.screen, HelpScreen), pending)  # type: ignore[attr-defined]
    return max(opened, closed)


async def light_key(pilot: object, app: object, pending: list) -> float:
    """Press Escape, whose action costs nothing here (it leaves a text field, and none has the
    focus), and return how long until the app ran that action: the time a key waits behind
    the storm, without the cost of drawing a new screen."""
    ran: list[float] = []
    leave_field = app.action_leave_field  # type: ignore[attr-defined]

    def watched() -> None:
        ran.append(time.monotonic())
        leave_field()

    app.action_leave_field = watched  # type: ignore[attr-defined]
    try:
        return await answered_in(pilot, lambda: ran, pending, key="escape")
    finally:
        del app.action_leave_field  # type: ignore[attr-defined]


async def run(rate: int, seconds: float, presses: int = 0, events: int = 0) -> dict:
    """One storm against a fresh app; the measurements by name.

    The storm goes on past ``seconds`` until ``presses`` key round trips were answered in it and
    ``events`` events were emitted (a loaded machine is slow to answer and to emit; the point is
    that keys are answered during a storm of that size), up to four times ``seconds``.
    """
    from tui_app.app import LabApp

    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        sent: list[int] = []
        latencies: list[float] = []
        light: list[float] = []
        answered_during = 0

        def more() -> bool:
            return answered_during < presses or app.bus.emitted < events

        producer = threading.Thread(
            target=lambda: sent.append(storm(app.bus, rate, seconds, more)), name="storm"
        )
        pending: list[asyncio.Task] = []
        started = time.monotonic()
        producer.start()
        try:
            while producer.is_alive():
                light.append(await light_key(pilot, app, pending))
                await asyncio.sleep(BETWEEN)
                latencies.append(await key_round_trip(pilot, app, pending))
                answered_during += producer.is_alive()
                await asyncio.sleep(2 * BETWEEN)  # the help screen's own drawing is over
        finally:  # no key may still be on its way when the app closes
            producer.join()
            if pending:
                await asyncio.wait(pending, timeout=KEY_TIMEOUT)
        elapsed = time.monotonic() - started
        connections = sent[0]
        deadline = time.monotonic() + 30
        while app.session.book.accepted < connections and time.monotonic() < deadline:
            await pilot.pause(0.05)
        caught_up = time.monotonic() - started - elapsed
        kept = app.bus.history  # what an export would write
        result = {
            "events": len(LESSON_CONNECTION) * connections,
            "rate": len(LESSON_CONNECTION) * connections / elapsed,
            "connections": connections,
            "accepted": app.session.book.accepted,
            "messages": app.session.book.messages,
            "active": app.session.book.active,
            "history": len(kept),
            "kept": kept,
            "audit": audit(kept),
            "rows": app.table.row_count,
            "latencies": latencies,
            "light": light,
            "answered_during": answered_during,
            "caught_up": caught_up,
        }
        await pilot.press("q")
    return result


def main() -> None:
    args = benchlib.parser(__doc__.splitlines()[0])
    args.add_argument("--rate", type=int, default=5000, help="events a second")
    args.add_argument("--seconds", type=float, default=10.0, help="how long the storm lasts")
    opts = args.parse_args()
    seconds = 1.0 if opts.quick else opts.seconds
    result = asyncio.run(run(opts.rate, seconds))
    lat, light = result["latencies"], result["light"]
    exact = (result["accepted"], result["messages"], result["active"]) == (result["connections"],) * 2 + (0,)
    whole = result["history"] == result["events"] + 1 and not result["audit"]
    print(f"# The app under {opts.rate} events/s for {seconds:g} s\n")
    headers = ["events", "events/s", "connections", "counters exact", "history whole"]
    headers += ["key median ms", "key worst ms", "help median ms", "help worst ms"]
    row = [result["events"], result["rate"], result["connections"], "yes" if exact else "NO"]
    row += ["yes" if whole else "NO", benchlib.median(light) * 1e3, max(light) * 1e3]
    row += [benchlib.median(lat) * 1e3, max(lat) * 1e3]
    print(benchlib.table(headers, [row]))
    print(
        f"\n{len(lat)} rounds of keys; 'key' is Escape (its action ran), 'help' the help screen opened"
        f" and closed. The screen caught up {result['caught_up']:.2f} s after the storm ended."
    )


if __name__ == "__main__":
    main()
