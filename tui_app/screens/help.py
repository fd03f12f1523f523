"""The help screen: every key of the app, what each client order and each experiment demonstrates."""

from __future__ import annotations

from itertools import zip_longest

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from server_core import CLIENT_MODES
from server_core.exhibits import NAMES as EXHIBIT_NAMES
from server_core.experiments import NAMES as EXPERIMENT_NAMES

from ..strings import tr


class HelpScreen(ModalScreen[None]):
    """Lists ``keys`` (key, description) and explains each client order with the key that launches
    it (``mode_keys``); Escape or ``?`` closes it."""

    AUTO_FOCUS = "#help"
    BINDINGS = [Binding("escape", "dismiss", show=False)]

    def __init__(self, keys: list[tuple[str, str]], mode_keys: dict[str, str], lang: str) -> None:
        super().__init__()
        self.keys = keys
        self.mode_keys = mode_keys
        self.lang = lang

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help") as box:
            box.border_title = tr("help.title", self.lang)
            yield Static(self.content())

    def content(self) -> Group:
        """Everything the screen says, as one renderable."""
        lang = self.lang
        keys = Table.grid(padding=(0, 2))
        keys.add_column(style="bold cyan", justify="right")
        keys.add_column()
        keys.add_column(style="bold cyan", justify="right")
        keys.add_column()
        half = (len(self.keys) + 1) // 2
        for left, right in zip_longest(self.keys[:half], self.keys[half:], fillvalue=("", "")):
            keys.add_row(*left, *right)
        modes = Table.grid(padding=(0, 2))
        modes.add_column(style="bold", no_wrap=True)
        modes.add_column()
        for mode in CLIENT_MODES:
            press = self.mode_keys.get(mode, "-")
            modes.add_row(tr("help.mode", lang, mode=mode, press=press), tr(f"mode.{mode}", lang))
            modes.add_row("", "")
        experiments = Table.grid(padding=(0, 2))
        experiments.add_column(style="bold", no_wrap=True)
        experiments.add_column()
        for number, name in enumerate(EXPERIMENT_NAMES, 1):
            experiments.add_row(f"{number} {tr(f'exp.{name}.title', lang)}", tr(f"exp.{name}.about", lang))
        exhibits = Table.grid(padding=(0, 2))
        exhibits.add_column(style="bold", no_wrap=True)
        exhibits.add_column()
        for number, name in enumerate(EXHIBIT_NAMES, 1):
            title = tr(f"exhibit.{name}.title", lang)
            exhibits.add_row(f"{number} {title}", tr(f"exhibit.{name}.about", lang))
        return Group(
            Text(tr("help.keys", lang), style="bold underline"),
            keys,
            Text(""),
            Text(tr("help.modes", lang), style="bold underline"),
            modes,
            Text(tr("help.experiments", lang), style="bold underline"),
            experiments,
            Text(tr("help.exhibits", lang), style="bold underline"),
            exhibits,
            Text(""),
            Text(tr("help.fields", lang)),
            Text(tr("help.server_fields", lang)),
            Text(""),
            Text(tr("help.close", lang), style="dim"),
        )
