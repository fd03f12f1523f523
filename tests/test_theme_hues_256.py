"""Every theme keeps its look in a terminal of 256 colours (tmux without COLORTERM): each of its
colours is drawn as one of the same hue family, near it (a trial drew solarized-light's cream
panels pink, #eee8d5 as #ffd7d7, catppuccin-latte's near-white surface lavender and dracula's
blue-grey surface navy), and the app writes that colour itself, a blank's background too, so the
terminal's own rounding never picks another. Computed from the themes' variables: no app run."""

from __future__ import annotations

import math

import pytest
from rich.color import Color as RichColor
from rich.color import ColorSystem, ColorType
from rich.segment import Segment
from rich.style import Style
from textual.color import Color, ColorParseError
from textual.theme import BUILTIN_THEMES, Theme

from tui_app.eight_bit import NEUTRAL, SLACK, chroma_and_hue, keeps_family, oklab
from tui_app.legible import LEGIBLE, drawn_as
from tui_app.themes import HIGH_CONTRAST, themes

pytestmark = pytest.mark.timeout(30)
EIGHT_BIT = ColorSystem.EIGHT_BIT
ALL_THEMES: dict[str, Theme] = {**BUILTIN_THEMES, HIGH_CONTRAST.name: HIGH_CONTRAST}
# the ansi-* themes draw in the terminal's own palette: no value here to quantize
MEASURED = [name for name in themes() if not name.startswith("ansi-")]
CUBE_AND_GREYS = [Color(*RichColor.from_ansi(number).get_truecolor()) for number in range(16, 256)]


def colours(name: str) -> dict[str, Color]:
    """Every colour variable of theme ``name`` as drawn: a translucent one laid on its background."""
    variables = ALL_THEMES[name].to_color_system().generate()
    ground = Color.parse(variables["background"])
    found = {}
    for variable, value in variables.items():
        try:
            colour = Color.parse(value)
        except ColorParseError:
            continue
        found[variable] = ground + colour if colour.a < 1 else colour
    return found


def distance(first: Color, second: Color) -> float:
    return math.dist(oklab(first.rgb), oklab(second.rgb))


@pytest.mark.parametrize("name", MEASURED)
def test_no_colour_of_a_theme_changes_hue_family_in_256_colours(name: str) -> None:
    changed = []
    for variable, colour in colours(name).items():
        drawn = drawn_as(colour, EIGHT_BIT)
        nearest = min(distance(colour, each) for each in CUBE_AND_GREYS)
        if not keeps_family(oklab(colour.rgb), oklab(drawn.rgb)) or distance(colour, drawn) > nearest + SLACK:
            changed.append(f"{variable} {colour.hex} drawn {drawn.hex}")
    assert changed == []


@pytest.mark.parametrize(
    ("name", "variable"),
    [("solarized-light", "panel"), ("solarized-light", "surface"), ("solarized-light", "background"),
     ("catppuccin-latte", "surface"), ("dracula", "surface"), ("catppuccin-macchiato", "background")],
)  # fmt: skip
def test_the_panels_seen_in_another_hue_keep_theirs(name: str, variable: str) -> None:
    """Each was drawn in another family before: its hue turned by more than 60 degrees, or a
    grey became a colour, or a faint blue-grey a strong navy."""
    colour = colours(name)[variable]
    chroma, hue = chroma_and_hue(oklab(colour.rgb))
    drawn, turned = chroma_and_hue(oklab(drawn_as(colour, EIGHT_BIT).rgb))
    assert drawn < NEUTRAL or (abs((turned - hue + 180) % 360 - 180) < 60 and drawn < 2 * chroma + NEUTRAL)


def test_the_terminal_is_handed_the_colour_measured_a_blanks_background_too() -> None:
    """The filter writes each colour as a number of the 256: what drawn_as measured, not the
    terminal's rounding of the theme's value (a blank panel cell drew pink that way)."""
    cream = Color.parse("#eee8d5")
    text = Style(color=RichColor.parse("#586e75"), bgcolor=cream.rich_color)
    blank = Style(bgcolor=cream.rich_color)
    line = [Segment("closed", text), Segment("   ", blank)]
    drawn = LEGIBLE[EIGHT_BIT].apply(line, cream)
    expected = drawn_as(cream, EIGHT_BIT)
    for segment in drawn:
        assert segment.style is not None and segment.style.bgcolor is not None
        assert segment.style.bgcolor.type == ColorType.EIGHT_BIT
        assert Color(*segment.style.bgcolor.get_truecolor()) == expected
    truecolor = LEGIBLE[None].apply(line, cream)  # the theme's own values, a blank untouched
    assert truecolor[1] == line[1] and truecolor[0].style.bgcolor == text.bgcolor  # type: ignore[union-attr]
