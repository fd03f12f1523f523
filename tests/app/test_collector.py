"""The collector's policy: objects frozen while events come, all collected once they stop."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest
from helpers import Clock

from tui_app.collector import FREEZE_EVERY, QUIET, STORM_THRESHOLD, Collector


@pytest.fixture
def clock() -> Iterator[Clock]:
    thresholds = gc.get_threshold()
    yield Clock()
    gc.unfreeze()  # whatever a failed test left frozen goes back to the collector
    gc.set_threshold(*thresholds)


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


def test_a_storm_collects_the_young_generation_less_often_until_it_ends(clock: Clock) -> None:
    before = gc.get_threshold()
    collector = Collector(clock)
    collector.drained(True)
    assert gc.get_threshold() == (STORM_THRESHOLD, *before[1:])
    clock.now += FREEZE_EVERY
    collector.drained(True)  # a second freeze in the storm keeps the thresholds it found first
    clock.now += QUIET * 2
    collector.drained(False)
    assert gc.get_threshold() == before


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
    assert gc.get_threshold()[0] != STORM_THRESHOLD  # the thresholds it found come back too
    gc.collect()
    assert alive() is None
