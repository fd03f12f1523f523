"""Changes merged across batches, and the rows a book keeps as events come."""

from __future__ import annotations

import random

from server_core import CLIENT, SERVER, EventBus
from tui_app.connections import Changes, Connection, ConnectionBook


def naive_merge(earlier: Changes, later: Changes) -> Changes:
    gone = set(later.removed)
    pending = {conn.key for conn in earlier.added}
    added = [conn for conn in earlier.added if conn.key not in gone] + later.added
    removed = earlier.removed + [key for key in later.removed if key not in pending]
    updated = (earlier.updated | later.updated) - gone - {conn.key for conn in added}
    return Changes(added=added, updated=updated, removed=removed)


def test_merged_table_changes_never_draw_a_row_added_and_removed_in_between() -> None:
    first, second, third = Connection(1), Connection(2), Connection(3)
    pending = Changes(added=[first, second], updated={1})
    pending.merge(Changes(added=[third], updated={1, 2, 3, 9}, removed=[1, 7]))
    assert [c.key for c in pending.added] == [2, 3]  # 1 came and went between two draws
    assert pending.removed == [7]  # a row already drawn goes
    assert pending.updated == {9}  # added rows are drawn with their latest cells anyway


def test_many_merges_match_the_plain_definition() -> None:
    rng = random.Random(7)
    for _ in range(50):
        drawn = set(range(1, 20))  # rows on screen
        next_key = 20
        merged, expected = Changes(), Changes()
        for _ in range(30):
            known = sorted(drawn | {conn.key for conn in expected.added})
            new = [Connection(next_key + i) for i in range(rng.randint(0, 3))]
            next_key += len(new)
            gone = rng.sample(known, k=min(len(known), rng.choice([0, 0, 0, 1, 2])))
            alive = [key for key in known if key not in gone]
            updated = set(rng.sample(alive, k=min(len(alive), rng.randint(0, 4))))
            batch = Changes(added=new, updated=updated, removed=gone)
            merged.merge(batch)
            expected = naive_merge(expected, batch)
            drawn -= set(gone)
            assert [c.key for c in merged.added] == [c.key for c in expected.added]
            assert merged.removed == expected.removed
            assert merged.updated == expected.updated


def test_a_launched_clients_row_stays_open_while_only_its_server_has_closed() -> None:
    bus = EventBus()
    client = bus.emitter(CLIENT, 1, "127.0.0.1:40000", "127.0.0.1:8888")
    handler = bus.emitter(SERVER, 1, "127.0.0.1:8888", "127.0.0.1:40000")
    client("connecting", run=1)
    client("connected", run=1, options={})
    handler("accepted", options={})
    client("sent", "hi", 2, run=1)
    handler("disconnected", text="server stopped")  # the server went first: the client still waits
    book = ConnectionBook()
    book.apply(bus.drain())
    (row,) = book.connections.values()
    assert (row.state, row.server_open, row.client_open) == ("sent", False, True)
    client("disconnected", run=1)
    book.apply(bus.drain())
    assert (row.state, row.client_open, row.finished) == ("closed", False, True)


def test_a_launched_client_is_not_paired_with_an_earlier_connection_that_used_its_port() -> None:
    """An outside client's connection from 127.0.0.1:43002 closed; later the system gave that port
    to a launched client: its row took the old connection's number and both conversations."""
    bus = EventBus()
    old = bus.emitter(SERVER, 18, "127.0.0.1:8888", "127.0.0.1:43002")
    old("accepted", options={})
    old("received", "客户端3连接成功", 22)
    old("disconnected", text="closed by peer")
    client = bus.emitter(CLIENT, 41, "127.0.0.1:43002", "127.0.0.1:8888")
    client("connecting", run=8)
    client("connected", run=8, options={})
    handler = bus.emitter(SERVER, 609, "127.0.0.1:8888", "127.0.0.1:43002")
    handler("accepted", options={})
    handler("received", "客户端41连接成功", 23)
    book = ConnectionBook()
    book.apply(bus.drain())
    launched = next(conn for conn in book.connections.values() if conn.launched)
    outside = next(conn for conn in book.connections.values() if not conn.launched)
    assert (launched.number, outside.number, len(book.connections)) == (609, 18, 2)
    assert {e.client for e in launched.events if e.side == SERVER} == {609}
    assert outside.last_sent == "客户端3连接成功"
