"""An exhibit's handler lanes as styled text: the exhibits screen and the timeline of an opened
exhibit recording draw them with this one function, so both show the same picture."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from functools import cache

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.theme import BUILTIN_THEMES

from server_core import Event
from server_core.exhibits import ExhibitResult

from . import exhibit_view
from .exhibit_view import BLOCKS, DEADLOCKED, ERROR, GAVE_UP, HOLDING, IDLE, READ, WAITING, WINDOW, WRITE
from .ink import ink

LABEL = 5  # cells of a lane's label
# glyph, theme colour and boldness per state: told apart by glyph (a shade, a line, a letter)
# as well as by colour, so that a monochrome terminal tells them apart too
# (the glyphs are exhibit_view.BLOCKS, whose ASCII twins the command line draws)
LOOKS = {
    IDLE: (BLOCKS[IDLE], "foreground-muted", False),
    WAITING: (BLOCKS[WAITING], "warning", False),
    HOLDING: (BLOCKS[HOLDING], "success", False),
    WINDOW: (BLOCKS[WINDOW], "accent", False),  # or primary: see WINDOW_COLOURS
    DEADLOCKED: (BLOCKS[DEADLOCKED], "error", True),
    READ: (BLOCKS[READ], "secondary", True),
    WRITE: (BLOCKS[WRITE], "foreground", True),
    GAVE_UP: (BLOCKS[GAVE_UP], "error", True),
    ERROR: (BLOCKS[ERROR], "error", True),
}


# the read..write window's theme colours: whichever is farther from the other states' (many
# themes, Textual's default among them, make accent and warning one orange)
WINDOW_COLOURS = ("accent", "primary")


def looks(variables: Mapping[str, str] | None = None) -> dict[str, tuple[str, Style]]:
    """(glyph, style) per state in the colours of a theme's ``variables`` made legible on its
    background (None: Textual's default dark theme); the window's colour is the one of
    :data:`WINDOW_COLOURS` farthest from the nearest of the other states' (the wait's first)."""
    shown = dict(variables) if variables is not None else _default_variables()
    styles = {state: (glyph, ink(shown, name, bold)) for state, (glyph, name, bold) in LOOKS.items()}
    others = [styles[state][1] for state in exhibit_view.STATES if state != WINDOW]

    def nearest(style: Style) -> tuple[float, float]:
        return _apart(style, styles[WAITING][1]) > 0, min(_apart(style, other) for other in others)

    window = max((ink(shown, name) for name in WINDOW_COLOURS), key=nearest)
    styles[WINDOW] = (styles[WINDOW][0], window)
    return styles


def _apart(first: Style, second: Style) -> float:
    """How far apart two styles' colours are: the distance of their red, green and blue (0 for
    the same colour, or for a style without one)."""
    if first.color is None or second.color is None:
        return 0.0
    one, other = first.color.get_truecolor(), second.color.get_truecolor()
    return math.dist((one.red, one.green, one.blue), (other.red, other.green, other.blue))


@cache
def _default_variables() -> dict[str, str]:
    return BUILTIN_THEMES["textual-dark"].to_color_system().generate()


def draw(
    events: Iterable[Event],
    width: int,
    result: ExhibitResult | None,
    lang: str,
    until: float = 0.0,
    variables: Mapping[str, str] | None = None,
) -> Text:
    """One line per handler of an exhibit's ``events`` (its label, its columns of time and, with
    the run's ``result``, its note), then the legend, all within ``width`` cells; ``until`` is
    the bus clock while the run goes on (see :func:`exhibit_view.lanes`); ``variables`` the
    theme's colours (see :func:`looks`). A note too long for the room after its lane goes on a
    line of its own under the lane, indented past the labels (cut with … if even that line is
    too short): the label column holds labels only."""
    every = list(events)
    room = width - LABEL - 1
    notes = [lane.note for lane in exhibit_view.lanes(every, 1, result, lang)]
    columns = exhibit_view.lane_columns(room, notes)
    styles = looks(variables)
    text = Text()
    for lane in exhibit_view.lanes(every, columns, result, lang, until):
        text.append(f" h{lane.number:<{LABEL - 2}}", style="bold")
        for cell in lane.cells:
            glyph, style = styles[cell] if cell else (" ", Style())
            text.append(glyph, style)
        text.append_text(_note(lane.note, room - columns, width))
    glyphs = {state: glyph for state, (glyph, _) in styles.items()}
    for line in exhibit_view.legend(lang, width - 1, glyphs):
        shown = Text(line)
        for state in exhibit_view.STATES:  # each state's sample in its own colour
            glyph, style = styles[state]
            shown.highlight_words([glyph * 2], style)
        text.append_text(shown)
        text.append("\n")
    return text


def _note(note: str, room: int, width: int) -> Text:
    """``note`` to end a lane's line: after the lane when it fits in ``room`` cells, else on a
    line of its own, indented past the label column and cut with … at ``width``."""
    if not note:
        return Text("\n")
    if cell_len(note) + 1 <= room:
        return Text(f" {note}\n", style="italic")
    shown = Text(note, style="italic")
    shown.truncate(max(1, width - LABEL - 1), overflow="ellipsis")
    return Text.assemble("\n", " " * (LABEL + 1), shown, "\n")
