"""A run's held time is a part of the run: step mode's holds are counted between the instants its
length is measured between, on real sockets."""

from __future__ import annotations

import pytest
from helpers import events_of, wait_for
from test_stepping import pick_when_held

from server_core import CLIENT, ClientConfig, ClientRun, EventBus, LabServer, ServerConfig, summarize
from server_core.stepping import Stepper
from server_core.summary import RunFolder


@pytest.mark.timeout(30)
def test_a_handler_held_after_its_run_ended_adds_nothing_past_the_runs_length() -> None:
    """One client stepped through its whole conversation; its handler, held before its next read
    when the client closes, is let go only after twice the run's length: the run's held time (its
    client's holds and its handler's, each moment once) stays within the run, at the run's end
    as in the whole history later."""
    bus = EventBus()
    stepper = Stepper(bus)
    with LabServer(ServerConfig(port=0), bus, stepper=stepper) as server:
        run = ClientRun(ClientConfig(n=1, port=server.port, hold=0, timeout=5.0), bus, 1, stepper=stepper)
        run.start()
        for label, step in [("r1.1", "connect"), ("r1.1", "send"), ("#1", "read"), ("#1", "reply")]:
            pick_when_held(stepper, label, step)
        pick_when_held(stepper, "r1.1", "recv")
        pick_when_held(stepper, "r1.1", "close")
        assert run.wait(5.0)
        wait_for(
            lambda: any((v.label, v.state, v.step) == ("#1", "held", "read") for v in stepper.snapshot()),
            what="the handler held before its next read",
        )
        at_end = RunFolder(bus).summary(1, 1)  # as the app and the command line make it, at the end
        ended = events_of(bus.history, CLIENT, "finished")[0].t
        wait_for(lambda: bus.now() - ended > 2 * at_end.makespan, what="the handler held past the run")
        pick_when_held(stepper, "#1", "read")
        stepper.release_all()
        wait_for(lambda: server.active == 0, what="the handler's close")
    later = summarize(bus.history, 1, 1)
    assert later.makespan == at_end.makespan
    for summary in (at_end, later):
        assert 0 < summary.held <= summary.makespan, summary
