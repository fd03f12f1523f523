"""The lesson's clients: N threads that each connect, send, read the reply, hold, and close."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from functools import partial

from . import sockopts
from .events import CLIENT, EventBus
from .ordering import CLIENT_MODES, Order, Stopped, make_gate
from .wire import decode, ends, wake

DEFAULT_MESSAGE = "客户端{i}连接成功"
RECV_SIZE = 1024
STOP_BOUND = 1.0  # seconds stop() may spend joining threads


@dataclass(frozen=True)
class ClientConfig:
    """One launch: ``n`` clients, their ordering mode, what they send and how long they hold.

    ``message`` is a template: ``{i}`` becomes the client's launch number. ``timeout`` bounds
    the connect and each wait for a reply. ``sockopts`` are set on each socket once connected.
    """

    n: int = 3
    host: str = "127.0.0.1"
    port: int = 8888
    order: Order = field(default_factory=lambda: Order("free"))
    hold: float = 1.0
    message: str = DEFAULT_MESSAGE
    timeout: float = 30.0
    sockopts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.order.mode not in CLIENT_MODES:
            raise ValueError(f"clients have no {self.order.mode!r} order")

    def message_for(self, i: int) -> str:
        return self.message.replace("{i}", str(i))


class ClientRun:
    """N client threads launched under one ordering mode, reporting to an :class:`EventBus`.

    ``start()`` returns at once: a launcher thread starts the clients (and, in ``sequential``
    mode, joins each before starting the next). ``wait()`` blocks until every client is done;
    ``stop()`` wakes every blocked connect, recv and hold and joins within a second.
    Every client event carries ``run``, this launch's number. The run opens with a ``launched``
    event carrying its settings (``order``, ``n``, ``hold``); in ``sequential`` mode every client's
    ``waiting`` follows at once, since the launcher holds each back until the previous is done.
    """

    def __init__(self, config: ClientConfig, bus: EventBus | None = None, run: int = 1) -> None:
        self.config = config
        self.bus = bus or EventBus()
        self.run = run
        self._stop = threading.Event()
        self._done = threading.Event()
        self._gate = make_gate(config.order, self._stop)
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
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
        """End the run now: wake every blocked call and join the threads within a second."""
        self._stop.set()
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            wake(sock)
        deadline = time.monotonic() + STOP_BOUND
        if self._launcher.is_alive():
            self._launcher.join(max(0.0, deadline - time.monotonic()))
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    def _launch(self) -> None:
        cfg = self.config
        sequential = cfg.order.mode == "sequential"
        self.bus.emit(CLIENT, "launched", run=self.run, order=str(cfg.order), n=cfg.n, hold=cfg.hold)
        if sequential:  # every client asks for its turn now; the launcher grants them one by one
            for i in range(1, cfg.n + 1):
                self.bus.emit(CLIENT, "waiting", client=i, run=self.run)
        try:
            for i in range(1, cfg.n + 1):
                if self._stop.is_set():
                    break
                thread = threading.Thread(target=self._client, args=(i,), name=f"client-{i}", daemon=True)
                try:
                    thread.start()
                except RuntimeError as exc:
                    self.bus.emit(CLIENT, "error", client=i, run=self.run, text=f"cannot start thread: {exc}")
                    continue
                with self._lock:
                    self._threads.append(thread)
                self._gate.register(i)
                if sequential:
                    while thread.is_alive() and not self._stop.is_set():
                        thread.join(0.1)
            for thread in self._threads:
                while thread.is_alive() and not self._stop.is_set():
                    thread.join(0.1)
            if self._stop.is_set():  # woken clients still report how they ended
                deadline = time.monotonic() + STOP_BOUND
                for thread in self._threads:
                    thread.join(max(0.0, deadline - time.monotonic()))
        finally:
            self._done.set()

    def _client(self, i: int) -> None:
        emit = partial(self.bus.emit, CLIENT, client=i, run=self.run)
        try:
            with self._gate.section(i, emit):
                self._talk(i, emit)
        except Stopped:
            emit("error", text="stopped before its turn")
        except Exception as exc:  # a bug must not print a traceback over the user's screen
            emit("error", text=f"client failed: {type(exc).__name__}: {exc}")

    def _talk(self, i: int, emit: partial) -> None:
        cfg = self.config
        emit("connecting", peer=f"{cfg.host}:{cfg.port}")
        try:
            sock = socket.create_connection((cfg.host, cfg.port), timeout=cfg.timeout)
        except OSError as exc:
            emit("error", text=_describe_failure(exc, cfg.timeout, "connect"))
            return
        with self._lock:
            self._sockets.add(sock)
        local, peer = ends(sock)
        emit = partial(emit, local=local, peer=peer)
        reason = "closed"
        try:
            emit("connected", options=sockopts.settle(sock, cfg.sockopts))
            message = cfg.message_for(i)
            data = message.encode("utf-8")
            sock.sendall(data)
            emit("sent", text=message, bytes=len(data))
            chunk = sock.recv(RECV_SIZE)
            if not chunk:
                reason = "stopped" if self._stop.is_set() else "server closed without replying"
                emit("error", text=reason)
                return
            emit("received", text=decode(chunk), bytes=len(chunk))
            self._stop.wait(cfg.hold)
        except OSError as exc:
            reason = "stopped" if self._stop.is_set() else _describe_failure(exc, cfg.timeout, "reply")
            emit("error", text=reason)
        finally:
            with self._lock:
                self._sockets.discard(sock)
            sock.close()
            emit("disconnected", text=reason)


def _describe_failure(exc: OSError, timeout: float, step: str) -> str:
    if isinstance(exc, TimeoutError):
        return f"no {step} within {timeout:g} s"
    return f"{step} failed: {exc.strerror or exc}"
