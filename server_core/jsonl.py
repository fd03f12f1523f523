"""One event (or any JSON value) as one line of JSON that is safe to write to a terminal.

``--json`` and ``.jsonl`` exports both write every event with :func:`json_line`. ``json.dumps``
escapes the C0 controls; DEL, the C1 controls (8-bit CSI and friends) and the characters that
reorder a line must not reach a terminal raw either, so a line holding any of them carries them
as ``\\u`` escapes. Most lines hold none: they are searched once and left as they are.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .wire import REORDERING

_UNSAFE = [0x7F, *range(0x80, 0xA0), *REORDERING]
_ESCAPES = {c: f"\\u{c:04x}" for c in _UNSAFE}
_NEEDS_ESCAPE = re.compile("[" + "".join(re.escape(chr(c)) for c in _UNSAFE) + "]")
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every line


def json_line(data: Any) -> str:
    """``data`` as one line of JSON, DEL, C1 controls and reordering characters escaped."""
    line = _ENCODE(data)
    return line.translate(_ESCAPES) if _NEEDS_ESCAPE.search(line) else line
