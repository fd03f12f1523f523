"""The "Messages per client" pane: one row per connection, updated in place."""

from __future__ import annotations

import time
from collections.abc import Iterable

from rich.text import Text
from textual.geometry import Size
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

from server_core import printable

from ..connections import Changes, Connection
from ..strings import TEXTS, tr

COLUMNS = ("id", "state", "sent", "got", "server", "address")
FIXED = {"id": 7, "state": 10, "server": 8, "address": 21}  # widths; sent and got share the rest
MIN_TEXT = 12
MAX_TEXT = 48
REBUILD_AT = 50  # removing more rows than this at once rebuilds the table instead
CELL_CHARS = 200  # characters of a message kept in a cell (the conversation pane has it all)
DRAW_PERIOD = 0.5  # seconds between two redraws at most; changes in between are merged
ROWS_BUDGET = 0.015  # seconds a draw spends adding rows while many wait; the rest go in the next


class ClientsTable(DataTable):
    """Shows :class:`Connection`s; text from the network is shown literally (never markup)."""

    def __init__(self, lang: str, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.lang = lang
        self._shown: dict[str, tuple[Text, ...]] = {}  # cells on screen, by row key
        self._pending = Changes()
        self._connections: dict[int, Connection] = {}
        self._drawn_at = 0.0
        self._cursor_key: int | None = None  # the row to put the cursor back on once it is drawn again

    def on_mount(self) -> None:
        for key in COLUMNS:
            self.add_column(tr(f"col.{key}", self.lang), width=FIXED.get(key, MIN_TEXT), key=key)
        self.set_interval(DRAW_PERIOD, self.draw)

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """Size the table without measuring its new rows.

        Textual's DataTable measures every cell of every new row to widen auto-sized columns;
        here every column has a set width and every row one line, so a storm of a thousand rows
        would be measured for nothing (it was the app's largest cost under load).
        """
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(width + self._row_label_column_width, self._total_row_height + header)

    def on_resize(self) -> None:
        """Give what and what back the room left; server # and address scroll in when narrow."""
        width = self.scrollable_content_region.width
        room = width - 2 * len(COLUMNS) - sum(FIXED.values())
        if room < 2 * MIN_TEXT:
            room = width - 2 * 4 - FIXED["id"] - FIXED["state"]
        each = min(MAX_TEXT, max(MIN_TEXT, room // 2))
        for key in ("sent", "got"):
            self.columns[ColumnKey(key)].width = each
        self._require_update_dimensions = True
        self.refresh()

    def apply(self, changes: Changes, connections: dict[int, Connection]) -> None:
        """Take ``changes`` to ``connections``; drawn now, or merged and drawn within DRAW_PERIOD.

        A storm of connections then costs a few redraws a second, not one per batch: every change
        lays out the table and draws its visible rows again (tens of milliseconds).
        """
        self._pending.merge(changes)
        self._connections = connections
        if time.monotonic() - self._drawn_at >= DRAW_PERIOD:
            self.draw()

    def draw(self, budget: float | None = ROWS_BUDGET) -> None:
        """Add, update and remove rows as the changes taken since the last draw say.

        Rows are added until ``budget`` (seconds; None: no limit) is spent and the rest wait for
        the next draw: adding a thousand rows at once would hold the keys for a tenth of a second.
        """
        changes, self._pending = self._pending, Changes()
        if not changes:
            return
        self._drawn_at = time.monotonic()
        connections = self._connections
        if len(changes.removed) > REBUILD_AT:
            highlighted = self.highlighted_key()
            self._cursor_key = highlighted if highlighted in connections else None
            self.clear()
            self._shown.clear()
            changes = Changes(added=list(connections.values()))  # every row again, in order
        for key in changes.removed:
            self.remove_row(str(key))
            del self._shown[str(key)]
        for key in changes.updated:
            row_key, cells = str(key), self.cells(connections[key])
            for column, old, new in zip(COLUMNS, self._shown[row_key], cells, strict=True):
                if old != new:
                    self.update_cell(row_key, column, new)
            self._shown[row_key] = cells
        deadline = None if budget is None else time.perf_counter() + budget
        for index, conn in enumerate(changes.added):
            if deadline is not None and index % 32 == 31 and time.perf_counter() >= deadline:
                self._pending.added = changes.added[index:]
                break
            self._add(conn)
        if self._cursor_key is not None and str(self._cursor_key) in self.rows:
            self.move_cursor(row=self.get_row_index(str(self._cursor_key)))
            self._cursor_key = None

    def _add(self, conn: Connection) -> None:
        cells = self.cells(conn)
        self.add_row(*cells, key=str(conn.key))
        self._shown[str(conn.key)] = cells

    def highlighted_key(self) -> int | None:
        """The connection key of the row under the cursor, if any."""
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return int(row_key.value) if row_key.value is not None else None

    def cells(self, conn: Connection) -> tuple[Text, ...]:
        cells = {
            "id": Text(who(conn, self.lang)),
            "state": state_text(conn, self.lang),
            "sent": Text(_counted(conn.sent, conn.last_sent)),
            "got": Text(_counted(conn.got, conn.last_got)),
            "server": Text(f"#{conn.number}" if conn.number is not None else "-"),
            "address": Text(conn.address or "-"),
        }
        return tuple(cells[key] for key in COLUMNS)


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
    text = printable(last[:CELL_CHARS])  # a cell shows a few dozen; measuring a megabyte costs
    return text if count == 1 else f"x{count} {text}"
