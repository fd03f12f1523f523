"""A server and one client run in one process, on one bus, following a schedule of steps.

:func:`run_scheduled` is the headless form of step mode: the schedule (see
:mod:`server_core.stepping`) picks the steps, and the server's accept and read orders come out
as the schedule says, every time, or the run ends with the reason it could not be followed.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from .clients import ClientConfig, ClientRun
from .events import EventBus
from .server import LabServer, ServerConfig
from .stepping import LATE, POLL, STALL, UNFINISHED, Entry, Stepper, Stuck, check_schedule
from .summary import summarize

RUN = 1  # the client run's number
SETTLE_BOUND = 2.0  # seconds the server's handlers may take to finish once the clients are done


@dataclass(frozen=True)
class ScheduledResult:
    """How a scheduled run went.

    ``stuck`` is the one-line reason the schedule could not be followed, in English (None when
    it was; the ``stuck`` event on the bus has its parts);
    ``accept_order`` and ``served_order`` are the clients' launch numbers in the order the server
    accepted their connections and first read from them.
    """

    stuck: str | None
    accept_order: list[int]
    served_order: list[int]
    run: ClientRun


def run_scheduled(
    server_config: ServerConfig,
    client_config: ClientConfig,
    schedule: Sequence[Entry],
    bus: EventBus | None = None,
    timeout: float = 60.0,
) -> ScheduledResult:
    """Start a server (``server_config``), launch ``client_config``'s clients against it (its host
    and port are replaced by the server's), follow ``schedule``, then stop the server.

    Raises ValueError when the schedule names a client not launched, OSError when the server
    cannot listen. Ends within ``timeout`` seconds plus the stop bounds; a schedule found stuck
    ends the run at once, with a ``stuck`` event on the bus.
    """
    bus = bus or EventBus()
    stepper = schedule_stepper(bus, schedule, server_config, client_config, RUN)
    server = LabServer(server_config, bus, stepper=stepper)
    server.start()
    try:
        config = client_config._replace(host=server.config.host, port=server.port)
        run = ClientRun(config, bus, RUN, stepper=stepper).start()
        stuck = follow_schedule(run, stepper, time.monotonic() + timeout)
        if stuck is not None:
            stepper.report_stuck(stuck)
            run.stop()
        _settle(server, time.monotonic() + SETTLE_BOUND)
    finally:
        stepper.release_all()
        server.stop()
    summary = summarize(bus.history, client_config.n, RUN)
    said = None if stuck is None else str(stuck)
    return ScheduledResult(said, summary.accept_order or [], summary.served_order or [], run)


def schedule_stepper(
    bus: EventBus,
    schedule: Sequence[Entry],
    server_config: ServerConfig,
    client_config: ClientConfig,
    run: int,
) -> Stepper:
    """The stepper that makes a server and client run ``run`` follow ``schedule``: give it to both.

    Raises ValueError (one line) when the schedule names a client not launched or a turn the
    clients' order grants none of (see :func:`check_turns`). It gives up on
    an entry after :data:`STALL` seconds plus every client's hold and the server's delay.
    """
    check_schedule(schedule, client_config.n, client_config.order)
    stall = STALL + client_config.n * (client_config.hold + server_config.delay)
    return Stepper(bus, schedule, run=run, stall=stall)


def follow_schedule(run: ClientRun, stepper: Stepper, deadline: float) -> Stuck | None:
    """Wait until ``run`` has ended and ``stepper``'s schedule is taken to its end; returns None,
    or as soon as it is known, why the schedule cannot be followed (or the run did not end by
    ``deadline``, a ``time.monotonic()`` value)."""
    while not run.wait(POLL):
        if (stuck := stepper.stuck()) is not None:
            return stuck
        if time.monotonic() > deadline:
            return stepper.given_up(LATE)
    end = time.monotonic() + SETTLE_BOUND
    while not stepper.finished and time.monotonic() < end:  # a handler may still be reading
        if (stuck := stepper.stuck()) is not None:
            return stuck
        time.sleep(POLL / 10)
    return None if stepper.finished else stepper.stuck() or stepper.given_up(UNFINISHED)


def _settle(server: LabServer, deadline: float) -> None:
    """Give the handlers until ``deadline`` to see their clients go."""
    while server.active and time.monotonic() < deadline:
        time.sleep(POLL / 10)
