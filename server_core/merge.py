"""Two recordings of one session on one clock: a ``serve`` on one side, ``clients`` on the other.

Each process counts ``t`` from its own start; the ``wall`` anchor each recording carries (the
wall-clock time of its ``t`` = 0) puts both on one clock that starts at the earlier anchor. The
events are then ordered by that clock and numbered again from 1. A client and a server handler
are one connection when the client's ``local`` address is the handler's ``peer``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .events import CLIENT, SERVER, T_DIGITS, Event, Kind
from .pairing import addresses
from .recording import Recording

JOINS = "merge joins a server recording with a clients recording"
SLACK = 5.0  # seconds two recordings' spans may miss each other by and still be one session


class MergeRefused(ValueError):
    """Two recordings that cannot be merged; ``str()`` says why in one line."""


@dataclass(frozen=True)
class Merged:
    """The merged events, and the connections found on both sides (client ``local`` addresses)."""

    events: list[Event]
    pairs: list[str]


def merge(first: Recording, second: Recording) -> Merged:
    """Both recordings' events on one clock, renumbered; MergeRefused when they are one recording
    (the same file or the same events), either already holds both sides, both hold the same side,
    either lacks an anchor, their spans lie apart or no client of one is served by a handler of
    the other."""
    check_sides(first, second)
    for recording in (first, second):
        if recording.wall is None:
            raise MergeRefused(f"{recording.path} has no wall-clock anchor (recorded by an older tcp-lab)")
    wall_a, wall_b = first.wall or 0.0, second.wall or 0.0
    gap = max(wall_a, wall_b) - min(wall_a + first.duration, wall_b + second.duration)
    if gap > SLACK:
        raise MergeRefused(f"{first.path} and {second.path} were recorded {gap:.0f} s apart: not one session")
    pairs = _pairs(first.events, second.events) + _pairs(second.events, first.events)
    if not pairs:
        raise MergeRefused(
            f"no client in one of {first.path} and {second.path} talked to a handler in the other"
        )
    origin = min(wall_a, wall_b)
    # each side moves by a whole number of microseconds: the time between two events of one
    # side stays what it recorded, so its figures are the ones its command printed
    timed = [
        (round(event.t + round(wall - origin, T_DIGITS), T_DIGITS), source, event)
        for source, (recording, wall) in enumerate(((first, wall_a), (second, wall_b)))
        for event in recording.events
    ]
    timed.sort(key=lambda item: (item[0], item[1], item[2].seq))
    events = [
        event._replace(seq=seq, t=t, extra=_anchored(event.extra, origin))
        for seq, (t, _, event) in enumerate(timed, 1)
    ]
    return Merged(events, sorted(pairs))


def check_sides(first: Recording, second: Recording) -> None:
    """MergeRefused unless ``first`` and ``second`` are two different recordings, one of a
    server's side and one of its clients' side (in either order)."""
    if first.events == second.events:
        same = "are the same file" if _same_file(first.path, second.path) else "hold the same events"
        raise MergeRefused(f"{first.path} and {second.path} {same}: {JOINS}")
    for recording in (first, second):
        if recording.sides == {SERVER, CLIENT}:
            raise MergeRefused(
                f"{recording.path} already holds both sides (a run, an app export or a merged file): "
                "nothing to merge it with"
            )
    if first.sides == second.sides:
        side = "server" if first.sides == {SERVER} else "client"
        raise MergeRefused(
            f"{first.path} and {second.path} are both {side} recordings: {JOINS}"
        )


def _same_file(first: str, second: str) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False


def _pairs(clients: list[Event], servers: list[Event]) -> list[str]:
    """Client ``local`` addresses in ``clients`` that are a handler's ``peer`` in ``servers``."""
    ends = addresses(e for e in clients if e.side == CLIENT and e.kind == Kind.CONNECTED)
    return sorted(ends & addresses(e for e in servers if e.side == SERVER and e.kind == Kind.ACCEPTED))


def _anchored(extra: dict | None, origin: float) -> dict | None:
    """``extra`` with its anchor moved to the merged clock's ``t`` = 0."""
    if not extra or "wall" not in extra:
        return extra
    return {**extra, "wall": origin}
