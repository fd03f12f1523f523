"""The status line: where the server listens and the exact counters."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widget import Widget

from ..language import AppLanguage
from ..session import Update
from ..strings import tr


class StatusLine(Widget, AppLanguage):
    """One line of fixed height; ``show`` redraws it only when something changed, and never
    asks for a new layout of the screen (counters change many times a second)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._last: tuple | None = None
        self._text = Text()
        self._short = Text()  # the line with a recording's shorter description

    def render(self) -> Text:
        """The line; for a recording too wide for the screen, the one with the shorter words."""
        return self._short if self._text.cell_len > self.size.width else self._text

    def apply_update(self, update: Update) -> None:
        """The line after ``update``: the server, the book's counters, the runs going on, and
        what the app's recording (if it shows one) says of itself."""
        book, replay = update.book, getattr(self.app, "replay", None)
        recording = replay.describe(self.lang) if replay is not None else None
        counts = (book.active, book.accepted, book.messages)
        self.show(update.listening, *counts, update.running, recording, update.stepping)

    def show(
        self,
        address: str | None,
        active: int,
        accepted: int,
        messages: int,
        running: int,
        recording: tuple[str, str, str] | None = None,
        stepping: bool = False,
    ) -> None:
        """The line for a live lab, or (``recording`` given: what comes before the counters, what
        after, and a shorter what-after for a narrow screen) for a recording and its replay;
        ``stepping`` puts step mode first."""
        state = (address, active, accepted, messages, running, recording, stepping)
        if state == self._last:
            return
        self._last = state
        text = Text(no_wrap=True, overflow="ellipsis")  # too narrow: cut with a sign
        if stepping:  # first, so that a narrow screen shows it too
            text.append(tr("status.step_mode", self.lang), style="bold reverse yellow")
            text.append(" ")
        if recording:
            text.append("● ", style="bold yellow")
            text.append(recording[0], style="bold")
        elif address:
            text.append("● ", style="bold green")
            text.append(tr("status.listening", self.lang, address=address), style="bold")
        else:
            text.append("● ", style="bold red")
            text.append(tr("status.stopped", self.lang), style="bold red")
        text.append("   ")
        text.append(tr("status.counters", self.lang, active=active, accepted=accepted, messages=messages))
        if running:
            text.append("   ")
            text.append(tr("status.runs", self.lang, running=running), style="yellow")
        self._text = self._short = text
        if recording:
            self._short = text.copy()
            self._short.append("  ")
            self._short.append(recording[2])
            text.append("   ")
            text.append(recording[1])
        self.refresh()
