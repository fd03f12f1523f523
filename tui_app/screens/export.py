"""Asking where to write the event history, and writing it off the UI thread."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label
from textual.worker import Worker, WorkerState

from server_core import Event
from server_core.export import write_export

from ..options import export_target
from ..strings import os_reason, shown_path, tr, why
from ..widgets.footer import FittingFooter
from ..widgets.long_input import LongInput
from ..wrapping import Notice
from .modal import LabModalScreen

PROGRESS_PERIOD = 0.2  # seconds between two redraws of the events written so far


class NoticeLabel(Label):
    """A label broken as a notice is (:func:`tui_app.wrapping.notice_lines`): a path after a
    ``/``, a name too long for a line shortened in its middle; read as a string, its text."""

    def render(self) -> RenderableType:
        return Notice(str(super().render()))


class ExportScreen(LabModalScreen[str | None]):
    """An input for the file name; Enter writes ``history()`` there and closes with the path.

    The name gives the format and is checked as the command line checks ``--export``. An
    existing file is replaced only after a second Enter on the same name; any other problem is
    said on one line and the screen stays open. The file is written by a thread worker, so the
    app stays responsive, and the count written so far is shown. Escape cancels (not while
    writing: the file is complete or absent).
    """

    AUTO_FOCUS = "#export-path"
    BINDINGS = [
        Binding("escape", "cancel", "cancel", id="export_cancel", key_display="Esc"),
    ]

    def __init__(
        self, history: Callable[[], Iterable[Event]], suggestion: str, title: str = "export.title"
    ) -> None:
        """``title`` is the key of the dialog's title: what ``history`` holds."""
        super().__init__()
        self.history = history
        self.suggestion = suggestion
        self.title_key = title
        self._confirmed: str | None = None  # the existing file the user agreed to replace
        self._path: str | None = None  # the file being written
        self._written = 0  # events written so far, set by the worker's thread

    def compose(self) -> ComposeResult:
        with Vertical(id="export") as box:
            box.border_title = tr(self.title_key, self.lang)
            yield Label(tr("export.prompt", self.lang))
            yield LongInput(self.suggestion, id="export-path")
            yield NoticeLabel("", id="export-message")
        yield FittingFooter(compact=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._path is not None:
            return
        typed = event.value.strip()
        overwrite = shown_path(typed) == self._confirmed
        try:
            path = export_target(typed, overwrite)
        except FileExistsError:
            self._confirmed = shown_path(typed)
            self._say(tr("export.exists", self.lang, path=self._confirmed))
            return
        except ValueError as exc:
            self._say(why(str(exc), self.lang))  # one sentence: the path once, then why
            return
        self._path = path
        self._show_progress()
        self.set_interval(PROGRESS_PERIOD, self._show_progress)
        write = partial(write_export, path, self.history(), overwrite, progress=self._progress)
        self.run_worker(write, thread=True, exit_on_error=False, group="export")

    def _progress(self, count: int) -> None:
        """Called on the worker's thread: only records the count, which a timer shows."""
        self._written = count

    def _show_progress(self) -> None:
        if self._path is not None:
            self._say(tr("export.writing", self.lang, path=self._path, count=self._written))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        path, worker = self._path, event.worker
        if path is None or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        self._path = None
        if event.state == WorkerState.SUCCESS:
            self.dismiss(tr("cli.exported", self.lang, count=worker.result, path=shown_path(path)))
            return
        error = worker.error
        reason = os_reason(error, self.lang) if isinstance(error, OSError) else why(str(error), self.lang)
        self._say(tr("export.failed", self.lang, path=path, reason=reason))

    def _say(self, text: str) -> None:
        self.query_one("#export-message", Label).update(Text(text))

    def action_cancel(self) -> None:
        if self._path is None:
            self.dismiss(None)
