"""A Log that keeps its newest lines in view, unless the reader has focused it to scroll back."""

from __future__ import annotations

import time
from collections.abc import Iterable

from rich.cells import cell_len
from textual.widgets import Log

from ..cells import wrap

DRAW_PERIOD = 0.5  # seconds between two writes at most; lines in between are written together
WRAP_INDENT = 8  # cells a wrapped line's continuation is indented by: past the time column


class FollowingLog(Log):
    """``add_lines`` writes plain text (never markup) and shows the end while unfocused.

    A line wider than the pane is wrapped on whole characters when written, its continuation
    indented past the time column, so nothing is cut without a sign.

    Each write that grows the log lays out the whole screen, so lines that arrive within
    ``DRAW_PERIOD`` of the last write wait and go in with the next one. What waits may be raw
    items that :meth:`format_line` turns into lines when written, so that a flood formats only the
    lines the log keeps.
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._pending: list = []
        self._written_at = 0.0

    def on_mount(self) -> None:
        self.set_interval(DRAW_PERIOD, self.flush)

    def add_lines(self, lines: Iterable[object]) -> None:
        """Queue ``lines`` (text, or items :meth:`format_line` formats) for the next write."""
        pending = self._pending
        pending.extend(lines)
        if self.max_lines is not None and len(pending) > 2 * self.max_lines:
            del pending[: -self.max_lines]  # would scroll out of the log as soon as written
        if time.monotonic() - self._written_at >= DRAW_PERIOD:
            self.flush()

    def format_line(self, item: object) -> str:
        """The line an item queued by :meth:`add_lines` is written as; text as it is."""
        return str(item)

    def flush(self) -> None:
        """Write the lines waiting, if any."""
        if not self._pending:
            return
        width = self.scrollable_content_region.width
        if not self.show_vertical_scrollbar:  # leave room for the scrollbar that more lines bring
            width -= self.styles.scrollbar_size_vertical
        if width <= 0:  # not laid out yet: wrapped to the width it will have
            self.call_after_refresh(self.flush)
            return
        items, self._pending = self._pending, []
        if self.max_lines is not None:
            items = items[-self.max_lines :]
        lines = [part for item in items for part in wrap(self.format_line(item), width, WRAP_INDENT)]
        self._written_at = time.monotonic()
        self.write_lines(lines, scroll_end=False)
        if not self.has_focus:
            self.call_after_refresh(self.scroll_end, animate=False, x_axis=False)

    def _update_size(self, updates: int, lines: list[str]) -> None:  # type: ignore[override]
        """Measure the new lines here, on the UI thread.

        Textual's Log measures them in a thread worker that then waits for the UI thread to take
        the result; a write shortly before quitting ends in a traceback (NoActiveAppError), and
        the app keeps network-side threads from ever waiting on the UI. The lines come a few
        hundred at a time: measuring them is cheap.
        """
        if lines:
            self._update_maximum_width(updates, max(cell_len(self._process_line(line)) for line in lines))

    def logical_lines(self) -> list[str]:
        """The lines as written, before wrapping: each continuation joined to its line by a space
        (where the wrap broke a word or Chinese text, that space was not there)."""
        joined: list[str] = []
        for line in self.lines:
            if joined and line.startswith(" " * WRAP_INDENT) and line[WRAP_INDENT:WRAP_INDENT + 1] != " ":
                joined[-1] += " " + line[WRAP_INDENT:]
            else:
                joined.append(line)
        return joined

    def clear(self) -> FollowingLog:
        self._pending.clear()
        return super().clear()  # type: ignore[return-value]
