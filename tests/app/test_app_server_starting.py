"""A server in a child process binds in a thread worker: the keys work meanwhile, the status says
the server is starting, a launch asked for then waits for it and runs once, and quit or a stop
then still frees the port at once."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
from pilot_helpers import plain, until

from server_core.processes import ProcessServer
from tui_app.app import LabApp


class SlowBind:
    """Every ``ProcessServer.bind`` binds (its child listens), then waits for ``go`` before it
    returns: a bind as slow as the test wants. ``ports`` gets each port bound."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.go = threading.Event()
        self.ports: list[int] = []
        bind = ProcessServer.bind

        def slow(server: ProcessServer) -> None:
            bind(server)
            self.ports.append(server.port)
            self.go.wait(20)

        monkeypatch.setattr(ProcessServer, "bind", slow)


@pytest.fixture
def slow_bind(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlowBind]:
    slow = SlowBind(monkeypatch)
    yield slow
    slow.go.set()  # no worker left waiting


def port_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.mark.timeout(60)
async def test_a_launch_during_the_servers_start_waits_for_it_and_runs_once(slow_bind: SlowBind) -> None:
    """Was: the bind held the event loop (50 ms idle, 250-340 ms loaded, up to 30 s) and no key
    or drawing happened meanwhile."""
    app = LabApp(port=0, engine="process")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: slow_bind.ports, what="the child bound")
        await until(pilot, lambda: "starting the server" in plain(app.status.render()), what="starting said")
        app.query_one("#field-hold").value = "0"
        await pilot.press("f")  # taken now, while the bind still waits
        await pilot.pause()
        assert app.lab.launched == 0 and app.lab.server is None, "nothing to connect to yet"
        slow_bind.go.set()
        await until(pilot, lambda: app.lab.runs and app.lab.runs[-1].done, timeout=30, what="the run")
        assert app.lab.launched == 1, "launched once, not lost, not twice"
        assert app.lab.server is not None and app.lab.server.port == slow_bind.ports[0]
        await until(pilot, lambda: 1 in app.session.summaries, what="its summary")
        assert app.session.summaries[1].ok == 3
        assert "listening on" in plain(app.status.render())
        await pilot.press("q")


@pytest.mark.timeout(60)
async def test_quit_during_the_servers_start_frees_its_port_within_a_second(slow_bind: SlowBind) -> None:
    app = LabApp(port=0, engine="process")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: slow_bind.ports, what="the child bound")
        port = slow_bind.ports[0]
        assert not port_free(port)
        started = time.monotonic()
        await pilot.press("q")
        await until(pilot, lambda: port_free(port), timeout=5, what="the port freed")
        assert time.monotonic() - started < 1.0
    slow_bind.go.set()


@pytest.mark.timeout(60)
async def test_a_stop_during_the_servers_start_keeps_no_server(slow_bind: SlowBind) -> None:
    """x while the server starts: no server afterwards, and its port is free."""
    app = LabApp(port=0, engine="process")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: slow_bind.ports, what="the child bound")
        await pilot.press("x")
        slow_bind.go.set()
        await until(pilot, lambda: not app.lab.starting, what="the start over")
        await until(pilot, lambda: port_free(slow_bind.ports[0]), timeout=5, what="the port freed")
        assert app.lab.server is None and "not listening" in plain(app.status.render())
        await pilot.press("q")
