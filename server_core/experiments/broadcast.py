"""SO_BROADCAST: a UDP datagram to the loopback broadcast address 127.255.255.255.

Without the option the kernel refuses to send to a broadcast address (PermissionError); with it
the datagram goes out and a socket bound to that address on loopback receives it.
"""

from __future__ import annotations

import socket

from .. import sockopts
from ..port_taken import binding
from .record import ExperimentResult, Notebook

ADDRESS = "127.255.255.255"
LIMIT = 2.0  # seconds to wait for the datagram
GIVEN = {"address": ADDRESS}


def _send(port: int, broadcast: int) -> tuple[int, str]:
    """Send one datagram to ADDRESS:port; (SO_BROADCAST in force, ``sent`` or the error's name)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
        sockopts.apply(sender, {"SO_BROADCAST": broadcast})
        in_force = sockopts.effective(sender, ["SO_BROADCAST"])["SO_BROADCAST"]
        try:
            sender.sendto(f"broadcast {broadcast}".encode(), (ADDRESS, port))
        except OSError as exc:
            return in_force, type(exc).__name__
    return in_force, "sent"


def run(port: int = 0) -> ExperimentResult:
    """Both sends, the receiver on ADDRESS:``port`` (0: a free port); PortTaken when it cannot bind."""
    book = Notebook("broadcast", **GIVEN)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as receiver:
        with binding(ADDRESS, port, stream=False):
            receiver.bind((ADDRESS, port))
        receiver.settimeout(LIMIT)
        port = receiver.getsockname()[1]
        book.step("receiver", address=ADDRESS, port=port)
        for broadcast, label in ((0, "off"), (1, "on")):
            in_force, outcome = _send(port, broadcast)
            book.step("send", broadcast=in_force, outcome=outcome)
            book.observe(**{f"broadcast_{label}": in_force, f"send_{label}": outcome})
        try:
            data, _ = receiver.recvfrom(1024)
            received = data.decode("ascii", "backslashreplace")
        except TimeoutError:
            received = ""
        book.step("receive", text=received)
        book.observe(received=received)
    seen = book.observed
    return book.result(
        (seen["send_off"], seen["send_on"], seen["received"]) == ("PermissionError", "sent", "broadcast 1")
    )
