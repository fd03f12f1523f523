"""Write the README's screenshots: ``python -m tui_app.screenshots [--out screenshots]``.

The app runs headless with its real server listening on 127.0.0.1:8888 (``--port`` to change
it). The runs it shows are real runs recorded with ``tcp-lab run --export`` (kept in
``tests/data/``: three clients free, three lock-ordered, then eight clients holding 0.5 s in each
of free, lock, semaphore:3 and queue), replayed onto the app's event bus at their recorded times,
so the pictures show orders that happened and change only when the interface (or a recording)
does. ``--record`` makes the recordings again (they then differ: a free run interleaves
differently every time).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from server_core import CLIENT, SERVER, Event, EventBus, Kind, RunSummary, parse_order

from . import cli
from .app import LabApp

SIZE = (120, 36)
SETTLE_ROUNDS = 20  # layouts a picture waits for its logs to stop growing, at most
RECORDINGS = Path(__file__).parents[1] / "tests" / "data"
# name: the ``tcp-lab run`` arguments it was recorded with
RECORDED = {
    "free-3": ("-n", "3", "--order", "free", "--hold", "1"),
    "lock-3": ("-n", "3", "--order", "lock", "--hold", "1"),
    "free-8": ("-n", "8", "--order", "free", "--hold", "0.5"),
    "lock-8": ("-n", "8", "--order", "lock", "--hold", "0.5"),
    "semaphore3-8": ("-n", "8", "--order", "semaphore:3", "--hold", "0.5"),
    "queue-8": ("-n", "8", "--order", "queue", "--hold", "0.5"),
}
MAIN_RUNS = ("free-3", "lock-3")
TIMELINE_RUNS = (("free-8", "free"), ("lock-8", "lock"), ("semaphore3-8", "semaphore3"), ("queue-8", "queue"))
_UNSHOWN = frozenset({"listening", "stopped", "finished"})  # the app shows its own server and run ends


def recording(name: str, directory: Path = RECORDINGS) -> list[Event]:
    """The events of a recorded run, as its ``--export`` wrote them (JSON lines)."""
    core = {"seq", "t", "side", "kind", "client", "local", "peer", "text", "bytes"}
    events = []
    for line in (directory / f"run-{name}.jsonl").read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        extra = {key: value for key, value in data.items() if key not in core} or None
        fields = {key: data.get(key) for key in ("client", "local", "peer", "text", "bytes")}
        events.append(Event(data["seq"], data["t"], data["side"], data["kind"], **fields, extra=extra))
    return events


def record(directory: Path = RECORDINGS) -> list[Path]:
    """Record every run of :data:`RECORDED` with ``tcp-lab run --export`` into ``directory``."""
    paths = []
    for name, args in RECORDED.items():
        path = directory / f"run-{name}.jsonl"
        with contextlib.redirect_stdout(io.StringIO()):
            code = cli.main(["run", *args, "--json", "--export", str(path), "--overwrite"])
        if code:
            raise SystemExit(f"screenshots: recording {name} failed ({code})")
        paths.append(path)
    return paths


def sent(events: list[Event]) -> str:
    """The message template of a recorded run (``{i}`` for the client's number), as its first
    client sent it."""
    first = next(e for e in events if e.side == CLIENT and e.kind == Kind.SENT)
    return (first.text or "").replace(str(first.client), "{i}", 1)


class StagedClock:
    """A clock the script sets by hand: ``EventBus`` reads it for every event's time."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@dataclass(frozen=True)
class Replay:
    """A recorded run as the app is to see it: run ``run``, the server's connections numbered on
    from ``first_number``, the recording's server address replaced by ``server``."""

    run: int
    first_number: int
    server: str

    def fields(self, event: Event, recorded_server: str | None) -> dict:
        """The keywords that emit ``event`` again onto another bus."""
        fields = {**(event.extra or {})}
        if "run" in fields:
            fields["run"] = self.run
        client = event.client
        if event.side == SERVER and client is not None:
            client += self.first_number - 1
        local, peer = (self.server if end == recorded_server else end for end in (event.local, event.peer))
        core = {"client": client, "local": local, "peer": peer, "text": event.text, "bytes": event.bytes}
        return core | fields


async def play(app: LabApp, clock: StagedClock, run: int, events: list[Event], start: float) -> None:
    """Emit a recorded run onto the app's bus, as if launched at ``start``, and let the app show it."""
    listening = next((e.local for e in events if e.kind == "listening"), None)
    launched = next(e.extra or {} for e in events if e.kind == "launched")
    n, order = launched["n"], parse_order(launched["order"])
    app.session.launched(run)
    app.note("note.launched", run=run, n=n, order=order, address=app.session.listening or "-")
    replay = Replay(run, app.session.book.accepted + 1, app.session.listening or "")
    first = events[0].t
    for event in events:
        if event.kind in _UNSHOWN:
            continue
        clock.now = start + event.t - first
        app.bus.emit(event.side, event.kind, **replay.fields(event, listening))
    clock.now += 0.01
    app.bus.emit(CLIENT, Kind.FINISHED, run=run)  # the recordings were made before runs said so
    clock.now += 0.001  # the panes place a line once the time after it has come: the run's end too
    app.drain(budget=None)


async def shoot(
    out: Path, port: int, directory: Path = RECORDINGS
) -> tuple[list[Path], dict[str, RunSummary]]:
    """Run the app headless, replay the recorded runs, save the SVGs; returns their paths and the
    app's summary of each replayed run, by recording name."""
    clock = StagedClock()
    app = LabApp(port=port, lang="en", bus=EventBus(clock=clock))
    saved: list[Path] = []
    staged: dict[str, RunSummary] = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if app.lab.server is None:
            raise SystemExit(f"screenshots: cannot listen on 127.0.0.1:{port}; choose another --port")
        # the form shows what the recorded runs sent (``tcp-lab run``'s default, the lesson's
        # text), not the English app's own, which the table would contradict
        app.query_one("#field-message", Input).value = sent(recording(MAIN_RUNS[0], directory))
        for run, name in enumerate(MAIN_RUNS, start=1):
            await play(app, clock, run, recording(name, directory), 2.0 * run - 1)
            staged[name] = app.session.summaries[run]
            await settle(app, pilot)
            app.table.move_cursor(row=3 * run - 3)
            await settle(app, pilot)
            saved.append(_save(app, out, f"main-{name.split('-')[0]}.svg"))
        await pilot.press("question_mark")
        await pilot.pause()
        saved.append(_save(app, out, "help.svg"))
        await pilot.press("escape")
        compared = []
        for run, (name, shown) in enumerate(TIMELINE_RUNS, start=3):
            await play(app, clock, run, recording(name, directory), 6.0 * run)
            staged[name] = app.session.summaries[run]
            await settle(app, pilot)
            compared.append(run)
            await pilot.press("t")
            await pilot.pause()
            saved.append(_save(app, out, f"timeline-{shown}.svg"))
            await pilot.press("escape")
            await pilot.pause()
        app.views.comparison(compared)
        await pilot.pause()
        saved.append(_save(app, out, "comparison.svg"))
    return saved, staged


async def settle(app: LabApp, pilot: Pilot) -> None:
    """Draw everything queued now (the panes otherwise merge writes over a fifth of a second)
    and let the screen catch up, so a picture never depends on timing."""
    app.draw_now()
    for _ in range(3):
        await pilot.pause()
    logs = (app.events, app.conversation)
    for _ in range(SETTLE_ROUNDS):  # a log's height is known only once it has been laid out
        ends = [(log.max_scroll_y, log.virtual_size.height) for log in logs]
        for log in logs:  # where a following view stands: the latest line's start in view
            log.scroll_to(y=log.following_y(), animate=False, immediate=True)
        await pilot.pause()
        if ends == [(log.max_scroll_y, log.virtual_size.height) for log in logs] and all(
            log.scroll_y == log.following_y() for log in logs
        ):
            return


def _save(app: LabApp, out: Path, name: str) -> Path:
    app.save_screenshot(name, path=str(out))
    return out / name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tui_app.screenshots", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--out", type=Path, default=Path("screenshots"), help="directory for the SVGs")
    parser.add_argument("--port", type=int, default=8888, help="port the app's server listens on")
    parser.add_argument("--record", action="store_true", help="record the runs again first (tests/data)")
    args = parser.parse_args(argv)
    for name in ("NO_COLOR", "TEXTUAL_THEME"):  # the pictures show the default look
        os.environ.pop(name, None)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.record:
        for path in record():
            print(path)
    for path in asyncio.run(shoot(args.out, args.port))[0]:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
