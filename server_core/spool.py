"""The older part of an event history, kept in order in an anonymous temporary file.

Events (named tuples) are written in records of at most :data:`RECORD` events, each record the
events' fields as a list of plain tuples in :mod:`marshal`'s format (:func:`encode`), compressed
with zlib: about 12 bytes an event. A child process of the lab sends its events as records so
encoded, and the spool writes those as they came, never encoding them twice
(:meth:`Spool.append_encoded`). marshal rather than JSON: it writes and reads a record four to
five times faster (the reader pays it for every event, beside the network threads); it only
builds values, never runs code, and the file is written and read by this process alone, from
bytes made by it or its own children. A value marshal cannot hold is written as a plain one: a
subclass of a plain type (an ``IntEnum``) as its base, anything that is not a number, string,
bytes, None, tuple, list, set or dict as its ``str``. The file, in the temporary directory, has
no name from the moment it is created, so nothing stays on disk, even after a crash.
:func:`pack` and :func:`unpack` give the same format to the process engine's pipe.

A record that cannot be written (a full disk, a file-size limit, no descriptor for the file) is
lost, not raised: :attr:`Spool.lost` counts its events, :attr:`Spool.failure` says why, and the
positions after it stay where they were (reading a lost position gives nothing).
"""

from __future__ import annotations

import bisect
import marshal
import os
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Generic, TypeVar, cast

T = TypeVar("T", bound=tuple)

RECORD = 1000  # events per record: what one read decodes, and the longest the encoder holds the GIL


class Spool(Generic[T]):
    """Events appended in order as rows (plain tuples) and read back by position (0 is the first
    appended), rebuilt by ``make(position, rows)`` from the rows at ``position`` on (the bus
    gives each its ``seq``, position + 1).

    One thread appends at a time; any thread may read, at the same time, the positions below
    the ``count`` it saw after an append returned (reads use ``pread``: no shared file position).
    """

    def __init__(self, make: Callable[[int, list[tuple]], Iterable[T]]) -> None:
        self._make = make
        self._fd: int | None = None  # the file's descriptor, from the first append on
        self._closed = False
        self._starts: list[int] = []  # position of each record's first event
        self._spans: list[tuple[int, int]] = []  # (byte offset, length) of each record
        self._size = 0
        self.count = 0  # positions taken: events written and events lost
        self.lost = 0  # events that could not be written
        self.failure: OSError | None = None  # why the latest record could not be written
        self._last: tuple[int, list[tuple]] = (-1, [])  # the record read last: (index, rows)

    def append(self, events: Sequence[tuple]) -> None:
        """Write ``events`` after those already written; those that cannot be written are
        counted in :attr:`lost` (never raised: the caller goes on)."""
        for first in range(0, len(events), RECORD):
            chunk = events[first : first + RECORD]
            self.append_encoded(encode(chunk), len(chunk))

    def append_encoded(self, data: bytes, count: int) -> None:
        """Write ``count`` events that :func:`encode` has made ``data`` of (a child process's, as
        they came over its pipe: not encoded twice) as one record; counted in :attr:`lost` when
        it cannot be written, as :meth:`append` does."""
        if self._closed:
            raise ValueError("the spool is closed")
        span = _LOST
        try:
            if self._fd is None:
                self._fd = _anonymous_file()
            span = self._write(zlib.compress(data, 1))
        except OSError as exc:
            self.failure = exc
            self.lost += count
        self._starts.append(self.count)
        self._spans.append(span)
        self.count += count

    def _write(self, data: bytes) -> tuple[int, int]:
        """Write ``data`` at the end of the file; its (offset, length). OSError if it cannot."""
        assert self._fd is not None
        written = 0
        while written < len(data):
            written += os.pwrite(self._fd, data[written:], self._size + written)
        span = (self._size, len(data))
        self._size += len(data)
        return span

    def read(self, start: int, stop: int) -> list[T]:
        """The events at positions ``start`` up to ``stop`` (not included), lost ones left out."""
        events: list[T] = []
        index = bisect.bisect_right(self._starts, start) - 1
        while start < stop:
            first = self._starts[index]
            events += self._make(start, self._record(index)[start - first : stop - first])
            index += 1
            start = self._starts[index] if index < len(self._starts) else self.count
        return events

    def iter(self, stop: int) -> Iterator[T]:
        """The events at positions below ``stop``, one record in memory at a time."""
        index = 0
        while index < len(self._starts) and (first := self._starts[index]) < stop:
            yield from self._make(first, self._record(index)[: stop - first])
            index += 1

    def close(self) -> None:
        """Free the file; reading or appending afterwards raises ValueError."""
        self._closed = True
        if self._fd is not None:
            os.close(self._fd)

    def _record(self, index: int) -> list[tuple]:
        """The rows of record ``index`` (none for a lost one). The record read last is kept
        decoded: a reader taking fewer events at a time than a record holds (the app drains 500
        of a record's 1,000) reads and decodes each record once, not once per part."""
        if self._closed or self._fd is None:
            raise ValueError("the spool is closed")
        last, rows = self._last  # one read of the pair: readers on other threads replace it whole
        if last == index:
            return rows
        offset, length = self._spans[index]
        if length < 0:
            return []
        rows = cast(list[tuple], marshal.loads(zlib.decompress(os.pread(self._fd, length, offset))))
        self._last = (index, rows)
        return rows


_LOST = (0, -1)  # the span of a record that could not be written


def _anonymous_file() -> int:
    """A descriptor of a new temporary file that has no name on disk."""
    with tempfile.TemporaryFile(buffering=0) as file:
        return os.dup(file.fileno())


def encode(events: Sequence[tuple]) -> bytes:
    """``events`` as a record's bytes before compression: marshal bytes of a list of plain tuples;
    values marshal cannot hold (a tuple's subclass such as an ``Event``, an ``IntEnum``) become
    plain ones. A bus's rows are plain already: a list of them is written as it is."""
    try:
        return marshal.dumps(events if type(events) is list else list(events))
    except ValueError:
        return marshal.dumps([tuple(map(_plain, fields)) for fields in events])


def pack(value: Any) -> bytes:
    """``value`` (numbers, strings, bytes, None and containers of them) in marshal's format, any
    other part as a plain value (see :func:`_plain`): the process engine's messages, which go only
    from one process of ours to another over a pipe of their own (values only, never code)."""
    try:
        return marshal.dumps(value)
    except ValueError:
        return marshal.dumps(_plain(value))


def unpack(data: bytes) -> Any:
    """The value :func:`pack` wrote."""
    return marshal.loads(data)


def _plain(value: Any) -> Any:
    """``value`` with every part marshal cannot hold replaced: subclasses of the plain types by
    their base, anything else by its ``str``."""
    if value is None or type(value) in _ATOMS:
        return value
    for atom in _ATOMS:
        if isinstance(value, atom):
            return cast(Any, atom)(value)
    if isinstance(value, dict):
        return {_plain(key): _plain(item) for key, item in value.items()}
    for container in _CONTAINERS:
        if isinstance(value, container):
            return container(map(_plain, value))
    return str(value)


_ATOMS: tuple[type[Any], ...] = (bool, int, float, complex, str, bytes, bytearray)  # marshal holds as is
_CONTAINERS = (list, tuple, set, frozenset)
