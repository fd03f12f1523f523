"""Every colour the app draws reads on its ground in every theme the README offers, at 80x24:
text at 4.5:1 at least, borders, scrollbars and blocks at 3:1 (WCAG), measured on the segments
the screen is drawn with (a trial on a projector measured textual-light's form headings at
1.49:1 and solarized-light's `closed` at 2.08:1), in truecolor and, the app's colour system
forced to 256 colours, as such a terminal draws them: each the nearest of its 256 (a trial in
tmux without COLORTERM measured textual-light's headings at 4.10:1, its `closed` at 4.36:1)."""

from __future__ import annotations

import pytest
from pilot_helpers import launch, until
from rich.color import Color as RichColor
from rich.color import ColorSystem, ColorType
from rich.style import Style
from test_clients_table import connect
from textual.color import Color
from textual.pilot import Pilot

from tui_app.app import LabApp
from tui_app.ink import contrast
from tui_app.legible import MIN_GRAPHIC, MIN_TEXT, THUMBS, TRACKS, drawn_as, graphic
from tui_app.screens.timeline import TimelineScreen
from tui_app.themes import themes

pytestmark = pytest.mark.timeout(120)

# the ansi-* themes draw in the terminal's own palette: no value here to measure
MEASURED = [name for name in themes() if not name.startswith("ansi-")]


def _colour(value: object, system: ColorSystem) -> Color | None:
    """A segment's colour as a terminal of colour ``system`` draws it (256: the nearest it has)."""
    if not isinstance(value, RichColor) or value.type not in (ColorType.TRUECOLOR, ColorType.EIGHT_BIT):
        return None
    return Color(*value.downgrade(system).get_truecolor())


def unreadable(app: LabApp) -> list[str]:
    """Each segment on screen whose colour falls short on its background: ``ratio fg on bg: text``,
    both as a terminal of the app's colour system draws them. A dim one counts as a terminal
    draws it, halfway to its background."""
    system = app.console._color_system or ColorSystem.TRUECOLOR
    short = []
    for line in app.screen._compositor.render_full_update().strips:
        for strip in line:
            for segment in strip:
                style, text = segment.style, segment.text
                if not isinstance(style, Style) or not text.strip():
                    continue
                colour, ground = _colour(style.color, system), _colour(style.bgcolor, system)
                assert colour is not None and ground is not None, (text, style)
                if style.dim:
                    colour = colour.blend(ground, 0.5)
                ratio = contrast(colour, ground)
                if ratio < (MIN_GRAPHIC if graphic(text) else MIN_TEXT):
                    short.append(f"{ratio:.2f} {colour.hex} on {ground.hex}: {text.strip()[:20]}")
    return short


def thumbs_short(app: LabApp) -> list[str]:
    """The scrollbars whose thumb falls short of 3:1 on its track, as the app's colour system
    draws them (in 256 colours, the numbers the app writes for them: see drawn_as)."""
    system = app.console._color_system or ColorSystem.TRUECOLOR
    variables = app.get_css_variables()
    ground = Color.parse(variables["background"])
    short = []
    for thumb, track in zip(THUMBS, TRACKS, strict=True):
        under = ground + Color.parse(variables[track])
        bar = under + Color.parse(variables[thumb])
        drawn = [drawn_as(colour, system) for colour in (bar, under)]
        if (ratio := contrast(*drawn)) < MIN_GRAPHIC:
            short.append(f"{thumb} {ratio:.2f}")
    return short


async def drawn_in(pilot: Pilot[int], system: ColorSystem) -> str:
    """Draw the screen again as the app does for a terminal of colour ``system``; its name."""
    app = pilot.app
    app.console._color_system = system
    for widget in app.screen.walk_children():
        widget.refresh()  # its lines drawn again, through the filter for that system
    await pilot.pause()
    return "" if system == ColorSystem.TRUECOLOR else "256 "


def measured(said: str, short: list[str]) -> list[str]:
    """``short``'s lines after ``said`` (the screen, the colour system)."""
    return [f"{said}{line}" for line in short]


@pytest.mark.long
@pytest.mark.parametrize("names", [MEASURED[part::3] for part in range(3)], ids=["a", "b", "c"])
async def test_every_colour_reads_on_its_ground_in_every_theme(names: list[str]) -> None:
    """In three parts, each a third of the themes: one test of all 20 took 25 s on one worker."""
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
        for name in names:  # each screen in both colour systems, drawn once more, not twice
            await drawn_in(pilot, ColorSystem.TRUECOLOR)
            app.theme = name
            await pilot.pause(0.1)
            short = unreadable(app) + thumbs_short(app)
            said = await drawn_in(pilot, ColorSystem.EIGHT_BIT)
            short += measured(said, unreadable(app) + thumbs_short(app))
            await pilot.press("t")
            await until(pilot, lambda: isinstance(app.screen, TimelineScreen), what="the timeline")
            await pilot.pause(0.1)
            short += measured(f"timeline {said}", unreadable(app))
            said = await drawn_in(pilot, ColorSystem.TRUECOLOR)
            short += measured(f"timeline {said}", unreadable(app))
            await pilot.press("escape")
            await until(pilot, lambda: not isinstance(app.screen, TimelineScreen), what="back")
            if short:
                failures[name] = sorted(set(short))
        assert failures == {}
        await pilot.press("q")
