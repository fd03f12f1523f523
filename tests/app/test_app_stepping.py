"""Step mode in the app: p holds a new run's threads, digits and Enter pick, g runs freely, and
quitting while threads are held frees the port at once."""

from __future__ import annotations

import functools
import socket

import pytest
from layout_stage import screen_text
from pilot_helpers import cell, holding_in_step_mode, set_field, timed_stops, until
from textual.pilot import Pilot

from server_core import CLIENT, SERVER, LabServer, Order
from server_core.stepping import ThreadView
from tui_app.app import LabApp
from tui_app.form import client_settings
from tui_app.strings import tr
from tui_app.widgets.step_pane import ANSWER


def held(app: LabApp) -> list[str]:
    return [view.label for view in app.lab.stepper.snapshot() if view.state == "held"]


def accepted_clients(app: LabApp) -> list[int]:
    """Launch numbers of the clients the server accepted, in accept order."""
    history = app.bus.history
    launch = {e.local: e.client for e in history if e.side != SERVER and e.kind == "connected"}
    return [launch[e.peer] for e in history if e.side == SERVER and e.kind == "accepted" and e.peer in launch]


async def test_a_digit_makes_the_server_accept_that_client_and_g_finishes_the_run() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one("#field-hold").value = "0"
        await pilot.press("p")
        assert "STEP MODE" in str(app.status.render())
        await pilot.press("f")
        await until(pilot, lambda: held(app) == ["r1.1", "r1.2", "r1.3"], what="three clients held")
        await until(pilot, lambda: app.step_pane.option_count == 3, what="the pane lists them")
        assert app.session.book.accepted == 0  # held before connect: nothing reaches the server
        await pilot.press("3")
        await until(pilot, lambda: app.session.book.accepted == 1, what="one accept")
        assert accepted_clients(app) == [3]
        await until(pilot, lambda: "#1" in held(app), what="its handler held before reading")
        await pilot.press("g")
        await until(
            pilot, lambda: app.session.book.messages == 3 and app.session.book.active == 0, what="all served"
        )
        assert all(run.done for run in app.lab.runs)
        await pilot.press("p")
        assert "STEP MODE" not in str(app.status.render())


async def test_enter_in_the_pane_picks_any_thread_and_leaving_step_mode_releases_all() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one("#field-hold").value = "0"
        await pilot.press("p", "f")
        await until(pilot, lambda: len(held(app)) == 3 and app.step_pane.option_count == 3)
        app.step_pane.focus()
        app.step_pane.highlighted = 1  # r1.2
        await pilot.press("enter")
        await until(pilot, lambda: accepted_clients(app) == [2], what="client 2 accepted")
        await until(pilot, lambda: "#1" in held(app) and app.step_pane.option_count == 4)
        index = next(i for i in range(4) if app.step_pane.get_option_at_index(i).id == "server-0-1")
        app.step_pane.highlighted = index
        await pilot.press("enter")
        await until(pilot, lambda: "#1" not in held(app), what="the handler picked")
        await pilot.press("p")  # leave step mode: everything goes on
        await until(
            pilot, lambda: app.session.book.messages == 3 and app.session.book.active == 0, what="all served"
        )


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "1-9: client N of latest run  Enter/2nd click: any row"),
        ("zh", "1-9：最新一轮客户端 N  Enter/再点一次：任一行走一步"),
    ],
)
async def test_the_step_panes_border_says_digits_step_the_latest_runs_clients_whole_at_80_columns(
    lang: str, said: str
) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        await until(pilot, lambda: app.step_pane.display, what="the step pane")
        await pilot.pause()
        assert said in str(app.step_pane.border_subtitle)
        assert any(said in line and "…" not in line for line in screen_text(app).splitlines())


async def test_quitting_while_threads_are_held_frees_the_port_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = LabApp(port=0)
    stops = timed_stops(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        port = app.lab.server.port
        await pilot.press("p", "f")
        await until(pilot, lambda: len(held(app)) == 3, what="three clients held")
        await pilot.press("1")
        await until(pilot, lambda: "#1" in held(app), what="a handler held too")
        await pilot.press("q")
    assert stops and stops[0] < 2.5, stops
    with socket.socket() as sock:  # bound again at once (as the server binds: SO_REUSEADDR)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
    assert all(run.done for run in app.lab.runs)


def server_away(app: LabApp) -> bool:
    """Whether the app's server listens in a process of its own (bound in a worker: not at once)."""
    return app.lab.server is not None and not isinstance(app.lab.server, LabServer)


async def test_step_mode_brings_a_server_of_the_process_engine_here_so_seq_follows_the_clock() -> None:
    """Step mode holds threads of the app's process: a server in a child process is started again
    here, or its events would reach the bus a batch after the held clients' (seq out of t order)."""
    app = LabApp(port=0, engine="process")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.lab.server is not None and app.lab.server.port > 0, what="server up")
        app.query_one("#field-hold").value = "0"
        await pilot.press("p")
        assert isinstance(app.lab.server, LabServer)
        await pilot.press("f")
        await until(pilot, lambda: len(held(app)) == 3, what="three clients held")
        await pilot.press("g")
        await until(pilot, lambda: all(run.done for run in app.lab.runs) and app.session.book.messages == 3)
        times = [event.t for event in app.bus.history]
        assert times == sorted(times)
        said = "step mode: the server restarts to hold its threads at each step"
        await until(pilot, lambda: any(said in line for line in app.events.logical_lines()), what=said)
        lines = app.events.logical_lines()
        explained = next(i for i, line in enumerate(lines) if said in line)
        listening = [i for i, line in enumerate(lines) if "listening on" in line]
        assert len(listening) == 2 and listening[1] < explained, lines  # moved, then said: the last line
        await pilot.press("p")  # out of step mode: back to a process of its own, as the app was started
        await until(pilot, lambda: server_away(app), what="bound in a process of its own (in a worker)")
        said = "starts again in a process of its own"
        await until(pilot, lambda: any(said in line for line in app.events.logical_lines()), what=said)


async def test_entering_step_mode_keeps_an_outside_connection_and_moves_the_server_once_it_closed() -> None:
    """As a user did: nc connected, a line sent, p. The server moved into this process at once and
    dropped nc (``#1 disconnected (server stopped)``); now it says it waits, serves nc on, and moves
    by itself once nc has gone."""
    app = LabApp(port=0, engine="process")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.lab.server is not None and app.lab.server.port > 0, what="server up")
        server = app.lab.server
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
            sock.sendall(b"hello\n")
            assert sock.recv(1024)
            await until(pilot, lambda: app.session.book.active == 1, what="the connection shown")
            await pilot.press("p")
            said = "moves into this process once they have closed"
            await until(pilot, lambda: any(said in line for line in app.events.logical_lines()), what=said)
            assert app.lab.server is server
            sock.sendall(b"still here\n")
            assert sock.recv(1024), "served on by the same server"
        said = "step mode: the server restarts to hold its threads at each step"
        await until(pilot, lambda: any(said in line for line in app.events.logical_lines()), what=said)
        assert isinstance(app.lab.server, LabServer)
        assert "server stopped" not in [e.text for e in app.bus.history if e.kind == "disconnected"]


async def test_leaving_step_mode_during_a_run_keeps_the_server_and_its_clients_connections() -> None:
    """Moving the server back to its own process resets every open connection: while a run goes
    on it stays where it is, says so, and every client let go gets its reply."""
    app = LabApp(port=0, engine="process")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.lab.server is not None and app.lab.server.port > 0, what="server up")
        app.query_one("#field-hold").value = "0.5"
        await pilot.press("p", "f")
        await until(pilot, lambda: len(held(app)) == 3, what="three clients held")
        assert isinstance(app.lab.server, LabServer)
        target = app.lab.target()
        await pilot.press("p")  # let go mid-run
        await until(pilot, lambda: all(run.done for run in app.lab.runs) and app.session.book.messages == 3)
        assert not any(e.kind == "error" for e in app.bus.history)
        # once nothing is open, it goes back to a process of its own by itself, and says so
        said = "starts again in a process of its own"
        await until(pilot, lambda: any(said in line for line in app.events.logical_lines()), what=said)
        await until(pilot, lambda: server_away(app), what="bound in a process of its own (in a worker)")
        # it stayed until the run was over: read from the lines, as a loaded machine can let the
        # run end and the server move before a test looks at the server in between
        lines = app.events.logical_lines()
        stays, done, moves = (
            next(i for i, line in enumerate(lines) if words in line)
            for words in ("stays in this process", "run 1 done", said)
        )
        assert stays < done < moves, lines
        await until(pilot, lambda: app.lab.server.port > 0, what="the server up again")
        assert app.lab.target() != target  # port 0: a new port
        settings = client_settings(app.controls, app.lab, app.note)
        assert settings is not None
        run = app.lab.launch(Order("free"), {**settings[0], "hold": 0.0}, target)  # aimed before the move
        await until(pilot, lambda: run.done and app.session.book.messages == 6, what="the run followed it")
        assert not any(e.kind == "error" for e in app.bus.history)



@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_at_80x24_the_threads_pane_leaves_the_other_panes_readable_and_scrolls(lang: str) -> None:
    """8 threads waiting at 80x24 left the conversation 1 row and the events pane 2."""
    views = [ThreadView(CLIENT, 1, i, f"r1.{i}", "held", "connect", None, None) for i in range(1, 9)]
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await holding_in_step_mode(pilot, app, views)
        for pane in (app.conversation, app.events):
            assert pane.content_size.height >= 3, (pane.id, pane.content_size)
        assert app.table.content_size.height == app.table.row_count + 1  # its header and rows (none)
        assert app.step_pane.content_size.height < len(views)
        app.step_pane.focus()
        await until(pilot, lambda: app.step_pane.highlighted == 0, what="the first thread highlighted")
        await pilot.press(*["down"] * (len(views) - 1))
        await until(pilot, lambda: app.step_pane.scroll_y > 0, what="the pane scrolled to the last thread")
        assert app.step_pane.highlighted == len(views) - 1


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_digit_for_a_client_that_cannot_step_says_which_client_and_why(lang: str) -> None:
    """'1 is not waiting to step' named no run and no reason, in a client's hold or after its end;
    then 'running (in a call or its hold)' did not say which, and the pane said 'in recv' in its hold."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        set_field(app, "n", "1")
        set_field(app, "hold", "30")
        await pilot.press("p", "f")

        def step_on() -> bool:  # every held thread, client and handler, takes its step
            for view in app.lab.stepper.snapshot():
                if view.state == "held":
                    app.lab.stepper.pick(view.side, view.run, view.number)
            return any(e.side == CLIENT and e.kind == "received" for e in app.bus.history)

        await until(pilot, step_on, what="r1.1's reply: then it holds its connection, running")
        in_hold = tr("step.in_hold", lang, who="r1.1")
        pane = app.step_pane
        rows = lambda: [str(pane.get_option_at_index(i).prompt) for i in range(pane.option_count)]  # noqa: E731
        await until(pilot, lambda: in_hold in rows(), what="the pane says it is in its hold")
        assert not any(tr("step.running", lang, who="r1.1", step="recv") in row for row in rows())
        await pilot.press("1", "2")
        running = tr("note.step_running", lang, thread=in_hold)
        ended = tr("note.step_no_client", lang, who="r1.2")  # a run of one
        lines = lambda: " ".join(" ".join(app.events.logical_lines()).split())  # noqa: E731
        await until(pilot, lambda: running in lines() and ended in lines(), what="both notes")
        await pilot.press("k")  # the run ends: r1.1 has no step left
        await until(pilot, lambda: all(run.done for run in app.lab.runs), what="the run ended")
        await pilot.press("1")
        over = tr("note.step_not_held", lang, who="r1.1")
        await until(pilot, lambda: over in lines(), what="the note for a client that ended")
        await pilot.press("q")


async def waiting_for_the_lock(pilot: Pilot, app: LabApp, n: int) -> None:
    """A lock-ordered run of ``n`` clients in step mode (holding 30 s): r1.1 stepped into the
    lock, r1.n stepped to ask for it and waiting there."""
    set_field(app, "n", str(n))
    set_field(app, "hold", "30")
    await pilot.press("p", "l")
    await until(pilot, lambda: len(app.lab.stepper.snapshot()) == n, what="the clients held")
    await pilot.press("1", str(n))  # r1.1 takes the lock; r1.n asks for it and waits
    await until(
        pilot,
        lambda: any(v.label == f"r1.{n}" and v.state == "blocked" for v in app.lab.stepper.snapshot()),
        what=f"r1.{n} waiting for the lock",
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_digit_for_a_client_waiting_for_the_lock_says_it_steps_once_it_has_it(lang: str) -> None:
    """'r5.2 waits for the lock, not held: it waits again before its next step' read as if it
    were in a call; a client blocked for its turn can step once it gets it."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await waiting_for_the_lock(pilot, app, 2)
        await pilot.press("2")
        blocked = tr("note.step_blocked", lang, thread=app.step_pane.doing("r1.2"))
        lines = lambda: " ".join(" ".join(app.events.logical_lines()).split())  # noqa: E731
        await until(pilot, lambda: blocked in lines(), what="the note for a client waiting for its turn")
        assert tr("note.step_running", lang, thread=app.step_pane.doing("r1.2")) not in lines()
        app.lab.stepper.go()
        app.lab.stop_runs()
        await pilot.press("q")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_answer_to_a_digit_that_cannot_step_is_in_sight_with_the_events_pane_scrolled_back(
    lang: str,
) -> None:
    """At 80x24 the answer to ``3`` while r1.3 waits for the lock was a line in the events pane
    only: scrolled back (or under the other panes), the key seemed to do nothing. It is also
    atop the step pane, in the same words; the events pane keeps its line."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await waiting_for_the_lock(pilot, app, 3)
        app.events.scroll_home(animate=False)  # the reader scrolled the events back
        await until(pilot, lambda: not app.events.following, what="the events pane scrolled back")
        await pilot.press("3")
        blocked = tr("note.step_blocked", lang, thread=app.step_pane.doing("r1.3"))
        await until(pilot, lambda: answers(app) == [blocked], what="the answer atop the step pane")
        lines = lambda: " ".join(" ".join(app.events.logical_lines()).split())  # noqa: E731
        await until(pilot, lambda: blocked in lines(), what="and in the events pane")
        app.lab.stepper.go()
        app.lab.stop_runs()
        await pilot.press("q")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_clients_table_and_the_step_pane_name_a_threads_state_with_one_word(lang: str) -> None:
    """r1.2 was ``picked`` in the clients table while the step pane said ``r1.2 in recv``; in
    Chinese a client waiting for the lock was ``等待轮次`` in one and ``等待锁`` in the other.
    Ready, inside a step, waiting for its turn: the table's word is in the pane's row."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        set_field(app, "n", "3")
        set_field(app, "hold", "30")
        await pilot.press("p", "l")
        await until(pilot, lambda: len(held(app)) == 3, what="the clients held")

        def at(label: str) -> tuple[str, str | None]:
            return next((v.state, v.step) for v in app.lab.stepper.snapshot() if v.label == label)

        steps = [  # r1.1 takes the lock, r1.2 asks for it and waits, r1.1 connects and sends,
            ("1", "r1.1", ("held", "connect")),  # then waits in recv for the reply its handler holds
            ("2", "r1.2", ("blocked", "turn")),
            ("1", "r1.1", ("held", "send")),
            ("1", "r1.1", ("held", "recv")),
            ("1", "r1.1", ("running", "recv")),
        ]
        for key, label, where in steps:
            await pilot.press(key)
            await until(pilot, lambda: at(label) == where, what=f"{label} {where}")  # noqa: B023
        words = {"r1.1": "state.picked", "r1.2": "state.waiting", "r1.3": "state.held"}
        for row, (label, word) in enumerate(words.items()):
            said = tr(word, lang)
            await until(pilot, lambda: cell(app, row, "state") == said, what=f"{label} {said}")  # noqa: B023
            assert said in app.step_pane.doing(label), (label, app.step_pane.doing(label))
        app.lab.stepper.go()
        app.lab.stop_runs()
        await pilot.press("q")


async def test_a_handlers_row_names_its_client_and_the_highlight_stays_on_its_thread_after_a_step() -> None:
    """'#1 ready: read' named no client, and the list put ready threads first: after a step the
    highlighted row moved to another thread; and the run's line read "all at once"."""
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        set_field(app, "hold", "0")
        await pilot.press("p", "f")
        pane = app.step_pane
        await until(pilot, lambda: len(held(app)) == 3 and pane.option_count == 3, what="three held")
        pane.focus()
        pane.highlighted = 1
        await pilot.press("enter")  # r1.2 connects: its handler #1 is held before its read
        ids = lambda: [pane.get_option_at_index(i).id for i in range(pane.option_count)]  # noqa: E731
        order = ["client-1-1", "client-1-2", "server-0-1", "client-1-3"]
        await until(pilot, lambda: ids() == order and "r1.2" in held(app), what="the handler under it")
        handler = tr("step.held_handler", "en", who="#1 = r1.2", step="read")
        assert str(pane.get_option_at_index(2).prompt) == handler
        assert pane.highlighted_option is not None and pane.highlighted_option.id == "client-1-2"
        await pilot.press("enter")  # r1.2 sends, and is held before its recv: its row stays where it was
        before_recv = lambda: any((v.label, v.step) == ("r1.2", "recv") for v in app.lab.stepper.snapshot())  # noqa: E731
        await until(pilot, lambda: before_recv() and ids() == order, what="r1.2 held before its recv")
        assert pane.highlighted_option is not None and pane.highlighted_option.id == "client-1-2"
        await pilot.press("g")  # the run's line says who chose its steps, not "all at once"
        lines = lambda: " ".join(" ".join(app.events.logical_lines()).split())  # noqa: E731
        stepped = tr("verdict.stepped_by_hand", "en")
        await until(pilot, lambda: stepped in lines(), what="the run's verdict")
        assert tr("verdict.all_at_once", "en") not in lines()
        await pilot.press("q")



def held_before(app: LabApp, label: str, step: str) -> ThreadView | None:
    """The thread ``label`` if it is held before ``step``."""
    views = app.lab.stepper.snapshot()
    return next((v for v in views if (v.label, v.state, v.step) == (label, "held", step)), None)


async def test_k_lets_go_every_handler_of_the_run_one_whose_client_closed_before_it_too() -> None:
    """r1.1 stepped to its close, its handler #1 held before the read that would see it; r1.2 held
    before its recv. k let #2 go but left #1 held ('active 1', '#1 = r1.1 ready: read') until g."""
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        set_field(app, "n", "2")
        set_field(app, "hold", "0")
        await pilot.press("p", "f")
        stepper = app.lab.stepper
        first = ["r1.1 connect", "r1.1 send", "#1 read", "#1 reply", "r1.1 recv", "r1.1 close"]
        second = ["r1.2 connect", "r1.2 send", "#2 read", "#2 reply"]
        for label, step in (pair.split() for pair in first + second):
            view = await until(pilot, functools.partial(held_before, app, label, step), what=label + step)
            assert isinstance(view, ThreadView) and stepper.pick(view.side, view.run, view.number)
        last = [("r1.2", "recv"), ("#1", "read"), ("#2", "read")]
        holding = lambda: [(v.label, v.step) for v in stepper.snapshot() if v.state == "held"]  # noqa: E731
        await until(pilot, lambda: holding() == last, what="r1.2 before its recv, both handlers before reads")
        await pilot.press("k")
        let_go = lambda: app.session.book.active == 0 and stepper.snapshot() == []  # noqa: E731
        await until(pilot, let_go, what="both handlers let go, ended")
        picked = [e for e in app.bus.history if e.kind == "picked"]
        assert sorted(e.client for e in picked if e.extra["by"] == "peer_stopped") == [1, 2]
        await pilot.press("q")


async def test_a_comparison_in_step_mode_says_its_runs_are_not_held() -> None:
    """In step mode `c` opened a timeline of held lanes with nothing saying why or how to go on."""
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        set_field(app, "n", "2")
        set_field(app, "hold", "0")
        await pilot.press("p", "c")
        said = tr("note.comparing_unheld", "en", orders="free lock semaphore:2 queue sequential")
        lines = lambda: " ".join(" ".join(app.events.logical_lines()).split())  # noqa: E731
        await until(pilot, lambda: said.split(";")[1].strip()[:40] in lines(), what="the note")
        await until(pilot, lambda: app.session.comparison is None, timeout=30, what="the comparison done")
        paused = tr("status.step_paused", "en")  # as after a g: no new thread held until a launch
        await until(pilot, lambda: paused in app.status.render().plain, what="step mode said paused")
        await pilot.press("q")


def said_on_screen(app: LabApp) -> str:
    """The status line and the step pane as the screen shows them, in one string."""
    pane = app.step_pane
    prompts = [pane.get_option_at_index(k).prompt for k in range(pane.option_count)]
    rows = " ".join(str(getattr(prompt, "text", prompt)) for prompt in prompts)  # a Wrapped's text
    return f"{app.status.render().plain} {pane.border_title} {rows}"


async def one_client_held(pilot: Pilot, app: LabApp, hold: str) -> None:
    """Step mode on and a free run of one client holding ``hold`` seconds launched: r1.1 held."""
    set_field(app, "n", "1")
    set_field(app, "hold", hold)
    await until(pilot, lambda: app.lab.server is not None and app.lab.server.port > 0, what="server up")
    await pilot.press("p", "f")
    await until(pilot, lambda: held(app) == ["r1.1"], what="the run held")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_after_g_the_screen_says_step_mode_is_paused_and_nc_runs_freely(lang: str) -> None:
    """As a user did: p, f, g, then nc. The status line still said STEP MODE and the pane `no
    thread is waiting to step`, while nc got its reply at once. Now both say step mode is paused
    until the next launch, and after that launch an outside connection is held again."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await one_client_held(pilot, app, "0")
        assert tr("status.step_paused_short", lang) not in said_on_screen(app)
        await pilot.press("g")
        await until(pilot, lambda: all(run.done for run in app.lab.runs), what="the run done")
        port = app.lab.server.port
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"hello\n")
            assert sock.recv(1024), "not held: served at once"
        paused = (tr("status.step_paused_short", lang), tr("step.paused", lang))
        await until(pilot, lambda: all(words in said_on_screen(app) for words in paused), what="paused said")
        await pilot.press("f")
        await until(pilot, lambda: held(app) == ["r2.1"], what="the next run held")
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"hello\n")
            await until(pilot, lambda: "#3" in held(app), what="the outside connection's handler held")
            await until(pilot, lambda: tr("status.step_paused_short", lang) not in said_on_screen(app))
            await pilot.press("q")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_digit_after_g_says_the_client_runs_freely_not_that_it_waits_again(lang: str) -> None:
    """After g, a digit for a client in its hold said it `waits again before its next step`: g
    had let it go to its end, so it never would."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await one_client_held(pilot, app, "30")
        await pilot.press("g")
        in_hold = lambda: [v.step for v in app.lab.stepper.snapshot() if v.label == "r1.1"] == ["hold"]  # noqa: E731
        await until(pilot, in_hold, what="r1.1 in its hold")
        await pilot.press("1")
        doing = tr("step.in_hold", lang, who="r1.1")
        said = tr("note.step_free", lang, thread=doing)
        lines = lambda: " ".join(" ".join(app.events.logical_lines()).split())  # noqa: E731
        await until(pilot, lambda: " ".join(said.split()) in lines(), what="runs freely said")
        assert tr("note.step_running", lang, thread=doing) not in lines()
        await pilot.press("q")


def answers(app: LabApp) -> list[str]:
    """The answers atop the step pane, as it lists them, after their label (``not stepped``)."""
    pane = app.step_pane
    options = [pane.get_option_at_index(k) for k in range(pane.option_count)]
    label = f" {tr('step.answer_label', app.lang)}  "
    return [str(option.prompt).removeprefix(label) for option in options if option.id == ANSWER]


async def test_answers_to_threads_that_cannot_step_take_each_others_place_on_screen() -> None:
    """Each digit on a thread that could not step added a notification of its own over the step
    pane at 80x24 (a waiting thread's, then an ended one's): the latest answer is the one shown,
    atop the pane; out of step mode (the pane hidden) a notification says it."""
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        off = tr("note.step_off_pick", "en")
        await until(pilot, lambda: [note.message for note in app._notifications] == [off], what="notified")
        await pilot.press("p")
        for key, who in (("note.step_no_client", "r1.9"), ("note.step_not_held", "r1.1")):
            app._not_stepped(key, who)
            await pilot.pause()
        latest = lambda: len(answers(app)) == 1 and "r1.1" in answers(app)[0]  # noqa: E731
        await until(pilot, latest, what="the latest answer")
        assert "r1.9" not in answers(app)[0]
        await until(pilot, lambda: not app._notifications, what="no notification over the pane")
        await pilot.press("q")


async def test_g_takes_down_a_steps_answer_that_covered_the_step_pane() -> None:
    """A digit's answer ("r1.1 in a step: recv, not held") stayed for 4 s after g, beside the
    pane's words on what g did and what holds threads again."""
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await one_client_held(pilot, app, "30")
        app._not_stepped("note.step_not_held", "r1.1")
        await until(pilot, lambda: len(answers(app)) == 1, timeout=2, what="the answer shown")
        await pilot.press("g")
        await until(pilot, lambda: not answers(app), timeout=2, what="the answer taken down")
        app.lab.stop_runs()
        await pilot.press("q")
