"""Screens that never blank a wide character where one widget lies over the edge of another.

Textual's compositor cuts every line of the screen wherever any widget starts or ends, and paints
each piece from the front-most widget covering it. A widget on top (a notification, the footer's
docked palette key) is cut too, at the edges of the widgets under it: a wide (CJK) character that
straddles such an edge was split into two blank halves ("无  监听" for "无法监听" in a notification
over the panes' borders). :class:`WholeCharacterCompositor` leaves such a character whole when the
same widget paints both sides of the edge.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from rich.cells import get_character_cell_size
from textual._compositor import Compositor
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip

EMPTY = Strip([], 0)  # the piece after an edge whose cells the piece before it paints

ScreenType = TypeVar("ScreenType", bound=Screen)


def wide_splits(strip: Strip, cuts: list[int]) -> set[int]:
    """The ``cuts`` (cells from the start of ``strip``) that fall inside a wide character."""
    if not cuts or len(strip.text) == strip.cell_length:
        return set()  # no cut inside, or one cell per character: no cut can fall inside one
    wanted, inside, position = set(cuts), set(), 0
    for segment in strip:
        if segment.control:
            continue
        for character in segment.text:
            width = get_character_cell_size(character)
            if width == 2 and position + 1 in wanted:
                inside.add(position + 1)
            position += width
    return inside


class WholeCharacterCompositor(Compositor):
    """A :class:`Compositor` that does not cut a widget's wide character at another widget's edge."""

    def _render_chops(
        self, crop: Region, is_rendered_line: Callable[[int], bool]
    ) -> Sequence[Mapping[int, Strip]]:
        """As Textual's: each line's pieces between cuts, painted front to back, the first one
        painted winning; except that a cut inside a wide character of a widget that paints the
        pieces on both sides is not made (the piece before it takes both, the one after is empty)."""
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
        for region, clip, strips in self._get_renders(crop):
            render_region = region.intersection(clip)
            render_x = render_region.x
            first_cut, last_cut = render_region.column_span
            for y, strip in zip(render_region.line_range, strips, strict=False):
                if not is_rendered_line(y):
                    continue
                line = chops[y]
                final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
                inside = wide_splits(strip, [cut - render_x for cut in final_cuts[1:-1]])
                kept = [final_cuts[0]]
                for cut in final_cuts[1:]:
                    joined = cut - render_x in inside and line.get(kept[-1]) is None and line.get(cut) is None
                    if joined:
                        line[cut] = EMPTY
                    else:
                        kept.append(cut)
                for cut, piece in zip(kept, strip.divide([cut - render_x for cut in kept[1:]]), strict=False):
                    if line.get(cut) is None:
                        line[cut] = piece
        return chops  # type: ignore[return-value]  # every piece painted: the screen is covered


def keep_wide_characters(screen: ScreenType) -> ScreenType:
    """``screen``, composited with :class:`WholeCharacterCompositor`; call before it is shown."""
    screen._compositor = WholeCharacterCompositor()
    return screen
