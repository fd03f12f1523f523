"""Where a line's text starts: its continuation lines start there when it is broken (a hanging
indent), so a list item, a lane's note or a labelled value reads as one piece under its label.
Where a label is so long that too little room would remain beside it, its value starts on the
next line, a little indented, and goes on under itself.
"""

from __future__ import annotations

import re

from .width import text_width

# What a line's text follows: its indent, then a list number ("  1. "), an exhibit's lane
# ("h1 |--R~~W-| "), or a short label ending in ": ", "：", " = " or two blanks ("accepted  -").
# A sentence is no label: a comma or a bracket before the colon says so.
_LEAD = re.compile(r" *(?:\d+\. |\S+ \|[^|]*\| |[^,;，；。()（）]{1,40}?(?:: |：| = |  )) *")
LABEL_WORDS = 5  # the most words a label before a line's text has
NARROWEST = 24  # cells a continuation line keeps for the text, or the text starts elsewhere
VALUE_INDENT = 2  # cells past the line's indent where a long label's value starts, on the next line


def _lead(line: str) -> str:
    """The part of ``line`` before its text: its indent and the number, lane or label its text
    follows; its indent alone when it has none."""
    match = _LEAD.match(line)
    if match is None or match.end() == len(line) or len(match.group().split()) > LABEL_WORDS:
        return line[: len(line) - len(line.lstrip(" "))]
    return match.group()


def text_start(line: str) -> int:
    """The cells before the text of ``line``: its indent and the list number, lane or label its
    text follows (``  1. the server listens`` gives 5, ``accepted  - (not seen here...)`` 10,
    a Chinese label before its full-width colon, in cells); its indent alone when it has none."""
    return text_width(_lead(line))


def hung_lines(line: str, width: int) -> list[str]:
    """``line`` broken into lines of at most ``width`` cells where words, units and paths allow
    (:func:`tui_app.wrapping.notice_lines`), its continuation lines under the start of its text
    when that leaves them :data:`NARROWEST` cells. Where it would not: after a number, lane or
    label, the text starts on the next line, :data:`VALUE_INDENT` cells past the line's indent,
    and goes on under itself (``client socket options in force:`` then ``  SO_REUSEADDR=0 ...``
    at 50 columns); without one, the continuation lines start at the margin."""
    from .wrapping import notice_lines

    lead = _lead(line)
    start = text_width(lead)
    if width - start >= NARROWEST:
        return notice_lines(line, width, start)
    indent = len(line) - len(line.lstrip(" "))
    if len(lead) <= indent:
        return notice_lines(line, width, 0)
    under = min(indent + VALUE_INDENT, max(0, width - NARROWEST))
    text = " " * under + line[len(lead) :]
    return notice_lines(lead.rstrip(), width) + notice_lines(text, width, under)
