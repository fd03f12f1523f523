"""Textual's own parts of an app in the app's language: the command palette's prompt, the theme
search, the keys panel, the names of keys, and the palette's Screenshot."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.notifications import Notification, Notify, SeverityLevel
from textual.screen import Screen
from textual.theme import ThemeProvider

from server_core.export import write_whole

from . import keys
from .screens.palette import LabPalette, NamedCommands
from .strings import localize_bindings, os_reason, shown_path, tr
from .wrapping import notice_lines

SCREENSHOT_NAME = "tcp-lab-%Y%m%d-%H%M%S.svg"  # the palette's Screenshot, named by the time
# A notification's box (Textual's Toast): 60 cells wide, at most half of the screen less the
# rack's margin (2), less its border and padding (3); a test checks it against the drawn box.
TOAST_WIDTH, TOAST_MARGIN, TOAST_FRAME = 60, 2, 3
# Seconds a notice stays, unless its sayer gives its own: it covers the screen's bottom right (the
# events pane's counts and lines, an exhibit's outcome), so what only informs goes soon
# (NOTIFICATION_TIMEOUT) and a warning or an error, which asks something of the user, stays longer.
INFORMATION_SECONDS, WARNING_SECONDS = 3.0, 8.0


def toast_width(screen_width: int) -> int:
    """The cells a notification's text has on a screen ``screen_width`` cells wide."""
    return min(TOAST_WIDTH, (screen_width - TOAST_MARGIN) // 2) - TOAST_FRAME


class LocalizedApp(App[int]):
    """A Textual app whose own words are in ``lang`` (``en`` or ``zh``), as the app's are."""

    lang = "en"
    NOTIFICATION_TIMEOUT = INFORMATION_SECONDS  # an informational notice's; see notice_timeout
    COMMANDS = {NamedCommands}  # instead of Textual's system commands: the same, found in English too

    def __init__(self) -> None:
        super().__init__()
        self._said: dict[str, Notification] = {}  # a text's key -> its notification (say_failed)

    async def _on_key(self, event: events.Key) -> None:
        """Escape and a key as one (``alt+s``) that no field took (a pane focused, or none, or
        another screen's): Escape acts (a screen's "back"), then the key, as after a field's
        Escape (the key was lost, and on the timeline the Escape); Textual's handler (App's, run
        after this one) takes any other key."""
        typed = keys.after_escape(event)
        if typed is not None:
            event.prevent_default()
            self.post_message(events.Key("escape", "\x1b"))
            self.post_message(typed)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette's commands, in the app's language (those of :meth:`named_commands`)."""
        return (command for command, _ in self.named_commands(screen))

    def named_commands(self, screen: Screen) -> Iterable[tuple[SystemCommand, str]]:
        """The palette's commands, each with its English name (see :class:`NamedCommands`):
        Textual's own, as they are."""
        return ((command, command.title) for command in super().get_system_commands(screen))

    def action_command_palette(self) -> None:
        """Textual's palette, its search prompt in the app's language."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            placeholder = tr("palette.search", self.lang)
            no_matches = tr("palette.no_matches", self.lang)
            self.push_screen(LabPalette(no_matches, id="--command-palette", placeholder=placeholder))

    def search_themes(self) -> None:
        """The palette's Theme: the themes to choose from, the prompt in the app's language."""
        placeholder = tr("palette.themes", self.lang)
        no_matches = tr("palette.no_matches", self.lang)
        self.push_screen(LabPalette(no_matches, providers=[ThemeProvider], placeholder=placeholder))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """As Textual's, but plain text is broken into lines by the app's rule for notices
        (:func:`tui_app.wrapping.notice_lines`): Textual's toast breaks at spaces only, which
        leaves a Chinese sentence's lines half empty, and folds a path inside a name; here a path
        breaks after a ``/`` and a name too long for a line is shortened in its middle with ``…``.
        Text with markup, Textual wraps as it is."""
        if not markup:
            self.notice(message, title=title, severity=severity, timeout=timeout)
            return
        timeout = self.notice_timeout(severity, timeout)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def notice_timeout(self, severity: SeverityLevel, timeout: float | None) -> float:
        """Seconds a notice of ``severity`` stays: ``timeout`` if given, else NOTIFICATION_TIMEOUT
        for information and WARNING_SECONDS for a warning or an error."""
        if timeout is not None:
            return timeout
        return self.NOTIFICATION_TIMEOUT if severity == "information" else WARNING_SECONDS

    def notice(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
    ) -> Notification:
        """A notification of plain text broken as :meth:`notify` breaks it, returned so that
        :meth:`withdraw` can take it down before its time."""
        lines = "\n".join(notice_lines(message, max(10, toast_width(self.size.width))))
        timeout = self.notice_timeout(severity, timeout)
        notification = Notification(lines, title, severity, timeout, markup=False)
        self.post_message(Notify(notification))
        return notification

    def note(self, key: str, at: float | None = None, **values: object) -> None:
        """The app's own line (``key``'s text filled with ``values``), timed ``at`` (None: now);
        the app says where it goes (the events pane)."""
        raise NotImplementedError

    def say(
        self, key: str, severity: SeverityLevel, timeout: float, slot: str = "", **values: object
    ) -> None:
        """A line (:meth:`note`) and, unless that line is in sight (:meth:`notes_in_sight`), the
        same words in a notification (:meth:`say_failed`), which takes the place of the last one
        said in ``slot`` (by default ``key``'s own) if still up: a notification over the pane that
        says the same covered it for seconds (a busy port's at 80x24)."""
        self.note(key, None, **values)
        if not self.notes_in_sight():
            self.say_failed(slot or key, tr(key, self.lang, **values), severity, timeout)

    def notes_in_sight(self) -> bool:
        """Whether a line :meth:`note` writes now is in view (the app says where it goes)."""
        return False

    def say_failed(
        self, key: str, message: str, severity: SeverityLevel = "error", timeout: float | None = None
    ) -> None:
        """Notify ``message``, said by ``key`` (``note.port_busy``), until its timeout or until
        :meth:`say_fixed` names ``key``; it takes the place of ``key``'s last one if still up."""
        self.withdraw(self._said.pop(key, None))
        self._said[key] = self.notice(message, severity=severity, timeout=timeout)

    def say_fixed(self, *keys: str) -> None:
        """Take down the notifications of ``keys`` that are still up: a failure the user has
        fixed is not shown beside the success (a port in use beside the new port listening)."""
        for key in keys:
            self.withdraw(self._said.pop(key, None))

    def withdraw(self, notification: Notification | None) -> None:
        """Take ``notification`` down (none: nothing); one that has gone already stays gone."""
        if notification is not None:
            self._unnotify(notification)  # Textual's own removal, a no-op for one it has let go

    def action_show_help_panel(self) -> None:
        """Textual's keys panel, every part of the screen first given its keys' words in the app's
        language (those Textual names that ``strings`` knows: focus, copy, scroll, cursor...)."""
        for node in self.screen.walk_children(with_self=True):
            localize_bindings(node._bindings, self.lang)
        super().action_show_help_panel()

    def get_key_display(self, binding: Binding) -> str:
        """A key as the footer and the keys panel show it: in Chinese, Esc and 空格."""
        return keys.key_name(super().get_key_display(binding), self.lang)

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """Save an SVG of the screen in the working directory and say where (the palette's
        Screenshot); a failure is said, not raised. Returns the path, or None."""
        name = filename or time.strftime(SCREENSHOT_NAME)
        target = shown_path(os.path.join(path or os.getcwd(), name))
        svg = self.export_screenshot()
        try:
            write_whole(Path(target), lambda out: out.write(svg))  # complete or absent, never over a file
        except OSError as exc:
            said = tr("screenshot.failed", self.lang, path=target, reason=os_reason(exc, self.lang))
            self.say_failed("screenshot.failed", said)
            return None
        self.say_fixed("screenshot.failed")
        self.notify(tr("screenshot.saved", self.lang, path=target), markup=False)
        return target
