"""The conversation pane: every event of the selected connection, both ends, in order, with times;
on request each message also as its bytes, hexadecimal beside the characters."""

from __future__ import annotations

from server_core import Event
from server_core.hexview import hex_rows
from server_core.wire import to_bytes

from ..connections import Connection
from ..strings import describe, tr
from .clients_table import who
from .following_log import FollowingLog


class ConversationPane(FollowingLog):
    """Shows one connection at a time; ``follow`` appends what arrives for it."""

    def __init__(self, lang: str, **kwargs: object) -> None:
        super().__init__(auto_scroll=True, **kwargs)
        self.lang = lang
        self.connection: Connection | None = None
        self._shown = 0  # seq of the last event written
        self.bytes = False  # whether each message is followed by its bytes

    def select(self, conn: Connection | None) -> None:
        """Show ``conn``'s whole conversation (or nothing)."""
        self.connection = conn
        self.clear()
        self._shown = 0
        if conn is None:
            self.border_title = tr("pane.conversation.none", self.lang)
            return
        self.border_title = tr("pane.conversation", self.lang, who=_title(conn, self.lang))
        if conn.trimmed:
            self.add_lines([tr("conversation.trimmed", self.lang)])
        self.follow()
        self.flush()  # a choice of the reader's: shown at once, not at the next write time

    def follow(self) -> None:
        """Append the selected connection's events not written yet."""
        conn = self.connection
        if conn is None:
            return
        new = [e for e in conn.events if e.seq > self._shown]
        if new:
            self._shown = new[-1].seq
            if self.bytes:
                self.add_lines([text for e in new for text in (line(e, self.lang), *byte_lines(e))])
            else:
                self.add_lines([line(e, self.lang) for e in new])
            self.border_title = tr("pane.conversation", self.lang, who=_title(conn, self.lang))

    def toggle_bytes(self) -> None:
        """Show or hide the bytes of every message, redrawing the conversation."""
        self.bytes = not self.bytes
        self.select(self.connection)


def line(event: Event, lang: str) -> str:
    arrow = "->" if event.kind in ("sent", "replied") else ("<-" if event.kind == "received" else "  ")
    return f"{event.t:7.3f} {tr(f'side.{event.side}', lang)} {arrow} {describe(event, lang)}"


def byte_lines(event: Event) -> list[str]:
    """The bytes of a message event as indented rows of hex and text; none for other events."""
    if event.kind not in ("sent", "received", "replied") or not event.text:
        return []
    data = to_bytes(event.text)
    rows = hex_rows(data)
    label = f"{len(data)} B"
    return [f"{label if n == 0 else '':>12}  {hexes:<47}  {text}" for n, (hexes, text) in enumerate(rows)]


def _title(conn: Connection, lang: str) -> str:
    """``#4 = r2.1 127.0.0.1:40000``: the server's number for the connection and the client's
    name, paired, where both ends are known."""
    number = f"#{conn.number} = " if conn.number is not None else ""
    return f"{number}{who(conn, lang)} {conn.address or ''}".strip()
