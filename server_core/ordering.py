"""Ordering modes: who may run its section when, and the events that show it.

A *section* is a client's connect..close or a server handler's whole connection. A gate that
grants turns wraps every section in ``entered``/``left`` events; gates that make a thread ask for
its turn emit ``waiting`` first (requested -> granted -> released). In ``free`` mode nothing is
granted, so no turn event is emitted at all; ``sequential`` order is kept by the client launcher,
which emits the ``waiting`` events itself. Every wait wakes on the stop event and then raises
:class:`Stopped`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any, NamedTuple

from .numbers import must_be, wanted, whole
from .wire import quoted

Emit = Callable[..., Any]

CLIENT_MODES = ("free", "lock", "semaphore", "queue", "sequential")
SERVER_MODES = ("free", "lock", "semaphore", "queue")
MAX_CLIENTS = 10_000  # the most clients one run launches (``-n``, the N field)
MAX_WIDTH = MAX_CLIENTS  # the widest semaphore: a wider one could never make a run's client wait
POLL = 0.1  # seconds between looks at the stop event while waiting for a turn
_NO_TURN = nullcontext()  # a free gate's section: stateless, so shared by every thread


def spelled(modes: tuple[str, ...]) -> str:
    """``modes`` as a user writes them: ``free, lock, semaphore:K, queue, sequential``."""
    return ", ".join("semaphore:K" if mode == "semaphore" else mode for mode in modes)


class Stopped(Exception):
    """A stop was requested while a thread waited for its turn."""


class Order(NamedTuple):
    """A parsed ordering mode; ``k`` is the semaphore's width (1 for every other mode)."""

    mode: str
    k: int = 1

    def __str__(self) -> str:
        return f"{self.mode}:{self.k}" if self.mode == "semaphore" else self.mode


FREE = Order("free")  # nobody waits for a turn: the configs' default (immutable, so one serves all)


def parse_order(text: str, modes: tuple[str, ...] = CLIENT_MODES) -> Order:
    """Parse ``free``, ``lock``, ``semaphore:K``, ``queue`` or ``sequential`` (when in ``modes``);
    K is 1 to MAX_WIDTH (``semaphore`` alone: 2).

    Raises ValueError with a message fit to show a user (an empty one says it is empty).
    """
    name, colon, arg = text.strip().lower().partition(":")
    if not name and not colon:
        raise ValueError(must_be(f"one of {spelled(modes)}", text))
    if name not in modes:
        raise ValueError(f"unknown order {quoted(text)}; choose one of {spelled(modes)}")
    if name != "semaphore":
        if arg:
            raise ValueError(f"order {quoted(name)} takes no ':' argument")
        return Order(name)
    if not colon:
        return Order(name, 2)
    width = whole(arg)
    if width is None or not 1 <= width <= MAX_WIDTH:
        what = wanted(f"a whole number from 1 to {MAX_WIDTH}", width)
        raise ValueError(f"semaphore width {must_be(what, arg)}")
    return Order(name, width)


class Gate:
    """Turns kept elsewhere (``sequential``: by the launcher): every section is bracketed by
    ``entered``/``left``, nobody waits here."""

    asks_for_turn = False
    grants_turns = True

    def __init__(self, stop: threading.Event) -> None:
        self._stop = stop

    def register(self, who: int) -> None:
        """Note that ``who`` will ask for a turn (used by gates that serve in arrival order)."""

    def section(self, who: int, emit: Emit) -> AbstractContextManager[None]:
        """``who``'s section, to run in a ``with`` block; entering it raises Stopped if a stop
        ends the wait for a turn."""
        return Section(self, who, emit)

    def _acquire(self, who: int) -> None:
        if self._stop.is_set():
            raise Stopped

    def _release(self, who: int) -> None:
        pass


class FreeGate(Gate):
    """Free running: nobody asks for a turn and none is granted, so no turn event is emitted."""

    grants_turns = False

    def section(self, who: int, emit: Emit) -> AbstractContextManager[None]:
        """Nothing to wait for: a stop alone keeps ``who`` out (Stopped, raised here, as the
        ``with`` begins). The section is a shared do-nothing context: every client and every
        server connection of a free run passes here, and a :class:`Section` costs five Python
        calls more."""
        if self._stop.is_set():
            raise Stopped
        return _NO_TURN


class PrimitiveGate(Gate):
    """One ``threading`` Lock or Semaphore held for the whole section."""

    asks_for_turn = True

    def __init__(self, stop: threading.Event, primitive: threading.Lock | threading.Semaphore) -> None:
        super().__init__(stop)
        self._primitive = primitive

    def _acquire(self, who: int) -> None:
        while not self._primitive.acquire(timeout=POLL):
            if self._stop.is_set():
                raise Stopped
        if self._stop.is_set():  # granted only because a stop ended the previous section
            self._primitive.release()
            raise Stopped

    def _release(self, who: int) -> None:
        self._primitive.release()


class QueueGate(Gate):
    """Turns handed out by a ``queue.Queue`` in the order ``register`` was called.

    Each waiter has an event of its own, set when the queue hands it the turn: a release wakes
    the next thread only, not every waiting one (which made a turn cost O(N) wake-ups)."""

    asks_for_turn = True

    def __init__(self, stop: threading.Event) -> None:
        import queue  # loaded by the runs that take turns in order only

        super().__init__(stop)
        self._turns: queue.Queue[int] = queue.Queue()
        self._lock = threading.Lock()
        self._granted: dict[int, threading.Event] = {}  # who -> set once the turn is theirs
        self._current: int | None = None

    def _event(self, who: int) -> threading.Event:
        """``who``'s event (made by whichever comes first: its registration or its wait)."""
        return self._granted.setdefault(who, threading.Event())

    def register(self, who: int) -> None:
        with self._lock:  # a thread may already wait for this very turn: its event is set then
            self._event(who)
            self._turns.put(who)
            if self._current is None:
                self._hand_on()

    def _hand_on(self) -> None:
        """Give the turn to the next in the queue, if any (the lock held)."""
        self._current = None if self._turns.empty() else self._turns.get_nowait()
        if self._current is not None:
            self._granted[self._current].set()

    def _acquire(self, who: int) -> None:
        with self._lock:
            granted = self._event(who)
        while not granted.wait(POLL):
            if self._stop.is_set():
                raise Stopped
        if self._stop.is_set():
            raise Stopped

    def _release(self, who: int) -> None:
        with self._lock:
            self._granted.pop(who, None)
            self._hand_on()


class Section:
    """One run of a gate's section: ``waiting`` (if the gate asks for turns), ``entered``, the
    body, ``left`` (the last two if the gate grants turns). A plain class rather than a
    generator-based context manager: every client and every server connection passes through
    one, and this costs a third as much.
    """

    __slots__ = ("_emit", "_gate", "_who")

    def __init__(self, gate: Gate, who: int, emit: Emit) -> None:
        self._gate, self._who, self._emit = gate, who, emit

    def __enter__(self) -> None:
        gate = self._gate
        if gate.asks_for_turn:
            self._emit("waiting")
        gate._acquire(self._who)
        if gate.grants_turns:
            self._emit("entered")

    def __exit__(self, *exc_info: object) -> None:
        if self._gate.grants_turns:
            self._emit("left")
        self._gate._release(self._who)


def make_gate(order: Order, stop: threading.Event) -> Gate:
    """The gate that enforces ``order``; ``sequential`` is enforced by the launcher, not a gate."""
    if order.mode == "free":
        return FreeGate(stop)
    if order.mode == "lock":
        return PrimitiveGate(stop, threading.Lock())
    if order.mode == "semaphore":
        return PrimitiveGate(stop, threading.Semaphore(order.k))
    if order.mode == "queue":
        return QueueGate(stop)
    return Gate(stop)
