"""A recording's events handed to a reader the way a live :class:`EventBus` hands them out.

:class:`Playback` has the reading half of the bus (``drain``, ``since``, ``iter_history``,
``emitted``, ``now``), so a reader written for a live bus shows a recording unchanged. It starts
at the end (every event released, as the run ended); :meth:`Playback.play` replays it from its
start in time, at ``speed`` times the recorded pace: an event is released once the playback
clock passes its ``t``. A pause longer than :data:`MAX_IDLE` in the recording (a server waiting
for its clients) is cut short.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Protocol

from .events import Event

SPEEDS = (1 / 16, 1 / 8, 1 / 4, 1 / 2, 1.0, 2.0, 4.0, 8.0, 16.0, 64.0)
MAX_IDLE = 2.0  # seconds of recording with no event that a replay skips beyond


class EventSource(Protocol):
    """What a reader of events needs: a live :class:`EventBus` or a :class:`Playback`."""

    @property
    def emitted(self) -> int: ...

    def now(self) -> float: ...

    def drain(self, limit: int | None = None) -> list[Event]: ...

    def since(self, seq: int) -> list[Event]: ...

    def iter_history(self) -> Iterator[Event]: ...

    def snapshot(self) -> Iterable[Event]: ...


class Playback:
    """Hands out ``events`` (in ``seq`` order) by the playback clock; ``clock`` gives seconds.

    ``position`` is the recording time shown (seconds, the events' ``t``), ``speed`` the pace
    (one of :data:`SPEEDS`), ``playing`` whether the clock runs. Readers drain what was released
    and not drained yet; :meth:`rewind` takes everything back (the reader starts afresh).
    """

    def __init__(self, events: Sequence[Event], clock: Callable[[], float] = time.monotonic) -> None:
        self.events = list(events)
        self._times = [e.t for e in self.events]
        self._seqs = [e.seq for e in self.events]
        self._clock = clock
        self._released = len(self.events)
        self._drained = 0
        self.position = self._times[-1] if self._times else 0.0
        self.speed = 1.0
        self.playing = False
        self._ticked = clock()

    # -- the bus's reading half -------------------------------------------------------------------

    @property
    def emitted(self) -> int:
        """How many events were released so far."""
        return self._released

    def now(self) -> float:
        """The playback clock: the recording time being shown."""
        self._advance()
        return self.position

    def drain(self, limit: int | None = None) -> list[Event]:
        """Up to ``limit`` released events not drained yet (all when None)."""
        self._advance()
        end = self._released if limit is None else min(self._released, self._drained + limit)
        batch = self.events[self._drained : end]
        self._drained = end
        return batch

    def since(self, seq: int) -> list[Event]:
        """The released events after ``seq``."""
        start = bisect.bisect_right(self._seqs, seq, 0, self._released)
        return self.events[start : self._released]

    def iter_history(self) -> Iterator[Event]:
        """Every released event, in order."""
        return iter(self.events[: self._released])

    def snapshot(self) -> list[Event]:
        """Every event of the recording, released or not, in order, to be read as often as needed
        (an export reads twice): exported, a recording is written whole, wherever its replay is."""
        return self.events

    # -- replay ------------------------------------------------------------------------------------

    @property
    def waiting(self) -> int:
        """How many released events a reader has not drained yet."""
        return self._released - self._drained

    @property
    def at_end(self) -> bool:
        return self._released == len(self.events)

    def rewind(self) -> None:
        """Take every event back and stop at the recording's start."""
        self._released = self._drained = 0
        self.position = 0.0
        self.playing = False

    def play(self) -> None:
        """Run the clock (from the start again when at the end)."""
        if self.at_end:
            self.rewind()
        self.playing = True
        self._ticked = self._clock()

    def pause(self) -> None:
        self._advance()
        self.playing = False

    def step(self) -> Event | None:
        """Pause and release the next event alone; returns it (None at the end)."""
        self.pause()
        if self.at_end:
            return None
        event = self.events[self._released]
        self._released += 1
        self.position = max(self.position, event.t)
        return event

    def change_speed(self, steps: int) -> float:
        """Go ``steps`` places along :data:`SPEEDS` (negative: slower); returns the new speed."""
        self._advance()
        index = min(max(SPEEDS.index(self.speed) + steps, 0), len(SPEEDS) - 1)
        self.speed = SPEEDS[index]
        return self.speed

    def _advance(self) -> None:
        """Move the clock on by the time passed, times ``speed``, and release what it passed."""
        if not self.playing:
            return
        now = self._clock()
        self.position += (now - self._ticked) * self.speed
        self._ticked = now
        if self._released < len(self._times) and self._times[self._released] - self.position > MAX_IDLE:
            self.position = self._times[self._released] - MAX_IDLE / 2  # a long wait, cut short
        self._released = bisect.bisect_right(self._times, self.position, self._released)
        if self.at_end:
            self.playing = False
            self.position = max(self.position, self._times[-1] if self._times else 0.0)
