"""A screen's list of entries with the chosen entry's account under it: the list stays in view,
the account scrolls (the experiments and exhibits screens)."""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from ..wrapping import wrap

NUMBER = Style(bold=True, reverse=True)  # an entry's number, the key that runs it
_SUBTITLE = re.compile(r": |：")  # where a title's name ends and what it shows begins


class ListAndAccount(Vertical):
    """A box titled ``title`` (id ``#{kind}s``): the list ``menu`` (``#{kind}-menu``) at its top,
    and under it the account (``#{kind}-account``, filled by the screen) in a scroll of its own
    (``#{kind}-scroll``), whose keys (arrows, Page Up/Down, Home, End) and wheel move the account
    alone. A long account, an outcome at its end, never scrolls the list out of view."""

    def __init__(self, kind: str, title: str, menu: RenderableType) -> None:
        super().__init__(id=f"{kind}s")
        self.border_title = title
        self._kind = kind
        self._menu = menu

    def compose(self) -> ComposeResult:
        yield Static(self._menu, id=f"{self._kind}-menu")
        with VerticalScroll(id=f"{self._kind}-scroll"):
            yield Static("", id=f"{self._kind}-account")

    def show_end(self) -> None:
        """Scroll the account to its end (the outcome comes last) once the account just
        updated is laid out; the list stays where it is."""
        scroll = self.query_one(f"#{self._kind}-scroll", VerticalScroll)
        self.call_after_refresh(scroll.scroll_end, animate=False)


class EntryList:
    """A screen's numbered entries and the lines after them, as a Rich renderable that fits the
    width it is given: each entry ``(title, style)`` is its number in reverse (``" 1 "``), a
    blank, and its title, on one line; where the whole title is too wide, its name (the part
    before its colon: ``SO_REUSEADDR``; the account under the list heads with the whole title),
    and where even that is too wide, the name wrapped under its text, never under the number.
    Each of ``notes`` ``(text, style)`` follows, wrapped. So six entries take six lines at 50
    columns and leave the screen's rows to the account."""

    def __init__(self, entries: list[tuple[str, Style]], notes: list[tuple[str, str | Style]]) -> None:
        self.entries, self.notes = entries, notes

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
        for note, look in self.notes:
            shown.append_text(wrap(Text(note, style=look), width))
            shown.append("\n")
        yield shown  # its last line end leaves a blank row between the list and the account

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)
