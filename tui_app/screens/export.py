"""Asking where to write the event history, and writing it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from server_core import Event
from server_core.export import check_target, write_export

from ..strings import os_reason, shown_path, tr, why


class ExportScreen(ModalScreen[str | None]):
    """An input for the file name; Enter writes ``history()`` there and closes with the path.

    The name gives the format. An existing file is replaced only after a second Enter on the
    same name; any other problem is said on one line and the screen stays open. Escape cancels.
    """

    AUTO_FOCUS = "#export-path"
    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, history: Callable[[], Iterable[Event]], suggestion: str, lang: str) -> None:
        super().__init__()
        self.history = history
        self.suggestion = suggestion
        self.lang = lang
        self._confirmed: str | None = None  # the existing file the user agreed to replace

    def compose(self) -> ComposeResult:
        with Vertical(id="export") as box:
            box.border_title = tr("export.title", self.lang)
            yield Label(tr("export.prompt", self.lang))
            yield Input(self.suggestion, id="export-path")
            yield Label("", id="export-message")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path = event.value.strip()
        message = self.query_one("#export-message", Label)
        overwrite = path == self._confirmed
        try:
            check_target(path, overwrite)
            count = write_export(path, self.history(), overwrite)
        except FileExistsError:
            self._confirmed = path
            message.update(Text(tr("export.exists", self.lang, path=shown_path(path))))
            return
        except (ValueError, OSError) as exc:
            reason = why(str(exc), self.lang) if isinstance(exc, ValueError) else os_reason(exc, self.lang)
            message.update(Text(tr("export.failed", self.lang, path=shown_path(path), reason=reason)))
            return
        self.dismiss(tr("cli.exported", self.lang, count=count, path=shown_path(path)))

    def action_cancel(self) -> None:
        self.dismiss(None)
