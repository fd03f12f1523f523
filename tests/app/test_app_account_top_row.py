"""The experiments' and exhibits' account: its box's border says how many rows are above and
below the view (``more above: 2 rows``), and its top row, when it goes on with a paragraph begun
above the view, says so with ``…`` left of it, as a pane's top row does; a paragraph's own first
row has none."""

from __future__ import annotations

import pytest
from layout_stage import screen_text
from pilot_helpers import until
from rich.cells import cell_len

from tui_app.app import LabApp
from tui_app.widgets.following_log import CONTINUES

pytestmark = pytest.mark.timeout(30)


def from_cell(row: str, x: int) -> str:
    """``row``'s text from cell ``x`` on (a wide character takes two cells: the screen behind
    the box holds Chinese)."""
    cells = 0
    for i, char in enumerate(row):
        if cells >= x:
            return row[i:]
        cells += cell_len(char)
    return ""


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_accounts_top_row_says_it_continues_a_paragraph(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await until(pilot, lambda: app.screen.query("#experiment-scroll"), what="the experiments")
        scroll = app.screen.query_one("#experiment-scroll")
        account = app.screen.query_one("#experiment-account")
        await until(pilot, lambda: scroll.max_scroll_y >= 3, what="an account taller than its view")
        box = app.screen.query_one("#experiments")
        left = account.content_region.x - 1  # the blank cell left of the account's text
        # heading, the paragraph's first row, its second, its third
        for top, goes_on in ((0, False), (1, False), (2, True), (3, True)):
            scroll.scroll_to(y=top, animate=False)
            await until(pilot, lambda: round(scroll.scroll_y) == top, what=f"row {top} on top")  # noqa: B023
            await pilot.pause()
            row = from_cell(screen_text(app).splitlines()[scroll.region.y], left)
            assert (row[0] == CONTINUES) == goes_on, (top, row)
            assert row[1] != " ", (top, row)  # the row's own text where it was, whole
            said = str(box.border_subtitle)
            assert (f"{top}" in said) == bool(top) and ("above" in said or "上方" in said) == bool(top), said
        await pilot.press("q")
