"""What the app knows of its socket experiments: which one runs, and the last result.

Textual-free: the app starts an experiment in a thread worker (group ``experiment``) and, when
the worker's state says it finished, records the outcome here; any experiments screen reads it.
"""

from __future__ import annotations

from dataclasses import dataclass

from server_core.experiments import GIVEN, ExperimentResult, PortTaken, Step


@dataclass
class ExperimentRuns:
    """One experiment at a time: ``running`` names it while it runs, ``last`` is the latest result;
    ``refused`` names the latest run that ended without one, a port it binds taken, and why."""

    running: str | None = None
    last: ExperimentResult | None = None
    refused: tuple[str, PortTaken] | None = None

    def begin(self, name: str) -> bool:
        """Note that ``name`` starts; False (nothing noted) while another experiment runs."""
        if self.running is not None:
            return False
        self.running, self.refused = name, None
        return True

    def finish(self, result: ExperimentResult | None, taken: PortTaken | None = None) -> None:
        """The running experiment ended with ``result`` (None when it was cancelled, or when
        ``taken``: its port was taken as it bound, and an earlier result of it is no longer its
        latest)."""
        if taken is not None and self.running is not None:
            self.refused = (self.running, taken)
            if self.last is not None and self.last.name == self.running:
                self.last = None
        self.running = None
        if result is not None:
            self.last = result


def failed(name: str, error: BaseException) -> ExperimentResult:
    """The result of experiment ``name`` when its code raised ``error``: not predicted, the
    error observed in one line (a bug must not reach the screen as a traceback)."""
    line = f"{type(error).__name__}: {error}"
    return ExperimentResult(name, GIVEN[name], [Step("failed", {"error": line})], {"error": line}, False)
