"""The hook a client or handler thread calls before each of its steps when no stepper holds it.

Apart from :mod:`server_core.stepping` (which re-exports both names) so that a run without step
mode, such as ``tcp-lab clients``, does not load step mode.
"""

from __future__ import annotations

import socket

END = "end"  # not a step: the thread is done
HOLD = "hold"  # not a step: a client holds its connection after its reply (never held here)
STARTED = "started"  # not a step: said by a launcher once the thread of client ``number`` runs


def no_step(step: str, number: int | None = None, sock: socket.socket | None = None) -> None:
    """The hook of a source without a stepper: every step runs at once."""
