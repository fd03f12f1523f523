"""A number keeps its unit on screen: the events pane and the timeline's title wrap by the app's
rule at 80x24 and 120x40, English and Chinese, read from the rendered lines."""

from __future__ import annotations

import itertools
import re

import pytest
from pilot_helpers import until
from rich.text import Text

from tui_app.app import LabApp
from tui_app.screens.timeline import TimelineScreen

SIZES = [(80, 24), (120, 40)]
# Lines a user saw cut between a number and its unit; padded on the left so that, over the widths
# tried, the number falls at every line end.
SAID = {
    "en": "run 1 done: the server answered at once (p95 8.2 ms); 2.53 s mean; 2.009 s; 3 clients",
    "zh": "运行1完成：3个客户端，服务器立即回复（p95 0.7毫秒），平均等待2.53秒，共2.009 秒",
}
_PARTED = re.compile(r"\d ?$")
_UNIT_FIRST = re.compile(r"^ *(?:ms|µs|us|s|%|x|毫秒|微秒|秒|毫|微)(?![A-Za-z])")


def parted(lines: list[str]) -> list[tuple[str, str]]:
    """Pairs of rendered lines where a number ends one and its unit starts the next."""
    rows = [line.strip(" │┃▌▐") for line in lines]
    return [(a, b) for a, b in itertools.pairwise(rows) if _PARTED.search(a) and _UNIT_FIRST.match(b)]


def rendered(widget: object) -> list[str]:
    return [widget.render_line(y).text for y in range(widget.size.height)]  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_the_events_pane_and_the_timeline_title_keep_a_number_with_its_unit(
    lang: str, size: tuple[int, int]
) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=size) as pilot:
        for pad in range(24):
            app.events.note(" " * pad + "|" + SAID[lang], float(pad))
        await until(pilot, lambda: sum("|" in line for line in app.events.lines) == 24, what="the lines")
        await pilot.pause()
        assert parted(rendered(app.events)) == []
        assert parted(list(app.events.lines)) == []

        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen), what="the timeline")
        view = app.screen.view
        for pad in range(0, 30, 2):
            view._set_title(Text(" " * pad + SAID[lang] * 2))
            await pilot.pause()
            lines = rendered(view.title)
            assert "".join(lines).count("p95") == 2, lines  # the whole title is shown
            assert parted(lines) == [], (pad, lines)
        await pilot.press("escape", "q")
