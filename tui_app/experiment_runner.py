"""Runs socket experiments for the app on a plain thread, one at a time, never blocking the caller.

``start(name)`` returns at once; the result lands on a queue that ``collect()`` empties without
waiting, so a UI timer can pick it up on its own schedule.
"""

from __future__ import annotations

import queue
import threading

from server_core.experiments import GIVEN, ExperimentResult, Step, run_experiment


class ExperimentRunner:
    """One experiment at a time; ``running`` names it while it runs."""

    def __init__(self) -> None:
        self._results: queue.SimpleQueue[ExperimentResult] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self.running: str | None = None
        self.last: ExperimentResult | None = None

    def start(self, name: str) -> bool:
        """Start experiment ``name`` on its own thread; False when one is already running."""
        with self._lock:
            if self.running is not None:
                return False
            self.running = name
        threading.Thread(target=self._run, args=(name,), name=f"experiment-{name}", daemon=True).start()
        return True

    def _run(self, name: str) -> None:
        try:
            result = run_experiment(name)
        except Exception as exc:  # a bug must not kill the thread silently or reach the screen raw
            error = f"{type(exc).__name__}: {exc}"
            steps = [Step("failed", {"error": error})]
            result = ExperimentResult(name, GIVEN[name], steps, {"error": error}, False)
        self._results.put(result)

    def collect(self) -> ExperimentResult | None:
        """The result of the experiment that finished since the last call, or None; never waits."""
        try:
            result = self._results.get_nowait()
        except queue.Empty:
            return None
        with self._lock:
            self.running = None
        self.last = result
        return result
