"""The panes that follow new lines: at their end they follow, focused or not; scrolled back by the
reader they hold and say how many lines wait. The app's own lines come after what was reported
before them, never timed before it."""

from __future__ import annotations

import time

import pytest
from layout_stage import screen_text
from pilot_helpers import until
from textual import events
from textual.pilot import Pilot
from textual.scrollbar import ScrollTo

from server_core import CLIENT, SERVER, Kind
from tui_app.app import LabApp
from tui_app.strings import tr
from tui_app.widgets.events_pane import MAX_LINES
from tui_app.widgets.following_log import CONTINUES, FollowingLog, time_column

pytestmark = pytest.mark.timeout(30)

SLOWER = 20  # times the scroll animations take in the test of the count's going


async def write(log: FollowingLog, count: int, start: int) -> None:
    """``count`` numbered lines, written at once."""
    log.add_lines([f"{time_column(start + i)} line {start + i}" for i in range(count)])
    log.flush()


@pytest.mark.parametrize("pane", ["events", "conversation"])
async def test_a_focused_pane_at_its_end_follows_and_one_scrolled_back_says_what_waits(pane: str) -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        log: FollowingLog = getattr(app, pane)
        log.focus()
        await write(log, 80, 0)
        await until(pilot, lambda: 0 < log.max_scroll_y == log.scroll_y, what="at the end")
        before = log.max_scroll_y
        await write(log, 3, 80)  # focused, at the end: the new lines come into view
        await until(pilot, lambda: log.max_scroll_y > before and log.scroll_y == log.max_scroll_y,
                    what="followed while focused")
        assert log.waiting == 0 and "new lines" not in str(log.border_subtitle)
        await pilot.press("home")  # the reader scrolls back: the view holds and says what waits
        await until(pilot, lambda: log.scroll_y == 0, what="scrolled back")
        await write(log, 5, 83)
        said = lambda: "new lines below: 5 (End to follow)" in str(log.border_subtitle)  # noqa: E731
        await until(pilot, lambda: log.waiting == 5 and said(), what="what waits said")
        assert log.scroll_y == 0
        await pilot.press("end")
        await until(pilot, lambda: log.waiting == 0 and "new lines" not in str(log.border_subtitle),
                    what="the waiting said no more at the end")
        end = log.max_scroll_y
        await write(log, 3, 88)  # and it follows again
        await until(pilot, lambda: log.max_scroll_y > end and log.scroll_y == log.max_scroll_y,
                    what="following again")


@pytest.mark.parametrize(("lang", "below"), [("zh", "下方新行：23"), ("en", "new below: 23")])
async def test_with_old_lines_dropped_the_count_of_new_lines_stays_whole_at_80_columns(
    lang: str, below: str
) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        log = app.events
        log.focus()
        await write(log, MAX_LINES + 10, 0)
        await until(pilot, lambda: 0 < log.max_scroll_y == log.scroll_y, what="at the end")
        await pilot.press("home")  # scrolled back: new lines wait below
        await until(pilot, lambda: log.scroll_y == 0 and not log.following, what="scrolled back")
        await write(log, 23, MAX_LINES + 10)
        await until(pilot, lambda: log.waiting == 23, what="23 lines waiting")
        await pilot.pause()
        bottom = next(line for line in screen_text(app).splitlines() if "2000" in line)
        assert below in bottom and "…" not in bottom, bottom


async def test_the_events_pane_says_older_lines_dropped_only_while_they_are() -> None:
    """Lines wrapped to two rows each at 80x24 passed the pane's 2,000 rows: the oldest rows went
    and the border said so. Widened, every line kept fits again and the first is back: the border
    went on saying "older lines dropped" (the first line in view under it)."""
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        log = app.events
        log.clear()
        long = " ".join(["word"] * 12)  # two rows in the 80x24 pane, one in a 200-column one
        log.add_lines([f"{time_column(i)} line {i} {long}" for i in range(MAX_LINES // 2 + 50)])
        log.flush()
        dropped = tr("note.trimmed", "en", count=MAX_LINES)  # the border has room for the long form
        await until(pilot, lambda: str(log.border_subtitle) == dropped, what="the rows dropped said")
        assert "line 0 " not in log.lines[0]
        await pilot.resize_terminal(200, 50)
        await until(pilot, lambda: "line 0 " in log.lines[0], what="every kept line written whole again")
        await until(pilot, lambda: "kept" not in str(log.border_subtitle), what="nothing said dropped")
        fresh = LabApp(port=0)
    async with fresh.run_test(size=(80, 24)) as pilot:  # a few hundred lines: nothing dropped, nothing said
        fresh.events.add_lines([f"{time_column(i)} line {i}" for i in range(300)])
        fresh.events.flush()
        await until(pilot, lambda: fresh.events.line_count >= 300, what="the lines")
        assert "kept" not in str(fresh.events.border_subtitle)


async def test_the_apps_own_line_comes_after_the_events_reported_before_it() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.source.emit(SERVER, Kind.DISCONNECTED, 7, peer="127.0.0.1:40000")  # reported, not drained
        app.note("note.step_on")
        app.events.flush()
        lines = [line for line in app.events.logical_lines() if line.split()[1:]]
        mine = next(i for i, line in enumerate(lines) if "step mode" in line.lower())
        assert any("#7" in line for line in lines[:mine]), lines
        times = [float(line.split()[0]) for line in lines]
        assert times == sorted(times), lines


async def test_a_runs_done_line_has_the_time_of_its_end_in_its_place_among_the_events() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        bus = app.source
        bus.emit(CLIENT, Kind.LAUNCHED, run=1, order="free", n=1, hold=0.0)
        bus.emit(CLIENT, Kind.CONNECTED, 1, local="127.0.0.1:40001", run=1)
        bus.emit(CLIENT, Kind.DISCONNECTED, 1, run=1)
        finished = bus.emit(CLIENT, Kind.FINISHED, run=1)
        bus.emit(SERVER, Kind.DISCONNECTED, 7, peer="127.0.0.1:40000")  # after the run's end
        app.draw_now()
        lines = app.events.logical_lines()
        done = next(i for i, line in enumerate(lines) if "run 1 done" in line)
        assert lines[done].startswith(f"{time_column(finished.t)} ")
        assert "#7" in lines[done + 1], lines
        times = [float(line.split()[0]) for line in lines]
        assert times == sorted(times), lines


async def test_a_pane_scrolled_back_holds_its_lines_while_the_oldest_are_dropped() -> None:
    """Past ``max_lines`` the oldest rows go and every row moves up: the view moves with them, and
    the lines said to wait below are never more than are below."""
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        log = app.events
        log.focus()
        await write(log, MAX_LINES, 0)
        await until(pilot, lambda: log.scroll_y == log.max_scroll_y > 0, what="at the end")
        await pilot.press("pageup", "pageup")
        await until(pilot, lambda: not log.following, what="scrolled back")
        top = log.lines[round(log.scroll_y)]
        await write(log, 300, MAX_LINES)
        await pilot.pause()
        assert log.lines[round(log.scroll_y)] == top
        await write(log, MAX_LINES, MAX_LINES + 300)  # more than the log keeps: the view's lines go too
        await pilot.pause()
        below = log.line_count - round(log.scroll_y) - log.scrollable_content_region.height
        assert 0 <= log.waiting <= below


async def _back_with_new_lines_below(pilot: Pilot, log: FollowingLog) -> None:
    """Scroll ``log`` (at its end) to its top and write five lines below the view."""
    log.scroll_home(animate=False)
    await until(pilot, lambda: log.scroll_y == 0 and not log.following, what="scrolled back")
    await write(log, 5, log.line_count)
    await until(pilot, lambda: "new lines below: 5" in str(log.border_subtitle), what="5 said waiting")


async def _to_the_end(pilot: Pilot, log: FollowingLog, how: str) -> None:
    """Scroll ``log`` back to its end as a reader does: End, PageDown, the wheel, the scrollbar."""
    if how == "end":
        await log.run_action("scroll_end")
    elif how == "eased":  # Textual's eased scroll to the end (End's before it jumped)
        log.scroll_end()
    elif how == "pagedown":
        log.scroll_to(y=log.max_scroll_y - log.scrollable_content_region.height + 2, animate=False)
        await pilot.pause()
        await log.run_action("page_down")
    elif how == "wheel":
        for _ in range(int(log.max_scroll_y) + 1):
            log.post_message(events.MouseScrollDown(log, 1, 1, 0, 0, 0, False, False, False))
    else:  # a drag of the scrollbar's thumb to the bottom
        log.post_message(ScrollTo(y=log.max_scroll_y, animate=False))


async def _focused_at_its_end_easing_slowly(
    pilot: Pilot, log: FollowingLog, monkeypatch: pytest.MonkeyPatch
) -> FollowingLog:
    """``log`` focused, 80 lines written, at its end; from then on the app's scroll easing takes
    ``SLOWER`` times as long (about twenty seconds, not one): a state that lasts only while the
    view eases outlasts any wait of the test, however slow a loaded machine makes the app."""
    log.focus()
    await write(log, 80, 0)
    await until(pilot, lambda: 0 < log.max_scroll_y == log.scroll_y, what="at the end")
    animator, real = log.app.animator, log.app.animator._get_time
    began = real()
    monkeypatch.setattr(animator, "_get_time", lambda: began + (real() - began) / SLOWER)
    return log


@pytest.mark.parametrize("pane", ["events", "conversation"])
async def test_the_count_of_new_lines_goes_the_moment_the_pane_heads_back_to_its_end(
    pane: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not when the scrolling's easing settles on the last row, a second later (End's animation):
    the view is going to the end, so it follows and says nothing waits."""
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        log = await _focused_at_its_end_easing_slowly(pilot, getattr(app, pane), monkeypatch)
        for how in ("end", "pagedown", "wheel", "scrollbar"):
            await _back_with_new_lines_below(pilot, log)
            await _to_the_end(pilot, log, how)
            await until(
                pilot,
                lambda: log.following and log.waiting == 0 and "new" not in str(log.border_subtitle),
                timeout=5,
                what=f"the count gone after {how}",
            )


@pytest.mark.parametrize("pane", ["events", "conversation"])
async def test_lines_written_while_the_view_eases_to_its_end_are_followed_into_view(
    pane: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An eased scroll sends the view to what is the end then; lines written before it gets there moved the
    end further, and each step of the easing, short of the new end, made the view hold: it
    stopped at the old end and said "new lines below: 3" (a test failed by chance on a loaded
    machine)."""
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        animator, real = app.animator, app.animator._get_time
        log = await _focused_at_its_end_easing_slowly(pilot, getattr(app, pane), monkeypatch)
        await _back_with_new_lines_below(pilot, log)
        await _to_the_end(pilot, log, "eased")
        await until(pilot, lambda: log.following and 0 < log.scroll_y < log.scroll_target_y, what="easing")
        await write(log, 3, log.line_count)  # while the view eases to the old end (slowed down)
        await pilot.pause(0.2)  # a few steps of the easing
        monkeypatch.setattr(animator, "_get_time", real)  # then it ends at its usual pace
        await until(
            pilot,
            lambda: log.following and log.scroll_y == log.max_scroll_y and log.waiting == 0,
            what="the new end in view",
        )
        assert "new" not in str(log.border_subtitle)


@pytest.mark.parametrize("pane", ["events", "conversation"])
async def test_a_focused_pane_eased_to_its_end_follows_lines_written_meanwhile_without_holding(
    pane: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 80x24 an eased scroll in a focused pane takes the view down; a tall line written before it gets
    there, then more lines, move the view on to them at once. Textual's first step in that
    move sets the target to where the easing had got, above where the view follows to: taken
    for the reader scrolling back, it made the pane hold (at a tall ``listening`` line in step
    mode, a whole stepped run went by under it, "new lines below: 13"). The pane follows
    throughout: each time it counts what is below, it is following."""
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        log: FollowingLog = getattr(app, pane)
        log.focus()
        await write(log, 40, 0)
        await until(pilot, lambda: 0 < log.max_scroll_y == log.scroll_y, what="at the end")
        animator, real = app.animator, app.animator._get_time
        began = real()
        monkeypatch.setattr(animator, "_get_time", lambda: began + (real() - began) / SLOWER)
        await _back_with_new_lines_below(pilot, log)
        await _to_the_end(pilot, log, "eased")
        await until(pilot, lambda: log.following and 0 < log.scroll_y < log.scroll_target_y, what="easing")
        held: list[float] = []
        count = log.show_waiting

        def counted() -> None:
            if not log.following:
                held.append(log.scroll_target_y)
            count()

        monkeypatch.setattr(log, "show_waiting", counted)
        tall = f"{time_column(50)} listening " + " ".join(f"option{n}=0" for n in range(40))
        log.add_lines([tall])
        log.flush()
        await until(pilot, lambda: log.scroll_y == log.following_y() > 0, what="the tall line in view")
        assert log._latest == log.scroll_y < log.max_scroll_y  # its start, the rest below
        await write(log, 3, 60)
        await until(
            pilot, lambda: log.scroll_y == log.max_scroll_y == log.following_y(), what="the new end in view"
        )
        assert log.following and not held and "new lines" not in str(log.border_subtitle)


@pytest.mark.parametrize("pane", ["events", "conversation"])
async def test_end_and_home_jump_and_the_border_is_right_at_once(
    pane: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """End in a focused pane eased the view down over about 1.5 s while the border still said
    what was below the view it left; End and Home now jump, the border right at the next frame."""
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        log = await _focused_at_its_end_easing_slowly(pilot, getattr(app, pane), monkeypatch)
        await log.run_action("scroll_home")  # as the key does, without waiting for an easing
        await pilot.pause()
        assert log.scroll_y == 0 and not log.following
        await write(log, 5, log.line_count)
        await until(pilot, lambda: "new lines below: 5" in str(log.border_subtitle), what="5 said waiting")
        await log.run_action("scroll_end")
        await pilot.pause()
        assert log.scroll_y == log.max_scroll_y and log.following
        assert "new lines" not in str(log.border_subtitle)


@pytest.mark.parametrize("pane", ["events", "conversation"])
async def test_the_top_row_that_continues_a_line_says_so_and_no_time(pane: str) -> None:
    """At 80x24 a pane's first row can be the rest of a wrapped line whose start scrolled out of
    view: that row shows ``…`` where a time ends and no time (``…  0.868 handler-2)`` read as a
    line of its own), a line with a mark in place of its time (a replay's app lines) too; a
    line's own first row is as it was."""
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        log: FollowingLog = getattr(app, pane)
        await until(pilot, lambda: app.events.line_count > 0, what="listening said")
        log.clear()
        words = " ".join(f"w{n}" for n in range(120))
        for head in (time_column(0.868), "app".rjust(8)):
            log.add_lines([f"{head} {words}", *(f"{time_column(n / 1000)} x" for n in range(40))])
        log.flush()
        await until(pilot, lambda: log.line_count > 80 and log.max_scroll_y > 3, what="the lines")
        starts = [row for row, text in enumerate(log.lines) if not text.startswith(" " * 8)]
        for first in (0, next(row for row in starts if log.lines[row].lstrip().startswith("app"))):
            for top in (first + 2, first + 1, first):
                log.scroll_to(y=top, animate=False)
                await until(pilot, lambda: log.scroll_offset.y == top, what=f"row {top} on top")  # noqa: B023
                shown, own = log.render_line(0).text.rstrip(), log.lines[top].rstrip()
                if top == first:
                    assert shown.startswith(own[:9]), (top, shown)
                else:
                    assert shown.startswith(f"{CONTINUES:>8} w") and shown[9:] == own[9:], (top, shown)
                    assert log.render_line(1).text.rstrip() == log.lines[top + 1].rstrip(), top
        await pilot.press("q")


async def test_times_of_100_s_and_more_keep_the_column_and_its_blank() -> None:
    """``│155.871 press p…``: a time of 100 s or more lost its blank and its column."""
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for t in (1.5, 155.871, 1234.5, 99999.99):
            app.events.note(f"note at {t}", t)
        await until(pilot, lambda: "note at 99999.99" in screen_text(app), what="the notes")
        lines = [line for line in app.events.logical_lines() if "note at" in line]
        assert [line.index("note at") for line in lines] == [9, 9, 9, 9], lines
        assert all(line.startswith(" ") for line in lines), lines
        assert "│ 155.871 note at 155.871" in screen_text(app)
        await pilot.press("q")


async def test_a_runs_launching_line_comes_before_its_first_accept() -> None:
    """The launching line was timed after the launch returned: an accept the server made in the
    meantime came first, a millisecond before the run that made it (seen in a comparison)."""
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.session.listening, what="the server")
        launch = app.lab.launch

        def slow_to_return(*args: object) -> object:  # the accepts happen before it returns
            run = launch(*args)  # type: ignore[arg-type]
            accepted = lambda: sum(e.kind == Kind.ACCEPTED for e in app.bus.history)  # noqa: E731
            deadline = time.monotonic() + 10
            while accepted() < 2 and time.monotonic() < deadline:
                time.sleep(0.005)
            return run

        app.lab.launch = slow_to_return  # type: ignore[method-assign]
        await pilot.press("f")
        await until(pilot, lambda: all(run.done for run in app.lab.runs) and app.lab.runs, what="the run")
        lines = app.events.logical_lines()
        launching = next(i for i, line in enumerate(lines) if "launching" in line)
        first_accept = next(i for i, line in enumerate(lines) if "accepted from" in line)
        assert launching < first_accept, lines
        await pilot.press("q")
