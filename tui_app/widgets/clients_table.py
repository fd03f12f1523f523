"""The "Messages per client" pane: one row per connection, updated in place."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from server_core import printable

from ..connections import Changes, Connection
from ..strings import TEXTS, tr

COLUMNS = (("id", 8), ("server", 8), ("state", 16), ("sent", 24), ("got", 20), ("address", 22))
REBUILD_AT = 50  # removing more rows than this at once rebuilds the table instead


class ClientsTable(DataTable):
    """Shows :class:`Connection`s; text from the network is shown literally (never markup)."""

    def __init__(self, lang: str, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.lang = lang

    def on_mount(self) -> None:
        for key, width in COLUMNS:
            self.add_column(tr(f"col.{key}", self.lang), width=width, key=key)

    def apply(self, changes: Changes, connections: dict[int, Connection]) -> None:
        """Add, update and remove rows as ``changes`` says."""
        if len(changes.removed) > REBUILD_AT:
            self.rebuild(connections.values())
            return
        for key in changes.removed:
            self.remove_row(str(key))
        for conn in changes.added:
            self.add_row(*self.cells(conn), key=str(conn.key))
        for key in changes.updated:
            conn = connections[key]
            for column, value in zip(COLUMNS, self.cells(conn), strict=True):
                self.update_cell(str(key), column[0], value)

    def rebuild(self, connections: object) -> None:
        highlighted = self.highlighted_key()
        self.clear()
        for conn in connections:  # type: ignore[attr-defined]
            self.add_row(*self.cells(conn), key=str(conn.key))
        if highlighted is not None and str(highlighted) in self.rows:
            self.move_cursor(row=self.get_row_index(str(highlighted)))

    def highlighted_key(self) -> int | None:
        """The connection key of the row under the cursor, if any."""
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return int(row_key.value) if row_key.value is not None else None

    def cells(self, conn: Connection) -> tuple[Text, ...]:
        return (
            Text(who(conn, self.lang)),
            Text(f"#{conn.number}" if conn.number is not None else "-"),
            state_text(conn, self.lang),
            Text(_counted(conn.sent, conn.last_sent)),
            Text(_counted(conn.got, conn.last_got)),
            Text(conn.address or "-"),
        )


def who(conn: Connection, lang: str) -> str:
    """``r2.3`` for the third client of run 2; ``outside`` for a client the app did not launch."""
    return f"r{conn.run}.{conn.client}" if conn.launched else tr("who.outside", lang)


def state_text(conn: Connection, lang: str) -> Text:
    if conn.state == "error":
        return Text(tr("state.error", lang, text=printable(conn.error or "")), style="bold red")
    style = "dim" if conn.state == "closed" else ("yellow" if conn.state == "waiting" else "")
    key = f"state.{conn.state}"
    return Text(tr(key, lang) if key in TEXTS else conn.state, style=style)


def _counted(count: int, last: str) -> str:
    if not count:
        return ""
    text = printable(last)
    return text if count == 1 else f"x{count} {text}"
