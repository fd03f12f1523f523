"""An input line that says when its value runs on past its edges.

Textual's :class:`~textual.widgets.Input` shows the part of its value that fits and cuts the rest
without a sign: a long options value at 80 columns read as if it were whole. :class:`LongInput`
puts ``…`` in its last cell when more of the value lies to the right, and in its first cell when
the value is scrolled and some lies to the left (never over the cursor).
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
        pieces = [Strip([Segment(ELLIPSIS, style)], 1)] if left else []
        pieces.append(strip.crop(int(left), width - int(right)))
        if right:
            pieces.append(Strip([Segment(ELLIPSIS, style)], 1))
        return Strip.join(pieces).extend_cell_length(strip.cell_length, style)
