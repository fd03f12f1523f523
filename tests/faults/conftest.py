"""Shared set-up of the fault suite: servers on free loopback ports, audited when they stop.

Every test here fails on an exception escaping a thread (pytest reports it as a warning, turned
into an error below) and on a traceback written to the process's stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers import open_descriptors

from server_core import EventBus, LabServer, ServerConfig, audit

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "app"))  # the app tests' Pilot tools, for the app under stress
sys.path.insert(0, str(HERE.parents[1] / "bench"))  # the storm of bench/app_storm.py


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(item.fspath).parents:
            item.add_marker(pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning"))


@pytest.fixture(autouse=True)
def no_traceback(capfd: pytest.CaptureFixture[str]) -> Iterator[None]:
    """Nothing the test provoked printed a traceback to this process's stderr."""
    yield
    err = capfd.readouterr().err
    assert "Traceback" not in err, err


@pytest.fixture
def start_server(bus: EventBus) -> Iterator[Callable[..., LabServer]]:
    """Start servers on free loopback ports; on exit stop them, audit the events, count descriptors."""
    servers: list[LabServer] = []
    before = open_descriptors()

    def start(**config: object) -> LabServer:
        server = LabServer(ServerConfig(port=0, **config), bus).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
    assert audit(bus.history) == []
    assert open_descriptors() <= before, "descriptors left open"
