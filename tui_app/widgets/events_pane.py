"""The "Connection events" pane: accepts, disconnects and errors, one line each, capped."""

from __future__ import annotations

from server_core import CLIENT, SERVER, Event, Kind, RunSummary

from ..session import Update
from ..strings import describe, tr
from ..verdict import summary_line, verdict
from .following_log import FollowingLog

MAX_LINES = 2000
SHOWN = {SERVER: {"listening", "accepted", "refused", "disconnected", "error", "stopped"}, CLIENT: {"error"}}


class EventsPane(FollowingLog):
    """Writes each batch of events at once; ``note`` adds the app's own lines."""

    WRAP_ROWS = 24  # a run's summary in a narrow pane (step mode) is read whole

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_lines=MAX_LINES, auto_scroll=True, **kwargs)
        self._accept: tuple[str | None, int] | None = None
        self._trimmed = False  # the cap has been reached: the oldest lines are being dropped

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
        book = update.book
        self.show_accept(book.accept_mode if update.listening is not None else None, book.nobody_waiting)

    def _done_line(self, run: int, summary: RunSummary, t: float, stopped: bool) -> str:
        """A finished run's line: its counts and verdict, the count of clients said once; a run
        stopped before it ended says so."""
        said = tr("note.summary_and_verdict", self.lang, summary=summary_line(summary, self.lang),
                  verdict=verdict(summary, self.lang, counted=True))
        done = "note.run_stopped" if stopped else "note.run_done"
        return f"{t:7.3f} {tr(done, self.lang, run=run, summary=said)}"

    def show(self, batch: list[Event], done: dict[int, str] | None = None) -> None:
        """Queue the events of ``batch`` this pane shows, each formatted only if it is written; a
        run's line of ``done`` (taken from it) goes right after the run's ``finished`` event."""
        if done:
            shown: list[object] = []
            for e in batch:
                if e.kind in SHOWN[e.side]:
                    shown.append(e)
                elif e.kind == Kind.FINISHED and e.run in done:
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
        new lines wait below the view (each if so)."""
        mode, nobody_waiting = self._accept or (None, 0)
        parts = []
        if mode not in (None, "blocking"):
            parts.append(tr("status.accept", self.lang, mode=mode, count=nobody_waiting))
        if self._trimmed:
            parts.append(tr("note.trimmed", self.lang, count=MAX_LINES))
        if self.waiting:
            parts.append(self.waiting_line())
        self.border_subtitle = "  ".join(parts)

    def show_waiting(self) -> None:
        self._subtitle()

    def flush(self) -> None:
        super().flush()
        if not self._trimmed and self.line_count >= MAX_LINES:
            self._trimmed = True
            self._subtitle()

    def note(self, text: str, t: float) -> None:
        """The app's own line, the answer to what the user did: written at once."""
        self.add_lines([f"{t:7.3f} {text}"])
        self.flush()


def line(event: Event, lang: str) -> str:
    """``time  what`` for one event, in the words every view gives it (:func:`describe`); network
    text escaped."""
    return f"{event.t:7.3f} {describe(event, lang)}"
