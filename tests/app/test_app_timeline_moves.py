"""The timeline's window moves as a reader of a zoomed run needs: ``+`` keeps the first change in
view in its column (from the whole run: the run's start, where the sends and accepts are), Home
and End go to the run's start and end keeping the zoom, shift with an arrow moves a whole view,
and the axis says its three times with one number of decimals."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import plain, until
from test_app_timeline_out_of_view import recorded_crowd, timeline_of
from textual.events import MouseScrollDown, MouseScrollRight, MouseScrollUp

from tui_app.screens.help import HelpScreen
from tui_app.strings import tr
from tui_app.swimlane import axis
from tui_app.widgets.timeline import TimelineView

pytestmark = pytest.mark.timeout(60)


def decimals(view: TimelineView) -> set[int]:
    """The numbers of decimals the axis's times show (a zero shows none, and is left out)."""
    labels = plain(view.axis.render()).replace("ms", "").replace("s", "").replace("秒", "").replace("毫", "")
    return {len(label.partition(".")[2]) for label in labels.split() if label != "0"}


def near(a: float, b: float, view: TimelineView) -> bool:
    """Whether ``a`` and ``b`` are within half a column of the window shown."""
    return abs(a - b) <= view.lanes_view.window.span / view.lanes_view.columns / 2


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_zoom_home_end_and_a_whole_view(tmp_path: Path, lang: str) -> None:
    """A run of 50 (the lanes scroll, yet Home and End move the time, not the lanes); the wheel
    sideways (or with shift) moves the time as the arrows do, a plain one scrolls the lanes, and a
    click on a lane zooms in on the time clicked."""
    app = recorded_crowd(tmp_path, 50, lang)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await timeline_of(pilot, 50)
        whole, lanes = view.whole, view.lanes_view
        window = lambda: lanes.window  # noqa: E731
        first = lanes.first_change(whole)
        assert first is not None

        def column() -> float:
            return (first - window().start) / window().span * lanes.columns

        at = column()
        await pilot.press("plus", "plus", "plus")
        await until(pilot, lambda: window().span < whole.span / 7, what="zoomed in 8 times")
        assert abs(column() - at) <= 1, (at, column())  # the first change stays where it was
        span = window().span
        places = decimals(view)  # at one zoom, every view's times alike, wherever it is
        await pilot.press("end")
        await until(pilot, lambda: near(window().end, whole.end, view), what="the run's end")
        assert near(window().span, span, view)
        assert decimals(view) == places, (places, plain(view.axis.render()))
        await pilot.press("home")
        await until(pilot, lambda: near(window().start, whole.start, view), what="the run's start")
        assert view.lanes_view.scroll_y == 0 and near(window().span, span, view)
        await pilot.press("shift+right")
        await until(pilot, lambda: near(window().start, whole.start + span, view), what="a whole view later")
        assert decimals(view) == places, (places, plain(view.axis.render()))
        await pilot.press("shift+left")
        await until(pilot, lambda: near(window().start, whole.start, view), what="a whole view earlier")
        await pilot.press("home")
        await until(pilot, lambda: view.limit == tr("timeline.pan_start", lang), what="cannot go earlier")
        for scroll, shift, moved in ((MouseScrollRight, False, 0.25), (MouseScrollUp, True, 0.0),
                                     (MouseScrollDown, True, 0.25), (MouseScrollDown, False, 0.25)):
            # as pilot.click sends its events (Textual 8's pilot has no wheel); a plain wheel: the lanes
            await pilot._post_mouse_events([scroll], lanes, offset=(5, 1), shift=shift)
            await until(pilot, lambda moved=moved: near(window().start, whole.start + moved * span, view),
                        what=f"{scroll.__name__} moved {moved}")  # fmt: skip
            assert near(window().span, span, view)
        await pilot.pause()
        assert near(window().start, whole.start + span / 4, view) and lanes.scroll_y > 0
        lanes.scroll_home(animate=False)
        await pilot.press("0")  # the whole run: a click's zoom is far from the clock's limit
        await until(pilot, lambda: view.fixed is None and near(window().span, whole.span, view), what="whole")
        picked = lanes.columns // 3
        clicked = window().start + (picked + 0.5) * window().span / lanes.columns
        await pilot.click(lanes, offset=(lanes.label_width + 1 + picked, 0))
        await until(pilot, lambda: near(window().span, whole.span / 2, view), what="a click zoomed in")
        assert abs((clicked - window().start) / window().span * lanes.columns - picked - 0.5) <= 1  # in place
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help")
        said = " ".join(plain(app.screen.content()).split())  # type: ignore[attr-defined]
        for key in ("timeline_start", "timeline_end", "timeline_page_earlier", "timeline_page_later"):
            assert tr(f"key.{key}", lang) in said, key
        assert tr("help.click_lane", lang) in said and tr("help.wheel_pan", lang) in said


def test_the_axis_says_its_three_times_with_one_number_of_decimals() -> None:
    """``0 ms … 4.25 ms … 8.5 ms`` and ``1.51 ms … 1.5 ms``: trailing zeros dropped unevenly; the
    view's half said in two digits at least."""
    assert axis(0, 0.0085, 60).split()[::2] == ["0", "4.25", "8.50"]
    assert axis(0.00151, 0.00159, 60).split()[::2] == ["1.510", "1.550", "1.590"]
    assert axis(0.0015, 0.00151, 60).split()[::2] == ["1.5000", "1.5050", "1.5100"]


def test_every_view_of_one_zoom_says_its_times_with_the_same_decimals() -> None:
    """A run of 3 s zoomed in 4 times said ``0.376 s`` in one view, ``0.38 s`` in the next: the
    decimals came from the times in view, not from the zoom."""
    views = [axis(start, start + 0.752, 70, whole=3.01).split()[::2] for start in (0.003, 0.376, 2.258)]
    assert len({len(label.partition(".")[2]) for labels in views for label in labels}) == 1, views
    assert axis(0.0, 0.05, 70, whole=3.01).split()[::2] == ["0", "0.025", "0.050"]  # the run's unit, s
