"""A Log that keeps its newest lines in view, unless the reader has scrolled it back: then it says
how many new lines wait below."""

from __future__ import annotations

import re
import time
from collections import deque
from collections.abc import Iterable

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widgets import Log

from ..cells import wrap
from ..language import AppLanguage
from ..strings import tr
from .scrolls_at_once import ScrollsAtOnce

DRAW_PERIOD = 0.5  # seconds between two writes at most; lines in between are written together
TIME_CELLS = 8  # the time column: seconds, right-aligned, a blank before them up to 9999.999 s
WRAP_INDENT = TIME_CELLS + 1  # cells a wrapped line's continuation is indented by: past the time column
CONTINUES = "…"  # before a line's time on the top row: the row continues that line, begun above
TIME = re.compile(r" *(\d+\.\d+) ")  # a line's time, in the column the indent leaves blank


def time_column(t: float) -> str:
    """``t`` (seconds) as a line's time: ``   1.234``, `` 155.871``, always TIME_CELLS cells with
    a blank before the digits, so the lines' text starts in one column; from 1000 s on, a decimal
    fewer for each digit more (`` 1234.57``, `` 12345.7``)."""
    for decimals in (3, 2, 1):
        shown = f"{t:.{decimals}f}"
        if len(shown) < TIME_CELLS:
            return shown.rjust(TIME_CELLS)
    return f"{t:{TIME_CELLS}.0f}"


class FollowingLog(Log, AppLanguage, ScrollsAtOnce):
    """``add_lines`` writes plain text (never markup) and keeps the end in view while the view is
    at the end, focused or not. Scrolled back by the reader, the view holds: ``waiting`` is how
    many of the lines written since start below the view (or where it is heading), said under the
    pane (:meth:`show_waiting`); once the view heads for the end again (End, scrolling down, the
    scrollbar), it follows once more and nothing waits. What the border says is counted once per
    change of what it depends on (:meth:`border_inputs`), however many watchers and writes ask.

    Following, the view shows the start of the latest line (what happened) where that line has
    more rows than the pane: its first rows, the rest below. A pane may keep another line's
    start in view instead (:meth:`latest_back`).

    A line wider than the pane is wrapped on whole characters, its continuation indented past the
    time column, so nothing is cut without a sign. The items written are kept (as many as
    ``max_lines``) and wrapped again when the pane's width changes, so a narrower pane never cuts
    an old line and a wider one joins it up again.

    Each write that grows the log lays out the whole screen, so lines that arrive within
    ``DRAW_PERIOD`` of the last write wait and go in with the next one. What waits may be raw
    items that :meth:`format_line` turns into lines when written, so that a flood formats only the
    lines the log keeps.
    """

    WRAP_ROWS = 8  # rows a line wraps to at most, the last ending in "…": a megabyte line stops there

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._pending: list = []
        self._written_at = 0.0
        self._kept: deque[object] = deque(maxlen=self.max_lines)  # items written, newest last
        self._heads: list[str | None] = []  # a row of the log: its item's time if it continues one
        self._wrapped_at = 0  # the width the lines in the log are wrapped to
        self._latest = 0  # the first row of the line a following view keeps in sight
        self.following = True  # the view is at the end: new lines scroll into it
        self._new = 0  # lines written since the view held (the last ones in the log)
        self._lost = 0  # lines let go past ``max_lines`` (queued, kept or written), since a clear
        self._lost_rows = 0  # rows of the kept lines the log let go past ``max_lines`` since written
        self._placing = False  # the pane moves its own view (:meth:`_place`): not the reader
        self._writes = 0  # how many times the log's rows were written or cleared: what they are
        self._border_said: tuple[object, ...] | None = None  # border_inputs() when the border was said

    def on_mount(self) -> None:
        self.set_interval(DRAW_PERIOD, self.flush)

    def add_lines(self, lines: Iterable[object]) -> None:
        """Queue ``lines`` (text, or items :meth:`format_line` formats) for the next write."""
        pending = self._pending
        pending.extend(lines)
        if self.max_lines is not None and len(pending) > 2 * self.max_lines:
            self._lost += len(pending) - self.max_lines
            del pending[: -self.max_lines]  # would scroll out of the log as soon as written
        if time.monotonic() - self._written_at >= DRAW_PERIOD:
            self.flush()

    def format_line(self, item: object) -> str:
        """The line an item queued by :meth:`add_lines` is written as; text as it is."""
        return str(item)

    def lines_for(self, item: object, width: int) -> list[str]:
        """The rows an item is shown as in a pane ``width`` cells wide: its line, wrapped."""
        return wrap(self.format_line(item), width, WRAP_INDENT, self.WRAP_ROWS)

    def _wrap_width(self) -> int:
        """The width lines are wrapped to: the pane's, less the scrollbar more lines may bring."""
        return self.content_region.width - self.styles.scrollbar_size_vertical

    def flush(self) -> None:
        """Write the lines waiting, if any."""
        if not self._pending:
            return
        width = self._wrap_width()
        if width <= 0:  # not laid out yet: wrapped to the width it will have
            self.call_after_refresh(self.flush)
            return
        if width != self._wrapped_at:
            self._rewrap(width)
        items, self._pending = self._pending, []
        if self.max_lines is not None:
            self._lost += max(0, len(self._kept) + len(items) - self.max_lines)  # past the kept ones' cap
            items = items[-self.max_lines :]
        self._kept.extend(items)
        self._written_at = time.monotonic()
        before = self.line_count
        lines = self._write(items, width)
        if self.following:
            self.call_after_refresh(self.scroll_to_latest)
            self.call_after_refresh(self.show_waiting)  # lines under a line kept in view (latest_back)
            return
        dropped = before + len(lines) - self.line_count  # the oldest rows, let go past max_lines
        if dropped > 0:  # the rows in view moved up by as many: so does the view, to hold them
            self._place(max(0, round(self.scroll_y) - dropped))
        self._new += len(items)
        self.show_waiting()

    @property
    def dropped(self) -> bool:
        """Whether lines written since the last clear are no longer in the log (more than
        ``max_lines`` lines, or more than ``max_lines`` rows of the lines kept)."""
        return bool(self._lost or self._lost_rows)

    @property
    def waiting(self) -> int:
        """How many lines written since the view held start below it (0 while it follows)."""
        return 0 if self.following else self.lines_below(self._new)

    def lines_below(self, last: int) -> int:
        """How many of the ``last`` lines of the log start below the view, or below where it is
        heading (End, a page down: counted from where they take it, not from where the easing
        has got to); a line whose first row is in view is not below it."""
        if last <= 0:
            return 0
        heads = self._heads
        bottom = self._bottom()
        count = 0
        for row in range(len(heads) - 1, max(bottom, 0) - 1, -1):
            if heads[row] is None:
                count += 1
                if count == last:
                    break
        return count

    def _bottom(self) -> int:
        """The row under the view, or under where it is heading when that is further down."""
        return round(max(self.scroll_y, self.scroll_target_y)) + self.scrollable_content_region.height

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """The view moved: at the end (or where it is heading), it follows; up (the wheel, Home),
        short of it, it holds. A step down short of the end changes nothing: the steps of an
        easing sent to what was the end, which lines written meanwhile moved further, leave a
        following view following. What is said below the view is counted again."""
        super().watch_scroll_y(old_value, new_value)
        if not self._placing:
            self._heading(max(new_value, self.scroll_target_y), back=new_value < old_value)
        self.show_waiting()

    def watch_scroll_target_y(self, old_value: float, new_value: float) -> None:
        """The reader sent the view somewhere (End, PageDown, Home, the wheel, the scrollbar: an
        eased scroll that settles a second later): it follows the moment that is the end, and
        holds the moment the reader sends it back up, short of the end. A target further down
        but short of the end changes nothing: a following view still follows, a held one holds."""
        if not self._placing:
            self._heading(new_value, back=new_value < old_value)
        self.show_waiting()

    def latest_back(self) -> int:
        """Which line a following view keeps the start of in sight, counted back from the last
        written (0: the last one)."""
        return 0

    def _latest_row(self) -> int:
        """The first row of the line :meth:`latest_back` names (past the last row when its first
        was let go: the view follows to the end)."""
        back = self.latest_back()
        for row in range(len(self._heads) - 1, -1, -1):
            if self._heads[row] is None:
                if not back:
                    return row
                back -= 1
        return len(self._heads)

    def following_y(self) -> int:
        """Where a following view stands: at the end, or higher where the latest line (or the one
        :meth:`latest_back` names) would start above the view."""
        return min(self.max_scroll_y, self._latest)

    def scroll_to_latest(self) -> None:
        """Show the latest lines as a following view does (:meth:`following_y`), if the view
        still follows: called after a refresh, which an idle screen may draw only once the
        reader has scrolled back (the view then holds where the reader took it)."""
        if self.following:
            self._place(self.following_y())

    def _place(self, y: float) -> None:
        """Move the view to row ``y`` on the pane's own account: neither a hold nor a follow.
        Textual's steps on the way are not the reader's either: it first sets the target to
        where the view is (mid-way through an easing such as End's, above where the view
        follows to), then stops the easing at its end; read as the reader's, they made a
        following view hold, if only until the move ended."""
        self._placing = True
        try:
            self.scroll_to(y=y, animate=False)
        finally:
            self._placing = False

    def _heading(self, y: float, back: bool = False) -> None:
        """The view is at or on its way to row ``y``: at the end (or where a following view
        stands) it follows (nothing waits any more); short of it, sent ``back`` up by the reader,
        it holds, and the lines written from then on are new to it."""
        at_end = y >= self.following_y()
        if at_end != self.following and (at_end or back):
            self.following = at_end
            self._new = 0

    def waiting_lines(self) -> tuple[str, str]:
        """What is said under the pane of the lines waiting below the view, long and short (the
        count alone, without how to follow them); both "" when none. Counted once for both."""
        waiting = self.waiting
        if not waiting:
            return "", ""
        return tr("log.waiting", self.lang, count=waiting), tr("log.waiting_short", self.lang, count=waiting)

    def show_waiting(self) -> None:
        """Say under the pane what :meth:`border_text` says, if what it depends on
        (:meth:`border_inputs`) changed since it was last said: the watchers of a scroll move,
        each write and each resize ask, and the text is counted once."""
        inputs = self.border_inputs()
        if inputs != self._border_said:
            self._border_said = inputs
            self.border_subtitle = self.border_text()

    def border_inputs(self) -> tuple[object, ...]:
        """What :meth:`border_text` depends on: the rows written (a count of writes), the
        view's bottom row (where it is heading, if further down), whether it follows, the lines
        new to it, and the language. A pane that says more adds what that depends on."""
        return (self._writes, self._bottom(), self.following, self._new, self.lang)

    def border_text(self) -> str:
        """What is said under the pane: how many new lines wait below (a pane with more to say
        there overrides this, and :meth:`border_inputs` with it)."""
        return self.waiting_lines()[0]

    def action_scroll_home(self) -> None:
        """Home: the first line in view at once. Textual's eased scroll took about 1.5 s, the
        border saying all along what was below the view it was leaving."""
        self.scroll_home(animate=False, immediate=True)

    def action_scroll_end(self) -> None:
        """End: the end in view at once (where a following view stands), the border right."""
        self.scroll_end(animate=False, immediate=True)

    def on_resize(self) -> None:
        """Lines are wrapped again to a new width; a following view follows to its new place
        after any change of size: a pane that lost rows (a pane above it grew) has its end
        further down than the view stood."""
        width = self._wrap_width()
        if width > 0 and width != self._wrapped_at:
            self._rewrap(width)
        if self.following:
            self.call_after_refresh(self.scroll_to_latest)
        self.call_after_refresh(self.show_waiting)  # more or fewer rows: more or fewer lines below

    def _rewrap(self, width: int) -> None:
        """Write the kept items again, wrapped to ``width``; a view that follows still does."""
        self._wrapped_at = width
        if not self._kept:
            return
        following, new = self.following, self._new
        super().clear()
        self._heads.clear()
        self._lost_rows = 0  # the kept lines are written whole again, as far as the rows allow
        self._write(self._kept, width)
        self.following, self._new = following, new

    def _write(self, items: Iterable[object], width: int) -> list[str]:
        """Write ``items`` as their rows, wrapped to ``width``; returns the rows. Each row that
        continues an item is noted with the time its item's first row starts with."""
        lines: list[str] = []
        heads = self._heads
        for item in items:
            rows = self.lines_for(item, width)
            lines += rows
            heads.append(None)
            heads.extend([_stamp(rows[0])] * (len(rows) - 1))
        self.write_lines(lines, scroll_end=False)
        if len(heads) > len(self._lines):  # the oldest rows, let go past max_lines
            self._lost_rows += len(heads) - len(self._lines)
            del heads[: len(heads) - len(self._lines)]
        self._latest = self._latest_row()
        self._writes += 1  # last: a border said while the rows were written is said again
        return lines

    def render_line(self, y: int) -> Strip:
        """Row ``y`` of the view; the top row, when it continues a line whose start is above the
        view (a wrapped line, a message's bytes), says so in its indent, dim: ``…`` and that
        line's time in the time column (``…  0.868 handler-2)``), not to be read as a line's start."""
        strip = super().render_line(y)
        row = self.scroll_offset.y + y
        if y or self.scroll_offset.x or row >= len(self._heads) or (stamp := self._heads[row]) is None:
            return strip
        blank = len(self._lines[row]) - len(self._lines[row].lstrip(" "))
        room = min(blank, WRAP_INDENT) - 1  # a blank cell left before the row's own text
        if room < len(stamp) + 1:
            return strip
        dim = self.rich_style + Style(dim=True)
        return Strip([Segment(f"{CONTINUES}{stamp:>{room - 1}}", dim), *strip.crop(room)]).simplify()

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
        """The lines written, as whole lines (before wrapping), oldest first."""
        return [self.format_line(item) for item in self._kept]

    def clear(self) -> FollowingLog:
        self._pending.clear()
        self._kept.clear()
        self._heads.clear()
        self._latest = 0
        self.following, self._new = True, 0
        self._lost = self._lost_rows = 0
        self._writes += 1
        self.show_waiting()
        return super().clear()  # type: ignore[return-value]


def _stamp(row: str) -> str | None:
    """The time a line's first row starts with (``0.868`` of ``  0.868 client -> ...``), if any."""
    time_ = TIME.match(row[:WRAP_INDENT])
    return time_.group(1) if time_ else None
