"""Ask the kernel (Linux sock_diag over netlink) how many TCP sockets on a port are in a state.

Reading /proc/net/tcp walks every socket on the machine; sock_diag filters by port in the
kernel and answers in milliseconds.
"""

from __future__ import annotations

import socket
import struct

TIME_WAIT, LISTEN = 6, 10  # the kernel's numbers for the TCP states
_NETLINK_SOCK_DIAG = 4
_SOCK_DIAG_BY_FAMILY = 20
_NLM_F_REQUEST_DUMP = 0x1 | 0x300
_NLMSG_ERROR, _NLMSG_DONE = 2, 3
_NO_COOKIE = 0xFFFFFFFFFFFFFFFF


def count_in_state(local_port: int, state: int = TIME_WAIT) -> int | None:
    """IPv4 TCP sockets whose local port is ``local_port`` and whose state is ``state``.

    None where the platform has no sock_diag (anything but Linux) or it does not answer.
    """
    if not hasattr(socket, "AF_NETLINK"):
        return None
    request = struct.pack("=BBBBI", socket.AF_INET, socket.IPPROTO_TCP, 0, 0, 1 << state)
    request += struct.pack("!HH", local_port, 0) + bytes(32) + struct.pack("=IQ", 0, _NO_COOKIE)
    header = struct.pack("=IHHII", 16 + len(request), _SOCK_DIAG_BY_FAMILY, _NLM_F_REQUEST_DUMP, 1, 0)
    try:
        with socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, _NETLINK_SOCK_DIAG) as netlink:
            netlink.settimeout(1.0)
            netlink.send(header + request)
            return _count_replies(netlink)
    except OSError:
        return None


def held_by_time_wait(local_port: int) -> bool:
    """Whether what keeps ``local_port`` from being bound is likely the TIME_WAIT of connections
    that ended there (a run a moment ago; Linux keeps them 60 s): some sockets on it in TIME_WAIT,
    none listening. False where sock_diag cannot say (see :func:`count_in_state`)."""
    return bool(count_in_state(local_port)) and count_in_state(local_port, LISTEN) == 0


def _count_replies(netlink: socket.socket) -> int | None:
    count = 0
    while True:
        data = netlink.recv(65536)
        offset = 0
        while offset + 6 <= len(data):
            length, kind = struct.unpack_from("=IH", data, offset)
            if kind == _NLMSG_DONE:
                return count
            if kind == _NLMSG_ERROR or length < 16:
                return None
            count += 1
            offset += (length + 3) & ~3
