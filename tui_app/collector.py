"""Keeps the garbage collector's full passes out of an event storm.

A full pass scans every object the collector tracks, and the app holds hundreds of thousands
in a storm (the bus's newest events, the timeline's lanes, the panes' caches): 25-270 ms each
here, several a second flat out, each one holding the keys. Objects that outlived a drain are
mostly the model's (events, lanes, connections), which reference counting frees, not the
collector. So while events come, every ``FREEZE_EVERY`` seconds the young objects are collected
and everything still alive is frozen (``gc.freeze``, moving it out of the generations the
collector scans; it costs no more than splicing lists); the objects made since stay collected
as usual. Once events stop coming for a moment, or after ``THAW_EVERY`` seconds of a storm that
never pauses, everything is thawed and collected once, so cyclic garbage frozen meanwhile (the
drawing leaves some) is freed and memory stays bounded. When the app stops, everything frozen is
given back without a pass of its own (``release``): the process is ending, or (embedded, as under
a test) the collector's own schedule frees what the app leaves.

While events come the young generation is also collected less often (:data:`STORM_THRESHOLD`
allocations instead of the default 700): a drain builds an event object or two per event and
drops them once folded, and at the default each batch was scanned several times over while it
was alive (a busy server's two events a message: 0.4 us of a 12 us round trip, bench/roundtrips.py).
The default thresholds come back with the thaw.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

QUIET = 1.0  # seconds without events after which the frozen objects are collected
THAW_EVERY = 60.0  # seconds of a storm after which they are collected anyway
FREEZE_EVERY = 0.25  # seconds between two freezes while events come
STORM_THRESHOLD = 20_000  # allocations between two young collections while events come


class Collector:
    """``drained(applied)`` after each drain; freezes while events come, collects once after."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._frozen = False
        self._last_event = 0.0
        self._thawed_at = clock()
        self._frozen_at = 0.0
        self._thresholds = gc.get_threshold()  # as they were before the first storm

    def drained(self, applied: bool) -> None:
        """Freeze after a drain that applied events; thaw and collect once they stopped."""
        now = self._clock()
        if applied:
            self._last_event = now
            if now - self._thawed_at < THAW_EVERY:
                if now - self._frozen_at >= FREEZE_EVERY:
                    gc.collect(1)  # the young cycles (drawing makes many) are freed, not frozen
                    gc.freeze()
                    if not self._frozen:
                        self._thresholds = gc.get_threshold()
                        gc.set_threshold(max(STORM_THRESHOLD, self._thresholds[0]), *self._thresholds[1:])
                    self._frozen, self._frozen_at = True, now
                return
        elif not self._frozen or now - self._last_event < QUIET:
            return
        self.thaw()

    def thaw(self) -> None:
        """Give every frozen object back to the collector and run one full pass."""
        self._thawed_at = self._clock()
        if self._frozen:
            self.release()
            gc.collect()

    def release(self) -> None:
        """Give every frozen object back to the collector, without a pass: for when the app stops.

        A full pass here would scan the whole process (every module, and under a test runner
        everything it holds) only to free what the app is about to drop anyway.
        """
        if self._frozen:
            self._frozen = False
            gc.set_threshold(*self._thresholds)
            gc.unfreeze()
