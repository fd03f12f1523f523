"""Waiting with a deadline inside a running app, and the app on a free port."""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import AsyncIterator, Callable

import pytest
from helpers import Deadline
from rich.console import Console
from textual.app import App
from textual.command import CommandInput, CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets._toast import Toast
from textual.widgets.option_list import Option

from server_core import CLIENT, SERVER, EventBus, Kind
from tui_app.screens.timeline import TimelineScreen
from tui_app.widgets.clients_table import COLUMNS

SHORT = (80, 15)  # a terminal whose events pane has four rows of text while the table has no row


POLL = 0.02  # seconds between two looks at a condition


async def until(
    pilot: Pilot, condition: Callable[[], object], timeout: float = 10.0, what: str = ""
) -> object:
    """Let the app run until ``condition()`` is truthy; fail after ``timeout`` seconds.

    Between two looks the app runs on its own and the screen is brought up to date (what a
    condition that reads it needs). ``pilot.pause()``, which waits for every widget's queue to
    empty, costs far more: 100 looks of an idle app at 80x24 took 1.6 s of CPU with it between
    them, 0.09 s without. So it runs once, after the condition holds: what is read from the
    screen next shows the state waited for."""
    deadline = Deadline(timeout, what or "condition")
    while not (value := condition()):
        deadline.check()
        await asyncio.sleep(POLL)
        pilot.app.screen._on_timer_update()  # the screen drawn as it stands, as pilot.pause() does
    if pilot.app.is_running:  # (a test may wait for the app to end)
        await pilot.pause()
    return value


async def scroll_until(pilot: Pilot, box: Widget, seen: Callable[[], object]) -> None:
    """Scroll ``box`` down from its top, a line at a time, until ``seen()`` (which reads the
    screen) is truthy or its end is reached."""
    box.scroll_home(animate=False)
    for _ in range(int(box.max_scroll_y) + 1):
        await pilot.pause()
        if seen():
            return
        box.scroll_down(animate=False)


def timed_stops(app: App, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """A list that gets the seconds each ``app.stop_everything()`` takes (the quit key's first):
    the port freed, every thread woken and joined; not Textual's own teardown after it, slow on
    a loaded machine. The joins' bounds are raised to 5 s: a thread the stop did not wake keeps
    it that long, far from what a loaded machine adds to one that wakes them all (1.3 s seen at
    load 6)."""
    for module in ("server_core.server", "server_core.clients", "tui_app.lab_control"):
        monkeypatch.setattr(f"{module}.STOP_BOUND", 5.0)
    monkeypatch.setattr("server_core.clients.JOIN_BOUND", 5.0)  # the launcher's wait for its clients
    stops: list[float] = []
    stop = app.stop_everything  # type: ignore[attr-defined]

    def timed_stop() -> None:
        started = time.monotonic()
        stop()
        stops.append(time.monotonic() - started)

    monkeypatch.setattr(app, "stop_everything", timed_stop)
    return stops


def lasting_hints(monkeypatch: pytest.MonkeyPatch) -> None:
    """A refused character's hint stays a minute instead of its few seconds: a test sees it
    however long a loaded machine keeps the app from running, and when the hint goes, the field
    made it go (left, typed over), not the time running out."""
    monkeypatch.setattr("tui_app.widgets.controls.HINT_SECONDS", 60.0)


def cell(app: object, row: int, column: str) -> str:
    """The plain text of a cell of the clients table."""
    table = app.query_one("#clients")  # type: ignore[attr-defined]
    return table.get_row_at(row)[COLUMNS.index(column)].plain


def launched_orders(app: object) -> list[str]:
    """The order of every run launched, as its ``launched`` event says it."""
    history = app.bus.history  # type: ignore[attr-defined]
    return [str((e.extra or {})["order"]) for e in history if e.kind == "launched"]


def set_field(app: object, field: str, value: str) -> None:
    app.query_one(f"#field-{field}").value = value  # type: ignore[attr-defined]


async def port_kept_while_stopped(pilot: Pilot) -> int:
    """Once the app's server listens, put its port in the form (a launch then aims there) and
    stop it with ``x``; the port."""
    app = pilot.app
    lab = app.lab  # type: ignore[attr-defined]
    await until(pilot, lambda: lab.server is not None and lab.server.port > 0, what="server up")
    port: int = lab.server.port
    set_field(app, "port", str(port))
    await pilot.press("x")
    await until(pilot, lambda: lab.server is None, what="the server stopped")
    return port


async def launch(pilot: Pilot, key: str = "f", **fields: str) -> None:
    """Fill in ``fields`` (by field id) and press ``key``."""
    for field, value in fields.items():
        set_field(pilot.app, field, value)
    await pilot.press(key)


async def restart_on_the_timeline(pilot: Pilot, **fields: str) -> None:
    """Once the server listens, open the timeline, fill in the server ``fields`` and restart it
    (``a``): the events pane is out of sight there, so what the start says is notified too."""
    app = pilot.app
    await until(pilot, lambda: app.session.listening is not None, what="listening")  # type: ignore[attr-defined]
    await pilot.press("t")
    await until(pilot, lambda: isinstance(app.screen, TimelineScreen), what="the timeline")
    await launch(pilot, "a", **fields)


async def notified_at_each_size(
    pilot: Pilot, sizes: list[tuple[int, int]], **fields: str
) -> AsyncIterator[tuple[tuple[int, int], Toast]]:
    """At each of ``sizes`` in turn (columns, rows): the terminal resized to it, the server
    restarted on the timeline with ``fields`` (a start that fails: it is notified) and its
    notification shown; yields (the size, the notification). One app serves every size."""
    app = pilot.app
    for turn, size in enumerate(sizes):
        app.clear_notifications()
        await until(pilot, lambda: not app.screen.query(Toast), what="the last notification gone")
        await pilot.resize_terminal(*size)
        await until(pilot, lambda: tuple(app.size) == sizes[turn], what=f"the terminal at {size}")  # noqa: B023
        if turn == 0:
            await restart_on_the_timeline(pilot, **fields)
        else:  # on the timeline still
            await launch(pilot, "a", **fields)
        await until(pilot, lambda: app.screen.query(Toast), what=f"the notification at {size}")
        await pilot.pause()
        yield size, app.screen.query_one(Toast)


def plain(renderable: object) -> str:
    """What a Rich renderable says, as plain text."""
    console = Console(width=200, file=io.StringIO())
    console.print(renderable)
    return console.file.getvalue()


UNSEARCHED = "--unsearched"  # the id of the entry palette_search() puts in the list before a search


async def palette_search(pilot: Pilot, typed: str) -> list[str]:
    """Type ``typed`` into the open command palette and give its entries (:func:`palette_lines`)
    once the search for it has drawn them and ended. Until its first hits, the palette shows the
    list it had (every command, before anything is typed): a test that reads the list sooner
    reads that one, and finds any entry there."""
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    listed = palette.query_one(CommandList)
    listed.clear_options()
    listed.add_option(Option("…", id=UNSEARCHED))  # gone once the search draws what it found
    palette.query_one(CommandInput).value = typed  # one search, for all of it

    def searched() -> bool:
        searching = [w for w in pilot.app.workers if w.group == CommandPalette._GATHER_COMMANDS_GROUP]
        first = listed.get_option_at_index(0).id if listed.option_count else None
        return not searching and first != UNSEARCHED

    await until(pilot, searched, what=f"the palette's search for {typed!r}")
    return palette_lines(pilot.app)


def palette_lines(app: App) -> list[str]:
    """The command palette's entries as shown: each option's first line (its title)."""
    found = app.screen.query_one(CommandList)
    return [str(found.get_option_at_index(i).prompt).split("\n")[0] for i in range(found.option_count)]


def run_ended_before_its_closes(bus: EventBus) -> None:
    """Run 1 of three clients that connect and disconnect, its end, then its server's closes of
    connections #7, #8 and #9, as the server's process sees them: after the run's end."""
    bus.emit(CLIENT, Kind.LAUNCHED, run=1, order="free", n=3, hold=0.0)
    for client in (1, 2, 3):
        bus.emit(CLIENT, Kind.CONNECTED, client, local=f"127.0.0.1:{40000 + client}", run=1)
        bus.emit(CLIENT, Kind.DISCONNECTED, client, run=1)
    bus.emit(CLIENT, Kind.FINISHED, run=1)
    for number in (7, 8, 9):
        bus.emit(SERVER, Kind.DISCONNECTED, number, peer=f"127.0.0.1:{40000 + number}")


async def holding_in_step_mode(pilot: Pilot, app: App, views: list) -> None:
    """Turn step mode on (``p``) in ``app`` with its stepper made to hold ``views`` (ThreadViews),
    and wait until the threads' pane lists them all and the screen is drawn."""
    app.lab.stepper.snapshot = lambda: list(views)  # type: ignore[attr-defined]
    await pilot.press("p")
    await until(pilot, lambda: app.step_pane.option_count == len(views), what="the threads listed")  # type: ignore[attr-defined]
    await pilot.pause()
