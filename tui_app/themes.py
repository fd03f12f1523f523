"""The app's own theme beside Textual's: high contrast, for a projector or a washed-out screen."""

from __future__ import annotations

from textual.theme import BUILTIN_THEMES, Theme

from .diagnostics import refuse
from .strings import tr

# White on black, pure colours (``--theme tcp-lab-contrast``).
HIGH_CONTRAST = Theme(
    name="tcp-lab-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ff00ff",
    warning="#ffaf00",
    error="#ff3030",
    success="#00ff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#000000",  # a grey panel (the timeline's header) is dim on a projector
    dark=True,
    variables={"text-muted": "#ffffff"},  # muted text (legends, hints) stays white too
)


def themes() -> list[str]:
    """The names ``--theme`` takes: Textual's themes and tcp-lab's high-contrast one."""
    return sorted([*BUILTIN_THEMES, HIGH_CONTRAST.name])


def theme_refused(theme: str | None, lang: str) -> bool:
    """Whether ``theme`` is a name ``--theme`` does not take (None: the default, taken); if so
    it is said on stderr in ``lang``, as argparse refuses a value, naming those it takes."""
    if theme is None or theme in themes():
        return False
    said = tr("cli.no_theme", lang, theme=theme, names=tr("text.list_join", lang).join(themes()))
    refuse("tcp-lab", tr("why.argument", lang, name="--theme", why=said), lang)
    return True
