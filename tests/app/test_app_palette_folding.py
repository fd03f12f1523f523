"""The command palette breaks its Chinese entries as the app's panes do: between characters, never
before a closing mark nor after an opening one, a quoted phrase whole, a row filled before it
breaks (Textual breaks only at a space: a Chinese sentence went whole to the next row)."""

from __future__ import annotations

import itertools

import pytest
from layout_stage import screen_text
from pilot_helpers import until
from rich.cells import cell_len
from textual.command import CommandList
from textual.pilot import Pilot

from tui_app.app import LabApp

CLOSING = set("，。；：、！？）》」』”’")
OPENING = set("（《「『“‘")
QUOTED = 12  # cells of the longest quotation in the exhibits' entries, “with lock:”


async def palette_rows(app: LabApp, pilot: Pilot, search: str) -> tuple[list[str], list[str], int]:
    """The rows the palette shows for ``search`` (a screen tall enough to show them all), without
    the list's margins; the entries' paragraphs (each title and help); the room of a row in cells."""
    app.action_command_palette()
    await until(pilot, lambda: app.screen.query(CommandList), what="the palette")
    await pilot.press(*search)
    found = app.screen.query_one(CommandList)
    await until(pilot, lambda: found.option_count >= 8, what="the exhibits listed")
    await pilot.pause()
    region = found.content_region
    lines = screen_text(app).split("\n")[region.y : region.bottom]
    rows = [line[region.x + 2 :].rstrip() for line in lines]
    options = [found.get_option_at_index(i) for i in range(found.option_count)]
    paragraphs = [part for option in options for part in str(option.prompt).split("\n")]
    return [row for row in rows if row.strip()], paragraphs, region.width - 4


@pytest.mark.parametrize("size", [(80, 60), (120, 50)])  # the widths of 80x24 and 120x40, all in view
async def test_the_chinese_palette_breaks_its_entries_where_chinese_breaks(size: tuple[int, int]) -> None:
    app = LabApp(port=0, lang="zh")
    async with app.run_test(size=size) as pilot:
        rows, paragraphs, room = await palette_rows(app, pilot, "案例")
    assert sum(cell_len(row) for row in rows) >= sum(cell_len(part) for part in paragraphs) - 10, rows
    assert any("“add ten”" in row for row in rows) and any("“with lock:”" in row for row in rows), rows
    assert [row for row in rows if row[0] in CLOSING] == []
    assert [row for row in rows if row[-1] in OPENING] == []
    starts = {part[:4] for part in paragraphs}
    for row, after in itertools.pairwise(rows):
        if after[:4] not in starts:  # more of the same paragraph: this row had no room for it
            assert cell_len(row) + cell_len(after[:1]) > room - QUOTED, (row, after)
