"""The server's handler threads: one thread per connection, new or reused.

- ``new`` (the lesson's literal model): every connection starts a thread, which ends with it.
- ``reuse``: a thread whose connection ended parks for a short while (:data:`LINGER`, counted
  from the moment its job, the connection's close included, is done); a connection goes to a
  thread parked at the moment it is handed over (just after its ``accepted`` event), else to a
  new thread. So a connection gets a new thread when every thread is still busy, even one that
  closes an instant later (a one-at-a-time run's next client can connect before the previous
  handler has closed), and when every parked thread's linger has run out. Every connection
  still has a thread of its own for its whole life; there are as many threads as open
  connections, plus those parked. Starting a thread costs more than a hundred microseconds and
  a context switch on the accept loop; handing a connection to a parked one costs a queue put.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable

THREAD_MODES = ("reuse", "new")
LINGER = 2.0  # seconds a reused thread waits for its next connection before it ends

Job = Callable[[], None]


class HandlerThreads:
    """Runs each job on a thread of its own, named ``{name}-N`` where N counts threads started.

    :meth:`run` hands a job to a parked thread or starts a new one (RuntimeError if the system
    cannot start it). :meth:`close` ends parking: parked threads end, busy ones end after their
    job; :meth:`join` waits for every thread until a deadline.
    """

    def __init__(self, mode: str = "reuse", name: str = "handler", linger: float = LINGER) -> None:
        if mode not in THREAD_MODES:
            raise ValueError(f"no thread mode {mode!r} (one of {', '.join(THREAD_MODES)})")
        self._name = name
        self._linger = linger if mode == "reuse" else 0.0
        self._lock = threading.Lock()
        self._jobs: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        # Parked threads minus jobs queued for them: how many more jobs a parked thread will take.
        self._idle = 0
        self._closed = False
        self._threads: set[threading.Thread] = set()
        self.started = 0  # threads started so far

    def run(self, job: Job) -> None:
        """Run ``job`` on a parked thread, else on a new one; raises RuntimeError if none starts."""
        with self._lock:
            if self._idle:
                self._idle -= 1
                self._jobs.put(job)
                return
        thread = threading.Thread(
            target=self._work, args=(job,), name=f"{self._name}-{self.started + 1}", daemon=True
        )
        with self._lock:
            self._threads.add(thread)
        try:
            thread.start()
        except RuntimeError:
            with self._lock:
                self._threads.discard(thread)
            raise
        self.started += 1

    @property
    def parked(self) -> int:
        """Threads parked with no job handed to them yet: the next ones :meth:`run` reuses."""
        return self._idle

    def close(self) -> None:
        """Wake every parked thread to end; threads busy with a job end when it is done."""
        with self._lock:
            self._closed = True
            for _ in range(self._idle):
                self._jobs.put(None)
            self._idle = 0

    def join(self, deadline: float) -> None:
        """Wait for every thread to end, until ``deadline`` (a ``time.monotonic()`` value)."""
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    def _work(self, job: Job | None) -> None:
        try:
            while job is not None:
                job()
                job = self._next()
        finally:
            with self._lock:
                self._threads.discard(threading.current_thread())

    def _next(self) -> Job | None:
        """Park for the next job; None when none came within the linger time or parking ended."""
        with self._lock:
            if self._closed or not self._linger:
                return None
            self._idle += 1
        try:
            return self._jobs.get(timeout=self._linger)
        except queue.Empty:
            with self._lock:
                try:  # a job queued for this thread just as it gave up
                    return self._jobs.get_nowait()
                except queue.Empty:
                    self._idle -= 1
                    return None
