"""The status line shows every part whole, in the fullest form that fits: at every width from 30
to 130 columns, in English and Chinese, idle and during a long run, out of step mode, in it and
paused after ``g``. A part (the address, a counter, a run's length) is shown whole or left out
whole with ``…``; no form of the line that fits says more (more parts, then wider gaps, then more
cells of words) than the one shown. At 50 columns, paused, the port was cut (``127.0.0.1:2380…``
for port 23803); at 120 columns a 500 s run's line took the short forms with two-cell gaps where
the run's long form and three-cell gaps fit."""

from __future__ import annotations

import re
from itertools import product

import pytest
from layout_stage import screen_text
from pilot_helpers import launch, until
from rich.cells import cell_len

from tui_app.app import LabApp
from tui_app.strings import tr
from tui_app.widgets.status import Parts

pytestmark = pytest.mark.timeout(90)

WIDTHS = range(30, 131)
PADDING = 2  # the status line's cells left and right of its words (app.tcss)
ADDRESS = re.compile(r"127\.0\.0\.1:\d*")


def every_form(parts: Parts, room: int) -> dict[str, tuple[int, int, int]]:
    """Each line in ``room`` cells that shows the first parts whole, an even gap of one to three
    cells between any two and ``…`` after them if parts are left out: its text, and how full it
    is (parts shown, gap, cells of the parts' words). A part takes its long or short form, or a
    narrower one where its short one does not fit even alone with ``…``."""
    every = [[form.plain for form in forms] for forms in (*parts.lead, *parts.items)]
    every = [said if len(said) < 3 or cell_len(said[1]) + 2 > room else said[:2] for said in every]
    lines: dict[str, tuple[int, int, int]] = {}
    for shown in range(len(every) + 1):
        for said in product(*every[:shown]):
            pieces = [*said, *(["…"] if shown < len(every) else [])]
            for gap in (1, 2, 3):  # a line of one piece: as full as its widest gap would be
                line = (" " * gap).join(pieces)
                fullness = (shown, gap if len(pieces) > 1 else 3, sum(map(cell_len, said)))
                if cell_len(line) <= room:
                    lines[line] = max(fullness, lines.get(line, fullness))
    return lines


def check_every_width(app: LabApp, state: str) -> None:
    """At each width: the line is made of whole parts, fits, and is the fullest that fits."""
    parts, address = app.status.parts, app.session.listening
    for width in WIDTHS:
        room = width - PADDING
        forms, line = every_form(parts, room), parts.fitted(room).plain
        where = (state, width, line)
        assert line in forms, where  # whole parts, and no wider than the room
        assert all(found == address for found in ADDRESS.findall(line)), where
        fuller = [said for said, full in forms.items() if full > forms[line]]
        assert not fuller, (*where, fuller[:3])


def shows(app: LabApp, key: str, **values: object) -> bool:
    """Whether a part of the status line says ``key``'s words, in some form."""
    said = tr(key, app.lang, **values)
    parts = app.status.parts
    return any(form.plain == said for forms in (*parts.lead, *parts.items) for form in forms)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_every_part_of_the_status_line_is_whole_and_its_fullest_form_is_shown(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.session.listening is not None, what="listening")
        check_every_width(app, "idle")
        await launch(pilot, "l", n="40", hold="1")  # 40 s: a long run
        await until(pilot, lambda: shows(app, "status.long_run", run=1, seconds="40"), what="run 1")
        check_every_width(app, "a long run")
        await pilot.press("k")
        await until(pilot, lambda: not shows(app, "status.runs", running=1), what="run 1 stopped")
        await pilot.press("p")
        await until(pilot, lambda: shows(app, "status.step_mode"), what="step mode")
        check_every_width(app, "step mode, idle")
        await launch(pilot, "l", n="40", hold="1")
        await until(pilot, lambda: app.lab.stepper.snapshot(), what="run 2's clients held")
        check_every_width(app, "step mode, run 2 held")
        await pilot.press("g")
        await until(pilot, lambda: shows(app, "status.step_paused"), what="step mode paused")
        check_every_width(app, "step mode paused, run 2 going")
        for width in (50, 120):  # as drawn on the screen
            await pilot.resize_terminal(width, 40)
            await pilot.pause()
            assert app.status.size.width == width - PADDING
            drawn = screen_text(app).splitlines()[0].strip()
            assert drawn == app.status.parts.fitted(width - PADDING).plain.strip(), (width, drawn)
        await pilot.press("k")
        await until(pilot, lambda: not shows(app, "status.runs", running=1), what="run 2 stopped")
        check_every_width(app, "step mode paused, idle")
        await pilot.press("p", "q")
