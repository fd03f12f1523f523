"""The tcp-lab app: the engine's server in a worker, its events drained onto the screen in batches.

Network threads only ever call ``EventBus.emit``; a timer drains the bus about 25 times a second
and applies each batch to the panes at once. Keys are app-wide bindings (``BINDINGS`` below is
the one table: footer, help screen and command palette are built from it).
"""

from __future__ import annotations

import itertools
import os
import sys
import threading
import time
from collections.abc import Iterable
from functools import partial

from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.containers import Grid
from textual.screen import Screen
from textual.theme import BUILTIN_THEMES, Theme, ThemeProvider
from textual.timer import Timer
from textual.widgets import Button, Input
from textual.worker import Worker

from server_core import (
    CLIENT,
    ClientConfig,
    Event,
    EventBus,
    Order,
    RunSummary,
    ServerConfig,
    Timeline,
    is_loopback,
    summarize,
)
from server_core.exhibits import NAMES as EXHIBIT_NAMES
from server_core.experiments import NAMES as EXPERIMENT_NAMES
from server_core.experiments import run_experiment
from server_core.playback import EventSource
from server_core.processes import ProcessRun, Run, Server, draw_behind, make_run, make_server
from server_core.recording import Recording
from server_core.sockopts import SERVER_DEFAULTS
from server_core.stepping import Stepper

from . import options
from .collector import Collector
from .comparison import ComparisonPlan, order_for
from .connections import ConnectionBook
from .experiment_runs import ExperimentRuns, failed
from .replay import Replay
from .screens.comparison import ComparisonScreen
from .screens.exhibits import ExhibitsScreen
from .screens.experiments import ExperimentsScreen
from .screens.export import ExportScreen
from .screens.help import HelpScreen
from .screens.timeline import TimelineScreen
from .strings import TEXTS, localize_bindings, os_reason, shown_path, tr
from .verdict import summary_line, verdict
from .widgets.clients_table import ClientsTable
from .widgets.controls import CLIENT_FIELDS, SERVER_FIELDS, Controls, Field
from .widgets.conversation import ConversationPane
from .widgets.events_pane import EventsPane
from .widgets.footer import FittingFooter
from .widgets.status import StatusLine
from .widgets.step_pane import StepPane
from .widgets.timeline import TimelineView

DRAIN_PERIOD = 1 / 25  # seconds between batches taken from the event queue
DRAIN_BUDGET = 0.006  # seconds of a tick spent applying events; the rest wait for the next tick
DRAIN_CHUNK = 500  # events taken from the queue at a time, between two looks at the clock
CATCH_UP_PAUSE = 0.001  # seconds left to keys and drawing before a backlog's next budget is applied
RUN_DRAW_PERIOD = 0.25  # seconds between drains while a run in a process of its own is in flight
TIMELINE_LANES = 20_000  # lanes the timeline keeps; older finished ones are forgotten
STOP_BOUND = 1.5  # seconds quitting may spend stopping client runs
# For a projector or a washed-out screen: white on black, pure colours (``--theme tcp-lab-contrast``).
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


class LabApp(App[int]):
    """Runs a :class:`LabServer`, launches :class:`ClientRun`s and shows every event they report."""

    CSS_PATH = "app.tcss"
    TITLE = "tcp-lab"
    AUTO_FOCUS = None  # the keys work from the start; one Tab reaches the form's first field
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]

    # One row per key. ``id`` names the texts ``key.<id>`` (footer, help) and ``palette.<id>``
    # (command palette). None is a priority binding: a focused field takes every character it is
    # typed (or refuses it with a hint), so typing never launches, restarts or quits; Escape
    # leaves the field and the keys work again.
    BINDINGS = [
        Binding("f", "launch('free')", "free", id="launch_free"),
        Binding("l", "launch('lock')", "lock", id="launch_lock"),
        Binding("s", "launch('semaphore')", "semaphore", id="launch_semaphore", show=False),
        Binding("u", "launch('queue')", "queue", id="launch_queue", show=False),
        Binding("o", "launch('sequential')", "sequential", id="launch_sequential", show=False),
        Binding("r", "launch", "launch", id="launch_form", show=False),
        Binding("k", "stop_clients", "stop clients", id="stop_clients", show=False),
        Binding("a", "start_server", "start server", id="start_server", show=False),
        Binding("x", "stop_server", "stop server", id="stop_server", show=False),
        Binding("e", "experiments", "experiments", id="experiments"),
        Binding("b", "exhibits", "exhibits", id="exhibits"),
        Binding("t", "timeline", "timeline", id="timeline"),
        Binding("c", "compare", "compare", id="compare"),
        Binding("w", "export", "export", id="export", show=False),
        Binding("question_mark", "help", "help", id="help", key_display="?"),
        Binding("q", "quit", "quit", id="quit"),
        Binding("escape", "leave_field", "leave field", id="leave_field", show=False),
        # Tab moves the focus as the app takes the key, before it hands on the keys typed after
        # it (one write from a terminal): those go into the next field, not this one
        Binding("tab", "focus_next", "Focus Next", id="app.focus_next", show=False, priority=True),
        Binding(
            "shift+tab",
            "focus_previous",
            "Focus Previous",
            id="app.focus_previous",
            show=False,
            priority=True,
        ),
        Binding("d", "bytes", "bytes", id="bytes", show=False),
        Binding("space", "replay('play')", "replay", id="replay_play", key_display="space"),
        Binding("n", "replay('step')", "next event", id="replay_step"),
        Binding("greater_than_sign", "replay('faster')", "faster", id="replay_faster", key_display=">"),
        Binding("less_than_sign", "replay('slower')", "slower", id="replay_slower", key_display="<"),
        Binding("R", "replay('restart')", "from the start", id="replay_restart", show=False),
        # step mode: p toggles it, g lets every thread run, 1-9 step the client with that number
        # (the experiments screen's own 1-6 come first)
        Binding("p", "step_mode", "step mode", id="step_mode"),
        Binding("g", "step_go", "run freely", id="step_go", show=False),
        Binding("1", "step_pick(1)", "step", id="step_pick", key_display="1-9", show=False),
        *(Binding(str(n), f"step_pick({n})", "step", show=False) for n in range(2, 10)),
        # With no pane focused, the arrows move the clients table's cursor, as they do inside it.
        Binding("up", "rows('cursor', -1)", show=False),
        Binding("down", "rows('cursor', 1)", show=False),
        Binding("pageup", "rows('page', -1)", show=False),
        Binding("pagedown", "rows('page', 1)", show=False),
        Binding("home", "rows('cursor_to', 0)", show=False),
        Binding("end", "rows('cursor_to', -1)", show=False),
    ]
    LIVE_ONLY = frozenset(  # none in a recording
        {"launch", "stop_clients", "start_server", "stop_server", "step_mode", "step_go", "step_pick"}
    )

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
        self.lang = lang
        self.engine = engine  # "process": the server and each run in a child process; "thread": all here
        self.bus = bus or EventBus()
        self.replay = Replay(recording) if recording is not None else None  # no server for a recording
        self.source: EventSource = self.replay.playback if self.replay is not None else self.bus
        self.book = ConnectionBook()
        self.server: Server | None = None
        self.runs: list[Run] = []
        self.stopped_runs: set[int] = set()  # runs stopped with k before they ended
        self.experiments = ExperimentRuns()
        self.collector = Collector()
        self.timeline = Timeline(TIMELINE_LANES)  # the latest lanes, fed with each drained batch
        self.summaries: dict[int, RunSummary] = {}  # finished runs by number
        self._run_starts: dict[int, int] = {}  # run number -> seq of the last event before its launch
        self._numbers = itertools.count(1)  # connection numbers, shared by every server started here
        self.comparison: ComparisonPlan | None = None
        self._drain_timer: Timer | None = None
        self._help: HelpScreen | None = None
        self._exhibits: ExhibitsScreen | None = None  # kept: a run goes on while the screen is closed
        self._catch_up: Timer | None = None  # the next budget's turn while events are left queued
        self._drained_at = 0.0  # time.monotonic() of the latest drain made while a run was in flight
        self._stopping = False
        self._follow_run: int | None = None  # a run just launched, whose first row the cursor goes to
        self._initial = {"host": host, "port": str(port)}
        localize_bindings(self._bindings, self.lang)  # footer and help in the app's language
        # The panes, kept by reference: they are updated whichever screen is on top.
        self.status = StatusLine(lang, id="status")
        self.controls = Controls(lang, self._initial, id="controls")
        self.table = ClientsTable(lang, id="clients")
        self.events = EventsPane(lang, id="events")
        self.conversation = ConversationPane(lang, id="conversation")
        self.stepper = Stepper(self.bus, holding=False)  # holds the threads of runs launched in step mode
        self.step_mode = False
        self.step_pane = StepPane(lang, id="steps")

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield self.status
        yield self.step_pane
        with Grid(id="body"):  # placed by app.tcss, differently below and above 120 columns
            yield self.controls
            yield self.table
            yield self.conversation
            yield self.events
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        for pane, key in (
            (self.controls, "pane.controls"),
            (self.table, "pane.clients"),
            (self.events, "pane.events"),
        ):
            pane.border_title = tr(key, self.lang)
        self.conversation.select(None)
        self._drain_timer = self.set_interval(DRAIN_PERIOD, self.drain)
        if self.replay is not None:
            self.replay.opened(self)
        else:
            host, port = self._initial["host"], int(self._initial["port"])
            self.start_server(ServerConfig(host=host, port=port))
        self.drain()

    # -- the event stream ---------------------------------------------------------------------

    def drain(self, budget: float | None = DRAIN_BUDGET) -> bool:
        """Apply what the network threads reported, for about ``budget`` seconds at most.

        Events are taken in chunks until the queue is empty or the budget is spent; those left
        stay queued for the next tick, so a storm never holds the keys for longer than a budget
        and the counters catch up exactly. ``budget`` None applies everything queued. The panes
        that grow (table, events) merge what they get and draw it a few times a second, since
        each growth lays out the whole screen. Returns whether events were left queued.
        """
        if budget is not None and self._drawing_yields():
            return False
        deadline = None if budget is None else time.perf_counter() + budget
        applied = False
        while batch := self.source.drain(DRAIN_CHUNK):
            self._apply(batch)
            applied = True
            if deadline is not None and time.perf_counter() >= deadline:
                break
        backlog = bool(batch)
        if backlog and self._catch_up is None and not self._stopping:
            self._catch_up = self.set_timer(CATCH_UP_PAUSE, self._catch_up_tick)
        if applied:
            conversation = self.conversation
            if conversation.connection is not None:
                if conversation.connection.key in self.book.connections:
                    conversation.follow()
                else:
                    conversation.select(None)
        self._follow_new_run()
        reported = self._report_finished_runs()
        book = self.book
        running = sum(not run.done for run in self.runs)
        timeline = self.screen_stack[-1] if self.screen_stack else None  # none while shutting down
        if isinstance(timeline, TimelineScreen):
            if reported:  # a run just ended: its summary shows at once
                timeline.view.refresh_view()
            elif applied or running:
                timeline.view.follow()
        self._advance_comparison()
        recording = self.replay.describe(self.lang) if self.replay is not None else None
        book_counts = (book.active, book.accepted, book.messages)
        self.status.show(self.listening, *book_counts, running, recording, self.step_mode)
        if self.step_mode:
            self.step_pane.show(self.stepper.snapshot(), self.runs[-1].run if self.runs else None)
        self.events.show_accept(book.accept_mode if self.server is not None else None, book.nobody_waiting)
        self.collector.drained(applied)
        return backlog

    def _drawing_yields(self) -> bool:
        """Whether this drain is skipped for a run in flight on the process engine: then the app
        drains every ``RUN_DRAW_PERIOD`` seconds, not every tick, so its drawing leaves the cores
        to the server and the clients whose times it shows (drawing at 25 Hz during a 300-client
        run made their connect-to-reply median 1.3x, p90 2.2x; docs/PERFORMANCE.md). A 300-client
        run with no hold lasts 150-300 ms here: a draw or two fall inside it instead of six."""
        if not any(isinstance(run, ProcessRun) and not run.done for run in self.runs):
            return False
        now = time.monotonic()
        if now - self._drained_at < RUN_DRAW_PERIOD:
            return True
        self._drained_at = now
        return False

    def _catch_up_tick(self) -> None:
        self._catch_up = None
        self.drain()

    def _apply(self, batch: list[Event]) -> None:
        """Fold one chunk of events into the model and hand its changes to the panes."""
        self.timeline.feed(batch)
        changes = self.book.apply(batch)
        self.events.show(batch)
        self.table.apply(changes)

    def draw_now(self) -> None:
        """Apply everything queued and draw every pane at once, not at its next draw time."""
        self.drain(budget=None)
        self.table.draw()
        self.events.flush()
        self.conversation.flush()

    def _follow_new_run(self) -> None:
        """Put the table's cursor (and so the conversation) on the newest run's first client,
        unless the reader is moving the cursor in the table."""
        run = self._follow_run
        if run is None or self.focused is self.table:
            return
        row = self.table.first_row_of_run(run)
        if row is not None:
            self.table.show_from(row)
            self._follow_run = None

    def _report_finished_runs(self) -> int:
        """Summarize the runs that finished since the last call; returns how many did."""
        runs = self.runs
        finished = [(run.run, run.config.n) for run in runs if run.done and run.run not in self.summaries]
        if self.replay is not None:
            finished += self.replay.finished_runs(self.summaries)
        for number, clients in finished:
            self.note_run_done(number, clients)
        return len(finished)

    def note_launch(self, run: int, config: ClientConfig) -> None:
        self._run_starts[run] = self.bus.emitted
        self._follow_run = run
        address = f"{config.host}:{config.port}"
        self.note("note.launched", run=run, n=config.n, order=config.order, address=address)

    def note_run_done(self, run: int, clients: int) -> None:
        """Keep and say the run's summary, computed from every event it emitted (only the events
        since its launch are read, not the whole history)."""
        events = self.source.since(self._run_starts.pop(run, 0))
        summary = self.summaries[run] = summarize(events, clients, run)
        said = tr("note.summary_and_verdict", self.lang, summary=summary_line(summary, self.lang),
                  verdict=verdict(summary, self.lang))
        self.note("note.run_done", run=run, summary=said)

    def note(self, key: str, **values: object) -> None:
        """A line of the app's own in the events pane."""
        self.events.note(tr(key, self.lang, **values), self.source.now())

    @property
    def listening(self) -> str | None:
        """``host:port`` the server listens on, or None."""
        return self.server.address if self.server is not None else None

    # -- the server ---------------------------------------------------------------------------

    def start_server(self, config: ServerConfig) -> bool:
        """Bind and start the accept loop in a thread worker; on failure say why and go on."""
        engine = "thread" if self.step_mode else self.engine  # step mode holds threads of this process
        server = make_server(engine, config, self.bus, self._numbers, stepper=self.stepper)
        try:
            server.bind()
        except OSError as exc:
            key = "note.port_busy" if exc.errno == 98 else "note.cannot_listen"
            self.note(key, host=config.host, port=config.port, reason=exc.strerror or exc)
            self.notify(
                tr(key, self.lang, host=config.host, port=config.port, reason=exc.strerror or exc),
                severity="error",
                timeout=8,
                markup=False,
            )
            return False
        self.server = server
        if not is_loopback(config.host):
            self.note("note.exposed", host=config.host)
            self.notify(
                tr("note.exposed", self.lang, host=config.host), severity="warning", timeout=12, markup=False
            )
        self.run_worker(server.serve_forever, name="accept", group="server", thread=True, exit_on_error=False)
        return True

    def stop_server(self) -> None:
        if self.server is not None:
            server, self.server = self.server, None
            server.stop()

    def action_start_server(self) -> None:
        """(Re)start the server with the settings in the form."""
        values = self.controls.read(SERVER_FIELDS)
        if values is None:
            self.note("note.server_not_restarted", wrong=self.controls.wrong(SERVER_FIELDS))
            return
        self.stop_server()
        config = ServerConfig(
            host=values["host"],
            port=values["port"],
            backlog=values["backlog"],
            order=values["server_order"],
            delay=values["delay"],
            sockopts={**SERVER_DEFAULTS, **values["sockopts"]},
            accept=values["accept"],
        )
        self.start_server(config)

    def action_stop_server(self) -> None:
        if self.server is None:
            self.note("note.no_server")
        self.stop_server()

    # -- clients ------------------------------------------------------------------------------

    def action_launch(self, mode: str | None = None) -> None:
        """Launch N clients in ``mode`` (the form's order when None); nothing when a field is wrong."""
        settings = self._client_settings()
        if settings is None:
            return
        values, _ = settings
        order: Order = values["order"] if mode is None else order_for(mode, values["order"], values["n"])
        self._start_run(order, *settings)

    def _client_settings(self) -> tuple[dict, tuple[str, int]] | None:
        """The form's client values and where they connect; None (and a note) when a field is wrong."""
        controls = self.controls
        values = controls.read(CLIENT_FIELDS)
        target = self._target(controls)
        if values is None or (target is None and controls.wrong(SERVER_FIELDS)):
            wrong = controls.wrong(CLIENT_FIELDS) or controls.wrong(SERVER_FIELDS)
            self.note("note.nothing_launched", wrong=wrong)
            return None
        if target is None:
            return None  # said why (no server to connect to)
        return values, target

    def _start_run(self, order: Order, values: dict, target: tuple[str, int]) -> Run:
        host, port = target
        config = ClientConfig(values["n"], host, port, order, values["hold"], values["message"])
        if self.step_mode:
            self.stepper.hold()  # again, after a g
        stepper = self.stepper if self.step_mode else None
        engine = "thread" if self.step_mode else self.engine  # step mode holds threads of this process
        run = make_run(engine, config, self.bus, len(self.runs) + 1, stepper=stepper)
        self.runs.append(run)
        self.note_launch(run.run, config)
        run.start()
        return run

    def _target(self, controls: Controls) -> tuple[str, int] | None:
        """Where clients connect: the running server, else the form's host and port."""
        if self.server is not None:
            return self.server.config.host, self.server.port
        values = controls.read(SERVER_FIELDS)
        if values is None:
            return None
        try:
            return values["host"], options.server_port(str(values["port"]))
        except ValueError:
            self.note("note.no_server")
            return None

    # -- timeline, comparison, export -----------------------------------------------------------

    def action_timeline(self) -> None:
        """Show the timeline of the latest run (or go back from it)."""
        if isinstance(self.screen, TimelineScreen):
            self.screen.dismiss()
            return
        view = TimelineView(
            self.timeline, self.summaries.get, self.source.now, self.lang, self.stopped_runs.__contains__
        )
        self.push_screen(TimelineScreen(view, self.lang))

    def action_compare(self) -> None:
        """Run the form's N and hold in each client mode, one after another, then compare them."""
        if self.comparison is not None:
            return
        if self.replay is not None:  # a recording: its runs, as they were
            if self.summaries:
                self.show_comparison(sorted(self.summaries))
            return
        settings = self._client_settings()
        if settings is None:
            return
        self.comparison = ComparisonPlan(settings)
        self.note("note.comparing", orders=" ".join(str(o) for o in self.comparison.pending))
        self._advance_comparison()
        if not isinstance(self.screen, TimelineScreen):
            self.action_timeline()

    def _advance_comparison(self) -> None:
        """Launch the comparison's next run once the previous one is done; compare after the last."""
        plan = self.comparison
        if plan is None or any(not run.done for run in self.runs):
            return
        if any(number not in self.summaries for number in plan.runs):
            return  # its summary comes with the next drain
        order = plan.next_order()
        if order is not None:
            plan.runs.append(self._start_run(order, *plan.settings).run)
            return
        self.comparison = None
        self.show_comparison(plan.runs)

    def show_comparison(self, numbers: list[int]) -> None:
        """Show finished runs side by side: ``numbers``, each with its summary."""
        screen = ComparisonScreen([(number, self.summaries[number]) for number in numbers], self.lang)
        if isinstance(self.screen, TimelineScreen | ComparisonScreen):
            self.switch_screen(screen)  # one step: a pop then a push could pop the new screen
        else:
            self.push_screen(screen)

    def action_export(self) -> None:
        """Ask for a file name and write the whole event history there."""
        if isinstance(self.screen, ExportScreen):
            return
        suggestion = time.strftime("tcp-lab-%H%M%S.trace.json")
        shown = self.screen.history if isinstance(self.screen, ExhibitsScreen) else self.source.snapshot

        def done(message: str | None) -> None:
            if message:
                self.note("note.exported", message=message)
                self.notify(message, markup=False)

        self.push_screen(ExportScreen(shown, suggestion, self.lang), done)

    def action_stop_clients(self) -> None:
        if self.comparison is not None:  # a comparison in progress launches nothing more
            self.comparison = None
            self.note("note.comparison_stopped")
        running = [run for run in self.runs if not run.done]
        self.stopped_runs.update(run.run for run in running)
        _stop_all(running)
        self.note("note.clients_stopped", count=len(running))

    def action_replay(self, what: str) -> None:
        """Replay the recording: ``play`` (or pause), ``step``, ``faster``, ``slower``, ``restart``."""
        if self.replay is not None:
            self.replay.act(self, what)
            self.drain()

    def action_bytes(self) -> None:
        """Show or hide each message of the conversation as its bytes."""
        self.conversation.toggle_bytes()

    # -- step mode ----------------------------------------------------------------------------

    def action_step_mode(self) -> None:
        """Toggle step mode; leaving it lets every held thread go at once."""
        self.step_mode = not self.step_mode
        if self.step_mode:
            self.stepper.hold()
        else:
            self.stepper.release_all()
        self.step_pane.switch(self.step_mode)
        self.note("note.step_on" if self.step_mode else "note.step_off")
        self.drain()

    def action_step_go(self) -> None:
        """Let every thread run freely to its end (step mode stays on for the next run)."""
        if self.step_mode:
            self.stepper.go()
            self.note("note.step_go")

    def action_step_pick(self, number: int) -> None:
        """Let client ``number`` of the latest run take its next step."""
        if not self.step_mode:
            self.note("note.step_off_pick")
        elif not (self.runs and self.stepper.pick(CLIENT, self.runs[-1].run, number)):
            self.note("note.step_not_held", who=number)

    def on_step_pane_picked(self, message: StepPane.Picked) -> None:
        if not self.stepper.pick(message.side, message.run, message.number):
            self.note("note.step_not_held", who=message.label)

    # -- keys, screens, palette ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Live keys are off in a recording, replay keys off in a live lab."""
        if self.replay is not None:
            return action not in self.LIVE_ONLY
        return action != "replay"

    def key_table(self) -> list[tuple[str, str]]:
        """(key as shown, description) for every key of the app, in table order."""
        rows = [(self._key_name(b.key_display or b.key), self._described(b)) for b in self._app_bindings()]
        return [
            *rows,
            ("ctrl+q", tr("key.quit", self.lang)),
            ("ctrl+p", tr("key.command_palette", self.lang)),
        ]

    def _described(self, binding: Binding) -> str:
        """What ``binding`` does, for the help; a replay key says it works only on a recording."""
        if str(binding.id).startswith("replay_"):
            return tr("help.open_only", self.lang, what=binding.description)
        return binding.description

    def _app_bindings(self) -> Iterable[Binding]:
        for bindings in self._bindings.key_to_bindings.values():
            yield from (b for b in bindings if b.id and f"key.{b.id}" in TEXTS)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The app's keys and experiments, then Textual's own commands, all in the app's language.
        A Chinese title ends with the command's English name, so typing either finds it."""
        for binding in self._app_bindings():
            if f"palette.{binding.id}" in TEXTS and self.check_action(binding.action.split("(")[0], ()):
                key = binding.key_display or binding.key
                yield SystemCommand(
                    self._palette_title(f"palette.{binding.id}", TEXTS[f"key.{binding.id}"][0]),
                    tr("palette.key_help", self.lang, description=binding.description, press=key),
                    partial(self.run_action, binding.action),
                )
        for name in EXPERIMENT_NAMES:
            yield SystemCommand(
                tr("palette.experiment", self.lang, title=tr(f"exp.{name}.title", self.lang)),
                tr(f"exp.{name}.about", self.lang),
                partial(self.action_experiment, name),
            )
        for name in EXHIBIT_NAMES:
            for safe in (False, True):
                variant = tr("exhibit.safe" if safe else "exhibit.unsafe", self.lang)
                title = tr(f"exhibit.{name}.title", self.lang)
                yield SystemCommand(
                    tr("palette.exhibit", self.lang, title=title, variant=variant),
                    tr(f"exhibit.{name}.about", self.lang),
                    partial(self.action_exhibit, name, safe),
                )
        for command in super().get_system_commands(screen):
            key = f"system.{command.title.lower()}"
            if key in TEXTS:
                title = self._palette_title(key, command.title.lower())
                command = command._replace(title=title, help=tr(f"{key}.help", self.lang))
            yield command

    def _palette_title(self, key: str, english: str) -> str:
        """The text of ``key``; in Chinese followed by the command's ``english`` name."""
        title = tr(key, self.lang)
        return f"{title}（{english}）" if self.lang == "zh" else title

    def action_command_palette(self) -> None:
        """Textual's palette, its search prompt in the app's language."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            placeholder = tr("palette.search", self.lang)
            self.push_screen(CommandPalette(id="--command-palette", placeholder=placeholder))

    def search_themes(self) -> None:
        """The palette's Theme: the themes to choose from, the prompt in the app's language."""
        placeholder = tr("palette.themes", self.lang)
        self.push_screen(CommandPalette(providers=[ThemeProvider], placeholder=placeholder))

    def action_show_help_panel(self) -> None:
        """Textual's keys panel, every part of the screen first given its keys' words in the app's
        language (those Textual names that ``strings`` knows: focus, copy, scroll, cursor...)."""
        for node in self.screen.walk_children(with_self=True):
            localize_bindings(node._bindings, self.lang)
        super().action_show_help_panel()

    def get_key_display(self, binding: Binding) -> str:
        """A key as the footer and the keys panel show it (see :meth:`_key_name`)."""
        return self._key_name(super().get_key_display(binding))

    def _key_name(self, shown: str) -> str:
        """A key's name in the app's language: in Chinese, Esc and 空格."""
        if self.lang != "zh":
            return shown
        return {"esc": "Esc", "escape": "Esc", "space": "空格"}.get(shown, shown)

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """Save an SVG of the screen in the working directory and say where (the palette's
        Screenshot); a failure is said, not raised."""
        name = filename or time.strftime("tcp-lab-%Y%m%d-%H%M%S.svg")
        target = shown_path(os.path.join(path or os.getcwd(), name))
        try:
            with open(target, "x", encoding="utf-8") as svg:
                svg.write(self.export_screenshot())
        except OSError as exc:
            reason = os_reason(exc, self.lang)
            self.notify(tr("screenshot.failed", self.lang, path=target, reason=reason), markup=False)
            return None
        self.notify(tr("screenshot.saved", self.lang, path=target), markup=False)
        return target

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
        else:
            self.push_screen(self._help_screen())

    def _help_screen(self) -> HelpScreen:
        """The help screen, built once and kept: opening it again only draws it (building its
        widgets and laying out its text took most of its 100-300 ms)."""
        if self._help is None:
            bindings = self._app_bindings()
            mode_keys = {str(b.id).removeprefix("launch_"): b.key_display or b.key for b in bindings}
            self._help = HelpScreen(self.key_table(), mode_keys, self.lang, self.engine)
            self.install_screen(self._help, name="help")
        return self._help

    def action_experiments(self) -> None:
        """Open (or close) the experiments screen."""
        if isinstance(self.screen, ExperimentsScreen):
            self.screen.dismiss()
        else:
            self.push_screen(ExperimentsScreen(self.experiments, self.start_experiment, self.lang))

    def action_experiment(self, name: str) -> None:
        """Show the experiments screen and run experiment ``name`` in a thread worker."""
        if isinstance(self.screen, ExperimentsScreen):
            self.screen.action_run(name)
        else:
            start = self.start_experiment
            self.push_screen(ExperimentsScreen(self.experiments, start, self.lang, chosen=name, run=True))

    def start_experiment(self, name: str) -> bool:
        """Run experiment ``name`` in a thread worker; False while another one runs. Its end
        comes back as the worker's state, whichever screen is on top then."""
        if not self.experiments.begin(name):
            return False
        work = partial(run_experiment, name)
        self.run_worker(work, name=name, group="experiment", thread=True, exit_on_error=False)
        return True

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Record a finished experiment and show it on every experiments screen open."""
        worker = event.worker
        if worker.group != "experiment" or not worker.is_finished:
            return
        result = failed(worker.name, worker.error) if worker.error is not None else worker.result
        self.experiments.finish(result)
        for screen in self.screen_stack:
            if isinstance(screen, ExperimentsScreen):
                screen.finished(result)

    def action_rows(self, move: str, amount: int) -> None:
        """Move the clients table's cursor: ``move`` is one of its actions (cursor, page, cursor_to)."""
        getattr(self.table, f"action_{move}")(amount)

    def action_exhibits(self) -> None:
        """Open (or close) the lock exhibits screen."""
        if isinstance(self.screen, ExhibitsScreen):
            self.screen.dismiss()
        else:
            self.push_screen(self._exhibits_screen())

    def action_exhibit(self, name: str, safe: bool = False) -> None:
        """Show the exhibits screen and run exhibit ``name`` (the unsafe variant or the fix)."""
        screen = self._exhibits_screen()
        if not isinstance(self.screen, ExhibitsScreen):
            self.push_screen(screen)
        screen.action_run(name, safe)

    def _exhibits_screen(self) -> ExhibitsScreen:
        if self._exhibits is None:
            self._exhibits = ExhibitsScreen(self.lang)
            self.install_screen(self._exhibits, name="exhibits")
        return self._exhibits

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
        actions = {
            "launch": "launch",
            "stop-clients": "stop_clients",
            "start-server": "start_server",
            "stop-server": "stop_server",
        }
        if event.button.id in actions:
            await self.run_action(actions[event.button.id])

    def on_clients_table_highlighted(self, event: ClientsTable.Highlighted) -> None:
        conn = self.book.connections.get(event.key) if event.key is not None else None
        self.conversation.select(conn)

    # -- quitting -----------------------------------------------------------------------------

    async def action_quit(self) -> None:
        self.stop_everything()
        self.exit(0)

    def stop_everything(self) -> None:
        """Free the port first, then end every client run; idempotent, bounded in time."""
        self._stopping = True
        self.stepper.release_all()  # first: a held thread must not hold up the stops below
        for timer in (self._drain_timer, self._catch_up):
            if timer is not None:
                timer.stop()
        self.comparison = None
        self.stop_server()
        _stop_all(self.runs)
        if self._exhibits is not None:
            self._exhibits.stop_run()
        self.collector.thaw()

    def on_unmount(self) -> None:
        self.stop_everything()

    def _fatal_error(self) -> None:
        """A crash: free the port and end the clients first, or the blocked accept() would keep
        the process from ending (Textual then prints the traceback and the exit code is 1)."""
        self.stop_everything()
        super()._fatal_error()


def _stop_all(runs: list[Run]) -> None:
    """Stop ``runs`` side by side, so many runs still end within one bound."""
    stoppers = [
        threading.Thread(target=run.stop, name="stop-run", daemon=True) for run in runs if not run.done
    ]
    for thread in stoppers:
        thread.start()
    for thread in stoppers:
        thread.join(STOP_BOUND)


def themes() -> list[str]:
    """The names ``--theme`` takes: Textual's themes and tcp-lab's high-contrast one."""
    return sorted([*BUILTIN_THEMES, HIGH_CONTRAST.name])


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
    if theme is not None and theme not in themes():
        names = ("、" if lang == "zh" else ", ").join(themes())
        said = tr("cli.no_theme", lang, theme=theme, names=names)
        print(tr("cli.error", lang, prog="tcp-lab", message=said), file=sys.stderr)
        return 2
    if engine == "process":  # the children's times, not the drawing, get the cores first
        draw_behind()
    app = LabApp(host, port, lang, recording=recording, theme=theme, engine=engine)
    result = app.run()
    return app.return_code or result or 0
