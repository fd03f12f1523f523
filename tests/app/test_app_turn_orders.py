"""A run whose turns were granted out of request order says so with both orders, by client
number, so the claim can be checked: a queue run stepped by hand asks in the order the user
picked and grants in launch order."""

from __future__ import annotations

import pytest
from pilot_helpers import set_field, until

from server_core.stepping import BLOCKED
from tui_app.app import LabApp

SAID = {
    "en": "granted out of request order once (asked 2 1; granted 1 2)",
    "zh": "1次未按请求顺序获准（请求 2 1；获准 1 2）",
}


def blocked(app: LabApp) -> list[str]:
    return [view.label for view in app.lab.stepper.snapshot() if view.state == BLOCKED]


def squashed(text: str) -> str:
    """``text`` without blanks: a wrapped line reads the same wherever the pane broke it."""
    return "".join(text.split())


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_queue_run_stepped_out_of_request_order_shows_both_orders(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        set_field(app, "n", "2")
        set_field(app, "hold", "0")
        await pilot.press("p", "u")  # step mode, then a queue run: both clients held before their turn
        await until(pilot, lambda: app.step_pane.option_count == 2, what="both clients held")
        await pilot.press("2")  # client 2 asks first; the queue keeps its turn for client 1
        await until(pilot, lambda: blocked(app) == ["r1.2"], what="client 2 waiting for the queue")
        await pilot.press("1", "g")  # client 1 asks, is granted at once, and everything runs on
        await until(pilot, lambda: app.lab.runs[0].done, what="the run's end")
        said = squashed(SAID[lang])
        await until(pilot, lambda: said in squashed("\n".join(app.events.lines)), what="the verdict")
