"""Every colour the app draws reads on what it is drawn on, in every theme (WCAG's contrast ratio).

A theme's own colours often do not: textual-light's accent is orange on light grey (1.49:1, the
form's headings), solarized-light's cyan borders 2.58:1, its foreground on its panels 4.39:1, and
a terminal's dim halves any contrast (solarized-light's ``closed`` at 2.08:1). Two things fix
them whatever the theme:

- :func:`legible_variables` moves the scrollbars' thumbs away from their tracks, whose contrast
  no character's colour carries (a thumb is the track's neighbour, not its text);
- :class:`Legible`, a line filter, moves the colour of every segment drawn away from the
  background it is drawn on until it reaches :data:`MIN_TEXT` (text) or :data:`MIN_GRAPHIC`
  (box lines and blocks: borders, a scrollbar's ends, the timeline's shades), a dim one first
  dimmed as a terminal does (halfway to its background). A colour that already reads is kept.

Both measure colours as the terminal draws them: a terminal of 256 colours (tmux without
``COLORTERM``) shows one of its 256, which can lose what the truecolor pick won (textual-light's
headings 4.10:1), so there a colour is measured after that step (:func:`drawn_as`), and the
filter writes every colour, a blank's background too, as the one measured: the nearest that
keeps its hue family (:func:`~.eight_bit.nearest_of_256`; solarized-light's cream panels stay
cream or grey, never pink). The 16 colours of a terminal that has no more are its palette's, not known
here: there a colour is measured as it is.

Colours the terminal picks (the ``ansi-*`` themes' ``ansi_default``, ``ansi_red``) have no value
to measure here and are left to the terminal's palette.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from rich.color import EIGHT_BIT_PALETTE, ColorSystem, ColorType
from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual.app import App
from textual.color import Color, ColorParseError
from textual.filter import LineFilter

from .eight_bit import nearest_of_256
from .ink import contrast

MIN_TEXT = 4.5  # WCAG AA for text
MIN_GRAPHIC = 3.0  # WCAG AA for borders, scrollbars and other graphics
AIM = 0.1  # above the minimum: a row's tint or a blend's rounding does not take a colour under it
DIM = 0.5  # how far a dim colour goes towards its background (Textual's DimFilter)
STEPS = 40  # steps from a colour to black or white
GRAPHIC = range(0x2500, 0x25A0)  # box drawing and block elements
BLACK, WHITE = Color(0, 0, 0), Color(255, 255, 255)
THUMBS = ("scrollbar", "scrollbar-hover", "scrollbar-active")
TRACKS = ("scrollbar-background", "scrollbar-background-hover", "scrollbar-background-active")


def drawn_as(colour: Color, system: ColorSystem | None) -> Color:
    """``colour`` as a terminal of colour ``system`` draws it: in 256 colours the one of its cube
    and greys (values every such terminal shares) that :class:`Legible` writes for it, the nearest
    that keeps its hue family (:func:`~.eight_bit.nearest_of_256`); else itself (truecolor; 16
    colours, whose values are the terminal's own palette)."""
    if system != ColorSystem.EIGHT_BIT:
        return colour
    return Color(*EIGHT_BIT_PALETTE[nearest_of_256(colour.rgb)])


def readable(colour: Color, ground: Color, minimum: float, system: ColorSystem | None = None) -> Color:
    """``colour`` moved towards black or white, whichever stands further from ``ground``, until
    its contrast with ``ground`` reaches ``minimum`` (plus :data:`AIM`), both as a terminal of
    colour ``system`` draws them (:func:`drawn_as`); unchanged if it does."""
    seen = drawn_as(ground, system)

    def reads(shown: Color, least: float) -> bool:
        return contrast(drawn_as(shown, system), seen) >= least

    if reads(colour, minimum):
        return colour
    end = BLACK if contrast(BLACK, seen) > contrast(WHITE, seen) else WHITE
    for step in range(1, STEPS + 1):
        moved = colour.blend(end, step / STEPS)
        if reads(moved, minimum + AIM):
            return moved
    return end


def legible_variables(variables: Mapping[str, str], system: ColorSystem | None = None) -> dict[str, str]:
    """The theme's CSS ``variables`` with each scrollbar thumb at :data:`MIN_GRAPHIC` from its
    track at least, as a terminal of colour ``system`` draws them (a variable the theme leaves to
    the terminal, as ``ansi_*``, stays)."""
    legible = dict(variables)
    for thumb, track in zip(THUMBS, TRACKS, strict=True):
        try:
            ground = Color.parse(variables["background"]) + Color.parse(variables[track])
            colour = ground + Color.parse(variables[thumb])
        except (KeyError, ColorParseError):
            continue
        legible[thumb] = readable(colour, ground, MIN_GRAPHIC, system).hex
    return legible


def _truecolor(colour: object) -> Color | None:
    """A Rich colour as a Textual one, or None for one the terminal picks (standard, default)."""
    if getattr(colour, "type", None) not in (ColorType.TRUECOLOR, ColorType.EIGHT_BIT):
        return None
    triplet = colour.get_truecolor()  # type: ignore[attr-defined]
    return Color(*triplet)


def graphic(text: str) -> bool:
    """Whether ``text`` is box lines and blocks alone (and blanks): a border, a bar's end, shades."""
    return all(ord(c) in GRAPHIC or c == " " for c in text)


@lru_cache(maxsize=8192)
def legible_style(style: Style, ground: Color, graphic: bool, system: ColorSystem | None = None) -> Style:
    """``style`` with its colour readable on its background (``ground`` when it has none), as a
    terminal of colour ``system`` draws them: :data:`MIN_GRAPHIC` for a ``graphic`` segment, else
    :data:`MIN_TEXT`; dim made a colour. In 256 colours, both written as measured (:func:`in_256`)."""
    shown = _readable_style(style, ground, graphic, system)
    return in_256(shown) if system == ColorSystem.EIGHT_BIT else shown


@lru_cache(maxsize=8192)
def in_256(style: Style) -> Style:
    """``style`` with its colour and its background, where each has a value (truecolor), written
    as the numbers of a terminal of 256 colours that :func:`drawn_as` measures, so that the
    terminal's own rounding never picks another (a blank's background too: a panel's colour)."""
    colour, background = (
        RichColor.from_ansi(nearest_of_256(value.get_truecolor()))
        if value is not None and value.type == ColorType.TRUECOLOR
        else None
        for value in (style.color, style.bgcolor)
    )
    return style + Style(color=colour, bgcolor=background) if colour or background else style


def _readable_style(style: Style, ground: Color, graphic: bool, system: ColorSystem | None) -> Style:
    """:func:`legible_style` before its colours are numbered."""
    colour = _truecolor(style.color)
    background = _truecolor(style.bgcolor) if style.bgcolor is not None else ground
    if background is not None and background.ansi is not None:  # the terminal's own ground
        return style
    if colour is None or background is None:
        return style
    if style.dim:
        colour = colour.blend(background, DIM)
    shown = readable(colour, background, MIN_GRAPHIC if graphic else MIN_TEXT, system)
    if shown == colour and not style.dim:
        return style
    return style + Style(color=shown.rich_color, dim=False)


class Legible(LineFilter):
    """A line filter: each segment's colour readable on its background (:func:`legible_style`) as
    a terminal of colour ``system`` draws it (None: truecolor)."""

    def __init__(self, system: ColorSystem | None = None) -> None:
        super().__init__()
        self.system = system

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        """``segments`` with their colours made readable; blank ones (no glyph to read) kept, in
        256 colours with their background numbered (:func:`in_256`)."""
        numbered = self.system == ColorSystem.EIGHT_BIT
        return [
            segment
            if segment.style is None or segment.control or (segment.text.isspace() and not numbered)
            else Segment(segment.text, in_256(segment.style))
            if segment.text.isspace()
            else Segment(
                segment.text, legible_style(segment.style, background, graphic(segment.text), self.system)
            )
            for segment in segments
        ]


LEGIBLE = {system: Legible(system) for system in (None, *ColorSystem)}  # one per colour system


class LegibleApp(App[int]):
    """An app whose every colour reads on its ground: the theme's scrollbars (:func:`legible_variables`)
    and every line drawn (:class:`Legible`)."""

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables, the scrollbars' thumbs readable on their tracks."""
        self.theme_variables = legible_variables(super().get_css_variables(), self.console._color_system)
        return self.theme_variables

    def get_line_filters(self) -> list[LineFilter]:
        """Textual's filters, then :class:`Legible` for the terminal's colour system (after the
        terminal's colours are resolved)."""
        return [*super().get_line_filters(), LEGIBLE[self.console._color_system]]
