"""The experiments and exhibits screens keep their list of entries in view: after a run the
account under the list scrolls to its outcome, the list stays where it is."""

from __future__ import annotations

import pytest
from layout_stage import screen_text
from pilot_helpers import until

from server_core.exhibits import NAMES as EXHIBITS
from server_core.experiments import NAMES as EXPERIMENTS
from tui_app import exhibit_view
from tui_app.app import LabApp
from tui_app.strings import tr

pytestmark = pytest.mark.timeout(60)

TITLE_START = 12  # characters of an entry's title looked for (a title longer than the screen is cut)


def entries_in_view(text: str, titles: list[str]) -> bool:
    """Whether each title's start shows on one of the screen's lines."""
    return all(title[:TITLE_START] in text for title in titles)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_experiments_list_stays_in_view_above_a_runs_outcome(
    lang: str, size: tuple[int, int]
) -> None:
    """At 80x24 the outcome scrolled the whole screen, the list of experiments out of view."""
    app = LabApp(port=0, lang=lang)
    titles = [tr(f"exp.{name}.title", lang) for name in EXPERIMENTS]
    outcome = tr("exp.as_predicted", lang)
    async with app.run_test(size=size) as pilot:
        await pilot.press("e")
        await until(pilot, lambda: entries_in_view(screen_text(app), titles), what="the list")
        await pilot.press("2")  # nagle: about half a second of round trips
        await until(pilot, lambda: outcome in screen_text(app), timeout=30, what="the outcome in view")
        await pilot.pause(0.2)
        assert entries_in_view(screen_text(app), titles), screen_text(app)
        await pilot.press("home", "end")  # the account's keys scroll the account alone
        await until(pilot, lambda: outcome in screen_text(app), what="the outcome again")
        assert entries_in_view(screen_text(app), titles), screen_text(app)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_exhibits_list_stays_in_view_above_a_runs_outcome_at_80x24(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    titles = [exhibit_view.title(name, lang) for name in EXHIBITS]
    outcome = tr("exhibit.as_predicted", lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b", "1")
        await until(pilot, lambda: outcome in screen_text(app), timeout=30, what="the outcome in view")
        assert entries_in_view(screen_text(app), titles), screen_text(app)
