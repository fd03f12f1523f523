"""Write the README's screenshots: ``python -m tui_app.screenshots [--out screenshots]``.

The app runs headless with its real server listening on 127.0.0.1:8888 (``--port`` to change
it). The runs it shows are a staged replay of the lesson's runs - three clients free, then three
lock-ordered, then eight clients holding 0.5 s in each of free, lock, semaphore:3 and queue for
the timelines and their comparison - emitted onto the app's event bus with fixed times and client
ports, so the pictures change only when the interface does (a real free run interleaves
differently each time, and the OS picks client ports at random).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from textual.pilot import Pilot

from server_core import (
    CLIENT,
    DEFAULT_MESSAGE,
    DEFAULT_REPLY,
    SERVER,
    ClientConfig,
    EventBus,
    Order,
    parse_order,
)

from .app import LabApp

SIZE = (120, 36)
HOLD = 1.0
# The staged order of arrival of free clients, and of grants under a lock or a semaphore (neither
# is fair, so a later asker sometimes goes first); the first n that are at most n are used.
FREE_ARRIVALS = (2, 1, 3, 5, 4, 6, 8, 7)
UNFAIR_GRANTS = (1, 2, 3, 5, 4, 7, 8, 6)
TIMELINE_RUNS = (("free", "free"), ("lock", "lock"), ("semaphore:3", "semaphore3"), ("queue", "queue"))


class StagedClock:
    """A clock the script sets by hand: ``EventBus`` reads it for every event's time."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@dataclass(frozen=True)
class Step:
    t: float
    side: str
    kind: str
    fields: dict


def client_steps(
    i: int, run: int, number: int, start: float, port: int, server: str, hold: float = HOLD
) -> list[Step]:
    """The events of one lesson client and its server handler, as the engine emits them."""
    local = f"127.0.0.1:{port}"
    message, reply = DEFAULT_MESSAGE.replace("{i}", str(i)), DEFAULT_REPLY
    sent, got = len(message.encode()), len(reply.encode())
    mine = {"client": i, "run": run}
    ends = {**mine, "local": local, "peer": server}
    theirs = {"client": number, "local": server, "peer": local}
    steps: list[tuple[float, str, str, dict]] = [
        (0.0, CLIENT, "entered", mine),
        (0.0001, CLIENT, "connecting", {**mine, "peer": server}),
        (0.0009, CLIENT, "connected", ends),
        (0.0010, SERVER, "accepted", theirs),
        (0.0011, SERVER, "entered", theirs),
        (0.0012, CLIENT, "sent", {**ends, "text": message, "bytes": sent}),
        (0.0015, SERVER, "received", {**theirs, "text": message, "bytes": sent}),
        (0.0016, SERVER, "replied", {**theirs, "text": reply, "bytes": got}),
        (0.0019, CLIENT, "received", {**ends, "text": reply, "bytes": got}),
        (hold + 0.0020, CLIENT, "disconnected", {**ends, "text": "closed"}),
        (hold + 0.0021, CLIENT, "left", mine),
        (hold + 0.0023, SERVER, "disconnected", {**theirs, "text": "closed by peer"}),
        (hold + 0.0024, SERVER, "left", theirs),
    ]
    return [Step(start + dt, side, kind, fields) for dt, side, kind, fields in steps]


def entry_times(order: Order, n: int, hold: float) -> dict[int, float]:
    """When each client enters its section, counted from the launch: free clients 0.3 ms apart
    in :data:`FREE_ARRIVALS` order; the others in turns, ``order.k`` at a time for a semaphore."""

    def first(sequence: tuple[int, ...]) -> list[int]:
        return [i for i in sequence if i <= n] + list(range(len(sequence) + 1, n + 1))

    if order.mode == "free":
        return {i: position * 0.0003 for position, i in enumerate(first(FREE_ARRIVALS))}
    grants = list(range(1, n + 1)) if order.mode == "queue" else first(UNFAIR_GRANTS)
    slots = [0.0005] * order.k  # when each of the k places frees up
    times = {}
    for i in grants:
        place = slots.index(min(slots))
        times[i] = slots[place]
        slots[place] += hold + 0.003
    return times


def staged_run(
    run: int, first_number: int, start: float, server: str, order: Order, n: int = 3, hold: float = HOLD
) -> Iterator[Step]:
    """A run as the engine reports it: ``launched``, then each client's steps (with its
    ``waiting`` first where the mode makes it ask for a turn); the server numbers connections in
    the order they arrive."""
    entries = entry_times(order, n, hold)
    settings = {"run": run, "order": str(order), "n": n, "hold": hold}
    steps = [Step(start, CLIENT, "launched", settings)]
    for number, i in enumerate(sorted(entries, key=entries.__getitem__), start=first_number):
        steps += client_steps(i, run, number, start + entries[i], 50000 + 10 * run + i, server, hold)
        if order.mode != "free":  # every client asks at once; it waits until its turn
            steps.append(Step(start + i * 0.0001 - 0.0001, CLIENT, "waiting", {"client": i, "run": run}))
    return iter(sorted(steps, key=lambda s: s.t))


async def play(
    app: LabApp, clock: StagedClock, run: int, order: Order, n: int, hold: float, start: float
) -> None:
    """Emit a staged run onto the app's bus, as if launched at ``start``, and let the app show it."""
    clock.now = start
    app.note_launch(run, ClientConfig(n=n, port=app.server.port if app.server else 0, order=order, hold=hold))
    first_number = 1 + sum(summary.clients for summary in app.summaries.values())
    for step in staged_run(run, first_number, start, app.listening or "", order, n, hold):
        clock.now = step.t
        app.bus.emit(step.side, step.kind, **step.fields)
    clock.now += 0.01
    app.drain(budget=None)
    app.note_run_done(run, n)


async def shoot(out: Path, port: int) -> list[Path]:
    """Run the app headless, play the staged runs, save the SVGs; returns their paths."""
    clock = StagedClock()
    app = LabApp(port=port, lang="en", bus=EventBus(clock=clock))
    saved: list[Path] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if app.server is None:
            raise SystemExit(f"screenshots: cannot listen on 127.0.0.1:{port}; choose another --port")
        for run, (order, start) in enumerate([(Order("free"), 1.0), (Order("lock"), 3.0)], start=1):
            await play(app, clock, run, order, 3, HOLD, start)
            await settle(app, pilot)
            app.table.move_cursor(row=3 * run - 3)
            await settle(app, pilot)
            saved.append(_save(app, out, f"main-{order.mode}.svg"))
        await pilot.press("question_mark")
        await pilot.pause()
        saved.append(_save(app, out, "help.svg"))
        await pilot.press("escape")
        compared = []
        for run, (text, name) in enumerate(TIMELINE_RUNS, start=3):
            await play(app, clock, run, parse_order(text), 8, 0.5, 4.0 * run)
            await settle(app, pilot)
            compared.append(run)
            await pilot.press("t")
            await pilot.pause()
            saved.append(_save(app, out, f"timeline-{name}.svg"))
            await pilot.press("escape")
            await pilot.pause()
        app.show_comparison(compared)
        await pilot.pause()
        saved.append(_save(app, out, "comparison.svg"))
    return saved


async def settle(app: LabApp, pilot: Pilot) -> None:
    """Draw everything queued now (the panes otherwise merge writes over a fifth of a second)
    and let the screen catch up, so a picture never depends on timing."""
    app.draw_now()
    for _ in range(3):
        await pilot.pause()
    app.events.scroll_end(animate=False, immediate=True)
    app.conversation.scroll_end(animate=False, immediate=True)
    await pilot.pause()


def _save(app: LabApp, out: Path, name: str) -> Path:
    app.save_screenshot(name, path=str(out))
    return out / name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tui_app.screenshots", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--out", type=Path, default=Path("screenshots"), help="directory for the SVGs")
    parser.add_argument("--port", type=int, default=8888, help="port the app's server listens on")
    args = parser.parse_args(argv)
    for name in ("NO_COLOR", "TEXTUAL_THEME"):  # the pictures show the default look
        os.environ.pop(name, None)
    args.out.mkdir(parents=True, exist_ok=True)
    for path in asyncio.run(shoot(args.out, args.port)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
