"""Relative scrolls that take effect at once, so that every key and wheel step counts, however
many reach the app in one read (a paste, a key held on a busy machine, a fast typist).

Textual 8.2.8 moves a plain scrollable's view (a ``VerticalScroll``) a row up or down by asking
for ``scroll_target_y`` plus or minus one, and that target changes only after the next refresh
(``scroll_to(..., immediate=False)``): six Down keys handled before it each aimed at the same
row, and the view moved one row, not six. Its pages go from ``scroll_y``, which an eased scroll
moves only as it eases, so six Page Down keys in one read moved even a ``Log`` three pages, not
six. The wheel's steps already take effect at once, but a key handled before them, its move
applied after them, threw them away. This module works around that deferred target: when
Textual moves the target at once for keys and pages from it, :class:`ScrollsAtOnce` can go.
"""

from __future__ import annotations

from typing import Any

from textual.containers import VerticalScroll
from textual.widget import Widget


class ScrollsAtOnce(Widget):
    """A mixin for a scrollable: its relative scrolls (a row up, down, a column left, right, a page
    each way: the arrows, Page Up/Down, ctrl+Page Up/Down) go from where the view is heading
    (``scroll_target_x``, ``scroll_target_y``) and set that target at once, so the next key or
    wheel step goes on from there. Each takes the keyword options of Textual's method of the same
    name (``animate``, ``speed``, ...); ``immediate`` is always true. Home, End and absolute
    scrolls are Textual's own.

    It goes last among a pane's bases, after its Textual class (as :class:`RowsBelow` does):
    Textual gives every Widget subclass its own ``can_focus``, bindings and component classes,
    and a mixin ahead of that class hid the class's own (a box that took no focus, no keys). No
    Textual class it is used with defines these methods itself."""

    def scroll_up(self, **options: Any) -> None:
        self._scroll_by(0, -1, options)

    def scroll_down(self, **options: Any) -> None:
        self._scroll_by(0, 1, options)

    def scroll_left(self, **options: Any) -> None:
        self._scroll_by(-1, 0, options)

    def scroll_right(self, **options: Any) -> None:
        self._scroll_by(1, 0, options)

    def scroll_page_up(self, **options: Any) -> None:
        self._scroll_by(0, -self.scrollable_content_region.height, options)

    def scroll_page_down(self, **options: Any) -> None:
        self._scroll_by(0, self.scrollable_content_region.height, options)

    def scroll_page_left(self, **options: Any) -> None:
        self._scroll_by(-self.scrollable_content_region.width, 0, _sideways(options))

    def scroll_page_right(self, **options: Any) -> None:
        self._scroll_by(self.scrollable_content_region.width, 0, _sideways(options))

    def _scroll_by(self, columns: int, rows: int, options: dict[str, Any]) -> None:
        """Send the view ``columns`` right and ``rows`` down (negative: left, up) from where it
        is heading, at once."""
        options["immediate"] = True
        self.scroll_to(
            x=self.scroll_target_x + columns if columns else None,
            y=self.scroll_target_y + rows if rows else None,
            **options,
        )


def _sideways(options: dict[str, Any]) -> dict[str, Any]:
    """``options`` with Textual's 0.3 s easing for a page left or right when they set no pace."""
    if options.get("speed") is None and options.get("duration") is None:
        options["duration"] = 0.3
    return options


class ScrollBox(VerticalScroll, ScrollsAtOnce):
    """A ``VerticalScroll`` whose keys and wheel steps each count (:class:`ScrollsAtOnce`): the
    help's and the comparison's box."""
