from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from helpers import os_threads

from server_core import EventBus, LabServer, ServerConfig

# With PYTHONDONTWRITEBYTECODE set, pytest rewrites the asserts of every test module and compiles
# it again in each process of a run, the controller and every worker: 15 s of CPU each (of a run's
# 420 s on two cores). The rewritten modules are kept, in __pycache__ (ignored by git).
sys.dont_write_bytecode = False


@pytest.fixture
def bus() -> EventBus:
    return EventBus()


@pytest.fixture
def server(bus: EventBus) -> Iterator[LabServer]:
    """A free-running server on a free loopback port, stopped after the test."""
    with LabServer(ServerConfig(port=0), bus) as srv:
        yield srv


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests marked ``long`` first, each group in its own order: the workers share out the
    short ones at the end, and none finishes alone with a test of several seconds."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


ENGINE_THREADS = ("accept", "handler-", "client-", "launcher-")


def engine_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith(ENGINE_THREADS) and t.is_alive()]


@pytest.fixture(autouse=True)
def no_thread_left_behind() -> Iterator[None]:
    """Every test ends every thread it started (within a short grace period)."""
    before = os_threads()
    yield
    deadline = time.monotonic() + 2.0
    while (engine_threads() or os_threads() > before) and time.monotonic() < deadline:
        time.sleep(0.01)
    if left := engine_threads():
        pytest.fail(f"threads left running: {[t.name for t in left]}")
    if (count := os_threads()) > before:
        pytest.fail(f"{count - before} OS threads left running")


@pytest.fixture
def english_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """An environment whose language is English (``--lang zh`` then differs from it)."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
