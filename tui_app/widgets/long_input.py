"""An input line that says when its value runs on past its edges.

Textual's :class:`~textual.widgets.Input` shows the part of its value that fits and cuts the rest
without a sign: a long options value at 80 columns read as if it were whole. :class:`LongInput`
puts ``…`` in its last cell when more of the value lies to the right, and in its first cell when
the value is scrolled and some lies to the left (never over the cursor). Where that cell holds
half of a wide character, the mark takes the character's other half and the blank goes to the
edge: the mark always stands next to the text (``实验记… ``, never ``实验记 …``).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Input

ELLIPSIS = "…"


class LongInput(Input):
    """An :class:`Input` whose value, when longer than the field, ends (or starts) with ``…``."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        width = self.scrollable_content_region.width
        if y != 0 or not self.value or width < 3:
            return strip
        scroll_x = int(self.scroll_offset.x)
        cells = self._value.cell_len + (self.has_focus and self.cursor_at_end)  # the cursor's cell after it
        left, right = scroll_x > 0, cells > scroll_x + width
        if self.has_focus:  # the cursor's cell is never covered
            cursor = cell_len(self.value[: self.cursor_position]) - scroll_x
            left, right = left and cursor != 0, right and cursor != width - 1
        if not (left or right):
            return strip
        style = self.rich_style
        mark, blank = Strip([Segment(ELLIPSIS, style)], 1), Strip([Segment(" ", style)], 1)
        start, end = int(left), width - int(right)
        pieces = []
        if left:  # a wide character cut by the mark leaves its blank at the edge, not after the mark
            split = _splits(strip, 1)
            pieces += [blank, mark] if split else [mark]
            start += split
        shown = strip.crop(start, end)
        if right:
            split = _splits(strip, end) and not (self.has_focus and cursor == end - 1)
            shown = strip.crop(start, end - 1) if split else shown
            pieces += [shown, mark, blank] if split else [shown, mark]
        else:
            pieces.append(shown)
        return Strip.join(pieces).extend_cell_length(strip.cell_length, style)


def _splits(strip: Strip, cell: int) -> bool:
    """Whether a cut of ``strip`` before ``cell`` falls inside a wide character (one that takes
    ``cell - 1`` and ``cell``): cut there, it would show as a blank."""
    at = 0
    for segment in strip:
        for char in segment.text:
            width = cell_len(char)
            if at < cell < at + width:
                return True
            at += width
            if at >= cell:
                return False
    return False
