"""What a following pane says under it is counted once per change of what it depends on: a scroll
move's two watchers, a flush with nothing to write, the drain's accept count unchanged ask again
and the text is not counted again; a change of the view or of the lines is counted, and said."""

from __future__ import annotations

import pytest
from pilot_helpers import until
from textual.pilot import Pilot

from tui_app.app import LabApp
from tui_app.widgets.following_log import FollowingLog, time_column

pytestmark = pytest.mark.timeout(30)


def counting(log: FollowingLog, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A list that gets each border text ``log`` counts from now on."""
    counted: list[str] = []
    count = log.border_text

    def counted_text() -> str:
        counted.append(text := count())
        return text

    monkeypatch.setattr(log, "border_text", counted_text)
    return counted


async def held_at_the_top(pilot: Pilot, log: FollowingLog) -> None:
    """``log`` filled past its height, its view scrolled back to the top (held)."""
    log.add_lines([f"{time_column(i)} old{i}" for i in range(80)])
    log.flush()
    await until(pilot, lambda: 0 < log.max_scroll_y == log.scroll_y, what="at the end")
    log.scroll_home(animate=False)
    await until(pilot, lambda: log.scroll_y == 0 and not log.following, what="held at the top")
    await pilot.pause()


@pytest.mark.parametrize("pane", ["events", "conversation"])
async def test_the_border_is_counted_once_per_change_of_what_it_says(
    pane: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        log: FollowingLog = getattr(app, pane)
        await held_at_the_top(pilot, log)
        counted = counting(log, monkeypatch)
        for _ in range(3):  # asked again with nothing changed: the watchers, a flush, a resize's
            log.show_waiting()
            log.flush()
        log.scroll_to(y=0, animate=False)
        assert counted == []
        log.add_lines([f"{time_column(100 + i)} new{i}" for i in range(4)])
        log.flush()  # written below a held view: counted once, and said
        assert len(counted) == 1 and "new lines below: 4 " in counted[0]
        assert str(log.border_subtitle) == counted[0]
        log.scroll_to(y=1, animate=False)  # one row down, its target first: counted once
        assert len(counted) == 2
        log.scroll_end(animate=False, immediate=True)  # End: it follows, nothing waits
        assert len(counted) == 3 and str(log.border_subtitle) == ""
        await pilot.press("q")
