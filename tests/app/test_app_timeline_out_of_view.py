"""The timeline says what is out of view (lanes above and below, the header's hidden rows and
the key that scrolls them) and draws every event's mark at every zoom and pan of a real run of
about a millisecond, zooming in down to a microsecond a column."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import play_run
from pilot_helpers import launch, plain, until
from textual.pilot import Pilot

from server_core import EventBus
from server_core.export import write_export
from server_core.recording import read_recording
from server_core.timeline import MARK_ORDER, NO_WAIT, WAITING, column_of, drawn, failures
from tui_app.app import LabApp
from tui_app.screens.help import HelpScreen
from tui_app.screens.timeline import TimelineScreen
from tui_app.strings import tr
from tui_app.swimlane import axis, cut_by_stop, stop_column
from tui_app.widgets.timeline import ERROR_GLYPH, GLYPHS, STOP_GLYPH, TimelineView

pytestmark = pytest.mark.timeout(90)

# what a cell shows where several events share it, the first first (the legend says so)
WINNERS = [STOP_GLYPH, ERROR_GLYPH, *(GLYPHS[state][0] for state in MARK_ORDER)]


def recorded_crowd(tmp_path: Path, n: int, lang: str) -> LabApp:
    """The app replaying one free run of ``n`` clients that each got a reply."""
    bus = EventBus()
    play_run(bus, 1, n=n)
    path = tmp_path / "run.jsonl"
    write_export(path, bus.iter_history())
    return LabApp(recording=read_recording(path), lang=lang)


async def timeline_of(pilot: Pilot, lanes: int) -> TimelineView:
    """Open the timeline once run 1 is summed up; its view, with ``lanes`` lanes drawn."""
    app = pilot.app
    await until(pilot, lambda: 1 in app.session.summaries, what="the run summed up", timeout=20)  # type: ignore[attr-defined]
    await pilot.press("t")
    await until(pilot, lambda: isinstance(app.screen, TimelineScreen), what="the timeline")
    view: TimelineView = app.screen.view  # type: ignore[attr-defined]
    await until(pilot, lambda: len(view.lanes_view.lanes) == lanes, what="the lanes")
    await pilot.pause()
    return view


@pytest.mark.parametrize(("size", "lang"), [((80, 24), "en"), ((120, 40), "zh")])
async def test_the_lanes_out_of_view_are_counted_as_the_view_scrolls(
    tmp_path: Path, size: tuple[int, int], lang: str
) -> None:
    """50 lanes at 80x24 showed 12 and said nothing of the other 38."""
    app = recorded_crowd(tmp_path, 50, lang)
    async with app.run_test(size=size) as pilot:
        lanes = (await timeline_of(pilot, 50)).lanes_view
        shown = lanes.scrollable_content_region.height
        assert 0 < shown < 50
        below = tr("timeline.lanes_below", lang, count=50 - shown)
        await until(pilot, lambda: lanes.border_subtitle == below, what=below)
        await pilot.press("down", "down")
        said = "  ".join(
            (tr("timeline.lanes_above", lang, count=2), tr("timeline.lanes_below", lang, count=48 - shown))
        )
        await until(pilot, lambda: lanes.border_subtitle == said, what=said)
        await pilot.press("ctrl+end")  # End shows the run's end
        above = tr("timeline.lanes_above", lang, count=50 - shown)
        await until(pilot, lambda: lanes.border_subtitle == above, what=above)
        assert lanes.render_line(shown - 1).text.split()[0] == "r1.50"


async def test_three_lanes_that_fit_say_nothing_out_of_view(tmp_path: Path) -> None:
    app = recorded_crowd(tmp_path, 3, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        view = await timeline_of(pilot, 3)
        assert view.lanes_view.border_subtitle == "" and view.header.border_subtitle == ""
        assert view.lanes_view.scrollable_content_region.height == view.lanes_view.size.height  # no border


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_headers_hidden_rows_are_counted_with_the_key_that_scrolls_them(
    tmp_path: Path, lang: str
) -> None:
    """200 clients at 80x24: the header's orders scrolled in a box only the mouse wheel found."""
    app = recorded_crowd(tmp_path, 200, lang)
    async with app.run_test(size=(80, 24)) as pilot:
        header = (await timeline_of(pilot, 200)).header
        keys = tr("timeline.header_keys", lang)

        def hidden() -> int:
            return round(header.max_scroll_y)

        said = lambda: f"{tr('log.rows_below', lang, count=hidden())}  {keys}"  # noqa: E731
        await until(pilot, lambda: hidden() > 0 and header.border_subtitle == said(), what="the rows below")
        await pilot.press("tab")
        assert app.focused is header
        await pilot.press("down")
        await until(pilot, lambda: header.scroll_y == 1, what="the header scrolled a row")
        below = [tr("log.rows_below", lang, count=hidden() - 1)] if hidden() > 1 else []
        scrolled = "  ".join([tr("log.rows_above", lang, count=1), *below, keys])
        await until(pilot, lambda: header.border_subtitle == scrolled, what=scrolled)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help")
        shown = app.screen
        assert isinstance(shown, HelpScreen)
        help_text = " ".join(plain(shown.content()).split())
        assert f"Tab {tr('key.timeline_focus', lang)}" in help_text


def marks_missed(view: TimelineView) -> list[str]:
    """Each event in the window whose mark its lane's line does not show at its instant's column,
    neither its own nor one that wins that cell (``r1.2 ▶ at 31: ▓``)."""
    lanes_view = view.lanes_view
    window, columns, first = lanes_view.window, lanes_view.columns, lanes_view.label_width + 1
    missed = []
    cut = cut_by_stop(lanes_view.lanes)
    for row, lane in enumerate(lanes_view.lanes):
        line = lanes_view.render_line(row).text[first:]
        marks = [
            (segment.start, GLYPHS[segment.state][0])
            for segment in drawn(lane)
            if segment.state != WAITING or segment.duration >= NO_WAIT
        ]
        marks += [(error.t, ERROR_GLYPH) for error in failures(lane)]
        at: dict[int, list[str]] = {}
        for t, glyph in marks:
            if (column := column_of(t, window.start, window.end, columns)) is not None:
                at.setdefault(column, []).append(glyph)
        if id(lane) in cut and (column := stop_column(lane, window.start, window.end, columns)) is not None:
            at.setdefault(column, []).append(STOP_GLYPH)
        for column, glyphs in at.items():
            winner = min(glyphs, key=WINNERS.index)
            if line[column] != winner:
                missed.append(f"{lane.client} {winner} at {column}: {line[column]!r}")
    return missed


async def test_every_events_mark_is_drawn_at_every_zoom_and_pan_of_a_short_run() -> None:
    """Three clients, hold 0: zooming stopped at x1.17 with one column for the run, and a
    client's ▶ lost its cell to the wait for the reply around it."""
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await launch(pilot, "f", n="3", hold="0")
        view = await timeline_of(pilot, 3)
        whole = view.lanes_view.window
        assert not marks_missed(view), marks_missed(view)
        for levels in range(1, 31):  # x2 a press: a run of a second reaches a microsecond a column in 20
            await pilot.press("plus")
            deepest = "cannot zoom in" in str(view.lanes_view.border_subtitle)  # said under the lanes
            view.pan(-(2**levels))  # to the run's start, then a window at a time to its end
            seen: set[float] = set()
            while view.lanes_view.window.start not in seen:  # the window stays at the run's end
                seen.add(view.lanes_view.window.start)
                assert not marks_missed(view), (levels, marks_missed(view))
                view.pan(1)
            if deepest:
                break
        assert deepest, "zoom in never said it stopped"
        assert view.lanes_view.window.span == pytest.approx(1e-6 * view.lanes_view.columns)
        assert whole.span / view.lanes_view.window.span > 8


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_axis_of_a_window_zoomed_to_microseconds_tells_its_times_apart(lang: str) -> None:
    """75 us five seconds into a run read ``5.00 s  5.00 s  5.00 s``."""
    said = re.findall(r"[0-9.]+", axis(5.0, 5.000075, 75, lang))
    assert len(said) == 3 and len(set(said)) == 3, said
    assert said[1].startswith("5.000037"), said
    assert re.findall(r"[0-9.]+", axis(0.0, 1.5, 75, lang)) == ["0", "0.75", "1.50"]  # as before
