"""Torn write: handlers copy their clients' messages to one shared board, a piece at a time.

A real writer puts a line out in pieces (a buffer's worth, a character) and can be switched out
between any two. Unsafe, every handler writes a piece and the next handler's piece follows it:
the board's lines are torn (``客客客户户户端端端…`` for 3 handlers). Safe, one lock is held for
a whole message.
"""

from __future__ import annotations

from typing import Any

from ..clients import DEFAULT_MESSAGE
from .base import Exhibit, Line
from .resources import Board
from .stage import WatchedLock


def message(number: int) -> str:
    """What client ``number`` asks to have copied: the lesson's own message."""
    return DEFAULT_MESSAGE.replace("{i}", str(number))


def torn_start(n: int, characters: int = 3) -> str:
    """How the board begins when ``n`` handlers copy without a lock: each of the message's first
    ``characters`` written by every handler in turn (``客客客户户户端端端…`` for 3)."""
    return "".join(character * n for character in message(1)[:characters]) + "…"


def whole(line: str, writers: list[int]) -> bool:
    """Whether a line of the board, written by the connections ``writers``, is one client's
    message exactly as that client sent it."""
    return len(writers) == 1 and line == message(writers[0])


class TornWrite(Exhibit):
    name = "torn-write"
    default_n = 3

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.board = Board(self.stage)
        self.lock = WatchedLock(self.stage, "board-lock")

    def given(self) -> dict[str, Any]:
        """Also ``message`` (client 1's) and ``torn``: how the board begins unsafe, true for any
        ``n`` (each of the first characters once per handler, all handlers' pieces in one round)."""
        return {**super().given(), "message": message(1), "torn": torn_start(self.n)}

    def serve(self, talk: Line) -> str:
        text = talk.hear()
        if self.safe:
            with self.lock:
                self._copy(text)
        else:
            self._copy(text)
        talk.say("copied")
        return "copied"

    def _copy(self, text: str) -> None:
        pieces = [*text]
        pieces[-1] += "\n"
        for piece in pieces:
            self.board.write(piece)
            self.stage.pause()  # where a real writer may be switched out: the others write now

    def visit(self, number: int, talk: Line) -> None:
        talk.say(message(number))
        self.told(number, talk.hear())

    def observe(self) -> tuple[dict[str, Any], bool]:
        rows = self.board.rows()
        lines = [text for text, _ in rows]
        torn = sum(not whole(text, writers) for text, writers in rows)
        observed = {
            "lines": len(lines),
            "torn": torn,
            "intact": len(lines) - torn,
            "board": lines,
            "written_by": [writers for _, writers in rows],
        }
        return observed, len(lines) == self.n and (torn == 0 if self.safe else torn > 0)
