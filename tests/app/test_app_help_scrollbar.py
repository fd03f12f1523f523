"""The help screen's scrollbar stands against its box's border, one cell wide, as the panes' do:
at 80x24 a two-cell bar a cell inside the border showed as a stray block in the key table."""

from __future__ import annotations

import pytest
from pilot_helpers import until

from tui_app.app import LabApp
from tui_app.screens.help import HelpScreen

pytestmark = pytest.mark.timeout(60)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda size: f"{size[0]}x{size[1]}")
async def test_the_helps_scrollbar_stands_against_its_border(lang: str, size: tuple[int, int]) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=size) as pilot:
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help")
        box = app.screen.query_one("#help")
        await until(pilot, lambda: box.max_scroll_y > 0, what="the help taller than its box")
        bar = box.vertical_scrollbar.region
        inside = box.region.shrink(box.styles.border.spacing)
        assert bar.width == 1 and bar.right == inside.right, (bar, inside)
        assert bar.y == inside.y and bar.bottom == inside.bottom, (bar, inside)
        await pilot.press("q")
