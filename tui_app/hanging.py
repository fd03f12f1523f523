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
# A sentence is no label: a comma or a bracket before the colon says so. Only a line's start is
# tried (\A), lest a search read a long line again from each of its characters.
_LEAD = re.compile(r"\A *(?:\d+\. |\S+ \|[^|]*\| |[^,;，；。()（）]{1,40}?(?:: |：| = |  )) *")
# A measured value's name before " = ", tried first: it may hold a bracket, a comma or a colon
# ("TIME_WAIT sockets (SO_REUSEADDR=0) = ", "server, by default = ", "serial: accept calls = ").
_NAMED = re.compile(r"\A(?! *\d+\. | *\S+ \|) *[^;；。：]{1,60}? = *")
LABEL_WORDS = 6  # the most words a label before a line's text has ("locks waited for in the cycle")
NARROWEST = 24  # cells a continuation line keeps for the text, or the text starts elsewhere
VALUE_INDENT = 2  # cells past the line's indent where a long label's value starts, on the next line
SHORT_VALUE = 12  # cells of a value ("0.022", "bound") that stays with its label's last word


def _lead(line: str) -> str:
    """The part of ``line`` before its text: its indent and the number, lane or label its text
    follows; its indent alone when it has none."""
    for match in (_NAMED.match(line), _LEAD.match(line)):
        words = [] if match is None else [word for word in match.group().split() if word != "="]
        if match is not None and match.end() < len(line) and len(words) <= LABEL_WORDS:
            return match.group()
    return line[: len(line) - len(line.lstrip(" "))]


def text_start(line: str) -> int:
    """The cells before the text of ``line``: its indent and the list number, lane or label its
    text follows (``  1. the server listens`` gives 5, ``accepted  - (not seen here...)`` 10,
    a Chinese label before its full-width colon, in cells); its indent alone when it has none."""
    return text_width(_lead(line))


def hung_lines(line: str, width: int) -> list[str]:
    """``line`` broken into lines of at most ``width`` cells where words, units and paths allow
    (:func:`tui_app.wrapping.notice_lines`), its continuation lines under the start of its text
    (:func:`text_start`), as :func:`labelled_lines` breaks a label and its value."""
    lead = _lead(line)
    return labelled_lines(lead, line[len(lead) :], width)


def labelled_lines(lead: str, text: str, width: int) -> list[str]:
    """``lead + text`` (``lead``: an indent and the number or label ``text`` follows, such as
    ``"  locks waited for in the cycle = "``) broken into lines of at most ``width`` cells, its
    continuation lines under the start of ``text`` when that leaves them :data:`NARROWEST`
    cells (one line where the whole fits). Where it would not: after a number or label, the
    text starts on the next line, :data:`VALUE_INDENT` cells past the line's indent, and goes on
    under itself (``client socket options in force:`` then ``  SO_REUSEADDR=0 ...`` at 50
    columns); without one, the continuation lines start at the margin."""
    from .wrapping import notice_lines

    line = lead + text
    start = text_width(lead)
    if text_width(line) <= width:
        return [line]
    if width - start >= NARROWEST:
        return notice_lines(line, width, start)
    indent = len(line) - len(line.lstrip(" "))
    if len(lead) <= indent:
        return notice_lines(line, width, 0)
    under = min(indent + VALUE_INDENT, max(0, width - NARROWEST))
    if text_width(text) <= SHORT_VALUE and (glued := _glued_lines(lead, text, width, under)):
        return glued
    return _label_lines(lead.rstrip(), width, indent) + notice_lines(" " * under + text, width, under)


def _glued_lines(lead: str, text: str, width: int, under: int) -> list[str]:
    """``lead + text`` (a label such as ``"  waited (ms) = "`` and a short value) broken inside
    the label, its continuation lines ``under`` cells in, the value never on a row of its own:
    it stays with the label's mark and last word (``  TIME_WAIT sockets`` then
    ``    (SO_REUSEADDR=0) = 1`` at 30 columns); [] where the label ends in no mark after a blank
    or that piece would not fit."""
    from .wrapping import NO_BREAK_SPACE, notice_lines

    head, blank, mark = lead.rstrip().rpartition(" ")
    if not (blank and head.strip() and len(mark) == 1 and not mark.isalnum()):
        return []
    glued = NO_BREAK_SPACE.join([head, mark, text.replace(" ", NO_BREAK_SPACE)])
    lines = [line.replace(NO_BREAK_SPACE, " ") for line in notice_lines(glued, width, under)]
    whole = "".join(lead.split()) + "".join(text.split())  # nothing shortened with "…" to fit
    return lines if "".join("".join(lines).split()) == whole else []


def _label_lines(label: str, width: int, indent: int) -> list[str]:
    """``label`` (its indent included) in lines of at most ``width`` cells, continuation lines
    under its start (``indent`` cells in), a closing mark after a blank (the ``=`` of
    ``name =``) kept with the word before it, never a line of its own."""
    from .wrapping import NO_BREAK_SPACE, notice_lines

    head, blank, mark = label.rpartition(" ")
    if blank and head.strip() and len(mark) == 1 and not mark.isalnum():
        label = head + NO_BREAK_SPACE + mark
    return [line.replace(NO_BREAK_SPACE, " ") for line in notice_lines(label, width, indent)]

