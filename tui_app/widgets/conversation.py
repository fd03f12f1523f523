"""The conversation pane: every event of the selected connection, both ends, in time order, with
times; on request each message also as its bytes, hexadecimal beside the characters."""

from __future__ import annotations

from rich.cells import cell_len

from server_core import Event
from server_core.hexview import ROW, hex_rows
from server_core.wire import to_bytes

from ..connections import Connection
from ..session import Update
from ..strings import describe, tr
from .clients_table import who
from .following_log import WRAP_INDENT, FollowingLog, time_column


class ConversationPane(FollowingLog):
    """Shows one connection at a time, its events by ``(t, seq)``; ``follow`` appends what arrives
    for it.

    The bus's ``seq`` follows ``t`` but for one case: in step mode a server still in its child
    process (an outside connection keeps it there) reports its events a batch (up to 20 ms) late,
    after later ones of the clients held in the app's process. An event that goes before lines
    already written has the conversation written again in time order.
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(auto_scroll=True, **kwargs)
        self.connection: Connection | None = None
        self._shown = 0  # the highest seq written (a connection's events come in seq order)
        self._last: tuple[float, int] = (0.0, 0)  # (t, seq) of the last event written
        self.bytes = False  # whether each message is followed by its bytes

    def apply_update(self, update: Update) -> None:
        """Append what arrived for the selected connection; let it go if the book dropped it."""
        conn = self.connection
        if update.batch and conn is not None:
            if conn.key in update.book.connections:
                self.follow()
            else:
                self.select(None)

    def select(self, conn: Connection | None) -> None:
        """Show ``conn``'s whole conversation (or nothing)."""
        self.connection = conn
        self.clear()
        if conn is None:
            self.border_title = tr("pane.conversation.none", self.lang)
            return
        self.border_title = tr("pane.conversation", self.lang, who=_title(conn, self.lang))
        self._write_all(conn)

    def _write_all(self, conn: Connection) -> None:
        """Write ``conn``'s whole conversation at once, not at the next write time (a choice of
        the reader's, or events that go before some written)."""
        self._shown, self._last = 0, (0.0, 0)
        if conn.trimmed:
            self.add_lines([tr("conversation.trimmed", self.lang)])
        self.follow()
        self.flush()

    def follow(self) -> None:
        """Append the selected connection's events not written yet, in time order; when one of
        them goes before an event written already, write the whole conversation again."""
        conn = self.connection
        if conn is None:
            return
        new = sorted((e for e in conn.events if e.seq > self._shown), key=_when)
        if not new:
            return
        if _when(new[0]) < self._last:
            self._rewrite(conn, len(new))
            return
        self._shown = max(e.seq for e in new)
        self._last = _when(new[-1])
        self.add_lines(new)
        self.border_title = tr("pane.conversation", self.lang, who=_title(conn, self.lang))

    def _rewrite(self, conn: Connection, new: int) -> None:
        """Write ``conn``'s conversation again, in time order, ``new`` events more than before; a
        view that follows still does, one the reader scrolled back stays where it was."""
        following, waiting, y = self.following, self._new, round(self.scroll_y)
        self.clear()
        self.following = following
        self._write_all(conn)
        if following:
            return
        self._place(y)  # the pane's own move: the view held stays held
        self._new = waiting + new
        self.show_waiting()

    def format_line(self, item: object) -> str:
        return line(item, self.lang) if isinstance(item, Event) else str(item)

    def lines_for(self, item: object, width: int) -> list[str]:
        """An event's line, wrapped, then (in the bytes view) its bytes in rows that fit ``width``."""
        lines = super().lines_for(item, width)
        if self.bytes and isinstance(item, Event):
            lines += byte_lines(item, width)
        return lines

    def toggle_bytes(self) -> None:
        """Show or hide the bytes of every message, redrawing the conversation."""
        self.bytes = not self.bytes
        self.select(self.connection)


def _when(event: Event) -> tuple[float, int]:
    """Where ``event`` goes in a conversation: by its time, then its number."""
    return event.t, event.seq


def line(event: Event, lang: str) -> str:
    """``time side arrow what``: the side named once, in its column (``client -> r1.1 sending: hi``)."""
    arrow = "->" if event.kind in ("sent", "replied") else ("<-" if event.kind == "received" else "  ")
    said = describe(event, lang, side_said=True)
    return f"{time_column(event.t)} {tr(f'side.{event.side}', lang)} {arrow} {said}"


LABEL = 6  # cells at the least of the byte count on the first row: "22 B", "1024 B", right-aligned
FEWEST = 4  # bytes of hex the text column stands past at the least, however narrow the pane


def byte_lines(event: Event, width: int) -> list[str]:
    """The bytes a message event carried as rows of hex and text indented past the time column
    (where the top row of the view shows its event's time); none for other events.

    The text column starts at the same cell for every message in a pane ``width`` cells wide:
    past as many bytes of hex (``ROW`` at most, ``FEWEST`` at least) as leave room for that many
    cells of text. A message whose text is wider (escaped bytes take four cells each) puts fewer
    bytes on a row (one at the least), padded to that column, so a character stays on the line
    of its hex. A chunk
    cut inside a character shows its own bytes: not those of earlier chunks its text begins
    with, but those it held back (the ``carried`` and ``unfinished`` extras); the end of a
    character cut by the close shows none (its bytes are under the chunk that brought them)."""
    extra = event.extra or {}
    unfinished = to_bytes(extra.get("unfinished", ""))
    if event.kind not in ("sent", "received", "replied") or not (event.text or unfinished):
        return []
    data = to_bytes(event.text or "") + unfinished
    carried = extra.get("carried", 0)
    if len(data) <= carried:
        return []
    label = f"{len(data) - carried} B"
    indent, cells = " " * WRAP_INDENT, max(LABEL, len(label))
    before = WRAP_INDENT + cells + 2  # cells before the hex
    widest = next((n for n in range(ROW, FEWEST, -1) if before + 4 * n + 1 <= width), FEWEST)
    column = 3 * widest - 1  # two digits a byte, a space between; then two blanks and the text
    for size in range(widest, 0, -1):
        lines = []
        for n, (hex_, text) in enumerate(hex_rows(data, size, carried, len(unfinished))):
            lines.append(f"{indent}{'' if n else label:>{cells}}  {hex_:<{column}}  {text}")
        if all(cell_len(row) <= width for row in lines):
            break
    return lines


def _title(conn: Connection, lang: str) -> str:
    """``#4 = r2.1 127.0.0.1:40000``: the server's number for the connection and the client's
    name, paired, where both ends are known; ``#4 outside 127.0.0.1:40000`` for an outside one."""
    number = f"#{conn.number} {'= ' if conn.launched else ''}" if conn.number is not None else ""
    return f"{number}{who(conn, lang)} {conn.address or ''}".strip()
