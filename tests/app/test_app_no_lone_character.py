"""In Chinese at 80x24 the conversation broke ``收到客户端信息`` with ``息`` alone on a row
of its own: every pane breaks its lines as the command line does, never leaving one character
alone on a line's last row (closing marks aside)."""

from __future__ import annotations

import pytest
from pilot_helpers import launch, until
from rich.cells import cell_len

from tui_app.app import LabApp
from tui_app.cells import wrap
from tui_app.widgets.following_log import FollowingLog
from tui_app.wrapping import lone

pytestmark = pytest.mark.timeout(30)

SAID = "  2.720 客户端 <- r1.1 接收到数据：收到客户端信息"  # as the conversation showed it


@pytest.mark.parametrize("width", range(40, 60))
def test_a_wrapped_line_never_ends_in_one_character_alone(width: int) -> None:
    rows = wrap(SAID, width, 8)
    assert all(cell_len(row) <= width for row in rows)
    assert "".join(rows).replace(" ", "") == SAID.replace(" ", "")  # nothing lost
    assert len(rows) == 1 or not lone(rows[-1]), rows


def pane_rows(app: LabApp, pane: FollowingLog) -> list[str]:
    """The rows of ``pane`` as the terminal shows them."""
    region = pane.scrollable_content_region
    strips = app.screen._compositor.render_strips()[region.y : region.bottom]
    return [strip.crop(region.x, region.right).text.rstrip() for strip in strips]


async def test_at_80x24_in_chinese_no_pane_row_holds_one_character_alone() -> None:
    app = LabApp(port=0, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.session.listening, what="the server listening")
        await launch(pilot, "f", n="2", hold="0", message="收到客户端信息了吗")
        book = app.session.book
        await until(pilot, lambda: len(book.connections) == 2
                    and all(c.state == "closed" for c in book.connections.values()), what="2 answered")
        await pilot.pause(0.3)
        for pane in (app.conversation, app.events):
            rows = pane_rows(app, pane)
            assert any(row.strip() for row in rows), rows
            for row in rows:
                assert not (lone(row) and row.startswith(" " * 8)), rows  # a continuation alone
        await pilot.press("q")
