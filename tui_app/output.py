"""The command line's standard output: every event, then the closing lines, written whole.

A thread of its own drains the bus and writes with an ``os.write`` loop that finishes partial
writes. Python's buffered ``sys.stdout`` loses the rest of a partial write when a signal handler
runs while a slow reader holds the pipe (two JSON lines spliced, the rest of the batch gone);
this loop loses nothing, and as the main thread never writes, a reader that stops reading never
stops the command from stopping and exporting: :meth:`Output.close` waits a bounded time, then
says what was not written: how many events, and which closing lines (the summary, the lanes).

Lines go out whole: they are grouped into writes of at most ``PIPE_BUF`` bytes, each made only once
``poll`` says the descriptor takes more, so a write to a pipe is atomic and never blocks. When the
closing bound passes, writing stops after the last whole line: no line is ever cut, and
``written`` counts exactly the events whose whole line reached the descriptor. (A single line
longer than ``PIPE_BUF`` goes out in pieces; one begun gets ``LINE_GRACE`` more seconds to end.)

On a terminal, a readable event line wider than it is broken where words and units allow (an
address or a figure is never parted), its continuation lines indented under the event's
description; to a pipe or a file every event stays one line, for scripts.
"""

from __future__ import annotations

import os
import select
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator

from server_core.events import CLIENT, SERVER, EventBus

from . import diagnostics
from .hanging import NARROWEST
from .strings import describe, tr
from .width import terminal_columns, text_width

DRAIN_PERIOD = 0.05  # seconds between batches written to standard output
BATCH = 1000  # events drained at a time
FINAL_FLUSH = 5.0  # seconds the closing write may wait for a reader that does not read
LINE_GRACE = 1.0  # seconds more a line already begun may take to end after FINAL_FLUSH
TURN = -1  # _write_events' bound for one turn of the writer: what a drain finds now
CHUNK = select.PIPE_BUF  # bytes: the most one write may carry and stay atomic on a pipe
DESCRIPTION_AT = 19  # cells before a readable line's description: its time (9), 2, its side (6), 2


def _sides(lang: str) -> dict[str, str]:
    """Each side's label in ``lang``, padded to six columns: the readable lines' second field."""
    labels = {name: tr(f"side.{name}", lang) for name in (CLIENT, SERVER)}
    return {name: label + " " * (6 - text_width(label)) for name, label in labels.items()}


def _fitted(lines: list[str], width: int) -> list[str]:
    """``lines`` (readable event lines) with each one wider than ``width`` cells broken into lines
    that fit, as the panes break them (:class:`tui_app.wrapping.Wrapped`), joined by newlines in
    one string per event; the continuation lines start under the description (at the margin on a
    terminal too narrow to leave it :data:`NARROWEST` cells). A line that fits is left as it is,
    and only a line that does not loads the line breaking."""
    fits = [2 * len(line) <= width or text_width(line) <= width for line in lines]
    if all(fits):
        return lines
    from .wrapping import Wrapped

    indent = DESCRIPTION_AT if width - DESCRIPTION_AT >= NARROWEST else 0
    pairs = zip(lines, fits, strict=True)
    return [line if fit else "\n".join(Wrapped(line, indent).lines(width)) for line, fit in pairs]


class _GaveUp(Exception):
    """The closing bound passed with lines still to write."""


class Output:
    """Writes a bus's events to a file descriptor (standard output) as readable lines or JSON
    lines, on a thread of its own, from :meth:`start` until :meth:`close`.

    :meth:`line` queues a line (a summary) after the events already emitted, and before any
    emitted later.
    ``failure`` says why writing stopped (a closed pipe, no memory), None while all is well;
    ``failed`` is set at that moment. The events stay in the bus's history either way.
    """

    def __init__(self, bus: EventBus, as_json: bool, lang: str, fd: int | None = None) -> None:
        self.bus, self.as_json, self.lang = bus, as_json, lang
        self.fd = sys.stdout.fileno() if fd is None else fd
        self.written = 0  # events written whole
        self.failure: str | None = None
        self.failed = threading.Event()
        self._lines: deque[tuple[str, int, str]] = deque()  # (text, events emitted before it, part)
        self._wake = threading.Event()
        self._closing = threading.Event()
        self._done = threading.Event()
        self._deadline = float("inf")  # monotonic seconds: set by close()
        self._thread = threading.Thread(target=self._run, name="output", daemon=True)
        self._encoding = "utf-8" if as_json else (sys.stdout.encoding or "utf-8")
        self._sides = {} if as_json else _sides(lang)
        self._terminal = not as_json and os.isatty(self.fd)  # readable lines a person reads there
        if as_json:  # the JSON encoder loads only for JSON lines
            from server_core.jsonl import event_line

            self._event_line = event_line

    def start(self) -> Output:
        self._thread.start()
        return self

    def line(self, text: str, part: str = "") -> None:
        """Write ``text`` and a newline after the events emitted so far, before any later one.
        ``part`` names what the line belongs to (a text key: ``cli.part.summary``), for
        :attr:`unwritten_parts`; a line of no part (a line end) is not said when unwritten."""
        self._lines.append((text, self.bus.emitted, part))
        self._wake.set()

    def after_interrupt(self) -> None:
        """After Ctrl-C: the terminal echoed ``^C`` (:func:`diagnostics.interrupted`). When
        standard output is such a terminal, the writer ends that line before anything more it
        writes, events emitted before the stop and not yet written too, so the lines of the stop
        start on their own (not ``^C    6.227  server  stopped``), and standard error then adds no
        second line end; to a pipe or a file, standard error ends it now when it is that terminal
        (the command may write nothing more there, and the prompt would follow ``^C``)."""
        diagnostics.interrupted()
        if diagnostics.echoes_control(self.fd):
            self._wake.set()
        else:
            diagnostics.end_interrupted_line(sys.stderr)

    def close(self, timeout: float = FINAL_FLUSH) -> bool:
        """Write what is left and stop, waiting at most ``timeout`` seconds for a reader that does
        not read; True when everything was written. Writing stops after the last whole line."""
        self._deadline = time.monotonic() + timeout
        self._closing.set()
        self._wake.set()
        self._done.wait(timeout + LINE_GRACE + 2 * DRAIN_PERIOD)
        complete = self._done.is_set() and self.failure is None and not self._lines
        return complete and self.unwritten == 0

    @property
    def unwritten(self) -> int:
        """Events emitted and not (yet) written."""
        return self.bus.emitted - self.written

    @property
    def unwritten_parts(self) -> list[str]:
        """The parts (text keys given to :meth:`line`) of the lines queued and not (yet) written,
        each once, in the order queued."""
        return list(dict.fromkeys(part for _, _, part in list(self._lines) if part))

    def _run(self) -> None:
        try:
            while True:
                closing = self._closing.is_set()
                self._send(b"")  # the line end owed after ^C, if any, even when nothing else comes
                self._write_lines()
                self._write_events(until=None if closing else TURN)
                if closing:
                    return
                self._wake.wait(DRAIN_PERIOD)
                self._wake.clear()
        except _GaveUp:
            pass
        except (OSError, MemoryError) as exc:
            self.failure = getattr(exc, "strerror", None) or type(exc).__name__
            self.failed.set()
        finally:
            self._done.set()

    def _write_lines(self) -> None:
        """Write the queued lines, each right after the events emitted before it was queued."""
        while self._lines:
            self._write_events(until=self._lines[0][1])
            drained = self.bus.drained
            ready = [text for text, mark, _ in list(self._lines) if mark <= drained]  # a copy: it grows
            for data, count in self._chunks(ready):
                self._send(data)
                for _ in range(count):
                    self._lines.popleft()

    def _write_events(self, until: int | None) -> None:
        """Write the events emitted so far, :data:`BATCH` at most at a time: up to the
        ``until``-th emitted (its ``seq``) and no later one; all there are when None (closing:
        writing goes on until a drain finds none); with :data:`TURN`, until a batch short of
        :data:`BATCH` has taken every event there was: the next ones wait for the next turn.
        (Drained again at once, the bus would give the one or two events emitted during the
        write: a write and a poll for each line, each handing the interpreter lock on among the
        threads that emit them.)"""
        while True:
            room = BATCH if until is None or until == TURN else min(BATCH, until - self.bus.drained)
            if room <= 0 or not (batch := self.bus.drain(room)):
                return
            if self.as_json:
                lines = [self._event_line(e) for e in batch]
            else:
                side, lang = self._sides, self.lang
                lines = [f"{e.t:9.3f}  {side.get(e.side, e.side)}  {describe(e, lang, True)}" for e in batch]
                if self._terminal:
                    lines = _fitted(lines, terminal_columns(self.fd))
            for data, count in self._chunks(lines):
                self._send(data)
                self.written += count
            if len(batch) < BATCH and until == TURN:
                return

    def _chunks(self, lines: list[str]) -> Iterator[tuple[bytes, int]]:
        """``lines`` encoded, each with its newline, in writes of at most :data:`CHUNK` bytes (a
        longer line alone in one): each write's bytes and how many lines it holds."""
        chunk: list[bytes] = []
        size = 0
        for line in lines:
            data = self._encode(line + "\n")
            if chunk and size + len(data) > CHUNK:
                yield b"".join(chunk), len(chunk)
                chunk, size = [], 0
            chunk.append(data)
            size += len(data)
        if chunk:
            yield b"".join(chunk), len(chunk)

    def _encode(self, text: str) -> bytes:
        return text.encode(self._encoding, "backslashreplace")

    def _send(self, data: bytes) -> None:
        """Write all of ``data`` (whole lines), each piece once the descriptor takes more: partial
        writes are finished, interrupted ones retried. Raises _GaveUp, nothing written, when the
        closing bound has passed; a piece begun has LINE_GRACE seconds more to end. The line end
        owed after a typed ``^C`` (:meth:`after_interrupt`) goes first."""
        if diagnostics.pay_line_end(self.fd):
            data = b"\n" + data
        view = memoryview(data)
        poller = select.poll()
        poller.register(self.fd, select.POLLOUT)
        while view:
            bound = self._deadline + (LINE_GRACE if len(view) < len(data) else 0.0)
            if time.monotonic() >= bound:
                raise _GaveUp
            if not poller.poll(DRAIN_PERIOD * 1000):
                continue
            try:
                view = view[os.write(self.fd, view[:CHUNK]) :]
            except (InterruptedError, BlockingIOError):
                continue
