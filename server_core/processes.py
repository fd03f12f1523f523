"""The lab's server and client runs in processes of their own, reporting to the parent's bus.

In one interpreter the server's handlers and the clients' threads take turns at one GIL, and
every time they measure includes the other side's work: a client's connect-to-reply time inside
one process is far longer than what the same client sees against a server in another process
(docs/PERFORMANCE.md, the distortion table). This engine runs :class:`LabServer` in a child
process and each :class:`ClientRun` in a child process of its own, as the lesson's two programs
run, and keeps the one-bus design: every child records on its own :class:`EventBus` started at
the parent bus's instant (``time.monotonic`` is system-wide) and keeping no history, passes its
new events on every ``BATCH_PERIOD`` seconds over a pipe; a reader thread in the parent merges
each batch into the parent's bus in ``t`` order (see :class:`_Merger`), which numbers them
(``seq``): the order of events across processes is that of the one clock.

Shapes: child -> parent messages are ``("bound", port)``, ``("failed", errno, reason)``,
``("events", records, mark, (active, next_number))`` (``records``: the new events' rows as spool
records, :func:`spool.encode`'s bytes of at most ``RECORD`` rows each, which the parent's spool
keeps as they came) and ``("done",)``; parent -> child sends
``"stop"``. A child that ends without ``("done",)`` is reported once, as an ``error`` event on its side.
"""

from __future__ import annotations

import bisect
import contextlib
import gc
import math
import operator
import os
import select
import signal
import socket
import sys
import threading
import time
import weakref
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from .clients import STOP_BOUND as RUN_STOP_BOUND
from .clients import ClientConfig, ClientRun
from .engines import ENGINES as ENGINES  # the names, kept beside the engines
from .events import CLIENT, SERVER, EventBus, Kind, stamp
from .ordering import Order
from .server import STOP_BOUND as SERVER_STOP_BOUND
from .server import LabServer, Listening, ServerConfig
from .spool import RECORD, encode, pack, unpack

BATCH_PERIOD = 0.02  # seconds between a child's batches of events
_LAST_WORD = 0.3  # seconds a child gets past its own stop: to see the stop, send its last batch, exit
# seconds stop() waits for a child to end before it is terminated: the child's own stop may take
# all of its bound, and a child terminated then loses its last batch (a stopped run's end with it)
STOP_BOUND = max(SERVER_STOP_BOUND, RUN_STOP_BOUND) + _LAST_WORD
START_BOUND = 30.0  # seconds bind() waits for the server's child to report its port
_KILL_BOUND = 0.3  # seconds a terminated child gets before it is killed
STOPPED_WITHIN = STOP_BOUND + 3 * _KILL_BOUND  # seconds a child's stop() takes at most (see _Child.stop)
_YOUNG = 20_000  # allocations between two young collections in a child (see _child)
# What a terminal sends its whole foreground group, a child too: the parent stops its children.
TERMINAL_SIGNALS = {signal.SIGINT, signal.SIGHUP}

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # where server_core is imported from


class _Merger:
    """Merges the batches of every child reporting to one bus into it in ``t`` order.

    Each child's batch comes with its mark: the child's clock read just before it drained, so
    none of its later events is earlier. Rows are held until every child still running has
    passed their ``t``; a child that ends no longer holds the others back, and one still
    starting holds them back until its first batch (the time an interpreter takes to start). So
    the bus's ``seq`` follows the one clock across processes (a server's ``accepted`` after its
    client's ``connecting``), at the cost of one batch period of delay.
    """

    def __init__(self, bus: EventBus) -> None:
        self.bus = bus
        self._lock = threading.Lock()
        self._pending: list[tuple] = []  # rows not yet merged, from any child
        self._encoded: list[tuple[int, bytes]] = []  # the pending rows as records, while one batch is all
        self._marks: dict[int, float] = {}  # a running child's id -> its latest mark

    def enter(self, child: int) -> None:
        """Hold rows back from now on until ``child`` has reported past them."""
        with self._lock:
            self._marks[child] = self.bus.now()

    def add(self, child: int, records: list[bytes], mark: float) -> list[tuple]:
        """Take a batch of ``child``'s rows, as records (in ``t`` order: a child's bus appends
        under its lock), and its mark; merge what no running child holds back any more. Returns
        the batch's rows (``(t, side, kind, ...)``)."""
        rows: list[tuple] = []
        encoded = []
        for data in records:
            part = unpack(data)
            rows += part
            encoded.append((len(part), data))
        with self._lock:
            if self._pending:
                self._pending += rows
                self._pending.sort(key=_T)  # runs already in order: near linear
                self._encoded = []  # interleaved: the spool encodes them anew
            else:  # the usual case: the rows of one child, already in order
                self._pending, self._encoded = rows, encoded
            self._marks[child] = mark
            self._release()
        return rows

    def emit(self, side: str, kind: str, text: str | None = None, **extra: Any) -> None:
        """An event the parent says now (a child's end), placed after what the children did
        before it, which may reach the bus after this call: merged as theirs are."""
        t = stamp(self.bus.now())
        row = (t, side, kind, None, None, None, text, None, extra or None)  # as merge() takes
        with self._lock:
            bisect.insort_right(self._pending, row, key=_T)
            self._encoded = []
            self._release()

    def settled(self) -> float:
        """The time before which every child's events are on the bus: the earliest mark of a
        child still running (now, when none is)."""
        with self._lock:
            return min(self._marks.values(), default=self.bus.now())

    def leave(self, child: int) -> None:
        """``child`` sends nothing more: merge what it no longer holds back."""
        with self._lock:
            self._marks.pop(child, None)
            self._release()

    def _release(self) -> None:
        pending = self._pending  # in t order
        if not pending:
            return
        bound = min(self._marks.values(), default=math.inf)
        cut = bisect.bisect_right(pending, bound, key=_T)
        if cut == len(pending):  # the usual case: nothing held back
            self.bus.merge(pending, self._encoded)
            self._pending, self._encoded = [], []
        elif cut:
            self.bus.merge(pending[:cut])
            del pending[:cut]
            self._encoded = []


_T = operator.itemgetter(0)
_mergers: weakref.WeakKeyDictionary[EventBus, _Merger] = weakref.WeakKeyDictionary()
_mergers_lock = threading.Lock()


def _merger(bus: EventBus) -> _Merger:
    with _mergers_lock:
        merger = _mergers.get(bus)
        if merger is None:
            merger = _mergers[bus] = _Merger(bus)
        return merger


def settled(bus: EventBus) -> float:
    """The time (``bus.now()`` scale) before which every event has reached ``bus``: what a child
    process did reaches it up to a batch period later, so a line of the app's own that follows
    what happened before it waits for this to pass its time."""
    with _mergers_lock:
        merger = _mergers.get(bus)
    return bus.now() if merger is None else merger.settled()


class _Child:
    """One child process and the parent's thread that merges its batches into ``bus``.

    The child is a fresh interpreter (``python -c``, never a fork of a process with threads, and
    never a re-import of the caller's main module) that runs ``target`` (a name in ``_TARGETS``)
    with ``args``, talking over one pipe. ``on_message`` gets every message other than events
    and ``done``, and ``("failed", None, reason)`` once if the child ends without ``done`` and
    was not stopped cleanly. ``finished`` is set once the child's last batch is merged, or once
    the child is found dead (then after one ``error`` event on ``side``, naming ``what``).
    """

    def __init__(
        self,
        target: str,
        args: tuple,
        bus: EventBus,
        side: str,
        what: str,
        on_message: Callable[[tuple], None] = lambda message: None,
    ) -> None:
        self.bus, self.side, self.what = bus, side, what
        self.active = 0  # the child's latest count of open connections
        self.next_number = 0  # the connection number the child's server gives next (0: none)
        self.finished = threading.Event()
        self._on_message = on_message
        self.stopping = False  # stop() was called
        self.run_ended = False  # a client run's child: its run's ``finished`` event came in a batch
        self._merger = _merger(bus)
        self._merger.enter(id(self))  # before the child can say anything
        try:
            self.process, self._conn = _spawn(pack((target, bus.start, bus.wall, *args)))
        except BaseException:  # no child: it holds no other child's events back
            self._merger.leave(id(self))
            raise
        self._reader = threading.Thread(target=self._read, name=f"{what}-reader", daemon=True)
        try:
            self._reader.start()
        except BaseException:  # no reader: the child has no one to talk to, and holds nothing back
            self._conn.close()
            self.process.signal(signal.SIGKILL)
            self.process.wait(_KILL_BOUND)
            self._merger.leave(id(self))
            raise

    def _read(self) -> None:
        add, me, runs = self._merger.add, id(self), self.side == CLIENT
        try:
            while True:
                try:
                    message = unpack(self._conn.recv_bytes())
                except (EOFError, OSError, ValueError):
                    self._merger.leave(me)
                    self._died()
                    return
                if message[0] == "events":
                    rows = add(me, message[1], message[2])
                    self.active, self.next_number = message[3]
                    if runs and not self.run_ended:  # a child lost after it said so says it no more
                        self.run_ended = any(row[2] == Kind.FINISHED for row in rows)
                elif message[0] == "done":
                    self._merger.leave(me)
                    self._reap(STOP_BOUND)  # it exits right after: reaped, no zombie
                    return
                else:
                    self._on_message(message)
        finally:
            self.finished.set()

    def _died(self) -> None:
        """Report the child's end without its last word, as one ``error`` event and to
        ``on_message``, unless it was asked to stop and ended cleanly (a server whose bind
        failed, stopped before serving)."""
        code = self._reap(STOP_BOUND)
        if self.stopping and code == 0:
            return
        how = "was stopped" if self.stopping else "ended unexpectedly"
        self._merger.emit(self.side, "error", text=f"{self.what} process {how} (exit code {code})")
        self._on_message(("failed", None, f"{self.what} process ended (exit code {code})"))

    def stop(self, bound: float = STOP_BOUND) -> None:
        """Ask the child to stop; join it within ``bound`` seconds, else terminate, then kill it.
        Idempotent; returns with the child reaped and its last batch merged (or lost with it),
        within ``bound`` + 3 ``_KILL_BOUND`` seconds (``STOPPED_WITHIN`` for the default)."""
        deadline = time.monotonic() + bound
        if not self.stopping:
            self.stopping = True
            with contextlib.suppress(OSError):  # already gone: the reader reports it
                self._conn.send_bytes(pack("stop"))
        if self._reap(deadline - time.monotonic()) is None:
            self.process.signal(signal.SIGTERM)
            if self._reap(_KILL_BOUND) is None:
                self.process.signal(signal.SIGKILL)
                self._reap(_KILL_BOUND)
        self._reader.join(max(0.0, deadline - time.monotonic()) + _KILL_BOUND)
        self._conn.close()

    def _reap(self, timeout: float) -> int | None:
        """Wait up to ``timeout`` seconds for the child to exit; its exit code, None if it runs."""
        return self.process.wait(timeout)


def _spawn(first: bytes) -> tuple[_Process, Connection]:
    """A child process and our end of its pipe, with ``first`` (its target and arguments) sent
    on it. OSError (EAGAIN or EMFILE from the spawn, a child gone at once) after closing our end
    and killing and reaping a child already started."""
    ours, theirs = socket.socketpair()
    try:
        with theirs:
            process = _Process(theirs)
    except BaseException:
        ours.close()
        raise
    conn = Connection(ours.detach())
    try:
        conn.send_bytes(first)
    except BaseException:
        conn.close()
        process.signal(signal.SIGKILL)
        process.wait(_KILL_BOUND)
        raise
    return process, conn


class _Process:
    """A fresh interpreter running :func:`_child` on the pipe end ``pipe`` (passed on, then to be
    closed by the caller), started with ``posix_spawn``; stdin, stdout and stderr go to
    ``/dev/null`` (what goes wrong in it comes back as an ``error`` event, never a traceback).

    The child starts with :data:`TERMINAL_SIGNALS` blocked, from its first instruction on: a
    Ctrl-C typed while it starts never ends it (the parent stops it).

    ``wait`` sleeps on a pidfd (woken the moment the child exits, no polling) and reaps it.
    """

    def __init__(self, pipe: socket.socket) -> None:
        pipe.set_inheritable(True)  # the one descriptor the child gets beyond its standard three
        code = f"from server_core.processes import _child; _child({pipe.fileno()})"
        path = os.pathsep.join(filter(None, (_ROOT, os.environ.get("PYTHONPATH"))))
        quiet = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDWR, 0) for fd in (0, 1, 2)]
        self.pid = os.posix_spawn(
            sys.executable,
            [sys.executable, "-c", code],
            {**os.environ, "PYTHONPATH": path},
            file_actions=quiet,
            setsigmask=TERMINAL_SIGNALS,
        )
        try:
            self._pidfd = os.pidfd_open(self.pid)
        except OSError:  # out of descriptors: a child we cannot wait for is not kept
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            raise
        self._lock = threading.Lock()  # one waiter at a time
        self.returncode: int | None = None

    def wait(self, timeout: float) -> int | None:
        """Wait up to ``timeout`` seconds for the child to exit; its exit code (negative: the
        signal that ended it), None if it still runs."""
        timeout = max(0.0, timeout)
        if self.returncode is None and self._lock.acquire(timeout=timeout):
            try:
                if self.returncode is None and self._exited(timeout):
                    self.returncode = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
                    os.close(self._pidfd)
            finally:
                self._lock.release()
        return self.returncode

    def _exited(self, timeout: float) -> bool:
        """Whether the child exits within ``timeout`` seconds: its pidfd turns readable. ``poll``,
        not ``select``, which refuses a descriptor past 1023 (the lab raises its limit)."""
        poller = select.poll()
        poller.register(self._pidfd, select.POLLIN)
        return bool(poller.poll(timeout * 1000))

    def signal(self, number: int) -> None:
        """Send signal ``number`` unless the child is reaped (until then its pid is ours alone)."""
        with self._lock:
            if self.returncode is None:
                os.kill(self.pid, number)


class ConnectionNumbers:
    """Connection numbers from ``first`` on, one at a time (an iterator, as ``LabServer`` takes),
    telling the next one without taking it: a server in a child process counts on from
    :attr:`next` and, once it stops, :meth:`skip_to` moves past those it gave. Shared by every
    server of one lab, one at a time, on either engine, numbers run on without a gap."""

    def __init__(self, first: int = 1) -> None:
        self.next = first

    def __iter__(self) -> ConnectionNumbers:
        return self

    def __next__(self) -> int:
        self.next += 1
        return self.next - 1

    def skip_to(self, number: int) -> None:
        """Go on from ``number`` (never back): the numbers below it were given elsewhere."""
        self.next = max(self.next, number)


class ProcessServer(Listening):
    """A :class:`LabServer` in a child process, with ``LabServer``'s outward shape: ``bind``,
    ``start``, ``serve_forever``, ``stop``, ``port``, ``address``, ``active``, ``config``.

    Its events reach ``bus`` in batches. Connection numbers continue ``numbers`` (shared by a
    server's restarts, as with ``LabServer``): the child counts from ``numbers.next``, taking
    none from it, and ``numbers`` moves past those the child gave once it stops; a child that
    never started, or gave none, leaves ``numbers`` as it was.
    """

    def __init__(
        self,
        config: ServerConfig | None = None,
        bus: EventBus | None = None,
        numbers: ConnectionNumbers | None = None,
    ) -> None:
        self.config = config or ServerConfig()
        self.bus = bus or EventBus()
        self._numbers = numbers or ConnectionNumbers()
        self._bound_port: int | None = None
        self._bound = threading.Event()
        self._failure: tuple[int | None, str] | None = None
        self._child: _Child | None = None

    @property
    def active(self) -> int:
        """Connections open, as of the child's latest batch."""
        return 0 if self._child is None else self._child.active

    def bind(self) -> None:
        """Start the child, which binds, listens and serves; raises OSError as ``LabServer.bind``
        does (e.g. port in use), after the child is reaped."""
        self._child = _Child(
            "serve", (_values(self.config), self._numbers.next), self.bus, SERVER, "server", self._on_message
        )
        if not self._bound.wait(START_BOUND):
            self._failure = (None, f"the server process did not start within {START_BOUND:g} s")
        if self._failure is not None:
            self._child.stop()
            number, reason = self._failure
            raise OSError(number, reason) if number is not None else OSError(reason)

    def _on_message(self, message: tuple) -> None:
        if message[0] == "bound":
            self._bound_port = message[1]
        elif message[0] == "failed" and not self._bound.is_set():
            self._failure = (message[1], message[2])
        self._bound.set()

    def start(self) -> ProcessServer:
        """Bind if not yet bound (the child serves as soon as it is bound)."""
        if self._child is None:
            self.bind()
        return self

    def serve_forever(self) -> None:
        """Return once the server's child has ended (after ``stop()``, or if it died)."""
        if self._child is not None:
            self._child.finished.wait()

    def stop(self) -> None:
        """Stop the child within ``STOP_BOUND`` seconds (then terminate it), merge its last events,
        free the port (the child closes its listener first: at once, unless it is hung);
        idempotent."""
        if self._child is None:
            return
        self._child.stop()
        self._numbers.skip_to(self._child.next_number)  # past those the child gave (0: it said none)

    def __enter__(self) -> ProcessServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


class ProcessRun:
    """A :class:`ClientRun` in a child process, with ``ClientRun``'s outward shape: ``start``,
    ``wait``, ``stop``, ``done``, ``run``, ``config``. ``done`` means every event of the run has
    reached ``bus``; a child that dies first has its run's ``finished`` event emitted here."""

    def __init__(self, config: ClientConfig, bus: EventBus | None = None, run: int = 1) -> None:
        self.config = config
        self.bus = bus or EventBus()
        self.run = run
        self._child: _Child | None = None

    @property
    def done(self) -> bool:
        return self._child is not None and self._child.finished.is_set()

    def start(self) -> ProcessRun:
        self._child = _Child(
            "launch", (_values(self.config), self.run), self.bus, CLIENT, f"client run {self.run}", self._lost
        )
        return self

    def _lost(self, message: tuple) -> None:
        """The child ended without its last word: the run's ``finished`` event is said here,
        unless a batch of the child's said it (``stopped`` when it ended while being stopped)."""
        child = self._child
        if message[0] == "failed" and not (child is not None and child.run_ended):
            stopping = child is not None and child.stopping
            stopped: dict[str, Any] = {"stopped": True} if stopping else {}
            _merger(self.bus).emit(CLIENT, Kind.FINISHED, run=self.run, **stopped)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every client has finished and reported (or ``timeout``); True when done."""
        return self._child is not None and self._child.finished.wait(timeout)

    def stop(self) -> None:
        """End the run now: the child stops its clients, sends its last events and exits within
        ``STOP_BOUND`` seconds, or is terminated (its run's end is then said here, ``stopped``)."""
        if self._child is not None:
            self._child.stop()


Server = LabServer | ProcessServer  # the lab's server on either engine
Run = ClientRun | ProcessRun  # a client run on either engine


def make_server(
    engine: str,
    config: ServerConfig,
    bus: EventBus,
    numbers: ConnectionNumbers | None = None,
    **thread_only: Any,
) -> Server:
    """The lab's server on ``engine``: ``thread`` (in this process) or ``process`` (a child),
    numbering connections from ``numbers`` (shared by the servers of one lab, on either engine).
    ``thread_only`` keywords (``stepper``, ``converse``) go to an in-process ``LabServer``."""
    if engine == "process":
        return ProcessServer(config, bus, numbers)
    return LabServer(config, bus, numbers, **thread_only)


def make_run(
    engine: str, config: ClientConfig, bus: EventBus, run: int, **thread_only: Any
) -> ClientRun | ProcessRun:
    """A client run on ``engine``: ``thread`` (in this process) or ``process`` (a child)."""
    if engine == "process":
        return ProcessRun(config, bus, run)
    return ClientRun(config, bus, run, **thread_only)


# -- in the child --------------------------------------------------------------------------------


def _child(fd: int) -> None:
    """A child's entry point: read ``(target, start, wall, *args)`` from the pipe at ``fd``, run it.

    Its young collections come every ``_YOUNG`` allocations, not Python's 700: the rows its
    threads make live one batch (``BATCH_PERIOD``) and are gone before a collection at that pace
    would scan them, which at 700 it did for every row (0.08 us a message, on the server's core).
    """
    gc.set_threshold(_YOUNG, *gc.get_threshold()[1:])
    conn = Connection(fd)
    target, start, wall, config, *args = unpack(conn.recv_bytes())
    _TARGETS[target](conn, start, wall, _CONFIGS[target](config), *args)


def _serve(conn: Connection, start: float, wall: float, config: ServerConfig, first: int) -> None:
    """The server child: bind, report the port, serve and stream events until told to stop."""
    bus = EventBus(start=start, wall=wall, history=False)  # the parent's bus keeps the history
    numbers = ConnectionNumbers(first)
    server = LabServer(config, bus, numbers)
    try:
        server.bind()
    except OSError as exc:
        conn.send_bytes(pack(("failed", exc.errno, exc.strerror or str(exc))))
        return
    conn.send_bytes(pack(("bound", server.port)))
    server.start()

    def status() -> Status:
        return (server.active, numbers.next)

    try:
        _stream(conn, bus, status, lambda: False)
    finally:
        server.stop()
        _finish(conn, bus, status)


def _launch(conn: Connection, start: float, wall: float, config: ClientConfig, run: int) -> None:
    """The client child: run the clients and stream their events until done or told to stop."""
    bus = EventBus(start=start, wall=wall, history=False)  # the parent's bus keeps the history
    clients = ClientRun(config, bus, run).start()
    try:
        _stream(conn, bus, _no_server, lambda: clients.done)
    finally:
        clients.stop()
        _finish(conn, bus, _no_server)


Status = tuple[int, int]  # (connections open, next connection number) as a child sees them


def _no_server() -> Status:
    """A client run's status: no connections, no numbers of its own."""
    return (0, 0)


def _stream(conn: Connection, bus: EventBus, status: Callable[[], Status], done: Callable[[], bool]) -> None:
    """Send a batch of new events every ``BATCH_PERIOD`` until ``done()``, a ``stop`` from the
    parent, or the parent gone."""
    while not done():
        try:
            if conn.poll(BATCH_PERIOD):
                conn.recv_bytes()  # "stop": the only message a parent sends
                return
        except (EOFError, OSError):
            return
        _send(conn, bus, status)


def _send(conn: Connection, bus: EventBus, status: Callable[[], Status]) -> None:
    """Send the events not yet sent (maybe none), the mark (no later event is earlier) and the
    status read after the events were taken: no connection number in them is at or past its
    next one, so a child that dies after this batch never has its numbers given again."""
    mark = bus.now()
    rows = bus.pass_on()
    records = [encode(rows[first : first + RECORD]) for first in range(0, len(rows), RECORD)]
    conn.send_bytes(pack(("events", records, mark, status())))


def _finish(conn: Connection, bus: EventBus, status: Callable[[], Status]) -> None:
    """Send the last events and ``done``; a parent already gone is not an error."""
    try:
        _send(conn, bus, status)
        conn.send_bytes(pack(("done",)))
    except OSError:
        pass


_TARGETS: dict[str, Callable[..., None]] = {"serve": _serve, "launch": _launch}


def _values(config: ServerConfig | ClientConfig) -> dict[str, Any]:
    """A config as plain values for the pipe (its ``order`` as ``(mode, k)``)."""
    values = config._asdict()
    values["order"] = (config.order.mode, config.order.k)
    return values


def _config(kind: type[ServerConfig] | type[ClientConfig]) -> Callable[[dict[str, Any]], Any]:
    def rebuild(values: dict[str, Any]) -> Any:
        return kind(**{**values, "order": Order(*values["order"])})

    return rebuild


_CONFIGS = {"serve": _config(ServerConfig), "launch": _config(ClientConfig)}
