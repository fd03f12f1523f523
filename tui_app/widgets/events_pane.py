"""The "Connection events" pane: accepts, disconnects and errors, one line each, capped."""

from __future__ import annotations

import bisect
import itertools
import math
import operator
from dataclasses import dataclass, field

from rich.cells import cell_len

from server_core import CLIENT, SERVER, Event, Kind, RunSummary
from server_core.handler_threads import LINGER

from ..cells import wrap
from ..choices import value_name
from ..connections import Connection, ConnectionBook
from ..session import Update
from ..strings import describe, tr
from ..verdict import summary_and_verdict
from .following_log import WRAP_INDENT, FollowingLog, time_column

MAX_LINES = 2000
SHOWN = {SERVER: {"listening", "accepted", "refused", "disconnected", "error", "stopped"}, CLIENT: {"error"}}
SUMMARY_ROWS = 8  # rows a run's summary takes at most at 80x24, as a pane's line (FollowingLog.WRAP_ROWS)
SUMMARY_WIDTH = 49  # the cells the events pane wraps a line to at 80x24
CLOSE_LAG = 0.25  # seconds after a run's end its summary waits for its server's closes (and stays in view)


@dataclass(frozen=True, slots=True)
class RunEnd:
    """A finished run's line in the pane: its time (seconds) and its text, time column first."""

    t: float
    text: str

    def __str__(self) -> str:
        return self.text

    def at(self, t: float) -> RunEnd:
        """The line stamped ``t`` (a later close it waited for), its text after the time kept."""
        return RunEnd(t, time_column(t) + self.text[len(time_column(self.t)) :])


@dataclass(slots=True)
class EndWaiting:
    """A finished run's line waiting for its server's closes: ``place`` ``(t, rank)`` among the
    lines (right after the run's ``finished`` event, then after each close of one of ``conns``,
    the run's connections the server accepted, that came later); ``until`` the time (seconds,
    as the events') past which it waits no more."""

    line: RunEnd
    place: tuple[float, float]
    conns: tuple[Connection, ...]
    until: float
    numbers: frozenset[int] = field(init=False)  # the server's accept numbers of ``conns``

    def __post_init__(self) -> None:
        self.numbers = frozenset(conn.number for conn in self.conns if conn.number is not None)

    def placed(self) -> RunEnd:
        """The line as it goes in: stamped with the time of the last close it waited for, when
        later than the run's end, so the pane's times never go back."""
        return self.line.at(self.place[0]) if self.place[0] > self.line.t else self.line

    def due(self, settled: float) -> bool:
        """Whether the line goes in: the server closed each of its run's connections, or every
        event before ``until`` has been shown (``settled``)."""
        return settled >= self.until or not any(conn.server_open for conn in self.conns)


@dataclass(frozen=True, slots=True)
class HandlerReused:
    """The pane's line that a run's handler thread served a second connection: its time
    (seconds) and its text, time column first."""

    t: float
    text: str

    def __str__(self) -> str:
        return self.text


class EventsPane(FollowingLog):
    """Writes each batch of events at once, in time order; ``note`` adds the app's own lines, each
    in its place among the events by its time.

    A line waits until every event before it has been shown: events of a child process reach
    the bus up to a batch period after they happened (``server_core.processes.settled``), so in
    step mode with the server still in its child, a client's event of the app's process may be
    on the bus before the server's earlier ones. The app sets :attr:`settled` before each drain,
    the time before which every event is queued then; the lines of an update (its events, the
    end of each run it finished, the notes) at or before it and before its last event's time go
    in by ``(t, seq)``, a note after the events of its time, a run's end right after its
    ``finished`` event; the later ones wait for an update that shows the events before them (an
    update without events: the queue is empty; the app hands one out at the end of a drain while
    lines wait).

    A run's summary comes after every event of its run: the server's process sees a close after
    the client that made it finished, so the summary waits (at most ``CLOSE_LAG`` seconds of the
    events' time) for the server's close of each of the run's connections, and goes in after the
    last (``#2 closed``, ``#3 closed``, then the summary, even when all three have one time).

    The latest run's summary stays in view while only its server's closes (``#3 disconnected``)
    and its stop, within ``CLOSE_LAG`` of the run's end, came after it: the server's process sees
    a close after the client that made it finished, and a recording ends with the server's stop,
    so at 80x24 those lines pushed the summary out of the pane.
    They stay below it, in their true order (:meth:`latest_back`).

    A line taller than the pane (a run's summary at 80x24, the verdict at its end) shows its
    start: the border says how many rows of it are below the view (``more below: 3 rows``), which
    the reader scrolls to (↓, End) while the view keeps following.

    Once a run, the first time a server's close names a handler thread that closed another
    connection since the run began (a lock-ordered run: one or two threads for every connection),
    a line under that close says when the server reuses a waiting handler thread and when it
    starts a new one, so nobody reads it as one thread serving them all, nor a new thread as a
    waiting one passed over: in full the first time (at most four rows at 80x24; it names nothing
    the app has no control for), then in one row that says it on its own
    (``handler-1 reused (waits 2 s after a close)``).
    """

    WRAP_ROWS = 24  # a run's summary in a narrow pane (step mode) is read whole

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_lines=MAX_LINES, auto_scroll=True, **kwargs)
        self._accept: tuple[str | None, int] | None = None
        self._held: list[tuple[float, float, object]] = []  # (t, rank, line) not yet written, in order
        self._ends: list[EndWaiting] = []  # finished runs' lines waiting for their server's closes
        self.settled = 0.0  # every event before this time has been queued for this pane
        self.untimed: str | None = None  # a replay's: the app's own lines carry it in place of a time
        self._run: int | None = None  # the latest run a client event came from
        self._handlers: set[str] | None = set()  # the handlers that closed one of its connections; None: said
        self._reuse_explained = False  # the reuse's whole note said: later runs get its one-row form
        self._dropped_said = False  # where the rows the clients table drops are kept: said once

    def apply_update(self, update: Update) -> None:
        """The batch's events this pane shows, each finished run's summary and verdict (at the
        time of the run's end, in its place among the events), and under the pane the polling
        accept's count."""
        done = {
            run: self._done_line(run, summary, update.ended_at[run], run in update.stopped)
            for run, summary in update.finished
        }
        shown = update.batch[-1].t if update.batch else self.settled
        waiting = len(self._ends)
        self.show(update.batch, done, shown, _accepted(update.book, done))
        if done:  # a recording's runs ended without a finished event
            self._hold([(update.ended_at[run], AFTER, said) for run, said in done.items()], shown)
        if update.finished or len(self._ends) < waiting:
            self.flush()  # the answer to a run the user launched: written at once
        book = update.book
        if book.dropped and not self._dropped_said:  # the table's border says how many, this where all are
            self._dropped_said = True
            self.note_in_place(tr("note.rows_dropped", self.lang, limit=f"{book.limit:,}"), shown)
        self.show_accept(book.accept_mode if update.listening is not None else None, book.nobody_waiting)

    def _done_line(self, run: int, summary: RunSummary, t: float, stopped: bool) -> RunEnd:
        """A finished run's line (:func:`run_end`)."""
        return RunEnd(t, run_end(run, summary, t, stopped, self.lang))

    def show(
        self,
        batch: list[Event],
        done: dict[int, RunEnd] | None = None,
        shown: float = math.inf,
        conns: dict[int, tuple[Connection, ...]] | None = None,
    ) -> None:
        """Queue the events of ``batch`` this pane shows, each formatted only if it is written; a
        run's line of ``done`` (taken from it) goes right after the run's ``finished`` event, and
        after the server's later closes of the run's connections in ``conns`` (those it accepted)
        when they come within CLOSE_LAG (:class:`EndWaiting`); the note that a handler thread was
        reused right after the close that shows it (one pass over ``batch``: each event is looked
        at once). What is at or before ``shown`` (every event before it has been shown) and
        :attr:`settled`, and before a run's line still waiting, goes in; the rest waits."""
        lines: list[tuple[float, float, object]] = []
        ends = self._ends
        for e in batch:
            side, kind = e.side, e.kind
            if side == CLIENT and e.run is not None and e.run != self._run:
                self._run, self._handlers = e.run, set()  # a new run: no close of it seen yet
            if kind in SHOWN[side]:
                lines.append((e.t, e.seq, e))
                if kind == "disconnected" and side == SERVER:
                    if reused := self._handler_reused(e):
                        lines.append(reused)
                    for end in ends:
                        if e.client in end.numbers:
                            end.place = max(end.place, (e.t, e.seq + 0.5))
            elif done and kind == Kind.FINISHED and e.run in done:
                accepted = (conns or {}).get(e.run, ())
                ends.append(EndWaiting(done.pop(e.run), (e.t, e.seq + 0.5), accepted, e.t + CLOSE_LAG))
        if ends:
            settled = min(shown, self.settled)
            lines += [(*end.place, end.placed()) for end in ends if end.due(settled)]
            self._ends = [end for end in ends if not end.due(settled)]
        self._hold(lines, shown)

    def _handler_reused(self, close: Event) -> tuple[float, float, HandlerReused] | None:
        """The line, as ``(t, rank, line)``, to go under the server's ``close`` when its handler
        thread closed another connection since the latest run began, unless said for the run
        before; None else (the thread noted as one that closed a connection of the run). The
        whole note (four rows at 80x24) is said the first time only; later runs get one row that says
        the reuse and the wait on its own (the whole note has long scrolled away by then), so that a
        run of three at 120x40 keeps its launch in view."""
        thread = close.extra.get("thread") if close.extra else None
        if self._handlers is None or thread is None or self._run is None:
            return None
        if thread not in self._handlers:
            self._handlers.add(thread)
            return None
        self._handlers = None
        key = "note.handler_reused_again" if self._reuse_explained else "note.handler_reused"
        self._reuse_explained = True
        text = tr(key, self.lang, thread=thread, linger=LINGER)
        return (close.t, close.seq + 0.25, HandlerReused(close.t, f"{time_column(close.t)} {text}"))

    def _hold(self, lines: list[tuple[float, float, object]], shown: float) -> None:
        """Take ``lines`` (``(t, rank, line)``) among those waiting, and write those now due."""
        bound = min(shown, self.settled)
        held = self._held
        in_order = all(a[0] <= b[0] for a, b in itertools.pairwise(lines))  # their ranks rise
        if not held and not self._ends and in_order and (not lines or lines[-1][0] <= bound):  # all due
            if lines:
                self.add_lines([line for _, _, line in lines])
            return
        held += lines
        held.sort(key=_ORDER)  # runs in order already: near linear
        cut = bisect.bisect_right(held, bound, key=_T)
        if self._ends:  # nothing after a run's line still waiting for its server's closes
            cut = min(cut, bisect.bisect_left(held, min(end.place for end in self._ends), key=_ORDER))
        if cut:
            self.add_lines([line for _, _, line in held[:cut]])
            del held[:cut]

    def format_line(self, item: object) -> str:
        return line(item, self.lang) if isinstance(item, Event) else str(item)

    def latest_back(self) -> int:
        """The latest run's summary, counted back from the last line, while every line after it
        is a close its server saw, or the server's stop, within ``CLOSE_LAG`` of the run's end;
        else the last line (0)."""
        last = None
        for back, item in enumerate(reversed(self._kept)):
            if isinstance(item, RunEnd):
                return back if last is None or last - item.t <= CLOSE_LAG else 0
            if isinstance(item, HandlerReused):
                continue  # said under a close
            if not (isinstance(item, Event) and item.side == SERVER and item.kind in _ENDINGS):
                return 0
            last = item.t if last is None else last
        return 0

    def show_accept(self, mode: str | None, nobody_waiting: int) -> None:
        """Under the pane: how often a polling accept found nobody waiting (nothing when blocking)."""
        if (mode, nobody_waiting) != self._accept:
            self._accept = (mode, nobody_waiting)
            self.show_waiting()

    def border_inputs(self) -> tuple[object, ...]:
        """What :meth:`border_text` depends on: :meth:`FollowingLog.border_inputs` (the rows
        written, among them the latest run's summary, the view's bottom, following, the
        language), the accept's count, whether old lines were dropped, and the room on the
        border."""
        return (*super().border_inputs(), self._accept, self.dropped, self.outer_size.width)

    def border_text(self) -> str:
        """Under the pane: the polling accept's count, that old lines are dropped, and how many
        new lines wait below the view (each if so). Where the border has no room for all, the
        dropped lines' words are shortened first, then the waiting lines' (their count is kept
        whole), so Textual's cut at the border's end falls on neither count.

        A following view above the end says what it leaves below: the rows of a line taller
        than the pane, or the lines under a summary kept in view (those whose start is below
        the view). Every count is taken from the scroll position as it is now."""
        mode, nobody_waiting = self._accept or (None, 0)
        accept = ""
        if mode not in (None, "blocking"):  # the mode as typed, with its name where the language has one
            named = " ".join(filter(None, (mode, value_name("accept", mode or "", self.lang))))
            accept = tr("status.accept", self.lang, mode=named, count=nobody_waiting)
        trimmed = ("note.trimmed", "note.trimmed_short") if self.dropped else ("", "")
        waiting = self.waiting_lines()
        if self.following and (rows := self._rows_of_latest_below()):  # a line taller than the pane
            waiting = (tr("log.rows_below", self.lang, count=rows),) * 2
        elif self.following and (under := self.lines_below(self.latest_back())):  # under a summary
            waiting = (tr("log.waiting_short", self.lang, count=under),) * 2
        room = self.outer_size.width - 6  # what Textual leaves a label: corners, a dash and a blank each side
        for dropped, below in ((trimmed[0], waiting[0]), (trimmed[1], waiting[0]), (trimmed[1], waiting[1])):
            dropped_said = tr(dropped, self.lang, count=MAX_LINES) if dropped else ""
            said = "  ".join(part for part in (accept, dropped_said, below) if part)
            if cell_len(said) <= room:
                break
        return said

    def on_resize(self) -> None:  # Textual calls FollowingLog's too: the lines are rewrapped there
        self.show_waiting()  # the room for the words; FollowingLog's counts the lines below again

    def _rows_of_latest_below(self) -> int:
        """How many rows of the line a following view keeps the start of are below the view, or
        below where it is heading (as :meth:`lines_below` counts)."""
        continues, start = self._continues, self._latest
        end = next((row for row in range(start + 1, len(continues)) if not continues[row]), len(continues))
        return max(0, end - self._bottom())

    def note(self, text: str, t: float) -> None:
        """A line of the app's own at time ``t``, written at once; in a replay (:attr:`untimed`
        set) it carries that mark in place of the time: it is no event of the recording."""
        self.add_lines([f"{time_column(t) if self.untimed is None else self.untimed} {text}"])
        self.flush()

    def note_in_place(self, text: str, t: float) -> None:
        """The app's own line at time ``t``, the answer to what the user did: written at once
        when every event before it has been shown, else in its place once they have. In a
        replay, written at once with its mark (:meth:`note`): it has no place among the events."""
        if self.untimed is not None:
            self.note(text, t)
            return
        self._hold([(t, AFTER, f"{time_column(t)} {text}")], self.settled)
        self.flush()

    def clear(self) -> EventsPane:
        """Forget every line, a run's end waiting for its server's closes too (a replay restarts),
        and the handler reuse's whole note with them: said again in full."""
        self._ends.clear()
        self._reuse_explained = False
        super().clear()
        return self

    @property
    def notes_waiting(self) -> bool:
        """Whether a line (a note, an event, a run's end) waits for the events before it, or a
        run's end for its server's closes."""
        return bool(self._held or self._ends)


AFTER = math.inf  # the rank of a note (or a run's end with no finished event): after the events of its time
_ORDER = operator.itemgetter(0, 1)
_T = operator.itemgetter(0)
_ENDINGS = frozenset({"disconnected", "stopped"})  # server lines that may follow a run's summary in view


def _accepted(book: ConnectionBook, done: dict[int, RunEnd]) -> dict[int, tuple[Connection, ...]]:
    """The connections of each run in ``done`` that the server accepted, by run (none without
    a run ending: the book is not looked at)."""
    if not done:
        return {}
    found: dict[int, list[Connection]] = {run: [] for run in done}
    for conn in book.connections.values():
        if conn.run in found and conn.number is not None:
            found[conn.run].append(conn)
    return {run: tuple(conns) for run, conns in found.items()}


def run_end(run: int, summary: RunSummary, t: float, stopped: bool, lang: str) -> str:
    """A finished run's line, time column first: its counts and verdict, each count said once; a
    run stopped before it ended says so. It fits in :data:`SUMMARY_ROWS` rows at 80x24 (a stopped
    crowd's took 16): what does not is left to the timeline (:func:`summary_and_verdict`)."""
    done, head = "note.run_stopped" if stopped else "note.run_done", time_column(t)

    def fits(said: str) -> bool:  # in SUMMARY_ROWS rows at 80x24, wherever the pane is now
        line = f"{head} {tr(done, lang, run=run, summary=said)}"
        return len(wrap(line, SUMMARY_WIDTH, WRAP_INDENT, SUMMARY_ROWS + 1)) <= SUMMARY_ROWS

    return f"{head} {tr(done, lang, run=run, summary=summary_and_verdict(summary, lang, fits))}"


def line(event: Event, lang: str) -> str:
    """``time  what`` for one event, in the words every view gives it (:func:`describe`); network
    text escaped."""
    return f"{time_column(event.t)} {describe(event, lang)}"
