"""The active language, read from the app by every widget and screen that says something."""

from __future__ import annotations

from textual.dom import DOMNode


class AppLanguage(DOMNode):
    """A mixin for a widget or screen: ``lang`` is the running app's ``lang`` (``en`` when the
    app has none), so no constructor takes a language. It goes last among a class's bases:
    Textual takes a widget's default CSS along its first bases only."""

    @property
    def lang(self) -> str:
        return str(getattr(self.app, "lang", "en"))
