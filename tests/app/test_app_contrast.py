"""Every colour the app draws reads on its ground in every theme the README offers, at 80x24:
text at 4.5:1 at least, borders, scrollbars and blocks at 3:1 (WCAG), measured on the segments
the screen is drawn with (a trial on a projector measured textual-light's form headings at
1.49:1 and solarized-light's `closed` at 2.08:1)."""

from __future__ import annotations

import pytest
from pilot_helpers import launch, until
from rich.color import ColorType
from rich.style import Style
from test_clients_table import connect
from textual.color import Color

from tui_app.app import LabApp
from tui_app.ink import contrast
from tui_app.legible import MIN_GRAPHIC, MIN_TEXT, THUMBS, TRACKS, graphic
from tui_app.screens.timeline import TimelineScreen
from tui_app.themes import themes

pytestmark = pytest.mark.timeout(120)

# the ansi-* themes draw in the terminal's own palette: no value here to measure
MEASURED = [name for name in themes() if not name.startswith("ansi-")]


def _colour(value: object) -> Color | None:
    if getattr(value, "type", None) not in (ColorType.TRUECOLOR, ColorType.EIGHT_BIT):
        return None
    return Color(*value.get_truecolor())  # type: ignore[attr-defined]


def unreadable(app: LabApp) -> list[str]:
    """Each segment on screen whose colour falls short on its background: ``ratio fg on bg: text``.
    A dim one counts as a terminal draws it, halfway to its background."""
    short = []
    for line in app.screen._compositor.render_full_update().strips:
        for strip in line:
            for segment in strip:
                style, text = segment.style, segment.text
                if not isinstance(style, Style) or not text.strip():
                    continue
                colour, ground = _colour(style.color), _colour(style.bgcolor)
                assert colour is not None and ground is not None, (text, style)
                if style.dim:
                    colour = colour.blend(ground, 0.5)
                ratio = contrast(colour, ground)
                if ratio < (MIN_GRAPHIC if graphic(text) else MIN_TEXT):
                    short.append(f"{ratio:.2f} {colour.hex} on {ground.hex}: {text.strip()[:20]}")
    return short


def thumbs_short(app: LabApp) -> list[str]:
    """The scrollbars whose thumb falls short of 3:1 on its track."""
    variables = app.theme_variables
    ground = Color.parse(variables["background"])
    short = []
    for thumb, track in zip(THUMBS, TRACKS, strict=True):
        under = ground + Color.parse(variables[track])
        if (ratio := contrast(under + Color.parse(variables[thumb]), under)) < MIN_GRAPHIC:
            short.append(f"{thumb} {ratio:.2f}")
    return short


async def test_every_colour_reads_on_its_ground_in_every_theme() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.lab.server is not None, what="the server listening")
        await launch(pilot, "f", n="3", hold="0")
        book = app.session.book
        await until(pilot, lambda: book.accepted == 3 and all(c.finished for c in book.connections.values()),
                    timeout=20, what="a run closed")  # fmt: skip
        connect(app, 1, first=90)  # an outside client, its message in markup
        await until(pilot, lambda: app.table.row_count == 4, what="its row")
        failures: dict[str, list[str]] = {}
        for name in MEASURED:
            app.theme = name
            await pilot.pause(0.1)
            short = unreadable(app) + thumbs_short(app)
            await pilot.press("t")
            await until(pilot, lambda: isinstance(app.screen, TimelineScreen), what="the timeline")
            await pilot.pause(0.1)
            short += [f"timeline {said}" for said in unreadable(app)]
            await pilot.press("escape")
            await until(pilot, lambda: not isinstance(app.screen, TimelineScreen), what="back")
            if short:
                failures[name] = sorted(set(short))
        assert failures == {}
        await pilot.press("q")
