"""An experiment's result in words: prediction, steps, measurements and verdict, in one language.

Shared by the command line and the app; it never imports Textual.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from server_core import printable
from server_core.accepting import ACCEPT_MODES
from server_core.experiments import GIVEN, ExperimentResult

from .strings import TEXTS, reason, tr, with_choice_name
from .wrapping import NO_BREAK_SPACE


@dataclass(frozen=True)
class ExperimentText:
    """An account's texts; ``phrases`` are the outcome words and data of several words it shows
    (``address already in use``, ``“broadcast 1”``), which a line never parts (:func:`kept_whole`)."""

    title: str
    prediction: str
    steps: list[str]
    observed: list[str]
    verdict: str
    phrases: tuple[str, ...] = ()

    def lines(self, lang: str) -> list[str]:
        """The whole account as plain lines, headings included: :func:`opening`'s, then the steps,
        the measurements and the verdict."""
        return [
            *_opening(self.title, self.prediction, lang),
            tr("exp.labelled", lang, label=tr("exp.steps", lang), text="").rstrip(),
            *(f"  {number}. {step}" for number, step in enumerate(self.steps, 1)),
            "",
            tr("exp.labelled", lang, label=tr("exp.observed", lang), text="").rstrip(),
            *(f"  {line}" for line in self.observed),
            "",
            self.verdict,
        ]


FIGURE = ".3f"  # every measured figure (a float: milliseconds) to the microsecond, in steps and Observed


def _value(value: Any, lang: str = "en") -> str:
    """A measured value as text: a known outcome word ("address already in use") in ``lang``, a figure
    to :data:`FIGURE`'s decimals (``100.570``, never ``100.57`` beside ``303.541``)."""
    if value is None:
        return "?"
    if isinstance(value, dict):
        return " ".join(f"{name}={_value(item)}" for name, item in value.items())
    if isinstance(value, float):
        return format(value, FIGURE)
    return reason(value, lang) if isinstance(value, str) else str(value)


def _observed(key: str, value: Any, lang: str) -> str:
    """One line of the Observed block: the JSON key's label in ``lang`` and the value; what a peer
    sent (``received``) is data (:func:`_data`)."""
    mode, _, measured = key.partition("_")
    if mode in ACCEPT_MODES and f"obs.{measured}" in TEXTS:  # accept's blocking_calls, ...
        label = tr(f"obs.{measured}", lang, mode=with_choice_name(mode, lang))  # blocking 阻塞
    else:
        label = tr(f"obs.{key}", lang) if f"obs.{key}" in TEXTS else key
    shown = _data(value, lang) if key == "received" else _value(value, lang)
    return f"{label} = {shown}"  # as the exhibits show theirs


def _data(value: Any, lang: str) -> str:
    """What a peer sent, wherever an account shows it: quoted and shown literally, in every
    language alike (``“broadcast 1”``); ``-`` when nothing came."""
    return tr("text.quoted", lang, text=printable(str(value))) if value else "-"


def _words(values: dict[str, Any], lang: str) -> dict[str, Any]:
    """A step's values, its outcome word ("address already in use", "sent") in ``lang``, what a
    peer sent (``text``) as data (:func:`_data`) and its figures as the Observed block shows them
    (:func:`_value`)."""
    shown = {key: _value(value) if isinstance(value, float) else value for key, value in values.items()}
    if "text" in values:
        shown["text"] = _data(values["text"], lang)
    if isinstance(values.get("mode"), str):  # an accept mode, named in lang beside it: blocking 阻塞
        shown["mode"] = with_choice_name(values["mode"], lang)
    if isinstance(values.get("outcome"), str):
        return {**shown, "outcome": reason(values["outcome"], lang)}
    return shown


def _step_key(name: str, key: str) -> str:
    specific = f"exp.{name}.{key}"
    return specific if specific in TEXTS else f"exp.{key}"


def opening(name: str, lang: str = "en") -> list[str]:
    """What is known of experiment ``name`` before it runs, as plain lines: its title, its
    prediction and a blank line; :meth:`ExperimentText.lines` begins with them."""
    return _opening(tr(f"exp.{name}.title", lang), prediction(name, lang), lang)


def _opening(title: str, predicted: str, lang: str) -> list[str]:
    return [title, "", tr("exp.labelled", lang, label=tr("exp.prediction", lang), text=predicted), ""]


def prediction(name: str, lang: str = "en") -> str:
    """What experiment ``name`` predicts, before it runs."""
    return tr(f"exp.{name}.prediction", lang, **GIVEN[name])


def kept_whole(line: str, phrases: Iterable[str]) -> str:
    """``line`` with the blanks inside each of ``phrases`` made no-break spaces, so that wrapping
    it never parts one (``address already in use``, not ``address in`` / ``use``); whoever shows the
    wrapped lines as plain text puts the blanks back."""
    for phrase in phrases:
        line = line.replace(phrase, phrase.replace(" ", NO_BREAK_SPACE))
    return line


def _phrases(result: ExperimentResult, lang: str) -> tuple[str, ...]:
    """The outcome words and data of several words ``result``'s account shows in ``lang``."""
    values = [*result.observed.values(), *(step.values.get("outcome") for step in result.steps)]
    words = {reason(value, lang) for value in values if isinstance(value, str)}
    words |= {_data(result.observed["received"], lang)} if result.observed.get("received") else set()
    return tuple(sorted((word for word in words if " " in word), key=len, reverse=True))


def render(result: ExperimentResult, lang: str = "en") -> ExperimentText:
    """The result's texts in ``lang``."""
    name = result.name
    return ExperimentText(
        title=tr(f"exp.{name}.title", lang),
        prediction=tr(f"exp.{name}.prediction", lang, **result.given),
        steps=[tr(_step_key(name, step.key), lang, **_words(step.values, lang)) for step in result.steps],
        observed=[_observed(key, value, lang) for key, value in result.observed.items()],
        verdict=tr("exp.as_predicted" if result.as_predicted else "exp.not_predicted", lang),
        phrases=_phrases(result, lang),
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
