"""Validation of what a user types, shared by the command line and the app's fields.

Each function takes the raw text and returns the value, or raises ValueError with a reason fit
to show next to the field.
"""

from __future__ import annotations

import ipaddress
import re
import threading

from server_core.accepting import ACCEPT_MODES
from server_core.numbers import must_be, wanted, whole
from server_core.ordering import MAX_CLIENTS
from server_core.sockopts import parse_sockopt
from server_core.wire import quoted

from .strings import shown_path

MAX_BACKLOG = 2**31 - 1  # what listen() takes (a C int); the kernel lowers it to its own cap
# The longest wait every blocking call here can make: Event.wait and Lock.acquire stop at
# threading.TIMEOUT_MAX, and a 32-bit time_t at 2**31 - 1 seconds (68 years).
MAX_SECONDS = float(min(threading.TIMEOUT_MAX, 2**31 - 1))
_DECIMAL = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


def count(text: str) -> int:
    """A whole number from 1 to MAX_CLIENTS (client count)."""
    value = whole(text)
    if value is None or not 1 <= value <= MAX_CLIENTS:
        raise ValueError(must_be(wanted(f"a whole number from 1 to {MAX_CLIENTS}", value), text))
    return value


def backlog(text: str) -> int:
    """A listen backlog: 1 to MAX_BACKLOG; the kernel holds at most its own cap
    (``net.core.somaxconn`` on Linux), which the ``listening`` event shows."""
    value = whole(text)
    if value is None or not 1 <= value <= MAX_BACKLOG:
        raise ValueError(must_be(wanted(f"a whole number from 1 to {MAX_BACKLOG}", value), text))
    return value


def limit(text: str) -> int:
    """A whole number, 0 meaning no limit (byte budget, client cap)."""
    value = whole(text)
    if value is None or value < 0:
        raise ValueError(must_be(wanted("a whole number, 0 for no limit", value), text))
    return value


def port(text: str) -> int:
    """A port to listen on: 0 (any free port) to 65535."""
    value = whole(text)
    if value is None or not 0 <= value <= 65535:
        raise ValueError(must_be(wanted("a port from 0 to 65535", value), text))
    return value


def server_port(text: str) -> int:
    """A port to connect to: 1 to 65535."""
    value = port(text)
    if value == 0:
        raise ValueError(must_be("a port from 1 to 65535", text))
    return value


def seconds(text: str) -> float:
    """A duration in seconds from 0 to MAX_SECONDS (the longest wait), in ASCII digits after an
    optional sign (``1.5``, ``+2e3``); the reason for anything else gives that range."""
    value = _decimal(text)
    if value is None or not 0 <= value <= MAX_SECONDS:
        raise ValueError(must_be(wanted(f"a number of seconds from 0 to {MAX_SECONDS:.0f}", value), text))
    return value


def positive_seconds(text: str) -> float:
    """A duration in seconds, more than 0 and at most MAX_SECONDS."""
    value = _decimal(text)
    if value is None or not 0 < value <= MAX_SECONDS:
        what = wanted(f"a number of seconds more than 0 and at most {MAX_SECONDS:.0f}", value)
        raise ValueError(must_be(what, text))
    return value


def _decimal(text: str) -> float | None:
    """``text`` (surrounding blanks ignored) as a decimal number, or None when it is not one."""
    return float(text) if _DECIMAL.fullmatch(text.strip()) else None


def text(value: str) -> str:
    """Text to send (a message or a reply): not empty, and valid Unicode that UTF-8 can carry
    (the command line hands undecodable bytes over as lone surrogates)."""
    if not value:
        raise ValueError("must not be empty: a peer waits for at least one byte")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"is not valid UTF-8 text: {quoted(value)}") from None
    return value


def export_target(path: str, overwrite: bool = False) -> str:
    """The file an export of ``path`` writes: ``~`` expanded and made absolute, as every message
    names it, if it can be written there (see ``server_core.export.check_target``): the format
    known from the name, the directory there and writable, the name not too long.
    FileExistsError for a file in the way (unless ``overwrite``), ValueError otherwise, one
    sentence naming the path once (``cannot write '/proc/x.jsonl': No such file or directory``)."""
    from server_core.export import check_target  # the exporters load only for an export

    target = shown_path(path)
    check_target(target, overwrite)
    return target


def host(text: str) -> str:
    """An IPv4 or IPv6 address, or ``localhost``."""
    value = text.strip().strip("[]")
    if value == "localhost":
        return "127.0.0.1"
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        raise ValueError(must_be("an IP address such as 127.0.0.1", text)) from None


def accept_mode(text: str) -> str:
    """One of the server's accept modes: blocking, timeout, nonblocking."""
    value = text.strip().lower()
    if value not in ACCEPT_MODES:
        raise ValueError(must_be(f"one of {', '.join(ACCEPT_MODES)}", text))
    return value


def socket_options(text: str) -> dict[str, int]:
    """Space-separated ``NAME=VALUE`` socket options (none when empty), by canonical name."""
    return dict(parse_sockopt(item) for item in text.split())
