"""A colour as a terminal of 256 colours draws it: one of its cube's and greys', keeping its look.

Such a terminal (tmux without ``COLORTERM``) has 240 colours of known value: a 6x6x6 cube and 24
greys (its first 16 are its own palette's). Rich's pick rounds each channel on its own, which can
take a colour for another hue: solarized-light's cream panels (``#eee8d5``) come out pink
(``#ffd7d7``), catppuccin-latte's near-white surface lavender, dracula's blue-grey surface navy.
:func:`nearest_of_256` measures distance in Oklab (Björn Ottosson's perceptual space, where equal
steps look equal) and takes the nearest colour that keeps the hue family (:func:`keeps_family`):
a near-neutral colour stays on the greys, a coloured one keeps its hue within :data:`HUE_FAMILY`
degrees and grows no more colourful than :data:`MORE_CHROMA` and :data:`MORE_TIMES` allow, or
turns grey (the cube has no dark blue-grey: a grey keeps a dark theme's look, navy does not).
When no such colour lies within :data:`SLACK` of the nearest of all, the nearest of all is taken.
"""

from __future__ import annotations

import math
from functools import lru_cache

from rich.color import EIGHT_BIT_PALETTE

NEUTRAL = 0.02  # Oklab chroma under which a colour is a grey to the eye
HUE_FAMILY = 30.0  # degrees of Oklab hue a colour may turn and stay in its family
MORE_CHROMA = 0.03  # how much more colourful than a faint colour its pick may be (Oklab chroma)
MORE_TIMES = 2.0  # how many times as colourful as a strong colour its pick may be
SLACK = 0.05  # how much further (Oklab distance) than the nearest of all a pick in the family may lie
FIRST, LAST = 16, 255  # the cube's and the greys' numbers: known values, the same in every terminal

Lab = tuple[float, float, float]


def oklab(rgb: tuple[int, int, int]) -> Lab:
    """The Oklab coordinates (L 0-1, a, b) of an sRGB colour given as 0-255 channels."""

    def linear(value: int) -> float:
        share = value / 255
        return share / 12.92 if share <= 0.04045 else ((share + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(value) for value in rgb)
    long = (0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b) ** (1 / 3)
    medium = (0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b) ** (1 / 3)
    short = (0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b) ** (1 / 3)
    return (
        0.2104542553 * long + 0.7936177850 * medium - 0.0040720468 * short,
        1.9779984951 * long - 2.4285922050 * medium + 0.4505937099 * short,
        0.0259040371 * long + 0.7827675075 * medium - 0.8086757660 * short,
    )


def chroma_and_hue(lab: Lab) -> tuple[float, float]:
    """(chroma, hue in degrees 0-360) of Oklab coordinates: how colourful, and which colour."""
    _, a, b = lab
    return math.hypot(a, b), math.degrees(math.atan2(b, a)) % 360


def keeps_family(colour: Lab, pick: Lab) -> bool:
    """Whether ``pick`` keeps the look of ``colour`` (both Oklab): a grey stays grey; a coloured
    one turns grey, or keeps its hue within :data:`HUE_FAMILY` degrees, at most :data:`MORE_CHROMA`
    more colourful (a faint one) or :data:`MORE_TIMES` as colourful (a strong one)."""
    chroma, hue = chroma_and_hue(colour)
    picked, turned = chroma_and_hue(pick)
    if picked < NEUTRAL:
        return True
    if chroma < NEUTRAL or picked > max(chroma + MORE_CHROMA, chroma * MORE_TIMES):
        return False
    return abs((turned - hue + 180) % 360 - 180) <= HUE_FAMILY


_PALETTE = [(number, oklab(EIGHT_BIT_PALETTE[number])) for number in range(FIRST, LAST + 1)]


@lru_cache(maxsize=4096)
def nearest_of_256(rgb: tuple[int, int, int]) -> int:
    """The number (16-255) of the colour a terminal of 256 colours should draw for ``rgb`` (0-255
    channels): the nearest in Oklab that keeps its family, if within :data:`SLACK` of the nearest
    of all; else the nearest of all."""
    lab = oklab(rgb)
    ranked = sorted(_PALETTE, key=lambda entry: math.dist(lab, entry[1]))
    nearest = math.dist(lab, ranked[0][1])
    for number, pick in ranked:
        if math.dist(lab, pick) > nearest + SLACK:
            break
        if keeps_family(lab, pick):
            return number
    return ranked[0][0]
