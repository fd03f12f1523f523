"""Shared resources whose every read and write is an event of the handler that makes it.

Neither resource protects itself: that is the exhibits' point. Each keeps what happened to it,
so an exhibit can say afterwards exactly which update was lost or which line was torn.
"""

from __future__ import annotations

from dataclasses import dataclass

from .stage import Stage


@dataclass(frozen=True, slots=True)
class Write:
    """One handler's read-modify-write of the balance: what it read (and when: the event's
    ``seq``), what it wrote and when."""

    who: int
    read_seq: int
    read: int
    write_seq: int
    wrote: int


class Balance:
    """A shared number read and written in separate steps: ``read`` emits ``read`` and
    ``write`` emits ``wrote``, each with ``resource``, ``value`` and the value as ``text``."""

    name = "balance"

    def __init__(self, stage: Stage, value: int) -> None:
        self.stage = stage
        self.value = value
        self._seen: dict[int, tuple[int, int]] = {}  # connection -> (seq, value) of its latest read
        self.writes: list[Write] = []

    def read(self) -> int:
        me = self.stage.actor()
        value = self.value
        seq = me.emit("read", text=str(value), resource=self.name, value=value, thread=me.thread)
        self._seen[me.number] = (seq, value)
        return value

    def write(self, value: int) -> None:
        me = self.stage.actor()
        self.value = value
        seq = me.emit("wrote", text=str(value), resource=self.name, value=value, thread=me.thread)
        read_seq, read = self._seen.get(me.number, (0, value))
        self.writes.append(Write(me.number, read_seq, read, seq, value))

    def overwritten(self) -> dict[int, int]:
        """Lost updates: connection -> the connection whose write overwrote its write. A write is
        lost when a later write came from a handler that had read the balance before it."""
        writes = sorted(self.writes, key=lambda w: w.write_seq)
        lost = {}
        for index, write in enumerate(writes):
            for later in writes[index + 1 :]:
                if later.read_seq < write.write_seq:
                    lost[write.who] = later.who
                    break
        return lost


class Board:
    """A shared output that writers append to in pieces; ``write`` emits ``wrote`` with
    ``resource`` and the piece as ``text``."""

    name = "board"

    def __init__(self, stage: Stage) -> None:
        self.stage = stage
        self._pieces: list[tuple[int, str]] = []  # (the writer's connection, its piece), in order

    def write(self, piece: str) -> None:
        me = self.stage.actor()
        self._pieces.append((me.number, piece))
        me.emit("wrote", text=piece, resource=self.name, thread=me.thread)

    def rows(self) -> list[tuple[str, list[int]]]:
        """Each line of the board, in order (the last one even without its line end), with the
        connections whose characters are in it, in the order they first wrote to it:
        ``[("客客户户…功", [1, 2]), ("功", [2])]``."""
        rows: list[tuple[str, list[int]]] = []
        text, writers = "", list[int]()
        for who, piece in self._pieces:
            *ended, rest = piece.split("\n")
            for part in ended:  # a line end in the piece: the line so far is done
                text, writers = self._add(text, writers, who, part)
                rows.append((text, writers))
                text, writers = "", []
            text, writers = self._add(text, writers, who, rest)
        return [*rows, (text, writers)] if text else rows

    @staticmethod
    def _add(text: str, writers: list[int], who: int, part: str) -> tuple[str, list[int]]:
        return text + part, [*writers, who] if part and who not in writers else writers
