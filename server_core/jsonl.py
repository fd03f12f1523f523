"""One event (or any JSON value) as one line of JSON that is safe to write to a terminal.

``--json`` and ``.jsonl`` exports both write every event this way: :func:`event_line` gives
exactly ``json_line(event.to_dict())``, built from pieces (the quoted keys, sides and kinds
once, each value by the C encoder) in a third of the time. ``json.dumps`` escapes the C0
controls; DEL, the C1 controls (8-bit CSI and friends) and the characters that reorder a line
must not reach a terminal raw either, so a line holding any of them carries them as ``\\u``
escapes. Most lines hold none: they are searched once and left as they are.
"""

from __future__ import annotations

import json
import re
from json.encoder import encode_basestring  # type: ignore[attr-defined]  # the C one where there is one
from typing import TYPE_CHECKING, Any

from .events import T_DIGITS
from .wire import INVISIBLE, REORDERING

if TYPE_CHECKING:
    from .events import Event

_UNSAFE = [0x7F, *range(0x80, 0xA0), *REORDERING, *INVISIBLE]
_ESCAPES = {c: f"\\u{c:04x}" for c in _UNSAFE}
_NEEDS_ESCAPE = re.compile("[" + "".join(re.escape(chr(c)) for c in _UNSAFE) + "]")
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every line
_CORE = frozenset(("seq", "t", "side", "kind", "client", "local", "peer", "text", "bytes"))
_NULL = "null"
_QUOTED: dict[str, str] = {}  # side, kind or extra key -> its JSON string (a few dozen of them)


def json_line(data: Any) -> str:
    """``data`` as one line of JSON, DEL, C1 controls and reordering characters escaped."""
    line = _ENCODE(data)
    return line.translate(_ESCAPES) if _NEEDS_ESCAPE.search(line) else line


def event_line(event: Event) -> str:
    """``json_line(event.to_dict())``, byte for byte, built without the dict."""
    seq, t, side, kind, client, local, peer, text, size, extra = event
    if extra and not _CORE.isdisjoint(extra):  # an extra that replaces a core field: the long way
        return json_line(event.to_dict())
    quoted = _QUOTED
    line = (
        f'{{"seq": {seq}, "t": {round(t, T_DIGITS)!r}, "side": {quoted.get(side) or _quote(side)}, '
        f'"kind": {quoted.get(kind) or _quote(kind)}, "client": {_NULL if client is None else client}, '
        f'"local": {_NULL if local is None else encode_basestring(local)}, '
        f'"peer": {_NULL if peer is None else encode_basestring(peer)}, '
        f'"text": {_NULL if text is None else encode_basestring(text)}, '
        f'"bytes": {_NULL if size is None else size}'
    )
    if extra:
        line += "".join([f", {quoted.get(k) or _quote(k)}: {_value(v)}" for k, v in extra.items()])
    line += "}"
    # Most lines need no search: every character to escape is unprintable, and in ASCII only DEL
    # (isascii is a flag; isprintable reads the line, still in a fifth of the search's time).
    if (line.isascii() and "\x7f" not in line) or line.isprintable():
        return line
    return line.translate(_ESCAPES) if _NEEDS_ESCAPE.search(line) else line


def _value(value: Any) -> str:
    """One extra's value in JSON: the usual ones (a run's number, a mode) directly, others by the
    encoder."""
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is str:
        return encode_basestring(value)  # type: ignore[no-any-return]
    return _ENCODE(value)


def _quote(name: str) -> str:
    """``name`` as a JSON string, kept for the next time (names are a small, fixed set)."""
    quoted = _QUOTED[name] = encode_basestring(name)
    return quoted
