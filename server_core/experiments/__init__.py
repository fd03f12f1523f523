"""One experiment per idea of the lesson, each run on real loopback sockets and measured.

``run_experiment(name, port)`` runs one and returns an :class:`ExperimentResult`: the settings its
prediction speaks of, the steps it took, the measured values and whether they match the
prediction. ``GIVEN[name]`` holds those settings before any run, so the prediction can be shown
first. Each takes at most a few seconds and cleans up every socket and thread it made. Each
listens on free ports of its own, or on the port given (:func:`unavailable` says whether it can).
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterable
from typing import Any

from ..port_taken import PortTaken
from ..sockopts import SERVER_DEFAULTS
from . import accept, backlog, broadcast, keepalive, nagle, reuseaddr
from .record import ExperimentResult, Notebook, Step

EXPERIMENTS: dict[str, Callable[[int], ExperimentResult]] = {  # name -> run(port), 0: free ports
    "reuseaddr": reuseaddr.run,
    "nagle": nagle.run,
    "broadcast": broadcast.run,
    "backlog": backlog.run,
    "keepalive": keepalive.run,
    "accept": accept.run,
}
NAMES = tuple(EXPERIMENTS)
GIVEN: dict[str, dict[str, Any]] = {
    "reuseaddr": reuseaddr.GIVEN,
    "nagle": nagle.GIVEN,
    "broadcast": broadcast.GIVEN,
    "backlog": backlog.GIVEN,
    "keepalive": keepalive.GIVEN,
    "accept": accept.GIVEN,
}


# Where each listens when given a port: (address, socket type, the SO_REUSEADDR its socket on
# each port binds with, from the one given on). A port is checked as it will be bound: one left
# in TIME_WAIT by a socket that had the option takes a bind with it, not one without it.
LISTENS: dict[str, tuple[str, socket.SocketKind, tuple[int, ...]]] = {
    "reuseaddr": ("127.0.0.1", socket.SOCK_STREAM, reuseaddr.REUSES),
    "nagle": ("127.0.0.1", socket.SOCK_STREAM, (1,)),  # socket.create_server sets it
    "broadcast": (broadcast.ADDRESS, socket.SOCK_DGRAM, (0,)),  # its receiver: UDP
    "backlog": ("127.0.0.1", socket.SOCK_STREAM, (SERVER_DEFAULTS["SO_REUSEADDR"],)),
    "keepalive": ("127.0.0.1", socket.SOCK_STREAM, (0,)),  # its own options only, SO_KEEPALIVE
    "accept": ("127.0.0.1", socket.SOCK_STREAM, (1,)),  # socket.create_server sets it
}


def run_experiment(name: str, port: int = 0) -> ExperimentResult:
    """Run experiment ``name``, listening on ``port`` (0: free ports; see :data:`LISTENS`); a
    socket error ends it as not predicted, with the error observed. PortTaken, and no result,
    when one of its sockets cannot bind its port (taken since :func:`unavailable` said it free):
    what it measured until then is no outcome of the experiment."""
    try:
        return EXPERIMENTS[name](port)
    except OSError as exc:  # PortTaken is none: it leaves as it is
        book = Notebook(name, **GIVEN[name])
        book.step("failed", error=f"{type(exc).__name__}: {exc.strerror or exc}")
        book.observe(error=f"{type(exc).__name__}: {exc.strerror or exc}")
        return book.result(False)


def unavailable(name: str, port: int) -> tuple[str, int, OSError] | None:
    """None when experiment ``name`` can listen on ``port`` now (port 0, free ports: always);
    else (the address, the first of its ports it cannot take, why: EADDRINUSE for one in use).
    Each port is bound and closed at once, never listened on, so nothing is left behind.
    ValueError when its ports would run past 65535."""
    host, kind, reuses = LISTENS[name]
    count = len(reuses)
    if port + count - 1 > 65535:
        raise ValueError(f"{name} listens on {count} ports from the one given, so at most {65536 - count}")
    for each, reuse in zip(range(port, port + count), reuses, strict=True) if port else ():
        taken = first_taken(host, [each], reuse, kind)
        if taken is not None:
            return taken
    return None


def first_taken(
    host: str, ports: Iterable[int], reuse: int, kind: socket.SocketKind = socket.SOCK_STREAM
) -> tuple[str, int, OSError] | None:
    """The first of ``ports`` on IPv4 ``host`` that a socket of ``kind`` with SO_REUSEADDR set
    to ``reuse`` (0 or 1, as the socket that will listen there has it) cannot bind now, as
    (``host``, the port, why); None when it can bind every one. Each is bound and closed at once."""
    for each in ports:
        with socket.socket(socket.AF_INET, kind) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, reuse)
            try:
                probe.bind((host, each))
            except OSError as exc:
                return host, each, exc
    return None


__all__ = [
    "EXPERIMENTS",
    "GIVEN",
    "NAMES",
    "ExperimentResult",
    "PortTaken",
    "Step",
    "first_taken",
    "run_experiment",
    "unavailable",
]
