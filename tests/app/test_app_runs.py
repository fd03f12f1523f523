"""Launching clients from the keyboard: what the panes and counters show, free and lock-ordered."""

from __future__ import annotations

import re
import socket

import pytest
from pilot_helpers import cell, launch, until

from server_core import SERVER, summarize
from server_core.processes import _merger
from server_core.spool import encode
from tui_app.app import LabApp
from tui_app.connections import ConnectionBook
from tui_app.strings import tr
from tui_app.widgets.events_pane import line


def rows(app: LabApp) -> int:
    return app.query_one("#clients").row_count


def closed(app: LabApp, count: int) -> bool:
    conns = list(app.session.book.connections.values())
    return len(conns) == count and all(c.state == "closed" and not c.server_open for c in conns)


async def test_free_then_lock_fill_both_panes_and_the_counters() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await launch(pilot, hold="0.05")
        await until(pilot, lambda: closed(app, 3), what="3 free clients done")
        await pilot.press("l")
        await until(pilot, lambda: closed(app, 6), what="3 lock clients done")
        await until(pilot, lambda: all(run.done for run in app.lab.runs))
        await until(
            pilot,
            lambda: (
                rows(app) == 6
                and all(cell(app, i, "got") for i in range(6))
                and "run 2 done" in "\n".join(app.query_one("#events").lines)
            ),
            what="both panes drawn",
        )

        assert rows(app) == 6
        assert [cell(app, i, "id") for i in range(6)] == ["r1.1", "r1.2", "r1.3", "r2.1", "r2.2", "r2.3"] or {
            cell(app, i, "id") for i in range(6)
        } == {"r1.1", "r1.2", "r1.3", "r2.1", "r2.2", "r2.3"}
        for i in range(6):
            client = cell(app, i, "id").split(".")[1]
            assert cell(app, i, "sent") == f"hello {client}"
            assert cell(app, i, "got") == "got it"
            assert cell(app, i, "server").startswith("#")
        status = str(app.query_one("#status").render())
        assert "accepted 6" in status and "active 0" in status and "messages 6" in status
        assert app.session.listening is not None and app.session.listening in status
        events = "\n".join(app.query_one("#events").lines)
        assert events.count("accepted") >= 6 and "run 2 done" in events
        lock = summarize(app.bus.history, 3, run=2)
        assert lock.ok == 3 and lock.max_concurrency == 1
        await pilot.press("q")


async def test_a_row_shows_its_whole_conversation_from_both_ends() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await launch(pilot, hold="0", n="1")
        await until(pilot, lambda: closed(app, 1))
        conversation = app.query_one("#conversation")
        await until(pilot, lambda: any("disconnected" in e.kind for e in conversation.connection.events))
        await until(pilot, lambda: "received: got it" in "\n".join(conversation.lines), what="drawn")
        text = "\n".join(conversation.lines)
        for words in (
            "client -> r1.1 sending: hello 1",  # the side named once
            "#1 says: hello 1",
            "replying to #1",
            "client <- r1.1 received: got it",
        ):
            assert words in text, text
        starts = [line for line in conversation.lines if re.match(r" *\d+\.\d{3} ", line)]  # not a wrap
        times = [float(line.split()[0]) for line in starts]
        assert len(times) > 4 and times == sorted(times)
        lines = conversation.lines  # cause before effect: each receipt after what caused it
        steps = ("sending", "says", "replying", "received")
        position = {words: next(i for i, line in enumerate(lines) if words in line) for words in steps}
        assert position["sending"] < position["says"] < position["replying"] < position["received"]
        assert "#1 = r1.1" in str(conversation.border_title)


async def test_an_outside_client_appears_like_a_launched_one_and_is_shown_literally() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.session.listening)
        sent = [b"[bold]x[/bold]", b"\x1b[31mred", b"\xff\xfe"]
        socks = []
        for data in sent:
            sock = socket.create_connection(("127.0.0.1", app.lab.server.port), timeout=5)
            sock.sendall(data)
            assert sock.recv(1024) == b"got it"
            socks.append(sock)
        expected = {"[bold]x[/bold]", "\\x1b[31mred", "\\xff\\xfe"}
        await until(
            pilot,
            lambda: (
                rows(app) == 3
                and {cell(app, i, "sent") for i in range(3)} == expected
                and all(cell(app, i, "got") for i in range(3))
            ),
        )
        assert [cell(app, i, "id") for i in range(3)] == ["outside"] * 3  # the number once: its column
        shown = [app.table.render_line(y).text for y in (1, 2, 3)]
        assert all(line.split()[0] == "outside" and line.count("#") == 1 for line in shown), shown
        await pilot.resize_terminal(80, 24)  # the id column is as wide as "outside" at any size
        table = app.table
        await until(pilot, lambda: all(table.render_line(y).text.startswith(" outside ") for y in (1, 2, 3)))
        table.move_cursor(0)  # the conversation's title names the connection whole
        title = f"{cell(app, 0, 'server')} outside 127.0.0.1:"
        await until(pilot, lambda: title in str(app.conversation.border_title))
        await pilot.resize_terminal(120, 40)
        assert {cell(app, i, "got") for i in range(3)} == {"got it"}
        for sock in socks:
            sock.close()
        await until(pilot, lambda: app.session.book.active == 0)
        assert all(c.state == "closed" for c in app.session.book.connections.values())


def test_a_server_accept_seen_before_the_client_connect_folds_into_one_row(bus) -> None:
    book = ConnectionBook()
    accepted = bus.emit("server", "accepted", client=7, local="127.0.0.1:1", peer="127.0.0.1:5000")
    first = book.apply([accepted])
    assert len(first.added) == 1
    connected = bus.emit("client", "connected", client=1, run=1, local="127.0.0.1:5000", peer="127.0.0.1:1")
    second = book.apply([connected])
    assert len(book.connections) == 1
    assert second.removed == [first.added[0].key]
    (conn,) = book.connections.values()
    assert (conn.run, conn.client, conn.number) == (1, 1, 7)
    assert [e.seq for e in conn.events] == [accepted.seq, connected.seq]


@pytest.mark.long
async def test_a_crowd_is_counted_exactly_and_keys_answer_while_it_runs() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await launch(pilot, n="500", hold="5")
        await until(pilot, lambda: app.session.book.active >= 100, timeout=20, what="a crowd connected")
        await pilot.press("question_mark")
        await until(pilot, lambda: type(app.screen).__name__ == "HelpScreen", timeout=4, what="help")
        assert not app.lab.runs[0].done  # answered while the clients still hold their connections
        await pilot.press("escape")
        await until(pilot, lambda: closed(app, 500), timeout=40, what="500 clients done")
        assert (app.session.book.accepted, app.session.book.messages, rows(app)) == (500, 500, 500)
        assert all(c.last_got == "got it" for c in app.session.book.connections.values())


async def test_the_apps_note_comes_after_what_the_server_process_did_before_it() -> None:
    """k stops a run whose clients the server's child saw close just before: those lines reach
    the app a batch later, yet go above "stopped 1 client run", and every line is in time order."""
    app = LabApp(port=0, engine="process")
    async with app.run_test(size=(120, 40)) as pilot:
        await launch(pilot, n="3", hold="30")  # run once the server's child has bound
        held = lambda: app.lab.server is not None and app.lab.server.active == 3  # noqa: E731
        await until(pilot, held, what="3 held open")
        await pilot.press("k")
        stopped = "stopped 1 client run"

        def offline() -> list[str]:
            return [line(e, "en") for e in app.bus.history if e.side == SERVER and e.kind == "disconnected"]

        await until(pilot, lambda: len(offline()) == 3, what="the server's child saw the 3 close", timeout=15)
        noted = lambda: any(stopped in text for text in app.events.logical_lines())  # noqa: E731
        await until(pilot, noted, what="the note")
        said = [text for text in app.events.logical_lines() if text[:7].strip()]
        times = [float(text[:7]) for text in said]
        assert times == sorted(times), said
        note = next(i for i, text in enumerate(said) if stopped in text)
        assert all(closed in said[:note] for closed in offline()), said
        await pilot.press("q")


async def test_a_note_waits_for_the_events_before_it_that_a_child_reports_late() -> None:
    """A child's events reach the bus up to a batch after they happened: a note made meanwhile
    goes below them, not above."""
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        merger = _merger(app.bus)
        merger.enter(1)  # a child that has not reported yet holds back what comes after this
        before = app.bus.now()
        await pilot.press("k")
        await pilot.pause()
        note = tr("note.no_run_to_stop", "en")
        row = (before, SERVER, "error", None, None, None, "late", None, None)
        merger.add(1, [encode([row])], app.bus.now())
        shown = lambda: "\n".join(app.events.logical_lines())  # noqa: E731
        await until(pilot, lambda: note in shown() and "late" in shown(), what="the note and the late event")
        said = app.events.logical_lines()
        late = next(i for i, text in enumerate(said) if "late" in text)
        assert late < next(i for i, text in enumerate(said) if note in text), said
        await pilot.press("q")
