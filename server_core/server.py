"""The lesson's server: one accept loop, one daemon thread per connection, every step an event."""

from __future__ import annotations

import errno
import itertools
import socket
import threading
import time
from dataclasses import dataclass, field
from functools import partial

from . import sockopts
from .accepting import ACCEPT_MODES, Acceptor
from .events import SERVER, EventBus
from .ordering import SERVER_MODES, Order, Stopped, make_gate
from .wire import StreamDecoder, address, ends, wake

DEFAULT_REPLY = "收到客户端信息"
RECV_SIZE = 1024
STOP_BOUND = 1.0  # seconds stop() may spend joining threads
_OUT_OF_DESCRIPTORS = {errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM}
_BACKOFF = 0.1  # seconds the accept loop pauses when the process is out of descriptors


@dataclass(frozen=True)
class ServerConfig:
    """How the server listens and answers. ``port`` 0 lets the OS choose."""

    host: str = "127.0.0.1"
    port: int = 8888
    backlog: int = 128
    order: Order = field(default_factory=lambda: Order("free"))
    delay: float = 0.0
    reply: str = DEFAULT_REPLY
    sockopts: dict[str, int] = field(default_factory=lambda: dict(sockopts.SERVER_DEFAULTS))
    accept: str = "blocking"

    def __post_init__(self) -> None:
        if self.order.mode not in SERVER_MODES:
            raise ValueError(f"the server has no {self.order.mode!r} order")
        if self.accept not in ACCEPT_MODES:
            raise ValueError(f"the server has no {self.accept!r} accept mode")


class LabServer:
    """Thread-per-connection TCP server that reports to an :class:`EventBus`.

    ``bind()`` opens the listening socket (OSError if the port is busy); ``serve_forever()`` runs
    the accept loop on the calling thread until ``stop()``; ``start()`` does both, the loop on a
    thread of its own. ``stop()`` wakes every blocked accept and recv, joins the threads within
    a second and frees the port. As a context manager the server is started and stopped.
    """

    def __init__(self, config: ServerConfig | None = None, bus: EventBus | None = None) -> None:
        self.config = config or ServerConfig()
        self.bus = bus or EventBus()
        self._stop = threading.Event()
        self._loop_done = threading.Event()
        self._gate = make_gate(self.config.order, self._stop)
        self._listener: socket.socket | None = None
        self._acceptor: Acceptor | None = None
        self._accept_thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._connections: dict[int, socket.socket] = {}
        self._handlers: set[threading.Thread] = set()
        self._numbers = itertools.count(1)
        self._bound_port: int | None = None
        self._serving = False
        self._stopped = False

    @property
    def port(self) -> int:
        """The port listened on (the OS's choice when configured as 0)."""
        return self.config.port if self._bound_port is None else self._bound_port

    @property
    def address(self) -> str:
        """``host:port`` listened on."""
        return address((self.config.host, self.port)) or ""

    @property
    def active(self) -> int:
        """Connections open right now."""
        with self._lock:
            return len(self._connections)

    def bind(self) -> None:
        """Open, bind and listen; emits ``listening``. Raises OSError (e.g. port in use)."""
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
        self._bound_port = listener.getsockname()[1]
        self.bus.emit(
            SERVER,
            "listening",
            local=address(listener.getsockname()),
            order=str(self.config.order),
            backlog=self.config.backlog,
            accept=self.config.accept,
            options=sockopts.listening(listener),
        )

    def start(self) -> LabServer:
        """Bind (if not yet bound) and run the accept loop on its own thread."""
        if self._listener is None:
            self.bind()
        self._accept_thread = threading.Thread(target=self.serve_forever, name="accept", daemon=True)
        self._accept_thread.start()
        return self

    def serve_forever(self) -> None:
        """Accept connections until ``stop()``; each gets a daemon handler thread."""
        assert self._acceptor is not None, "bind() first"
        self._serving = True
        out_of_descriptors = False
        try:
            while not self._stop.is_set():
                try:
                    conn = self._acceptor.accept()
                except OSError as exc:
                    if self._stop.is_set():
                        break
                    if exc.errno in _OUT_OF_DESCRIPTORS:
                        if not out_of_descriptors:
                            self.bus.emit(SERVER, "error", text=f"accept paused: {exc.strerror}")
                        out_of_descriptors = True
                        self._stop.wait(_BACKOFF)
                        continue
                    if exc.errno == errno.ECONNABORTED:
                        continue
                    self.bus.emit(SERVER, "error", text=f"accept failed: {exc}")
                    break
                if conn is None:
                    continue
                out_of_descriptors = False
                self._admit(conn)
        finally:
            self._loop_done.set()

    def _admit(self, conn: socket.socket) -> None:
        number = next(self._numbers)
        local, peer = ends(conn)
        emit = partial(self.bus.emit, SERVER, client=number, local=local, peer=peer)
        emit("accepted", options=sockopts.settle(conn, self.config.sockopts))
        with self._lock:
            self._connections[number] = conn
        thread = threading.Thread(
            target=self._handle, args=(conn, number, emit), name=f"handler-{number}", daemon=True
        )
        try:
            thread.start()
        except RuntimeError as exc:
            emit("error", text=f"cannot start a handler thread: {exc}")
            self._close(conn, number, emit, "no handler thread")
            return
        with self._lock:
            self._handlers.add(thread)
        self._gate.register(number)

    def _handle(self, conn: socket.socket, number: int, emit: partial) -> None:
        reason = "server stopped"
        try:
            with self._gate.section(number, emit):
                try:
                    reason = self._converse(conn, emit)
                except OSError as exc:
                    reason = f"{type(exc).__name__}: {exc.strerror or exc}"
                    emit("error", text=reason)
                finally:
                    self._close(conn, number, emit, reason)
        except Stopped:
            self._close(conn, number, emit, reason)
        except Exception as exc:  # a bug must not kill the server or print a traceback
            emit("error", text=f"handler failed: {type(exc).__name__}: {exc}")
            self._close(conn, number, emit, "handler failed")
        finally:
            with self._lock:
                self._handlers.discard(threading.current_thread())

    def _converse(self, conn: socket.socket, emit: partial) -> str:
        """Answer every chunk until the peer closes; returns why the conversation ended."""
        decoder = StreamDecoder()
        reply_text = self.config.reply
        reply = reply_text.encode("utf-8")
        delay = self.config.delay
        try:
            while True:
                chunk = conn.recv(RECV_SIZE)
                if not chunk:
                    return "server stopped" if self._stop.is_set() else "closed by peer"
                emit("received", text=decoder.feed(chunk), bytes=len(chunk))
                if delay and self._stop.wait(delay):
                    return "server stopped"
                conn.sendall(reply)
                emit("replied", text=reply_text, bytes=len(reply))
        finally:
            if tail := decoder.finish():  # an incomplete character left at the end
                emit("received", text=tail, bytes=0)

    def _close(self, conn: socket.socket, number: int, emit: partial, reason: str) -> None:
        with self._lock:
            self._connections.pop(number, None)
        conn.close()
        emit("disconnected", text=reason)

    def _report_nobody_waiting(self, count: int) -> None:
        self.bus.emit(SERVER, "nobody_waiting", accept=self.config.accept, count=count)

    def stop(self) -> None:
        """Wake and end every thread, close every socket, free the port; idempotent."""
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
            connections = list(self._connections.values())
        self._stop.set()
        deadline = time.monotonic() + STOP_BOUND
        if self._listener is not None:
            wake(self._listener)
            if self._serving:
                self._loop_done.wait(STOP_BOUND / 2)
            self._listener.close()
            self._acceptor.close()
        for conn in connections:
            wake(conn)
        with self._lock:
            handlers = list(self._handlers)
        for thread in handlers:
            thread.join(max(0.0, deadline - time.monotonic()))
        self.bus.emit(SERVER, "stopped", local=self.address if self._bound_port else None)

    def __enter__(self) -> LabServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
