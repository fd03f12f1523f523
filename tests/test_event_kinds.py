"""The one table of event kinds and extras (``events.EXTRAS``) holds everything the engine emits:
a client run, every exhibit and step-mode runs (one followed, one stuck) on real sockets."""

from __future__ import annotations

import json

import pytest
from helpers import run_both_sides

from server_core import ClientConfig, Event, EventBus, ServerConfig, parse_order
from server_core.events import ALL_EXTRAS, CLIENT_KINDS, EXTRAS, SERVER_KINDS, Kind
from server_core.exhibits import NAMES, run_exhibit
from server_core.recording import read_recording
from server_core.scheduled import run_scheduled
from server_core.stepping import parse_schedule

pytestmark = pytest.mark.timeout(60)
FOLLOWED = ("lock", "2:turn,2:connect,2:send,1:turn,1:connect,1:send")
STUCK = ("lock", "1:connect,2:connect,1:send")  # 1 holds the lock until its send: 2 cannot connect


def emitted() -> list[Event]:
    events = run_both_sides("lock", 3, hold=0.01)
    for name in NAMES:
        bus = EventBus()
        run_exhibit(name, bus=bus, patience=0.2)
        events += bus.history
    for order, schedule in FOLLOWED, STUCK:
        clients = ClientConfig(n=2, order=parse_order(order), hold=0.2, timeout=5.0)
        result = run_scheduled(ServerConfig(port=0), clients, parse_schedule(schedule), timeout=20.0)
        events += result.run.bus.history
    return events


def test_every_extra_the_engine_emits_is_in_the_table_for_its_side_and_kind() -> None:
    events = emitted()
    missing = {
        (e.side, e.kind, key)
        for e in events
        for key in e.extra or {}
        if key not in EXTRAS.get((e.side, e.kind), frozenset())
    }
    assert not missing, f"add these to events.EXTRAS: {sorted(missing)}"
    seen = {(e.side, e.kind) for e in events}
    for kind in (Kind.LISTENING, Kind.EXHIBIT, Kind.DEADLOCK, Kind.STUCK, Kind.HELD, Kind.PICKED):
        assert any(k == kind for _, k in seen), kind  # the runs above reach the kinds they should


def test_the_kinds_and_the_docstring_come_from_the_table() -> None:
    assert {kind for _, kind in EXTRAS} == SERVER_KINDS | CLIENT_KINDS
    kinds = [value for name, value in vars(Kind).items() if name.isupper()]
    assert all(type(kind) is str for kind in kinds)  # plain str: the spool's fast path stays
    assert set(kinds) == SERVER_KINDS | CLIENT_KINDS
    assert "client disconnected: run, unread" in (Event.__doc__ or "")


def test_a_recording_keeps_every_extra_of_the_table_and_skips_others(tmp_path) -> None:
    path = tmp_path / "one.jsonl"
    fields: dict[str, object] = {key: 1 for key in sorted(ALL_EXTRAS)}
    fields["unfinished"] = "\\xe4"  # bytes held back, as escapes: a number is refused
    path.write_text('{"seq": 1, "t": 0.0, "side": "client", "kind": "sent", "client": 1, "newer": 2, '
                    + ", ".join(f'"{key}": {json.dumps(value)}' for key, value in fields.items()) + "}\n")
    recording = read_recording(path)
    assert recording.events[0].extra == fields and recording.events[0].run == 1
    assert recording.unknown == {"newer"} and recording.skipped_fields == 1


def test_run_is_the_run_extra_or_none() -> None:
    assert Event(1, 0.0, "client", Kind.SENT, 1, extra={"run": 4}).run == 4
    assert Event(2, 0.0, "server", Kind.ACCEPTED, 1, extra={"options": {}}).run is None
    assert Event(3, 0.0, "server", Kind.STOPPED).run is None
