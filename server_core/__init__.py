"""tcp-lab's engine: the lesson's threaded server and clients, reporting every step as an event.

This package never imports Textual; the command line and the app are built on it.
"""

from .accepting import ACCEPT_MODES
from .clients import DEFAULT_MESSAGE, ClientConfig, ClientRun
from .events import CLIENT, SERVER, Event, EventBus
from .ordering import CLIENT_MODES, SERVER_MODES, Order, parse_order
from .server import DEFAULT_REPLY, LabServer, ServerConfig
from .sockopts import parse_sockopt
from .summary import RunSummary, summarize
from .wire import printable

__all__ = [
    "ACCEPT_MODES",
    "CLIENT",
    "CLIENT_MODES",
    "DEFAULT_MESSAGE",
    "DEFAULT_REPLY",
    "SERVER",
    "SERVER_MODES",
    "ClientConfig",
    "ClientRun",
    "Event",
    "EventBus",
    "LabServer",
    "Order",
    "RunSummary",
    "ServerConfig",
    "parse_order",
    "parse_sockopt",
    "printable",
    "summarize",
]
