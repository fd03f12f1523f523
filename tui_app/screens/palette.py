"""Textual's command palette, its "no matches" line in the app's language."""

from __future__ import annotations

from typing import Any

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option


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
