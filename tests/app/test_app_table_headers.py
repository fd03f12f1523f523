"""The clients table's headers are never cut: where the pane is narrow (80 columns, step mode's
layout beside the step pane) the address column gives way to them, in both languages."""

from __future__ import annotations

import pytest
from pilot_helpers import until
from test_app_rows_below import hold_a_run

from tui_app.app import LabApp
from tui_app.strings import tr
from tui_app.widgets.clients_table import COLUMNS


def header(app: LabApp) -> str:
    return app.table.render_line(0).text


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_held_clients_leave_every_header_whole(lang: str, size: tuple[int, int]) -> None:
    """Step mode at 80x24 read ``client  sta…  se…  got…  server  address``: a client held after
    it connected has sent nothing, so the messages and the state held less than their headers,
    and the address stayed whole beside the cut headers."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=size) as pilot:
        await hold_a_run(app, pilot)
        await pilot.press("1", "1")  # the first client's turn, then its connect: held before it sends
        await until(pilot, lambda: " #1 " in app.table.render_line(1).text, what="the first client connected")
        await pilot.pause()
        line = header(app)
        assert "…" not in line, line
        shown = [key for key in COLUMNS if tr(f"col.{key}", lang) in line]
        assert shown in (list(COLUMNS), [key for key in COLUMNS if key != "address"]), line
        await pilot.press("q")
