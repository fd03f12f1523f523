"""Every regular expression of the product costs time in proportion to the text it reads: text
from the network or a user reaches them, and one that backtracks over a long run of word
characters (a 1 KB ``mmmm…`` chunk from a client) made the conversation pane fall seconds
behind. Each compiled pattern of ``tui_app`` and ``server_core`` reads 8000 repeats of each
hostile piece in at most twice the time a linear one would (4 times that of 2000 repeats): a
quadratic pattern takes 16 times. So does wrapping a line with no blank in it into rows (a
Chinese line of 8000 characters once took 15 times what 2000 did: each row measured the whole
rest of the line)."""

from __future__ import annotations

import collections
import importlib
import pkgutil
import re
import time
from collections.abc import Callable, Iterator
from types import ModuleType

import pytest

import server_core
import tui_app
from tui_app import cells, hanging, wrapping
from tui_app.strings.choice_names import _named_choice

pytestmark = pytest.mark.timeout(60)

# One character or two repeated: word characters, digits, blanks, brackets, quotes, escapes,
# paths, operators: each the start of a match that a backtracking pattern tries to the end.
PIECES = ("m", "1", "a.", " ", "(", "“a", "1 ", "m ", "\\", "a = ", "/a", "\\x", "1.", "a:")
SMALL, LARGE = 2000, 8000
TRIES = 5  # the best of a few: a busy machine slows one run, not every one
RATIO = 8  # 4 times the text: 4 times the time when linear, 16 when quadratic
SLOW = 0.2  # s of CPU for 2000 repeats: a linear pattern takes a few ms


def _modules(package: ModuleType) -> Iterator[ModuleType]:
    yield package
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if not info.name.endswith("__main__"):
            yield importlib.import_module(info.name)


def _patterns() -> dict[str, re.Pattern[str]]:
    """Each compiled pattern of the two packages by its module and name (and the one pattern a
    function builds from the texts)."""
    found = {
        f"{module.__name__}.{name}": value
        for package in (tui_app, server_core)
        for module in _modules(package)
        for name, value in vars(module).items()
        if isinstance(value, re.Pattern) and isinstance(value.pattern, str)
    }
    return found | {"tui_app.strings.choice_names._named_choice()": _named_choice()}


def _seconds(pattern: re.Pattern[str], text: str) -> float:
    """CPU seconds of reading every match of ``pattern`` in ``text``, once."""
    begun = time.process_time()
    collections.deque(pattern.finditer(text), maxlen=0)
    return time.process_time() - begun


def _best(pattern: re.Pattern[str], text: str) -> float:
    return min(_seconds(pattern, text) for _ in range(TRIES))


def test_the_patterns_are_found() -> None:
    names = _patterns()
    assert {"tui_app.wrapping._FORMULA", "tui_app.hanging._NAMED", "server_core.wire._ESCAPE"} <= set(names)


@pytest.mark.parametrize("piece", PIECES)
def test_every_pattern_reads_in_linear_time(piece: str) -> None:
    slow = []
    for name, pattern in _patterns().items():
        small = _seconds(pattern, piece * SMALL)
        if small > SLOW:
            slow.append(f"{name} on {piece!r} * {SMALL}: {small:.2f} s")
            continue
        large = _seconds(pattern, piece * LARGE)
        if large > RATIO * small:  # a few tries only where one looks slow
            small, large = _best(pattern, piece * SMALL), _best(pattern, piece * LARGE)
        if large > RATIO * max(small, 1e-3):
            slow.append(f"{name} on {piece!r}: {small * 1000:.1f} ms, then {large * 1000:.1f} ms for 4x")
    assert not slow, "\n".join(slow)


WRAPPERS: dict[str, Callable[[str], object]] = {
    "cells.wrap": lambda text: cells.wrap(text, 80, 2, rows=len(text) // 40),
    "wrapping.breaks": lambda text: wrapping.breaks(text, 80, 2),
    "hanging.hung_lines": lambda text: hanging.hung_lines(text, 80),
}


def _wrapping_seconds(wrapper: Callable[[str], object], text: str) -> float:
    begun = time.process_time()
    wrapper(text)
    return time.process_time() - begun


@pytest.mark.parametrize("piece", ("m", "我", "\\x", "a/", "1."))
def test_a_long_line_wraps_in_linear_time(piece: str) -> None:
    slow = []
    for name, wrapper in WRAPPERS.items():
        small, large = (piece * (size // len(piece)) for size in (SMALL, LARGE))
        times = [_wrapping_seconds(wrapper, text) for text in (small, large)]
        if times[1] > RATIO * max(times[0], 1e-3):  # a few tries only where one looks slow
            times = [min(_wrapping_seconds(wrapper, text) for _ in range(TRIES)) for text in (small, large)]
        if times[1] > RATIO * max(times[0], 1e-3):
            slow.append(f"{name} on {piece!r}: {times[0] * 1000:.1f} ms, then {times[1] * 1000:.1f} ms (4x)")
    assert not slow, "\n".join(slow)
