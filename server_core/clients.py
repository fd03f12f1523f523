"""The lesson's clients: N threads that each connect, send, read the reply, hold, and close."""

from __future__ import annotations

import contextlib
import ipaddress
import select
import socket
import struct
import sys
import threading
import time
from _thread import start_new_thread as start_thread
from collections.abc import Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from . import sockopts
from .events import CLIENT, EventBus, Kind
from .ordering import CLIENT_MODES, FREE, POLL, Order, Stopped, make_gate
from .step_hook import END, HOLD, STARTED, no_step
from .wire import JOIN_BOUND, address, decode, escape, local_end, wake

if TYPE_CHECKING:
    from .stepping import Stepper

DEFAULT_MESSAGE = "客户端{i}连接成功"
RECV_SIZE = 1024
CHARACTER_WAIT = 0.5  # seconds the rest of a character cut by a chunk may take to arrive
REPLY_LIMIT = 1 << 20  # bytes a client keeps as its reply; what else arrived is counted as unread
REFUSAL = b"server busy: "  # how the server's one-line refusal starts (see LabServer._refuse)
# seconds stop() may spend: the launcher sees the stop within POLL, then waits JOIN_BOUND for the
# clients it woke before it says ``finished``
STOP_BOUND = JOIN_BOUND + 2 * POLL
KERNEL_TIMEOUTS = sys.platform.startswith("linux")  # a blocking connect honours SO_SNDTIMEO there
# Linux's struct tcp_info: tcpi_state (a byte) first, tcpi_bytes_received (Linux >= 4.1) at byte 128
TCP_INFO: int | None = getattr(socket, "TCP_INFO", None) if KERNEL_TIMEOUTS else None
_TCP_INFO = struct.Struct("=B127xQ")
_ESTABLISHED, _CLOSE_WAIT = 1, 8  # tcpi_state: open both ways; the peer's FIN read by the kernel


class _ClientFields(NamedTuple):
    """:class:`ClientConfig`'s fields, in order (its ``__new__`` gives their defaults)."""

    n: int
    host: str
    port: int
    order: Order
    hold: float
    message: str
    timeout: float
    sockopts: dict[str, int]


class ClientConfig(_ClientFields):
    """One launch: ``n`` clients, their ordering mode, what they send and how long they hold.

    ``message`` is a template: ``{i}`` becomes the client's launch number. ``timeout`` bounds
    the connect, every send and each wait for a reply. ``sockopts`` are set on each socket once connected
    (a new empty dict when not given). A named tuple: ``_replace`` gives a changed copy, checked
    as a new one is; ValueError for an order clients do not have.
    """

    __slots__ = ()

    def __new__(
        cls,
        n: int = 3,
        host: str = "127.0.0.1",
        port: int = 8888,
        order: Order = FREE,
        hold: float = 1.0,
        message: str = DEFAULT_MESSAGE,
        timeout: float = 30.0,
        sockopts: dict[str, int] | None = None,
    ) -> ClientConfig:
        if order.mode not in CLIENT_MODES:
            raise ValueError(f"clients have no {order.mode!r} order")
        fields = (n, host, port, order, hold, message, timeout, {} if sockopts is None else sockopts)
        return super().__new__(cls, *fields)

    @classmethod
    def _make(cls, iterable: Iterable[Any]) -> ClientConfig:  # type: ignore[override]  # mypy's is generic
        """A config of these field values, checked (``_replace`` makes its copy here)."""
        return cls(*iterable)

    def message_for(self, i: int) -> str:
        return self.message.replace("{i}", str(i))


class ClientRun:
    """N client threads launched under one ordering mode, reporting to an :class:`EventBus`.

    ``start()`` returns at once: a launcher thread starts the clients (and, in ``sequential``
    mode, joins each before starting the next). ``wait()`` blocks until every client is done;
    ``stop()`` wakes every blocked connect, recv and hold and joins within a second.
    Every client event carries ``run``, this launch's number. The run opens with a ``launched``
    event carrying its settings (``order``, ``n``, ``hold``, and with a stepper ``stepped``:
    ``hand`` when the user picks the steps, ``schedule`` when a schedule does); in
    ``sequential`` mode every client's ``waiting`` follows at once, since the launcher holds each
    back until the previous is done.
    It closes with one ``finished`` event (no client), once every client is done or stopped
    (``stopped``: True when a stop ended the run first). A client the stop reached before it closed
    its connection by itself (its hold cut short, or let go by the stop from step mode's hold
    before its close) says ``error`` ``stopped``: a stopped client.
    With a ``stepper`` every client calls its hook before each step (see :mod:`server_core.stepping`).
    """

    def __init__(
        self, config: ClientConfig, bus: EventBus | None = None, run: int = 1, stepper: Stepper | None = None
    ) -> None:
        self.config = config
        self.bus = bus or EventBus()
        self.run = run
        self._stop = threading.Event()
        self._stepper = stepper
        self._step = stepper.hook(CLIENT, run, self._stop, config.order) if stepper else no_step
        by = None if stepper is None else "hand" if stepper.schedule is None else "schedule"
        self._stepped: dict[str, Any] = {} if by is None else {"stepped": by}  # who picks the steps
        self._done = threading.Event()
        self._gate = make_gate(config.order, self._stop)
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._running = 0  # clients started and not yet finished
        self._idle = threading.Condition(self._lock)  # notified when the last running client ends
        self._started = threading.Lock()  # released by each new client thread once it runs
        self._started.acquire()
        self._launcher = threading.Thread(target=self._launch, name=f"launcher-{run}", daemon=True)

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def start(self) -> ClientRun:
        self._launcher.start()
        return self

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every client has finished (or ``timeout``); True when all are done."""
        return self._done.wait(timeout)

    def stop(self) -> None:
        """End the run now: wake every blocked call and join the threads within ``STOP_BOUND``
        seconds; step mode lets go every handler of this run's connections.

        The sockets are woken again every ``POLL`` while the run goes on: a client that looked at
        the stop just before it was set enters its connect after the first wake, which a wake
        before a connect does not end (the socket is not yet connecting)."""
        self._stop.set()
        if self._stepper is not None:
            self._stepper.stop_run(self.run)
        deadline = time.monotonic() + STOP_BOUND
        self._wake_all()
        while self._launcher.is_alive() and (left := deadline - time.monotonic()) > 0:
            self._launcher.join(min(POLL, left))
            self._wake_all()
        self._join_clients(max(0.0, deadline - time.monotonic()))

    def _wake_all(self) -> None:
        """Wake every blocked call on the run's sockets (see :func:`wake`)."""
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            wake(sock)

    def _launch(self) -> None:
        cfg = self.config
        sequential = cfg.order.mode == "sequential"
        try:
            order, wall = str(cfg.order), self.bus.wall  # wall: the anchor of this process's clock
            settings = {"order": order, "n": cfg.n, "hold": cfg.hold, "wall": wall, **self._stepped}
            self.bus.emit(CLIENT, "launched", run=self.run, **settings)
            target = _Target(cfg)
            if sequential:  # every client asks for its turn now; the launcher grants them one by one
                for i in range(1, cfg.n + 1):
                    self.bus.emit(CLIENT, "waiting", client=i, run=self.run)
            for i in range(1, cfg.n + 1):
                if self._stop.is_set():
                    break
                try:
                    self._start_client(i, target)
                except RuntimeError as exc:
                    self.bus.emit(CLIENT, "error", client=i, run=self.run, text=f"cannot start thread: {exc}")
                    continue
                self._gate.register(i)
                if sequential:
                    self._join_clients()
            self._join_clients()
            if self._stop.is_set():  # woken clients still report how they ended
                self._join_clients(JOIN_BOUND)
        finally:
            if self._stop.is_set():  # a stop ended it before its clients were done
                self.bus.emit(CLIENT, Kind.FINISHED, run=self.run, stopped=True)
            else:
                self.bus.emit(CLIENT, Kind.FINISHED, run=self.run)
            self._done.set()

    def _start_client(self, i: int, target: _Target) -> None:
        """Start client ``i`` on a thread of its own and return once it runs; RuntimeError if the
        thread cannot start.

        A plain ``_thread`` and a lock instead of ``threading.Thread``: the launcher still waits
        for each client to run before it starts the next (a thousand started at once finish
        later: bench/launcher.py), but builds no Thread, with its Event and bookkeeping, for
        every client while the clients already started compete with it for the GIL.
        """
        with self._lock:
            self._running += 1
        try:
            start_thread(self._client, (i, target))
        except RuntimeError:
            self._finished()
            raise
        if self._step is not no_step:  # step mode: it runs, however late it takes its first step
            self._step(STARTED, i)
        while not self._started.acquire(timeout=POLL) and not self._stop.is_set():
            pass

    def _finished(self) -> None:
        with self._lock:  # the condition's own lock: a plain with costs no Python call
            self._running -= 1
            if not self._running:
                self._idle.notify_all()

    def _join_clients(self, timeout: float | None = None) -> None:
        """Wait until no client runs: at most ``timeout`` seconds, or with none, until a stop."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._idle:
            while self._running:
                if deadline is None:
                    if self._stop.is_set():
                        return
                    self._idle.wait(POLL)
                elif (left := deadline - time.monotonic()) > 0:
                    self._idle.wait(left)
                else:
                    return

    def _client(self, i: int, target: _Target) -> None:
        self._started.release()
        emit = partial(self.bus.emit, CLIENT, client=i, run=self.run)
        try:
            self._step("turn", i)
            if self._stop.is_set():  # let go by a stop before its turn (step mode): asks for none
                raise Stopped
            with self._gate.section(i, emit):
                self._talk(i, target)
        except Stopped:
            emit("error", text="stopped before its turn")
        except Exception as exc:  # a bug must not print a traceback over the user's screen
            emit("error", text=f"client failed: {type(exc).__name__}: {exc}")
        finally:
            self._step(END)
            self._finished()

    def _talk(self, i: int, target: _Target) -> None:
        cfg, emit, run = self.config, self.bus.emit, self.run
        self._step("connect")
        if self._stop.is_set():  # stopped while held before its connect (step mode): never connects
            emit(CLIENT, "error", i, text="stopped", run=run)
            return
        emit(CLIENT, "connecting", i, peer=target.shown, run=run)
        try:
            sock, peer, family = self._connect(target)
        except OSError as exc:
            reason = self._failure(exc, "connect")
            emit(CLIENT, "error", i, text=reason, run=run)
            return
        say = self.bus.emitter(CLIENT, i, local_end(sock), peer)  # the events of this connection
        reason = "closed"
        read = 0  # bytes read from the socket so far
        try:
            say("connected", run=run, options=target.settle(sock, family))
            message = cfg.message_for(i)
            data = message.encode("utf-8")
            self._held("send", sock, link=True)
            if self._stop.is_set():  # stopped while held before its send (step mode): sends nothing
                raise OSError("stopped")
            say("sent", text=escape(message), bytes=len(data), run=run)  # before sendall: before any receipt
            sock.sendall(data)
            self._held("recv", sock)
            if self._stop.is_set():  # stopped while held before its recv (step mode): reads nothing
                raise OSError("stopped")
            reply = _read_reply(sock)
            read = len(reply)
            if not reply:
                reason = "stopped" if self._stop.is_set() else "server closed without replying"
                say("error", text=reason, run=run)
                return
            say("received", text=decode(reply), bytes=len(reply), run=run)
            if reply.startswith(REFUSAL):  # the server's refusal is not a reply: this client failed
                why = reply[len(REFUSAL) :].decode("utf-8", "backslashreplace").strip()
                say("error", text=f"refused: {why}", run=run, refused=True)
                reason = "refused"
                return
            if cfg.hold > 0:
                self._step(HOLD)  # shown as in its hold, no longer in its recv
                with self._in_no_call(sock):
                    cut_short = self._stop.wait(cfg.hold)
                if cut_short:
                    raise OSError("stopped")  # its hold cut short: stopped like a client still waiting
        except OSError as exc:
            reason = self._failure(exc, "reply")
            say("error", text=reason, run=run)
        finally:
            with self._lock:  # this thread closes it: a stop need not wake it, held before its close
                self._sockets.discard(sock)
            self._step("close")
            if reason == "closed" and self._stop.is_set():  # a stop before it closed by itself (held
                reason = "stopped"  # before its close in step mode): stopped, as one cut from its hold
                say("error", text=reason, run=run)
            unread = _unread(sock, read)
            extra = {"unread": unread} if unread else {}
            say("disconnected", text=reason, run=run, **extra)  # as it closes: before its server can see it
            sock.close()

    def _held(self, step: str, sock: socket.socket, link: bool = False) -> None:
        """Step mode's hold before ``step`` of a connected client (``link``: the stepper is given
        the socket, to pair the client with its handler). Its socket is out of those a stop wakes
        meanwhile: the thread is in no socket call, and the stop lets it go to end by itself, so
        its server sees the close after the client's own lines (shut down by the stop, it had the
        server say "closed by peer" a poll before the client was let go)."""
        if self._step is not no_step:
            with self._in_no_call(sock):
                self._step(step, sock=sock if link else None)

    @contextlib.contextmanager
    def _in_no_call(self, sock: socket.socket) -> Iterator[None]:
        """A stretch in which this client's thread makes no socket call (held by step mode, or
        holding its connection for ``hold``): its socket is out of those a stop wakes, and the
        thread, woken by the stop itself, ends its connection after saying so."""
        with self._lock:
            self._sockets.discard(sock)
        try:
            yield
        finally:
            with self._lock:
                self._sockets.add(sock)

    def _failure(self, exc: OSError, step: str) -> str:
        """Why ``step`` failed, in one line: "stopped" when a stop woke it."""
        return "stopped" if self._stop.is_set() else _describe_failure(exc, self.config.timeout, step)

    def _connect(self, target: _Target) -> tuple[socket.socket, str | None, int]:
        """A socket connected to the first of the server's addresses that accepts (tried in turn,
        as ``socket.create_connection`` does), that address as ``ip:port`` and its family; raises
        the last failure. The socket is tracked from before its connect, so stop() wakes that too.

        The timeout bounds each connect, send and recv (see :func:`_bound`).
        """
        error: OSError | None = None
        for family, kind, proto, sockaddr, shown in target.addresses:
            sock = socket.socket(family, kind, proto)
            with self._lock:
                self._sockets.add(sock)
            try:
                _bound(sock, target)
                # stop() may have looked at the sockets before this one; one it woke after this
                # look and before the connect below, it wakes again in the connect
                if self._stop.is_set():
                    raise OSError("stopped")
                sock.connect(sockaddr)
            except OSError as exc:
                with self._lock:
                    self._sockets.discard(sock)
                sock.close()
                error = exc
                continue
            return sock, shown, family
        raise error or target.failure()


def _bound(sock: socket.socket, target: _Target) -> None:
    """Bound every blocking call on ``sock`` by the run's timeout.

    On Linux, by the kernel's send and receive timeouts (a connect honours the send timeout
    there): the socket stays blocking, so each connect, send and recv is one system call, where
    ``settimeout`` makes Python poll before each (one more system call, and one more hand-over
    of the interpreter lock among a thousand client threads, each time). A call the kernel
    timed out raises BlockingIOError (EAGAIN, or EINPROGRESS for a connect), which
    :func:`_describe_failure` words as a timeout. Elsewhere, by ``settimeout``.
    """
    if KERNEL_TIMEOUTS:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, target.timeval)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, target.timeval)
    else:
        sock.settimeout(target.timeout)


def _lookup(host: str) -> str | bytes:
    """``host`` as getaddrinfo should take it: an address literal as bytes (a name's encoding,
    and the loading of its codec, are not needed for one), a name as it is."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return host
    return host.encode()


class _Target:
    """The server's addresses, resolved once per run rather than once per client.

    A host that cannot be resolved has no ``addresses``; its ``failure`` is the resolver's error.
    """

    def __init__(self, config: ClientConfig) -> None:
        self.shown = address((config.host, config.port)) or ""
        self.addresses: list[tuple[int, int, int, tuple, str | None]] = []
        self.timeout = config.timeout
        self.timeval = _timeval(config.timeout)
        self._error: OSError = OSError(f"no address for {self.shown}")
        self._settlers: dict[int, sockopts.Settler] = {}
        try:
            found = socket.getaddrinfo(_lookup(config.host), config.port, 0, socket.SOCK_STREAM)
        except OSError as exc:
            self._error = exc
            return
        except UnicodeError as exc:  # a name no resolver can encode, such as "a..b"
            self._error = OSError(f"cannot look up {config.host!r}: {exc}")
            return
        for family, kind, proto, _, sockaddr in found:
            self.addresses.append((family, kind, proto, sockaddr, address(sockaddr)))
            self._settlers.setdefault(family, sockopts.Settler(config.sockopts))

    def settle(self, sock: socket.socket, family: int) -> dict[str, int]:
        """Set the run's options on a socket connected to one of the addresses of ``family``;
        return those in force, read back once per address family (every client sets the same
        ones). The family is the address's: ``sock.family`` costs four Python calls."""
        return self._settlers[family](sock)

    def failure(self) -> OSError:
        """A fresh copy of the error a connect reports when no address answers (raising one
        object from every client would grow its traceback)."""
        return type(self._error)(*self._error.args)


def _timeval(seconds: float) -> bytes:
    """``seconds`` as the ``struct timeval`` SO_RCVTIMEO and SO_SNDTIMEO take; never all zero
    (which the kernel reads as no timeout at all)."""
    whole = int(seconds)
    micro = round((seconds - whole) * 1e6)
    if whole == 0 and micro == 0:
        micro = 1
    return struct.pack("@ll", whole + micro // 1_000_000, micro % 1_000_000)


def _read_reply(sock: socket.socket) -> bytes:
    """The reply: one ``recv`` (it waits, within the timeout), then whatever else has already
    arrived, up to :data:`REPLY_LIMIT` bytes and the end of the character they end in (if it
    comes within :data:`CHARACTER_WAIT`). b"" when the server closed without a word; a reset
    after the first bytes ends the reply, it does not lose it.
    """
    reply = sock.recv(RECV_SIZE)
    while reply:
        cut = _unfinished(reply)
        if not cut and (len(reply) >= REPLY_LIMIT or _pending(sock, len(reply)) == 0):
            break
        if not _ready(sock, CHARACTER_WAIT if cut else 0.0):
            break
        try:
            more = sock.recv(RECV_SIZE if len(reply) < REPLY_LIMIT else 1)
        except OSError:
            break
        if not more:
            break
        reply += more
    return reply


def _pending(sock: socket.socket, read: int) -> int | None:
    """Bytes that have arrived on ``sock`` past the ``read`` bytes read from it, as the kernel
    counts them (``TCP_INFO``), or None where it cannot tell: no ``TCP_INFO`` or no
    ``tcpi_bytes_received`` (Linux before 4.1, other systems), or a connection neither open nor
    closed by the peer's FIN alone (a reset, a shutdown of our own).

    A ``getsockopt`` keeps the interpreter lock where a ``poll`` gives it up: among a thousand
    client threads, each hand-over of the lock is a wait in line for it (docs/PERFORMANCE.md,
    *Launching clients*). The peer's FIN counts as one byte received. 0 means a ``recv`` now
    would find nothing to read but, after a FIN, the end of the stream; more than 0 may still
    hold bytes a ``recv`` never returns (urgent data), so a caller looks again before reading.
    """
    if TCP_INFO is None:
        return None
    try:
        info = sock.getsockopt(socket.IPPROTO_TCP, TCP_INFO, _TCP_INFO.size)
    except OSError:
        return None
    if len(info) < _TCP_INFO.size:  # a kernel whose tcp_info ends before tcpi_bytes_received
        return None
    state, received = _TCP_INFO.unpack(info)
    if state == _ESTABLISHED:
        return received - read
    if state == _CLOSE_WAIT:
        return received - read - 1
    return None


def _ready(sock: socket.socket, wait: float) -> bool:
    """True when ``sock`` has bytes (or the end of the stream) to read within ``wait`` seconds."""
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    return bool(poller.poll(round(wait * 1000)))


def _unfinished(data: bytes) -> bool:
    """True when ``data`` ends inside a UTF-8 character (a lead byte without all its followers)."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte < 0x80:
            return False
        if byte >= 0xC0:  # a lead byte: 2, 3 or 4 bytes long
            return back < (2 if byte < 0xE0 else 3 if byte < 0xF0 else 4)
    return False


def _unread(sock: socket.socket, read: int) -> int:
    """Bytes that arrived and were never read (the server said more than the reply), ``read``
    bytes having been read, read now so that closing does not reset the connection; never
    waits, and stops at :data:`REPLY_LIMIT` for a server that never stops talking. Where the
    kernel says nothing is left (:func:`_pending`), without a system call that gives up the
    interpreter lock."""
    if _pending(sock, read) == 0:
        return 0
    count = 0
    try:  # rather than contextlib.suppress, whose two Python calls every client would pay
        while count < REPLY_LIMIT and _ready(sock, 0.0) and (chunk := sock.recv(65536)):
            count += len(chunk)
    except OSError:
        pass
    return count


def _describe_failure(exc: OSError, timeout: float, step: str) -> str:
    if isinstance(exc, (TimeoutError, BlockingIOError)):  # Python's timeout, or the kernel's: see _bound
        return f"no {step} within {timeout:g} s"
    return f"{step} failed: {exc.strerror or exc}"
