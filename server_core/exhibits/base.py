"""The frame of every exhibit: the lab's own server, N real client connections, a result.

An :class:`Exhibit` runs a thread-per-connection :class:`LabServer` on 127.0.0.1 port 0 whose
conversation is the exhibit's ``serve`` (one handler thread per connection, named
``handler-N`` for connection N), connects N clients one after another (so client i is
connection i) and runs each client's ``visit`` on a thread of its own. Texts live in the
interface's string table under ``exhibit.<name>.*``; results hold only names and values.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from dataclasses import asdict, dataclass
from typing import Any, ClassVar

from ..events import CLIENT, SERVER, EventBus
from ..ordering import Emit
from ..port_taken import binding
from ..server import LabServer, ServerConfig
from ..wire import address, decode, local_end, wake
from .stage import LIMIT, PATIENCE, Actor, Stage

MIN_N = 2
MAX_N = 32
RECV_SIZE = 1024
GAVE_UP = "gave up"  # how a handler's reply begins when it gave up waiting for a lock


@dataclass(frozen=True)
class ExhibitResult:
    """One run of an exhibit: ``variant`` is ``unsafe`` or ``safe``; ``given`` holds the settings
    its prediction speaks of; ``observed`` the values it measured (JSON-ready);
    ``as_predicted`` whether they match the prediction for that variant."""

    name: str
    variant: str
    n: int
    given: dict[str, Any]
    observed: dict[str, Any]
    as_predicted: bool


class Line:
    """One end of a conversation in lines of UTF-8 text; every line is an event.

    ``say`` emits ``outgoing`` (``sent`` or ``replied``) and sends a line: stamped as it starts to
    leave, so no receipt of it is stamped before it (an ``OSError`` if it could not leave);
    ``hear`` waits (at most the socket's timeout) for the next line and emits ``received``.
    ConnectionError when the peer closed first; TimeoutError when it is silent too long.
    """

    def __init__(self, sock: socket.socket, emit: Emit, outgoing: str, limit: float) -> None:
        self.sock, self.emit, self.outgoing = sock, emit, outgoing
        self._buffer = b""
        sock.settimeout(limit)

    def say(self, text: str) -> None:
        data = (text + "\n").encode()
        self.emit(self.outgoing, text=text, bytes=len(data))  # before sendall: before any receipt
        self.sock.sendall(data)

    def hear(self) -> str:
        while b"\n" not in self._buffer:
            chunk = self.sock.recv(RECV_SIZE)
            if not chunk:
                raise ConnectionError("closed by peer")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        text = decode(line)
        self.emit("received", text=text, bytes=len(line) + 1)
        return text


class Exhibit:
    """One exhibit, unsafe or ``safe``, with ``n`` clients; :meth:`run` once, :meth:`stop` from any
    thread ends a run early. Subclasses set ``name``, ``default_n`` and ``given`` and write
    ``serve`` (a handler's side), ``visit`` (a client's side) and ``observe``."""

    name: ClassVar[str]
    default_n: ClassVar[int]

    def __init__(
        self,
        safe: bool = False,
        n: int | None = None,
        bus: EventBus | None = None,
        patience: float = PATIENCE,
        limit: float = LIMIT,
        port: int = 0,
    ) -> None:
        self.safe = safe
        self.port = port  # the server's, on 127.0.0.1; 0: a free one
        self.n = self.default_n if n is None else n
        if not MIN_N <= self.n <= MAX_N:
            raise ValueError(f"an exhibit runs {MIN_N} to {MAX_N} clients, not {self.n}")
        self.bus = bus or EventBus()
        self.stage = Stage(self.bus, range(1, self.n + 1), patience, limit)
        self.replies: dict[int, list[str]] = {i: [] for i in range(1, self.n + 1)}
        self._server: LabServer | None = None
        self._sockets: list[socket.socket] = []
        self._stopped = threading.Event()
        self._handlers_done = 0

    @property
    def variant(self) -> str:
        return "safe" if self.safe else "unsafe"

    def given(self) -> dict[str, Any]:
        """The values the prediction's text is filled with."""
        return {"n": self.n, "patience": self.stage.patience}

    # -- to write in each exhibit ----------------------------------------------------------------

    def serve(self, talk: Line) -> str:
        """One handler's conversation with its client; returns why it ended."""
        raise NotImplementedError

    def visit(self, number: int, talk: Line) -> None:
        """Client ``number``'s side of the conversation."""
        raise NotImplementedError

    def observe(self) -> tuple[dict[str, Any], bool]:
        """What the run showed, and whether that is what this variant predicts."""
        raise NotImplementedError

    # -- the frame -------------------------------------------------------------------------------

    def run(self) -> ExhibitResult:
        """Run the exhibit once (a few seconds at most) and return what it showed. PortTaken
        when its server cannot listen on its port (one in use), before any client connects."""
        self.bus.emit(SERVER, "exhibit", name=self.name, variant=self.variant, n=self.n)
        # the clients are one run, told the way a launcher tells its runs: all at once, no hold
        self.bus.emit(CLIENT, "launched", run=1, order="free", n=self.n, hold=0.0, wall=self.bus.wall)
        config = ServerConfig(port=self.port, threads="new")
        server = self._server = LabServer(config, self.bus, converse=self._converse)
        try:
            with binding(config.host, self.port):
                server.bind()
            server.start()
            visitors = [
                threading.Thread(target=self._visit, args=client, name=f"client-{client[0]}", daemon=True)
                for client in self._connect_all(server.port)
            ]
            for thread in visitors:
                thread.start()
            deadline = time.monotonic() + self.stage.limit + self.stage.patience
            for thread in visitors:
                thread.join(max(0.0, deadline - time.monotonic()))
            self.stage.wait_until(self._all_handlers_done)
            # the clients' run ends as a launcher's does, before its server stops
            self.bus.emit(CLIENT, "finished", run=1, stopped=self._stopped.is_set())
        finally:
            self.stop()
        observed, as_predicted = self.observe()
        result = ExhibitResult(self.name, self.variant, self.n, self.given(), observed, as_predicted)
        # what the run showed, in its history: a recording of it says what the exhibit was
        self.bus.emit(SERVER, "outcome", **asdict(result))
        return result

    def stop(self) -> None:
        """End the run: wake every wait, stop the server, close every client socket; idempotent."""
        self._stopped.set()
        self.stage.stop()
        for sock in list(self._sockets):
            wake(sock)
        if self._server is not None:
            self._server.stop()

    def _all_handlers_done(self) -> bool:
        return self._handlers_done >= len(self._sockets)

    def _connect_all(self, port: int) -> list[tuple[int, socket.socket, Emit]]:
        """Connect the clients one after another, so the server accepts client i as connection i."""
        connected: list[tuple[int, socket.socket, Emit]] = []
        for i in range(1, self.n + 1):
            emit = self.bus.emitter(CLIENT, i, None, f"127.0.0.1:{port}")
            emit("connecting", run=1)
            if self._stopped.is_set():
                break
            try:
                sock = socket.create_connection(("127.0.0.1", port), timeout=self.stage.limit)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                peer = address(sock.getpeername())
            except OSError as exc:
                emit("error", text=f"cannot connect: {exc.strerror or exc}", run=1)
                self.stage.turns.finish(i)
                continue
            self._sockets.append(sock)
            step = self.bus.emitter(CLIENT, i, local_end(sock), peer)
            step("connected", run=1)
            connected.append((i, sock, step))
        return connected

    def _visit(self, number: int, sock: socket.socket, step: Emit) -> None:
        talk = Line(sock, lambda kind, **fields: step(kind, run=1, **fields), "sent", self.stage.limit)
        reason = "done"
        try:
            self.visit(number, talk)
            told = self.replies[number]
            if told and told[-1].startswith(GAVE_UP):  # its request was not served: no "ok" client
                reason = GAVE_UP
                step("error", text=told[-1], run=1)
        except OSError as exc:
            reason = f"{type(exc).__name__}: {exc.strerror or exc}"
            step("error", text=reason, run=1)
        finally:
            with contextlib.suppress(OSError):
                sock.close()
            step("disconnected", text=reason, run=1)

    def _converse(self, conn: socket.socket, number: int, emit: Emit) -> str:
        """The server's conversation for connection ``number``: the exhibit's ``serve``."""
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.stage.enter(Actor(number, emit, threading.current_thread().name))
        try:
            return self.serve(Line(conn, emit, "replied", self.stage.limit))
        finally:
            with self.stage.changed:
                self._handlers_done += 1
            self.stage.turns.finish(number)

    def told(self, number: int, text: str) -> None:
        """Keep what client ``number`` was told (for ``observe``)."""
        self.replies[number].append(text)

    def answered(self, prefix: str) -> list[int]:
        """Clients whose last reply starts with ``prefix``."""
        return [i for i, said in self.replies.items() if said and said[-1].startswith(prefix)]
