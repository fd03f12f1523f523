"""The lesson's server: one accept loop, one daemon thread per connection, every step an event."""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import itertools
import select
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from . import sockopts
from .accepting import ACCEPT_MODES, Acceptor
from .events import SERVER, Emitter, EventBus
from .handler_threads import THREAD_MODES, HandlerThreads
from .limits import close_reserve, open_reserve, raise_descriptor_limit
from .ordering import FREE, SERVER_MODES, Emit, Order, Stopped, make_gate
from .sockopts import SERVER_DEFAULTS
from .step_hook import END, no_step
from .wire import JOIN_BOUND, StreamDecoder, address, escape, local_end, wake

if TYPE_CHECKING:
    from .stepping import Stepper

DEFAULT_REPLY = "收到客户端信息"
DEFAULT_MAX_BYTES = 8 << 20  # bytes one connection may send in all
DEFAULT_SEND_TIMEOUT = 5.0  # seconds a reply may take to leave before the peer is dropped
RECV_SIZE = 1024
STOP_BOUND = JOIN_BOUND  # seconds stop() may spend: the accept loop and the handlers it woke
_OUT_OF_DESCRIPTORS = {errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM}
_BACKOFF = 0.1  # seconds the accept loop pauses when the process is out of descriptors
_DONTWAIT = socket.MSG_DONTWAIT

Converse = Callable[[socket.socket, int, Emitter], str]
"""A connection's conversation in place of the built-in one: given the socket, the accept number
and the connection's emitter, it talks until done and returns why it ended (the ``disconnected``
text). An OSError it raises is reported as the built-in conversation's are."""


class _ServerFields(NamedTuple):
    """:class:`ServerConfig`'s fields, in order (its ``__new__`` gives their defaults)."""

    host: str
    port: int
    backlog: int
    order: Order
    delay: float
    reply: str
    sockopts: dict[str, int]
    accept: str
    max_bytes: int
    send_timeout: float
    idle_timeout: float
    max_clients: int
    threads: str


class ServerConfig(_ServerFields):
    """How the server listens, answers and protects itself. ``port`` 0 lets the OS choose.

    Policies (0 switches one off): ``max_bytes`` is what one connection may send in all before it
    is closed; ``send_timeout`` bounds each reply, so a peer that never reads is dropped alone;
    ``idle_timeout`` closes a connection silent that long; ``max_clients`` caps connections open
    at once: extra ones are told why in one line and closed. ``threads`` is ``reuse`` (a handler
    thread whose connection ended may serve a later one) or ``new`` (a new thread for each); see
    :mod:`server_core.handler_threads`. ``sockopts`` not given are a copy of the lesson's
    (:data:`server_core.sockopts.SERVER_DEFAULTS`).

    A named tuple: ``_replace`` gives a changed copy, checked as a new one is; ValueError for an
    order, accept or thread mode the server does not have, or a policy below 0.
    """

    __slots__ = ()

    def __new__(
        cls,
        host: str = "127.0.0.1",
        port: int = 8888,
        backlog: int = 128,
        order: Order = FREE,
        delay: float = 0.0,
        reply: str = DEFAULT_REPLY,
        sockopts: dict[str, int] | None = None,
        accept: str = "blocking",
        max_bytes: int = DEFAULT_MAX_BYTES,
        send_timeout: float = DEFAULT_SEND_TIMEOUT,
        idle_timeout: float = 0.0,
        max_clients: int = 0,
        threads: str = "reuse",
    ) -> ServerConfig:
        if order.mode not in SERVER_MODES:
            raise ValueError(f"the server has no {order.mode!r} order")
        if accept not in ACCEPT_MODES:
            raise ValueError(f"the server has no {accept!r} accept mode")
        if threads not in THREAD_MODES:
            raise ValueError(f"the server has no {threads!r} thread mode")
        policies = {
            "delay": delay,
            "max_bytes": max_bytes,
            "send_timeout": send_timeout,
            "idle_timeout": idle_timeout,
            "max_clients": max_clients,
        }
        for name, value in policies.items():
            if value < 0:
                raise ValueError(f"{name} must be 0 or more")
        options = dict(SERVER_DEFAULTS) if sockopts is None else sockopts
        return super().__new__(
            cls, host, port, backlog, order, delay, reply, options, accept,
            max_bytes, send_timeout, idle_timeout, max_clients, threads,
        )  # fmt: skip

    @classmethod
    def _make(cls, iterable: Iterable[Any]) -> ServerConfig:  # type: ignore[override]  # mypy's is generic
        """A config of these field values, checked (``_replace`` makes its copy here)."""
        return cls(*iterable)


def _readable(sock: socket.socket) -> bool:
    """True when ``sock`` has something to read (a listener: a connection waiting) right now."""
    poller = select.poll()  # unlike epoll, poll needs no descriptor of its own
    poller.register(sock, select.POLLIN)
    return bool(poller.poll(0))


class Listening:
    """What a server tells of where it listens, from its ``config`` and ``_bound_port`` (the
    port bound, None before ``bind``); shared by the lab's server and its child-process form."""

    config: ServerConfig
    _bound_port: int | None

    @property
    def port(self) -> int:
        """The port listened on (the OS's choice when configured as 0)."""
        return self.config.port if self._bound_port is None else self._bound_port

    @property
    def address(self) -> str:
        """``host:port`` listened on."""
        return address((self.config.host, self.port)) or ""


class LabServer(Listening):
    """Thread-per-connection TCP server that reports to an :class:`EventBus`.

    ``bind()`` opens the listening socket (OSError if the port is busy); ``serve_forever()`` runs
    the accept loop on the calling thread until ``stop()``; ``start()`` does both, the loop on a
    thread of its own. ``stop()`` wakes every blocked accept, recv and send, joins the threads
    within a second and frees the port. As a context manager the server is started and stopped.
    ``converse``, when given, runs each connection's conversation instead of the built-in echo of
    ``reply`` (the exhibits use it); gate, events and closing stay the server's.

    Every accepted connection ends in exactly one ``disconnected`` event, and every chunk
    received is followed by a ``replied`` event, emitted as the reply starts to leave (so before
    the peer can receive it), then an ``error`` event if it could not be sent. Connections are
    numbered from ``numbers`` (default 1, 2, 3, ...): a restarted server given the same iterator
    never repeats a number. With a ``stepper`` every handler calls its hook before each step (see
    :mod:`server_core.stepping`).
    """

    def __init__(
        self,
        config: ServerConfig | None = None,
        bus: EventBus | None = None,
        numbers: Iterator[int] | None = None,
        converse: Converse | None = None,
        stepper: Stepper | None = None,
    ) -> None:
        self.config = config or ServerConfig()
        self._converse: Converse = converse or self._answer  # each connection's conversation
        self.bus = bus or EventBus()
        self._stop = threading.Event()
        self._step = stepper.hook(SERVER, 0, self._stop, self.config.order) if stepper else no_step
        self._loop_done = threading.Event()
        self._gate = make_gate(self.config.order, self._stop)
        self._listener: socket.socket | None = None
        self._acceptor: Acceptor | None = None
        self._reserve: int | None = None
        self._accept_thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._connections: dict[int, socket.socket] = {}
        self._handlers = HandlerThreads(self.config.threads)
        self._numbers = numbers or itertools.count(1)  # shared by a server's restarts: no number twice
        self._bound_port: int | None = None
        self._settle = sockopts.Settler(self.config.sockopts)
        self._local: str | None = None  # every connection's local address, when the listener has one
        self._serving = False
        self._stopped = False

    @property
    def active(self) -> int:
        """Connections open right now."""
        with self._lock:
            return len(self._connections)

    def accept_queue(self) -> tuple[int, int] | None:
        """(connections the kernel completed that nobody accepted yet, backlog in force); Linux only."""
        return None if self._listener is None else sockopts.accept_queue(self._listener)

    def bind(self) -> None:
        """Open, bind and listen; emits ``listening``. Raises OSError (e.g. port in use).

        Also raises the soft descriptor limit as far as the hard one allows and sets a descriptor
        aside, so that running out of descriptors later refuses connections instead of stalling.
        """
        fd_limit = raise_descriptor_limit()
        family = socket.AF_INET6 if ":" in self.config.host else socket.AF_INET
        listener = socket.socket(family, socket.SOCK_STREAM)
        try:
            sockopts.apply(listener, self.config.sockopts)
            listener.bind((self.config.host, self.config.port))
            listener.listen(self.config.backlog)
        except OSError:
            listener.close()
            raise
        self._listener = listener
        self._acceptor = Acceptor(listener, self.config.accept, self._report_nobody_waiting)
        self._reserve = open_reserve()
        here = listener.getsockname()
        self._bound_port = here[1]
        if not ipaddress.ip_address(here[0]).is_unspecified:
            self._local = address(here)
        self.bus.emit(
            SERVER,
            "listening",
            local=address(here),
            order=str(self.config.order),
            backlog=self.config.backlog,
            accept=self.config.accept,
            threads=self.config.threads,
            options=sockopts.listening(listener),
            fd_limit=fd_limit,
            wall=self.bus.wall,
        )

    def start(self) -> LabServer:
        """Bind (if not yet bound) and run the accept loop on its own thread."""
        if self._listener is None:
            self.bind()
        self._accept_thread = threading.Thread(target=self.serve_forever, name="accept", daemon=True)
        self._accept_thread.start()
        return self

    def serve_forever(self) -> None:
        """Accept connections until ``stop()``; each gets a daemon handler thread.

        Out of descriptors, the loop hands its reserve descriptor back to accept one waiting
        connection, tells it why and closes it; without a reserve it pauses. Either way it says
        so once per shortage and never spins.
        """
        assert self._acceptor is not None, "bind() first"
        self._serving = True
        short = False
        try:
            while not self._stop.is_set():
                try:
                    accepted = self._acceptor.accept()
                except OSError as exc:
                    if self._stop.is_set():
                        break
                    if exc.errno in _OUT_OF_DESCRIPTORS:
                        if not short:
                            self.bus.emit(SERVER, "error", text=f"out of descriptors: {exc.strerror}")
                        short = True
                        if not self._shed_one():
                            self._stop.wait(_BACKOFF)
                        continue
                    if exc.errno == errno.ECONNABORTED:
                        continue
                    self.bus.emit(SERVER, "error", text=f"accept failed: {exc.strerror or exc}")
                    break
                if accepted is None:
                    continue
                short = False
                self._admit(*accepted)
        finally:
            self._loop_done.set()

    def _shed_one(self) -> bool:
        """Free the reserve descriptor, accept one waiting connection, refuse it; False if none.

        Linux reports EMFILE before it waits for a connection, so first make sure one is waiting:
        else the freed descriptor would let accept() sleep and refuse the next, welcome, client.
        """
        if self._reserve is None:
            self._reserve = open_reserve()
            return False
        assert self._listener is not None and self._acceptor is not None  # set while serving
        if not _readable(self._listener):
            return False
        close_reserve(self._reserve)
        self._reserve = None
        try:
            accepted = self._acceptor.accept()
        except OSError:
            return False
        else:
            if accepted is None:
                return False
            self._refuse(accepted[0], self._announce(*accepted)[1], "out of file descriptors")
            return True
        finally:
            if not self._stop.is_set():
                self._reserve = open_reserve()

    def _announce(self, conn: socket.socket, peer: tuple) -> tuple[int, Emitter]:
        """Number a new connection and emit ``accepted``; returns the number and its emitter.

        The local address is the listener's unless it listens on every address; the options in
        force are read back from the kernel once and reused (see :class:`sockopts.Settler`).
        """
        number = next(self._numbers)
        local = self._local or local_end(conn)
        emit = self.bus.emitter(SERVER, number, local, address(peer))
        emit("accepted", options=self._settle(conn))
        return number, emit

    @property
    def threads_started(self) -> int:
        """Handler threads started so far (fewer than the connections when threads are reused)."""
        return self._handlers.started

    @property
    def threads_parked(self) -> int:
        """Handler threads waiting for a connection to serve (always 0 when threads are new)."""
        return self._handlers.parked

    def _admit(self, conn: socket.socket, peer: tuple) -> None:
        number, emit = self._announce(conn, peer)
        cap = self.config.max_clients
        with self._lock:
            full = cap and len(self._connections) >= cap
            if not full:
                self._connections[number] = conn
        if full:
            self._refuse(conn, emit, f"at most {cap} clients at once")
            return
        try:
            self._handlers.run(partial(self._handle, conn, number, emit))
        except RuntimeError as exc:
            emit("error", text=f"cannot start a handler thread: {exc}")
            with self._lock:
                self._connections.pop(number, None)
            self._refuse(conn, emit, "no thread to serve it")
            return
        if self._stop.is_set():  # a stop that came while this one was being admitted
            wake(conn)
        self._gate.register(number)

    def _refuse(self, conn: socket.socket, emit: Emit, why: str) -> None:
        """Tell a connection in one line why it is not served, close it; never blocks."""
        emit("refused", text=why)
        with contextlib.suppress(OSError):  # what it already sent, unread, would reset the line away
            conn.setblocking(False)
            conn.recv(65536)
        with contextlib.suppress(OSError):
            conn.send(f"server busy: {why}\n".encode())
        conn.close()
        emit("disconnected", text=f"refused: {why}")

    def _handle(self, conn: socket.socket, number: int, emit: Emitter) -> None:
        """Serve connection ``number`` on its handler thread: its turn, its conversation, its close
        with why it ended. A failure is one ``error`` event; a bug ends this connection only, never
        the server, and prints no traceback."""
        try:
            self._step("turn", number, conn)
            with self._gate.section(number, emit):
                try:
                    reason = self._converse(conn, number, emit)
                except OSError as exc:
                    reason = f"{type(exc).__name__}: {exc.strerror or exc}"
                    emit("error", text=reason)
                    if self._stop.is_set():
                        reason = "server stopped"
                self._close(conn, number, emit, reason)
        except Stopped:
            self._close(conn, number, emit, "server stopped")
        except Exception as exc:
            emit("error", text=f"handler failed: {type(exc).__name__}: {exc}")
            self._close(conn, number, emit, "handler failed")
        finally:
            self._step(END)

    def _answer(self, conn: socket.socket, number: int, emit: Emitter) -> str:
        """The built-in conversation (a :data:`Converse`; ``number`` unused): answer every chunk
        with ``reply`` until the peer closes or a policy ends it; returns why it ended.

        This loop runs for every message: what it looks up each time is bound once before it
        (the config's fields, the socket's methods), the step hook is called only when a stepper
        holds steps, and a reply the send buffer takes at once leaves in one non-blocking send.
        """
        cfg = self.config
        decoder = StreamDecoder()
        feed = decoder.feed
        reply = cfg.reply.encode("utf-8")
        reply_text = escape(cfg.reply)  # the reply as exact text, as received text is written
        size = len(reply)
        max_bytes, delay, idle = cfg.max_bytes, cfg.delay, cfg.idle_timeout
        step = self._step
        stepping = step is not no_step
        recv, send = conn.recv, conn.send
        record = emit.record  # the two events of every message, with no keyword dict
        received = 0
        held = 0  # bytes of a character the chunks so far left unfinished (the decoder's pending)
        if idle:  # else the socket is blocking already: no system call to make it so
            conn.settimeout(idle)
        try:
            while True:
                if stepping:
                    step("read")
                    if self._stop.is_set():  # stopped while held before its read: reads nothing
                        return "server stopped"
                try:
                    chunk = recv(RECV_SIZE)
                except TimeoutError:
                    emit("error", text=f"silent for {idle:g} s")
                    return "idle timeout"
                if not chunk:
                    return "server stopped" if self._stop.is_set() else "closed by peer"
                got = len(chunk)
                received += got
                text = feed(chunk)
                if held or decoder.pending:  # a character cut between chunks: say whose bytes are whose
                    cut: dict[str, Any] = {"carried": held} if held else {}
                    held = decoder.pending
                    if held:
                        cut["unfinished"] = decoder.unfinished
                    record("received", text, got, cut)
                else:
                    record("received", text, got, None)
                if max_bytes and received > max_bytes:
                    emit("error", text=f"sent more than {max_bytes} bytes")
                    return "byte limit"
                if stepping:
                    step("reply")
                if (stepping and self._stop.is_set()) or (delay and self._stop.wait(delay)):
                    emit("error", text="stopped before replying")
                    return "server stopped"
                record("replied", reply_text, size, None)  # as it starts to leave: before any receipt
                sent = 0
                if not idle:  # a blocking socket: try once without blocking (the usual case)
                    try:  # not contextlib.suppress: this runs for every message
                        sent = send(reply, _DONTWAIT)
                    except BlockingIOError:
                        sent = 0
                    if sent == size:
                        continue
                if not self._send_rest(conn, reply[sent:]):
                    emit("error", text=f"reply not taken within {cfg.send_timeout:g} s")
                    return "send timeout"
        finally:
            if tail := decoder.finish():  # an incomplete character left at the end: its bytes
                emit("received", text=tail, bytes=0, tail=True, carried=held)  # were counted as they came

    def _send_rest(self, conn: socket.socket, data: bytes) -> bool:
        """Send all of ``data`` within the send timeout; False when the peer did not take it in
        time. The socket's timeout is the send timeout for this send (a peer slow to read, or a
        socket with an idle timeout), then the idle timeout again, as :meth:`_answer` set it."""
        cfg = self.config
        conn.settimeout(cfg.send_timeout or None)
        try:
            conn.sendall(data)
        except TimeoutError:
            return False
        finally:
            conn.settimeout(cfg.idle_timeout or None)
        return True

    def _close(self, conn: socket.socket, number: int, emit: Emit, reason: str) -> None:
        """Close a served connection and emit its one ``disconnected`` event (once only)."""
        self._step("close")
        with self._lock:
            known = self._connections.pop(number, None) is not None
        conn.close()
        if known:
            emit("disconnected", text=reason, thread=threading.current_thread().name)

    def _report_nobody_waiting(self, count: int) -> None:
        self.bus.emit(SERVER, "nobody_waiting", accept=self.config.accept, count=count)

    def stop(self) -> None:
        """Wake and end every thread, close every socket, free the port; idempotent."""
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
        self._stop.set()
        deadline = time.monotonic() + STOP_BOUND
        if self._listener is not None:
            wake(self._listener)
            if self._serving:
                self._loop_done.wait(STOP_BOUND / 2)
            self._listener.close()
            if self._acceptor is not None:
                self._acceptor.close()
        close_reserve(self._reserve)
        self._reserve = None
        self._handlers.close()
        with self._lock:
            connections = list(self._connections.values())
        for conn in connections:
            wake(conn)
        self._handlers.join(deadline)
        self.bus.emit(SERVER, "stopped", local=self.address if self._bound_port else None)

    def __enter__(self) -> LabServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
