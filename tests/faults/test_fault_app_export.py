"""The app's export under load: written off the UI thread, its progress shown, the file whole."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pilot_helpers import until
from textual.app import App

from server_core import SERVER, EventBus
from tui_app.screens.export import ExportScreen


class _Host(App[None]):
    """Just enough app to show the export screen over a large history."""

    def __init__(self, bus: EventBus, path: Path) -> None:
        super().__init__()
        self.bus, self.path, self.outcome = bus, path, None

    def on_mount(self) -> None:
        self.push_screen(ExportScreen(self.bus.snapshot, str(self.path)), self._done)

    def _done(self, message: str | None) -> None:
        self.outcome = message


@pytest.mark.long
async def test_a_large_export_is_written_off_the_ui_thread_with_its_progress_shown(tmp_path: Path) -> None:
    bus = EventBus()
    step = bus.emitter(SERVER, 1, "127.0.0.1:1", "127.0.0.1:2")
    step("accepted")
    for _ in range(60_000):  # one connection, 120,000 messages: a trace that takes a while
        step("received", text="x", bytes=1)
        step("replied", text="y", bytes=1)
    target = tmp_path / "big.trace.json"
    app = _Host(bus, target)
    shown: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ExportScreen))
        screen = app.screen
        say = screen._say
        screen._say = lambda text: (shown.append(text), say(text))  # type: ignore[method-assign]
        await pilot.press("enter")
        await until(pilot, lambda: app.outcome is not None, timeout=60)
    # the UI redrew the count while the worker wrote: the export never blocked it
    counts = [int(m.group(1)) for text in shown if (m := re.search(r": (\d+) events so far", text))]
    assert counts[0] == 0 and max(counts) >= 10_000, shown
    assert app.outcome == f"wrote {bus.emitted} events to {target}"
    trace = json.loads(target.read_text())["traceEvents"]
    assert sum(e.get("name") == "replied" for e in trace) == 60_000
