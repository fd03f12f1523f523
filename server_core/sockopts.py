"""Socket options by name: parse what a user asks for, set it, and read back what the kernel holds.

Names are the C constants (``SO_REUSEADDR``, ``TCP_NODELAY``, ...); :func:`parse_sockopt` also
takes them in lower case and without the ``SO_``/``TCP_`` prefix. Only options this platform
has are known. Values are integers; on/off options take ``0 1 on off true false yes no``.
What :func:`effective` returns is the kernel's answer to ``getsockopt``, not what was asked.
"""

from __future__ import annotations

import contextlib
import socket
import struct
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from .numbers import must_be, wanted, whole
from .wire import quoted

_SWITCH = {"0": 0, "1": 1, "off": 0, "on": 1, "false": 0, "true": 1, "no": 0, "yes": 1}
_TCP_INFO_SIZE = 104
_TCP_INFO_QUEUE = struct.Struct("=24xII")  # tcpi_unacked, tcpi_sacked: queue length and backlog


class OptionSpec(NamedTuple):
    """One option: where it lives (``level``, ``number``) and the values it accepts."""

    name: str
    level: int
    number: int
    low: int = 0
    high: int = 1

    @property
    def switch(self) -> bool:
        return (self.low, self.high) == (0, 1)


def _known() -> dict[str, OptionSpec]:
    table = [
        ("SO_REUSEADDR", socket.SOL_SOCKET, 0, 1),
        ("SO_KEEPALIVE", socket.SOL_SOCKET, 0, 1),
        ("TCP_KEEPIDLE", socket.IPPROTO_TCP, 1, 32767),  # Linux's own limits for the timers
        ("TCP_KEEPINTVL", socket.IPPROTO_TCP, 1, 32767),
        ("TCP_KEEPCNT", socket.IPPROTO_TCP, 1, 127),
        ("TCP_NODELAY", socket.IPPROTO_TCP, 0, 1),
        ("SO_BROADCAST", socket.SOL_SOCKET, 0, 1),
    ]
    return {
        name: OptionSpec(name, level, getattr(socket, name), low, high)
        for name, level, low, high in table
        if hasattr(socket, name)
    }


KNOWN: dict[str, OptionSpec] = _known()
"""Every option this platform has, in the order they are shown."""

TCP_OPTIONS = tuple(KNOWN)
"""The options read back from a TCP socket (all of them)."""

SERVER_DEFAULTS: dict[str, int] = {"SO_REUSEADDR": 1}
"""What the lesson's server sets before it binds."""


def canonical(name: str) -> str:
    """The constant's name for ``name`` (any case, prefix optional); ValueError if unknown."""
    wanted = name.strip().upper()
    for known in KNOWN:
        if wanted in (known, known.split("_", 1)[1]):
            return known
    raise ValueError(f"unknown socket option {quoted(name)} (known: {', '.join(KNOWN)})")


def parse_value(name: str, text: str) -> int:
    """The integer value ``text`` means for option ``name``; ValueError with a reason if out of range."""
    spec = KNOWN[canonical(name)]
    value = text.strip().lower()
    if spec.switch and value in _SWITCH:
        return _SWITCH[value]
    number = whole(value)
    if number is not None and spec.low <= number <= spec.high:
        return number
    what = "0/1 (off/on)" if spec.switch else wanted(f"a whole number from {spec.low} to {spec.high}", number)
    raise ValueError(f"{spec.name} {must_be(what, text)}")


def parse_sockopt(text: str) -> tuple[str, int]:
    """``NAME=VALUE`` as ``(canonical name, value)``; ValueError with a reason otherwise."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise ValueError(f"a socket option is written NAME=VALUE, not {quoted(text)}")
    return canonical(name), parse_value(name, value)


def apply(sock: socket.socket, options: Mapping[str, int]) -> None:
    """Set every option on ``sock``; raises OSError when the kernel refuses one."""
    for name, value in options.items():
        spec = KNOWN[name]
        sock.setsockopt(spec.level, spec.number, value)


def effective(sock: socket.socket, names: Iterable[str] = TCP_OPTIONS) -> dict[str, int]:
    """The kernel's current value of each option in ``names``; those it cannot report are left out."""
    values: dict[str, int] = {}
    for name in names:
        spec = KNOWN[name]
        with contextlib.suppress(OSError):
            values[name] = sock.getsockopt(spec.level, spec.number)
    return values


def _set_each(sock: socket.socket, options: Mapping[str, int]) -> tuple[str, ...]:
    """Set each option the kernel accepts; the names of those it refused."""
    refused = []
    for name, value in options.items():
        try:
            apply(sock, {name: value})
        except OSError:
            refused.append(name)
    return tuple(refused)


class Settler:
    """Sets what the kernel accepts of ``options`` on sockets set up alike and returns what is in
    force, reading the kernel's answer back once. Never raises: a refused option simply shows its
    unchanged value.

    The connections of one listener inherit its options, and one run's clients of one address
    family start alike; each gets the same ``options`` set, so what is in force is the same for
    all of them: it is read back from the first socket and again only when a different set of
    options was refused. The dict returned is shared by every socket with the same outcome:
    read it, never change it. Threads may share a settler (at worst two read back at once).
    """

    def __init__(self, options: Mapping[str, int]) -> None:
        self._options = dict(options)
        self._in_force: dict[tuple[str, ...], dict[str, int]] = {}

    def __call__(self, sock: socket.socket) -> dict[str, int]:
        """Set the options on ``sock``; return what is in force on it. Never raises."""
        refused = _set_each(sock, self._options)
        in_force = self._in_force.get(refused)
        if in_force is None:
            in_force = self._in_force[refused] = effective(sock)
        return in_force


def accept_queue(listener: socket.socket) -> tuple[int, int] | None:
    """(connections waiting to be accepted, the backlog in force) of a listening TCP socket.

    Read from the kernel's TCP_INFO (Linux); None where the platform does not report it.
    """
    if not hasattr(socket, "TCP_INFO"):
        return None
    try:
        info = listener.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, _TCP_INFO_SIZE)
    except OSError:
        return None
    if len(info) < _TCP_INFO_QUEUE.size:
        return None
    return _TCP_INFO_QUEUE.unpack_from(info)


def listening(listener: socket.socket) -> dict[str, int]:
    """The options in force on a listening socket, with ``backlog`` as the kernel holds it."""
    values = effective(listener)
    if (queue := accept_queue(listener)) is not None:
        values["backlog"] = queue[1]
    return values


def format_options(options: Mapping[str, int]) -> str:
    """``NAME=value`` pairs for display; keep-alive timers only when SO_KEEPALIVE is on."""
    keepalive = options.get("SO_KEEPALIVE", 0)
    shown = [
        f"{name}={value}" for name, value in options.items() if keepalive or not name.startswith("TCP_KEEP")
    ]
    return " ".join(shown)
