"""SO_KEEPALIVE: the option and its timers as the kernel reports them on a live connection.

By default keep-alive is off: an idle connection whose peer vanished stays open forever. With
it on, the kernel probes after TCP_KEEPIDLE idle seconds, every TCP_KEEPINTVL seconds, and drops
the connection after TCP_KEEPCNT unanswered probes.
"""

from __future__ import annotations

import socket
import time

from .. import sockopts
from ..events import SERVER, Event, EventBus
from ..port_taken import binding
from ..server import LabServer, ServerConfig
from .record import ExperimentResult, Notebook

TIMERS = {"TCP_KEEPIDLE": 10, "TCP_KEEPINTVL": 5, "TCP_KEEPCNT": 3}
LIMIT = 2.0  # seconds to wait for the server to accept
GIVEN = dict(TIMERS)
_KEEPALIVE_NAMES = ["SO_KEEPALIVE", *(name for name in TIMERS if name in sockopts.KNOWN)]


def _accepted(bus: EventBus) -> Event | None:
    deadline = time.monotonic() + LIMIT
    while time.monotonic() < deadline:
        for event in bus.history:
            if event.side == SERVER and event.kind == "accepted":
                return event
        time.sleep(0.01)
    return None


def _both_ends(wanted: dict[str, int], port: int) -> tuple[dict[str, int], dict[str, int]]:
    """Connect a client to a server on ``port`` (0: a free one), both set ``wanted``; the
    keep-alive values in force at each end. PortTaken when its server cannot bind."""
    bus = EventBus()
    server = LabServer(ServerConfig(port=port, sockopts=wanted), bus)
    with binding("127.0.0.1", port):
        server.bind()
    with (
        server,
        socket.create_connection(("127.0.0.1", server.port), timeout=LIMIT) as client,
    ):
        sockopts.apply(client, wanted)
        client_side = sockopts.effective(client, _KEEPALIVE_NAMES)
        accepted = _accepted(bus)
    server_options = (accepted.extra or {})["options"] if accepted is not None else {}
    server_side = {name: server_options[name] for name in _KEEPALIVE_NAMES if name in server_options}
    return server_side, client_side


def _text(values: dict[str, int]) -> str:
    return " ".join(f"{name}={value}" for name, value in values.items())


def run(port: int = 0) -> ExperimentResult:
    """Both rounds, the server listening on ``port`` (0: a free one)."""
    wanted = {"SO_KEEPALIVE": 1, **{name: value for name, value in TIMERS.items() if name in sockopts.KNOWN}}
    book = Notebook("keepalive", **GIVEN)
    server_default, client_default = _both_ends({}, port)
    book.step("default", server=_text(server_default), client=_text(client_default))
    server_on, client_on = _both_ends(wanted, port)
    book.step("enabled", server=_text(server_on), client=_text(client_on))
    book.observe(
        default_server=server_default,
        default_client=client_default,
        enabled_server=server_on,
        enabled_client=client_on,
    )
    if {"TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT"} <= server_on.keys():  # computed, not measured: a step
        idle, interval, count = (server_on[name] for name in ("TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT"))
        book.step("detect", idle=idle, interval=interval, count=count, seconds=idle + interval * count)
    off_by_default = server_default.get("SO_KEEPALIVE") == 0 and client_default.get("SO_KEEPALIVE") == 0
    return book.result(off_by_default and server_on == wanted and client_on == wanted)
