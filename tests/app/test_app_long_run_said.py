"""A launch whose holds take long says how long before it runs, and that `k` stops it: a lock run
of 1,000 clients holding 1 s ran for over 1,000 s with no word (in one line, not over the panes)."""

from __future__ import annotations

import pytest
from pilot_helpers import launch, until

from server_core import Order
from tui_app.app import LabApp
from tui_app.lab_control import run_length
from tui_app.screens.timeline import TimelineScreen
from tui_app.strings import tr

pytestmark = pytest.mark.timeout(40)


def test_a_runs_length_is_its_holds_over_the_clients_that_hold_at_once() -> None:
    assert run_length(Order("lock"), 1000, 1.0) == 1000.0
    assert run_length(Order("sequential"), 40, 0.5) == 20.0
    assert run_length(Order("semaphore", 4), 10, 1.0) == 3.0  # three rounds: 4, 4 and 2
    assert run_length(Order("free"), 1000, 1.0) == 1.0


def said(app: LabApp) -> str:
    return " ".join(" ".join(app.events.logical_lines()).split())


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_long_lock_run_says_its_length_and_k_while_a_short_one_says_nothing(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.lab.server is not None, what="the server listening")
        await launch(pilot, "l", n="2", hold="0")
        await until(pilot, lambda: app.session.book.accepted == 2, what="the short run")
        long_line = tr("note.long_run", lang, run=2, seconds="40", n=40, hold="1", width=1)
        await launch(pilot, "l", n="40", hold="1")
        await until(pilot, lambda: long_line in said(app), what="the long run's length said")
        assert "run 1 takes" not in said(app) and "第1轮约需" not in said(app)
        status = lambda: app.status.render().plain  # noqa: E731
        on_status = tr("status.long_run", lang, run=2, seconds="40")
        await until(pilot, lambda: on_status in status(), what="the status line says it")
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen), what="the timeline")
        title = lambda: str(app.screen.view._title_text)  # noqa: E731  # as drawn, before wrapping
        await until(pilot, lambda: tr("timeline.long_run", lang, seconds="40") in title(), what="its title")
        await pilot.press("k")
        await until(pilot, lambda: tr("timeline.long_run", lang, seconds="40") not in title(), what="stopped")
        await pilot.press("escape")
        await until(pilot, lambda: on_status not in status(), what="said no more once stopped")
        await pilot.press("q")


async def test_a_long_comparison_says_its_length_at_its_start() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.lab.server is not None, what="the server listening")
        await launch(pilot, "c", n="10", hold="1")  # 1 + 10 + 2 + 10 + 10 s
        line = tr("note.long_comparison", "en", seconds="33")
        await until(pilot, lambda: line in said(app), what="the comparison's length said")
        await pilot.press("k")
        await pilot.press("q")
