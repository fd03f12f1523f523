"""A run that cannot start (no thread, no process left for it) is one line and one notification;
the app goes on, the next launch works, and the lab is quiet again (the server can move back)."""

from __future__ import annotations

import errno

import pytest
from pilot_helpers import launch, until
from textual.widgets._toast import Toast

from server_core.clients import ClientRun
from server_core.processes import ProcessRun
from tui_app.app import LabApp


def toasts(app: LabApp) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query(Toast)]


def no_thread(run: ClientRun) -> ClientRun:
    raise RuntimeError("can't start new thread")


def no_process(run: ProcessRun) -> ProcessRun:
    raise OSError(errno.EMFILE, "Too many open files")


@pytest.mark.parametrize(("engine", "start"), [("thread", no_thread), ("process", no_process)])
async def test_a_launch_that_cannot_start_is_said_and_the_app_goes_on(
    engine: str, start: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Was: the RuntimeError or OSError went through the key's handler, a traceback over the
    app; and the run was kept though it never started: never done, the lab never quiet."""
    app = LabApp(port=0, engine=engine)
    run_class = ClientRun if engine == "thread" else ProcessRun
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        with monkeypatch.context() as patched:
            patched.setattr(run_class, "start", start)
            await launch(pilot, "f", n="2", hold="0")
            said = "cannot launch the clients"
            await until(pilot, lambda: any(said in line for line in app.events.lines), what="the line")
            assert not toasts(app), "said in the events pane, not over it"
        assert app.is_running and app.lab.runs == [] and app.lab.quiet()
        assert app.session.running == 0
        await launch(pilot, "f")
        await until(pilot, lambda: app.lab.runs and app.lab.runs[-1].done, timeout=20, what="the next run")
        assert app.lab.runs[-1].run == 1, "the failed launch took no number"
        await until(pilot, lambda: 1 in app.session.summaries, timeout=20, what="its summary")
        await pilot.press("q")


async def test_a_comparison_whose_run_cannot_start_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    app = LabApp(port=0, engine="thread")
    async with app.run_test(size=(120, 40)) as pilot:
        with monkeypatch.context() as patched:
            patched.setattr(ClientRun, "start", no_thread)
            await launch(pilot, "c", n="1", hold="0")
            await until(pilot, lambda: app.session.comparison is None, what="the comparison dropped")
        assert app.lab.runs == [] and app.session.comparison is None, "not left waiting for a run forever"
        await pilot.press("q")
