"""The status line's gaps: at any width every gap between two of its parts (the server, a long
run, each counter, the runs going, ``…``) is as wide as every other, one cell at the least; parts
are left out, and ``…`` says so, before a gap would be narrower. Tried on a long run (a lock run of
40 clients holding 1 s, stopped by `k`) at 50, 80, 100 and 120 columns, in English and Chinese."""

from __future__ import annotations

import re

import pytest
from pilot_helpers import launch, until
from rich.cells import cell_len

from tui_app.app import LabApp
from tui_app.strings import tr

pytestmark = pytest.mark.timeout(60)

LONG_RUN = ("status.long_run", "status.long_run_short")  # a long run's forms
NUMBER = "\0"  # a counter's value in a part's words: any number, as the line says it


def _pattern(said: str) -> str:
    """A regular expression for a part whose numbers are NUMBER."""
    return re.escape(said).replace(NUMBER, r"[\d,]+")


def parts(lang: str) -> tuple[list[str], list[str]]:
    """(the lead's parts, the items), as patterns (each in its long or short form), of the line
    during run 1 (long, going on)."""
    address = r"127\.0\.0\.1:\d+"
    listening = re.escape(tr("status.listening", lang, address=NUMBER)).replace(NUMBER, address)
    lead = [f"● (?:{listening}|{address})"]
    long_run = [_pattern(tr(key, lang, run=1, seconds="40")) for key in LONG_RUN]
    counters = tr("status.counters", lang, active=NUMBER, accepted=NUMBER, messages=NUMBER)
    items = [
        "(?:{}|{})".format(*long_run),
        *(_pattern(counter.strip()) for counter in counters.split("  ")),
        _pattern(tr("status.runs", lang, running=NUMBER)),
    ]
    return lead, items


def even_gaps(line: str, lang: str) -> bool:
    """Whether ``line`` is the lead, the first items and ``…`` if some are left out, each part in
    its long or its short form, with one gap, of at least a cell, between any two of them."""
    lead, items = parts(lang)
    for shown in range(len(items), -1, -1):
        pieces = [*lead, *items[:shown], *(["…"] if shown < len(items) else [])]
        pattern = pieces[0] + "( +)" + r"\1".join(pieces[1:])  # \1: every gap as wide as the first
        if re.fullmatch(pattern, line):
            return True
    return False


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_every_gap_of_the_status_line_is_alike_at_any_width(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.lab.server is not None, what="the server listening")
        await launch(pilot, "l", n="40", hold="1")
        long_said = tr("status.long_run", lang, run=1, seconds="40")
        await until(pilot, lambda: long_said in app.status.render().plain, what="the long run said")
        for width in (120, 100, 80, 50):
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            line, room = app.status.render().plain, app.status.size.width
            assert room == width - 2  # the line's padding
            assert cell_len(line) <= room, (width, line)
            assert even_gaps(line, lang), (width, line)
            if width == 120:
                assert "…" not in line, line  # all of it
        await pilot.press("k")
        await until(pilot, lambda: long_said not in app.status.render().plain, what="the run stopped")
        await pilot.press("q")
