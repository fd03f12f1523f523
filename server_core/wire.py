"""Bytes on the wire to text and back: decoding, escaping for display, socket helpers."""

from __future__ import annotations

import codecs
import contextlib
import ipaddress
import socket

# Characters that change how a terminal shows what follows them: bidirectional overrides and
# isolates (they can reverse the rest of a line, fields included) and the line separators.
REORDERING = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x2028, 0x2029)
_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}
_CONTROL.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})
_CONTROL.update({c: f"\\u{c:04x}" for c in REORDERING})


class StreamDecoder:
    """Decodes one connection's chunks as UTF-8.

    A character split across chunks comes out whole in the chunk that completes it; invalid
    bytes come out as ``\\xNN`` escapes; nothing is dropped. Call :meth:`finish` at end of stream
    for any incomplete tail.
    """

    def __init__(self) -> None:
        self._tail = b""  # the start of a character the next chunk completes

    def feed(self, chunk: bytes) -> str:
        if self._tail:
            chunk = self._tail + chunk
        else:
            try:  # the usual chunk: whole characters only
                return chunk.decode()
            except UnicodeDecodeError:
                pass
        text, used = codecs.utf_8_decode(chunk, "backslashreplace", False)
        self._tail = chunk[used:]
        return text

    def finish(self) -> str:
        text = codecs.utf_8_decode(self._tail, "backslashreplace", True)[0]
        self._tail = b""
        return text


def decode(data: bytes) -> str:
    """A complete message as text, invalid bytes as ``\\xNN`` escapes."""
    return data.decode("utf-8", errors="backslashreplace")


def printable(text: str) -> str:
    """``text`` with control characters (terminal escapes, newlines, C1) and the characters that
    reorder a line (bidirectional controls, line separators) shown as escapes."""
    return text.translate(_CONTROL)


def is_loopback(host: str) -> bool:
    """True when ``host`` (an IP address or ``localhost``) is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def address(sockaddr: tuple | None) -> str | None:
    """``ip:port`` for an IPv4 or IPv6 socket address (IPv6 in brackets)."""
    if not sockaddr:
        return None
    host, port = sockaddr[0], sockaddr[1]
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def local_end(sock: socket.socket) -> str | None:
    """This end's ``ip:port`` of a socket; None where the OS no longer knows."""
    try:
        return address(sock.getsockname())
    except OSError:
        return None


def wake(sock: socket.socket) -> None:
    """Wake every thread blocked on ``sock`` (accept, recv, send); its owner then closes it.

    ``close`` alone wakes nobody on Linux; ``shutdown(SHUT_RDWR)`` does.
    """
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
