"""The step-mode pane: the threads ready to take a step, each with its next step, and the threads
blocked waiting for a lock, a semaphore slot or the queue, with what they wait for.

It is redrawn from a :meth:`server_core.stepping.Stepper.snapshot` read on the app's drain timer,
only when the snapshot changed, in one stable order: each client (by run and launch number), then
the handler serving it (``#8 = r3.2``, paired by :func:`server_core.pairing.handlers_of` on the
session's lanes), then handlers of no client listed; so a row stays where it was while its thread
steps. Enter on a thread, or a click on the highlighted row of the focused pane, posts
:class:`StepPane.Picked`; a first click only highlights it. The pane highlights its first
thread when it takes the focus with none highlighted (``h``, Tab, a click), so the row a key
acts on is in sight and ``Down`` goes to the second. Why a picked thread could not step is
the pane's first line for a few seconds (:meth:`StepPane.answer`): a notification there covered
the rows it spoke of at 80x24.
"""

from __future__ import annotations

from typing import cast

from rich.text import Text
from textual import events
from textual.message import Message
from textual.timer import Timer
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from server_core import CLIENT, SERVER, Timeline
from server_core.pairing import handlers_of
from server_core.step_hook import HOLD
from server_core.stepping import BLOCKED, HELD, ThreadView

from ..lab_control import LabControl
from ..localized_app import LocalizedApp
from ..session import Update
from ..strings import TEXTS, step_name, tr
from ..wrapping import Wrapped
from .rows_below import RowsBelow
from .scrolls_at_once import ScrollsAtOnce

STEP_ANSWER = 4.0  # seconds: how long the answer to a thread picked that cannot step stays in sight
ANSWER = "answer"  # the id of the answer's line atop the threads


class StepPane(OptionList, RowsBelow, ScrollsAtOnce):
    """One line per stepped thread: each client, then its handler."""

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
    StepPane.-answered {
        max-height: 32vh;  /* room for the answer's line or two: the threads keep their rows */
    }
    StepPane > .option-list--option-disabled {
        color: $text;  /* the answer, read at once; the empty list's words are dim of their own */
    }
    """

    class Picked(Message):
        """The user chose a thread to take its next step."""

        def __init__(self, side: str, run: int, number: int, label: str) -> None:
            super().__init__()
            self.side, self.run, self.number, self.label = side, run, number, label

    def __init__(self, lab: LabControl, timeline: Timeline, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lab, self.stepper, self.timeline = lab, lab.stepper, timeline
        self._shown: tuple[object, ...] | None = None
        self._latest_run: int | None = None
        self._views: dict[str, ThreadView] = {}
        self._serving: dict[int, tuple[int, int]] = {}  # handler number -> (run, number) of its client
        self._paired_at: float | None = None  # the timeline's latest time at the last pairing
        self._step_paused = False  # as the pane says it: the lab's step_paused at the latest update
        self._rows_below_said = ""  # what the title says of the rows below the view
        self._answer: str | None = None  # why the thread picked last could not step, shown atop
        self._answer_timer: Timer | None = None
        self._ahead = 0  # options listed before the threads: 1 while an answer is shown
        self._focused_by_click = False  # the click under way gave the pane the focus: it only highlights

    def on_mount(self) -> None:
        self.say_rows_below("")

    def say_rows_below(self, said: str) -> None:
        """The threads below the view are said in the title: the bottom border has the keys, those
        that work now (paused, the launches that hold again and p, not the digits and g)."""
        self._rows_below_said = said
        title = tr("step.title_paused" if self._step_paused else "step.title", self.lang)
        self.border_title = " · ".join(filter(None, (title, said)))
        self.border_subtitle = tr("step.keys_paused" if self._step_paused else "step.keys", self.lang)

    def apply_update(self, update: Update) -> None:
        """In step mode, the threads of the latest run as the stepper holds them; paused (after a
        ``g``, until the next launch: the lab's :attr:`~tui_app.lab_control.LabControl.step_paused`),
        the title and an empty list say that no new thread is held."""
        if update.stepping:
            if (paused := self.lab.step_paused) != self._step_paused:
                self._step_paused = paused
                self.say_rows_below(self._rows_below_said)
                if paused:
                    self.drop_answer()  # it spoke of holds that g has let go
            self.show(self.stepper.snapshot(), update.latest_run)

    def switch(self, on: bool) -> None:
        """Show or hide the pane (empty until a thread waits to step); the screen's ``-stepping``
        class lets a short one give the other panes their rows back (``app.tcss``)."""
        self.set_class(on, "-on")
        self.screen.set_class(on, "-stepping")
        if not on:
            self.drop_answer()
            self._shown = None

    def answer(self, key: str, who: str) -> None:
        """Say why thread ``who`` (``r1.2``, ``#8``) could not step, in ``key``'s words with what
        it does now (:meth:`doing`): a line in the events pane, and the pane's first line for
        :data:`STEP_ANSWER` seconds, in place of the answer before it (with the main screen under
        another, or out of step mode, a notification: the pane is out of sight)."""
        app = cast(LocalizedApp, self.app)
        thread = self.doing(who)
        app.note(key, who=who, thread=thread)
        self._answer = tr(key, self.lang, who=who, thread=thread)
        if self._answer_timer is not None:
            self._answer_timer.stop()
        self._answer_timer = self.set_timer(STEP_ANSWER, self.drop_answer)
        if not (self.has_class("-on") and self.screen.is_current):
            app.say_failed("step", self._answer, "information", STEP_ANSWER)
        self.set_class(True, "-answered")
        self.show(self.stepper.snapshot(), self._latest_run)

    def drop_answer(self) -> None:
        """Take the answer down (from the pane, and a notification of it), if one is shown."""
        cast(LocalizedApp, self.app).say_fixed("step")
        if self._answer is not None:
            self._answer = None
            self.set_class(False, "-answered")
            self.show(self.stepper.snapshot(), self._latest_run)

    def show(self, views: list[ThreadView], latest_run: int | None) -> None:
        """List ``views`` (the clients of ``latest_run`` with their digit key); nothing is redrawn
        when they, and the clients their handlers serve, are what is listed already. The
        highlight stays on its thread, or where it was when that thread ended."""
        self._latest_run = latest_run
        listed = self._in_order(views)
        answer = self._answer
        shown = (latest_run, self._step_paused, answer, *[(v, self._serving.get(v.number)) for v in listed])
        if shown == self._shown:
            return
        answered = answer is not None and (self._shown is None or self._shown[2] != answer)
        self._shown = shown
        kept = self.highlighted_option.id if self.highlighted_option is not None else None
        row, top = self.highlighted, 0 if answered else self.scroll_y  # a new answer in sight
        row = None if row is None else max(0, row - self._ahead)
        self._views = {_key(v): v for v in views}
        self.clear_options()
        self._ahead = int(answer is not None)
        if answer is not None:
            self.add_option(Option(Wrapped(self._answer_line(answer)), id=ANSWER, disabled=True))
            self.add_option(None)  # a separator, no option: the threads' rows start under it
        if not listed:
            none = tr("step.paused" if self._step_paused else "step.none", self.lang)
            self.add_option(Option(Wrapped(Text(none, style="dim")), disabled=True))  # zh: between characters
            return
        self.add_options([Option(Wrapped(self._line(v)), id=_key(v)) for v in listed])  # zh: none alone
        if kept in self._views:
            self.highlighted = self.get_option_index(kept)
        elif row is not None:
            self.highlighted = self._ahead + min(row, len(listed) - 1)
        elif self.has_focus:  # the first threads listed in a pane that has the focus
            self.action_first()
        self.scroll_to(y=top, animate=False, immediate=True)
        if self.highlighted is not None:
            self.scroll_to_highlight()

    def _answer_line(self, answer: str) -> Text:
        """``answer`` after its label (``not stepped``, reversed), in italics: read as the answer
        to a pick, never as one more thread's row (it begins with the thread's row's words)."""
        label = tr("step.answer_label", self.lang)
        return Text.assemble((f" {label} ", "bold reverse"), " ", (answer, "italic"))

    def _in_order(self, views: list[ThreadView]) -> list[ThreadView]:
        """``views`` in the pane's order: each client, then the handlers serving it; then the rest."""
        handlers = [v for v in views if v.side == SERVER]
        if any(v.number not in self._serving for v in handlers):
            self._pair(views)

        def place(view: ThreadView) -> tuple[int, int, int, int]:
            if view.side == CLIENT:
                return (0, view.run, view.number, 0)
            served = self._serving.get(view.number)
            return (0, *served, 1) if served else (1, 0, view.number, 0)

        return sorted(views, key=place)

    def _pair(self, views: list[ThreadView]) -> None:
        """Learn which client each listed handler serves, by the one pairing rule, from the lanes
        of the listed runs (once per new event: a connection from outside pairs with none)."""
        if self._paired_at == self.timeline.latest:
            return
        self._paired_at = self.timeline.latest
        numbers = {v.number for v in views if v.side == SERVER}
        handlers = self.timeline.lanes(where=lambda key: key[0] == SERVER and key[2] in numbers)
        runs = {v.run for v in views if v.side == CLIENT} | {self._latest_run or 0}
        clients = self.timeline.lanes(where=lambda key: key[0] == CLIENT and key[1] in runs)
        for run in runs:
            mine = [lane for lane in clients if lane.run == run]
            for number, lane in handlers_of(mine, handlers).items():
                self._serving[lane.client] = (run, number)

    def label_of(self, view: ThreadView) -> str:
        """``view``'s label, a handler's with the client it serves: ``#8 = r3.2``."""
        served = self._serving.get(view.number) if view.side == SERVER else None
        return f"{view.label} = r{served[0]}.{served[1]}" if served else view.label

    def _line(self, view: ThreadView) -> Text:
        """``r1.3 ready: connect (key 3)``, ``#2 = r1.2 ready: read (no key: click it, then
        Enter)``, ``r1.2 waiting for its turn (the lock)``, ``r1.1 in a step: recv, waiting for the
        server's reply``, ``r1.1 in its hold``: as data, never markup."""
        step = step_name(view.step or "-", self.lang)  # "turn" in the app's language
        who = self.label_of(view)
        if view.state == HELD:
            keyed = view.side == CLIENT and view.run == self._latest_run and view.number <= 9
            key = "step.held_client" if keyed else "step.held_handler" if view.side == SERVER else "step.held"
            return Text(tr(key, self.lang, who=who, step=step, digit=view.number), style="bold")
        if view.state == BLOCKED:
            what = tr(f"step.waits_{view.mode}", self.lang) if view.mode else view.waits_for
            return Text(tr("step.blocked", self.lang, who=who, what=what), style="yellow")
        if view.step == HOLD:
            return Text(tr("step.in_hold", self.lang, who=who), style="dim")
        if (doing := f"step.doing_{view.side}_{view.step}") in TEXTS:  # what the call waits for
            said = tr("step.running_doing", self.lang, who=who, step=step, doing=tr(doing, self.lang))
            return Text(said, style="dim")
        return Text(tr("step.running", self.lang, who=who, step=step), style="dim")

    def doing(self, label: str) -> str:
        """What the thread ``label`` (``r1.2``, ``#8``) does now, as its row says it (``r1.2 in its
        hold``), read from the stepper at once; the label alone for a thread no longer stepped."""
        view = next((v for v in self.stepper.snapshot() if v.label == label), None)
        return self._line(view).plain if view is not None else label

    def focus_on_click(self) -> bool:
        """Take the focus on a press of the mouse, noting whether the press gave it (Textual asks
        before it focuses the pane: by the click that follows, the pane has the focus)."""
        self._focused_by_click = not self.has_focus
        return True

    def on_focus(self, event: events.Focus) -> None:
        """Highlight the first thread if none is: the row a key acts on is always in sight."""
        if self.highlighted is None:
            self.action_first()

    def action_select(self) -> None:
        """Enter: step the highlighted thread; with none listed yet (keys typed ahead of a launch's
        first threads), say so, where the key was dropped without a word."""
        option = self.highlighted_option
        if option is None or option.disabled or option.id not in self._views:
            self.answer("note.step_none_yet", "")
            return
        super().action_select()

    def action_cursor_down(self) -> None:
        """As OptionList's, from the first thread when none is highlighted: a Down in one read with
        the ``h`` that focused the pane is handled before the pane hears of its focus, and moved
        to the first thread, where Down after the focus moves to the second."""
        if self.highlighted is None:
            self.action_first()
        super().action_cursor_down()

    async def _on_click(self, event: events.Click) -> None:
        """A click highlights the thread clicked; a click on the row already highlighted in the
        focused pane steps it, as Enter does (or says why it cannot step now), but not the click
        that gave the pane the focus (and so may have highlighted its first row)."""
        event.prevent_default()  # OptionList's own click selects at once: a first click only highlights
        clicked = event.style.meta.get("option")
        focused_before, self._focused_by_click = not self._focused_by_click, False
        if clicked is not None and not self.get_option_at_index(clicked).disabled:
            if clicked == self.highlighted and self.has_focus and focused_before:
                self.action_select()
            self.highlighted = clicked
        self.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        view = self._views.get(event.option.id or "")
        if view is not None:
            self.post_message(self.Picked(view.side, view.run, view.number, view.label))


def _key(view: ThreadView) -> str:
    return f"{view.side}-{view.run}-{view.number}"
