"""Validation of what a user types, shared by the command line and the app's fields.

Each function takes the raw text and returns the value, or raises ValueError with a reason fit
to show next to the field.
"""

from __future__ import annotations

import ipaddress
import math

from server_core import ACCEPT_MODES, parse_sockopt

MAX_CLIENTS = 10_000


def count(text: str) -> int:
    """A whole number from 1 to MAX_CLIENTS (client count, backlog)."""
    value = text.strip()
    if not value.isdigit() or not 1 <= int(value) <= MAX_CLIENTS:
        raise ValueError(f"must be a whole number from 1 to {MAX_CLIENTS}, not {text!r}")
    return int(value)


def limit(text: str) -> int:
    """A whole number, 0 meaning no limit (byte budget, client cap)."""
    value = text.strip()
    if not value.isdigit():
        raise ValueError(f"must be a whole number, 0 for no limit, not {text!r}")
    return int(value)


def port(text: str) -> int:
    """A port to listen on: 0 (any free port) to 65535."""
    value = text.strip()
    if not value.isdigit() or int(value) > 65535:
        raise ValueError(f"must be a port from 0 to 65535, not {text!r}")
    return int(value)


def server_port(text: str) -> int:
    """A port to connect to: 1 to 65535."""
    value = port(text)
    if value == 0:
        raise ValueError("must be a port from 1 to 65535, not 0")
    return value


def seconds(text: str) -> float:
    """A duration in seconds, 0 or more."""
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"must be a number of seconds, not {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"must be 0 seconds or more, not {text!r}")
    return value


def positive_seconds(text: str) -> float:
    """A duration in seconds, more than 0."""
    value = seconds(text)
    if value == 0:
        raise ValueError("must be more than 0 seconds")
    return value


def host(text: str) -> str:
    """An IPv4 or IPv6 address, or ``localhost``."""
    value = text.strip().strip("[]")
    if value == "localhost":
        return "127.0.0.1"
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        raise ValueError(f"must be an IP address such as 127.0.0.1, not {text!r}") from None


def accept_mode(text: str) -> str:
    """One of the server's accept modes: blocking, timeout, nonblocking."""
    value = text.strip().lower()
    if value not in ACCEPT_MODES:
        raise ValueError(f"must be one of {', '.join(ACCEPT_MODES)}, not {text!r}")
    return value


def socket_options(text: str) -> dict[str, int]:
    """Space-separated ``NAME=VALUE`` socket options (none when empty), by canonical name."""
    return dict(parse_sockopt(item) for item in text.split())
