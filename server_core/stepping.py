"""Step mode: be the scheduler of the real client and handler threads, one step at a time.

Every client thread and every server handler thread calls its source's *step hook* before each
of its steps. Client steps: ``turn`` (ask for a turn: only where the order asks for turns),
``connect``, ``send``, ``recv`` (read the reply, then hold), ``close``. Handler steps: ``turn``
(same rule), ``read`` (one ``recv``), ``reply``, ``close``. Each step is the real call on the
real socket; the hook only decides *when* it starts. A step counts as *taken* once its thread
reaches its next step's hook or ends. A client that holds its connection after its reply calls
the hook with :data:`HOLD` first: never held there, it is shown as in its hold, no longer in
``recv``.

A :class:`Stepper` holds steps in one of two ways:

- *interactive* (no schedule): while holding, every step of a thread that began while holding
  waits until it is picked (:meth:`Stepper.pick`);
  :meth:`Stepper.go` and :meth:`Stepper.release_all` stop holding until :meth:`Stepper.hold`.
- *scripted* (a schedule of ``CLIENT:STEP`` entries for one client run): a listed step waits
  until every listed step before it has been taken; unlisted steps are never held. With
  ``link_reads`` (server and clients on the same stepper), a ``send`` entry counts as taken only
  once the handler of that connection has read it, so the server's read order is the schedule's.
  :meth:`Stepper.stuck` says, in one line, why a schedule cannot be followed.

Every wait wakes on its source's stop event (checked every :data:`POLL` seconds) and on
:meth:`Stepper.release_all`, so a held thread never outlives a stop. A client run's stop
(:meth:`Stepper.stop_run`) lets go the handler of every connection its clients made, those whose
client ended before the stop too (held no more): the handler's next read sees the peer close, so
it ends rather than wait for a pick. A thread's socket timeouts
apply to each call once it is released; the time spent held counts for nothing.

Events (on the thread's side, ``client`` its launch or accept number, clients with their ``run``):

- ``held``: a thread stopped before a step; extras ``step`` and, under a schedule, ``position``
  (1-based place of the entry in the schedule).
- ``picked``: the step was let go; extras ``step``, ``by`` (``you``: picked; ``schedule``: its
  entries before it were taken; ``go``; ``released``: holding ended; ``stop``: its own run or
  server was stopped, so it goes no further; ``peer_stopped``: a handler whose client's run was
  stopped, so it serves its connection on until it closes) and ``position`` under a schedule. Under a
  schedule every listed step has one, held or not, so the history shows the chosen interleaving.
- ``stuck`` (client side, emitted by :meth:`Stepper.report_stuck`): the schedule cannot be
  followed; ``text`` the reason in English, extras ``step`` and ``position`` of the entry not
  taken and the reason's parts (:meth:`Stuck.extras`), from which a view words it in its language.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .events import CLIENT, SERVER, EventBus
from .numbers import wanted, whole
from .ordering import Order
from .step_hook import END, HOLD, STARTED
from .step_hook import no_step as no_step  # re-exported: the server takes its hook from here
from .wire import address, quoted

CLIENT_STEPS = ("turn", "connect", "send", "recv", "close")
POLL = 0.1  # seconds between looks at a stop event while held
SETTLE = 0.5  # seconds every thread must stay held or blocked before a schedule is called stuck
STALL = 3.0  # seconds without progress on a schedule (beyond its holds and delays) that mean stuck
MAX_ENTRIES = 1000

HELD, RUNNING, BLOCKED, DONE = "held", "running", "blocked", "done"

# What a thread that asked for its turn waits for, by order mode (no entry: it never asks).
_WAITS_FOR = {"lock": "the lock", "semaphore": "a semaphore slot", "queue": "its turn from the queue"}


class Entry(NamedTuple):
    """One entry of a schedule: client ``client`` (launch number) takes step ``step``."""

    client: int
    step: str

    def __str__(self) -> str:
        return f"{self.client}:{self.step}"


def parse_schedule(text: str) -> tuple[Entry, ...]:
    """Parse ``CLIENT:STEP,CLIENT:STEP,...`` (STEP one of :data:`CLIENT_STEPS`).

    Each client's steps must appear in the order a client takes them, each at most once.
    Raises ValueError with one line fit to show a user (the command line's ``_arg`` wrapper
    turns it into a usage error).
    """
    entries: list[Entry] = []
    last: dict[int, int] = {}
    parts = [part.strip() for part in text.split(",")]
    if not text.strip():
        raise ValueError("the schedule is empty; give CLIENT:STEP entries such as 2:connect,1:connect")
    if len(parts) > MAX_ENTRIES:
        raise ValueError(f"a schedule has at most {MAX_ENTRIES} entries, not {len(parts)}")
    for part in parts:
        number, colon, step = part.partition(":")
        step = step.strip().lower()
        client = whole(number)
        if not colon or client is None:
            what = wanted("a number >= 1", client)
            raise ValueError(f"schedule entry {quoted(part)} is not CLIENT:STEP ({what}, then a step)")
        if client < 1:  # of the form, out of range: the range alone
            raise ValueError(f"schedule entry {quoted(part)}: client numbers start at 1, not {client}")
        if step not in CLIENT_STEPS:
            raise ValueError(f"schedule entry {quoted(part)}: step must be one of {', '.join(CLIENT_STEPS)}")
        rank = CLIENT_STEPS.index(step)
        if client in last and rank <= last[client]:
            raise ValueError(
                f"schedule entry {quoted(part)}: client {client} takes its steps in the order "
                f"{', '.join(CLIENT_STEPS)}, each once"
            )
        last[client] = rank
        entries.append(Entry(client, step))
    return tuple(entries)


def check_schedule(entries: Sequence[Entry], clients: int, order: Order | None = None) -> None:
    """Raise ValueError (one line) when the schedule names a client beyond the ``clients`` launched,
    or (given the clients' ``order``) holds a ``turn`` the order does not let a schedule choose."""
    beyond = sorted({e.client for e in entries if e.client > clients})
    if beyond:
        raise ValueError(f"the schedule names client {beyond[0]}, but only {clients} are launched")
    if order is not None:
        check_turns(entries, order)


def check_turns(entries: Sequence[Entry], order: Order) -> None:
    """Raise ValueError (one line) for a ``turn`` entry under a client order where no turn can be
    picked: ``free`` asks for none; ``sequential`` grants them itself, one client after another in
    launch order (only connect, send, recv and close can be held there)."""
    turn = next((e for e in entries if e.step == "turn"), None)
    if turn is None or order.mode not in ("free", "sequential"):
        return
    entry = f"{turn.client}:turn"
    if order.mode == "free":
        raise ValueError(
            f"{entry}: --order free asks for no turn, so there is none to hold "
            "(use lock, semaphore:K or queue, or a connect, send, recv or close step)"
        )
    raise ValueError(
        f"{entry}: --order sequential grants the turns itself, in launch order; "
        "a schedule can hold only connect, send, recv and close there"
    )


# Why a schedule is stuck (:attr:`Stuck.cause`).
ENDED = "ended"  # the entry's client ended before its step
UNREAD = "unread"  # its send was taken, but no handler read it
WAITING = "waiting"  # every stepped thread stayed held or blocked
STALLED = "stalled"  # no entry was taken for the stall time
LATE = "late"  # the run did not end in time
UNFINISHED = "unfinished"  # the run ended before the schedule did
STUCK_CAUSES = (ENDED, UNREAD, WAITING, STALLED, LATE, UNFINISHED)


@dataclass(frozen=True, slots=True)
class ThreadState:
    """Where one stepped thread ``who`` (``r1.2``, ``#1``) is when a schedule is found stuck:
    ``state`` :data:`HELD` before ``step``; :data:`BLOCKED` waiting for its turn from ``waits``
    (the order mode: ``lock``, ``semaphore`` of ``width`` slots, ``queue``); :data:`RUNNING`
    inside ``step`` (``hold``: holding its connection; None: between its steps)."""

    who: str
    state: str
    step: str | None = None
    waits: str | None = None
    width: int | None = None

    def __str__(self) -> str:
        if self.state == HELD:
            return f"{self.who} held before {self.step}"
        if self.state == BLOCKED:
            of = f" (of {self.width})" if self.width is not None else ""
            return f"{self.who} waits for {_WAITS_FOR.get(self.waits or '', 'its turn')}{of}"
        return f"{self.who} in {'its hold' if self.step == HOLD else self.step or 'its section'}"

    def to_dict(self) -> dict[str, Any]:
        """Its fields that are set, for an event's ``threads``."""
        fields = {"who": self.who, "state": self.state, "step": self.step, "waits": self.waits}
        return {key: value for key, value in {**fields, "width": self.width}.items() if value is not None}


@dataclass(frozen=True, slots=True)
class Stuck:
    """Why a schedule cannot be followed: ``entry``, the first not taken, at ``position``
    (1-based) of the schedule's ``of`` entries; the ``cause`` (one of :data:`STUCK_CAUSES`);
    whether the entry's client had ``started``; for :data:`STALLED` the ``stall`` (seconds
    without progress); where every thread not yet done was (``threads``, clients first).
    ``str()`` is the reason in one English line."""

    entry: Entry
    position: int
    of: int
    cause: str
    started: bool = True
    stall: float | None = None
    threads: tuple[ThreadState, ...] = ()

    def __str__(self) -> str:
        if self.cause == LATE:
            return "the run did not end in time"
        if self.cause == UNFINISHED:
            return "the schedule was not followed to its end"
        where = f"cannot take {self.entry} (entry {self.position} of {self.of})"
        client = self.entry.client
        if self.cause == UNREAD:
            return f"{where}: client {client}'s connection has no handler that read it"
        if self.cause == ENDED:
            return f"{where}: client {client} ended before its {self.entry.step}"
        where += ":" if self.started else f": client {client} has not started;"
        states = ", ".join(map(str, self.threads)) or "no thread is left to take it"
        if self.cause == STALLED:
            return f"{where} nothing moved for {self.stall:g} s; {states}"
        return f"{where} {states}"

    def extras(self) -> dict[str, Any]:
        """The ``stuck`` event's extras: ``step``, ``position``, ``of``, ``cause``, ``started``,
        ``threads`` (each :meth:`ThreadState.to_dict`) and, when stalled, ``stall``."""
        said: dict[str, Any] = {"step": self.entry.step, "position": self.position, "of": self.of}
        said |= {"cause": self.cause, "started": self.started}
        if self.stall is not None:
            said["stall"] = self.stall
        return said | {"threads": [thread.to_dict() for thread in self.threads]}


Hook = Callable[..., None]
"""A source's step hook: ``take(step, number=None, sock=None)``. The first call of a thread gives
``number`` (its launch or accept number); ``sock``, once connected, links a client to its handler."""


@dataclass(frozen=True, slots=True)
class ThreadView:
    """One stepped thread as a pane shows it. ``state`` is ``held`` (at ``step``, waiting to be
    picked), ``running`` (inside ``step``; ``hold`` for a client holding its connection after its
    reply, before its close) or ``blocked`` (asked for its turn and waits for it: ``waits_for``
    says what in words, ``mode`` is the order mode, ``lock``, ``semaphore`` or ``queue``).
    ``free``: let go by :meth:`Stepper.go` or :meth:`Stepper.release_all`, it is never held again."""

    side: str
    run: int
    number: int
    label: str
    state: str
    step: str | None
    waits_for: str | None
    mode: str | None
    free: bool = False


@dataclass(eq=False, slots=True)
class _Thread:
    side: str
    run: int
    number: int
    stop: threading.Event
    waits_for: str | None
    mode: str | None  # the order mode that makes it ask for a turn
    width: int | None = None  # a semaphore's slots (its K), for a ``semaphore`` mode
    step: str | None = None
    state: str = RUNNING
    granted: bool = False  # picked: its held step may go
    free: bool = False  # let go by go() or release_all(): never held again
    peer_stopped: bool = False  # a handler whose client's run was stopped: never held again
    in_hold: bool = False  # a client holding its connection after its reply (``step`` is ``recv``)
    link: str | None = None  # the client's ``ip:port``, as both ends name it
    taken: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        return f"r{self.run}.{self.number}" if self.side == CLIENT else f"#{self.number}"

    def where(self) -> ThreadState:
        """Where it is now, as a stuck schedule's report names it."""
        if self.state == HELD:
            return ThreadState(self.label, HELD, self.step)
        if self.state == BLOCKED:
            return ThreadState(self.label, BLOCKED, waits=self.mode, width=self.width)
        return ThreadState(self.label, RUNNING, self.doing)

    @property
    def doing(self) -> str | None:
        """The step it is at or inside, as a view shows it: ``hold`` in its hold."""
        return HOLD if self.in_hold else self.step


class Stepper:
    """The scheduler of every thread whose source was given this stepper.

    ``Stepper(bus)`` is interactive (holding unless ``holding`` is False: then it holds from
    :meth:`hold` on); ``Stepper(bus, schedule, run=R)`` follows ``schedule`` for client run ``R``
    (``link_reads``: the server shares this stepper; ``stall``: seconds without progress before
    :meth:`stuck` gives up). Sources get their hook from :meth:`hook`. Safe from any thread.
    """

    def __init__(
        self,
        bus: EventBus,
        schedule: Sequence[Entry] | None = None,
        *,
        run: int = 1,
        link_reads: bool = True,
        stall: float = STALL,
        holding: bool = True,
    ) -> None:
        self.bus = bus
        self.schedule = tuple(schedule) if schedule is not None else None
        self._run = run
        self._link_reads = link_reads
        self._stall = stall
        self._positions = {(e.client, e.step): k for k, e in enumerate(self.schedule or ())}
        self._next = 0  # the first schedule entry not yet taken
        self._progress_at = time.monotonic()
        self._stuck_since: float | None = None
        self._holding = holding
        self._cond = threading.Condition()
        self._local = threading.local()
        self._threads: dict[tuple[str, int, int], _Thread] = {}
        # (side, link): both ends of each connection, by hand and scripted; by hand, an end that
        # is done is forgotten (nothing asks about it later)
        self._ends: dict[tuple[str, str], _Thread] = {}
        # scripted clients their launcher started that have not begun: they move, however late a
        # loaded machine lets them run
        self._starting: set[tuple[str, int, int]] = set()
        self._runs: dict[str, int] = {}  # link -> the client run that made it, while an end is known
        self._went = False  # holding ended by go(), not release_all()

    @property
    def holding(self) -> bool:
        """Whether threads that begin now are held."""
        return self._holding

    def hook(self, side: str, run: int, stop: threading.Event, order: Order) -> Hook:
        """The step hook for one source: a client run (``side`` CLIENT, its ``run``) or a server
        (SERVER, run 0). ``stop`` is the source's stop event; ``order`` says what a turn waits for."""
        waits_for = _WAITS_FOR.get(order.mode)
        if waits_for and order.mode == "semaphore":
            waits_for = f"a semaphore slot (of {order.k})"
        mode = order.mode if waits_for else None
        width = order.k if mode == "semaphore" else None

        def take(step: str, number: int | None = None, sock: socket.socket | None = None) -> None:
            if step == STARTED:  # said by the launcher's thread, not by the client's
                self._started(side, run, number or 0)
                return
            if number is not None:
                self._begin(side, run, number, stop, waits_for, mode, width)
            self._take(step, sock)

        return take

    # -- the threads' side --------------------------------------------------------------------

    def _begin(
        self,
        side: str,
        run: int,
        number: int,
        stop: threading.Event,
        waits_for: str | None,
        mode: str | None,
        width: int | None,
    ) -> None:
        if not self._holding:  # began free: never stepped (and a reused thread forgets its last)
            self._local.thread = None
            return
        thread = _Thread(side, run, number, stop, waits_for, mode, width)
        self._local.thread = thread
        with self._cond:
            self._threads[(side, run, number)] = thread
            self._starting.discard((side, run, number))

    def _started(self, side: str, run: int, number: int) -> None:
        """The launcher started the thread of client ``number``: a scripted one counts as moving
        until it begins (see :meth:`stuck`), not as a client that cannot start."""
        key = (side, run, number)
        with self._cond:
            if self.schedule is not None and self._holding and key not in self._threads:
                self._starting.add(key)

    def _take(self, step: str, sock: socket.socket | None) -> None:
        thread: _Thread | None = getattr(self._local, "thread", None)
        if thread is None:
            return
        with self._cond:
            if step == HOLD:  # not a step: its recv stays untaken until its close's hook
                thread.in_hold = True
                return
            thread.in_hold = False
            if thread.step is not None:
                thread.taken.add(thread.step)
            thread.step = None
            if sock is not None and thread.link is None:
                self._link(thread, sock)
            if step == END:
                self._end(thread)
                return
            if step == "turn" and thread.waits_for is None:  # its order never asks: taken at once
                thread.taken.add(step)
                self._advance()
                return
            thread.step = step
            self._advance()
            position = self._position(thread)
            held = self._must_wait(thread, position)
            if held:
                thread.state = HELD
                self._emit(thread, "held", step=step, position=position)
                while self._must_wait(thread, position):
                    self._cond.wait(POLL)
            if held or position is not None:
                self._emit(thread, "picked", step=step, by=self._why_going(thread), position=position)
            thread.granted = False
            thread.state = BLOCKED if step == "turn" else RUNNING
            self._cond.notify_all()

    def _link(self, thread: _Thread, sock: socket.socket) -> None:
        try:
            end = sock.getpeername() if thread.side == SERVER else sock.getsockname()
        except OSError:
            return
        thread.link = address(end)
        if thread.link:
            self._ends[(thread.side, thread.link)] = thread
            if thread.side == CLIENT:
                self._runs[thread.link] = thread.run

    def _end(self, thread: _Thread) -> None:
        thread.state = DONE
        self._local.thread = None
        if thread.side == CLIENT and thread.stop.is_set():  # connected after its run's stop_run
            self._let_handler_go(thread.link)
        if self.schedule is None:  # nothing asks about it later
            self._threads.pop((thread.side, thread.run, thread.number), None)
            link = thread.link or ""
            if self._ends.get((thread.side, link)) is thread:
                del self._ends[(thread.side, link)]
            if (CLIENT, link) not in self._ends and (SERVER, link) not in self._ends:
                self._runs.pop(link, None)
        else:
            self._advance()
        self._cond.notify_all()

    def _let_handler_go(self, link: str | None) -> None:
        """The handler of ``link`` would wait for a pick its client's stopped run made pointless:
        it goes on, and its next read sees the peer close (a server stopped first says so)."""
        handler = self._ends.get((SERVER, link or ""))
        if handler is not None and not handler.stop.is_set():
            handler.peer_stopped = True

    def _scheduled(self, thread: _Thread) -> bool:
        return self.schedule is not None and thread.side == CLIENT and thread.run == self._run

    def _position(self, thread: _Thread) -> int | None:
        """Where the schedule lists ``thread``'s current step (0-based); None if it does not."""
        return self._positions.get((thread.number, thread.step or "")) if self._scheduled(thread) else None

    def _must_wait(self, thread: _Thread, position: int | None) -> bool:
        if thread.stop.is_set() or thread.peer_stopped or thread.free or not self._holding:
            return False
        if self.schedule is not None:
            return position is not None and position > self._next
        return not thread.granted

    def _why_going(self, thread: _Thread) -> str:
        # peer_stopped is only set while the server runs, so when both are set the run's stop came
        # first and is what let the handler go, even if the server's stop came before it woke
        if thread.peer_stopped:  # a handler: the server was not stopped, it serves its connection on
            return "peer_stopped"
        if thread.stop.is_set():
            return "stop"
        if thread.free or not self._holding:
            return "go" if self._went else "released"
        return "schedule" if self.schedule is not None else "you"

    def _emit(self, thread: _Thread, kind: str, **extra: object) -> None:
        fields: dict[str, Any] = {k: v for k, v in extra.items() if v is not None}
        if "position" in fields:
            fields["position"] += 1  # 1-based, as the schedule is written
        if thread.side == CLIENT:
            fields["run"] = thread.run
        self.bus.emit(thread.side, kind, thread.number, **fields)

    # -- the schedule -------------------------------------------------------------------------

    def _advance(self) -> None:
        """Move past every schedule entry taken (called with the condition held)."""
        schedule = self.schedule
        if schedule is None:
            return
        moved = False
        while self._next < len(schedule) and self._entry_taken(schedule[self._next]):
            self._next += 1
            moved = True
        if moved:
            self._progress_at = time.monotonic()
            self._cond.notify_all()

    def _entry_taken(self, entry: Entry) -> bool:
        thread = self._threads.get((CLIENT, self._run, entry.client))
        if thread is None or entry.step not in thread.taken:
            return False
        if entry.step == "send" and self._link_reads:
            handler = self._ends.get((SERVER, thread.link or ""))
            return handler is not None and "read" in handler.taken
        return True

    @property
    def finished(self) -> bool:
        """True when every schedule entry has been taken (always for an interactive stepper)."""
        with self._cond:
            self._advance()
            return self.schedule is None or self._next >= len(self.schedule)

    def stuck(self) -> Stuck | None:
        """Why the schedule cannot be followed (its English line is ``str()`` of it); None while
        it still can.

        Stuck means: the client of the next entry ended without taking it; or every stepped
        thread has stayed held or blocked for :data:`SETTLE` seconds, while no client its
        launcher started was yet to begin; or no entry was taken for ``stall`` seconds. Call it
        now and then while a scripted run goes on.
        """
        with self._cond:
            schedule = self.schedule
            self._advance()
            if schedule is None or self._next >= len(schedule):
                return None
            entry = schedule[self._next]
            now = time.monotonic()
            thread = self._threads.get((CLIENT, self._run, entry.client))
            if thread is not None and thread.state == DONE:
                return self._stuck(UNREAD if entry.step in thread.taken else ENDED)
            live = [t for t in self._threads.values() if t.state != DONE]
            if live and not self._starting and self._all_waiting(live):
                if self._stuck_since is None:
                    self._stuck_since = now
                elif now - self._stuck_since >= SETTLE:
                    return self._stuck(WAITING, live, started=thread is not None)
            else:
                self._stuck_since = None
            if now - self._progress_at >= self._stall:
                return self._stuck(STALLED, live, started=thread is not None)
            return None

    def given_up(self, cause: str) -> Stuck:
        """The report of a schedule given up from outside for ``cause``: :data:`LATE` (the run
        did not end in time) or :data:`UNFINISHED` (it ended, the schedule not taken to its end)."""
        with self._cond:
            self._advance()
            return self._stuck(cause)

    def _stuck(self, cause: str, live: Sequence[_Thread] = (), started: bool = True) -> Stuck:
        """The report for the first entry not taken (called with the condition held)."""
        schedule = self.schedule or (Entry(0, ""),)
        at = min(self._next, len(schedule) - 1)
        threads = tuple(t.where() for t in sorted(live, key=_order))
        stall = self._stall if cause == STALLED else None
        return Stuck(schedule[at], at + 1, len(schedule), cause, started, stall, threads)

    def report_stuck(self, stuck: Stuck) -> None:
        """Emit the ``stuck`` event for the entry ``stuck`` says could not be taken."""
        self.bus.emit(CLIENT, "stuck", stuck.entry.client, text=str(stuck), run=self._run, **stuck.extras())

    def _all_waiting(self, live: list[_Thread]) -> bool:
        """True when every thread of ``live`` waits: held (and not yet let go: one whose entry
        came is on its way, however late a loaded machine wakes it), blocked, or reading from (a
        client: for a reply from) a peer thread that waits; a client in its hold waits for no one.
        Called with the condition held."""
        waiting = {
            id(t)
            for t in live
            if (t.state == BLOCKED and self._turn_waits(t, live))
            or (t.state == HELD and self._must_wait(t, self._position(t)))
        }
        readers = [t for t in live if t.state == RUNNING and t.doing in ("read", "recv") and t.link]
        for _ in range(2):  # a client waits for its handler, which may wait for that client
            for t in readers:
                peer = self._ends.get((CLIENT if t.side == SERVER else SERVER, t.link or ""))
                if peer is not None and id(peer) in waiting:
                    waiting.add(id(t))
        return len(waiting) == len(live)

    @staticmethod
    def _turn_waits(thread: _Thread, live: list[_Thread]) -> bool:
        """Whether ``thread``, blocked for its turn, still waits for one: every turn of its source
        is had by a live thread, or (by queue, which hands turns in launch or accept order) one
        numbered before it has not had its own. Else a turn is free for it, or it has one, and it
        goes on however late a loaded machine wakes it."""
        mine = [t for t in live if t.side == thread.side and t.run == thread.run and t is not thread]
        if sum("turn" in t.taken for t in mine) >= (thread.width or 1):
            return True
        before = [t for t in mine if t.number < thread.number]
        return thread.mode == "queue" and any("turn" not in t.taken for t in before)

    # -- the scheduler's controls -------------------------------------------------------------

    def hold(self) -> None:
        """Hold every thread that begins from now on (interactive)."""
        with self._cond:
            self._holding, self._went = True, False

    def release_all(self) -> None:
        """Stop holding: every held thread goes at once and no step waits any more (threads that
        begin after a later :meth:`hold` are held again, the ones known now never)."""
        with self._cond:
            self._let_go(went=False)

    def go(self) -> None:
        """Let every thread run freely to its end, those that begin later too until :meth:`hold`
        (the app holds again at its next launch); :meth:`release_all`, said as ``go``."""
        with self._cond:
            self._let_go(went=True)

    def _let_go(self, went: bool) -> None:
        self._holding, self._went = False, went
        for thread in self._threads.values():  # held again by no later hold()
            thread.free = True
        self._cond.notify_all()

    def stop_run(self, run: int) -> None:
        """Client run ``run`` was stopped: let go the handler of every connection its clients made,
        whether their client is still running or ended before the stop (``picked`` by
        ``peer_stopped``). :meth:`ClientRun.stop <server_core.clients.ClientRun.stop>` calls it."""
        with self._cond:
            for link in [link for link, made_by in self._runs.items() if made_by == run]:
                self._let_handler_go(link)
            self._cond.notify_all()

    def pick(self, side: str, run: int, number: int) -> bool:
        """Let the held thread ``(side, run, number)`` take its next step; False if it is not held."""
        with self._cond:
            thread = self._threads.get((side, run, number))
            if thread is None or thread.state != HELD:
                return False
            thread.granted = True
            self._cond.notify_all()
            return True

    def snapshot(self) -> list[ThreadView]:
        """Every stepped thread not yet done: clients (by run, number), then handlers."""
        with self._cond:
            live = sorted((t for t in self._threads.values() if t.state != DONE), key=_order)
            return [
                ThreadView(t.side, t.run, t.number, t.label, t.state, t.doing, t.waits_for, t.mode, t.free)
                for t in live
            ]


def _order(thread: _Thread) -> tuple[int, int, int]:
    return (thread.side != CLIENT, thread.run, thread.number)
