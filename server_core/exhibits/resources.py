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
        self._pieces: list[str] = []

    def write(self, piece: str) -> None:
        me = self.stage.actor()
        self._pieces.append(piece)
        me.emit("wrote", text=piece, resource=self.name, thread=me.thread)

    def lines(self) -> list[str]:
        """The board's complete lines, in order."""
        return "".join(self._pieces).splitlines()
