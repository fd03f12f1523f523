"""A Log that keeps its newest lines in view, unless the reader has focused it to scroll back."""

from __future__ import annotations

from collections.abc import Iterable

from textual.widgets import Log


class FollowingLog(Log):
    """``add_lines`` writes plain text (never markup) and shows the end while unfocused."""

    def add_lines(self, lines: Iterable[str]) -> None:
        self.write_lines(lines, scroll_end=False)
        if not self.has_focus:
            self.call_after_refresh(self.scroll_end, animate=False, x_axis=False)
