"""Textual's command palette: its "no matches" line in the app's language, and the app's commands
found by their name in the app's language or in English, shown in the app's language only."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.align import Align
from rich.text import Text
from textual.app import SystemCommand
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option


class NamedCommands(Provider):
    """The app's commands (Textual's system commands among them), each a hit when the search
    matches its title or its English name; only the title is shown. The app gives them, each
    with its English name, from ``named_commands(screen)``."""

    def _named(self) -> Iterable[tuple[SystemCommand, str]]:
        return self.app.named_commands(self.screen)  # type: ignore[attr-defined, no-any-return]

    async def discover(self) -> Hits:
        """Every command meant to be listed before anything is typed, by title."""
        for command, _ in sorted(self._named(), key=lambda named: named[0].title):
            if command.discover:
                yield DiscoveryHit(command.title, command.callback, help=command.help)

    async def search(self, query: str) -> Hits:
        """The commands whose title or English name matches ``query``, scored by the better of
        the two; the title is highlighted where it is what matched."""
        matcher = self.matcher(query)
        for command, english in self._named():
            shown = matcher.match(command.title)
            score = max(shown, matcher.match(english))
            if score > 0:
                display = matcher.highlight(command.title) if shown > 0 else command.title
                yield Hit(score, display, command.callback, text=command.title, help=command.help)


class LabPalette(CommandPalette):
    """A :class:`CommandPalette` that says ``no_matches`` when a search finds nothing (Textual
    says "No matches found" in English whatever the app's language)."""

    def __init__(self, no_matches: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.no_matches = no_matches

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """As Textual's: after a short wait, a search that found nothing says so; an empty
        search (browsing the commands) says nothing."""
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                said = Align.center(Text(self.no_matches, style="not bold"))
                self.query_one(CommandList).add_option(Option(said, disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
