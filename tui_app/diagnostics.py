"""The command's own lines on standard error: refusals (``tcp-lab run: error: ...``), failures and
notices (``tcp-lab: ...``, in the language's punctuation: a full-width colon in Chinese).

Each is one line to a pipe or a file, for scripts; on a terminal narrower than the line it is
broken where words, units and paths allow (:func:`tui_app.wrapping.notice_lines`, as the summary
is), in any language, never cut mid-word by the terminal. Only a line that does not fit loads
the line breaking.

After Ctrl-C the terminal has echoed ``^C`` where the next line would start. :func:`interrupted`
notes that one line end is owed there, and the first of standard output and standard error to
write to a terminal that echoes control characters pays it (:func:`pay_line_end`): exactly one
line end follows ``^C``, whichever stream writes first, never two.
"""

from __future__ import annotations

import signal
import sys
import threading
from typing import TextIO

from .strings import default_lang, tr
from .strings.reasons import lowercase_system_words
from .width import terminal_columns, text_width

PROG = "tcp-lab"
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)  # Ctrl-C, kill, the terminal gone

_owed = threading.Event()  # set by interrupted(), cleared by the stream that ends the ^C line
_paying = threading.Lock()


class Stopped(KeyboardInterrupt):
    """A stop signal (one of :data:`STOP_SIGNALS`) that ended a command before it had finished,
    raised where its main thread was, as Ctrl-C raises KeyboardInterrupt; ``signum`` is its
    number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def say(text: str, stream: TextIO | None = None, head: str = "") -> None:
    """Write ``head + text`` and a newline to ``stream`` (standard error) and flush it, broken at
    words when ``stream`` is a terminal narrower than it, its continuation lines under ``text``
    (``head``: ``tcp-lab: ``, ``tcp-lab run: error: ``); on its own line after a ``^C`` the
    terminal echoed when it is the first line written there since."""
    stream = sys.stderr if stream is None else stream
    lines = shown_lines(head, text, stream)
    try:
        fd = stream.fileno()
    except (OSError, ValueError):  # no descriptor (a test's capture), or closed
        fd = -1
    start = "\n" if fd >= 0 and pay_line_end(fd) else ""
    print(start + "\n".join(lines), file=stream, flush=True)


def notice(text: str, lang: str) -> None:
    """:func:`say` ``tcp-lab: text`` (a failure or a notice, no command named) in ``lang``, its
    continuation lines under ``text``."""
    say(lowercase_system_words(text), head=tr("cli.notice", lang, prog=PROG, message=""))


def refuse(prog: str, message: str, lang: str) -> None:
    """:func:`say` the refusal of an argument, ``prog: error: message`` in ``lang``, then
    :func:`point_to_help`."""
    say(lowercase_system_words(message), head=tr("cli.error", lang, prog=prog, message=""))
    point_to_help(prog, lang)


def point_to_help(prog: str, lang: str) -> None:
    """:func:`say`, after a refused argument of ``prog`` (``tcp-lab`` or ``tcp-lab COMMAND``),
    where its usage is: ``see tcp-lab clients --help for how to use it``, the help asked in
    ``lang`` (``--lang zh``) when the environment would show it in another language."""
    asked = "" if lang == default_lang() else f" --lang {lang}"
    say(tr("cli.see_help", lang, command=f"{prog}{asked} --help"))


def interrupted() -> None:
    """Note that a typed Ctrl-C was caught: the terminal echoed ``^C`` and owes a line end."""
    _owed.set()


def pay_line_end(fd: int) -> bool:
    """True, once after :func:`interrupted`, when ``fd`` is a terminal that echoes a typed control
    character (ECHO and ECHOCTL on): the caller writes a line end first. False otherwise, and for
    every later call (the line end is paid)."""
    if not _owed.is_set() or not echoes_control(fd):
        return False
    with _paying:
        if not _owed.is_set():
            return False
        _owed.clear()
        return True


def end_interrupted_line(stream: TextIO) -> bool:
    """Write the line end owed after ``^C`` (:func:`interrupted`) to ``stream`` now, when it is
    the terminal that echoed it (:func:`pay_line_end`); True if written."""
    try:
        fd = stream.fileno()
    except (OSError, ValueError):  # no descriptor (a test's capture), or closed
        return False
    if not pay_line_end(fd):
        return False
    stream.write("\n")
    stream.flush()
    return True


def echoes_control(fd: int) -> bool:
    """Whether ``fd`` is a terminal that echoes a typed control character (``^C``): ECHO and
    ECHOCTL on."""
    import termios

    try:
        local = termios.tcgetattr(fd)[3]
    except (termios.error, OSError):  # a pipe, a file
        return False
    return bool(local & termios.ECHO and local & termios.ECHOCTL)


def shown_lines(head: str, text: str, stream: TextIO) -> list[str]:
    """``head + text`` as ``stream`` shows it: broken into lines that fit its terminal,
    continuation lines under ``text`` (elsewhere where that would leave them too little room:
    see :func:`tui_app.hanging.labelled_lines`), or as it is when it fits or ``stream`` is no
    terminal."""
    try:
        width = terminal_columns(stream.fileno()) if stream.isatty() else 0
    except (OSError, ValueError):  # no descriptor (a test's capture), or closed
        width = 0
    if not width or text_width(head + text) <= width:
        return [head + text]
    from .hanging import labelled_lines

    return labelled_lines(head, text, width)
