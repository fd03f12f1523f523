"""Where a line's text starts: its continuation lines start there when it is broken (a hanging
indent), so a list item, a lane's note or a labelled value reads as one piece under its label.
"""

from __future__ import annotations

import re

from .width import text_width

# What a line's text follows: its indent, then a list number ("  1. "), an exhibit's lane
# ("h1 |--R~~W-| "), or a short label ending in ": ", "：", " = " or two blanks ("accepted  -").
# A sentence is no label: a comma or a bracket before the colon says so.
_LEAD = re.compile(r" *(?:\d+\. |\S+ \|[^|]*\| |[^,;，；。()（）]{1,40}?(?:: |：| = |  )) *")
LABEL_WORDS = 5  # the most words a label before a line's text has


def text_start(line: str) -> int:
    """The cells before the text of ``line``: its indent and the list number, lane or label its
    text follows (``  1. the server listens`` gives 5, ``accepted  - (not seen here...)`` 10,
    a Chinese label before its full-width colon, in cells); its indent alone when it has none."""
    match = _LEAD.match(line)
    if match is None or match.end() == len(line) or len(match.group().split()) > LABEL_WORDS:
        return len(line) - len(line.lstrip(" "))
    return text_width(match.group())
