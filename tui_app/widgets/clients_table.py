"""The "Messages per client" pane: one row per connection, updated in place.

A widget of its own on Textual's line API rather than a ``DataTable``: a storm changes hundreds of
rows a second, and a DataTable measures, stores and renders every cell of them through Rich
(30-80 ms for each redraw of the visible rows here). This one keeps the rows as connection keys,
turns a row into a line (a ``Strip``) only when it is on screen, and keeps that line until its
connection, its place under the cursor or its stripe changes. It looks like the DataTable it
replaces (same component classes, same styles) and is driven the same way: arrows, pages, home,
end and the mouse move the cursor; every move reports the connection under it. The table follows
a new run (its first client's row at the top, the cursor on it) unless the reader has it focused:
its title then says it stopped following and that ``End`` follows again (to the last row, and on
to each new run while the table keeps the focus). A table taking the focus with its cursor out of
view puts the cursor on the first row in view, so the row a key acts on is in sight.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable

from rich.cells import cell_len
from rich.color import Color
from rich.segment import Segment, Segments
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBarRender
from textual.strip import Strip
from textual.widget import Widget

from server_core import printable

from ..cells import fit
from ..connections import Changes, Connection, ConnectionBook
from ..session import Update
from ..strings import TEXTS, cut_message, tr, why
from .following_log import DRAW_PERIOD  # the panes redraw on one schedule
from .rows_below import RowsBelow
from .scrolls_at_once import ScrollsAtOnce

COLUMNS = ("id", "state", "sent", "got", "server", "address")
STATE = COLUMNS.index("state")
TEXT = ("sent", "got")  # the messages: they share the room the other columns leave
CUT = ("state", "sent", "got", "address")  # the columns cut when the pane is narrow; a name never is
MIN_TEXT = 5  # cells of sent and got at the least before another column is cut: two wide characters and "…"
MIN_CUT = 3  # cells of a column at the least: a character and its "…"
MAX_TEXT = 48
READABLE = 12  # cells of sent and got below which the address column is left out (the conversation names it)
STATE_READABLE = 2 * READABLE  # cells of a cut state below which the address is left out, for the state
NARROW = tuple(key for key in COLUMNS if key != "address")  # the columns of a pane too narrow for them all
PADDING = 1  # blank cells on each side of a cell
SAYS_NOTHING = ("", "-")  # a cell with no message or no server number: a state may run on over it
CELL_CHARS = 200  # characters of a message kept in a cell (the conversation pane has it all)

HEADER = "datatable--header"
EVEN = "datatable--even-row"
ODD = "datatable--odd-row"
CURSOR = "datatable--cursor"


class ClientsTable(ScrollView, RowsBelow, ScrollsAtOnce, can_focus=True):
    """Shows :class:`Connection`s; text from the network is shown literally (never markup)."""

    COMPONENT_CLASSES = {HEADER, EVEN, ODD, CURSOR}
    SAYS_ROWS_ABOVE = True  # an earlier run's rows above the view: the bar alone did not show them
    DEFAULT_CSS = """
    ClientsTable {
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
            & > .datatable--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .datatable--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .datatable--even-row {
            background: $surface-darken-1 40%;
        }
        & > .datatable--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .datatable--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .datatable--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .datatable--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """
    BINDINGS = [
        Binding("up", "cursor(-1)", show=False),
        Binding("down", "cursor(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "cursor_to(0)", show=False),
        Binding("end", "cursor_to(-1)", show=False),
    ]

    class Highlighted(Message):
        """The cursor is on another connection's row (``key`` None: the table is empty)."""

        def __init__(self, key: int | None) -> None:
            super().__init__()
            self.key = key

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.cursor_row = 0
        self._keys: list[int] = []  # connection keys in row order
        self._shown: dict[int, Connection] = {}  # the connection of each row, kept until its row goes
        self._held = dict.fromkeys(COLUMNS, 0)  # cells of the widest cell each column holds
        self._measured: dict[int, tuple[int, ...]] = {}  # a row's key -> its cells' widths
        self._counts = {key: Counter[int]() for key in COLUMNS}  # a column's widths: rows of each
        self._state_of: dict[int, str] = {}  # a row's key -> its state's text
        self._states = Counter[str]()  # the states' texts: rows of each (a few: closed, error: ...)
        self._widths = {key: MIN_TEXT for key in COLUMNS}  # the columns shown, as laid out (on_resize)
        self._lines: dict[int, tuple[tuple, Strip]] = {}  # key -> (how it was drawn, its line)
        self._header: tuple[tuple, Strip] | None = None
        self._pending = Changes()
        self._drawn_at = 0.0
        self._announced: int | None = None
        self._top: int | None = None  # a row kept at the top of the pane as rows come (a new run)
        self._follow: int | None = None  # a new run's first connection, its row awaited at the top
        self._dropped: tuple[int, int, bool] = (0, 0, False)  # rows shown, connections seen, gaps: as said
        self._end = False  # End was the reader's last move: new runs are followed with the focus here

    def on_mount(self) -> None:
        """Start the redraw timer and size the table."""
        self.set_interval(DRAW_PERIOD, self.draw)
        self._resize_table()
        self.refresh(layout=True)  # the header's row: the pane's height before any row comes

    # -- what the rows hold --------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """How many connections the table shows (the header not counted)."""
        return len(self._keys)

    def apply(self, changes: Changes) -> None:
        """Take ``changes`` to the connections; drawn now, or merged and drawn within DRAW_PERIOD."""
        self._pending.merge(changes)
        if time.monotonic() - self._drawn_at >= DRAW_PERIOD:
            self.draw()

    def draw(self) -> None:
        """Add, update and remove rows as the changes taken since the last draw say; only the
        lines of changed rows are drawn again, when they are on screen."""
        changes, self._pending = self._pending, Changes()
        if not changes:
            return
        self._drawn_at = time.monotonic()
        lines = self._lines
        if changes.removed:
            highlighted = self.highlighted_key()
            gone = set(changes.removed)
            self._keys = [key for key in self._keys if key not in gone]
            for key in gone:
                del self._shown[key]
            if highlighted is not None and highlighted not in gone:
                self.cursor_row = self._keys.index(highlighted)
            lines.clear()  # the rows moved: their stripes changed
        for key in changes.updated:
            lines.pop(key, None)
        for conn in changes.added:
            self._shown[conn.key] = conn
            self._keys.append(conn.key)
        shown = self._shown
        changed = [*changes.added, *(shown[key] for key in changes.updated if key in shown)]
        self._measure(changed, changes.removed)
        if changes.removed:
            self._top = None  # the rows moved
        if changes.added or changes.removed:
            self.cursor_row = max(0, min(self.cursor_row, len(self._keys) - 1))
            self._resize_table()
            self._scroll_to_top()  # a run's rows that come after its first stay in view with it
        self.refresh()
        self._announce()

    def apply_update(self, update: Update) -> None:
        """Take the update's changes; put the cursor (and so the conversation) on a new run's
        first client once its row is drawn, unless the reader is moving the cursor here."""
        self.apply(update.changes)
        self._say_dropped(update.book)
        if update.follow is not None:
            self._follow = update.follow
        key = self._follow
        if key is not None and key in self._shown and self.following:
            self._follow = None
            self.show_from(self._keys.index(key))

    def _say_dropped(self, book: ConnectionBook) -> None:
        """Say on the border how many of the connections seen the rows show, once the book has
        dropped some (``2,000 of 8,005 connections shown: the oldest finished are dropped``), and
        beside the rows above and below whether rows between kept ones are dropped."""
        said = (len(book.connections), book.seen, book.gaps) if book.dropped else (0, 0, False)
        if said == self._dropped:
            return
        self._dropped = said
        self._say_title()
        self.tell_rows_again()

    @property
    def following(self) -> bool:
        """Whether a new run's first row is brought to the top: unless the reader has the table
        focused (a click, Tab, the arrows), and for that reader again after ``End``."""
        return not self.has_focus or self._end

    def _say_title(self) -> None:
        """The border's title: the pane's name, or how many rows it shows of the connections
        seen, in a shorter form where the longer would be cut (at 80 columns); after it, while
        the table does not follow new runs, that it does not and that ``End`` follows again
        (``Messages per client · not following: End``), the pane's name left out where
        both would be cut."""
        shown, seen, _ = self._dropped
        counts = {"shown": f"{shown:,}", "seen": f"{seen:,}"}
        cue = "" if self.following else tr("pane.clients_not_following", self.lang)
        keys = ("pane.clients_dropped", "pane.clients_dropped_short") if seen else ("pane.clients",)
        names = [tr(key, self.lang, **counts) for key in keys]
        room = self.size.width - 4  # the corners and a blank each side
        titles = [" · ".join(filter(None, (name, cue))) for name in names]
        self.border_title = next((title for title in titles if cell_len(title) <= room), cue or titles[-1])

    def on_focus(self) -> None:
        """Say that the table stops following new runs while it has the focus; bring the cursor
        into view if it is not (the first row in view)."""
        top, visible = round(self.scroll_y), self._visible_rows()
        if self._keys and not top <= self.cursor_row < top + visible:
            self.move_cursor(min(top, len(self._keys) - 1))
        self.call_later(self._say_title)  # once Textual's own handler has set has_focus

    def on_blur(self) -> None:
        """Follow new runs again, and say so by the title's going back to the pane's name."""
        self._end = False
        self.call_later(self._say_title)

    def _moved_by_reader(self, end: bool) -> None:
        """The reader moved the cursor: to the last row (``end``: follow new runs again) or not."""
        if end != self._end:
            self._end = end
            self._say_title()

    def say_rows_below(self, said: str) -> None:
        """The rows above and below the view, after ``rows between dropped`` where that is so."""
        gaps = tr("pane.clients_gaps", self.lang) if self._dropped[2] else ""
        super().say_rows_below("  ".join(part for part in (gaps, said) if part))

    def first_row_of_run(self, run: int) -> int | None:
        """The row of run ``run``'s first client drawn so far, or None."""
        shown = self._shown
        return next((row for row, key in enumerate(self._keys) if shown[key].run == run), None)

    def highlighted_key(self) -> int | None:
        """The connection key of the row under the cursor, if any."""
        return self._keys[self.cursor_row] if self._keys else None

    def get_row_at(self, row: int) -> list[Text]:
        """The cells of row ``row`` (0 is the first connection)."""
        return list(self.cells(self._shown[self._keys[row]]))

    def cells(self, conn: Connection) -> tuple[Text, ...]:
        """The cells of ``conn``'s row, one per column of ``COLUMNS``; network text shown literally."""
        cells = {
            "id": Text(who(conn, self.lang)),
            "state": state_text(conn, self.lang),
            "sent": Text(_counted(conn.sent, conn.last_sent, self.lang, conn.unfinished)),
            "got": Text(_counted(conn.got, conn.last_got, self.lang)),
            "server": Text(f"#{conn.number}" if conn.number is not None else "-"),
            "address": Text(conn.address or "-"),
        }
        return tuple(cells[key] for key in COLUMNS)

    # -- the cursor ------------------------------------------------------------------------------

    def move_cursor(self, row: int) -> None:
        """Put the cursor on row ``row`` (kept within the rows) and scroll it into view."""
        self._top = None
        self.cursor_row = max(0, min(row, len(self._keys) - 1))
        self._scroll_to_cursor()
        self.refresh()
        self._announce()

    def show_from(self, row: int) -> None:
        """Put the cursor on ``row`` and scroll it to the top of the pane, so the rows after it
        (a new run's other clients) are in view as well, as far as the pane holds them."""
        self.move_cursor(row)
        self._top = self.cursor_row
        self._scroll_to_top()

    def _scroll_to_top(self) -> None:
        if self._top is not None:  # once the new rows count in the scrollable size
            self.call_after_refresh(self.scroll_to, y=self._top, animate=False)

    def action_cursor(self, step: int) -> None:
        """Move the cursor ``step`` rows down (up when negative)."""
        self._moved_by_reader(end=False)
        self.move_cursor(self.cursor_row + step)

    def action_page(self, direction: int) -> None:
        """Move the cursor a screenful of rows down (``direction`` 1) or up (-1)."""
        self._moved_by_reader(end=False)
        self.move_cursor(self.cursor_row + direction * max(1, self._visible_rows() - 1))

    def action_cursor_to(self, row: int) -> None:
        """Put the cursor on row ``row``; -1 is the last row, and new runs followed from then on."""
        self._moved_by_reader(end=row < 0)
        self.move_cursor(row if row >= 0 else len(self._keys) - 1)

    def on_click(self, event: events.Click) -> None:
        """Put the cursor on the clicked row (a click on the header does nothing)."""
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return  # the header
        row = int(self.scroll_y) + offset.y - 1
        if row < len(self._keys):
            self._moved_by_reader(end=False)
            self.move_cursor(row)

    def _visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self) -> None:
        top, visible = int(self.scroll_y), self._visible_rows()
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False)

    def _announce(self) -> None:
        """Report the connection under the cursor when it is another one than last reported."""
        key = self.highlighted_key()
        if key != self._announced:
            self._announced = key
            self.post_message(self.Highlighted(key))

    # -- size ------------------------------------------------------------------------------------

    def _measure(self, conns: list[Connection], gone: Iterable[int] = ()) -> None:
        """Note the widths of ``conns``' cells and forget those of the rows ``gone``; when the
        widest cell of a column changed (a state such as ``error: no route``, ``outside``,
        an IPv6 address came or went), lay the columns out again."""
        measured, counts = self._measured, self._counts
        cut_states = False  # a state the state column cuts came or went: its blanks may differ
        for key in gone:
            for column, width in zip(COLUMNS, measured.pop(key, ()), strict=False):
                counts[column][width] -= 1
            cut_states |= self._count_state(self._state_of.pop(key, None), -1)
        for conn in conns:
            cells = self.cells(conn)
            state = cells[STATE].plain
            if self._state_of.get(conn.key) != state:
                cut_states |= self._count_state(self._state_of.get(conn.key), -1)
                cut_states |= self._count_state(state, 1)
                self._state_of[conn.key] = state
            widths = tuple(
                cell_len(cell.plain[: MAX_TEXT + 1]) if column in TEXT else cell.cell_len
                for column, cell in zip(COLUMNS, cells, strict=True)
            )
            if runs_on(cells):  # its state takes the row's room, not its column's
                widths = (*widths[:STATE], 0, *widths[STATE + 1 :])
            before = measured.get(conn.key)
            if widths == before:
                continue
            measured[conn.key] = widths
            for column, old, new in zip(COLUMNS, before or (None,) * len(COLUMNS), widths, strict=True):
                if old is not None:
                    counts[column][old] -= 1
                counts[column][new] += 1
        held = {column: max(+counts[column], default=0) for column in COLUMNS}  # +: rows left
        if held != self._held or cut_states:
            self._held = held
            self.on_resize()

    def _count_state(self, text: str | None, step: int) -> bool:
        """Count one row more (``step`` 1) or less (-1) in state ``text`` (None: no row);
        whether a text the state column cuts came or went."""
        if text is None:
            return False
        states = self._states
        states[text] += step
        if states[text] <= 0:
            del states[text]
        elif states[text] != 1 or step < 0:
            return False
        return cell_len(text) > self._widths.get("state", 0)

    def on_resize(self, event: events.Resize | None = None) -> None:
        """Lay the columns out in the pane's width (:meth:`_lay_out`): all but the address when
        only leaving it out keeps every header whole (held clients read ``sta…  se…  got…``
        beside a whole address); else all of them where the messages keep READABLE cells each
        (or all they hold), a cut state STATE_READABLE, and no other cell is cut, or leaving the
        address out would not spare it (a header may then be cut); else all but the address
        (NARROW: at 80 columns the messages had 3 cells, the address ``127.0…``, and the
        conversation's title names the highlighted row's address); a pane too narrow for those at
        their least (50 columns) leaves out the server, then the messages, from the right, whole,
        rather than scroll sideways. The blanks a state cut after
        a word leaves go to the messages (:meth:`_spare_word_cut`). A new size of the pane
        (``event``: step mode on or off, a resize; None: a column's widest cell changed) keeps
        a followed run's first row at the top, its rows in view, as its launch put them; else
        the highlighted row in view: a shorter pane would hide a low one."""
        if event is not None:
            self._say_title()
        held = {key: max(self._held[key], cell_len(tr(f"col.{key}", self.lang))) for key in COLUMNS}
        room = self.scrollable_content_region.width
        widths, narrow = self._lay_out(COLUMNS, held, room), self._lay_out(NARROW, held, room)

        def whole(laid: dict[str, int], wants: dict[str, int]) -> bool:  # none cut but the messages
            return all(laid[key] >= wants[key] for key in laid if key not in TEXT)

        def readable(laid: dict[str, int], wants: dict[str, int]) -> bool:
            state = laid["state"] >= min(self._held["state"], STATE_READABLE)
            return state and all(laid[key] >= min(wants[key], READABLE) for key in TEXT)

        def fits(laid: dict[str, int], wants: dict[str, int]) -> bool:
            return whole(laid, wants) and readable(laid, wants)

        cells = self._held  # what the rows hold, the headers left out
        if fits(widths, held) or not fits(narrow, held):  # the address stays unless it cuts a header
            kept = (whole(widths, cells) or not whole(narrow, cells)) and readable(widths, cells)
            chosen = widths if fits(widths, held) or kept else narrow
        else:
            chosen = narrow
        for keep in range(len(NARROW) - 1, 1, -1):  # too narrow still: the last columns left out
            if _table_width(chosen) <= room:
                break
            chosen = self._lay_out(NARROW[:keep], held, room)
        self._widths = self._spare_word_cut(chosen)
        self._lines.clear()
        self._header = None
        self._resize_table()
        self.refresh()
        if event is not None:
            self.call_after_refresh(self._scroll_to_top if self._top is not None else self._scroll_to_cursor)

    def watch_show_vertical_scrollbar(self, shown: bool) -> None:
        """The bar came or went with rows, the pane's size unchanged: the columns are laid out
        again in the room it leaves (the last column ran on under it, at 80x24 in step mode)."""
        self.call_after_refresh(self.on_resize)

    def _lay_out(self, columns: tuple[str, ...], held: dict[str, int], room: int) -> dict[str, int]:
        """The cells of each of ``columns`` in ``room`` cells: each as wide as the widest cell it
        ``held`` (its header's included), sent and got sharing what the others leave (MIN_TEXT to
        MAX_TEXT each, or as much as they hold; a cut one first). Every column stays in view: when
        that is too wide, sent and got are cut down to READABLE (or what they hold: ``add 10``
        stays whole) first, then a header wider than what its column holds (``got back`` over
        no reply yet), then the state and the address down to READABLE (a long error's words
        after its first), then sent and got down to MIN_TEXT, then the widest cells of the CUT
        columns, each only as far as the pane needs, with its "…", never at the pane's edge;
        the names (id and server) are never cut. Only a pane too narrow for them and the
        others at MIN_CUT scrolls."""
        widths = {key: min(held[key], MAX_TEXT) if key in TEXT else held[key] for key in columns}
        spare = room - 2 * PADDING * len(columns) - sum(widths.values())
        cut = tuple(key for key in CUT if key in widths)
        text = tuple(key for key in TEXT if key in widths)  # sent and got, as far as shown
        others = tuple(key for key in cut if key not in TEXT)  # the state, the address
        steps = (
            (text, {key: max(MIN_TEXT, min(self._held[key], READABLE)) for key in text}),
            (cut, {key: max(self._held[key], MIN_CUT) for key in cut}),  # headers before cells
            (others, {key: max(MIN_CUT, min(self._held[key], READABLE)) for key in others}),
            (text, dict.fromkeys(text, MIN_TEXT)),
            (cut, dict.fromkeys(cut, MIN_CUT)),
        )
        for keys, least in steps:
            if spare < 0:
                spare += _narrow(widths, keys, -spare, least)
        _widen(widths, text or others, spare, MAX_TEXT, held)
        return widths

    def _spare_word_cut(self, widths: dict[str, int]) -> dict[str, int]:
        """``widths`` with the cells a state cut after a whole word leaves blank in every row
        (``error: bad request: invalid literal for…`` and four blanks) given to the messages,
        so no column holds blanks while a message beside it is cut."""
        width = widths["state"]
        if self._held["state"] <= width:
            return widths
        header = cell_len(tr("col.state", self.lang))
        used = max((cell_len(fit(text, width, words=True).rstrip()) for text in self._states), default=width)
        used = max(used, min(header, width), MIN_CUT)
        if used >= width:
            return widths
        spared = {**widths, "state": used}
        text = tuple(key for key in TEXT if key in widths)
        if not text:  # a pane that shows no message: the state keeps its blanks
            return widths
        wants = {key: max(self._held[key], cell_len(tr(f"col.{key}", self.lang))) for key in text}
        _widen(spared, text, width - used, MAX_TEXT, wants)  # a cut message or header first
        given = sum(spared[key] - widths[key] for key in text)
        spared["state"] += width - used - given  # what the messages could not take stays
        return spared

    def _resize_table(self) -> None:
        """The table's size in cells: its columns' widths, its rows and the header. The pane's
        height is its rows' (app.tcss, up to a share of the screen): a change of rows lays the
        screen out again, unless the pane stays short of the rows before and after."""
        size = Size(_table_width(self._widths), len(self._keys) + 1)
        if size == self.virtual_size:
            return
        shown = self.scrollable_content_region.height
        if size.height != self.virtual_size.height and min(size.height, self.virtual_size.height) <= shown:
            self.refresh(layout=True)  # more or fewer rows to show: the other panes give or take them
        self.virtual_size = size

    def _arrange_scrollbars(self, region: Region) -> Iterable[tuple[Widget, Region]]:
        """Textual's scrollbars, the vertical one beside the rows alone: the header does not
        scroll, so a bar beside it too (as a DataTable's is) put the thumb on the header row."""
        for bar, bar_region in super()._arrange_scrollbars(region):
            if bar is self.vertical_scrollbar:
                self._fit_bar()
                bar_region = bar_region.shrink(Spacing(1, 0, 0, 0))
            yield bar, bar_region

    def _scroll_update(self, virtual_size: Size) -> None:
        """Textual sizes the bar's thumb for the whole pane when the pane's size changes: it
        is sized for the rows again."""
        super()._scroll_update(virtual_size)
        self._fit_bar()

    def _fit_bar(self) -> None:
        """Size the vertical bar's thumb for the rows: all of them against those in view."""
        bar = self.vertical_scrollbar
        bar.renderer = WholeCellBar  # type: ignore[misc]  # Textual's documented per-bar renderer
        bar.window_virtual_size = len(self._keys)
        bar.window_size = self._visible_rows()

    def notify_style_update(self) -> None:
        """Forget the drawn lines when the styles change, so they are drawn again in the new ones."""
        super().notify_style_update()
        self._lines.clear()  # focus, theme
        self._header = None

    # -- drawing ---------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the pane: the header on top, then the rows scrolled to."""
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        room = self.scrollable_content_region.width  # the cells left of the bar: a state runs on to there
        if y == 0:
            line = self._header_line(width)  # on to the border: the bar is beside the rows alone
        else:
            row = scroll_y + y - 1
            if row >= len(self._keys):
                return Strip.blank(width, self.rich_style)
            line = self._row_line(row, room)
        return line.crop_extend(scroll_x, scroll_x + width, self.rich_style)

    def _header_line(self, width: int) -> Strip:
        signature = (width, self.has_focus)
        if self._header is None or self._header[0] != signature:
            style = self.get_component_styles(HEADER).rich_style
            labels = [Text(tr(f"col.{key}", self.lang)) for key in COLUMNS]
            self._header = (signature, self._line(labels, style, None, width))
        return self._header[1]

    def _row_line(self, row: int, width: int) -> Strip:
        key = self._keys[row]
        cursor = row == self.cursor_row
        signature = (width, row % 2, cursor, self.has_focus)
        drawn = self._lines.get(key)
        if drawn is None or drawn[0] != signature:
            style = self.get_component_styles(ODD if row % 2 else EVEN).rich_style
            cursor_style = self.get_component_styles(CURSOR).rich_style if cursor else None
            drawn = self._lines[key] = (
                signature,
                self._line(self.cells(self._shown[key]), style, cursor_style, width),
            )
        return drawn[1]

    def _line(
        self, cells: list[Text] | tuple[Text, ...], row: Style, cursor: Style | None, width: int
    ) -> Strip:
        """One row as a line: each cell padded and cut to its column, the rest in the row's style.

        Under the cursor, the cursor's style goes over the row's and its colour over the cell's
        own (as in a DataTable)."""
        base = row + cursor if cursor is not None else row
        over = Style(color=cursor.color) if cursor is not None and cursor.color else None
        pad = " " * PADDING
        segments = []
        widths = self._widths
        shown = [(key, cell) for key, cell in zip(COLUMNS, cells, strict=True) if key in widths]
        used = _table_width(widths)
        spanned = _spans(shown, widths, max(0, width - used))
        last = next(reversed(spanned))
        for key, cell in shown:
            if key not in spanned:
                continue  # an empty cell a state beside it runs over
            style = base + cell.style if isinstance(cell.style, Style) else base + Style.parse(cell.style)
            if over is not None:
                style += over
            room, after = spanned[key], pad
            ends = key == last != shown[-1][0]  # a state run on to the row's end
            if ends and cell_len(cell.plain) > room:
                room, after = room + PADDING, ""  # the row's last blank too
            text = pad + fit(cell.plain, room, words=key == "state") + after  # an error's words whole
            segments.append(Segment(text, style))
        used += sum(spanned.values()) - sum(widths.values())  # a state run on to the row's end
        if width > used:
            segments.append(Segment(" " * (width - used), base))
        return Strip(segments).simplify()


TRACK, THUMB = Color.parse("#555555"), Color.parse("bright_magenta")  # Textual's bar's defaults


class WholeCellBar(ScrollBarRender):
    """A scrollbar whose thumb fills whole cells: on the first at the top, on the last at the
    end, as many as the rows in view are of all. Textual's eighth-cell glyph at a thumb's inner
    end reads on a screen as the thumb itself, a row or two from the end it is at."""

    @classmethod
    def render_bar(
        cls,
        size: int = 25,
        virtual_size: float = 50,
        window_size: float = 20,
        position: float = 0,
        thickness: int = 1,
        vertical: bool = True,
        back_color: Color = TRACK,
        bar_color: Color = THUMB,
    ) -> Segments:
        """Textual's bar (cells ``size``, rows ``virtual_size``, of which ``window_size`` are
        in view from row ``position``) with the thumb's size and start rounded to whole cells."""
        if window_size and size > 1 and virtual_size > window_size:
            thumb = min(size - 1, max(1, round(size * window_size / virtual_size)))
            start = round(position / (virtual_size - window_size) * (size - thumb))
            start = max(0, min(start, size - thumb))
            # at twice the cells, Textual's thumb is ``thumb`` cells from cell ``start``, no glyph
            virtual_size, window_size, position = 2 * size, 2 * thumb, 2 * start
        return super().render_bar(
            size, virtual_size, window_size, position, thickness, vertical, back_color, bar_color
        )


def who(conn: Connection, lang: str) -> str:
    """``r2.3`` for the third client of run 2; ``outside`` for a client the app did not launch
    (its number, ``#233``, is the server's: the server column and the conversation's title say it)."""
    if conn.launched:
        return f"r{conn.run}.{conn.client}"
    return tr("who.outside", lang)


def state_text(conn: Connection, lang: str) -> Text:
    """``conn``'s state in ``lang``, styled; an error shows its message literally."""
    if conn.state == "error":
        return Text(tr("state.error", lang, text=printable(why(conn.error or "", lang))), style="bold red")
    style = "dim" if conn.state == "closed" else ("yellow" if conn.state == "waiting" else "")
    key = f"state.{conn.state}"
    return Text(tr(key, lang) if key in TEXTS else conn.state, style=style)



def _spans(shown: list[tuple[str, Text]], widths: dict[str, int], beyond: int) -> dict[str, int]:
    """The cells each of a row's ``shown`` cells (key, text) takes: its column's ``widths``; a
    state wider than its column runs on over the cells right of it that say nothing (no message,
    no server number: ``-``), those cells left out, and, run on to the last, over the ``beyond``
    blank cells the columns leave at the row's end: an error before anything was sent read
    ``error:…`` beside two blank columns."""
    spanned: dict[str, int] = {}
    runs_on: str | None = None  # the state running over the cells after it
    for key, cell in shown:
        if runs_on is not None and cell.plain in SAYS_NOTHING:
            spanned[runs_on] += widths[key] + 2 * PADDING
            continue
        runs_on = key if key == "state" and cell_len(cell.plain) > widths[key] else None
        spanned[key] = widths[key]
    if runs_on is not None:
        spanned[runs_on] += beyond
    return spanned


def runs_on(cells: tuple[Text, ...]) -> bool:
    """Whether a row's state may run on to the row's end (:func:`_spans`): every cell after it
    (``cells`` in :data:`COLUMNS` order) says nothing."""
    return all(cell.plain in SAYS_NOTHING for cell in cells[STATE + 1 :])


def _table_width(widths: dict[str, int]) -> int:
    """The cells the columns of ``widths`` take, with their padding."""
    return sum(widths.values()) + 2 * PADDING * len(widths)


def _narrow(widths: dict[str, int], keys: tuple[str, ...], cut: int, least: dict[str, int]) -> int:
    """Take up to ``cut`` cells from the ``keys`` columns of ``widths``, a cell at a time from
    the widest, none below its ``least``; returns the cells taken."""
    taken = 0
    while taken < cut:
        above = [key for key in keys if widths[key] > least[key]]
        if not above:
            break
        widths[max(above, key=widths.__getitem__)] -= 1
        taken += 1
    return taken


def _widen(
    widths: dict[str, int], keys: tuple[str, ...], spare: int, most: int, held: dict[str, int]
) -> None:
    """Give up to ``spare`` cells to the ``keys`` columns of ``widths``, a cell at a time to the
    narrowest of those narrower than what they hold (``held``: a cut message first), then to the
    narrowest, none beyond ``most``."""
    for _ in range(max(0, spare)):
        wanting = [key for key in keys if widths[key] < min(held[key], most)]
        narrowest = min(wanting or keys, key=widths.__getitem__)
        if widths[narrowest] >= most:
            break
        widths[narrowest] += 1


def _counted(count: int, last: str, lang: str, unfinished: str = "") -> str:
    """A messages cell: the latest of ``count`` messages, after its number from the second on
    (``msg 7: hi``), and the start of a character it left ``unfinished`` said as such."""
    if not count:
        return ""
    text = printable(last[:CELL_CHARS])  # a cell shows a few dozen; measuring a megabyte costs
    text = cut_message(text, lang, unfinished=unfinished) if unfinished else text
    return text if count == 1 else tr("cell.counted", lang, count=count, text=text)
