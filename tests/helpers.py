"""Small tools the tests share: waiting for a condition with a deadline, a lesson-style peer."""

from __future__ import annotations

import contextlib
import os
import select
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from server_core import (
    CLIENT,
    DEFAULT_MESSAGE,
    SERVER,
    ClientConfig,
    ClientRun,
    Event,
    EventBus,
    Kind,
    LabServer,
    ServerConfig,
    parse_order,
)


class Clock:
    """A clock that stands still until a test moves it: ``clock.now += seconds``."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Deadline:
    """``check()`` fails the test once ``timeout`` seconds have passed since creation."""

    def __init__(self, timeout: float, what: str) -> None:
        self.timeout, self.what = timeout, what
        self.end = time.monotonic() + timeout

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise AssertionError(f"timed out after {self.timeout} s waiting for {self.what}")


def wait_for(condition: Callable[[], object], timeout: float = 5.0, what: str = "condition") -> object:
    """Poll ``condition`` until it is truthy; fail the test after ``timeout`` seconds."""
    deadline = Deadline(timeout, what)
    while not (value := condition()):
        deadline.check()
        time.sleep(0.005)
    return value


def on_terminal(
    argv: list[str],
    columns: int,
    env: dict[str, str],
    timeout: float = 30,
    *,
    whole: bool = False,
    typed_after: tuple[str, bytes] | None = None,
) -> tuple[int, list[str], str]:
    """Run ``argv`` with its standard output on a terminal ``columns`` cells wide (a
    pseudo-terminal of that size; ``COLUMNS`` and ``LINES`` left out of ``env``): its exit code,
    the lines it showed there and its standard error. Fails the test after ``timeout`` seconds.

    ``whole``: standard input and error on the terminal too, which is the command's controlling
    terminal and echoes control characters as a terminal does (its standard error is then among
    the lines, and "" is returned for it); ``typed_after`` (text, keys): the keys are typed once
    the text has shown (Ctrl-C reaches the command as SIGINT)."""
    import fcntl
    import pty
    import struct
    import termios

    parent, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    if whole:
        attrs = termios.tcgetattr(child)
        attrs[3] |= termios.ECHO | termios.ECHOCTL | termios.ISIG
        termios.tcsetattr(child, termios.TCSANOW, attrs)
    env = {name: value for name, value in env.items() if name not in ("COLUMNS", "LINES")}
    deadline = Deadline(timeout, f"{argv} on a terminal")
    out = b""
    try:
        if whole:  # setsid(1): a session whose controlling terminal is this one (no preexec_fn,
            # unsafe in a process with threads), so that a typed Ctrl-C reaches it as SIGINT
            command = ["setsid", "--ctty", "--wait", *argv]
            proc = subprocess.Popen(command, stdin=child, stdout=child, stderr=child, env=env)
        else:
            proc = subprocess.Popen(argv, stdout=child, stderr=subprocess.PIPE, env=env)
        os.close(child)
        child = -1
        try:
            while True:  # read while it writes: a terminal holds only a few KiB unread
                deadline.check()
                if typed_after is not None and typed_after[0].encode() in out:
                    os.write(parent, typed_after[1])
                    typed_after = None
                if not select.select([parent], [], [], 0.1)[0]:
                    continue
                if not (chunk := pty_chunk(parent)):
                    break
                out += chunk
            said = proc.communicate(timeout=max(0.1, deadline.end - time.monotonic()))[1]
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    finally:
        os.close(parent)
        if child >= 0:
            os.close(child)
    return proc.returncode, out.decode().replace("\r\n", "\n").splitlines(), (said or b"").decode()


def open_descriptors() -> int:
    """File descriptors this process has open right now."""
    return len(os.listdir("/proc/self/fd"))


def os_threads() -> int:
    """Threads of this process as the OS counts them, including those started without a Thread
    object (the launcher's client threads)."""
    return len(os.listdir("/proc/self/task"))


def kinds(events: list[Event], side: str | None = None, client: int | None = None) -> list[str]:
    return [
        e.kind for e in events if (side is None or e.side == side) and (client is None or e.client == client)
    ]


def events_of(events: list[Event], side: str, kind: str, client: int | None = None) -> list[Event]:
    """The events of one ``side`` and ``kind`` (and one ``client``, if given), in order."""
    return [e for e in events if e.side == side and e.kind == kind and (client is None or e.client == client)]


def lesson_client(port: int, message: bytes, timeout: float = 5.0) -> bytes:
    """A client written the lesson's way: connect, send, one recv(1024), close."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.send(message)
        return sock.recv(1024)


@contextmanager
def lesson_server(reply: bytes = "收到客户端信息".encode()) -> Iterator[int]:
    """A plain thread-per-connection server written the lesson's way, on a free port.

    Yields the port; on exit every socket is shut down and every thread joined.
    """
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    conns: list[socket.socket] = []
    threads: list[threading.Thread] = []

    def handle(conn: socket.socket) -> None:
        with conn:
            while conn.recv(1024):
                conn.send(reply)

    def accept_loop() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            conns.append(conn)
            thread = threading.Thread(target=handle, args=(conn,), daemon=True)
            threads.append(thread)
            thread.start()

    acceptor = threading.Thread(target=accept_loop, daemon=True)
    acceptor.start()
    try:
        yield listener.getsockname()[1]
    finally:
        listener.shutdown(socket.SHUT_RDWR)
        acceptor.join(2)
        listener.close()
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        for thread in threads:
            thread.join(2)


def run_both_sides(order: str, n: int, hold: float, message: str = DEFAULT_MESSAGE) -> list[Event]:
    """Every event of one client run against a free server on the same bus, each handler done."""
    bus = EventBus()
    with LabServer(ServerConfig(port=0), bus) as srv:
        config = ClientConfig(n=n, port=srv.port, order=parse_order(order), hold=hold, message=message)
        run = ClientRun(config, bus).start()
        assert run.wait(20), "run did not finish"
        wait_for(lambda: sum(e.kind == "disconnected" for e in bus.history if e.side == SERVER) == n, 5)
    return bus.history


def play_run(bus: EventBus, run: int, n: int = 2, order: str = "free") -> None:
    """The client events of a run of ``n`` in ``order`` that each got a reply, then the
    launcher's last event (``finished``), as a launcher would emit them."""
    bus.emit(CLIENT, Kind.LAUNCHED, run=run, order=order, n=n, hold=0.0)
    for i in range(1, n + 1):
        bus.emit(CLIENT, Kind.CONNECTING, i, peer="127.0.0.1:1", run=run)
        bus.emit(CLIENT, Kind.CONNECTED, i, local=f"127.0.0.1:{40000 + 10 * run + i}", run=run)
        bus.emit(CLIENT, Kind.SENT, i, text="hi", bytes=2, run=run)
        bus.emit(CLIENT, Kind.RECEIVED, i, text="ok", bytes=2, run=run)
        bus.emit(CLIENT, Kind.DISCONNECTED, i, run=run)
    bus.emit(CLIENT, Kind.FINISHED, run=run)


def pty_chunk(fd: int) -> bytes:
    """What the master end ``fd`` of a terminal has to read now (up to 64 KiB); b"" once every
    writer has closed the terminal (EIO)."""
    try:
        return os.read(fd, 65536)
    except OSError:
        return b""
