"""Replaying a recording: events released as the playback clock passes them, at any pace."""

from __future__ import annotations

from server_core import Event
from server_core.playback import MAX_IDLE, Playback


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def events(*times: float) -> list[Event]:
    return [Event(seq, t, "client", "sent", 1) for seq, t in enumerate(times, 1)]


def test_a_playback_starts_at_the_end_with_every_event_released() -> None:
    playback = Playback(events(0.0, 0.5, 1.0))
    assert [e.seq for e in playback.drain()] == [1, 2, 3] and playback.drain() == []
    assert playback.at_end and playback.now() == 1.0 and [e.seq for e in playback.since(1)] == [2, 3]


def test_play_releases_events_as_the_clock_passes_them_at_the_chosen_speed() -> None:
    clock = Clock()
    playback = Playback(events(0.0, 0.5, 1.0, 1.2), clock)
    playback.drain()
    playback.play()  # at the end: from the start again
    assert [e.seq for e in playback.drain()] == [1]
    clock.now += 0.6
    assert [e.seq for e in playback.drain()] == [2] and playback.emitted == 2
    assert playback.change_speed(1) == 2.0
    clock.now += 0.2  # 0.4 s of recording at twice the pace
    assert [e.seq for e in playback.drain()] == [3] and playback.playing
    playback.pause()
    clock.now += 10
    assert playback.drain() == [] and abs(playback.now() - 1.0) < 1e-9
    assert playback.step() == events(0.0, 0.5, 1.0, 1.2)[3] and playback.at_end
    assert [e.seq for e in playback.drain()] == [4] and playback.step() is None


def test_a_long_wait_in_the_recording_is_cut_short_and_the_speed_is_bounded() -> None:
    clock = Clock()
    playback = Playback(events(0.0, 60.0), clock)
    playback.rewind()
    playback.play()
    assert [e.seq for e in playback.drain()] == [1]
    clock.now += 0.1
    assert playback.drain() == [] and playback.now() > 58  # the minute of nothing is skipped
    clock.now += MAX_IDLE / 2
    assert [e.seq for e in playback.drain()] == [2]
    for _ in range(20):
        playback.change_speed(-1)
    assert playback.speed == 1 / 16


def test_waiting_counts_what_was_released_and_not_drained_and_a_snapshot_is_the_whole_recording() -> None:
    clock = Clock()
    playback = Playback(events(0.0, 0.5, 1.0), clock)
    assert playback.waiting == 3 and [e.seq for e in playback.drain(2)] == [1, 2] and playback.waiting == 1
    playback.drain()
    playback.rewind()
    playback.step()  # from the start: one event released
    assert playback.waiting == 1 and [e.seq for e in playback.snapshot()] == [1, 2, 3]
