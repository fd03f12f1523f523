"""The lab's server and runs as the app drives them, without the app."""

from __future__ import annotations

import socket
import threading

import pytest
from helpers import wait_for

from server_core import SERVER, ClientConfig, EventBus, LabServer, Order, ServerConfig
from server_core.processes import ProcessRun
from tui_app import lab_control
from tui_app.lab_control import LabControl


def test_while_a_run_in_processes_is_in_flight_the_app_draws_seldom(monkeypatch: pytest.MonkeyPatch) -> None:
    lab = LabControl(EventBus(), "process")
    assert lab.draw_due() and lab.draw_due(), "nothing in flight: every tick drains"
    monkeypatch.setattr(lab_control, "RUN_DRAW_PERIOD", 3600.0)  # no second draw within the test
    lab.runs.append(ProcessRun(ClientConfig(n=1, port=1)))  # never started: in flight until it is
    assert lab.draw_due(), "the run's first drain is made: its launch shows at once"
    assert not lab.draw_due(), "drained again within the period"
    lab.runs.clear()
    assert lab.draw_due(), "the run over, every tick drains"


def test_a_run_goes_on_the_engine_of_the_server_started_in_step_mode() -> None:
    """A server started in step mode runs in this process; runs launched after step mode ends
    run here too, not in children whose events would reach the bus a batch after the server's."""
    lab = LabControl(EventBus(), "process")
    lab.switch_step_mode()
    server = lab.bind(ServerConfig(port=0))
    threading.Thread(target=server.serve_forever, name="accept", daemon=True).start()  # as the app's worker
    lab.switch_step_mode()
    try:
        run = lab.launch(Order("free"), {"n": 1, "hold": 0.0, "message": "hi"}, lab.target() or ("", 0))
        assert not isinstance(run, ProcessRun)
        assert run.wait(10)
    finally:
        lab.stop_everything()


def test_a_server_in_step_mode_after_one_in_a_process_numbers_from_where_it_left() -> None:
    """Start the server, stop it, press p, start it again: its first connection is #1."""
    bus = EventBus()
    lab = LabControl(bus, "process")
    lab.bind(ServerConfig(port=0))
    lab.stop_server()
    lab.switch_step_mode()
    server = lab.bind(ServerConfig(port=0))  # in this process, as step mode wants
    lab.switch_step_mode()  # off again: the connection below is not held
    threading.Thread(target=server.serve_forever, name="accept", daemon=True).start()  # as the app's worker
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
            sock.sendall(b"hi")
            assert sock.recv(1024)
    finally:
        lab.stop_everything()
    assert [e.client for e in bus.history if e.side == SERVER and e.kind == "accepted"] == [1]


@pytest.mark.timeout(30)
def test_entering_step_mode_moves_the_server_only_once_its_open_connections_have_closed() -> None:
    """``nc`` connected, a line sent, then p: the connection is kept (was: dropped at once as the
    server moved into this process); the server moves by itself once it has closed."""
    lab = LabControl(EventBus(), "process")
    server = lab.bind(ServerConfig(port=0))
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
            sock.sendall(b"hi")
            assert sock.recv(1024)
            wait_for(lambda: server.active == 1, what="the server counts the connection")
            lab.switch_step_mode()
            assert lab.server_move() == "note.step_server_waits" and lab.moving
            assert lab.server is server and not isinstance(server, LabServer)
            sock.sendall(b"still here")
            assert sock.recv(1024), "the connection is served on, by the same server"
        wait_for(lab.quiet, what="the connection closed, as the server sees it")
        assert lab.server_move() == "note.step_server_here" and not lab.moving
    finally:
        lab.stop_everything()


@pytest.mark.timeout(30)
def test_in_step_mode_a_comparison_run_is_not_held_and_the_next_launched_run_is() -> None:
    """Step mode on, a comparison's run (``stepped`` False) ends with no pick, its handler too
    (was: every run held, each needing a g); a run launched after it by a key is held again."""
    bus = EventBus()
    lab = LabControl(bus, "thread")
    lab.switch_step_mode()
    server = lab.bind(ServerConfig(port=0))
    threading.Thread(target=server.serve_forever, name="accept", daemon=True).start()  # as the app's worker
    values = {"n": 2, "hold": 0.0, "message": "hi"}
    try:
        free = lab.launch(Order("lock"), values, lab.target() or ("", 0), stepped=False)
        assert free.wait(10), "a comparison's run ends without a pick"
        assert not [e for e in bus.history if e.kind == "held"]
        held = lab.launch(Order("lock"), values, lab.target() or ("", 0))
        wait_for(lambda: any(e.kind == "held" and e.run == held.run for e in bus.history), what="held again")
        assert not held.done
    finally:
        lab.stop_everything()


@pytest.mark.timeout(30)
def test_the_lab_keeps_the_runs_going_and_the_latest_only() -> None:
    """Was: every run ever launched, each scanned by every tick's ``draw_due`` and ``quiet``."""
    lab = LabControl(EventBus(), "thread")
    server = lab.bind(ServerConfig(port=0))
    threading.Thread(target=server.serve_forever, name="accept", daemon=True).start()  # as the app's worker
    quick = {"n": 1, "hold": 0.0, "message": "hi"}
    try:
        held = lab.launch(Order("free"), {**quick, "hold": 30.0}, lab.target() or ("", 0))
        for _ in range(3):
            assert lab.launch(Order("free"), quick, lab.target() or ("", 0)).wait(10)
        assert lab.launched == 4 and [run.run for run in lab.runs] == [1, 4], "the one going, and the latest"
        assert not lab.quiet()
        assert lab.stop_runs() == [1] and held.done
        lab.launch(Order("free"), quick, lab.target() or ("", 0))
        assert [run.run for run in lab.runs] == [5] and lab.pick(1) == "note.step_off_pick"
        wait_for(lab.quiet, what="the last run done")
    finally:
        lab.stop_everything()
