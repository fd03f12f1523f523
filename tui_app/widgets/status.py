"""The status line: where the server listens and the exact counters.

A line too wide for the screen is made shorter in steps, each losing less than the next: the
address without "listening on" (the green dot says it), a recording's shorter description,
narrower gaps; then the last counters are left out whole and ``…`` says so. Every gap between
two parts (the step-mode badge, the server, each counter, ``…``) is as wide as every other,
one cell at the least. A counter's label is never cut from its number, nor a wide character in
half.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.widget import Widget

from server_core import SERVER

from ..lab_control import LabControl
from ..language import AppLanguage
from ..session import Update
from ..strings import tr

ELLIPSIS = "…"
MIN_GAP = 1  # cells between two parts of the line at the least: parts are left out before it is less


@dataclass(frozen=True)
class Parts:
    """The pieces of one status line: ``lead`` (the step-mode badge and the server's state, each
    in a long and a short form) and ``items`` (a comparison in progress, counters, runs going, a
    recording's description), each in a long and a short form, shown in order and left out
    from the end."""

    lead: tuple[tuple[Text, Text], ...]
    items: tuple[tuple[Text, Text], ...]

    def line(self, short: bool, gap: int, items: int | None = None) -> Text:
        """The line in the short or long forms, ``gap`` cells between any two parts (the lead's,
        the items, and ``…`` after the first ``items`` items when some are left out; all items
        when None)."""
        shown = self.items if items is None else self.items[:items]
        parts = [pair[short] for pair in (*self.lead, *shown)]
        if len(shown) < len(self.items):
            parts.append(Text(ELLIPSIS))
        text = Text(" " * gap).join(parts)
        text.no_wrap, text.overflow = True, "ellipsis"
        return text

    def fitted(self, width: int) -> Text:
        """The longest form of the line that fits in ``width`` cells (see the module's doc): the
        long forms, gaps of three cells then two; the short forms, gaps of two then one; then,
        gaps of one cell, items left out from the end."""
        for short, gap in ((False, 3), (False, 2), (True, 2), (True, MIN_GAP)):
            line = self.line(short, gap)
            if line.cell_len <= width:
                return line
        for count in range(len(self.items) - 1, -1, -1):
            line = self.line(True, MIN_GAP, count)
            if line.cell_len <= width:
                return line
        line.truncate(width, overflow="ellipsis")  # not even the lead fits: cut, with its sign
        return line


def _same(text: Text) -> tuple[Text, Text]:
    return text, text


def _dot(colour: str, words: str, style: str) -> Text:
    """A coloured dot (the server's state) and ``words`` in ``style``."""
    return Text.assemble(("● ", colour), (words, style))


class StatusLine(Widget, AppLanguage):
    """One line of fixed height; ``show`` redraws it only when something changed, and never
    asks for a new layout of the screen (counters change many times a second)."""

    def __init__(self, lab: LabControl | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lab = lab  # whose step_paused says whether step mode is paused (after a g)
        self._last: tuple | None = None
        self._parts = Parts((), ())

    def render(self) -> Text:
        """The line, in the longest form that fits the screen's width."""
        return self._parts.fitted(self.size.width)

    def apply_update(self, update: Update) -> None:
        """The line after ``update``: the server, the book's counters, the runs going on, and
        what the app's recording (if it shows one) says of itself."""
        book, replay = update.book, getattr(self.app, "replay", None)
        recording = replay.describe(self.lang) if replay is not None else None
        unseen = replay is not None and SERVER not in replay.recording.sides  # the clients' side alone
        counts = (book.active, book.accepted, book.sent if unseen else book.messages)
        stepping, paused = update.stepping, self.lab is not None and self.lab.step_paused
        lead = (update.listening, *counts, update.running, recording, stepping, unseen, paused)
        self.show(
            *lead,
            starting=update.starting,
            comparing=self._comparing(update),
            long=update.long_run if replay is None else None,  # no key stops a recording's run
        )

    def _comparing(self, update: Update) -> tuple[int, int] | None:
        """(the run a comparison in progress is at, how many it runs), or None: none in progress.
        Its next run, taken from the plan in ``update``, is launched after the panes have it."""
        plan = getattr(getattr(self.app, "session", None), "comparison", None)
        if plan is None:
            return None
        launched = len(plan.runs) + (update.launch is not None)
        return max(1, launched), launched + len(plan.pending)

    def show(
        self,
        address: str | None,
        active: int,
        accepted: int,
        messages: int,
        running: int,
        recording: tuple[str, str, str] | None = None,
        stepping: bool = False,
        unseen: bool = False,
        step_paused: bool = False,
        starting: str | None = None,
        comparing: tuple[int, int] | None = None,
        long: tuple[int, float] | None = None,
    ) -> None:
        """The line for a live lab, or (``recording`` given: what comes before the counters, what
        after, and a shorter what-after for a narrow screen) for a recording and its replay;
        ``stepping`` puts step mode first, said as paused until the next launch with
        ``step_paused``. ``unseen``: a recording without the server's side, whose accepts are
        unknown (``—``) and whose ``messages`` are the ones its clients sent, said as such.
        ``starting``: the ``host:port`` a server is being started on while none listens.
        ``comparing``: (the run it is at, its runs) of a comparison in progress, said until it ends.
        ``long``: a long run going on (its number, its seconds), said first among the items
        with the key that stops it."""
        counts = (active, accepted, messages, running)
        state = (address, starting, counts, recording, stepping, unseen, step_paused, comparing, long)
        if state == self._last:
            return
        self._last = state
        lang = self.lang
        lead: list[tuple[Text, Text]] = []
        if stepping and step_paused:  # first, so that a narrow screen shows it too
            said, short = tr("status.step_paused", lang), tr("status.step_paused_short", lang)
            lead.append((Text(said, style="bold yellow"), Text(short, style="bold yellow")))
        elif stepping:
            lead.append(_same(Text(tr("status.step_mode", lang), style="bold reverse yellow")))
        if recording:
            lead.append(_same(_dot("bold yellow", recording[0], "bold")))
        elif address:
            said, short = tr("status.listening", lang, address=address), address
            lead.append((_dot("bold green", said, "bold"), _dot("bold green", short, "bold")))
        elif starting:
            said, short = tr("status.starting", lang, address=starting), tr("status.starting_short", lang)
            lead.append((_dot("bold yellow", said, "bold"), _dot("bold yellow", short, "bold")))
        else:
            lead.append(_same(_dot("bold red", tr("status.stopped", lang), "bold red")))
        key = "status.counters_unseen" if unseen else "status.counters"
        counters = tr(key, lang, active=active, accepted=accepted, messages=messages)
        items = [_same(Text(counter.strip())) for counter in counters.split("  ")]
        if long is not None:  # first: a narrow screen leaves out the counters before it
            values = {"run": long[0], "seconds": f"{long[1]:,.0f}"}
            said, short = tr("status.long_run", lang, **values), tr("status.long_run_short", lang, **values)
            items.insert(0, (Text(said, style="bold yellow"), Text(short, style="bold yellow")))
        if running:
            items.append(_same(Text(tr("status.runs", lang, running=running), style="yellow")))
        if comparing:  # first of the items: a narrow line leaves counters out before it
            said = tr("status.comparing", lang, run=comparing[0], total=comparing[1])
            items.insert(0, _same(Text(said, style="yellow")))
        if recording:
            items.append((Text(recording[1]), Text(recording[2])))
        self._parts = Parts(tuple(lead), tuple(items))
        self.refresh()
