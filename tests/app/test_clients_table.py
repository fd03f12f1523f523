"""The clients table: rows drawn from connections, a cursor moved by keys and the mouse."""

from __future__ import annotations

from pilot_helpers import until

from server_core import SERVER
from tui_app.app import LabApp

ROWS = 30  # more than the pane shows at 120x40


def connect(app: LabApp, count: int) -> None:
    """Report ``count`` outside clients to the app's bus, each sending its number in markup."""
    for client in range(1, count + 1):
        peer = f"127.0.0.2:{40000 + client}"
        app.bus.emit(SERVER, "accepted", client=client, peer=peer, local="127.0.0.1:1")
        app.bus.emit(SERVER, "received", client=client, peer=peer, text=f"[bold]{client}[/bold]", bytes=16)


def selected(app: LabApp) -> int | None:
    conn = app.conversation.connection
    return conn.number if conn is not None else None


async def test_keys_and_clicks_move_the_cursor_and_choose_the_conversation() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.table
        connect(app, ROWS)
        await until(pilot, lambda: table.row_count == ROWS, what="every row")
        await until(pilot, lambda: selected(app) == 1, what="the first row, under the cursor from the start")
        await pilot.press("end")
        await until(pilot, lambda: selected(app) == ROWS, what="the last row chosen")
        top = int(table.scroll_y)
        assert top > 0  # scrolled to show it
        await pilot.press("up", "up")
        await until(pilot, lambda: selected(app) == ROWS - 2)
        await pilot.click("#clients", offset=(3, 2))  # border, header, then the first row shown
        await until(pilot, lambda: selected(app) == top + 1, what="the clicked row chosen")
        await pilot.press("home")
        await until(pilot, lambda: selected(app) == 1 and table.scroll_y == 0)
        await pilot.press("q")


async def test_cells_show_network_text_literally() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        connect(app, 2)
        await until(pilot, lambda: app.table.row_count == 2)
        await pilot.pause()
        lines = [app.table.render_line(y).text for y in range(3)]
        assert "client" in lines[0] and "state" in lines[0]  # the header
        assert "[bold]1[/bold]" in lines[1] and "[bold]2[/bold]" in lines[2], lines
        await pilot.press("q")
