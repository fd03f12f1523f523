"""Whole numbers as a user writes them: ASCII digits only, one rule for every option.

``str.isdigit`` and ``int`` also take full-width digits (U+FF13), other scripts' digits
(U+0663) and, for ``isdigit``, superscripts (U+00B2, which ``int`` then refuses with its own
message); a number here is ``[+-]?[0-9]+`` and nothing else. A sign is written as it is in
``seconds`` options (``+1.5``): ``+5`` is 5, as `` 5`` is, and ``-1`` is a number that each
caller's range refuses without the digits hint. Text that is empty (or blank) is said to be
empty, with what it must be, never quoted as ``''``.
"""

from __future__ import annotations

import re

from .wire import quoted

DIGITS = "in ASCII digits 0-9"  # a refusal of text that is no number says so, after what it wanted
_DIGITS = re.compile(r"[+-]?[0-9]+")


def must_be(what: str, text: str) -> str:
    """Why ``text`` is refused: ``must be {what}, not '-1'``; ``is empty; it must be {what}``
    (without :func:`wanted`'s digits hint) when ``text`` is empty or blank. A caller puts the
    subject in front (``semaphore width must be ...``) and raises ValueError with it."""
    if not text.strip():
        return f"is empty; it must be {what.removesuffix(f', {DIGITS}')}"
    return f"must be {what}, not {quoted(text)}"


def wanted(what: str, value: float | None) -> str:
    """What a refused number had to be: ``what`` (its range), and the digits hint only when
    ``value`` (the number read, None when the text was not one) shows it was not well-formed:
    ``'99999'`` is told its range alone, a full-width digit also how numbers are written."""
    return what if value is not None else f"{what}, {DIGITS}"


def whole(text: str) -> int | None:
    """``text`` (surrounding blanks ignored) as a whole number of ASCII digits after an optional
    sign (``-1`` is -1: the caller checks its range), or None."""
    value = text.strip()
    return int(value) if _DIGITS.fullmatch(value) else None
