"""The lab session: the app's model, folded from each drained batch once (no Textual here).

:meth:`Session.apply` takes one batch of events and folds it into the lanes (a
:class:`~server_core.Timeline`), the connection rows and exact counters (a
:class:`~tui_app.connections.ConnectionBook`), the runs (launched, finished, their summaries)
and the comparison's plan, and returns an :class:`Update` saying what changed. A run ends with
its ``finished`` event (the launcher's last); a recording made before runs had one names its
ended runs itself (``ended``). The session never starts anything: when the comparison's next run
is due, the update says which order to launch and the app launches it (then calls
:meth:`Session.launched`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from server_core import Event, Order, RunSummary, Timeline, summarize_run

from .comparison import ComparisonPlan
from .connections import Changes, ConnectionBook
from .lab_control import long_run

DRAIN_CHUNK = 500  # events the app takes from the queue at a time, between two looks at the clock
TIMELINE_LANES = 20_000  # lanes the timeline keeps; older finished ones are forgotten


@dataclass
class Update:
    """What one :meth:`Session.apply` changed, for the panes.

    ``batch`` is the events folded (empty on a quiet tick); ``changes`` the connection rows added,
    updated and removed; ``finished`` the runs that ended, each with its summary, in order;
    ``running`` how many runs are launched and not finished; ``latest_run`` the newest run's
    number; ``follow`` the key of the newest run's first connection, once it exists (the table's
    cursor goes there); ``launch`` the comparison's next order, when due (the app launches it);
    ``compared`` the comparison's runs once the last is summarized (the app shows them side by
    side); ``listening`` the server's ``host:port`` or None; ``starting`` the ``host:port`` a
    server is being started on (its child process binding), or None; ``stepping`` whether step
    mode is on;
    ``ended_at`` the time each finished run ended, on the events' clock: its ``finished`` event's,
    or (a recording made before runs had one) its last event's; ``stopped`` the numbers of the
    runs a stop ended before they were done, as their ``finished`` events say (the timeline's);
    ``long_run`` the latest run launched, while runs go on, if its holds take long
    (:func:`~tui_app.lab_control.long_run`): its number and their total in seconds, else None.
    """

    batch: list[Event]
    changes: Changes
    book: ConnectionBook
    finished: list[tuple[int, RunSummary]] = field(default_factory=list)
    running: int = 0
    latest_run: int | None = None
    follow: int | None = None
    launch: Order | None = None
    compared: list[int] | None = None
    listening: str | None = None
    starting: str | None = None
    stepping: bool = False
    ended_at: dict[int, float] = field(default_factory=dict)
    stopped: set[int] = field(default_factory=set)
    long_run: tuple[int, float] | None = None


class Session:
    """The lab's model: lanes, connections, runs and the comparison, from events alone.

    A finished run is summarized from the lanes its events were folded into
    (:func:`~server_core.summarize_run`), when its ``finished`` event is folded: the events
    are not read again.
    ``listening``, ``starting`` and ``stepping`` are set by the app (where its server listens,
    where one is being started, step mode).
    """

    def __init__(self, max_lanes: int = TIMELINE_LANES) -> None:
        self.timeline = Timeline(max_lanes)
        self.book = ConnectionBook()
        self.summaries: dict[int, RunSummary] = {}  # finished runs by number
        self.comparison: ComparisonPlan | None = None
        self.listening: str | None = None
        self.starting: str | None = None
        self.stepping = False
        self._running: set[int] = set()  # launched, not finished
        self._ended_seen = 0  # how many of the timeline's ``finished`` runs were taken
        self._follow: int | None = None  # a run just launched whose first connection is awaited
        self._asked = False  # the comparison asked for a launch and has not heard of it yet
        self._launches_seen = 0  # how many of the timeline's launches were looked at
        self._long_run: tuple[int, float] | None = None  # the latest launch's, if long (Update.long_run)

    @property
    def running(self) -> int:
        """How many runs are launched and not finished."""
        return len(self._running)

    @property
    def latest_run(self) -> int | None:
        """The newest run launched or seen, or None."""
        known = [*self._running, *self.summaries, *self.timeline.launches]
        return max(known) if known else None

    def launched(self, run: int) -> None:
        """The app launched ``run``: it runs until its ``finished`` event, the table follows it,
        and a comparison that asked for it counts it."""
        self._running.add(run)
        self._follow = run
        if self._asked and self.comparison is not None:
            self.comparison.runs.append(run)
        self._asked = False

    def compare(self, plan: ComparisonPlan) -> None:
        """Start ``plan``: its first run is due at the next :meth:`apply` with no run going."""
        self.comparison, self._asked = plan, False

    def stop_comparison(self) -> bool:
        """Drop the comparison in progress; whether there was one."""
        had, self.comparison, self._asked = self.comparison is not None, None, False
        return had

    def apply(self, batch: list[Event], ended: Iterable[int] = ()) -> Update:
        """Fold ``batch`` (in ``seq`` order) into the model; ``ended`` names runs known to have
        ended without a ``finished`` event (an older recording). Returns what changed."""
        self.timeline.feed(batch)
        changes = self.book.apply(batch)
        update = Update(batch, changes, self.book, self._finish(ended))
        update.follow = self._followed(changes)
        update.launch, update.compared = self._comparison_step()
        update.running, update.latest_run = len(self._running), self.latest_run
        update.listening, update.starting, update.stepping = self.listening, self.starting, self.stepping
        update.stopped = self.timeline.stopped
        update.long_run = self._latest_long_run()
        if update.finished:
            update.ended_at = {run: self.ended_at(run) for run, _ in update.finished}
        return update

    def ended_at(self, run: int) -> float:
        """When ``run`` ended (seconds, as the events' ``t``): its ``finished`` event's time, or for
        a recording made before runs had one, the time of its last client-side event (0.0 for a
        run none of whose events were seen)."""
        timeline = self.timeline
        if run in timeline.finished_at:
            return timeline.finished_at[run]
        span = timeline.spans.get(run)
        return span[1] if span else 0.0

    def reset(self) -> None:
        """Forget every event folded so far (a replay starting again); the plan is dropped."""
        self.timeline = Timeline(self.timeline.max_lanes)
        self.book = ConnectionBook()
        self.summaries.clear()
        self._running.clear()
        self._ended_seen, self._follow = 0, None
        self._launches_seen, self._long_run = 0, None
        self.stop_comparison()

    def _finish(self, ended: Iterable[int]) -> list[tuple[int, RunSummary]]:
        """Summarize the runs that ended since the last call, in the order they ended."""
        finished = self.timeline.finished
        runs = [*finished[self._ended_seen :], *ended]
        self._ended_seen = len(finished)
        done = []
        for run in runs:
            launch = self.timeline.launches.get(run)
            clients = (launch.extra or {}).get("n", 0) if launch is not None else 0
            self.summaries[run] = summarize_run(self.timeline, run, clients)
            self._running.discard(run)
            done.append((run, self.summaries[run]))
        return done

    def _latest_long_run(self) -> tuple[int, float] | None:
        """The latest launch's number and holds' total, if long, while runs go on: taken from
        the timeline's launches once per apply, only when one was added."""
        launches = self.timeline.launches
        if len(launches) != self._launches_seen:
            self._launches_seen = len(launches)
            run, launch = next(reversed(launches.items()))
            length = long_run(launch.extra or {})
            self._long_run = (run, length) if length is not None else None
        if not self._running:
            self._long_run = None
        return self._long_run

    def _followed(self, changes: Changes) -> int | None:
        """The key of the followed run's first connection, once it is among those added."""
        run = self._follow
        if run is None or not changes.added:
            return None
        key = next((conn.key for conn in changes.added if conn.run == run), None)
        if key is not None:
            self._follow = None
        return key

    def _comparison_step(self) -> tuple[Order | None, list[int] | None]:
        """(the comparison's next order, when no run goes on and the last one is summarized;
        the comparison's runs, once every order ran)."""
        plan = self.comparison
        if plan is None or self._running or self._asked:
            return None, None
        if any(run not in self.summaries for run in plan.runs):
            return None, None
        order = plan.next_order()
        if order is not None:
            self._asked = True
            return order, None
        self.comparison = None
        return None, plan.runs


class Pane(Protocol):
    """A pane of the app: it takes every update, whichever screen is on top, and draws from it
    what concerns it (a new pane is one widget with this method, one line in the app's ``panes``
    and its place in app.tcss)."""

    def apply_update(self, update: Update) -> None: ...
