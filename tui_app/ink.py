"""Colours for glyphs drawn on the theme's ground, made legible on it whatever the theme.

A theme's ``warning`` or ``success`` reads well as text on its own ground, but a light shade
glyph (``░``) covers a quarter of its cell: on a light theme a yellow one all but vanishes. Each
colour is darkened (on a light ground) or lightened (on a dark one) until its contrast with the
ground reaches a minimum (WCAG's contrast ratio, 1 to 21).
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.color import Color as RichColor
from rich.color import ColorParseError as RichColorParseError
from rich.style import Style
from textual.color import Color, ColorParseError

MIN_CONTRAST = 4.5  # WCAG's ratio for normal text
STEP = 0.05  # how much each darkening or lightening step moves the colour
STEPS = 20


def luminance(colour: Color) -> float:
    """WCAG's relative luminance of ``colour``, 0 (black) to 1 (white)."""

    def channel(value: int) -> float:
        share = value / 255
        return share / 12.92 if share <= 0.03928 else ((share + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)


def contrast(first: Color, second: Color) -> float:
    """WCAG's contrast ratio of two opaque colours, 1 (the same) to 21 (black and white)."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def legible(colour: Color, ground: Color, minimum: float = MIN_CONTRAST) -> Color:
    """``colour`` (translucent ones laid on ``ground``) moved away from ``ground`` until their
    contrast reaches ``minimum``, or as far as it goes."""
    colour = ground + colour
    light_ground = luminance(ground) > 0.5
    for _ in range(STEPS):
        if contrast(colour, ground) >= minimum:
            break
        colour = colour.darken(STEP) if light_ground else colour.lighten(STEP)
    return colour


def ink(variables: Mapping[str, str], name: str, bold: bool = False) -> Style:
    """A text style in the theme colour ``name`` of the theme's ``variables``, legible on the
    theme's background; a terminal's own colour (``ansi_yellow``, in the ``ansi-*`` themes), which
    has no value to measure, as the terminal draws it."""
    value = variables.get(name, "white")
    try:
        ground = Color.parse(variables.get("background", "black"))
        colour = legible(Color.parse(value), ground)
    except ColorParseError:
        return Style(color=_terminal_colour(value), bold=bold)
    return Style(color=colour.rich_color, bold=bold)


def _terminal_colour(value: str) -> RichColor | None:
    """The terminal colour a theme value names (``ansi_bright_red 50%``: bright red), None for
    one it does not (the terminal's default)."""
    try:
        return RichColor.parse(value.split()[0].removeprefix("ansi_"))
    except (RichColorParseError, IndexError):
        return None
