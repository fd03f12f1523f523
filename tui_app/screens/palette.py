"""Textual's command palette: its "no matches" line in the app's language, the app's commands
found by their name in the app's language or in English, shown in the app's language only, and
each entry broken into lines as the app's panes break theirs.

Textual breaks an entry's text only at a space: a Chinese sentence, which has none, goes whole to
the next line (the line before it half empty) or is folded at the edge, before a closing mark if
that is where the edge falls, and a quotation such as “add ten” is parted at its space.
:class:`Folded` breaks it by :func:`tui_app.wrapping.breaks` at the width the list gives it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rich.align import Align
from rich.text import Text
from textual.app import SystemCommand
from textual.command import Command, CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets.option_list import Option

from ..wrapping import breaks

# Added to a hit's fuzzy score (letters in order anywhere; Textual's scores reach about 20) when
# what was typed is whole in its title or English name, or else in its description: an entry
# that says the word ranks above one whose words only hold its letters ("deposit" found both
# deadlock exhibits first)
WHOLE, DESCRIBED = 2_000.0, 1_000.0


def says(text: str, query: str) -> bool:
    """Whether ``text`` holds ``query`` whole, ignoring case; where ``query`` begins with a Latin
    letter or digit, at the start of a word ("lock" is in "two locks", not in "blocking")."""
    query = query.strip().casefold()
    if not query:
        return False
    start = r"(?<![a-z0-9])" if query[0].isascii() and query[0].isalnum() else ""
    return re.search(start + re.escape(query), text.casefold()) is not None


class NamedCommands(Provider):
    """The app's commands (Textual's system commands among them), each a hit when the search
    matches its title or its English name, or its description (the line under its title) holds
    what was typed, as typed; only the title is shown. The app gives them, each with its English
    name, from ``named_commands(screen)``."""

    def _named(self) -> Iterable[tuple[SystemCommand, str]]:
        return self.app.named_commands(self.screen)  # type: ignore[attr-defined, no-any-return]

    async def discover(self) -> Hits:
        """Every command meant to be listed before anything is typed, in the order given (the
        screen's own keys first)."""
        for command, _ in self._named():
            if command.discover:
                yield DiscoveryHit(command.title, command.callback, help=command.help)

    async def search(self, query: str) -> Hits:
        """The commands whose title or English name matches ``query`` (its letters in order),
        or whose description holds it whole (加锁 finds 锁, "launch N clients, lock-ordered"): a
        word the entry shows finds it, where letters in order across a sentence would find most.
        Ranked: ``query`` whole in the title or English name first, then whole in the
        description, then the others; within each, by the better fuzzy score of title and
        English name. The title is highlighted where it is what matched."""
        matcher = self.matcher(query)
        for command, english in self._named():
            shown = matcher.match(command.title)
            score = max(shown, matcher.match(english))
            if says(command.title, query) or says(english, query):
                score += WHOLE
            elif says(command.help or "", query):
                score += DESCRIBED
            if score > 0:
                display = matcher.highlight(command.title) if shown > 0 else command.title
                yield Hit(score, display, command.callback, text=command.title, help=command.help)


class Folded(Visual):
    """A palette entry (its title, its help under it: a :class:`Content` of lines) drawn in lines
    of the width it is given, broken by :func:`tui_app.wrapping.breaks` (between Chinese
    characters, at spaces, never before a closing mark nor inside a number with its unit or a
    quotation that fits), each line's styles kept. A line that fits is left as it is."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._folded: tuple[int, Content] | None = None  # the last width asked for and its lines

    def __str__(self) -> str:
        return self.content.plain

    def at(self, width: int) -> Content:
        """The entry broken into lines of at most ``width`` cells."""
        if self._folded is None or self._folded[0] != width:
            pieces = [
                piece.rstrip()
                for line in self.content.split("\n", allow_blank=True)
                for piece in line.divide(breaks(line.plain, width))
            ]
            self._folded = width, Content("\n").join(pieces)
        return self._folded[1]

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self.at(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.at(width).get_height(rules, width)


class LabPalette(CommandPalette):
    """A :class:`CommandPalette` that says ``no_matches`` when a search finds nothing (Textual
    says "No matches found" in English whatever the app's language)."""

    def __init__(self, no_matches: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.no_matches = no_matches

    def _refresh_command_list(
        self, command_list: CommandList, commands: list[Command], clear_current: bool
    ) -> None:
        """As Textual's, each entry drawn :class:`Folded` (once: a search's later batches list the
        entries of the earlier ones again)."""
        for command in commands:
            if isinstance(command.prompt, Content):
                command._set_prompt(Folded(command.prompt))
        super()._refresh_command_list(command_list, commands, clear_current)

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
