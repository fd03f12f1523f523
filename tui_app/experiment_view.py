"""An experiment's result in words: prediction, steps, measurements and verdict, in one language.

Shared by the command line and the app; it never imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from server_core.experiments import GIVEN, ExperimentResult

from .strings import TEXTS, tr


@dataclass(frozen=True)
class ExperimentText:
    title: str
    prediction: str
    steps: list[str]
    observed: list[str]
    verdict: str

    def lines(self, lang: str) -> list[str]:
        """The whole account as plain lines, headings included."""
        return [
            self.title,
            "",
            tr("exp.labelled", lang, label=tr("exp.prediction", lang), text=self.prediction),
            "",
            tr("exp.labelled", lang, label=tr("exp.steps", lang), text="").rstrip(),
            *(f"  {number}. {step}" for number, step in enumerate(self.steps, 1)),
            "",
            tr("exp.labelled", lang, label=tr("exp.observed", lang), text="").rstrip(),
            *(f"  {line}" for line in self.observed),
            "",
            self.verdict,
        ]


def _value(value: Any) -> str:
    if value is None:
        return "?"
    if isinstance(value, dict):
        return " ".join(f"{name}={_value(item)}" for name, item in value.items())
    return str(value)


def _step_key(name: str, key: str) -> str:
    specific = f"exp.{name}.{key}"
    return specific if specific in TEXTS else f"exp.{key}"


def prediction(name: str, lang: str = "en") -> str:
    """What experiment ``name`` predicts, before it runs."""
    return tr(f"exp.{name}.prediction", lang, **GIVEN[name])


def render(result: ExperimentResult, lang: str = "en") -> ExperimentText:
    """The result's texts in ``lang``."""
    name = result.name
    return ExperimentText(
        title=tr(f"exp.{name}.title", lang),
        prediction=tr(f"exp.{name}.prediction", lang, **result.given),
        steps=[tr(_step_key(name, step.key), lang, **step.values) for step in result.steps],
        observed=[f"{key} = {_value(value)}" for key, value in result.observed.items()],
        verdict=tr("exp.as_predicted" if result.as_predicted else "exp.not_predicted", lang),
    )


def to_json(result: ExperimentResult, lang: str = "en") -> dict[str, Any]:
    """One JSON-ready object: ``name``, ``prediction``, ``steps``, ``observed``, ``as_predicted``."""
    text = render(result, lang)
    return {
        "name": result.name,
        "prediction": text.prediction,
        "steps": text.steps,
        "observed": result.observed,
        "as_predicted": result.as_predicted,
    }
