"""The app's own theme beside Textual's: high contrast, for a projector or a washed-out screen."""

from __future__ import annotations

from textual.theme import BUILTIN_THEMES, Theme

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
