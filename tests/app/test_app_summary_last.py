"""A run's summary comes after every event of its run: the server's process sees a close after
the client that made it finished, and the summary stood between two closes of one instant
(``#2 closed``, the summary, ``#3 closed``). Free and lock runs of 3 and 50, on real sockets."""

from __future__ import annotations

import pytest
from pilot_helpers import launch, until

from server_core import SERVER, Event
from tui_app.app import LabApp
from tui_app.widgets.events_pane import EndWaiting, RunEnd
from tui_app.widgets.following_log import time_column

pytestmark = pytest.mark.timeout(60)


def closed(event: Event, numbers: set[int | None]) -> bool:
    """Whether ``event`` is the server's close of one of the connections ``numbers``."""
    return event.side == SERVER and event.kind == "disconnected" and event.client in numbers


def after_its_closes(app: LabApp, run: int) -> bool:
    """Whether run ``run``'s summary is in the events pane after every server close of its
    connections (each of them there)."""
    numbers = {c.number for c in app.session.book.connections.values() if c.run == run and c.number}
    kept = list(app.events._kept)
    closes = [at for at, item in enumerate(kept) if isinstance(item, Event) and closed(item, numbers)]
    ends = [at for at, item in enumerate(kept) if isinstance(item, RunEnd) and f"run {run} " in item.text]
    assert len(ends) == 1 and len(closes) == len(numbers), (ends, closes, numbers)
    return ends[0] > max(closes)


@pytest.mark.parametrize("key", ["f", "l"])
async def test_a_runs_summary_comes_after_its_servers_closes(key: str) -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.session.listening, what="the server listening")
        for run, n in ((1, 3), (2, 50)):
            await launch(pilot, key, n=str(n), hold="0")
            said = lambda: any(f"run {run} " in str(item) for item in app.events._kept)  # noqa: B023, E731
            await until(pilot, said, what=f"run {run}'s summary")
            conns = app.session.book.connections.values()
            await until(pilot, lambda: not any(c.server_open for c in conns), what="every close")  # noqa: B023
            await pilot.pause(0.3)  # the lines after the closes: in
            assert after_its_closes(app, run), [str(item) for item in list(app.events._kept)[-6:]]
        await pilot.press("q")


def test_a_summary_placed_after_a_later_close_takes_that_close_s_time() -> None:
    # a run's end at 1.951 whose last close came at 1.953: the pane's times never go back
    end = EndWaiting(RunEnd(1.951, f"{time_column(1.951)} run 1 done — 3 clients"), (1.953, 40.5), (), 2.2)
    assert str(end.placed()) == f"{time_column(1.953)} run 1 done — 3 clients" and end.placed().t == 1.953
    end.place = (1.951, 30.5)  # no close after the end: the line as it was
    assert end.placed() is end.line
