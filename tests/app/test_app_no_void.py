"""No blank void on the main screen: every cell between the status line and the footer lies
inside some pane's border, in each layout, with no clients yet, after runs of 3 and 50 clients
and in step mode. From 120 columns the clients table once stood as tall as its rows beside the
taller controls: after a run of three, 11 rows of black without a border below it (120x40)."""

from __future__ import annotations

import pytest
from pilot_helpers import launch, until
from rich.cells import cell_len
from textual.pilot import Pilot

from tui_app.app import LabApp

pytestmark = pytest.mark.timeout(90)

SIZES = ((120, 36), (120, 40), (160, 50), (80, 24), (120, 30))  # 120x30: the controls at their cap


def cells(app: LabApp) -> list[list[str]]:
    """The rendered screen, a character per cell (the second cell of a wide character: "")."""
    grid = []
    for strip in app.screen._compositor.render_strips():
        row: list[str] = []
        for segment in strip:
            for char in segment.text:
                row.append(char)
                row.extend([""] * (cell_len(char) - 1))
        grid.append(row)
    return grid


def boxes(grid: list[list[str]]) -> list[tuple[int, int, int, int]]:
    """The round boxes drawn on ``grid``, each (left, top, right, bottom) in cells, inclusive:
    a ``╭`` with a left edge of ``│`` down to its ``╰``, and the first ``╯`` right of that."""
    found = []
    for top, row in enumerate(grid):
        for left, char in enumerate(row):
            if char != "╭":
                continue
            bottom = top + 1
            while bottom < len(grid) and left < len(grid[bottom]) and grid[bottom][left] == "│":
                bottom += 1
            if bottom == len(grid) or left >= len(grid[bottom]) or grid[bottom][left] != "╰":
                continue
            if "╯" in grid[bottom][left + 1 :]:
                found.append((left, top, grid[bottom].index("╯", left + 1), bottom))
    return found


def voids(app: LabApp) -> list[str]:
    """The rows of the body (between the status line and the footer) with cells outside every
    box, each as ``row 7: columns 38-119``."""
    grid = cells(app)
    drawn = boxes(grid)
    said = []
    for y in range(1, len(grid) - 1):
        outside = [
            x
            for x in range(len(grid[y]))
            if not any(left <= x <= right and top <= y <= bottom for left, top, right, bottom in drawn)
        ]
        if outside:
            said.append(f"row {y}: columns {outside[0]}-{outside[-1]} ({len(outside)} cells)")
    return said


async def settled(app: LabApp, pilot: Pilot) -> None:
    """Let a change of rows lay the screen out again and the panes draw it."""
    await pilot.pause(0.6)  # the panes' next draw (DRAW_PERIOD)
    await pilot.pause()


async def run_of(app: LabApp, pilot: Pilot, n: int, run: int) -> None:
    await launch(pilot, "f", n=str(n), hold="0")
    await until(pilot, lambda: run in app.session.summaries, what=f"run {run}'s summary")
    book = app.session.book
    await until(pilot, lambda: app.table.row_count == len(book.connections), what="the rows")
    await settled(app, pilot)


@pytest.mark.long
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_every_cell_of_the_body_is_inside_a_pane(lang: str, size: tuple[int, int]) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: app.session.listening, what="the server listening")
        await settled(app, pilot)
        assert voids(app) == [], "no clients yet"
        await run_of(app, pilot, 3, 1)
        assert voids(app) == [], "a run of 3"
        await run_of(app, pilot, 50, 2)
        assert voids(app) == [], "a run of 50"
        await pilot.press("p")
        await until(pilot, lambda: app.session.listening, what="the server listening again")
        await launch(pilot, "f", n="8", hold="0")
        await until(pilot, lambda: app.step_pane.option_count >= 8, what="the threads held")
        await settled(app, pilot)
        assert voids(app) == [], "step mode, 8 threads held"
        await pilot.press("q")
