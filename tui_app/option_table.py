"""The settings of a server and of a client run, in one table for the command line and the form.

Each :class:`Option` says how the setting is parsed (the validators of :mod:`tui_app.options`),
its default as typed, its help (the English text, also the key of its translation in
``strings.CLI_HELP``), its command-line flag, and its form field if the app's form shows it.
:func:`add_option` makes the argparse option, :func:`form_fields` the form's fields, and
:func:`client_config` / :func:`server_config` build the configs from parsed values, by option
name, for the command line and the app alike.

The table is built on first use (:func:`table`) in three parts, what both sides take, a client
run's and the server's: the engine modules whose defaults a part quotes are loaded then, so
``clients`` never loads the server's, nor ``serve`` the clients'.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from server_core.numbers import must_be

from . import options
from .strings.choice_names import chosen

if TYPE_CHECKING:
    from server_core.clients import ClientConfig
    from server_core.server import ServerConfig

Parse = Callable[[str], Any]  # text -> value; ValueError with the reason otherwise


class Option(NamedTuple):
    """One setting. ``name`` is its key everywhere: the parsed arguments' attribute, the form field's
    id, the builders' key. ``default`` is the text a user would type (the command line parses it as
    typed and its ``--help`` shows it so; the form shows it). ``flag`` is the command-line flag
    (None: the form only); ``repeat`` parses one of a repeatable flag's values (``--sockopt``),
    whose values are then a list. ``choices`` makes argparse refuse anything else in its own words.
    ``label`` is the form field's label key ("": the command line only), ``chars`` the regex
    character class the field takes (None: any printable character), ``placeholder`` the key of an
    example shown while the field is empty, worded as one ("e.g. ...": never read as a value in
    force)."""

    name: str
    parse: Parse
    default: str
    help: str
    flag: str | None = None
    metavar: str | None = None
    choices: tuple[str, ...] | None = None
    repeat: Parse | None = None
    label: str = ""
    chars: str | None = None
    placeholder: str = ""

    @property
    def id(self) -> str:
        """The form field's id: the option's name."""
        return self.name


WHOLE = r"[0-9+-]"  # what a whole number is written with, as the command line reads it (a sign, digits)
DECIMAL = r"[0-9.eE+-]"  # what a number of seconds is written with, as the command line reads it (+1.5, 2e3)


def table() -> dict[str, Option]:
    """Every option by name: both sides', a client run's and the server's (each part built once, on
    first use: this is where the engine's defaults are loaded)."""
    return {**_shared_rows(), **_client_rows(), **_server_rows()}


@cache
def _shared_rows() -> dict[str, Option]:
    """Where to connect or listen, and the socket options: what ``serve`` and ``clients`` both take."""
    from server_core.sockopts import parse_sockopt

    every_char = r"[0-9a-fA-F.:\[\]lochst]"  # an IPv4 or IPv6 address, or localhost
    rows = (
        Option("host", options.host, "127.0.0.1", "address to listen on", "--host",
               label="field.host", chars=every_char),
        Option("port", options.port, "8888", "port (0: any free port)", "--port",
               label="field.port", chars=WHOLE),
        Option("sockopts", options.socket_options, "",
               "set a socket option (repeatable), e.g. TCP_NODELAY=1, SO_KEEPALIVE=1, TCP_KEEPIDLE=60",
               "--sockopt", "NAME=VALUE", repeat=parse_sockopt, label="field.sockopts",
               chars=r"[A-Za-z_=0-9 +-]", placeholder="placeholder.sockopts"),
    )  # fmt: skip
    return {row.name: row for row in rows}


@cache
def _client_rows() -> dict[str, Option]:
    """What a client run takes besides the shared rows: all else ``clients`` loads."""
    from server_core.clients import DEFAULT_MESSAGE
    from server_core.ordering import CLIENT_MODES, parse_order, spelled

    from .choices import as_value  # an order typed by its name in any language: 锁 is lock

    client_order = f"client ordering: {spelled(CLIENT_MODES)}"
    rows = (
        Option("n", options.count, "3", "how many clients", "-n", "N", label="field.n", chars=WHOLE),
        Option("order", lambda text: parse_order(as_value("order", text), CLIENT_MODES), "free", client_order,
               "--order", "MODE", label="field.order", chars=r"[a-z0-9:+-]"),
        Option("hold", options.seconds, "1.0",
               "seconds each client keeps its connection open after the reply", "--hold", "S",
               label="field.hold", chars=DECIMAL),
        Option("message", options.text, DEFAULT_MESSAGE, "what each client sends; {i} is its number",
               "--message", "TEMPLATE", label="field.message"),
        Option("timeout", options.positive_seconds, "30",
               "limit for the connect and for each wait for a reply", "--timeout", "S"),
    )  # fmt: skip
    return {row.name: row for row in rows}


@cache
def _server_rows() -> dict[str, Option]:
    """How the server orders, answers, accepts and protects itself."""
    from server_core.accepting import ACCEPT_MODES
    from server_core.handler_threads import THREAD_MODES
    from server_core.ordering import SERVER_MODES, parse_order, spelled
    from server_core.server import DEFAULT_MAX_BYTES, DEFAULT_REPLY, DEFAULT_SEND_TIMEOUT

    from .choices import as_value  # an order typed by its name in any language: 锁 is lock

    handler_order = f"handler ordering: {spelled(SERVER_MODES)}"
    rows = (
        Option("server_order", lambda text: parse_order(as_value("server_order", text), SERVER_MODES), "free",
               handler_order, "--server-order", "MODE", label="field.server_order", chars=r"[a-z0-9:+-]"),
        Option("delay", options.seconds, "0", "pause before each reply", "--delay", "S",
               label="field.delay", chars=DECIMAL),
        Option("reply", options.text, DEFAULT_REPLY, "reply to every message", "--reply", "TEXT"),
        Option("accept", options.accept_mode, "blocking", "how the accept loop waits for clients", "--accept",
               choices=ACCEPT_MODES, label="field.accept", chars=r"[a-z]"),
        Option("backlog", options.backlog, "128", "listen backlog", "--backlog", "N",
               label="field.backlog", chars=WHOLE),
        Option("threads", str, "reuse",
               "a thread per connection: reuse one whose connection ended, or always start a new one",
               "--threads", choices=THREAD_MODES),
        Option("max_bytes", options.limit, str(DEFAULT_MAX_BYTES),
               "bytes one connection may send in all (0: no limit)", "--max-bytes", "N"),
        Option("send_timeout", options.seconds, str(DEFAULT_SEND_TIMEOUT),
               "drop a client not taking a reply in S s (0: never)", "--send-timeout", "S"),
        Option("idle_timeout", options.seconds, "0", "close a connection silent for S seconds (0: never)",
               "--idle-timeout", "S"),
        Option("max_clients", options.limit, "0",
               "clients served at once; extra ones are told why (0: no cap)", "--max-clients", "N"),
    )  # fmt: skip
    return {row.name: row for row in rows}


def option(name: str, **changes: Any) -> Option:
    """The table's ``name`` option, with ``changes`` (a command's own flag, default or help)."""
    part = _shared_rows if name in _SHARED_NAMES else _client_rows if name in _CLIENT_NAMES else _server_rows
    found = part()[name]
    return found._replace(**changes) if changes else found


def add_option(
    parser: argparse.ArgumentParser, spec: Option, arg: Callable[[Parse], Callable[[str], object]]
) -> None:
    """Add ``spec`` to ``parser`` as its flag; ``arg`` turns a validator into an argparse
    ``type`` (one that reports the validator's own reason)."""
    assert spec.flag is not None, f"{spec.name} has no command-line flag"
    if spec.choices is not None:
        choices = spec.choices
        named = arg(named_choice(choices))
        parser.add_argument(
            spec.flag, dest=spec.name, type=named, choices=choices, default=spec.default, help=spec.help
        )
    elif spec.repeat is not None:
        parser.add_argument(
            spec.flag,
            dest=spec.name,
            type=arg(spec.repeat),
            action="append",
            default=[],
            metavar=spec.metavar,
            help=spec.help,
        )
    else:
        parser.add_argument(
            spec.flag,
            dest=spec.name,
            type=arg(spec.parse),
            default=spec.default,  # as typed: argparse parses it with ``type``; --help shows it so
            metavar=spec.metavar,
            help=spec.help,
        )


def named_choice(choices: tuple[str, ...]) -> Parse:
    """A check that one of an option's ``choices`` is named: empty text is refused as empty
    (argparse would quote it as ``''``); any other text, a value's name in any language read as
    that value (``阻塞`` -> ``blocking``, ``线程`` -> ``thread``, ``中文`` -> ``zh``), goes on to
    argparse's own check of ``choices``. Every option with choices takes it as its ``type``."""

    def parse(text: str) -> str:
        if not text.strip():
            raise ValueError(must_be(f"one of {', '.join(choices)}", text))
        return chosen(text, choices)

    return parse


def form_fields(*names: str) -> tuple[Option, ...]:
    """The form's fields for ``names``, in that order; each must have a label."""
    fields = tuple(table()[name] for name in names)
    assert all(spec.label for spec in fields), "an option without a label has no field"
    return fields


def client_config(values: Mapping[str, Any]) -> ClientConfig:
    """A client run's config from parsed values by option name (``n``, ``host``, ``port``,
    ``order``, ``hold``, ``message``, ``timeout``, ``sockopts``: a dict or ``(name, value)``
    pairs); a name missing takes the config's default, other names are ignored."""
    from server_core.clients import ClientConfig

    given = {name: values[name] for name in _CLIENT_NAMES if name in values}
    if "sockopts" in given:
        given["sockopts"] = dict(given["sockopts"])
    return ClientConfig(**given)


def server_config(values: Mapping[str, Any]) -> ServerConfig:
    """A server's config from parsed values by option name: ``server_order`` is its order,
    ``sockopts`` (a dict or ``(name, value)`` pairs) go over the server's defaults, a name
    missing takes the config's default, other names are ignored."""
    from server_core.server import ServerConfig
    from server_core.sockopts import SERVER_DEFAULTS

    given = {_SERVER_NAMES[name]: values[name] for name in _SERVER_NAMES if name in values}
    if "sockopts" in given:
        given["sockopts"] = {**SERVER_DEFAULTS, **dict(given["sockopts"])}
    return ServerConfig(**given)


_SHARED_NAMES = ("host", "port", "sockopts")  # the options of _shared_rows
_CLIENT_NAMES = ("n", "host", "port", "order", "hold", "message", "timeout", "sockopts")
_SERVER_NAMES = {  # option name -> ServerConfig field
    **{name: name for name in ("host", "port", "backlog", "delay", "reply", "sockopts", "accept", "threads")},
    **{name: name for name in ("max_bytes", "send_timeout", "idle_timeout", "max_clients")},
    "server_order": "order",
}
