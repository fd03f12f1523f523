"""The timeline at its edges: zoom and pan keys that cannot go further say so, on the lanes' border
as the zoom is, never in the run's lines; and a long header (a stopped crowd's verdict and orders)
leaves the lanes their rows at any size."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import play_run
from pilot_helpers import plain, until
from textual.widgets import Static

from server_core import EventBus
from server_core.export import write_export
from server_core.recording import read_recording
from tui_app.app import LabApp
from tui_app.screens.timeline import TimelineScreen
from tui_app.strings import tr

pytestmark = pytest.mark.timeout(60)


def crowd(tmp_path: Path, n: int, lang: str = "en") -> LabApp:
    """The app replaying one free run of ``n`` clients that each got a reply (a ~1 ms run)."""
    bus = EventBus()
    play_run(bus, 1, n=n)
    path = tmp_path / "run.jsonl"
    write_export(path, bus.iter_history())
    return LabApp(recording=read_recording(path), lang=lang)


def header(app: LabApp) -> str:
    return " ".join(plain(app.screen.query_one("#timeline-title", Static).content).split())


def border(app: LabApp) -> str:
    """What the lanes' bottom border says (the zoom, what a key could not do, the lanes out of view)."""
    return str(app.screen.view.lanes_view.border_subtitle or "")  # type: ignore[attr-defined]


async def test_zoom_and_pan_that_cannot_go_further_say_so(tmp_path: Path) -> None:
    """On a run of about a millisecond, + did nothing and said nothing; then it stopped at x1.17
    with the run in one column: it goes on to a microsecond a column, the clock's resolution."""
    app = crowd(tmp_path, 3)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: 1 in app.session.summaries, what="the run summed up")
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen), what="the timeline")
        view = app.screen.view
        await until(pilot, lambda: len(view.lanes_view.lanes) == 3, what="three lanes")
        await pilot.press("minus")
        assert tr("timeline.zoom_out_limit", "en") in border(app)
        await pilot.press("right")
        assert tr("timeline.pan_whole", "en") in border(app)
        whole = view.lanes_view.window
        for _ in range(30):  # x2 a press: a run of a second reaches a microsecond a column in 20
            await pilot.press("plus")
            if "cannot" in border(app):
                break
        assert "cannot zoom in further: 1 column is 0.001 ms" in border(app)
        assert view.lanes_view.window.span == pytest.approx(1e-6 * view.lanes_view.columns)
        assert view.lanes_view.window.span < whole.span / 8
        await pilot.press("0")
        assert "cannot" not in border(app)


async def test_pan_and_runs_at_the_ends_say_so() -> None:
    """Past the newest run, ] reset the zoom and said nothing; [ on the first too."""
    app = LabApp(port=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f")
        await until(pilot, lambda: len(app.session.summaries) == 1, what="the run summed up", timeout=10)
        await pilot.press("t")
        view = app.screen.view
        await pilot.pause()
        run_lines, rows = header(app), view.header.size.height
        await pilot.press("plus")
        assert view.fixed is not None and "zoom ×2" in border(app)
        await pilot.pause()  # the run's lines as they were: the zoom is said in a place of its own
        assert (header(app), view.header.size.height) == (run_lines, rows)
        whole_start, span = view.whole.start, view.fixed.span
        await pilot.press("home")  # + zoomed on the run's first change: its start, or near it
        assert abs(view.lanes_view.window.start - whole_start) < 1e-9
        await pilot.press("left")
        assert tr("timeline.pan_start", "en") in border(app)
        await pilot.press("right")
        assert "cannot" not in border(app)
        await pilot.press("right", "right", "right")  # the window's end at the run's
        assert "cannot" not in border(app) and view.lanes_view.window.span == pytest.approx(span)
        await pilot.press("right")
        assert tr("timeline.pan_end", "en") in border(app)
        zoomed = view.lanes_view.window  # the only run is the first and the newest: ] and [ keep it
        ends = {"right_square_bracket": "timeline.newest_run", "left_square_bracket": "timeline.first_run"}
        for key, said in ends.items():
            await pilot.press(key)
            assert tr(said, "en") in border(app) and view.lanes_view.window == zoomed, key


@pytest.mark.parametrize(("size", "lang"), [((80, 24), "en"), ((120, 40), "en"), ((80, 24), "zh")])
async def test_a_long_header_leaves_the_lanes_half_the_screen(
    tmp_path: Path, size: tuple[int, int], lang: str
) -> None:
    """200 clients at 80x24: the verdict, the orders and their note took all but one row; the
    header now scrolls in its box and the lanes keep half the screen."""
    app = crowd(tmp_path, 200, lang)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: 1 in app.session.summaries, what="the run summed up")
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen), what="the timeline")
        view = app.screen.view
        await until(pilot, lambda: len(view.lanes_view.lanes) == 200, what="the lanes")
        await pilot.pause()
        assert view.lanes_view.size.height >= size[1] // 2
        assert view.header.size.height >= 2
        assert view.title.size.height >= view.header.size.height  # all of it, scrolled to
