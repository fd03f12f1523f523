"""Three ways for an accept loop to wait for the next connection.

- ``blocking`` (the lesson's): ``accept()`` sleeps until a client arrives.
- ``timeout``: ``settimeout(POLL)``; ``accept()`` gives up after POLL seconds with TimeoutError.
- ``nonblocking``: ``accept()`` returns at once, with BlockingIOError (EAGAIN) when nobody is
  waiting; a selector then sleeps until the socket is readable or POLL seconds pass.

Every mode wakes when the listening socket is shut down, so a server using any of them stops
within a second.
"""

from __future__ import annotations

import selectors
import socket
import time
from collections.abc import Callable
from typing import Any

ACCEPT_MODES = ("blocking", "timeout", "nonblocking")
POLL = 0.1  # seconds one wait of the timeout and nonblocking modes lasts at most
REPORT_PERIOD = 1.0  # seconds between two reports of the "nobody waiting" count


class Acceptor:
    """Takes connections off one listening socket in one of :data:`ACCEPT_MODES`.

    :meth:`accept` returns a blocking connected socket and its peer's address, like
    ``socket.accept``, or None when the wait ended with nobody there (timeout and nonblocking
    modes); it raises OSError like ``socket.accept``. It is
    :meth:`take` (the ``accept()`` call itself) followed, when that found nobody, by :meth:`pause`.
    ``nobody_waiting`` counts those empty returns. ``report(count)`` is called with the running
    count at most once per REPORT_PERIOD while it grows, and is free to emit an event.
    """

    def __init__(
        self,
        listener: socket.socket,
        mode: str = "blocking",
        report: Callable[[int], object] | None = None,
        poll: float = POLL,
    ) -> None:
        if mode not in ACCEPT_MODES:
            raise ValueError(f"no accept mode {mode!r} (one of {', '.join(ACCEPT_MODES)})")
        self.mode = mode
        self.nobody_waiting = 0
        self._listener = listener
        self._report = report
        self._poll = poll
        self._last_report = time.monotonic()
        self._selector: selectors.BaseSelector | None = None
        if mode == "blocking":
            listener.settimeout(None)
        elif mode == "timeout":
            listener.settimeout(poll)
        else:
            listener.setblocking(False)
            self._selector = selectors.DefaultSelector()
            self._selector.register(listener, selectors.EVENT_READ)

    def accept(self) -> tuple[socket.socket, Any] | None:
        """The next connection and its peer's address, or None when this wait found nobody."""
        accepted = self.take()
        if accepted is None:
            self.pause()
        return accepted

    def take(self) -> tuple[socket.socket, Any] | None:
        """One ``accept()`` call: (connection, peer address), or None (counted) when it found nobody.

        ``socket.accept`` makes the connection blocking after a timeout listener (while no default
        timeout is set, as here); after a nonblocking one it is made blocking here (some systems
        pass the flag on).
        """
        try:
            accepted = self._listener.accept()
        except (BlockingIOError, TimeoutError):
            self._found_nobody()
            return None
        if self._selector is not None:
            accepted[0].setblocking(True)
        return accepted

    def pause(self) -> None:
        """After an empty :meth:`take`: in nonblocking mode, sleep until a client may be there."""
        if self._selector is not None:
            self._selector.select(self._poll)

    def close(self) -> None:
        """Release the selector (the listening socket stays its owner's)."""
        if self._selector is not None:
            self._selector.close()

    def _found_nobody(self) -> None:
        self.nobody_waiting += 1
        now = time.monotonic()
        if self._report is not None and now - self._last_report >= REPORT_PERIOD:
            self._last_report = now
            self._report(self.nobody_waiting)
