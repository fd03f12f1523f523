"""tcp-lab's engine: the lesson's threaded server and clients, reporting every step as an event.

This package never imports Textual; the command line and the app are built on it.
"""

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
