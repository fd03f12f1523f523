"""A port a run was told to listen on, found taken when its socket binds.

An exhibit or an experiment checks its ports before it runs (bound and closed at once), then its
sockets bind them as the run goes on: another program can take one in between, or between two
rounds that bind the same port. A bind that fails then raises :class:`PortTaken`, never a
measurement: the run ends there, with no outcome, and the caller says it as it says the check's
refusal (``port N on 127.0.0.1 is already in use``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class PortTaken(Exception):
    """Nothing could listen on ``host``:``port`` (``stream``: a TCP socket, else UDP) when the
    run's socket bound it; ``error`` is the bind's OSError (EADDRINUSE for a port in use)."""

    def __init__(self, host: str, port: int, error: OSError, stream: bool = True) -> None:
        super().__init__(f"cannot listen on {host}:{port}: {error.strerror or error}")
        self.host = host
        self.port = port
        self.error = error
        self.stream = stream


@contextmanager
def binding(host: str, port: int, stream: bool = True) -> Iterator[None]:
    """Around the bind (and listen) of a socket on ``host``:``port``: an OSError raised there
    leaves as :class:`PortTaken`, the bind's error kept as its ``error``."""
    try:
        yield
    except OSError as exc:
        raise PortTaken(host, port, exc, stream) from exc
