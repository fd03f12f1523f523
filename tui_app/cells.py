"""Text measured in terminal cells: cut with a visible sign, wrapped on whole characters.

A CJK character takes two cells; one that does not fit whole is never cut in half (a terminal
would drop or blank it), and text that is cut says so with ``…``.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

from .wrapping import (
    after_name,
    choice_joins,
    default_joins,
    escape_joins,
    escape_start,
    fewest_rows,
    formula_joins,
    list_joins,
    lone,
    path_joins,
    percentile_joins,
    shortened_names,
    split_escape,
    term_joins,
    unit_joins,
)

ELLIPSIS = "…"
OPENING = "（“‘《【("  # a line never ends with one of these
CLOSING = "。，、：；！？）”’》】)…"  # nor starts with one of these


def fit(text: str, width: int, words: bool = False) -> str:
    r"""``text`` padded or cut to exactly ``width`` cells; a cut one ends in ``…``, before the
    escape the cut would split (``ab…``, not ``ab\xf…``: :func:`~tui_app.wrapping.split_escape`),
    with ``words`` after the last word it keeps whole where a space comes before the cut
    (``error: connect…``)."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    head = set_cell_size(text, width - 1)
    kept = len(head.rstrip())
    head = head if (split := split_escape(text, kept)) is None else text[:split]
    if words and text[len(head.rstrip())] != " " and (space := head.rstrip().rfind(" ")) > 0:
        head = head[:space]
    return set_cell_size(head.rstrip() + ELLIPSIS, width)


def wrap(text: str, width: int, indent: int = 0, rows: int = 8) -> list[str]:
    """``text`` as lines of at most ``width`` cells, broken after a space where one is near, else
    between two whole characters; a path breaks only after a name's ``/``, and a name too wide
    for a line is shortened in its middle with ``…``. Lines after the first start with ``indent``
    spaces. At most ``rows`` lines: the last of a longer text ends with ``…``."""
    if width <= indent + 1:
        return [text]
    text = text[: rows * width + 1]  # no more is shown: a megabyte line is measured no further
    if cell_len(text) <= width:
        return [text]
    text = shortened_names(text, width - indent)
    joined = unit_joins(text) | formula_joins(text) | path_joins(text)
    joined |= percentile_joins(text, width - indent) | choice_joins(text, width - indent)
    joined |= default_joins(text, width - indent) | escape_joins(text)
    lists = list_joins(text, width - indent)
    return fewest_rows(lambda kept: _wrapped(text, width, indent, rows, joined | kept), lists)


def _wrapped(text: str, width: int, indent: int, rows: int, joined: set[int]) -> list[str]:
    """:func:`wrap` of ``text`` (its names shortened) with no break before any offset in ``joined``."""
    words = joined | term_joins(text)  # a word is split only where a line has no other break
    lines: list[str] = []
    starts: list[int] = []  # where each line starts in ``text``
    start = 0  # where the rest of the text starts
    room = width
    while cell_len(rest := _row_window(text, start, room)) > room:
        if len(lines) == rows - 1:
            lines.append(fit(rest[: 2 * room], room).rstrip())
            break
        head = set_cell_size(rest, room).rstrip()
        while cell_len(head) > room:  # a wide character padded with a space at the edge
            head = head[:-1]
        cut = escape_start(text, _break(text, start, start + len(head), words, joined), start)
        lines.append(text[start:cut].rstrip())
        starts.append(start)
        start = _after_blanks(text, cut)
        room = width - indent
        if start == len(text):
            break
    else:
        lines.append(text[start:])
        if starts and lone(text[start:]):  # the row before gives one up: "信" + "息", not "息" alone
            cut = _give_back(text, starts[-1], start, room, words)
            lines[-2:] = [text[starts[-1] : cut].rstrip(), text[cut:].lstrip(" ")]
    return [lines[0], *(" " * indent + line for line in lines[1:])]


def _row_window(text: str, start: int, room: int) -> str:
    """The part of ``text`` from ``start`` that a row of ``room`` cells is cut from: all the rest
    where it is a few cells wider than that at most, else a piece of it a few cells wider, so that
    a row costs work in proportion to the row, not to the rest of the text (a piece of twice
    ``room`` characters, doubled where characters of no width fill it)."""
    size = 2 * room + 4
    while cell_len(window := text[start : start + size]) <= room + 2 and start + size < len(text):
        size *= 2
    return window


def _after_blanks(text: str, i: int) -> int:
    """The offset of the first character of ``text`` from ``i`` on that is not a blank."""
    while i < len(text) and text[i] == " ":
        i += 1
    return i


def _give_back(text: str, before: int, last: int, room: int, joined: set[int]) -> int:
    """Where the line that starts at ``before`` ends instead, so that the last row (from
    ``last``) holds more than one character in its ``room`` cells: the latest break there that
    leaves the line before more than one character; ``last`` when there is none."""
    for end in range(last - 1, before + 1, -1):
        if cell_len(text[end:].strip()) > room:
            break
        if _breaks_at(text, end, joined) and len(text[before:end].strip()) > 1:
            return end
    return last


def _breaks_at(text: str, end: int, joined: set[int]) -> bool:
    """Whether a line of ``text`` may end before ``text[end]``: at a word's end (a space, or
    next to a wide character, which Chinese breaks between), never after opening punctuation,
    before closing punctuation or inside a piece ``joined`` keeps whole."""
    before, after = text[end - 1], text[end] if end < len(text) else " "
    if before in OPENING or after in CLOSING or end in joined:
        return False
    return after == " " or before == " " or _wide(before) or _wide(after)


def _break(text: str, start: int, cut: int, words: set[int], joined: set[int]) -> int:
    """Where to end a line of ``text`` that starts at ``start`` and may end at ``cut`` at most:
    at a word's end (after a space, or next to a wide character, which Chinese breaks between)
    if there is one in the line's last three quarters and it parts no number from its unit nor a
    path inside a name nor a Chinese word (``words``), else after the last ``/`` that ends a name
    in a path in the line, else at a word's end in its first quarter (a default or a count kept
    whole on the next line), else inside a Chinese word (parting nothing else ``joined`` keeps
    whole), else at ``cut`` itself (a word longer than that is folded)."""
    for end in range(cut, start + (cut - start) // 4, -1):
        if _breaks_at(text, end, words):
            return end
    names = [end for end in range(cut, start, -1) if after_name(text, end)]  # anywhere: a name whole
    early = (end for end in range(start + (cut - start) // 4, start, -1) if _breaks_at(text, end, words))
    inside = (end for end in range(cut, start, -1) if _breaks_at(text, end, joined))
    return names[0] if names else next(early, next(inside, cut))


def _wide(char: str) -> bool:
    return cell_len(char) == 2
