"""A screen's list of entries with the chosen entry's account under it: the list stays in view,
the account scrolls (the experiments and exhibits screens)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static


class ListAndAccount(Vertical):
    """A box titled ``title`` (id ``#{kind}s``): the list ``menu`` (``#{kind}-menu``) at its top,
    and under it the account (``#{kind}-account``, filled by the screen) in a scroll of its own
    (``#{kind}-scroll``), whose keys (arrows, Page Up/Down, Home, End) and wheel move the account
    alone. A long account, an outcome at its end, never scrolls the list out of view."""

    def __init__(self, kind: str, title: str, menu: Text) -> None:
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
