"""What an experiment hands back: the values its prediction names, the steps it ran, what it measured."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Step:
    """One thing the experiment did; ``key`` names its text, ``values`` fill it in."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ExperimentResult:
    """The outcome of one run of an experiment.

    ``given`` holds the settings the prediction speaks of (a backlog, a delay), ``observed`` the
    measured values by name (numbers, booleans, short strings: JSON-ready). ``as_predicted`` says
    whether the measurements match the prediction. Texts live in the interface's string table
    under ``exp.<name>.*``; this object holds only names and values.
    """

    name: str
    given: dict[str, Any]
    steps: list[Step]
    observed: dict[str, Any]
    as_predicted: bool


class Notebook:
    """Collects an experiment's steps and measurements while it runs."""

    def __init__(self, name: str, **given: Any) -> None:
        self.name = name
        self.given = given
        self.steps: list[Step] = []
        self.observed: dict[str, Any] = {}

    def step(self, key: str, **values: Any) -> None:
        """Record a step the experiment has just taken."""
        self.steps.append(Step(key, values))

    def observe(self, **values: Any) -> None:
        self.observed.update(values)

    def result(self, as_predicted: bool) -> ExperimentResult:
        return ExperimentResult(self.name, self.given, list(self.steps), dict(self.observed), as_predicted)
