"""Event history to files: JSON lines, CSV, or a Chrome trace that opens in Perfetto.

The format comes from the file name (:data:`FORMATS`). ``.jsonl`` holds every event exactly as
``--json`` prints it (:func:`json_line`); ``.csv`` the same fields, spreadsheet-safe (see
:func:`csv_cell`), in UTF-8 with a byte-order mark; ``.trace.json`` is the timeline: one track
per client thread and per handler thread, a slice per state, a slice per message, and a flow
arrow from each send to the matching receive on the other side when both sides are in the
history.

Every export is complete or absent: it is written to a temporary file in the target's
directory, renamed into place once whole, and removed if anything fails or interrupts it.
Events are read one at a time (the CSV and the trace read them twice: a first pass finds the
columns, or the processes), so a million events are exported without holding them.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import itertools
import json
import math
import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, TypeVar

from .events import CLIENT, SERVER, Event, Kind
from .export_formats import FORMATS as FORMATS  # where the exporters are, the formats are named too
from .export_formats import export_format
from .jsonl import event_line, json_line
from .pairing import address
from .timeline import SENDING, Lane, Timeline
from .wire import printable

CORE_FIELDS = ("seq", "t", "side", "kind", "client", "local", "peer", "text", "bytes")
OUTGOING = {CLIENT: "sent", SERVER: "replied"}
TIE = 0.001  # us between two message slices of one thread stamped the same microsecond (a trace)
PROGRESS_EVERY = 10_000  # events between two calls of an export's ``progress``
CUT_FIELDS = ("carried", "unfinished")  # a received chunk's extras a trace's message slice keeps
# What a spreadsheet runs as a formula at a cell's start, and the quote that marks text: a cell
# starting with any of them gets one more "'", so one "'" is removed from every cell that has it.
_QUOTED = ("=", "+", "-", "@", "\t", "\r", "'")
_TEMP_PREFIX = ".tcp-lab-export-"


def _umask() -> int:
    """The process's umask. Read by setting it (no call only reads it): done once, at import,
    before any thread of the lab creates a file, never from the thread that exports."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()  # an export's permissions: those open() gives a new file

Progress = Callable[[int], None]
T = TypeVar("T")


def check_target(path: str | Path, overwrite: bool = False) -> Path:
    """``path`` if an export can be written there, checked as far as it can be before writing:
    FileExistsError if a file is in the way (and not ``overwrite``), ValueError with the reason
    for any other obstacle: an unknown format, a directory in the way, a name too long, a
    directory that is missing, cannot be entered or written (a file is created there and
    removed to make sure, so ``/proc`` and read-only mounts are found out too).

    Each ValueError is one sentence that names the path once, whole, then why:
    ``cannot write '/proc/x.jsonl': No such file or directory``; where it is shown, the room
    there decides how much of a long name to leave out (``tui_app.wrapping.notice_lines``)."""
    target = Path(path)
    export_format(target)
    shown = repr(str(target))
    try:
        if target.is_dir():
            raise ValueError(f"cannot write {shown}: it is a directory")
        if target.exists() and not overwrite:
            raise FileExistsError(f"{shown} already exists")
        parent = target.parent
        if not parent.is_dir():  # named: the first directory on the way that is not there
            missing = next(folder for folder in [*reversed(parent.parents), parent] if not folder.is_dir())
            raise ValueError(f"cannot write {shown}: no directory {str(missing)!r}")
        if len(os.fsencode(target.name)) > os.pathconf(parent, "PC_NAME_MAX"):
            raise ValueError(f"cannot write {shown}: the name is too long for its directory")
        fd, probe = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=".part", dir=parent)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        if isinstance(exc, FileExistsError):
            raise
        raise ValueError(f"cannot write {shown}: {exc.strerror or exc}") from None
    return target


def write_export(
    path: str | Path,
    events: Iterable[Event],
    overwrite: bool = False,
    progress: Progress | None = None,
    closing: str | None = None,
) -> int:
    """Write ``events`` (in ``seq`` order, as a bus gives them) to ``path`` in the format its name
    gives; returns how many events were written. ``progress(count)`` is called every
    :data:`PROGRESS_EVERY` events read. ``closing`` is a line a ``.jsonl`` export ends with, after
    the events (a client run's summary, as ``--json`` prints it last); the other formats hold the
    events alone.

    ``events`` may be read twice (CSV and trace make a first pass): pass a list or
    ``EventBus.snapshot()``; a one-pass iterator is read into a list first. ``progress`` counts
    the pass that writes. The file
    appears complete or not at all (even on KeyboardInterrupt). Never replaces an existing file
    unless ``overwrite`` (FileExistsError); other OSErrors pass.
    """
    target = Path(path)
    fmt = export_format(target)
    if fmt != ".jsonl" and iter(events) is events:  # two passes need a history to read twice
        events = list(events)
    counted = _counting(events, progress)

    def write(out: IO[str]) -> int:
        if fmt == ".jsonl":
            count = _write_lines(out, counted())
            if closing is not None:
                out.write(closing + "\n")
            return count
        if fmt == ".csv":
            return write_csv(out, lambda: events, counted)
        return write_trace(out, lambda: events, counted)

    return write_whole(target, write, overwrite, "utf-8-sig" if fmt == ".csv" else "utf-8")


def write_whole(
    target: Path, write: Callable[[IO[str]], T], overwrite: bool = False, encoding: str = "utf-8"
) -> T:
    """Call ``write`` with a text file (``encoding``, no newline translation) that becomes
    ``target`` once ``write`` has returned: the file appears complete or not at all (even on
    KeyboardInterrupt), written to a temporary file in ``target``'s directory and renamed into
    place. Returns what ``write`` returned. Never replaces an existing file unless ``overwrite``
    (FileExistsError); other OSErrors, and whatever ``write`` raises, pass."""
    fd, temp = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=".part", dir=target.parent)
    try:
        with open(fd, "w", encoding=encoding, newline="") as out:  # closes fd whatever follows
            os.fchmod(fd, _FILE_MODE)
            result = write(out)
            out.flush()
            os.fsync(fd)  # on disk before it has the name: after a crash, complete or absent
        _put_in_place(temp, target, overwrite)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return result


def _counting(events: Iterable[Event], progress: Progress | None) -> Callable[[], Iterator[Event]]:
    """A fresh pass over ``events`` each call, reporting ``progress`` as it goes."""

    def each() -> Iterator[Event]:
        if progress is None:
            yield from events
            return
        for number, event in enumerate(events, 1):
            if number % PROGRESS_EVERY == 0:
                progress(number)
            yield event

    return each


def _put_in_place(temp: str, target: Path, overwrite: bool) -> None:
    """Rename the finished ``temp`` to ``target``; without ``overwrite``, never over a file
    (FileExistsError), even one that appeared while the export was written."""
    if overwrite:
        os.replace(temp, target)
        return
    try:
        os.link(temp, target)  # fails if the target exists, atomically
    except FileExistsError:
        raise FileExistsError(errno.EEXIST, "already exists", str(target)) from None
    except OSError:  # a file system without hard links
        if target.exists():
            raise FileExistsError(errno.EEXIST, "already exists", str(target)) from None
        os.replace(temp, target)
        return
    os.unlink(temp)


def _write_lines(out: IO[str], events: Iterable[Event]) -> int:
    """Each event as one line of JSON (:func:`json_line`); returns how many."""
    count = 0
    for event in events:
        out.write(event_line(event) + "\n")
        count += 1
    return count


def csv_cell(value: Any) -> Any:
    """``value`` as a CSV cell a spreadsheet shows as text and never runs.

    None is empty; dicts and lists are JSON; text has its control and reordering characters
    escaped as the readable output shows them (:func:`printable`), and text starting with
    ``= + - @``, a tab or a CR gets a leading ``'`` so that no spreadsheet takes it for a formula;
    so does text starting with ``'`` itself (``'=1+2`` from a peer is ``''=1+2``), so that every
    cell starting with ``'`` had exactly one added and the text is the cell without it.
    """
    if value is None:
        return ""
    if isinstance(value, dict | list):
        value = json_line(value)
    if isinstance(value, str):
        value = printable(value)
        if value.startswith(_QUOTED):
            value = "'" + value
    return value


Pass = Callable[[], Iterable[Event]]  # one read of a history from its first event, each call


def write_csv(out: IO[str], survey: Pass, events: Pass) -> int:
    """Every event as a CSV row: the core fields, then each extra field in order of appearance.

    ``survey()`` finds the columns, ``events()`` gives the rows (as many as the survey saw):
    two passes over one history. Returns how many rows were written.
    """
    extras: dict[str, None] = {}
    seen = 0
    for event in survey():
        seen += 1
        if event.extra:
            extras.update(dict.fromkeys(event.extra))
    writer = csv.DictWriter(out, fieldnames=[*CORE_FIELDS, *extras], lineterminator="\n")
    writer.writeheader()
    for event in itertools.islice(events(), seen):
        writer.writerow({key: csv_cell(value) for key, value in event.to_dict().items()})
    return seen


def write_trace(out: IO[str], survey: Pass, events: Pass) -> int:
    """The timeline of a history as a Chrome trace (:func:`trace_events`: ``survey()`` and
    ``events()`` each read it once, an exhibit's ``events()`` twice), written one trace event at
    a time; returns how many events the history holds (a pass's count, not the passes' sum)."""
    count = 0

    def counted() -> Iterator[Event]:
        nonlocal count
        for seen, event in enumerate(events(), 1):
            count = max(count, seen)
            yield event

    out.write('{"displayTimeUnit": "ms", "traceEvents": [')
    separator = "\n"
    for item in trace_events(survey, counted):
        out.write(separator + json.dumps(item, ensure_ascii=False))
        separator = ",\n"
    out.write("\n]}\n")
    return count


def chrome_trace(events: Iterable[Event]) -> dict[str, Any]:
    """The timeline of ``events`` in the Chrome trace event format, as one dict."""
    every = list(events)
    return {"traceEvents": list(trace_events(lambda: every, lambda: every)), "displayTimeUnit": "ms"}


def trace_events(survey: Pass, events: Pass) -> Iterator[dict[str, Any]]:
    """The trace events of a history (times in whole microseconds); ``survey()`` and
    ``events()`` each give the history once (the first pass finds the processes).

    One process for the server's handlers, then one per client run, in that order (their
    ``process_sort_index``); every pid is above every tid, so no thread is taken for its
    process's main thread. Each lane is a thread: a slice per state, inside it a slice per
    message (a send spans its send call; a receipt is an instant) and an instant per error.
    Each flow arrow starts strictly inside its send's slice, where that slice is the deepest
    one (Perfetto binds a flow to the deepest slice enclosing its time), and ends on the
    receipt's slice. Lanes are written piece by piece as their segments end, so memory holds
    the open segments and, for the arrows, the times of messages waiting for their other end.
    """
    groups: dict[tuple[str, int | None], None] = {}
    top = 0
    clients: dict[str, str] = {}  # a client's local address -> its name, ``r2.1``
    exhibit = False
    for event in survey():
        if event.client is not None and event.side in (SERVER, CLIENT):
            run = None if event.side == SERVER else event.run
            groups[(event.side, run)] = None
            top = max(top, event.client)
            if event.kind == Kind.CONNECTED and event.side == CLIENT and (end := address(event)):
                clients[end] = f"r{run}.{event.client}"
        exhibit = exhibit or event.kind == "exhibit"
    ordered = sorted(groups, key=lambda g: (g[0] != SERVER, g[1] or 0))
    writer = _TraceWriter({group: top + 1 + n for n, group in enumerate(ordered)}, clients)
    if any(side == CLIENT for side, _ in ordered) and (SERVER, None) in groups:
        writer.flows = _Flows()
    timeline = Timeline()
    for batch in _batches(events(), 1000):
        timeline.feed(batch)
        for lane in timeline.pop_finished():
            yield from writer.lane(lane, timeline.launches, ended=True)
        for lane in timeline.take_closed():
            yield from writer.lane(lane, timeline.launches, ended=False)
    for lane in timeline.lanes():
        yield from writer.lane(lane, timeline.launches, ended=True)
    if exhibit:  # an exhibit's locks and writes, on its handlers' tracks (an exhibit's run is short)
        from .exhibits.spans import trace_slices  # the exhibits (and the server) load only for one

        yield from trace_slices(events(), writer.pids.get((SERVER, None), top + 1))


def _batches(events: Iterable[Event], size: int) -> Iterator[list[Event]]:
    iterator = iter(events)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


Group = tuple[str, "int | None"]  # a trace process: (side, run), run None for the handlers


class _TraceWriter:
    """Trace events of lanes given piece by piece (:meth:`Timeline.take_closed`) or whole."""

    def __init__(self, pids: dict[Group, int], clients: dict[str, str]) -> None:
        self.pids = pids
        self.clients = clients  # a client's local address -> its name, to name its handler's thread
        self.flows: _Flows | None = None  # arrows, when both sides are in the history
        self._named: set[Group] = set()  # processes already named
        self._open: set[tuple[Group, int]] = set()  # threads named and not ended yet

    def lane(self, lane: Lane, launches: dict[int, Event], ended: bool) -> Iterator[dict[str, Any]]:
        """The trace events of ``lane`` (a piece of it unless ``ended``): its process's and its
        thread's names the first time, its slices, then the arrows it completes."""
        group = (lane.side, lane.run)
        pid, tid = self.pids[group], lane.client
        if group not in self._named:
            self._named.add(group)
            yield _meta(pid, 0, "process_name", _process_name(lane.side, lane.run, launches))
            yield _meta(pid, 0, "process_sort_index", pid - min(self.pids.values()), key="sort_index")
        thread = (group, tid)
        if thread not in self._open:
            yield _meta(pid, tid, "thread_name", self._thread_name(lane))
            yield _meta(pid, tid, "thread_sort_index", tid, key="sort_index")
        if ended:
            self._open.discard(thread)
        else:
            self._open.add(thread)
        sends = {segment.end: segment.start for segment in lane.segments if segment.state == SENDING}
        outgoing = OUTGOING[lane.side]
        sent: list[tuple[float, float]] = []  # (start, end) of each send, in order
        got: list[float] = []  # when each chunk with bytes was received
        for segment in lane.segments:
            yield _slice(pid, tid, segment.state, "state", _us(segment.start), _us(segment.end))
        after = -math.inf  # where the latest message slice ended: a later one starts past it
        for message in lane.messages:
            end = _us(message.t)
            start = _us(sends.get(message.t, message.t)) if message.kind == outgoing else end
            if start <= after:  # the same microsecond (t is kept to it): a nanosecond later, in
                start = after + TIE  # the order they happened, so an arrow binds to its own slice
                end = max(end, start)
            after = end
            if message.kind == outgoing:
                sent.append((start, end))
            elif message.bytes:
                got.append(end)
            args = {"text": message.text, "bytes": message.bytes, "seq": message.seq}
            if message.extra:  # a chunk cut inside a character: which of its text's bytes were its own
                args |= {key: message.extra[key] for key in CUT_FIELDS if key in message.extra}
            yield _slice(pid, tid, message.kind, "message", start, end, args)
        for error in lane.errors:
            mark = {"ph": "i", "s": "t", "name": "error", "cat": "error", "ts": _us(error.t)}
            yield mark | {"pid": pid, "tid": tid, "args": {"text": error.text}}
        if self.flows is not None:
            for (sender, (start, end)), (receiver, into) in self.flows.add(lane, pid, sent, got, ended):
                yield from _arrow(self.flows.number, sender, (start + end) / 2, receiver, into)

    def _thread_name(self, lane: Lane) -> str:
        """``client r2.1`` for client 1 of run 2; ``handler #4`` for the handler of connection 4,
        with its client when that is in the history too (``handler #4 = r2.1``)."""
        if lane.side == CLIENT:
            return f"client r{lane.run}.{lane.client}"
        end = address(lane)
        client = self.clients.get(end) if end else None
        return f"handler #{lane.client}" + (f" = {client}" if client else "")


class _Flows:
    """Pairs each send with its receipt on the other end of the connection, as the two lanes
    come in pieces: the k-th message one end sent goes to the k-th chunk with bytes the other
    end received (TCP keeps no message boundaries; the lesson's one message each way pairs
    exactly). A client and its handler belong together by :mod:`server_core.pairing`'s rule.
    Holds what waits for its other end (a connection whose other end is not
    in the history keeps its times to the end); linear in the messages."""

    def __init__(self) -> None:
        self._connections: dict[str, _Connection] = {}
        self.number = 0  # arrows made so far: the id of the latest

    def add(
        self, lane: Lane, pid: int, sent: list[tuple[float, float]], got: list[float], ended: bool
    ) -> Iterator[tuple[tuple[tuple[int, int], tuple[float, float]], tuple[tuple[int, int], float]]]:
        """((sender thread, send span), (receiver thread, receipt time)) of each arrow that
        ``lane``'s new sends and receipts complete; threads as (pid, tid)."""
        end = address(lane)
        if end is None:
            return
        connection = self._connections.setdefault(end, _Connection())
        mine = connection.sides.setdefault(lane.side, _End((pid, lane.client)))
        mine.sent.extend(sent)
        mine.got.extend(got)
        mine.ended = ended
        other = connection.sides.get(SERVER if lane.side == CLIENT else CLIENT)
        if other is not None:
            for sender, receiver in ((mine, other), (other, mine)):
                while sender.sent and receiver.got:
                    self.number += 1
                    yield (sender.thread, sender.sent.popleft()), (receiver.thread, receiver.got.popleft())
        if ended and other is not None and other.ended:  # done: a later connection may reuse the port
            del self._connections[end]


class _End:
    """One end of a connection as the flows see it: its thread, sends and receipts not paired yet."""

    def __init__(self, thread: tuple[int, int]) -> None:
        self.thread = thread
        self.sent: deque[tuple[float, float]] = deque()
        self.got: deque[float] = deque()
        self.ended = False


class _Connection:
    def __init__(self) -> None:
        self.sides: dict[str, _End] = {}


def _arrow(
    number: int, sender: tuple[int, int], ts: float, receiver: tuple[int, int], into: float
) -> Iterator[dict[str, Any]]:
    """A flow arrow: it starts at ``ts`` on the sender's thread and ends on the receiver's slice
    at ``into`` (``bp`` ``e``: the enclosing slice)."""
    common = {"id": number, "name": "message", "cat": "message"}
    yield common | {"ph": "s", "ts": ts, "pid": sender[0], "tid": sender[1]}
    yield common | {"ph": "f", "bp": "e", "ts": into, "pid": receiver[0], "tid": receiver[1]}


def _process_name(side: str, run: int | None, launches: dict[int, Event]) -> str:
    if side == SERVER:
        return "server handlers"
    launched = launches.get(run or 0)
    settings = (launched.extra or {}) if launched else {}
    detail = f" ({settings['order']}, hold {settings['hold']:g} s)" if settings else ""
    return f"clients, run {run}{detail}"


def _us(t: float) -> float:
    """Microseconds to the nanosecond (the clock's own resolution): slices that meet share one
    value, so none overlaps its neighbour, and two steps a microsecond apart stay apart."""
    return round(t * 1_000_000, 3)


def _meta(pid: int, tid: int, name: str, value: object, key: str = "name") -> dict[str, Any]:
    return {"ph": "M", "name": name, "pid": pid, "tid": tid, "args": {key: value}}


def _slice(
    pid: int, tid: int, name: str, cat: str, ts: float, end: float, args: dict | None = None
) -> dict[str, Any]:
    event = {"ph": "X", "name": name, "cat": cat, "pid": pid, "tid": tid, "ts": ts, "dur": round(end - ts, 3)}
    if args:
        event["args"] = args
    return event
