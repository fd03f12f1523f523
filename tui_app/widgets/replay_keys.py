"""The replay keys of ``tcp-lab open``, on a line of their own above the footer.

At 80 columns the footer had room for the screens' keys and quit and help, not for the replay's
(space, n, >, <, R): the help listed them and the screen did not. This line shows them all, each
key with its words, in the app's language; a screen too narrow for them all narrows the gaps,
then leaves the last ones out whole and ends with ``…`` (a key is never cut from its words).
A screen over the app's own (the help, the export) hides it: each screen shows its own keys only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from ..keys import app_bindings, key_name
from ..language import AppLanguage

if TYPE_CHECKING:
    from textual.screen import Screen

    from ..app import LabApp

ELLIPSIS = "…"
REPLAY = "replay_"  # the ids of the replay keys in keys.BINDINGS start with it


class ReplayKeys(Widget, AppLanguage):
    """One line: every replay key and what it does (``space replay  n next event  > faster``)."""

    COMPONENT_CLASSES = {"replay-keys--key"}
    DEFAULT_CSS = """
    ReplayKeys {
        dock: bottom;
        height: 1;
        margin-bottom: 1;  /* docked to the bottom as the footer is: above it, not under it */
        padding: 0 1;
        background: $footer-background;
        color: $footer-description-foreground;
        & > .replay-keys--key {
            color: $footer-key-foreground;
            text-style: bold;
        }
    }
    """

    def on_mount(self) -> None:
        self.app.screen_change_signal.subscribe(self, self._screen_changed)

    def _screen_changed(self, screen: Screen) -> None:
        """Shown while its screen is on top only: a modal screen (the help, the export) over
        it has a footer of its own, and this line would show through above it."""
        self.display = screen is self.screen

    def keys(self) -> list[tuple[str, str, str]]:
        """(key as shown, what it does, its action) for each replay key, in the app's table order."""
        app: LabApp = self.app  # type: ignore[assignment]
        return [
            (key_name(binding.key_display or binding.key, self.lang), binding.description, binding.action)
            for binding in app_bindings(app)
            if str(binding.id).startswith(REPLAY)
        ]

    def render(self) -> Text:
        """The keys that fit the line's width, whole (see the module's doc); a click on a key or
        its words does what the key does, as in the footer."""
        key_style = self.get_component_rich_style("replay-keys--key")
        keys = self.keys()
        width = self.content_region.width
        for gap, count in [(2, len(keys)), *((1, count) for count in range(len(keys), -1, -1))]:
            line = Text(no_wrap=True)
            for index, (key, words, action) in enumerate(keys[:count]):
                click = Style(meta={"@click": f"app.{action}"})
                line.append(" " * gap if index else "")
                line.append(key, key_style + click)
                line.append(f" {words}", click)
            if count < len(keys):
                line.append(" " * bool(count) + ELLIPSIS)
            if line.cell_len <= width:
                return line
        return Text(ELLIPSIS)
