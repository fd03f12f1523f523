"""Write the README's screenshots: ``python -m tui_app.screenshots [--out screenshots]``.

The app runs headless with its real server listening on 127.0.0.1:8888 (``--port`` to change
it). The runs it shows are a staged replay of the lesson's runs - three clients free, then three
lock-ordered - emitted onto the app's event bus with fixed times and client ports, so the
pictures change only when the interface does (a real free run interleaves differently each
time, and the OS picks client ports at random).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from server_core import CLIENT, DEFAULT_MESSAGE, DEFAULT_REPLY, SERVER, ClientConfig, EventBus, Order

from .app import LabApp

SIZE = (120, 36)
HOLD = 1.0


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


def client_steps(i: int, run: int, number: int, start: float, port: int, server: str) -> list[Step]:
    """The events of one lesson client and its server handler, as the engine emits them."""
    local = f"127.0.0.1:{port}"
    message, reply = DEFAULT_MESSAGE.replace("{i}", str(i)), DEFAULT_REPLY
    sent, got = len(message.encode()), len(reply.encode())
    mine = {"client": i, "run": run}
    ends = {**mine, "local": local, "peer": server}
    theirs = {"client": number, "local": server, "peer": local}
    steps = [
        (0.0, CLIENT, "entered", mine),
        (0.0001, CLIENT, "connecting", {**mine, "peer": server}),
        (0.0009, CLIENT, "connected", ends),
        (0.0010, SERVER, "accepted", theirs),
        (0.0011, SERVER, "entered", theirs),
        (0.0012, CLIENT, "sent", {**ends, "text": message, "bytes": sent}),
        (0.0015, SERVER, "received", {**theirs, "text": message, "bytes": sent}),
        (0.0016, SERVER, "replied", {**theirs, "text": reply, "bytes": got}),
        (0.0019, CLIENT, "received", {**ends, "text": reply, "bytes": got}),
        (HOLD + 0.0020, CLIENT, "disconnected", {**ends, "text": "closed"}),
        (HOLD + 0.0021, CLIENT, "left", mine),
        (HOLD + 0.0023, SERVER, "disconnected", {**theirs, "text": "closed by peer"}),
        (HOLD + 0.0024, SERVER, "left", theirs),
    ]
    return [Step(start + dt, side, kind, fields) for dt, side, kind, fields in steps]


def staged_run(run: int, first_number: int, start: float, server: str, lock: bool) -> Iterator[Step]:
    """Three clients: free ones start 0.3 ms apart and are accepted out of launch order (2, 1, 3);
    lock-ordered ones take turns, each after the previous one closed."""
    accept_order = [1, 2, 3] if lock else [2, 1, 3]
    steps: list[Step] = []
    for i in (1, 2, 3):
        offset = 0.0005 + (i - 1) * (HOLD + 0.003) if lock else accept_order.index(i) * 0.0003
        number = first_number + accept_order.index(i)
        port = 50000 + 10 * run + i
        steps += client_steps(i, run, number, start + offset, port, server)
        if lock:  # every client asks for the lock at once; it waits until its turn
            steps.append(Step(start + i * 0.0001 - 0.0001, CLIENT, "waiting", {"client": i, "run": run}))
    return iter(sorted(steps, key=lambda s: s.t))


async def shoot(out: Path, port: int) -> list[Path]:
    """Run the app headless, play the staged runs, save the three SVGs; returns their paths."""
    clock = StagedClock()
    app = LabApp(port=port, lang="en", bus=EventBus(clock=clock))
    saved: list[Path] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if app.server is None:
            raise SystemExit(f"screenshots: cannot listen on 127.0.0.1:{port}; choose another --port")
        server = app.listening or ""
        for run, (order, start) in enumerate([(Order("free"), 1.0), (Order("lock"), 3.0)], start=1):
            clock.now = start
            config = ClientConfig(n=3, port=port, order=order, hold=HOLD)
            app.note_launch(run, config)
            for step in staged_run(run, 3 * run - 2, start, server, order.mode == "lock"):
                clock.now = step.t
                app.bus.emit(step.side, step.kind, **step.fields)
            clock.now += 0.01
            app.drain()
            app.note_run_done(run, 3)
            await pilot.pause()
            app.table.move_cursor(row=3 * run - 3)
            await pilot.pause()
            saved.append(_save(app, out, f"main-{order.mode}.svg"))
        await pilot.press("question_mark")
        await pilot.pause()
        saved.append(_save(app, out, "help.svg"))
        await pilot.press("escape")
    return saved


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
