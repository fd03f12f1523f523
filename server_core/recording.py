"""Reading a recording back: the ``.jsonl`` lines of ``serve --json``, ``clients --json``, an
``--export`` or the app's export, as the :class:`Event`\\ s they were written from.

:func:`read_recording` gives every event exactly (``seq``, ``t``, side, kind, the core fields and
the extras) or raises :class:`RecordingError`, one line naming the file and the line number: a
line cut short, binary data, a line that is not UTF-8, not JSON or not an event, a ``seq`` out of
sequence, a field of the wrong type (a ``wall`` anchor that is no time), a message whose text
cannot be the bytes its ``bytes`` field counts (``_check_size``). A gap in ``seq`` is
allowed in a file that declares it (a server ``error`` with ``lost``: the lab's history lost
events, which a file it wrote then lacks). A UTF-8 byte-order mark at the start is allowed. A
field or a kind this version does not know (written by a newer one) is skipped and counted, not fatal. The
file is only ever opened for reading.
"""

from __future__ import annotations

import codecs
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .events import ALL_EXTRAS, CLIENT, CLIENT_KINDS, SERVER, SERVER_KINDS, Event

KINDS = {SERVER: SERVER_KINDS, CLIENT: CLIENT_KINDS}
CORE = ("seq", "t", "side", "kind", "client", "local", "peer", "text", "bytes")
# extras whose type the readers rely on: what each must be
_NUMBER_EXTRAS = {
    "wall": "a wall-clock time (Unix seconds)",
    "hold": "a number of seconds",
    "waited": "a number of seconds",
}
_WHOLE_EXTRAS = {
    "run": "a run number",
    "n": "a client count",
    "position": "an entry number",
    "carried": "a count of bytes",
    "lost": "a count of events",
}
_TEXT_EXTRAS = {"unfinished": "bytes as \\xNN escapes"}  # extras the views turn back to bytes
_BYTE_ESCAPES = re.compile(r"(?:\\x[0-9a-f]{2})*")
_OPTIONAL_TYPES: dict[str, type] = {"client": int, "local": str, "peer": str, "text": str, "bytes": int}
_MESSAGES = frozenset({"sent", "received", "replied"})  # kinds whose text is the bytes they count
# bytes a message's text may leave out or take in beyond its own: the start of a character cut
# at its end (up to 3, carried into the next message's text) or an exhibit line's newline
_CUT_BYTES = 4


class RecordingError(ValueError):
    """A file that cannot be read as a recording; ``str()`` is the one line to show."""


class OtherExport(RecordingError):
    """A file the lab itself exported in a format ``open`` and ``merge`` do not read back:
    ``format`` is its ending (``.trace.json``, ``.csv``); only ``.jsonl`` is a recording."""

    def __init__(self, path: str, format: str) -> None:
        super().__init__(f"{path}: a {format} export of tcp-lab; open and merge read .jsonl recordings only")
        self.path, self.format = path, format


class RecordingUnreadable(RecordingError):
    """A recording's file that cannot be opened or read at all (missing, a directory, no
    permission): the path given is wrong, not the file's content."""


@dataclass
class Recording:
    """The events of one recording file, in ``seq`` order.

    ``summary`` is the ``summary`` object ``clients --json`` ends with, if the file has one.
    ``skipped_fields`` counts fields (by occurrence) and ``skipped_events`` events of kinds this
    version does not know, left out of ``events``.
    """

    path: str
    events: list[Event]
    summary: dict[str, Any] | None = None
    skipped_fields: int = 0
    skipped_events: int = 0
    unknown: set[str] = field(default_factory=set)

    @property
    def sides(self) -> set[str]:
        """The sides the recording holds events of: ``server``, ``client`` or both."""
        return {e.side for e in self.events}

    @property
    def wall(self) -> float | None:
        """The wall-clock time (Unix seconds) of the recording's ``t`` = 0, from the first event
        that carries it; None for a recording made before events carried one."""
        for event in self.events:
            wall = (event.extra or {}).get("wall")
            if isinstance(wall, int | float):
                return float(wall)
        return None

    @property
    def duration(self) -> float:
        """Seconds from ``t`` = 0 to the last event."""
        return self.events[-1].t if self.events else 0.0


def read_recording(path: str | Path) -> Recording:
    """The events of the ``.jsonl`` recording at ``path``; RecordingError (naming the file and
    line) for a file that cannot be read, is empty, cut short, corrupt or not a recording."""
    name = str(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise RecordingUnreadable(f"{name}: cannot read: {exc.strerror or exc}") from None
    recording = Recording(name, [])
    lines = data.removeprefix(codecs.BOM_UTF8).split(b"\n")  # an editor may have saved a BOM
    if (other := _other_export(lines[0])) is not None:
        raise OtherExport(name, other)
    cut = lines[-1] != b""  # the last line has no newline: the file may end inside it
    expected = 1
    gap: str | None = None  # the first seq past the one due: refused unless the file declares a loss
    declared = False
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        where = f"{name}:{number}"
        row = _parsed(raw, where, cut and number == len(lines))
        if isinstance(row, dict) and row.get("kind") == "summary" and "seq" not in row:
            recording.summary = row
            continue
        seq = row.get("seq") if isinstance(row, dict) else None
        if type(seq) is int and seq > expected:  # a gap (a bool is no seq: type, not isinstance)
            gap = gap or _out_of_sequence(where, seq, expected)
            expected = seq
        event = _event(row, where, expected, recording)
        expected += 1
        if event is not None:
            recording.events.append(event)
            declared = declared or _declares_loss(event)
    if gap and not declared:
        raise RecordingError(gap)
    if expected == 1:
        raise RecordingError(f"{name}: no events in it, so not a tcp-lab recording")
    return recording


def _other_export(first: bytes) -> str | None:
    """The lab's other export format (``.trace.json``, ``.csv``) a file's ``first`` line begins,
    as :mod:`server_core.export` writes it; None for any other line."""
    if first.startswith(b"{") and b'"traceEvents"' in first:
        return ".trace.json"
    if first.startswith(",".join(CORE[:4]).encode() + b","):  # the CSV's header: seq,t,side,kind,...
        return ".csv"
    return None


def _parsed(raw: bytes, where: str, last: bool) -> object:
    """The JSON value of one line; RecordingError saying what is wrong with it: binary data, not
    UTF-8, cut short (``last``: the file's last line, without a final newline, an object begun
    and not ended) or not JSON."""
    if b"\x00" in raw:
        raise RecordingError(f"{where}: binary data (a NUL byte), not text, so not a tcp-lab recording")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if last and exc.end == len(raw) and exc.reason == "unexpected end of data":
            raise RecordingError(f"{where}: the line is cut short (the file ends inside it)") from None
        byte = raw[exc.start]
        raise RecordingError(
            f"{where}: not UTF-8 text (byte 0x{byte:02x} at byte {exc.start + 1}), so not a tcp-lab recording"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        begun = text.strip()
        if last and begun.startswith("{") and not begun.endswith("}"):  # an object that never ends
            raise RecordingError(f"{where}: the line is cut short (the file ends inside it)") from None
        raise RecordingError(f"{where}: not a line of JSON, so not a tcp-lab recording") from None


def _event(row: object, where: str, expected: int, recording: Recording) -> Event | None:
    """The event of one parsed line; None for a kind this version does not know."""
    if not isinstance(row, dict) or not {"seq", "t", "side", "kind"} <= row.keys():
        raise RecordingError(f"{where}: not a tcp-lab event (it needs seq, t, side and kind)")
    seq, t, side, kind = row["seq"], row["t"], row["side"], row["kind"]
    if not _is_int(seq) or seq != expected:
        raise RecordingError(_out_of_sequence(where, seq, expected))
    if isinstance(t, bool) or not isinstance(t, int | float) or not math.isfinite(t) or t < 0:
        raise RecordingError(f"{where}: t {t!r} is not a time in seconds")
    if side not in KINDS:
        raise RecordingError(f"{where}: side {side!r} is neither server nor client")
    if not isinstance(kind, str):
        raise RecordingError(f"{where}: kind {kind!r} is not a name")
    for key, kind_of in _OPTIONAL_TYPES.items():
        value = row.get(key)
        if value is not None and not (isinstance(value, kind_of) and (kind_of is str or _is_int(value))):
            raise RecordingError(
                f"{where}: {key} {value!r} is not {'text' if kind_of is str else 'a number'}"
            )
    text, size = row.get("text"), row.get("bytes")
    if size is not None and size < 0:
        raise RecordingError(f"{where}: bytes {size!r} is not a count of bytes")
    if kind in _MESSAGES and text is not None and size is not None:
        _check_size(text, size, where)
    if kind not in KINDS[side]:
        recording.skipped_events += 1
        recording.unknown.add(f"{side} {kind}")
        return None
    extra: dict[str, Any] = {}
    for key, value in row.items():
        if key in ALL_EXTRAS:  # every extra the engine writes (events.EXTRAS); others: a newer version
            _check_extra(key, value, where)
            extra[key] = value
        elif key not in CORE:
            recording.skipped_fields += 1
            recording.unknown.add(key)
    get = row.get
    return Event(
        seq,
        float(t),
        side,
        kind,
        get("client"),
        get("local"),
        get("peer"),
        get("text"),
        get("bytes"),
        extra or None,
    )


def _check_size(text: str, size: int, where: str) -> None:
    """RecordingError when a message's ``text`` cannot be the ``size`` bytes its ``bytes`` field
    counts. Each byte is one to four characters of the text (``\\xNN`` for a byte that is not
    UTF-8, ``\\\\`` for a backslash; an older version's ``\\ufffd``), give or take
    :data:`_CUT_BYTES`, so the text's UTF-8 size lies between ``size - 4`` and four times
    ``size + 4``: a 5 MB text where ``bytes`` says 22 is no message the recorder wrote."""
    if size - _CUT_BYTES <= len(text) <= size + _CUT_BYTES:  # the usual message: fits, unencoded
        return
    encoded = len(text.encode("utf-8", "surrogatepass"))  # a lone surrogate in JSON counts too
    if not size - _CUT_BYTES <= encoded <= 4 * (size + _CUT_BYTES):
        raise RecordingError(
            f"{where}: the text's size in UTF-8 ({encoded}) does not fit bytes {size}, "
            "so not a tcp-lab recording"
        )


def _out_of_sequence(where: str, seq: object, expected: int) -> str:
    return f"{where}: seq {seq!r} where {expected} was due: events are missing or out of order"


def _declares_loss(event: Event) -> bool:
    """Whether ``event`` says the history lost events (so the file lacks them)."""
    return event.side == SERVER and event.kind == "error" and "lost" in (event.extra or {})


def _check_extra(key: str, value: object, where: str) -> None:
    """RecordingError when a field whose type every reader relies on has another type."""
    finite = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if key in _NUMBER_EXTRAS and not finite:
        raise RecordingError(f"{where}: {key} {value!r} is not {_NUMBER_EXTRAS[key]}")
    if key in _WHOLE_EXTRAS and not _is_int(value):
        raise RecordingError(f"{where}: {key} {value!r} is not {_WHOLE_EXTRAS[key]}")
    if key in _TEXT_EXTRAS and not (isinstance(value, str) and _BYTE_ESCAPES.fullmatch(value)):
        raise RecordingError(f"{where}: {key} {value!r} is not {_TEXT_EXTRAS[key]}")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
