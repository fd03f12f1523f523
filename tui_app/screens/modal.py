"""The base of the app's modal screens: the app's keys do not reach a modal screen, so the keys
every screen shares are bound here once."""

from __future__ import annotations

from typing import TypeVar

from rich.style import Style
from textual.binding import Binding
from textual.screen import ModalScreen

from ..language import AppLanguage
from ..strings import localize_bindings
from .whole_characters import keep_wide_characters

ResultType = TypeVar("ResultType")


class LabModalScreen(ModalScreen[ResultType], AppLanguage):
    """A modal screen on which ``q`` quits, ``?`` opens the help and ``^p`` the palette, as on the
    main screen.

    The bindings are not priority ones: a focused field takes the characters typed into it, so
    typing a ``q`` there quits nothing. A subclass may bind the same keys to its own actions
    (the help screen closes itself with ``?``). A subclass yields a :class:`FittingFooter`: the
    footer then shows the screen's own keys in the app's language.
    """

    BINDINGS = [
        Binding("q", "app.quit", "quit", id="quit", key_display="q"),
        Binding("question_mark", "app.help", "help", id="help", key_display="?"),
        # The app's palette key (a priority one) opens the palette here too; bound again only so
        # that the footer, which lists the keys of this screen alone, shows it as on every screen.
        Binding("ctrl+p", "app.command_palette", "palette", id="command_palette", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        keep_wide_characters(self)

    def on_mount(self) -> None:
        localize_bindings(self._bindings, self.lang)


def entry_click(name: str) -> Style:
    """The style that makes a click on a menu entry run ``name`` with the screen's ``run``
    action, as the entry's number key does."""
    return Style(meta={"@click": f"screen.run({name!r})"})
