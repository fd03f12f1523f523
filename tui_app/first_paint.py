"""The first screen of a recording, drawn whole at once rather than in stages.

``tcp-lab open`` has every event of its recording from the start, but the panes learn their
sizes only from the first layout: the table lays its columns out in its width, the logs wrap
their lines to theirs and scroll to the latest, the footer fits its keys; each after the screen
was first drawn. On a loaded machine each stage stayed in sight for seconds (a table of two
columns, the conversation and the events empty, the footer's keys missing). A :class:`Curtain`
over the whole screen hides them while the panes are laid out (under it, as if it were not
there: a hidden screen would lay nothing out), and :class:`FirstPaint` takes it away once every
pane is laid out with what it shows, the same at two looks in a row: the screen is then drawn
in one frame. After ``LONGEST`` seconds it goes whatever the panes show, so it never stays blank.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual.widget import Widget
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from .app import LabApp

LOOK_EVERY = 0.02  # seconds between two looks at the panes while the curtain is up
LONGEST = 5.0  # seconds the curtain may stay up at most


class Curtain(Widget):
    """A blank as large as the screen, over everything on it (the docked lines too)."""

    DEFAULT_CSS = """
    Curtain {
        overlay: screen;
        position: absolute;
        width: 100vw;
        height: 100vh;
        background: $background;
    }
    """

    def render(self) -> str:
        return ""


class FirstPaint:
    """Takes ``curtain`` away from ``app``'s screen once its panes are drawn whole; ``done`` then."""

    def __init__(self, app: LabApp, curtain: Curtain) -> None:
        self._app = app
        self._curtain = curtain
        self._last: tuple[object, ...] | None = None  # what the panes showed at the last look
        self._until = time.monotonic() + LONGEST
        self._timer = app.set_interval(LOOK_EVERY, self._look)
        self.done = False

    def _look(self) -> None:
        shown = self._shown()
        whole = shown is not None and shown == self._last
        self._last = shown
        if whole or time.monotonic() >= self._until:
            self._timer.stop()
            self._curtain.remove()
            self.done = True

    def _shown(self) -> tuple[object, ...] | None:
        """What the panes show, each laid out in its size; None while one is not yet."""
        app = self._app
        logs = (app.events, app.conversation)
        keys = len(app.screen.query(FooterKey))
        if not (keys and app.table.laid_out() and all(log.in_place() for log in logs)):
            return None
        return (app.screen.size, app.table.row_count, keys, *((log.line_count, log.scroll_y) for log in logs))
