"""A terminal's report cut by a read is waited for, never turned into keys.

A terminal sends a mouse click as one write: ``ESC [ < 0 ; 45 ; 38 M`` and ``ESC [ < 0 ; 45 ; 38 m``
(SGR press and release). Textual's input parser reads what has arrived; when a read ends inside
a report and the rest is not parsed within ``ESCDELAY`` (0.1 s), it gives the report up and
hands its characters on as keys: ``[``, ``<``, ``0``, ``;``, ``4``, ``5``, ... Under load (a run
of a thousand clients, a busy machine) the input thread can wait longer than that for its turn,
and a click's digits became the app's keys: on the experiments screen ``4`` started experiment 4.
The terminal's answers at start are reports too: a cut one would give ``?`` (help), ``R``, ``t``.

:class:`ReportParser` gives a report that has begun (``ESC [`` and a parameter: ``<``, ``?``, a digit)
:data:`PATIENCE` to end instead, and drops it, as it drops no key, if it never does. A lone
Escape, and Escape with a key in one write (Meta), still count after ``ESCDELAY``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import textual.drivers.linux_driver
from textual._parser import Read1
from textual._time import get_time
from textual._xterm_parser import XTermParser
from textual.message import Message

PATIENCE = 1.0  # seconds a begun report is waited for before it is dropped
# a CSI with a parameter (0-9 : ; < = > ?, then intermediates such as $): a mouse report, a key
# with modifiers, the terminal's answers (a mode's "ESC [ ? 2026 ; 2 $ y", its size, the cursor)
BEGUN = re.compile(r"\x1b\[[0-?]+[ -/]*")
ESC = "\x1b"


class ReportParser(XTermParser):
    """Textual's parser, with a begun report waited for (:data:`PATIENCE`) and never keys."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._begun = ""  # the characters of the escape sequence being read, from its ESC

    def feed(self, data: str) -> Iterable[Message]:
        """Parse ``data``; note the escape sequence it leaves unfinished, if any."""
        if not data or (not self._begun and ESC not in data):  # the end; keys, text
            yield from super().feed(data)
            return
        for character in data:  # a few characters at a time: keys, mouse reports
            yield from super().feed(character)
            begun = self._begun + character if character != ESC else ESC
            self._begun = begun if self._waiting_inside() else ""

    def tick(self) -> Iterable[Message]:
        """Give an unfinished sequence up after ``ESCDELAY``, as Textual does; a begun report
        only after :data:`PATIENCE`, and then without a key."""
        due = self._timeout_time
        if due is None or not BEGUN.fullmatch(self._begun):
            yield from super().tick()
            return
        if get_time() < due + PATIENCE:
            return  # its rest is on its way
        self._begun = ""
        for _ in super().tick():  # the report's characters, as keys: dropped
            pass

    def _waiting_inside(self) -> bool:
        """Whether the parser waits for the next character of an escape sequence."""
        awaiting = self._awaiting
        return isinstance(awaiting, Read1) and awaiting.timeout is not None


def install() -> None:
    """Make the terminal driver read input with :class:`ReportParser` (the app does, as it
    loads its form: ``widgets/controls.py``, where the other readings of input are set)."""
    textual.drivers.linux_driver.XTermParser = ReportParser  # type: ignore[misc]
