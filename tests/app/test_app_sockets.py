"""The socket side of the app: experiments from one key or the palette, accept mode and options."""

from __future__ import annotations

import socket

import pytest
from pilot_helpers import plain, set_field, until
from textual.widgets import Static

from server_core.experiments import NAMES
from tui_app.app import LabApp
from tui_app.screens.experiments import ExperimentsScreen
from tui_app.strings import tr


def account(app: LabApp) -> str:
    """The experiment account on screen; empty until the experiments screen is composed."""
    nodes = app.screen.query("#experiment-account")
    return plain(nodes.first(Static).content) if nodes else ""


def listening(app: LabApp) -> list:
    return [e for e in app.bus.history if e.kind == "listening"]


async def test_an_experiment_runs_from_its_key_without_blocking_the_keys() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ExperimentsScreen), what="the experiments screen")
        await pilot.press("2")  # nagle: about half a second of real round trips
        assert app.side.experiments.running == "nagle"
        assert "running experiment nagle" in account(app)
        assert "Prediction: Each round writes a request in two pieces of 4 bytes" in account(app)
        await pilot.press("e")  # the keys answer while it runs
        await until(pilot, lambda: not isinstance(app.screen, ExperimentsScreen), what="the screen to close")
        await pilot.press("e")
        await until(pilot, lambda: "Outcome: as predicted" in account(app), timeout=30, what="the outcome")
        text = account(app)
        assert "Prediction:" in text and "TCP_NODELAY=0: 10 rounds" in text
        assert tr("obs.round_ms_nodelay_on", "en") in text
        assert app.side.experiments.running is None
        await pilot.press("q")


async def test_an_experiment_that_ends_with_its_screen_closed_leaves_the_next_one_free() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e", "4", "escape")  # backlog: a few seconds; its screen closed at once
        assert app.side.experiments.running == "backlog"
        await until(pilot, lambda: not isinstance(app.screen, ExperimentsScreen), what="the screen to close")
        await until(
            pilot,
            lambda: app.side.experiments.running is None and app.side.experiments.last is not None,
            timeout=30,
            what="backlog to finish with no screen open",
        )
        assert app.side.experiments.last is not None and app.side.experiments.last.name == "backlog"
        entry = next(c for c in app.get_system_commands(app.screen) if "Nagle" in c.title)
        entry.callback()
        # started, or already over on a loaded machine: never a transient state alone
        ran = app.side.experiments
        await until(pilot, lambda: "nagle" in (ran.running, ran.last and ran.last.name), what="nagle started")
        await until(pilot, lambda: "Outcome:" in account(app), timeout=30, what="nagle's outcome")
        text = account(app)
        assert "TCP_NODELAY=0: 10 rounds" in text and tr("obs.round_ms_nodelay_on", "en") in text
        assert "backlog" not in text.lower()
        assert app.side.experiments.last.name == "nagle"
        await pilot.press("q")


async def test_every_experiment_has_a_palette_entry_that_runs_it() -> None:
    app = LabApp(port=0, lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert sum(title.startswith("实验：") for title in titles) == len(NAMES)
        entry = next(c for c in app.get_system_commands(app.screen) if "SO_BROADCAST" in c.title)
        entry.callback()
        await until(pilot, lambda: "结论：与预测一致" in account(app), timeout=30, what="the outcome")
        assert "PermissionError" in account(app)
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ExperimentsScreen))


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "accept nonblocking: nobody waiting"), ("zh", "accept nonblocking 非阻塞：无人等待")],
)
async def test_accept_mode_and_options_restart_the_server_and_show_what_is_in_force(
    lang: str, said: str
) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.session.listening)
        set_field(app, "port", "0")
        set_field(app, "accept", "nonblocking")
        set_field(app, "backlog", "16")
        set_field(app, "sockopts", "TCP_NODELAY=1 keepalive=on")
        await pilot.press("a")
        await until(pilot, lambda: len(listening(app)) == 2, what="the restarted server")
        event = listening(app)[-1]
        assert event.extra["accept"] == "nonblocking"
        assert event.extra["options"]["TCP_NODELAY"] == 1 and event.extra["options"]["SO_KEEPALIVE"] == 1
        assert event.extra["options"]["SO_REUSEADDR"] == 1
        with socket.create_connection(("127.0.0.1", app.lab.server.port), timeout=5) as sock:
            sock.sendall(b"hi")
            assert sock.recv(1024)
        await until(
            pilot, lambda: app.session.book.nobody_waiting >= 1, timeout=5, what="a nobody-waiting report"
        )
        await until(
            pilot, lambda: str(app.events.border_subtitle).startswith(said)  # the mode named in zh too
        )
        await until(pilot, lambda: "TCP_NODELAY=1" in "\n".join(app.events.lines), what="the options")
        await pilot.press("q")


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("accept", "sideways", "must be one of blocking, timeout, nonblocking"),
        ("sockopts", "TCP_NODELAY=7", "TCP_NODELAY must be 0/1"),
        ("sockopts", "SO_LINGER=1", "unknown socket option"),
        ("backlog", "0", "whole number from 1"),
    ],
)
async def test_a_wrong_server_setting_says_why_and_keeps_the_server(
    field: str, value: str, reason: str
) -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.session.listening)
        server = app.lab.server
        set_field(app, field, value)
        await pilot.press("a")
        await pilot.pause()
        label = app.query_one(f"#error-{field}")
        assert label.display and reason in str(label.render())
        assert app.lab.server is server and len(listening(app)) == 1
        await pilot.press("q")


async def test_help_explains_every_experiment() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await until(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        text = plain(app.screen.content())
        for name in NAMES:
            assert name in text.lower() or name.upper() in text
        assert "connected is not accepted" in text and "TIME_WAIT" in text
        await pilot.press("q")


async def test_the_experiments_screen_scrolls_with_its_keys_at_80x24() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e", "2")
        await until(pilot, lambda: "Outcome: as predicted" in account(app), timeout=30, what="the outcome")
        box = app.screen.query_one("#experiment-scroll")
        await pilot.press("home")
        await until(pilot, lambda: box.scroll_y == 0, what="Home: the top")
        await pilot.press("end")
        at_end = lambda: box.max_scroll_y > 0 and box.scroll_y == box.max_scroll_y  # noqa: E731
        await until(pilot, at_end, what="End: the end")
