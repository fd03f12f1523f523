"""The status line: where the server listens and the exact counters.

The line is made of parts (the step-mode badge, the server, a comparison in progress, a long run,
each counter, the runs going, a recording's description), each in one to three forms, longest
first (a third only where the second does not fit even alone). Of the forms of the line that fit
the screen, it shows the fullest: the most parts, then the widest gaps (three cells, two, one),
then the most cells of words, then the earlier parts the longer. A part is never cut: the last
ones are left out whole and ``…`` says so, so that no address, counter or run length reads as
another one. Every gap between two parts (``…`` too) is as wide as every other, one cell at the
least.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import Any

from rich.text import Text
from textual.widget import Widget

from server_core import SERVER

from ..lab_control import LabControl
from ..language import AppLanguage
from ..session import Update
from ..strings import tr

ELLIPSIS = "…"
GAPS = (3, 2, 1)  # cells between two parts of the line, widest first: parts are left out before less

Forms = tuple[Text, ...]  # one part of the line in its forms, the longest first


@dataclass(frozen=True)
class Parts:
    """The parts of one status line, in order: ``lead`` (the step-mode badge, the server's
    state) and ``items`` (a comparison in progress, a long run, counters, runs going, a
    recording's description), each a tuple of its forms, the longest first."""

    lead: tuple[Forms, ...]
    items: tuple[Forms, ...]

    def line(self, forms: tuple[int, ...], gap: int) -> Text:
        """The first ``len(forms)`` parts, part ``i`` in its form ``forms[i]`` (0: the longest),
        ``gap`` cells between any two, and ``…`` after them when parts are left out."""
        every = (*self.lead, *self.items)
        pieces = [every[i][form] for i, form in enumerate(forms)]
        if len(forms) < len(every):
            pieces.append(Text(ELLIPSIS))
        text = Text(" " * gap).join(pieces)
        text.no_wrap = True
        return text

    def fitted(self, width: int) -> Text:
        """The fullest form of the line no wider than ``width`` cells (see the module's doc);
        an empty line where not even ``…`` fits."""
        every = (*self.lead, *self.items)
        cells = [_resorts(tuple(form.cell_len for form in forms), width) for forms in every]
        for shown in range(len(every), -1, -1):
            left_out = shown < len(every)
            for gap in GAPS:
                room = width - gap * max(0, shown + left_out - 1) - left_out * len(ELLIPSIS)
                forms = _fullest(cells[:shown], room)
                if forms is not None:
                    return self.line(forms, gap)
        return Text()


def _resorts(cells: tuple[int, ...], width: int) -> tuple[int, ...]:
    """The widths of the forms a part may take in ``width`` cells: its long and short forms, and
    those after them (``STEP MODE paused``) only where the short one does not fit even alone
    with ``…``, so that a narrow screen (80 columns) says as much of the part as it can."""
    return cells if cells[1:2] and cells[1] + 1 + len(ELLIPSIS) > width else cells[:2]


def _fullest(cells: list[tuple[int, ...]], room: int) -> tuple[int, ...] | None:
    """Which form of each part (``cells``: each part's forms' widths, the longest first) says
    the most in ``room`` cells at the most, the earlier parts the longer among equals, as the
    forms' indexes; None: not even the shortest fit."""

    def said(forms: tuple[int, ...]) -> int:
        return sum(part[form] for part, form in zip(cells, forms, strict=True))

    every = product(*(range(len(part)) for part in cells))  # the earlier parts longer first
    return max((forms for forms in every if said(forms) <= room), key=said, default=None)


def _one(text: Text) -> Forms:
    return (text,)


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

    @property
    def parts(self) -> Parts:
        """What the line is made of, as last shown."""
        return self._parts

    def render(self) -> Text:
        """The line, in the fullest form that fits the screen's width."""
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
        lead: list[Forms] = []
        if stepping and step_paused:  # first, so that a narrow screen shows it too
            keys = ("status.step_paused", "status.step_paused_short", "status.step_paused_least")
            lead.append(tuple(Text(tr(key, lang), style="bold yellow") for key in keys))
        elif stepping:
            lead.append(_one(Text(tr("status.step_mode", lang), style="bold reverse yellow")))
        if recording:
            lead.append(_one(_dot("bold yellow", recording[0], "bold")))
        elif address:
            said, short = tr("status.listening", lang, address=address), address
            lead.append((_dot("bold green", said, "bold"), _dot("bold green", short, "bold")))
        elif starting:
            said, short = tr("status.starting", lang, address=starting), tr("status.starting_short", lang)
            lead.append((_dot("bold yellow", said, "bold"), _dot("bold yellow", short, "bold")))
        else:
            lead.append(_one(_dot("bold red", tr("status.stopped", lang), "bold red")))
        key = "status.counters_unseen" if unseen else "status.counters"
        counters = tr(key, lang, active=active, accepted=accepted, messages=messages)
        items: list[Forms] = [_one(Text(counter.strip())) for counter in counters.split("  ")]
        if long is not None:  # first: a narrow screen leaves out the counters before it
            values = {"run": long[0], "seconds": f"{long[1]:,.0f}"}
            said, short = tr("status.long_run", lang, **values), tr("status.long_run_short", lang, **values)
            items.insert(0, (Text(said, style="bold yellow"), Text(short, style="bold yellow")))
        if running:
            items.append(_one(Text(tr("status.runs", lang, running=running), style="yellow")))
        if comparing:  # first of the items: a narrow line leaves counters out before it
            said = tr("status.comparing", lang, run=comparing[0], total=comparing[1])
            items.insert(0, _one(Text(said, style="yellow")))
        if recording:
            items.append((Text(recording[1]), Text(recording[2])))
        self._parts = Parts(tuple(lead), tuple(items))
        self.refresh()
