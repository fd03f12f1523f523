"""A run's summary in the events pane fits in eight rows at 80x24, a stopped crowd's too (a lock
run of 500 stopped with k took 16): what does not fit is left to the timeline, and the pane says
so. A grant order too long to show whole says which turns it shows and of how many, never a bare
``…`` that reads as clients left out of the numbers shown."""

from __future__ import annotations

import pytest
from helpers import wait_for

from server_core import (
    CLIENT,
    ClientConfig,
    ClientRun,
    EventBus,
    LabServer,
    ServerConfig,
    parse_order,
    summarize,
)
from tui_app.cells import wrap
from tui_app.strings import tr
from tui_app.verdict import TURNS_SHOWN, turn_orders, verdict
from tui_app.widgets.events_pane import SUMMARY_ROWS, SUMMARY_WIDTH, run_end
from tui_app.widgets.following_log import WRAP_INDENT

pytestmark = pytest.mark.timeout(40)

N = 120


@pytest.fixture(scope="module")
def stopped_crowd():  # type: ignore[no-untyped-def]
    """A lock run of N clients stopped once a dozen had their reply: most stopped waiting."""
    bus = EventBus()
    with LabServer(ServerConfig(port=0), bus) as server:
        config = ClientConfig(n=N, port=server.port, hold=0.01, timeout=5.0, order=parse_order("lock"))
        run = ClientRun(config, bus, 1).start()
        replies = lambda: sum(e.kind == "received" and e.side == CLIENT for e in bus.history)  # noqa: E731
        wait_for(lambda: replies() >= 12, what="a dozen replies", timeout=20)
        run.stop()
        assert run.wait(10.0)
    return summarize(bus.history, N, 1)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_stopped_crowds_summary_fits_eight_rows_at_80x24(stopped_crowd, lang: str) -> None:  # type: ignore[no-untyped-def]
    summary = stopped_crowd
    assert summary.stopped > N / 2, summary
    line = run_end(4, summary, 40.046, True, lang)
    rows = wrap(line, SUMMARY_WIDTH, WRAP_INDENT, rows=99)
    assert len(rows) <= SUMMARY_ROWS, "\n".join(rows)
    assert tr("note.run_stopped", lang, run=4, summary="").strip() in line
    squashed = "".join(line.split())
    assert "".join(tr("verdict.rest_on_timeline", lang, said="").split()) in squashed  # the rest: where
    counts = tr("cli.summary_stopped_replied" if summary.stopped_after_reply else "cli.summary_stopped",
                lang, **summary.to_dict())
    assert "".join(counts.split()) in squashed  # the counts are always said whole


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_short_runs_summary_is_said_whole(lang: str) -> None:
    bus = EventBus()
    with LabServer(ServerConfig(port=0), bus) as server:
        config = ClientConfig(n=3, port=server.port, hold=0, timeout=5.0, order=parse_order("lock"))
        assert ClientRun(config, bus, 1).start().wait(10.0)
    summary = summarize(bus.history, 3, 1)
    line = run_end(1, summary, 1.0, False, lang)
    assert "".join(verdict(summary, lang, True, True).split()) in "".join(line.split())
    assert "".join(tr("verdict.rest_on_timeline", lang, said="").split()) not in "".join(line.split())


def test_a_long_order_shows_where_the_two_part() -> None:
    asked = list(range(1, 21))
    assert turn_orders([1, 2, 3], [2, 1, 3]) == ("1 2 3", "2 1 3", None)
    granted = [*range(1, 6), 7, 6, *range(8, 21)]
    assert turn_orders(asked, granted) == ("6 7 8 9 10 11 12 13 14 15", "7 6 8 9 10 11 12 13 14 15", (6, 15))
    assert turn_orders(asked, [*range(1, 19), 20, 19]) == (
        "11 12 13 14 15 16 17 18 19 20", "11 12 13 14 15 16 17 18 20 19", (11, 20)
    )
    assert turn_orders(asked, [1, 3, 2]) == ("2 3 4 5 6 7 8 9 10 11", "3 2", (2, 11))  # a stop: 3 granted


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_shortened_turn_order_says_which_turns_of_how_many(stopped_crowd, lang: str) -> None:  # type: ignore[no-untyped-def]
    summary = stopped_crowd._replace(
        request_order=list(range(1, 501)), order=[1, 2, 4, 9, 3, *range(5, 9), *range(10, 19)], out_of_order=2
    )
    said = verdict(summary, lang)
    assert "…" not in said, said
    first, last = 3, 2 + TURNS_SHOWN
    where = {
        "en": f"turns {first}-{last} of 500 asked, 18 granted",
        "zh": f"第{first}到{last}个轮次，共请求500个、获准18个",
    }
    assert where[lang] in said, said
    assert " ".join(map(str, range(first, last + 1))) in said, said  # asked, from the turn said
