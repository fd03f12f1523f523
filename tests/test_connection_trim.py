"""The connections the app's table keeps: the oldest finished go, a run's from its first on, and
the book counts what it dropped and says where rows between kept ones are gone."""

from __future__ import annotations

import pytest

from server_core import CLIENT, EventBus
from tui_app.connections import ConnectionBook

pytestmark = pytest.mark.timeout(10)


def _run(bus: EventBus, run: int, n: int, open_ones: tuple[int, ...] = ()) -> None:
    """Run ``run``'s ``n`` clients, each connected and closed but those in ``open_ones``."""
    for client in range(1, n + 1):
        emit = bus.emitter(CLIENT, client, f"127.0.0.1:{40000 + 100 * run + client}", "127.0.0.1:8888")
        emit("connecting", run=run)
        emit("connected", run=run, options={})
        if client not in open_ones:
            emit("disconnected", run=run)


def _kept(book: ConnectionBook, run: int) -> list[int]:
    return [conn.client or 0 for conn in book.connections.values() if conn.run == run]


def test_a_run_loses_its_oldest_rows_from_its_first_on_not_rows_between_open_ones() -> None:
    """A run of 30 whose clients 12 and 15 are still open when the book trims: 13 and 14 went
    (finished, older than most) and the table showed r1.12 r1.15 r1.16 with no word of the gap."""
    bus, book = EventBus(), ConnectionBook(limit=20, keep=10)
    _run(bus, 1, 30, open_ones=(12, 15))
    book.apply(bus.drain())
    assert _kept(book, 1) == list(range(12, 31))  # 1 to 11 dropped, the rest whole
    assert (book.dropped, book.seen, book.gaps) == (11, 30, False)


def test_past_twice_the_limit_rows_between_go_too_and_the_book_says_so() -> None:
    bus, book = EventBus(), ConnectionBook(limit=20, keep=10)
    _run(bus, 1, 30, open_ones=(2,))  # r1.2 holds its run back
    book.apply(bus.drain())
    assert len(book.connections) == 30 and book.dropped == 0  # 1 alone would go: wait for 2
    _run(bus, 2, 15)
    book.apply(bus.drain())
    assert book.seen == 45 and len(book.connections) == 10
    assert _kept(book, 1) == [2, *range(22, 31)]  # the open one stays, and the newest
    assert _kept(book, 2) == []  # a later run whole, then run 1's oldest after its open row
    assert book.gaps  # r1.3 to r1.21 are gone between rows kept


def test_a_later_run_goes_before_an_earlier_runs_rows_after_an_open_one() -> None:
    bus, book = EventBus(), ConnectionBook(limit=20, keep=10)
    _run(bus, 1, 8, open_ones=(3,))
    _run(bus, 2, 15)
    book.apply(bus.drain())
    assert _kept(book, 1) == [3, 4, 5, 6, 7, 8]  # run 1 whole from its open row on
    assert _kept(book, 2) == [12, 13, 14, 15]
    assert book.gaps and book.dropped == 13
