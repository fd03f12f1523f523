"""Notes said where the user is: a key or a palette entry of the main screen chosen on a screen
that does not show the events pane (the comparison, the timeline) has the notes it made there
notified as well, and a launch says where its run is (held in step mode, on the main screen).
What a key makes the events pane say later is notified there too: the runs ``k`` stopped (once
the stop is over), the server ``x`` stopped or ``a`` started. A launch's notification that says its
run is long or held goes when the run ends: then it would say what is no longer so.

The screens over the main one (experiments, exhibits, help, export) take no key of it but quit,
help and export, and their palettes offer no launch (``keys.named_commands``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from textual.actions import ActionParseResult
from textual.dom import DOMNode
from textual.notifications import Notification
from textual.screen import Screen

from server_core.wire import address

from .lab_control import LONG_RUN, port_held, run_length
from .localized_app import LocalizedApp
from .screen_sizes import STACKED
from .screens.timeline import TimelineScreen
from .strings import tr

if TYPE_CHECKING:
    from server_core import RunSummary

    from .lab_control import LabControl
    from .session import Session
    from .widgets.events_pane import EventsPane


class SaysElsewhere(LocalizedApp):
    """A :class:`LocalizedApp` that keeps the notes an action makes (:meth:`heard`) and, for an
    action run on a screen other than the main one that is not modal, notifies them, less those
    the action notified itself, then where the run it launched is."""

    lab: LabControl
    session: Session  # where the server listens, as the events pane says it
    events: EventsPane  # where the app's notes go
    _heard: list[str] | None = None  # the notes of the action being run, in order
    _notified: list[str] | None = None  # what it notified itself
    _unserved: Mapping[int, str | None] = {}  # runs launched with the server stopped: where to
    _said_of_runs: Mapping[int, Notification] = {}  # a launch's notification the run's end makes false
    _start_asked = False  # a key started a server that binds in a worker, off the events pane's sight

    def no_server_said(self, run: int, target: tuple[str, int]) -> None:
        """Say at launch that the lab's server is stopped, so ``run``'s connects to ``target``
        are refused (in step mode: held, refused once stepped), and keep it to say again under
        the run's end should no client connect (:meth:`unserved_said`); or, where another
        program listens there, that the clients go to it and wait for its reply."""
        where = address(target)
        if port_held(*target):
            self.say("note.launch_port_held", "warning", 10, run=run, address=where)
            return
        key = "note.step_no_server" if self.lab.step_mode else "note.launch_no_server"
        self._unserved = {**self._unserved, run: where}
        self.say(key, "warning", 10, run=run, address=where)

    def unserved_said(self, finished: list[tuple[int, RunSummary]]) -> None:
        """Under the end of each run of ``finished`` launched with the lab's server stopped that no
        client connected in, say why again: its refused connects pushed the launch's words out of
        sight at 80x24. A notification of their launch that said they take long or are held is
        taken down: they no longer do, nor are."""
        self._started_said()
        for run, _ in finished:
            self.withdraw(self._said_of_runs.get(run))
        self._said_of_runs = {run: n for run, n in self._said_of_runs.items() if run not in dict(finished)}
        for run, summary in finished:
            if run in self._unserved and not summary.connected_order:
                self.note("note.launch_no_server", run=run, address=self._unserved[run])
        self._unserved = {run: where for run, where in self._unserved.items() if run not in dict(finished)}

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Run ``action`` as Textual does (a key's, a palette entry's), hearing its notes."""
        screen, launched, listening = self.screen, self.lab.launched, self.session.listening
        outer, self._heard, self._notified = (self._heard, self._notified), [], []
        try:
            return await super().run_action(action, default_namespace, namespaces)
        finally:
            heard = [said for said in self._heard if said not in self._notified]
            if not self._notified:  # a failure to listen, notified, says the rest
                heard += self._server_moved(listening)
            self._heard, self._notified = outer
            if self.screen_stack and screen is not self.screen_stack[0] and not screen.is_modal:
                self._tell(heard, list(range(launched + 1, self.lab.launched + 1)), screen)

    def heard(self, said: str) -> str:
        """The words of a note the app made (in the events pane), kept while an action runs;
        returns them, to be written in place."""
        if self._heard is not None:
            self._heard.append(said)
        return said

    def notes_in_sight(self) -> bool:
        """Whether the events pane's end, where a note goes, is in view: the main screen on top,
        the pane following its end, and (in one scrolling column, below 70 columns) its last row
        on the screen. Then a notification of the note would only cover it."""
        pane = self.events
        if not (self.screen_stack and self.screen is self.screen_stack[0] and pane.following):
            return False
        if self.size.width >= STACKED:  # the panes side by side: none is scrolled out of view
            return True
        region = pane.region  # none before the first layout
        return bool(region) and self.screen.region.contains(region.x, region.bottom - 1)

    def notice(self, message: str, **options: Any) -> Notification:
        """As :meth:`LocalizedApp.notice` (``title``, ``severity``, ``timeout``), which every plain
        notification goes through; what an action notifies is not notified again after it."""
        if self._notified is not None:
            self._notified.append(message)
        return super().notice(message, **options)

    def _server_moved(self, before: str | None) -> list[str]:
        """What the events pane says of the server an action stopped or started, listening
        ``before`` on that address (None: not listening): the server's own event, not a note."""
        now = self.session.listening
        if now is None and self.session.starting is not None:  # bound in a worker: said once it listens
            self._start_asked = True
            return []
        if now == before:
            return []
        if now is None:
            return [tr("server.stopped", self.lang)]
        return [tr("status.listening", self.lang, address=now)]

    def _started_said(self) -> None:
        """Once the server a key started in a worker listens, say where if the events pane is out
        of sight (a failure to bind says itself)."""
        if not self._start_asked or self.session.starting is not None:
            return
        self._start_asked = False
        if (now := self.session.listening) is not None and not self.notes_in_sight():
            self.notify(tr("status.listening", self.lang, address=now), markup=False)

    def _tell(self, heard: list[str], launched: list[int], screen: Screen) -> None:
        """Notify the ``heard`` notes of an action run on ``screen``, and where the last run it
        ``launched`` is: held in step mode (stepped on the main screen), or on the main screen
        (from a screen that does not draw runs: not the timeline). A notification that says the
        run is held or long is kept to be taken down at its end (:meth:`unserved_said`)."""
        held = bool(launched) and self.lab.step_mode and not self.lab.step_paused
        if held:
            heard.append(tr("note.elsewhere_held", self.lang, run=launched[-1]))
        elif launched and not isinstance(screen, TimelineScreen):
            heard.append(tr("note.elsewhere_launched", self.lang, run=launched[-1]))
        if not heard:
            return
        notification = self.notice("\n".join(heard))
        if held or any(self._long(run) for run in launched):
            self._said_of_runs = {**self._said_of_runs, **dict.fromkeys(launched, notification)}

    def _long(self, number: int) -> bool:
        """Whether run ``number`` of the lab, if still going, takes over LONG_RUN seconds of holds."""
        for run in self.lab.runs:
            if run.run == number:
                config = run.config
                return run_length(config.order, config.n, config.hold) > LONG_RUN
        return False
