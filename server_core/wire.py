"""Bytes on the wire to text and back: decoding, escaping for display, socket helpers.

Text from the wire is exact: a byte that is not UTF-8 becomes ``\\xNN`` and a backslash that
travelled becomes ``\\\\``, so the bytes ``b"\\xff"`` and ``b"\\\\xff"`` give different texts and
:func:`to_bytes` gives the bytes back from either.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import ipaddress
import re
import socket

# Characters that change how a terminal shows what follows them: bidirectional overrides and
# isolates (they can reverse the rest of a line, fields included) and the line separators.
REORDERING = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x2028, 0x2029)
# Characters that take no room on a terminal: a message holding one reads as if it held none.
INVISIBLE = (0x200B, 0x2060, 0xFEFF)
_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}
_CONTROL.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})
_CONTROL.update({c: f"\\u{c:04x}" for c in (*REORDERING, *INVISIBLE)})
_NEEDS_ESCAPE = re.compile("[" + "".join(re.escape(chr(c)) for c in _CONTROL) + "]")


_ESCAPE = re.compile(r"\\(\\|x[0-9a-f]{2})")  # what a decoded text escapes: a backslash, a byte
_LONE = re.compile("[\udc80-\udcff]")  # an undecodable byte (surrogateescape)
_STRAY = re.compile("[\\\\\udc80-\udcff]")  # a backslash or an undecodable byte (surrogateescape)


_ARGV_BYTE = re.compile(r"(?<!\\)((?:\\\\)*)\\udc([89a-f][0-9a-f])")  # in a repr: an undecodable byte


def quoted(text: str) -> str:
    """``text`` a user gave (an argument, a field) quoted as ``repr`` does, each byte the command
    line could not decode (a lone surrogate ``\\udcff``) shown as the byte it was: ``'\\xff'``."""
    return argv_bytes(repr(text))


def argv_bytes(message: str) -> str:
    """``message`` with each undecodable argument byte in it, written as a lone surrogate or as
    the ``\\udcNN`` escape ``repr`` gives one, shown as ``\\xNN``."""
    message = _ARGV_BYTE.sub(r"\1\\x\2", message)
    return _LONE.sub(lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", message)


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    return "\\\\" if char == "\\" else f"\\x{ord(char) - 0xDC00:02x}"


def _exact(text: str) -> str:
    """Text decoded with ``surrogateescape`` as exact text: backslashes doubled, bytes as ``\\xNN``."""
    return _STRAY.sub(_shown, text)


class StreamDecoder:
    """Decodes one connection's chunks as UTF-8, exactly (see :func:`decode`).

    A character split across chunks comes out whole in the chunk that completes it; invalid
    bytes come out as ``\\xNN`` escapes, backslashes as ``\\\\``; nothing is dropped. Call
    :meth:`finish` at end of stream for any incomplete tail, and :attr:`pending` tells how many
    bytes of an unfinished character it holds (:attr:`unfinished`: which).
    """

    def __init__(self) -> None:
        self._tail = b""  # the start of a character the next chunk completes
        # bytes held back: the start of a character the next chunk may complete (0 to 3); an
        # attribute, not a property: a handler reads it after every chunk
        self.pending = 0

    @property
    def unfinished(self) -> str:
        """The bytes held back (:attr:`pending`) as exact text, ``\\xNN`` each ("" when none):
        the start of a character, and the bytes the next text begins with."""
        return "".join(f"\\x{byte:02x}" for byte in self._tail)

    def feed(self, chunk: bytes) -> str:
        """The exact text of ``chunk`` after what came before it; a character it leaves
        unfinished waits for the next chunk."""
        if not self._tail:  # the usual chunk, whole characters only: one C call (a server's
            try:  # handler decodes every message here)
                text = chunk.decode()
            except UnicodeDecodeError:
                pass
            else:
                return text.replace("\\", "\\\\") if b"\\" in chunk else text
        chunk = self._tail + chunk
        text, used = codecs.utf_8_decode(chunk, "surrogateescape", False)
        self._tail = chunk[used:]
        self.pending = len(self._tail)
        return _exact(text)

    def finish(self) -> str:
        """The exact text of the unfinished character held at the end of the stream (its bytes,
        as ``\\xNN``), or "" for none."""
        if not self._tail:
            return ""
        text = codecs.utf_8_decode(self._tail, "surrogateescape", True)[0]
        self._tail, self.pending = b"", 0
        return _exact(text)


def decode(data: bytes) -> str:
    """A complete message as exact text: UTF-8 decoded, each byte that is not UTF-8 as ``\\xNN``
    (two lower-case hex digits) and each backslash as ``\\\\``; :func:`to_bytes` inverts it."""
    decoder = StreamDecoder()
    return decoder.feed(data) + decoder.finish()


def escape(text: str) -> str:
    """Valid text (typed, never received) as exact text: its backslashes doubled."""
    return text.replace("\\", "\\\\")


def to_bytes(text: str) -> bytes:
    """The bytes an exact text (from :func:`decode` or :class:`StreamDecoder`) stands for.

    ``\\\\`` is one backslash, ``\\xNN`` the byte NN, anything else its UTF-8 encoding. ValueError
    for a backslash that starts neither escape (such text was not made by :func:`decode`).
    """
    out = bytearray()
    pos = 0
    for match in _ESCAPE.finditer(text):
        out += _plain_bytes(text[pos : match.start()])
        code = match.group(1)
        out += b"\\" if code == "\\" else bytes([int(code[1:], 16)])
        pos = match.end()
    out += _plain_bytes(text[pos:])
    return bytes(out)


def _plain_bytes(text: str) -> bytes:
    if "\\" in text:
        raise ValueError(f"a backslash that starts no escape in {text!r}")
    return text.encode("utf-8")


def printable(text: str) -> str:
    """``text`` with control characters (terminal escapes, newlines, C1), the characters that
    reorder a line (bidirectional controls, line separators) and those that take no room (a
    zero-width space, a word joiner, a byte order mark) shown as escapes. Most text holds
    none: a printable text (every character escaped here is unprintable) is returned at once,
    another searched once."""
    if text.isprintable():
        return text
    return text.translate(_CONTROL) if _NEEDS_ESCAPE.search(text) else text


def is_loopback(host: str) -> bool:
    """True when ``host`` (an IP address or ``localhost``) is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def address(sockaddr: tuple | None) -> str | None:
    """``ip:port`` for an IPv4 or IPv6 socket address, written one way only: the address in its
    compressed form (IPv6 in brackets, an IPv4-mapped one as ``::ffff:a.b.c.d``), without a
    scope or flow label."""
    if not sockaddr:
        return None
    host = _shown_host(str(sockaddr[0]))
    return f"[{host}]:{sockaddr[1]}" if ":" in host else f"{host}:{sockaddr[1]}"


@functools.lru_cache(maxsize=1024)
def _shown_host(host: str) -> str:
    """``host`` as :func:`address` writes it; remembered, as a run's clients (and a server's
    peers) share a few addresses and ``ipaddress`` parses one in Python, microseconds each."""
    host = host.split("%", 1)[0]
    with contextlib.suppress(ValueError):
        ip = ipaddress.ip_address(host)
        mapped = getattr(ip, "ipv4_mapped", None)
        host = f"::ffff:{mapped}" if mapped else str(ip)
    return host


def local_end(sock: socket.socket) -> str | None:
    """This end's ``ip:port`` of a socket; None where the OS no longer knows."""
    try:
        return address(sock.getsockname())
    except OSError:
        return None


JOIN_BOUND = 1.0  # seconds a stop waits for the threads wake() woke to end: every stop bound is from it


def wake(sock: socket.socket) -> None:
    """Wake every thread blocked on ``sock`` (accept, recv, send); its owner then closes it.

    ``close`` alone wakes nobody on Linux; ``shutdown(SHUT_RDWR)`` does.
    """
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
