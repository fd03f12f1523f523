"""Launching clients from the keyboard: what the panes and counters show, free and lock-ordered."""

from __future__ import annotations

import socket

from layout_stage import screen_text
from pilot_helpers import cell, launch, until

from server_core import summarize
from tui_app.app import LabApp
from tui_app.connections import ConnectionBook


def rows(app: LabApp) -> int:
    return app.query_one("#clients").row_count


def closed(app: LabApp, count: int) -> bool:
    conns = list(app.book.connections.values())
    return len(conns) == count and all(c.state == "closed" and not c.server_open for c in conns)


async def test_free_then_lock_fill_both_panes_and_the_counters() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await launch(pilot, hold="0.05")
        await until(pilot, lambda: closed(app, 3), what="3 free clients done")
        await pilot.press("l")
        await until(pilot, lambda: closed(app, 6), what="3 lock clients done")
        await until(pilot, lambda: all(run.done for run in app.runs))
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
            assert cell(app, i, "sent") == f"客户端{client}连接成功"
            assert cell(app, i, "got") == "收到客户端信息"
            assert cell(app, i, "server").startswith("#")
        status = str(app.query_one("#status").render())
        assert "accepted 6" in status and "active 0" in status and "messages 6" in status
        assert app.listening is not None and app.listening in status
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
        await until(pilot, lambda: "received: 收到客户端信息" in "\n".join(conversation.lines), what="drawn")
        text = "\n".join(conversation.lines)
        for words in (
            "client r1.1 sending: 客户端1连接成功",
            "#1 says: 客户端1连接成功",
            "replying to #1",
            "client r1.1 received: 收到客户端信息",
        ):
            assert words in text, text
        times = [float(line.split()[0]) for line in conversation.lines]
        assert times == sorted(times)
        lines = conversation.lines  # cause before effect: each receipt after what caused it
        steps = ("sending", "says", "replying", "received")
        position = {words: next(i for i, line in enumerate(lines) if words in line) for words in steps}
        assert position["sending"] < position["says"] < position["replying"] < position["received"]
        assert "#1 = r1.1" in str(conversation.border_title)


async def test_an_outside_client_appears_like_a_launched_one_and_is_shown_literally() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.listening)
        sent = [b"[bold]x[/bold]", b"\x1b[31mred", b"\xff\xfe"]
        socks = []
        for data in sent:
            sock = socket.create_connection(("127.0.0.1", app.server.port), timeout=5)
            sock.sendall(data)
            assert sock.recv(1024) == "收到客户端信息".encode()
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
        numbers = {f"#{cell(app, i, 'server').lstrip('#')}" for i in range(3)}
        assert {cell(app, i, "id") for i in range(3)} == {f"{number} outside" for number in numbers}
        await pilot.resize_terminal(80, 24)  # the id column is as wide as "#N outside" at any size
        await until(pilot, lambda: all(f"{number} outside " in screen_text(app) for number in numbers))
        await pilot.resize_terminal(120, 40)
        assert {cell(app, i, "got") for i in range(3)} == {"收到客户端信息"}
        for sock in socks:
            sock.close()
        await until(pilot, lambda: app.book.active == 0)
        assert all(c.state == "closed" for c in app.book.connections.values())


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


async def test_a_crowd_is_counted_exactly_and_keys_answer_while_it_runs() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await launch(pilot, n="500", hold="5")
        await until(pilot, lambda: app.book.active >= 100, timeout=20, what="a crowd connected")
        await pilot.press("question_mark")
        await until(pilot, lambda: type(app.screen).__name__ == "HelpScreen", timeout=4, what="help")
        assert not app.runs[0].done  # answered while the clients still hold their connections
        await pilot.press("escape")
        await until(pilot, lambda: closed(app, 500), timeout=40, what="500 clients done")
        assert (app.book.accepted, app.book.messages, rows(app)) == (500, 500, 500)
        assert all(c.last_got == "收到客户端信息" for c in app.book.connections.values())


async def test_while_a_run_in_processes_is_in_flight_the_app_draws_seldom(monkeypatch) -> None:
    from server_core import SERVER, ClientConfig
    from server_core.processes import ProcessRun
    from tui_app import app as app_module

    monkeypatch.setattr(app_module, "RUN_DRAW_PERIOD", 3600.0)  # no second drain within the test
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        accepted = lambda: app.book.accepted  # noqa: E731
        before = accepted()
        in_flight = ProcessRun(ClientConfig(n=1, port=1))  # never started: in flight until it is
        app.runs.append(in_flight)
        app.bus.emit(SERVER, "accepted", client=90, peer="127.0.0.1:1")
        app.drain()  # the first drain of the run is made: the launch shows at once
        assert accepted() == before + 1
        app.bus.emit(SERVER, "accepted", client=91, peer="127.0.0.1:2")
        app.drain()
        assert accepted() == before + 1, "drained again within the period"
        app.runs.remove(in_flight)
        app.drain()
        assert accepted() == before + 2, "the run over, every tick drains"
        app.stop_everything()
