"""Side work: the socket experiments and the lock exhibits, each run in one of the app's thread
workers, and the screens that show them.

An experiment runs in a worker of group ``experiment``, an exhibit in one of group ``exhibit``;
the app hands every ``Worker.StateChanged`` here (:meth:`SideWork.ended`), so a result reaches
the experiments record and the screens whatever screen is on top. There is no queue of its own:
the worker's state is the one bridge.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.worker import Worker

from server_core.experiments import PortTaken, run_experiment

from .experiment_runs import ExperimentRuns, failed
from .screens.exhibits import ExhibitsScreen
from .screens.experiments import ExperimentsScreen

if TYPE_CHECKING:
    from .app import LabApp


class SideWork:
    """The experiments (``experiments``: which runs, the last result) and the exhibits screen
    (built once and kept: a run goes on while it is closed) of ``app``."""

    def __init__(self, app: LabApp) -> None:
        self.app = app
        self.experiments = ExperimentRuns()
        self._exhibits: ExhibitsScreen | None = None

    def open_experiments(self, name: str | None = None) -> None:
        """Open (or, with no ``name``, close) the experiments screen; with ``name``, run that
        experiment on it."""
        app = self.app
        if isinstance(app.screen, ExperimentsScreen):
            if name is None:
                app.screen.dismiss()
            else:
                app.screen.action_run(name)
            return
        screen = ExperimentsScreen(self.experiments, self.start_experiment, chosen=name, run=bool(name))
        app.push_screen(screen)

    def start_experiment(self, name: str) -> bool:
        """Run experiment ``name`` in a thread worker; False while another one runs."""
        if not self.experiments.begin(name):
            return False
        work = partial(run_experiment, name)
        self.app.run_worker(work, name=name, group="experiment", thread=True, exit_on_error=False)
        return True

    def ended(self, event: Worker.StateChanged) -> None:
        """A worker changed state: an experiment's end is recorded and shown on every experiments
        screen open; an exhibit's goes to the exhibits screen."""
        worker = event.worker
        if worker.group == "exhibit" and self._exhibits is not None:
            self._exhibits.ended(event)
        if worker.group != "experiment" or not worker.is_finished:
            return
        error = worker.error
        if isinstance(error, PortTaken):  # no outcome: the screen says the port, as the command does
            result = None
            self.experiments.finish(None, error)
        else:
            result = failed(worker.name, error) if error is not None else worker.result
            self.experiments.finish(result)
        for screen in self.app.screen_stack:
            if isinstance(screen, ExperimentsScreen):
                screen.finished(result)

    def open_exhibits(self, name: str | None = None, safe: bool = False) -> None:
        """Open (or, with no ``name``, close) the exhibits screen; with ``name``, run that exhibit
        (the unsafe variant or the fix)."""
        app = self.app
        if self._exhibits is None:
            self._exhibits = ExhibitsScreen()
            app.install_screen(self._exhibits, name="exhibits")
        if isinstance(app.screen, ExhibitsScreen) and name is None:
            app.screen.dismiss()
            return
        if not isinstance(app.screen, ExhibitsScreen):
            app.push_screen(self._exhibits)
        if name is not None:
            self._exhibits.action_run(name, safe)

    def stop(self) -> None:
        """End an exhibit's run early (the app is quitting); bounded by its server's stop."""
        if self._exhibits is not None:
            self._exhibits.stop_run()
