"""A screen's list of entries with the chosen entry's account under it: the list stays in view,
the account scrolls (the experiments and exhibits screens)."""

from __future__ import annotations

import re
from typing import cast

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from ..wrapping import CONTINUATION, Wrapped, wrap
from .following_log import CONTINUES
from .rows_below import RowsBelow
from .scrolls_at_once import ScrollsAtOnce

NUMBER = Style(bold=True, reverse=True)  # an entry's number, the key that runs it
Entry = tuple[str, Style]  # a list entry's title and its style
ROOMY_ROWS = 18  # a box with fewer rows than this puts the keys note at the account's head
_SUBTITLE = re.compile(r": |：")  # where a title's name ends and what it shows begins


class ListAndAccount(Vertical):
    """A box titled ``title`` (id ``#{kind}s``): the list ``menu`` (``#{kind}-menu``) at its top,
    and under it the account (``#{kind}-account``, filled by the screen) in a scroll of its own
    (``#{kind}-scroll``), whose keys (arrows, Page Up/Down, Home, End) and wheel move the account
    alone, the box's bottom border saying how many rows are above and below the view. A long
    account, an outcome at its end, never scrolls the list out of view. In a box of fewer than
    :data:`ROOMY_ROWS` rows the menu's keys note (``1-4 run one, ...``) heads the account
    (``#{kind}-keys``) instead of standing under the list: at 50x20 it took three of the
    account's ten rows there."""

    def __init__(self, kind: str, title: str, menu: EntryList) -> None:
        super().__init__(id=f"{kind}s")
        self.border_title = title
        self._kind = kind
        self._menu = menu

    def compose(self) -> ComposeResult:
        yield Static(self._menu, id=f"{self._kind}-menu")
        with AccountScroll(id=f"{self._kind}-scroll"):
            yield Static("", id=f"{self._kind}-keys", classes="list-keys")
            yield Static("", id=f"{self._kind}-account")

    def on_resize(self) -> None:
        self.call_after_refresh(self.show_menu, self._menu)  # laid out anew once this resize is done

    def show_menu(self, menu: EntryList) -> None:
        """Show ``menu`` as the list, its keys note under it, or at the account's head in a short box."""
        self._menu = menu
        short = 0 < self.content_region.height < ROOMY_ROWS and bool(menu.keys)
        self.query_one(f"#{self._kind}-menu", Static).update(menu.without_keys() if short else menu)
        keys = self.query_one(f"#{self._kind}-keys", Static)
        keys.display = short
        keys.update(Wrapped(Text(menu.keys, style="dim")) if short else "")

    def show_end(self) -> None:
        """Scroll the account to its end (the outcome comes last) once the account just
        updated is laid out; the list stays where it is."""
        scroll = self.query_one(f"#{self._kind}-scroll", VerticalScroll)
        self.call_after_refresh(scroll.scroll_end, animate=False)


class AccountScroll(VerticalScroll, RowsBelow, ScrollsAtOnce):
    """The account's scroll, which says on the bottom border of the box around it how many of its
    rows are above and below the view (``more above: 12 rows  more below: 30 rows``): at 50x20 the
    account has six rows of an exhibit's fifty, and nothing said there were more. Its top row,
    when it goes on with a paragraph begun above the view (a row :data:`CONTINUED` marks), says
    so with ``…`` in the blank cell left of it (the box's margin, this scroll's padding), as the
    panes' top rows do in their time column."""

    SAYS_ROWS_ABOVE = True

    def on_mount(self) -> None:
        self.watch(self, "scroll_y", self._redraw, init=False)  # a watch_ method is not called here

    def _redraw(self) -> None:
        """Another row at the top: its mark drawn again."""
        self.refresh()

    def say_rows_below(self, said: str) -> None:
        if self.parent is not None:
            cast(Widget, self.parent).border_subtitle = said

    def render_lines(self, crop: Region) -> list[Strip]:
        """The scroll's own rows (its padding; its children are drawn over the rest), the first
        with ``…`` in its first cell where the top row in view continues a paragraph."""
        strips = super().render_lines(crop)
        if crop.y == 0 and crop.x == 0 and strips and crop.width and self.top_row_continues():
            mark = Strip([Segment(CONTINUES, self.rich_style)], 1)
            strips[0] = Strip.join([mark, strips[0].crop(1)])
        return strips

    def top_row_continues(self) -> bool:
        """Whether the row at the top of the view goes on with a line above it (:data:`CONTINUED`)."""
        top = round(self.scroll_y)
        for child in self.displayed_children:
            region = child.virtual_region
            if region.y <= top < region.bottom:
                row = child.render_line(top - region.y - child.styles.gutter.top)
                return any(segment.style and segment.style.meta.get(CONTINUATION) for segment in row)
        return False


class EntryList:
    """A screen's numbered entries and the lines after them, as a Rich renderable that fits the
    width it is given: each entry ``(title, style)`` is its number in reverse (``" 1 "``), a
    blank, and its title, on one line; where the whole title is too wide, its name (the part
    before its colon: ``SO_REUSEADDR``; the account under the list heads with the whole title),
    and where even that is too wide, the name wrapped under its text, never under the number.
    Each of ``notes`` ``(text, style)`` follows, wrapped. So six entries take six lines at 50
    columns and leave the screen's rows to the account. ``keys`` (the screen's keys in words) is the
    last note, dim."""

    def __init__(self, entries: list[Entry], notes: list[tuple[str, str | Style]], keys: str = "") -> None:
        self.entries, self.notes, self.keys = entries, notes, keys

    def without_keys(self) -> EntryList:
        """The same list without its keys note."""
        return EntryList(self.entries, self.notes)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        shown = Text()
        for number, (whole, style) in enumerate(self.entries, 1):
            chip = f" {number} "
            lead = cell_len(chip) + 1
            title = whole if lead + cell_len(whole) <= width else _SUBTITLE.split(whole, maxsplit=1)[0]
            entry = Text.assemble((chip, NUMBER + style), (f" {title}", style))
            shown.append_text(wrap(entry, width, lead))
            shown.append("\n")
        for note, look in [*self.notes, *([(self.keys, "dim")] if self.keys else [])]:
            shown.append_text(wrap(Text(note, style=look), width))
            shown.append("\n")
        yield shown  # its last line end leaves a blank row between the list and the account

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)
