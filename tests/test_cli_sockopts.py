"""Socket options and accept modes on the command line, run as a user runs them."""

from __future__ import annotations

import json
import subprocess

from test_cli import ENV, TCP_LAB, clients, json_lines, serve

from server_core import EventBus
from tui_app.strings import describe


def test_serve_and_clients_report_the_options_in_force() -> None:
    with serve("--sockopt", "TCP_NODELAY=1", "--sockopt", "keepalive=on", "--accept", "nonblocking") as srv:
        result = clients(
            "-n", "1", "--port", str(srv.port), "--hold", "0", "--json", "--sockopt", "nodelay=1"
        )
        accepted = next(e for e in srv.until("accepted", 1) if e["kind"] == "accepted")
    assert result.returncode == 0, result.stderr
    assert accepted["options"]["TCP_NODELAY"] == 1 and accepted["options"]["SO_KEEPALIVE"] == 1
    assert accepted["options"]["SO_REUSEADDR"] == 1  # the lesson's default stays
    connected = next(e for e in json_lines(result) if e.get("kind") == "connected")
    assert connected["options"]["TCP_NODELAY"] == 1 and connected["options"]["SO_KEEPALIVE"] == 0


def test_readable_clients_output_names_the_options_in_force() -> None:
    with serve() as srv:
        result = clients("-n", "1", "--port", str(srv.port), "--hold", "0", "--sockopt", "SO_KEEPALIVE=1")
    assert "client socket options in force: SO_REUSEADDR=0 SO_KEEPALIVE=1 TCP_KEEPIDLE=" in result.stdout


def test_listening_line_shows_accept_mode_and_options() -> None:
    event = EventBus().emit(
        "server",
        "listening",
        local="127.0.0.1:1",
        order="free",
        backlog=5,
        accept="timeout",
        options={"SO_REUSEADDR": 0, "TCP_NODELAY": 1, "backlog": 5},
    )
    assert describe(event) == (
        "listening on 127.0.0.1:1 (order free, accept timeout; "
        "in force: SO_REUSEADDR=0 TCP_NODELAY=1 backlog=5)"
    )
    assert "SO_REUSEADDR=0" in describe(event, "zh")


def test_experiment_command_prints_one_json_object_and_exits_0() -> None:
    result = subprocess.run(
        [*TCP_LAB, "experiment", "broadcast", "--json"], capture_output=True, text=True, env=ENV, timeout=30
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["name"] == "broadcast" and data["as_predicted"] is True
    assert data["observed"]["send_off"] == "PermissionError" and "PermissionError" in data["prediction"]


def test_experiment_command_speaks_chinese_too() -> None:
    result = subprocess.run(
        [*TCP_LAB, "experiment", "keepalive", "--lang", "zh"],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "预测" in result.stdout and "结论：与预测一致" in result.stdout
