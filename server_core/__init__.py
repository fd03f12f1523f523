"""tcp-lab's engine: the lesson's threaded server and clients, reporting every step as an event.

This package never imports Textual; the command line and the app are built on it. Each name
below is imported from its module when first used, so a command loads only what it needs
(``tcp-lab clients`` never loads the server, the exports or the experiments).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .accepting import ACCEPT_MODES
    from .audit import audit
    from .clients import DEFAULT_MESSAGE, ClientConfig, ClientRun
    from .events import CLIENT, SERVER, Event, EventBus, Kind
    from .handler_threads import THREAD_MODES
    from .ordering import CLIENT_MODES, SERVER_MODES, Order, parse_order
    from .server import DEFAULT_MAX_BYTES, DEFAULT_REPLY, DEFAULT_SEND_TIMEOUT, LabServer, ServerConfig
    from .sockopts import parse_sockopt
    from .summary import RunSummary, summarize, summarize_run
    from .timeline import STATES, Lane, Segment, Timeline, build_lanes
    from .wire import is_loopback, printable

_HOMES = {  # module -> the names it gives this package
    "accepting": ("ACCEPT_MODES",),
    "audit": ("audit",),
    "clients": ("DEFAULT_MESSAGE", "ClientConfig", "ClientRun"),
    "events": ("CLIENT", "SERVER", "Event", "EventBus", "Kind"),
    "handler_threads": ("THREAD_MODES",),
    "ordering": ("CLIENT_MODES", "SERVER_MODES", "Order", "parse_order"),
    "server": ("DEFAULT_MAX_BYTES", "DEFAULT_REPLY", "DEFAULT_SEND_TIMEOUT", "LabServer", "ServerConfig"),
    "sockopts": ("parse_sockopt",),
    "summary": ("RunSummary", "summarize", "summarize_run"),
    "timeline": ("STATES", "Lane", "Segment", "Timeline", "build_lanes"),
    "wire": ("is_loopback", "printable"),
}
_HOME = {name: module for module, names in _HOMES.items() for name in names}

__all__ = [
    "ACCEPT_MODES",
    "CLIENT",
    "CLIENT_MODES",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MESSAGE",
    "DEFAULT_REPLY",
    "DEFAULT_SEND_TIMEOUT",
    "SERVER",
    "SERVER_MODES",
    "STATES",
    "THREAD_MODES",
    "ClientConfig",
    "ClientRun",
    "Event",
    "EventBus",
    "Kind",
    "LabServer",
    "Lane",
    "Order",
    "RunSummary",
    "Segment",
    "ServerConfig",
    "Timeline",
    "audit",
    "build_lanes",
    "is_loopback",
    "parse_order",
    "parse_sockopt",
    "printable",
    "summarize",
    "summarize_run",
]


def __getattr__(name: str) -> Any:
    """Import ``name``'s module on first use; AttributeError for a name this package does not give."""
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
