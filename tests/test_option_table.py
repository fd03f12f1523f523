"""One option table: the command line's defaults, the form's and the engine's configs agree, and
one builder makes each config from either."""

from __future__ import annotations

import pytest

from server_core import ClientConfig, Order, ServerConfig
from tui_app.cli import build_parser
from tui_app.option_table import client_config, option, server_config, table
from tui_app.widgets.controls import CLIENT_FIELDS, SERVER_FIELDS


def parsed(*argv: str) -> dict:
    return vars(build_parser(list(argv)).parse_args(list(argv)))


def test_every_default_is_valid_for_its_own_option() -> None:
    for spec in table().values():
        spec.parse(spec.default)  # raises when a default would be refused if typed


def test_command_line_defaults_build_the_engine_defaults() -> None:
    assert client_config(parsed("clients")) == ClientConfig()
    assert server_config(parsed("serve")) == ServerConfig()
    assert server_config({**parsed("run"), "sockopts": {}}) == ServerConfig(port=0)


def test_form_defaults_build_the_engine_defaults() -> None:
    form = {spec.name: spec.parse(spec.default) for spec in CLIENT_FIELDS + SERVER_FIELDS}
    assert client_config(form) == ClientConfig()
    assert server_config(form) == ServerConfig()


def test_a_value_given_reaches_its_config_field() -> None:
    args = parsed("serve", "--order", "semaphore:2", "--backlog", "7", "--sockopt", "TCP_NODELAY=1")
    config = server_config(args)
    assert (config.order, config.backlog, config.sockopts["TCP_NODELAY"]) == (Order("semaphore", 2), 7, 1)
    assert config.sockopts["SO_REUSEADDR"] == 1  # the server's own defaults stay under the options given
    run = client_config(parsed("clients", "-n", "5", "--hold", "0", "--sockopt", "SO_KEEPALIVE=1"))
    assert (run.n, run.hold, run.sockopts) == (5, 0.0, {"SO_KEEPALIVE": 1})


def test_form_fields_and_flags_come_from_the_table() -> None:
    assert all(spec is table()[spec.name] for spec in CLIENT_FIELDS + SERVER_FIELDS)
    typed = {"n": "2", "order": "lock", "hold": "0.5", "message": "x{i}", "timeout": "5"}
    typed["sockopts"] = "TCP_NODELAY=1"
    argv = [arg for name, text in typed.items() for arg in (option(name).flag or "", text)]
    run = client_config(parsed("clients", *argv))
    assert run == client_config({name: option(name).parse(text) for name, text in typed.items()})
    assert (run.n, run.order, run.hold, run.timeout) == (2, Order("lock"), 0.5, 5.0)
    assert run.sockopts == {"TCP_NODELAY": 1}


def test_an_option_without_a_label_is_no_field() -> None:
    from tui_app.option_table import form_fields

    with pytest.raises(AssertionError):
        form_fields("timeout")
