"""The command's own lines on standard error: refusals (``tcp-lab run: error: ...``), failures and
notices (``tcp-lab: ...``).

Each is one line to a pipe or a file, for scripts; on a terminal narrower than the line it is
broken where words, units and paths allow (:func:`tui_app.wrapping.notice_lines`, as the summary
is), in any language, never cut mid-word by the terminal. Only a line that does not fit loads
the line breaking.
"""

from __future__ import annotations

import sys
from typing import TextIO

from .width import terminal_columns, text_width


def say(text: str, stream: TextIO | None = None) -> None:
    """Write ``text`` and a newline to ``stream`` (standard error) and flush it, broken at words
    when ``stream`` is a terminal narrower than it."""
    stream = sys.stderr if stream is None else stream
    print("\n".join(shown_lines(text, stream)), file=stream, flush=True)


def shown_lines(text: str, stream: TextIO) -> list[str]:
    """``text`` as ``stream`` shows it: broken into lines that fit its terminal, or as it is when
    it fits or ``stream`` is no terminal."""
    try:
        width = terminal_columns(stream.fileno()) if stream.isatty() else 0
    except (OSError, ValueError):  # no descriptor (a test's capture), or closed
        width = 0
    if not width or text_width(text) <= width:
        return [text]
    from .wrapping import notice_lines

    return notice_lines(text, width)
