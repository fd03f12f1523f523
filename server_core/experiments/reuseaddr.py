"""SO_REUSEADDR: restart a server while its last connection sits in TIME_WAIT on the server's port.

The server closes first (it is stopped under a connected client), so the TIME_WAIT belongs to
the server's side of the connection, on the listening port. A new server then binds that port:
without SO_REUSEADDR the kernel says "address already in use", with it the bind succeeds at once.
"""

from __future__ import annotations

import errno
import socket
import time

from ..events import EventBus
from ..port_taken import PortTaken, binding
from ..server import LabServer, ServerConfig
from .record import ExperimentResult, Notebook
from .sockdiag import LISTEN, count_in_state

SETTLE = 1.0  # seconds to wait for the TIME_WAIT to appear
GIVEN: dict[str, object] = {}
# Ports it listens on from a port given: the round with SO_REUSEADDR on cannot take the first
# round's port while that port's connection waits in TIME_WAIT, as the first round's server had
# the option off (the kernel lets a port be reused only when both sockets asked for it).
REUSES = (0, 1)  # each round's SO_REUSEADDR: the first's on the port given, the second's on the next
PORTS = len(REUSES)


def _leave_time_wait(reuse: int, port: int) -> tuple[int, int | None]:
    """Serve one conversation on ``port`` (0: a free one), stop the server first, let the client
    close; (port, TIME_WAITs). PortTaken when its server cannot bind."""
    server = LabServer(ServerConfig(port=port, sockopts={"SO_REUSEADDR": reuse}), EventBus())
    with binding("127.0.0.1", port):
        server.bind()
    with (
        server,
        socket.create_connection(("127.0.0.1", server.port), timeout=2) as client,
    ):
        port = server.port
        client.sendall(b"hello")
        client.recv(1024)
        server.stop()  # the server's FIN goes first
        client.recv(1024)  # b"": the server closed; our close answers it
    deadline = time.monotonic() + SETTLE
    while (count := count_in_state(port)) == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    return port, count


def _restart(port: int, reuse: int) -> str:
    """Bind a new server on ``port``: ``bound``, ``address already in use`` (EADDRINUSE, as the
    kernel words it) or the error's text. PortTaken when a listener holds the port: another
    program took it since the round's server stopped, and what the bind says is not about
    TIME_WAIT."""
    server = LabServer(ServerConfig(port=port, sockopts={"SO_REUSEADDR": reuse}), EventBus())
    try:
        server.bind()
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            return str(exc.strerror or exc)
        if count_in_state(port, LISTEN):
            raise PortTaken("127.0.0.1", port, exc) from exc
        return "address already in use"
    server.stop()
    return "bound"


def run(given: int = 0) -> ExperimentResult:
    """Both rounds; the first listens on port ``given`` and the second on the next one (see
    :data:`PORTS`), or each on a free one (``given`` 0). Each round's port is observed
    (``port_off``, ``port_on``) beside what it measured there."""
    book = Notebook("reuseaddr", **GIVEN)
    for reuse, label in zip(REUSES, ("off", "on"), strict=True):
        port, time_wait = _leave_time_wait(reuse, given + reuse if given else 0)
        book.step("serve_and_stop", reuse=reuse, port=port)
        book.step("time_wait", port=port, count="?" if time_wait is None else time_wait)
        outcome = _restart(port, reuse)
        book.step("restart", reuse=reuse, port=port, outcome=outcome)
        book.observe(**{f"port_{label}": port, f"time_wait_{label}": time_wait, f"restart_{label}": outcome})
    seen = book.observed
    in_time_wait = seen["time_wait_off"] != 0 and seen["time_wait_on"] != 0
    return book.result(
        in_time_wait and seen["restart_off"] == "address already in use" and seen["restart_on"] == "bound"
    )
