"""The tcp-lab app: the engine's server in a worker, its events drained onto the screen in batches.

Network threads only call ``EventBus.emit``; a timer drains the bus about 25 times a second, folds
each chunk into the ``Session`` and hands its ``Update`` to every pane; keys are ``keys.BINDINGS``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Grid
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Input
from textual.worker import Worker

from server_core import EventBus, Order, ServerConfig
from server_core.playback import EventSource
from server_core.processes import Run, settled
from server_core.recording import Recording
from server_core.wire import address

from . import keys, screen_sizes
from .collector import Collector
from .comparison import ComparisonPlan
from .form import client_settings, language_defaults, launch_order, server_settings
from .lab_control import LabControl, length_said
from .legible import LegibleApp
from .option_table import server_config
from .replay import Replay
from .run_stops import RunStops
from .said_elsewhere import SaysElsewhere
from .screens.timeline import TimelineScreen
from .screens.whole_characters import keep_wide_characters
from .server_starts import ServerStarts
from .session import DRAIN_CHUNK, Pane, Session, Update
from .side_work import SideWork
from .strings import localize_bindings, named_choices, os_reason, tr
from .themes import HIGH_CONTRAST, theme_refused, themes
from .views import Views
from .widgets.clients_table import ClientsTable
from .widgets.controls import CLIENT_FIELDS, Controls, Field
from .widgets.conversation import ConversationPane
from .widgets.events_pane import EventsPane
from .widgets.footer import FittingFooter
from .widgets.status import StatusLine
from .widgets.step_pane import StepPane

__all__ = ["HIGH_CONTRAST", "LabApp", "run_app", "themes"]
DRAIN_PERIOD = 1 / 25  # seconds between batches taken from the event queue
DRAIN_BUDGET = 0.006  # seconds of a tick spent applying events; the rest wait for the next tick
CATCH_UP_PAUSE = 0.001  # seconds left to keys and drawing before a backlog's next budget is applied


class LabApp(SaysElsewhere, LegibleApp):
    """Runs the lab's server, launches client runs and shows every event they report."""

    CSS_PATH = "app.tcss"
    TITLE = "tcp-lab"
    AUTO_FOCUS = None  # the keys work from the start; one Tab reaches the form's first field
    HORIZONTAL_BREAKPOINTS, VERTICAL_BREAKPOINTS = screen_sizes.WIDTHS, screen_sizes.HEIGHTS  # app.tcss
    BINDINGS = keys.BINDINGS  # type: ignore[assignment]

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 8888,
        lang: str = "en",
        bus: EventBus | None = None,
        recording: Recording | None = None,
        theme: str | None = None,
        engine: str = "thread",
    ) -> None:
        super().__init__()
        self.register_theme(HIGH_CONTRAST)
        if theme is not None:
            self.theme = theme  # InvalidThemeError for a name no theme has: run_app says it first
        self.lang = lang  # every widget and screen reads its texts' language here
        self.bus = bus or EventBus()
        self.replay = Replay(recording) if recording is not None else None  # no server for a recording
        self.source: EventSource = self.replay.playback if self.replay is not None else self.bus
        self.lab = LabControl(self.bus, engine)  # "process": the server and each run in a child
        self.session = Session()
        self.server_starts = ServerStarts(self)
        self.run_stops = RunStops(self)
        self.side = SideWork(self)  # experiments and exhibits, in the app's thread workers
        self.views = Views(self)
        self.collector = Collector()
        self._drain_timer: Timer | None = None
        self._catch_up: Timer | None = None  # the next budget's turn while events are left queued
        self._stopping = False
        self._initial = {"host": host, "port": str(port), **language_defaults(lang)}
        localize_bindings(self._bindings, self.lang)  # footer and help in the app's language
        # The panes, kept by reference: each takes every update, whichever screen is on top.
        self.status = StatusLine(self.lab, id="status")
        recorded = self.replay.settings(lang) if self.replay is not None else None  # the form's place
        self.controls = Controls(self._initial, recorded, id="controls")
        self.table = ClientsTable(id="clients")
        self.events = EventsPane(id="events")
        self.conversation = ConversationPane(id="conversation")
        self.step_pane = StepPane(self.lab, self.session.timeline, id="steps")
        self.panes: list[Pane] = [self.status, self.step_pane, self.table, self.conversation, self.events]

    def get_default_screen(self) -> Screen:
        """The main screen, on which a notification never blanks a wide character."""
        return keep_wide_characters(super().get_default_screen())

    def compose(self) -> ComposeResult:
        yield self.status
        yield self.step_pane
        with Grid(id="body"):  # placed by app.tcss, differently below and above 120 columns
            yield self.controls
            yield self.table
            yield self.conversation
            yield self.events
        yield FittingFooter(compact=True)
        yield from self.replay.widgets() if self.replay is not None else ()

    def on_mount(self) -> None:
        for pane, key in ((self.controls, "controls"), (self.table, "clients"), (self.events, "events")):
            pane.border_title = tr(f"pane.{key}", self.lang)
        self.conversation.select(None)
        self._drain_timer = self.set_interval(DRAIN_PERIOD, self.drain)
        if self.replay is not None:
            self.replay.opened(self)
        else:
            self.start_server(server_config({**self._initial, "port": int(self._initial["port"])}))
        self.drain()

    # -- the event stream ---------------------------------------------------------------------

    def drain(self, budget: float | None = DRAIN_BUDGET) -> bool:
        """Take what the network threads reported in chunks, for about ``budget`` seconds at most
        (None: all); each chunk is applied to the session, its update handed to the panes. Those left
        stay queued for the next tick: a storm never holds the keys longer. Returns whether some may be."""
        if budget is not None and not self.lab.draw_due():
            return True
        self.events.settled = self.source.now() if self.replay else settled(self.bus)  # all before it queued
        deadline, applied = (None if budget is None else time.perf_counter() + budget), False
        while True:
            batch = self.source.drain(DRAIN_CHUNK)
            if batch or not applied or self.events.notes_waiting:  # a quiet tick too: runs end, notes go in
                ended = self.replay.ended(batch[-1].seq) if self.replay and batch else ()
                self._hand_out(self.session.apply(batch, ended))
            applied = applied or bool(batch)
            if not batch or (deadline is not None and time.perf_counter() >= deadline):
                break
        if self.lab.moving and self.lab.quiet() and not self._stopping:  # what kept the server here is gone
            self.lab.move_server(self.note, self.start_server)
        if batch and self._catch_up is None and not self._stopping:
            self._catch_up = self.set_timer(CATCH_UP_PAUSE, self._catch_up_tick)
        self.collector.drained(applied)
        return bool(batch)

    def _hand_out(self, update: Update) -> None:
        """Give ``update`` to every pane (and to the screen on top, if it takes updates), then do
        what it asks: launch the comparison's next run, or show the comparison."""
        for pane in self.panes:
            pane.apply_update(update)
        top = self.screen_stack[-1] if self.screen_stack else None  # none while shutting down
        if isinstance(top, TimelineScreen):
            top.apply_update(update)
        if update.launch is not None and (plan := self.session.comparison) is not None:
            self._start_run(update.launch, *plan.settings, stepped=False)  # step mode holds no comparison run
        if update.compared is not None:
            self.views.comparison(update.compared)
        self.unserved_said(update.finished)

    def _catch_up_tick(self) -> None:
        self._catch_up = None
        self.drain()

    def draw_now(self) -> None:
        """Apply everything queued and draw every pane at once, not at its next draw time."""
        self.drain(budget=None)
        self.table.draw()
        self.events.flush()
        self.conversation.flush()

    def note(self, key: str, at: float | None = None, **values: object) -> None:
        """The app's own line in the events pane, timed ``at`` (None: now), after what came before."""
        said = tr(key, self.lang, **named_choices(values, self.lang))  # an order named as the form does
        self.events.note_in_place(self.heard(said), self.source.now() if at is None else at)
        self.drain()

    # -- the server and the runs --------------------------------------------------------------

    def start_server(self, config: ServerConfig) -> bool:
        """Bind and start the accept loop in a thread worker; on failure say why and go on.
        Whether it listens now (not yet while a server in a child process binds in a worker)."""
        return self.server_starts.start(config)

    def action_start_server(self) -> None:
        """(Re)start the server with the settings in the form."""
        if (config := server_settings(self.controls, self.note)) is not None:
            self.server_starts.stop()
            self.start_server(config)

    def action_stop_server(self) -> None:
        if not self.server_starts.stop():
            self.note("note.no_server")

    def action_launch(self, mode: str | None = None) -> None:
        """Launch N clients in ``mode`` (the form's order when None); nothing when a field is wrong."""
        if self.server_starts.later(self.action_launch, mode):  # once the server being started listens
            return
        reads_order = mode in (None, "semaphore")  # the form's order, and semaphore's K: no other mode
        if (settings := client_settings(self.controls, self.lab, self.note, reads_order)) is not None:
            values = settings[0]
            self._start_run(launch_order(self.controls, mode, values), *settings)

    def _start_run(
        self, order: Order, values: dict, target: tuple[str, int], stepped: bool = True
    ) -> Run | None:
        at = self.source.now()  # timed before any event
        try:
            run = self.lab.launch(order, values, target, stepped)
        except OSError as exc:  # no thread or process left for it: said once, the app goes on
            self.session.stop_comparison()  # its next run would fail alike
            self.say("note.cannot_launch", "error", 10, reason=os_reason(exc, self.lang))
            return None
        self.session.launched(run.run)
        self.note("note.launched", at, run=run.run, n=values["n"], order=order, address=address(target))
        if stepped and not self.lab.step_mode and (said := length_said([order], values)):  # a comparison:
            self.note("note.long_run", run=run.run, **said)  # said at its start; step mode: held
        if stepped and self.lab.server is None:  # refused now, or held and refused once stepped
            self.no_server_said(run.run, target)
        return run

    def action_stop_clients(self) -> None:
        if self.session.stop_comparison():  # a comparison in progress launches nothing more
            self.note("note.comparison_stopped")
        self.run_stops.stop()  # in a worker; their finished events say so, for the panes

    def action_replay(self, what: str) -> None:
        """Replay the recording: ``play`` (or pause), ``step``, ``faster``, ``slower``, ``restart``."""
        if self.replay is not None:
            self.replay.act(self, what)
            self.drain()

    def action_bytes(self) -> None:
        """Show or hide each message of the conversation as its bytes."""
        self.conversation.toggle_bytes()

    def action_step_mode(self) -> None:
        """Toggle step mode; leaving it lets every held thread go at once."""
        self.session.stepping = on = self.lab.switch_step_mode()
        self.step_pane.switch(on)
        self.refresh_bindings()  # the threads pane's focus key comes and goes with it
        self.note("note.step_on" if on else "note.step_off")
        self.lab.move_server(self.note, self.start_server)

    def action_step_go(self) -> None:
        """Let every thread run freely to its end (step mode stays on for the next run)."""
        if self.lab.step_mode:
            self.lab.stepper.go()
            self.note("note.step_go")  # the step pane drops a step's answer: g let its thread go

    def action_step_pick(self, number: int) -> None:
        """Let client ``number`` of the latest run take its next step."""
        if (said := self.lab.pick(number)) is not None:
            self._not_stepped(said, self.lab.client_label(number))

    def on_step_pane_picked(self, message: StepPane.Picked) -> None:
        if not self.lab.stepper.pick(*(its := (message.side, message.run, message.number))):
            self._not_stepped(self.lab.not_held(*its), message.label)

    def _not_stepped(self, key: str, who: str) -> None:
        """Why thread ``who`` did not step when picked: in the events pane and atop the step pane."""
        self.step_pane.answer(key, who)

    # -- keys, palette, help ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Live keys are off in a recording, replay keys off in a live lab (see keys.allowed)."""
        threads_shown = self.lab.step_mode and keys.main_shown(self.screen_stack)
        return keys.allowed(action, self.replay is not None, threads_shown)

    def named_commands(self, screen: Screen) -> Iterable[tuple[SystemCommand, str]]:
        """The app's keys, experiments, exhibits, Textual's commands (see keys.named_commands)."""
        return keys.named_commands(self, screen, App.get_system_commands(self, screen))

    def action_help(self) -> None:
        self.views.help()

    # -- screens and side work ----------------------------------------------------------------

    def action_experiments(self, name: str | None = None) -> None:
        """Open (or close) the experiments screen; with ``name`` (the palette), run that one."""
        self.side.open_experiments(name)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.side.ended(event)
        self.server_starts.ended(event)
        self.run_stops.ended(event)

    def action_exhibits(self, name: str | None = None, safe: bool = False) -> None:
        """Open (or close) the lock exhibits; with ``name`` (the palette), run that exhibit (or its fix)."""
        self.side.open_exhibits(name, safe)

    def action_timeline(self) -> None:
        """Show the timeline of the latest run (or go back from it)."""
        self.views.timeline()

    def action_export(self) -> None:
        """Ask for a file name and write the whole event history there."""
        self.views.export()

    def action_compare(self) -> None:
        """Run the form's N and hold in each client mode, one after another, then compare them."""
        if (session := self.session).comparison is not None or self.server_starts.later(self.action_compare):
            return
        if self.replay is not None:  # a recording: its runs, as they were, or why none
            self.replay.compare(self)
            return
        if (settings := client_settings(self.controls, self.lab, self.note)) is None:
            return
        plan = ComparisonPlan(settings)
        session.compare(plan)
        said = "note.comparing_unheld" if self.lab.step_mode else "note.comparing"  # step mode holds none
        if length := length_said(plan.pending, plan.settings[0]):  # first: a note launches the first run
            self.note("note.long_comparison", **length)
        self.note(said, orders=" ".join(str(order) for order in plan.pending))
        self.drain()  # its first run starts now, unless a run goes on
        if not isinstance(self.screen, TimelineScreen):
            self.views.timeline()

    # -- the form and the table ---------------------------------------------------------------

    def action_rows(self, move: str, amount: int) -> None:
        """Move the clients table's cursor: ``move`` is one of its actions (cursor, page, cursor_to)."""
        getattr(self.table, f"action_{move}")(amount)

    def action_leave_field(self) -> None:
        """Escape: the focused field lets go, so the app's keys work again (Tab comes back to N)."""
        if isinstance(self.focused, Input):
            self.set_focus(None)

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a client field launches the form's run; in a server field, restarts the server."""
        if isinstance(event.input, Field):
            client_ids = {spec.id for spec in CLIENT_FIELDS}
            await self.run_action("launch" if event.input.spec.id in client_ids else "start_server")

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        """Each button does what its key does."""
        if event.button.id in keys.BUTTONS:
            await self.run_action(keys.BUTTONS[event.button.id])

    def on_clients_table_highlighted(self, event: ClientsTable.Highlighted) -> None:
        conn = self.session.book.connections.get(event.key) if event.key is not None else None
        self.conversation.select(conn)

    # -- quitting -----------------------------------------------------------------------------

    async def action_quit(self) -> None:
        self.stop_everything()
        self.exit(0)

    def stop_everything(self) -> None:
        """Free the port first, then end every client run; idempotent, bounded in time."""
        self._stopping = True
        for timer in filter(None, (self._drain_timer, self._catch_up)):
            timer.stop()
        self.session.stop_comparison()
        self.lab.stop_everything()
        self.server_starts.quit()
        self.side.stop()
        self.collector.release()

    def on_unmount(self) -> None:
        self.stop_everything()

    def _fatal_error(self) -> None:
        """A crash: free the port and end the clients first, or the blocked accept() would keep
        the process from ending (Textual then prints the traceback and the exit code is 1)."""
        self.stop_everything()
        super()._fatal_error()


def run_app(
    host: str,
    port: int,
    lang: str,
    recording: Recording | None = None,
    theme: str | None = None,
    engine: str = "thread",
) -> int:
    """Open the app (on ``recording`` instead of a server, if given) with its server and clients
    on ``engine`` (``thread``: in the app's process; ``process``: each in a process of its own);
    returns the exit code: the app's own, 2 for a theme no one has, or 1 after a crash (Textual
    has then printed the traceback)."""
    if theme_refused(theme, lang):
        return 2
    app = LabApp(host, port, lang, recording=recording, theme=theme, engine=engine)
    result = app.run()
    return app.return_code or result or 0
