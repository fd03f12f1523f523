"""The stage every exhibit runs on: who is running, instrumented locks, their wait-for graph.

An exhibit's handlers share resources through this module's :class:`WatchedLock` and the
resources in :mod:`.resources`; every read, write, acquire and release is an event on the
exhibit's bus. :class:`Turns` makes an unsafe window happen on every run instead of by luck: a
thread that ``pause``s waits until no other participant is running (each is paused, blocked on a
watched lock, or done), then every paused one goes on together. That is the worst schedule a
real scheduler can pick, picked every time. Every wait here is bounded: nothing hangs.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..events import SERVER, EventBus
from ..ordering import Emit

PATIENCE = 1.0  # seconds a handler waits for a watched lock before it gives up
LIMIT = 5.0  # seconds any other wait (a pause, a reply, a client's turn) may take at most
SLICE = 0.05  # seconds between looks at the stop flag while a lock is awaited

RUNNING, PAUSED, BLOCKED, DONE = "running", "paused", "blocked", "done"


@dataclass(frozen=True, slots=True)
class Actor:
    """The handler on the current thread: its connection ``number``, emitter and thread name."""

    number: int
    emit: Emit
    thread: str


class GaveUp(Exception):
    """A handler waited ``waited`` seconds for ``lock`` and gave up; ``holder`` is the thread it
    last saw holding the lock during that wait (None: it saw none; the holder may have let go
    just as the wait ended, so it is not the holder at the end)."""

    def __init__(self, lock: str, holder: str | None, waited: float) -> None:
        held = f" (held by {holder} meanwhile)" if holder else ""
        super().__init__(f"waited {waited:g} s for lock {lock}{held}")
        self.lock, self.holder, self.waited = lock, holder, waited


class Turns:
    """Lockstep for the participants ``who`` (connection numbers), all running at first.

    ``pause(who)`` returns once no participant is running, or after ``limit`` seconds, or at a
    stop. ``block``/``unblock`` mark a participant waiting for a lock; ``finish`` marks it done.
    """

    def __init__(self, who: Iterable[int], limit: float, changed: threading.Condition) -> None:
        self._state = dict.fromkeys(who, RUNNING)
        self._limit = limit
        self._changed = changed  # the stage's condition: every change of state notifies it
        self._round = 0
        self.stopped = False

    def pause(self, who: int) -> None:
        with self._changed:
            round_ = self._round
            self._set(who, PAUSED)
            deadline = time.monotonic() + self._limit
            while self._round == round_ and not self.stopped:
                left = deadline - time.monotonic()
                if left <= 0:
                    self._state[who] = RUNNING  # a participant never came to rest: go on anyway
                    return
                self._changed.wait(left)

    def block(self, who: int) -> None:
        with self._changed:
            self._set(who, BLOCKED)

    def unblock(self, who: int) -> None:
        with self._changed:
            self._set(who, RUNNING)

    def finish(self, who: int) -> None:
        with self._changed:
            self._set(who, DONE)

    def stop(self) -> None:
        with self._changed:
            self.stopped = True
            self._changed.notify_all()

    def _set(self, who: int, state: str) -> None:
        """Change ``who``'s state; once nobody runs, the paused ones go on (a new round)."""
        if who not in self._state:
            return
        self._state[who] = state
        states = self._state.values()
        if PAUSED in states and RUNNING not in states:
            self._round += 1
            for key, value in self._state.items():
                if value == PAUSED:
                    self._state[key] = RUNNING
        self._changed.notify_all()


class Stage:
    """What the handlers and clients of one exhibit run share: the bus, the turns, the locks'
    wait-for graph, the stop flag, and which :class:`Actor` runs on each handler thread."""

    def __init__(self, bus: EventBus, who: Iterable[int], patience: float = PATIENCE, limit: float = LIMIT):
        self.bus = bus
        self.patience = patience
        self.limit = limit
        self.changed = threading.Condition()
        self.turns = Turns(who, limit, self.changed)
        self.graph = WaitForGraph(self)
        self._actors = threading.local()

    @property
    def stopped(self) -> bool:
        return self.turns.stopped

    def enter(self, actor: Actor) -> None:
        """Make ``actor`` the current thread's handler."""
        self._actors.current = actor

    def actor(self) -> Actor:
        """The current thread's handler (RuntimeError on a thread that is none)."""
        actor = getattr(self._actors, "current", None)
        if actor is None:
            raise RuntimeError("only a handler thread uses the exhibit's resources")
        return actor

    def pause(self, who: int | None = None) -> None:
        """Let every other participant run until it comes to rest (see :class:`Turns`);
        ``who`` is the current handler's connection when None."""
        self.turns.pause(self.actor().number if who is None else who)

    def wait_until(self, condition: Callable[[], bool]) -> bool:
        """Wait (at most ``limit`` seconds, or until a stop) for ``condition``, checked whenever a
        watched lock or a participant changes; returns the condition."""
        deadline = time.monotonic() + self.limit
        with self.changed:
            while not condition() and not self.stopped:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.changed.wait(left)
            return condition()

    def stop(self) -> None:
        self.turns.stop()


class WaitForGraph:
    """Who holds which watched lock and who waits for which: a cycle is a deadlock.

    Each cycle is reported once, as a ``deadlock`` event: ``cycle`` names the threads in it, in
    order (each waits for a lock the next one holds), ``locks`` the lock each one waits for.
    """

    def __init__(self, stage: Stage) -> None:
        self._stage = stage
        self._holder: dict[str, str] = {}  # lock -> thread holding it
        self._waits: dict[str, str] = {}  # thread -> lock it waits for
        self.cycles: list[tuple[list[str], list[str]]] = []

    def holder(self, lock: str) -> str | None:
        with self._stage.changed:
            return self._holder.get(lock)

    def held(self, lock: str, thread: str | None) -> None:
        """``thread`` now holds ``lock`` (None: nobody does)."""
        with self._stage.changed:
            if thread is None:
                self._holder.pop(lock, None)
            else:
                self._holder[lock] = thread
            self._stage.changed.notify_all()

    def wait(self, thread: str, lock: str) -> tuple[list[str], list[str]] | None:
        """``thread`` waits for ``lock``; returns the cycle this closes (threads, locks), if any."""
        with self._stage.changed:
            self._waits[thread] = lock
            threads, locks = [thread], [lock]
            while (holder := self._holder.get(locks[-1])) is not None and holder not in threads:
                if holder not in self._waits:
                    return None
                threads.append(holder)
                locks.append(self._waits[holder])
            if holder != thread:
                return None
            if any(set(threads) == set(seen) for seen, _ in self.cycles):
                return None
            self.cycles.append((threads, locks))
            return threads, locks

    def done_waiting(self, thread: str) -> None:
        with self._stage.changed:
            self._waits.pop(thread, None)


class WatchedLock:
    """A ``threading.Lock`` whose every step is an event of the handler that takes it.

    ``acquire()`` emits ``acquiring`` then ``acquired``, or, after waiting the stage's patience,
    ``gave_up`` and raises :class:`GaveUp`; ``release()`` emits ``released``. ``with lock:``
    does both. Each event carries ``lock`` (the name) and ``thread``; ``acquiring`` also
    ``holder``, the thread holding it then; ``gave_up`` the thread last seen holding it during
    the wait. A wait that closes a cycle of
    waits emits ``deadlock`` (see :class:`WaitForGraph`).
    """

    def __init__(self, stage: Stage, name: str) -> None:
        self.stage, self.name = stage, name
        self._lock = threading.Lock()

    @property
    def holder(self) -> str | None:
        """The thread holding the lock, or None."""
        return self.stage.graph.holder(self.name)

    def acquire(self) -> None:
        stage, me = self.stage, self.stage.actor()
        graph = stage.graph
        me.emit("acquiring", lock=self.name, thread=me.thread, holder=self.holder)
        if not self._lock.acquire(blocking=False):
            cycle = graph.wait(me.thread, self.name)
            if cycle is not None:
                _report(stage, *cycle)
            stage.turns.block(me.number)
            try:
                got, holder = self._wait()
            finally:
                graph.done_waiting(me.thread)
                stage.turns.unblock(me.number)
            if not got:
                me.emit("gave_up", lock=self.name, thread=me.thread, holder=holder, waited=stage.patience)
                raise GaveUp(self.name, holder, stage.patience)
        graph.held(self.name, me.thread)
        me.emit("acquired", lock=self.name, thread=me.thread)

    def _wait(self) -> tuple[bool, str | None]:
        """Wait for the lock up to the stage's patience: whether it came (False at a stop too),
        and the thread last seen holding it meanwhile (None: none seen)."""
        deadline = time.monotonic() + self.stage.patience
        seen = self.holder
        while not self.stage.stopped:
            left = deadline - time.monotonic()
            if left <= 0:
                return False, seen
            if self._lock.acquire(timeout=min(SLICE, left)):
                return True, seen
            seen = self.holder or seen  # read while it is held: a holder that lets go stays named
        return False, seen

    def release(self) -> None:
        me = self.stage.actor()
        self.stage.graph.held(self.name, None)
        self._lock.release()
        me.emit("released", lock=self.name, thread=me.thread)

    def __enter__(self) -> None:
        self.acquire()

    def __exit__(self, *exc_info: Any) -> None:
        self.release()


def _report(stage: Stage, threads: list[str], locks: list[str]) -> None:
    """Emit the ``deadlock`` event for a cycle of waits."""
    holders = threads[1:] + threads[:1]
    text = "; ".join(
        f"{thread} waits for {lock} held by {holder}"
        for thread, lock, holder in zip(threads, locks, holders, strict=True)
    )
    stage.bus.emit(SERVER, "deadlock", text=text, cycle=threads, locks=locks)
