"""The help screen: every key of the app, what each client order and each experiment demonstrates."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from server_core import CLIENT_MODES
from server_core.experiments import NAMES as EXPERIMENT_NAMES

from ..strings import tr


class HelpScreen(ModalScreen[None]):
    """Lists ``keys`` (key, description) and explains the modes; Escape or ``?`` closes it."""

    BINDINGS = [Binding("escape", "dismiss", show=False)]

    def __init__(self, keys: list[tuple[str, str]], lang: str) -> None:
        super().__init__()
        self.keys = keys
        self.lang = lang

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help") as box:
            box.border_title = tr("help.title", self.lang)
            yield Static(self._text())

    def _text(self) -> Text:
        lang = self.lang
        text = Text()
        text.append(tr("help.keys", lang) + "\n", style="bold underline")
        width = max(len(key) for key, _ in self.keys)
        for key, description in self.keys:
            text.append(f"  {key:>{width}}", style="bold cyan")
            text.append(f"  {description}\n")
        text.append("\n" + tr("help.modes", lang) + "\n", style="bold underline")
        for mode in CLIENT_MODES:
            text.append(f"  {mode}\n", style="bold")
            for row in tr(f"mode.{mode}", lang).splitlines():
                text.append(f"    {row}\n")
        text.append("\n" + tr("help.experiments", lang) + "\n", style="bold underline")
        for number, name in enumerate(EXPERIMENT_NAMES, 1):
            text.append(f"  {number} {tr(f'exp.{name}.title', lang)}\n", style="bold")
            text.append(f"    {tr(f'exp.{name}.about', lang)}\n")
        text.append("\n" + tr("help.fields", lang) + "\n")
        text.append(tr("help.server_fields", lang) + "\n")
        text.append(tr("help.close", lang), style="dim")
        return text
