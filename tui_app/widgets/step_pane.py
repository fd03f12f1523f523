"""The step-mode pane: the threads ready to take a step, each with its next step, and the threads
blocked waiting for a lock, a semaphore slot or the queue, with what they wait for.

It is redrawn from a :meth:`server_core.stepping.Stepper.snapshot` read on the app's drain timer,
only when the snapshot changed. Enter on a ready thread posts :class:`StepPane.Picked`; a click
only highlights it.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from server_core import CLIENT
from server_core.stepping import BLOCKED, HELD, Stepper, ThreadView

from ..language import AppLanguage
from ..session import Update
from ..strings import step_name, tr


class StepPane(OptionList, AppLanguage):
    """One line per stepped thread: ready ones first, as the stepper lists them."""

    # A row under the panes at every width: a column beside them left the events pane 29 cells
    # of 120 (and a narrow screen's table and logs a few cells each).
    DEFAULT_CSS = """
    StepPane {
        dock: bottom;
        width: 100%;
        height: auto;
        max-height: 22vh;  /* 3 threads at 24 rows, 6 at 40: it scrolls, the panes keep their rows */
        margin-bottom: 1;  /* docked to the bottom as the footer is: above it, not under it */
        display: none;
        border: round $warning;
        border-title-style: bold;
        /* Textual draws a scrollbar inside the padding: none on the right, so the bar of a list
           longer than the pane stands against the border, not a stray mark a cell inside it */
        padding: 0 0 0 1;
        scrollbar-size-vertical: 1;
    }
    StepPane.-on {
        display: block;
    }
    StepPane:focus {
        border: round $accent;
    }
    """

    class Picked(Message):
        """The user chose a thread to take its next step."""

        def __init__(self, side: str, run: int, number: int, label: str) -> None:
            super().__init__()
            self.side, self.run, self.number, self.label = side, run, number, label

    def __init__(self, stepper: Stepper, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.stepper = stepper
        self._shown: tuple[object, ...] | None = None
        self._latest_run: int | None = None
        self._views: dict[str, ThreadView] = {}

    def on_mount(self) -> None:
        self.border_title = tr("step.title", self.lang)
        self.border_subtitle = tr("step.keys", self.lang)

    def apply_update(self, update: Update) -> None:
        """In step mode, the threads of the latest run as the stepper holds them."""
        if update.stepping:
            self.show(self.stepper.snapshot(), update.latest_run)

    def switch(self, on: bool) -> None:
        """Show or hide the pane (empty until a thread waits to step); the screen's ``-stepping``
        class lets a short one give the other panes their rows back (``app.tcss``)."""
        self.set_class(on, "-on")
        self.screen.set_class(on, "-stepping")
        if not on:
            self._shown = None

    def show(self, views: list[ThreadView], latest_run: int | None) -> None:
        """List ``views`` (the clients of ``latest_run`` with their digit key); nothing is redrawn
        when they are what is listed already."""
        shown = (latest_run, *views)
        if shown == self._shown:
            return
        self._shown = shown
        self._latest_run = latest_run
        keep = self.highlighted_option.id if self.highlighted_option is not None else None
        self._views = {_key(v): v for v in views}
        ready = sorted(views, key=lambda v: v.state != HELD)
        self.clear_options()
        if not ready:
            self.add_option(Option(Text(tr("step.none", self.lang), style="dim"), disabled=True))
            return
        self.add_options([Option(self._line(v), id=_key(v), disabled=v.state != HELD) for v in ready])
        if keep in self._views and self._views[keep].state == HELD:
            self.highlighted = self.get_option_index(keep)

    def _line(self, view: ThreadView) -> Text:
        """``r1.3 ready: connect``, ``#2 waits for the lock``, ``r1.1 in recv``: as data, never markup."""
        step = step_name(view.step or "-", self.lang)  # "turn" in the app's language
        if view.state == HELD:
            keyed = view.side == CLIENT and view.run == self._latest_run and view.number <= 9
            key = "step.held_client" if keyed else "step.held"
            return Text(tr(key, self.lang, who=view.label, step=step, digit=view.number), style="bold")
        if view.state == BLOCKED:
            what = tr(f"step.waits_{view.mode}", self.lang) if view.mode else view.waits_for
            return Text(tr("step.blocked", self.lang, who=view.label, what=what), style="yellow")
        return Text(tr("step.running", self.lang, who=view.label, step=step), style="dim")

    async def _on_click(self, event: events.Click) -> None:
        """A click highlights the thread clicked and takes no step: Enter (or its digit) steps it."""
        event.prevent_default()  # OptionList's own click would select, which steps
        clicked = event.style.meta.get("option")
        if clicked is not None and not self.get_option_at_index(clicked).disabled:
            self.highlighted = clicked
        self.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        view = self._views.get(event.option.id or "")
        if view is not None:
            self.post_message(self.Picked(view.side, view.run, view.number, view.label))


def _key(view: ThreadView) -> str:
    return f"{view.side}-{view.run}-{view.number}"
