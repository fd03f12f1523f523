"""The "Connection events" pane: accepts, disconnects and errors, one line each, capped."""

from __future__ import annotations

import bisect

from rich.cells import cell_len

from server_core import CLIENT, SERVER, Event, Kind, RunSummary

from ..session import Update
from ..strings import describe, tr
from ..verdict import summary_and_verdict
from .following_log import FollowingLog, time_column

MAX_LINES = 2000
SHOWN = {SERVER: {"listening", "accepted", "refused", "disconnected", "error", "stopped"}, CLIENT: {"error"}}


class EventsPane(FollowingLog):
    """Writes each batch of events at once; ``note`` adds the app's own lines, each in its place
    among the events by its time.

    A note waits until every event before it has been shown: events of a child process reach
    the bus up to a batch period after they happened (``server_core.processes.settled``). The
    app sets :attr:`settled` before each drain, the time before which every event is queued
    then; a note at or before it goes in right before the first event after it, or after the
    update that shows the last event before it (an update without events: the queue is empty;
    the app hands one out at the end of a drain while notes wait).
    """

    WRAP_ROWS = 24  # a run's summary in a narrow pane (step mode) is read whole

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_lines=MAX_LINES, auto_scroll=True, **kwargs)
        self._accept: tuple[str | None, int] | None = None
        self._trimmed = False  # the cap has been reached: the oldest lines are being dropped
        self._notes: list[tuple[float, str]] = []  # (t, line) of the notes not yet placed, by t
        self.settled = 0.0  # every event before this time has been queued for this pane

    def apply_update(self, update: Update) -> None:
        """The batch's events this pane shows, each finished run's summary and verdict (at the
        time of the run's end, in its place among the events), and under the pane the polling
        accept's count."""
        done = {
            run: self._done_line(run, summary, update.ended_at[run], run in update.stopped)
            for run, summary in update.finished
        }
        if update.batch:
            self.show(update.batch, done)
        if update.finished:
            self.add_lines(done.values())  # a recording's runs ended without a finished event
            self.flush()  # the answer to a run the user launched: written at once
        self.place_notes(update.batch[-1].t if update.batch else self.settled)
        book = update.book
        self.show_accept(book.accept_mode if update.listening is not None else None, book.nobody_waiting)

    def _done_line(self, run: int, summary: RunSummary, t: float, stopped: bool) -> str:
        """A finished run's line: its counts and verdict, each count said once; a run
        stopped before it ended says so."""
        done = "note.run_stopped" if stopped else "note.run_done"
        said = summary_and_verdict(summary, self.lang)
        return f"{time_column(t)} {tr(done, self.lang, run=run, summary=said)}"

    def show(self, batch: list[Event], done: dict[int, str] | None = None) -> None:
        """Queue the events of ``batch`` this pane shows, each formatted only if it is written; a
        run's line of ``done`` (taken from it) goes right after the run's ``finished`` event, a
        note that is due right before the first event after it."""
        notes = self._notes
        if done or notes:
            shown: list[object] = []
            for e in batch:
                if notes and e.t > notes[0][0]:
                    shown += self._due(e.t)
                if e.kind in SHOWN[e.side]:
                    shown.append(e)
                elif done and e.kind == Kind.FINISHED and e.run in done:
                    shown.append(done.pop(e.run))
        else:
            shown = [e for e in batch if e.kind in SHOWN[e.side]]
        if shown:
            self.add_lines(shown)

    def format_line(self, item: object) -> str:
        return line(item, self.lang) if isinstance(item, Event) else str(item)

    def show_accept(self, mode: str | None, nobody_waiting: int) -> None:
        """Under the pane: how often a polling accept found nobody waiting (nothing when blocking)."""
        if (mode, nobody_waiting) == self._accept:
            return
        self._accept = (mode, nobody_waiting)
        self._subtitle()

    def _subtitle(self) -> None:
        """Under the pane: the polling accept's count, that old lines are dropped, and how many
        new lines wait below the view (each if so). Where the border has no room for all, the
        dropped lines' words are shortened first, then the waiting lines' (their count is kept
        whole), so Textual's cut at the border's end falls on neither count."""
        mode, nobody_waiting = self._accept or (None, 0)
        accept = tr("status.accept", self.lang, mode=mode, count=nobody_waiting)
        accept = accept if mode not in (None, "blocking") else ""
        trimmed = ("note.trimmed", "note.trimmed_short") if self._trimmed else ("", "")
        waiting = (self.waiting_line(), self.waiting_line(short=True))
        room = self.outer_size.width - 6  # what Textual leaves a label: corners, a dash and a blank each side
        for dropped, below in ((trimmed[0], waiting[0]), (trimmed[1], waiting[0]), (trimmed[1], waiting[1])):
            dropped_said = tr(dropped, self.lang, count=MAX_LINES) if dropped else ""
            said = "  ".join(part for part in (accept, dropped_said, below) if part)
            if cell_len(said) <= room:
                break
        self.border_subtitle = said

    def on_resize(self) -> None:  # Textual calls FollowingLog's too: the lines are rewrapped there
        self._subtitle()

    def show_waiting(self) -> None:
        self._subtitle()

    def flush(self) -> None:
        super().flush()
        if not self._trimmed and self.line_count >= MAX_LINES:
            self._trimmed = True
            self._subtitle()

    def note(self, text: str, t: float) -> None:
        """A line of the app's own at time ``t``, written at once."""
        self.add_lines([f"{time_column(t)} {text}"])
        self.flush()

    def note_in_place(self, text: str, t: float) -> None:
        """The app's own line at time ``t``, the answer to what the user did: written at once
        when every event before it has been shown, else in its place once they have."""
        bisect.insort(self._notes, (t, f"{time_column(t)} {text}"))
        self.place_notes(self.settled)

    @property
    def notes_waiting(self) -> bool:
        """Whether a note waits for the events before it."""
        return bool(self._notes)

    def place_notes(self, shown: float) -> None:
        """Write the notes at or before ``shown`` and :attr:`settled`: every event before that
        time has been shown."""
        if due := self._due(shown, inclusive=True):
            self.add_lines(due)
            self.flush()

    def _due(self, t: float, inclusive: bool = False) -> list[str]:
        """The notes, taken from those waiting, that go before an event at ``t`` (or at ``t``,
        ``inclusive``) and after every event before them."""
        bound = min(t, self.settled)
        keys = [note for note, _ in self._notes]
        cut = bisect.bisect_right(keys, bound) if inclusive or bound < t else bisect.bisect_left(keys, bound)
        due = [line for _, line in self._notes[:cut]]
        del self._notes[:cut]
        return due


def line(event: Event, lang: str) -> str:
    """``time  what`` for one event, in the words every view gives it (:func:`describe`); network
    text escaped."""
    return f"{time_column(event.t)} {describe(event, lang)}"
