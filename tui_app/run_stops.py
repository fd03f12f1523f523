"""The key k: the runs going are stopped in a thread worker, and said stopped once they are.

A run's stop wakes its threads and joins them (in a child process, the child's end): measured
here 1-80 ms for 3 to 300 clients, up to 190 ms on a loaded machine, and up to ``STOP_BOUND``
for a thread that does not wake; the event loop goes on meanwhile. A run being stopped is not
stopped again by a second k (it says nothing: the first k says what it stopped). Quit stops
every run itself, at once (``LabControl.stop_everything``), whatever is under way here.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.worker import Worker, WorkerState

if TYPE_CHECKING:
    from .app import LabApp


class RunStops:
    """Stops the runs of ``app.lab`` that are going, in a thread worker of group ``stop``."""

    def __init__(self, app: LabApp) -> None:
        self.app = app
        self._stopping: dict[Worker, list[int]] = {}  # each stop worker's runs, by number

    def stop(self) -> None:
        """Stop every run going but those being stopped already; ``note.no_run_to_stop`` when
        none is going at all."""
        stopping = {number for numbers in self._stopping.values() for number in numbers}
        runs = [run for run in self.app.lab.runs if not run.done and run.run not in stopping]
        if not runs:
            if not stopping:
                self.app.note("note.no_run_to_stop", count=0)
            return
        stop = partial(self.app.lab.stop_runs, runs)
        worker = self.app.run_worker(stop, name="stop-runs", group="stop", thread=True, exit_on_error=False)
        self._stopping[worker] = [run.run for run in runs]

    def ended(self, event: Worker.StateChanged) -> None:
        """A worker changed state: a stop that is over says how many runs it stopped, notified
        too where the events pane is out of sight (k pressed on the timeline)."""
        if not event.worker.is_finished:
            return
        stopped = self._stopping.pop(event.worker, None)
        if stopped and event.state == WorkerState.SUCCESS:  # not while the app shuts down
            timeout = self.app.NOTIFICATION_TIMEOUT
            self.app.say("note.clients_stopped", "information", timeout, count=len(stopped))
