"""A run the user stopped is said so from its events alone: its ``finished`` event says a stop
ended it, live and in a recording opened later (was: only the live app's own memory of its k)."""

from __future__ import annotations

from pathlib import Path

from pilot_helpers import plain, until

from server_core import CLIENT, EventBus, Kind
from server_core.export import write_export
from server_core.recording import read_recording
from tui_app.app import LabApp
from tui_app.session import Session
from tui_app.strings import tr


def stopped_run(bus: EventBus, run: int) -> None:
    """A run of one client stopped while it held its connection, as its launcher says it."""
    bus.emit(CLIENT, Kind.LAUNCHED, run=run, order="free", n=1, hold=5.0)
    bus.emit(CLIENT, Kind.CONNECTING, 1, peer="127.0.0.1:1", run=run)
    bus.emit(CLIENT, Kind.CONNECTED, 1, local=f"127.0.0.1:{40000 + run}", run=run)
    bus.emit(CLIENT, Kind.SENT, 1, text="hi", bytes=2, run=run)
    bus.emit(CLIENT, Kind.RECEIVED, 1, text="HI", bytes=2, run=run)
    bus.emit(CLIENT, "error", 1, text="stopped", run=run)
    bus.emit(CLIENT, Kind.FINISHED, run=run, stopped=True)


def test_the_session_takes_a_stop_from_the_finished_event_and_forgets_it_on_reset() -> None:
    bus = EventBus()
    stopped_run(bus, 1)
    session = Session()
    update = session.apply(bus.drain(1000))
    assert [run for run, _ in update.finished] == [1] and update.stopped == {1}
    session.reset()  # a replay starting again
    assert session.apply([]).stopped == set()


async def test_a_recording_shows_its_stopped_run_as_stopped(tmp_path: Path) -> None:
    bus = EventBus()
    stopped_run(bus, 1)
    path = tmp_path / "stopped.jsonl"
    write_export(path, bus.history)
    app = LabApp(recording=read_recording(path))
    async with app.run_test(size=(120, 40)) as pilot:
        said = tr("note.run_stopped", "en", run=1, summary="").split("—")[0].strip()
        await until(pilot, lambda: any(said in line for line in app.events.lines), what="said stopped")
        await pilot.press("t")
        title = " ".join(tr("timeline.stopped", "en").split())
        shown = lambda: " ".join(plain(app.screen.view.title.content).split())  # noqa: E731
        await until(pilot, lambda: title in shown(), what="the timeline says it")
