"""What each exhibit handler was doing with the shared resources, and when, from events alone.

A handler's *spans* are stretches of one state: ``idle`` (connected), ``waiting`` for a lock,
``deadlocked`` (a wait during which its thread's cycle of waits was found), ``holding`` a lock,
``window`` (between its read of the balance and its write). Its *marks* are instants: a
``read``, a ``write``, ``gave_up``, an ``error``. The text and app drawings and the Chrome trace
are built from these.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..events import SERVER, Event

IDLE, WAITING, HOLDING, WINDOW, DEADLOCKED = "idle", "waiting", "holding", "window", "deadlocked"
READ, WRITE, GAVE_UP, ERROR = "read", "write", "gave_up", "error"
MARKS = {"read": READ, "wrote": WRITE, "gave_up": GAVE_UP, "error": ERROR}


@dataclass(frozen=True, slots=True)
class Span:
    """``state`` from ``start`` to ``end`` (seconds on the bus clock); ``lock`` names the lock of
    a wait or a hold."""

    state: str
    start: float
    end: float
    lock: str | None = None


@dataclass
class Track:
    """Handler ``number`` on thread ``thread``: its spans and its marks ``(t, mark)``."""

    number: int
    thread: str
    spans: list[Span] = field(default_factory=list)
    marks: list[tuple[float, str]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


def tracks(events: Iterable[Event], until: float = 0.0) -> tuple[list[Track], float, float]:
    """The handlers' tracks, by connection number, and the time they cover (first handler event
    to the last, or to ``until`` if later: a span with no end yet lasts until then)."""
    every = list(events)
    mine = [e for e in every if e.side == SERVER and e.client is not None]
    if not mine:
        return [], 0.0, 0.0
    start, end = mine[0].t, max(mine[-1].t, until, mine[0].t + 1e-6)
    cycles = [(e.t, (e.extra or {}).get("cycle", [])) for e in every if e.kind == "deadlock"]
    by_number: dict[int, list[Event]] = {}
    for event in mine:
        by_number.setdefault(event.client or 0, []).append(event)
    found = []
    for number, own in sorted(by_number.items()):
        thread = next((str(e.extra["thread"]) for e in own if e.extra and "thread" in e.extra), f"h{number}")
        in_cycle = [t for t, threads in cycles if thread in threads]
        marks = [(e.t, MARKS[e.kind]) for e in own if e.kind in MARKS]
        found.append(Track(number, thread, _spans(own, end, in_cycle), marks, own))
    return found, start, end


def _spans(own: list[Event], end: float, in_cycle: list[float]) -> list[Span]:
    spans = [Span(IDLE, own[0].t, own[-1].t)]
    opened: dict[tuple[str, Any], float] = {}
    for event in own:
        extra = event.extra or {}
        kind, lock = event.kind, extra.get("lock")
        if kind == "acquiring":
            opened[(WAITING, lock)] = event.t
        elif kind in ("acquired", "gave_up") and (WAITING, lock) in opened:
            began = opened.pop((WAITING, lock))
            spans.append(Span(_waiting(began, event.t, in_cycle), began, event.t, lock))
            if kind == "acquired":
                opened[(HOLDING, lock)] = event.t
        elif kind == "released" and (HOLDING, lock) in opened:
            spans.append(Span(HOLDING, opened.pop((HOLDING, lock)), event.t, lock))
        elif kind == "read":
            opened[(WINDOW, None)] = event.t
        elif kind == "wrote" and extra.get("resource") == "balance" and (WINDOW, None) in opened:
            spans.append(Span(WINDOW, opened.pop((WINDOW, None)), event.t))
    for (state, lock), began in opened.items():  # no end yet: until the end
        spans.append(Span(_waiting(began, end, in_cycle) if state == WAITING else state, began, end, lock))
    return spans


def _waiting(began: float, ended: float, deadlocks: list[float]) -> str:
    """A wait for a lock is a deadlocked one when its thread's cycle was found meanwhile."""
    return DEADLOCKED if any(began <= t <= ended for t in deadlocks) else WAITING


def trace_slices(events: Iterable[Event], pid: int) -> list[dict[str, Any]]:
    """The handlers' lock waits, holds and read..write windows as Chrome trace slices on their
    tracks (process ``pid``, thread id the connection number), and each deadlock as a mark."""
    every = list(events)
    found, _, _ = tracks(every)
    trace: list[dict[str, Any]] = []
    for track in found:
        for span in track.spans:
            if span.state == IDLE:
                continue
            name = f"{span.state} {span.lock}" if span.lock else span.state
            ts = round(span.start * 1_000_000)
            slice_ = {"ph": "X", "name": name, "cat": "resource", "pid": pid, "tid": track.number, "ts": ts}
            trace.append(slice_ | {"dur": round(span.end * 1_000_000) - ts})
        for event in track.events:
            if event.kind in ("read", "wrote", "gave_up"):  # errors are marked with the lanes
                mark = {"ph": "i", "s": "t", "name": event.kind, "cat": "resource", "pid": pid}
                args = {"text": event.text, **(event.extra or {})}
                trace.append(mark | {"tid": track.number, "ts": round(event.t * 1_000_000), "args": args})
    for event in every:
        if event.kind == "deadlock":
            mark = {"ph": "i", "s": "p", "name": "deadlock", "cat": "resource", "pid": pid}
            trace.append(mark | {"ts": round(event.t * 1_000_000), "args": dict(event.extra or {})})
    return trace
