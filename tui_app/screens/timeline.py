"""The timeline screen: the :class:`TimelineView` full size, with its zoom, pan and run keys:
``←`` ``→`` move a quarter of the view, shift with them a whole view, Home and End to the run's
start and end, each keeping the zoom; ctrl with Home and End to the first and last lane. The
wheel sideways (or with shift) moves the view as ``←`` ``→`` do; a click on a lane zooms in there."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from ..language import AppLanguage
from ..session import Update
from ..strings import localize_bindings
from ..widgets.footer import FittingFooter
from ..widgets.timeline import TimelineView
from .whole_characters import keep_wide_characters

PAN_STEP = 0.25  # of the window's width
# no use on an exhibit's run
RUN_ONLY = frozenset({"zoom", "pan", "page", "edge", "fit", "handlers", "step_run"})


class TimelineScreen(Screen[None], AppLanguage):
    """Shows ``view``; Escape or ``t`` goes back to the main screen."""

    AUTO_FOCUS = "#timeline-lanes"
    HELP_KEYS = "help.timeline_keys"  # the help opened here shows these first
    BINDINGS = [
        Binding("plus,equals_sign", "zoom(2)", "zoom in", id="timeline_zoom_in", key_display="+"),
        Binding("minus", "zoom(0.5)", "zoom out", id="timeline_zoom_out", key_display="-"),
        Binding("left", "pan(-1)", "earlier", id="timeline_earlier", key_display="←"),
        Binding("right", "pan(1)", "later", id="timeline_later", key_display="→"),
        # the help lists these: the footer has no room for them at 80 columns
        Binding(
            "shift+left",
            "page(-1)",
            "a view earlier",
            id="timeline_page_earlier",
            key_display="Shift+←",
            show=False,
        ),
        Binding(
            "shift+right",
            "page(1)",
            "a view later",
            id="timeline_page_later",
            key_display="Shift+→",
            show=False,
        ),
        Binding("home", "edge(-1)", "the run's start", id="timeline_start", key_display="Home", show=False),
        Binding("end", "edge(1)", "the run's end", id="timeline_end", key_display="End", show=False),
        Binding("ctrl+home", "lanes(-1)", "first lane", id="timeline_top", key_display="^Home", show=False),
        Binding("ctrl+end", "lanes(1)", "last lane", id="timeline_bottom", key_display="^End", show=False),
        Binding("0", "fit", "whole run", id="timeline_fit"),
        Binding("h", "handlers", "handlers", id="timeline_handlers"),
        Binding(
            "left_square_bracket", "step_run(-1)", "previous run", id="timeline_previous", key_display="["
        ),
        Binding("right_square_bracket", "step_run(1)", "next run", id="timeline_next", key_display="]"),
        # t, which opened the screen, goes back as Escape does: the footer says so, not "t timeline"
        Binding("escape,t", "back", "back", id="timeline_back", key_display="Esc/t"),
        # the app takes Tab first (it moves the focus everywhere); listed here for the help
        Binding(
            "tab", "app.focus_next", "header or lanes", id="timeline_focus", key_display="Tab", show=False
        ),
    ]

    def __init__(self, view: TimelineView) -> None:
        super().__init__()
        keep_wide_characters(self)
        self.view = view

    def compose(self) -> ComposeResult:
        yield self.view
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        localize_bindings(self._bindings, self.lang)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only the keys that work on what is shown: an exhibit's run is drawn whole, one
        run and no handler lanes to add, so the window's and the runs' keys are neither shown nor
        taken there."""
        return self.view.model.exhibit is None or action not in RUN_ONLY

    def apply_update(self, update: Update) -> None:
        """A run that just ended shows its summary at once; one going on is followed."""
        if update.finished:
            self.view.refresh_view()
        elif update.batch or update.running:
            self.view.follow()

    def action_zoom(self, factor: float) -> None:
        self.view.zoom(factor)

    def action_pan(self, direction: int) -> None:
        self.view.pan(direction * PAN_STEP)

    def on_mouse_scroll_left(self, event: events.MouseScrollLeft) -> None:
        self._wheel_pan(-1)

    def on_mouse_scroll_right(self, event: events.MouseScrollRight) -> None:
        self._wheel_pan(1)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        if event.shift or event.ctrl:  # Textual's sideways wheel; a plain one scrolls the lanes
            self._wheel_pan(-1)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        if event.shift or event.ctrl:
            self._wheel_pan(1)

    def _wheel_pan(self, direction: int) -> None:
        """The wheel sideways moves the view as ``←`` ``→`` do, where they work."""
        if self.check_action("pan", (direction,)):
            self.action_pan(direction)

    def action_page(self, direction: int) -> None:
        self.view.pan(direction)

    def action_edge(self, direction: int) -> None:
        self.view.to_edge(direction)

    def action_lanes(self, direction: int) -> None:
        """The first lane (``direction`` -1) or the last (+1) in view: Home and End move the time."""
        lanes = self.view.lanes_view
        lanes.scroll_to(y=0 if direction < 0 else lanes.max_scroll_y, animate=False)

    def action_fit(self) -> None:
        self.view.fit()

    def action_handlers(self) -> None:
        self.view.toggle_handlers()

    def action_step_run(self, delta: int) -> None:
        self.view.step_run(delta)

    def action_back(self) -> None:
        self.dismiss()
