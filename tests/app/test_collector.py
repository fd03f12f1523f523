"""The collector's policy: objects frozen while events come, all collected once they stop."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from tui_app.collector import FREEZE_EVERY, QUIET, Collector


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Iterator[Clock]:
    yield Clock()
    gc.unfreeze()  # whatever a failed test left frozen goes back to the collector


def test_a_storm_freezes_and_a_pause_in_it_collects_everything_again(clock: Clock) -> None:
    collector = Collector(clock)
    collector.drained(True)
    assert gc.get_freeze_count() > 0
    clock.now += QUIET / 2
    collector.drained(False)
    assert gc.get_freeze_count() > 0  # events only paused
    clock.now += QUIET
    collector.drained(False)
    assert gc.get_freeze_count() == 0


def test_cyclic_garbage_frozen_in_a_storm_is_freed_after_it(clock: Clock) -> None:
    collector = Collector(clock)

    class Node:
        pass

    node = Node()
    node.me = node  # a cycle: only the collector frees it
    alive = weakref.ref(node)
    collector.drained(True)
    del node
    gc.collect(1)
    assert alive() is not None  # frozen: out of the collector's reach
    clock.now += FREEZE_EVERY + QUIET
    collector.drained(False)
    assert alive() is None


def test_release_gives_everything_frozen_back_to_the_collector(clock: Clock) -> None:
    collector = Collector(clock)

    class Node:
        pass

    node = Node()
    node.me = node
    alive = weakref.ref(node)
    collector.drained(True)
    del node
    collector.release()  # the app stops: no pass of its own, but nothing stays frozen
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert alive() is None
