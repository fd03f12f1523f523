"""The keyboard and the form: validation, the server's port, quitting."""

from __future__ import annotations

import socket

import pytest
from pilot_helpers import launch, launched_orders, set_field, timed_stops, until

from server_core import LabServer, ServerConfig, summarize
from server_core.events import CLIENT_KINDS, SERVER_KINDS
from tui_app.app import LabApp
from tui_app.strings import LANGS, TABLES


def error_of(app: LabApp, field: str) -> str:
    label = app.query_one(f"#error-{field}")
    return str(label.render()) if label.display else ""


async def test_wrong_values_say_why_next_to_the_field_and_launch_nothing() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        for field, value, reason in [
            ("n", "0", "whole number from 1"),
            ("n", "abc", "whole number from 1"),
            ("hold", "-1", "seconds from 0 to"),
            ("order", "sideways", "unknown order"),
        ]:
            set_field(app, field, value)
            if field != "order":  # f names its own order: it launches whatever the order field holds
                await pilot.press("f")
            await pilot.press("r")
            await pilot.pause()
            assert reason in error_of(app, field), (field, value)
            assert app.lab.runs == []
            set_field(app, field, {"n": "3", "hold": "1.0", "order": "free"}[field])
            await pilot.pause()
            assert error_of(app, field) == ""
        port = app.lab.server.port
        set_field(app, "port", "70000")
        await pilot.press("a")
        await pilot.pause()
        assert "port from 0 to 65535" in error_of(app, "port") and "ASCII" not in error_of(app, "port")
        assert app.lab.server is not None and app.lab.server.port == port  # the running server is untouched
        await pilot.press("q")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_negative_number_in_a_field_is_told_its_range_only(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        for field, value in [("port", "-1"), ("backlog", "-5"), ("sockopts", "TCP_KEEPIDLE=-1")]:
            set_field(app, field, value)
        await pilot.press("a")
        await pilot.pause()
        for field in ("port", "backlog", "sockopts"):
            said = error_of(app, field)
            assert "'-" in said and "ASCII" not in said, said


async def test_a_busy_port_opens_the_app_says_so_and_another_port_can_be_started() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        app = LabApp(port=port)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert app.lab.server is None
            await until(pilot, lambda: "already in use" in "\n".join(app.events.lines), what="the note")
            assert "not listening" in str(app.status.render())
            set_field(app, "port", "0")
            await pilot.press("a")
            await until(pilot, lambda: app.session.listening)
            assert "listening on 127.0.0.1:" in str(app.status.render())


async def test_quit_mid_launch_frees_the_port_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    app = LabApp(port=0)
    stops = timed_stops(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        port = app.lab.server.port
        set_field(app, "hold", "30")
        set_field(app, "n", "200")
        await pilot.press("f")
        await until(pilot, lambda: app.session.book.active >= 20, what="clients connected")
        await pilot.press("q")
        await until(pilot, lambda: not app.is_running, what="the app to end")
    assert stops and stops[0] < 2.5, stops
    again = LabServer(ServerConfig(port=port))
    again.bind()  # like a restarted lesson server: SO_REUSEADDR, the old connections in TIME_WAIT
    again.stop()


async def test_each_mode_has_its_key_and_r_launches_the_order_typed_in_the_form() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        set_field(app, "n", "2")
        set_field(app, "hold", "0")
        await pilot.press("s", "u", "o")
        await launch(pilot, "r", order="semaphore:1")
        await until(pilot, lambda: app.lab.launched == 4 and all(run.done for run in app.lab.runs))
        assert launched_orders(app) == [
            "semaphore:2",
            "queue",
            "sequential",
            "semaphore:1",
        ]
        await until(pilot, lambda: app.session.book.accepted == 8 and app.session.book.active == 0)
        assert summarize(app.bus.history, 2, run=4).max_concurrency == 1


async def test_a_key_that_names_its_order_launches_whatever_the_order_field_holds() -> None:
    """A wrong order field stops only the keys that read it (r, and s for its semaphore:K); a
    key that names its order launches, and puts that order in the field in place of the wrong one."""
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await launch(pilot, "r", n="2", hold="0", order="5")
        await pilot.press("s")
        await pilot.pause()
        assert app.lab.launched == 0
        assert "choose one of free, lock, semaphore:K, queue, sequential" in error_of(app, "order")
        await pilot.press("f", "l", "u", "o")
        await until(pilot, lambda: app.lab.launched == 4 and all(run.done for run in app.lab.runs))
        assert launched_orders(app) == ["free", "lock", "queue", "sequential"]
        assert app.query_one("#field-order").value == "sequential" and error_of(app, "order") == ""


def test_every_event_kind_and_connection_state_has_text_in_both_languages() -> None:
    states = {"connecting", "waiting", "entered", "connected", "sent", "received", "server_received"}
    states |= {"replied", "left", "closed", "error"}
    keys = [f"server.{k}" for k in SERVER_KINDS] + [f"client.{k}" for k in CLIENT_KINDS]
    keys += [f"state.{s}" for s in states]
    assert [key for key in keys if not all(TABLES[lang].get(key) for lang in LANGS)] == []
