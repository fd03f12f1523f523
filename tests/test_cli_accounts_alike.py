"""An exhibit's and an experiment's account read the same on the command line as in the app:
what is known before the run comes first, and the parts follow in one order."""

from __future__ import annotations

import pytest

from server_core.exhibits import NAMES as EXHIBITS
from server_core.exhibits import make_exhibit
from tui_app import exhibit_view
from tui_app.strings import tr


@pytest.mark.timeout(60)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_exhibits_words_come_before_its_observed_values_as_in_the_app(lang: str) -> None:
    """The app says "In plain words" right after the lanes, then "Observed": so does the command line."""
    shown = make_exhibit("forgotten-release", False, 2)
    result = shown.run()
    lines = exhibit_view.account(result, shown.bus.history, 100, lang)
    assert lines[:4] == exhibit_view.opening(result.name, False, 2, result.given, lang)
    colon = tr("text.colon", lang)
    words = next(i for i, line in enumerate(lines) if line.startswith(tr("exhibit.words", lang) + colon))
    observed = lines.index((tr("exhibit.observed", lang) + colon).rstrip())
    verdict = max(i for i, line in enumerate(lines) if line.startswith(tr("exhibit.as_predicted", lang)[:4]))
    assert words < observed < verdict, lines


def test_every_exhibit_is_known_before_it_runs() -> None:
    for name in EXHIBITS:
        shown = make_exhibit(name, True)
        heading, blank, prediction, end = exhibit_view.opening(name, True, shown.n, shown.given())
        assert str(shown.n) in heading and prediction.startswith("Prediction: ") and blank == end == ""
