"""The clients table at the narrowest width the app supports (50 columns, the pane about 20
cells): columns that do not fit are left out from the right, whole, rather than scrolled to; a
cell or a header that is cut ends with ``…``."""

from __future__ import annotations

import pytest
from pilot_helpers import until
from rich.cells import cell_len

from server_core import CLIENT
from tui_app.app import LabApp
from tui_app.strings import tr
from tui_app.widgets.clients_table import COLUMNS, ClientsTable

pytestmark = pytest.mark.timeout(30)


def answered(app: LabApp, count: int) -> None:
    """A free run of ``count`` clients, each connected, its message sent and the reply got."""
    app.bus.emit(CLIENT, "launched", run=1, order="free", n=count, hold=0.0)
    for client in range(1, count + 1):
        local = f"127.0.0.1:{40000 + client}"
        app.bus.emit(CLIENT, "connected", client, local=local, peer="127.0.0.1:1", run=1)
        app.bus.emit(CLIENT, "sent", client, text=f"client {client} says hello", bytes=20, run=1)
        app.bus.emit(CLIENT, "received", client, text="got it, thank you", bytes=17, run=1)


def shown_cells(table: ClientsTable, line: str) -> list[str]:
    """The cells of a drawn line, in the columns the table shows (a wide character takes two)."""
    cells, at = [], 0
    for key in COLUMNS:
        if key in table._widths:
            end, taken = at, 0
            while taken < table._widths[key] + 2:
                taken, end = taken + cell_len(line[end]), end + 1
            cells.append(line[at:end].strip())
            at = end
    return cells


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_at_50_columns_no_column_is_cut_at_the_panes_edge_nor_scrolled_to(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(50, 30)) as pilot:
        table = app.table
        answered(app, 3)
        await until(pilot, lambda: table.row_count == 3, what="the rows")
        await pilot.pause()
        assert table.virtual_size.width <= table.scrollable_content_region.width, table._widths
        assert table.max_scroll_x == 0
        shown = [key for key in COLUMNS if key in table._widths]
        assert shown[:2] == ["id", "state"], shown  # who and how it stands, before what it said
        header = shown_cells(table, table.render_line(0).text)
        for key, text in zip(shown, header, strict=True):
            full = tr(f"col.{key}", lang)
            assert text == full or (text.endswith("…") and full.startswith(text[:-1])), (key, text)
        row = shown_cells(table, table.render_line(1).text)
        assert row[0] == "r1.1"
        for key, text in zip(shown, row, strict=True):
            whole = table.cells(table._shown[table._keys[0]])[COLUMNS.index(key)].plain
            assert text == whole or (text.endswith("…") and whole.startswith(text[:-1])), (key, text)
        await pilot.press("q")
