"""The lab's server and client runs: start, stop, launch, step mode (no Textual here).

A :class:`LabControl` owns the live objects the app drives: the server (on the ``thread`` or
``process`` engine), the client runs, and the stepper that holds their threads in step mode.
What they do reaches the app only as events on ``bus``; nothing here reads them.
"""

from __future__ import annotations

import errno
import math
import socket
import threading
import time
from collections.abc import Callable
from typing import Any, TypedDict

from server_core import CLIENT, EventBus, LabServer, Order, ServerConfig, parse_order, processes
from server_core.processes import ConnectionNumbers, ProcessRun, Run, Server, make_run, make_server
from server_core.stepping import BLOCKED, Stepper

from .option_table import client_config

STOP_BOUND = processes.STOPPED_WITHIN  # seconds quitting may spend stopping client runs: a child's at most
RUN_DRAW_PERIOD = 0.25  # seconds between the app's drains while a run in a process of its own is in flight
LONG_RUN = 30.0  # seconds of holds past which a launch says how long it takes and that k stops it


def holds_at_once(order: Order, n: int) -> int:
    """How many of ``n`` clients in ``order`` hold their turn at once: all (free), the
    semaphore's K, or one (lock, queue, sequential)."""
    if order.mode == "free":
        return max(1, n)
    return max(1, min(order.k, n)) if order.mode == "semaphore" else 1


def run_length(order: Order, n: int, hold: float) -> float:
    """Seconds a run of ``n`` clients in ``order`` takes at the least, each holding its turn
    ``hold`` seconds: n x hold / the clients that hold at once (1,000 lock-ordered clients
    holding 1 s: 1,000 s)."""
    width = holds_at_once(order, n)
    return -(-n // width) * hold  # whole rounds of ``width`` clients


def long_run(settings: dict[str, Any]) -> float | None:
    """The seconds a run launched with ``settings`` (its ``launched`` event's ``order``, ``n``
    and ``hold``) takes at the least, when past LONG_RUN; None when shorter or not known."""
    try:
        length = run_length(parse_order(str(settings["order"])), int(settings["n"]), float(settings["hold"]))
    except (KeyError, TypeError, ValueError):  # a recording made before runs said their settings
        return None
    return length if length > LONG_RUN else None


def port_held(host: str, port: int) -> bool:
    """Whether another program listens on ``host``:``port`` (IPv4 or IPv6 loopback, say) while
    the lab's server does not: a socket with SO_REUSEADDR cannot bind there (EADDRINUSE; a port
    held only by connections in TIME_WAIT binds). Bound and closed at once, never listened on,
    nothing connected: the program that holds it sees nothing. False on any other error."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            return exc.errno == errno.EADDRINUSE
    return False


class LengthSaid(TypedDict):
    """What a note says of a long run: ``seconds`` (``1,000``), ``n``, ``hold`` (``1``), ``width``."""

    seconds: str
    n: int
    hold: str
    width: int


def length_said(orders: list[Order], values: dict[str, Any]) -> LengthSaid | None:
    """What a note says of runs of the form's ``values`` (``n``, ``hold``) in ``orders``, one
    after another, when they take over LONG_RUN seconds: ``seconds`` (``1,000``), ``n``, ``hold``
    (``1``) and ``width`` (the first's clients that hold at once); None when they are shorter."""
    n, hold = values["n"], values["hold"]
    length = sum(run_length(order, n, hold) for order in orders)
    if length <= LONG_RUN or not orders:
        return None
    return LengthSaid(seconds=f"{length:,.0f}", n=n, hold=f"{hold:g}", width=holds_at_once(orders[0], n))


class LabControl:
    """The server and the runs of one lab on ``bus``; ``engine`` is ``thread`` or ``process``
    (step mode always uses ``thread``: it holds threads of this process; a run goes on the
    engine of the server it meets, so both sides' events reach the bus in the order they
    happened)."""

    def __init__(self, bus: EventBus, engine: str = "thread") -> None:
        self.bus, self.engine = bus, engine
        self.server: Server | None = None
        self.starting: Server | None = None  # a server being bound (its child starting): not yet ``server``
        self.runs: list[Run] = []  # the runs not done when the latest started, and the latest, in order
        self.launched = 0  # how many runs have started: the next is number ``launched + 1``
        self.stepper = Stepper(bus, holding=False)  # holds the threads of runs launched in step mode
        self.step_mode = False
        self._numbers = ConnectionNumbers()  # shared by every server started here, on either engine
        self._drawn_at = -math.inf  # time.monotonic() of the latest draw_due() that said yes during a run
        self.moving = False  # out of step mode, the server waits here for the quiet to move back
        self._moved_from: tuple[str, int] | None = None  # where the server listened before it last moved

    @property
    def listening(self) -> str | None:
        """``host:port`` the server listens on, or None."""
        return self.server.address if self.server is not None else None

    def bind(self, config: ServerConfig) -> Server:
        """A server bound as ``config`` says (the one kept from now on); OSError when it cannot
        bind (the server before it is stopped already). Binds here, however long it takes: the
        app binds a server in a child process in a worker instead (:meth:`prepare`)."""
        server = self.prepare(config)
        self.keep_bound(server)
        return server

    def keep_bound(self, server: Server) -> None:
        """Bind ``server`` (from :meth:`prepare`) here and keep it; OSError when it cannot bind,
        the server then let go (:meth:`settle`)."""
        try:
            self.bind_prepared(server)
        except BaseException:
            self.settle(server, bound=False)
            raise
        self.settle(server, bound=True)

    def prepare(self, config: ServerConfig) -> Server:
        """A server for ``config``, on the engine step mode wants, not bound yet: the one being
        started (``starting``) until :meth:`settle` keeps it or :meth:`stop_server` stops it."""
        engine = "thread" if self.step_mode else self.engine
        self.starting = make_server(engine, config, self.bus, self._numbers, stepper=self.stepper)
        return self.starting

    def bind_prepared(self, server: Server) -> None:
        """Bind ``server`` (from :meth:`prepare`; from any thread): OSError when it cannot. A
        server stopped or replaced while it was bound is stopped again once bound, from here: a
        stop that came before its child existed could not reach it."""
        server.bind()
        if self.starting is not server:
            server.stop()

    def settle(self, server: Server, bound: bool) -> bool:
        """The start of ``server`` is over: kept as the lab's server if it is ``bound`` and was
        still the one being started; whether it was still the one."""
        if self.starting is not server:
            return False
        self.starting = None
        if bound:
            self.server = server
        return True

    def stop_server(self) -> bool:
        """Stop the server, if one runs or is being started; whether one did or was."""
        stopped = [server for server in (self.server, self.starting) if server is not None]
        self.server = self.starting = None
        for server in stopped:
            server.stop()
        return bool(stopped)

    def target(self) -> tuple[str, int] | None:
        """Where the running server listens, or None."""
        return (self.server.config.host, self.server.port) if self.server is not None else None

    def launch(
        self, order: Order, values: dict[str, Any], target: tuple[str, int], stepped: bool = True
    ) -> Run:
        """Start run number ``launched + 1``: the form's client ``values`` in ``order``, to
        ``target`` (the server's new address, when ``target`` is where it listened before it moved:
        a comparison's runs follow it). In step mode the run is held unless ``stepped`` is False
        (a comparison's run): then it and the handlers of its connections run freely, as after a g.
        OSError when it cannot start (no thread for its launcher: EAGAIN; no process for it): then
        nothing is kept and its number is the next run's."""
        if target == self._moved_from and (now := self.target()) is not None:
            target = now
        host, port = target
        config = client_config({**values, "host": host, "port": port, "order": order})
        stepped = stepped and self.step_mode
        if stepped:
            self.stepper.hold()  # again, after a g
        elif self.step_mode:
            self.stepper.go()  # held again by the next run that is stepped
        stepper = self.stepper if stepped else None
        # on the server's engine: a server in this process (started in step mode) and runs in
        # children would put each run's events on the bus a batch late, after the server's
        engine = "thread" if self.step_mode or isinstance(self.server, LabServer) else self.engine
        run = make_run(engine, config, self.bus, self.launched + 1, stepper=stepper)
        try:
            run.start()  # first: a run kept but never started would never be done, the lab never quiet
        except RuntimeError as exc:  # the launcher's thread: as pthread_create says it
            raise OSError(errno.EAGAIN, str(exc)) from exc
        self.launched += 1
        self.runs = [*self._going(), run]  # those done are forgotten: no tick scans them again
        return run

    def _going(self) -> list[Run]:
        """The runs kept that are not done yet."""
        return [run for run in self.runs if not run.done]

    def draw_due(self) -> bool:
        """Whether the app may drain and draw now: always, except while a run in a process of its
        own is in flight; then once every ``RUN_DRAW_PERIOD`` seconds, so the drawing leaves the
        cores to the server and the clients whose times it shows (drawing 25 times a second
        during a 300-client run made their connect-to-reply median 1.3x, p90 2.2x of two
        programs'; docs/PERFORMANCE.md, *The lab's own presence*)."""
        if not any(isinstance(run, ProcessRun) and not run.done for run in self.runs):
            return True
        now = time.monotonic()
        if now - self._drawn_at < RUN_DRAW_PERIOD:
            return False
        self._drawn_at = now
        return True

    def stop_runs(self, runs: list[Run] | None = None) -> list[int]:
        """Stop ``runs`` (None: those still going), side by side (many still end within one
        bound); their numbers. From any thread: the app stops them in a worker (:mod:`.run_stops`)."""
        running = self._going() if runs is None else runs
        stoppers = [threading.Thread(target=run.stop, name="stop-run", daemon=True) for run in running]
        for thread in stoppers:
            thread.start()
        for thread in stoppers:
            thread.join(STOP_BOUND)
        return [run.run for run in running]

    @property
    def step_paused(self) -> bool:
        """Whether step mode is on but holds no new thread (an outside connection's neither) until
        the next stepped launch: after a ``g``, or a comparison's run, let every thread go."""
        return self.step_mode and not self.stepper.holding

    def switch_step_mode(self) -> bool:
        """Toggle step mode; leaving it lets every held thread go at once. Whether it is on now."""
        self.step_mode = not self.step_mode
        if self.step_mode:
            self.stepper.hold()
        else:
            self.stepper.release_all()
        return self.step_mode

    def move_server(self, say: Callable[[str], object], start: Callable[[ServerConfig], object]) -> None:
        """Move the server where step mode wants it (``start`` it there), or say why it stays for
        now: ``say`` (a note's key) after the stop and the start it explains, so the note is the
        last line of the events pane, in view at 80x24 where the ``listening`` line it follows
        fills the pane (said first, it had scrolled away: a stop and a start nobody asked for)."""
        said = self.server_move()
        if said in ("note.step_server_here", "note.step_server_away"):
            start(self.take_server())
        if said is not None:
            say(said)

    def server_move(self) -> str | None:
        """Where the server must go now, as the key of the note that says so, before it is moved
        (:meth:`take_server`): ``note.step_server_here`` or ``note.step_server_away``; or, while
        it must wait, ``note.step_server_waits`` (into step mode) or ``note.step_server_stays``
        (out of it); None when it is where it should be, or there is none.

        Step mode holds threads of this process, so its server runs here (a child's events reach
        the bus a batch late, after those of this process's held clients, and their seq would
        not follow the clock); out of step mode the server goes back to the lab's engine (a
        child process: times as two programs see them). Either way it moves only once no
        connection is open and no run goes on (a restart would reset them: an outside client
        such as ``nc`` would be dropped, clients just let go reset): until then ``moving`` is
        True, step mode holds only the clients' threads, and :meth:`quiet` says when the wait
        is over."""
        server = self.server
        wanted_here = self.step_mode or self.engine == "thread"
        self.moving = False
        if server is None or isinstance(server, LabServer) == wanted_here:
            return None
        if not self.quiet():
            self.moving = True
            return "note.step_server_waits" if self.step_mode else "note.step_server_stays"
        return "note.step_server_here" if self.step_mode else "note.step_server_away"

    def quiet(self) -> bool:
        """Whether the server has no open connection and every run has ended."""
        return self.server is not None and not self.server.active and all(run.done for run in self.runs)

    def take_server(self) -> ServerConfig:
        """Stop the server that :meth:`server_move` said must move, and give its settings, for it
        to start again where it should be; a later launch at its old address goes to where it
        listens next (:meth:`launch`)."""
        server = self.server
        assert server is not None
        self._moved_from = (server.config.host, server.port)
        self.stop_server()
        return server.config

    def pick(self, number: int) -> str | None:
        """Let client ``number`` of the latest run take its next step; None when it does, else the
        key of the note that says why not: step mode off, no such client in the run, the client
        not held (:meth:`not_held`: the app says what it does, in a call, its hold or a wait
        for its turn, as the step pane does), or ended."""
        if not self.step_mode:
            return "note.step_off_pick"
        if not self.runs or number > self.runs[-1].config.n:
            return "note.step_no_client"
        run = self.runs[-1].run
        if self.stepper.pick(CLIENT, run, number):
            return None
        return self.not_held(CLIENT, run, number)

    def not_held(self, side: str, run: int, number: int) -> str:
        """The key of the note that says why a thread could not step: ``g`` let it run freely to
        its end, it waits for its turn (it can step once it has it), it is in a call or its hold
        (it waits again before its next step), or it is no longer stepped (ended)."""
        views = [v for v in self.stepper.snapshot() if (v.side, v.run, v.number) == (side, run, number)]
        view = views[0] if views else None
        if view is None:
            return "note.step_not_held"
        if view.free:
            return "note.step_free"
        return "note.step_blocked" if view.state == BLOCKED else "note.step_running"

    def client_label(self, number: int) -> str:
        """Client ``number`` of the latest run as the panes name it (``r3.1``)."""
        return f"r{self.runs[-1].run}.{number}" if self.runs else str(number)

    def stop_everything(self) -> None:
        """Let held threads go, free the port, then end every client run; idempotent, bounded."""
        self.stepper.release_all()  # first: a held thread must not hold up the stops below
        self.stop_server()
        self.stop_runs()

