"""The main screen as a class reads it on a projector: the events pane shows its newest line
whole after the panes around it change size."""

from __future__ import annotations

import functools

import pytest
from layout_stage import screen_text
from pilot_helpers import set_field, until

from server_core import CLIENT, SERVER, Event
from server_core.stepping import ThreadView
from tui_app.app import LabApp
from tui_app.strings import describe, tr
from tui_app.widgets.following_log import time_column

pytestmark = pytest.mark.timeout(30)


@pytest.mark.parametrize("rows", [2, 5])
async def test_the_events_pane_follows_to_its_last_row_when_it_loses_rows(rows: int) -> None:
    """A pane that lost rows with its width unchanged (in step mode the threads pane grows as a
    run's threads come; here the terminal shrinks) kept the view where it stood: the newest
    line's second row out of sight until more lines came."""
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        log = app.events
        log.add_lines([f"{time_column(i)} line {i}" for i in range(80)])
        log.add_lines([f"{time_column(80)} run 12: launching 3 clients, order lock, to 127.0.0.1:22050"])
        log.flush()
        await until(pilot, lambda: 0 < log.max_scroll_y == log.scroll_y, what="at the end")
        assert "launching" in log.lines[-2] and "22050" in log.lines[-1]  # the line takes two rows
        width, height = log.size.width, log.scrollable_content_region.height
        await pilot.resize_terminal(120, 40 - rows)
        await until(pilot, lambda: log.scrollable_content_region.height < height, what="rows lost")
        assert log.size.width == width
        await until(pilot, lambda: log.scroll_y == log.max_scroll_y, timeout=5, what="the view at the end")
        assert log.following
        await pilot.press("q")


async def test_a_run_let_go_by_g_before_any_step_is_not_said_stepped_by_hand() -> None:
    """`p`, `l`, then `g` at once: no step was picked, yet the verdict said "stepped by hand"
    where it says how far the clients overlapped."""
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        set_field(app, "hold", "0")
        set_field(app, "n", "3")
        await pilot.press("p", "l")
        held = lambda: [v.label for v in app.lab.stepper.snapshot() if v.state == "held"]  # noqa: E731
        await until(pilot, lambda: len(held()) == 3, what="three clients held")
        await pilot.press("g")
        lines = lambda: " ".join(" ".join(app.events.logical_lines()).split())  # noqa: E731
        await until(pilot, lambda: "run 1: " in lines() and "3 ok" in lines(), what="the run's verdict")
        assert tr("verdict.stepped_by_hand", "en") not in lines()
        assert tr("verdict.one_at_a_time", "en") in lines()  # the lock let one client in at a time
        await pilot.press("q")


async def test_a_stop_after_a_clients_reply_says_it_had_its_reply() -> None:
    """r1.1 got its reply and was held before its close when `k` came: counted stopped, as the
    rule says, but the line read "0 ok, 0 failed, 3 stopped" beside a table showing its reply."""
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        set_field(app, "hold", "0")
        await pilot.press("p", "f")
        stepper = app.lab.stepper
        steps = ["r1.1 connect", "r1.1 send", "#1 read", "#1 reply", "r1.1 recv"]  # to its reply
        for label, step in (pair.split() for pair in steps):
            view = await until(pilot, functools.partial(held_before, app, label, step), what=label + step)
            assert isinstance(view, ThreadView) and stepper.pick(view.side, view.run, view.number)
        await until(pilot, lambda: held_before(app, "r1.1", "close"), what="r1.1 held before its close")
        await pilot.press("k")
        lines = lambda: " ".join(" ".join(app.events.logical_lines()).split())  # noqa: E731
        said = "3 clients: 0 ok, 0 failed, 3 stopped (1 after its reply)"
        await until(pilot, lambda: "stopped before it ended" in lines(), what="the run's line")
        assert said in lines()
        await pilot.press("q")


def held_before(app: LabApp, label: str, step: str) -> ThreadView | None:
    """The thread ``label`` if it is held before ``step``."""
    views = app.lab.stepper.snapshot()
    return next((v for v in views if (v.label, v.state, v.step) == (label, "held", step)), None)


@pytest.mark.parametrize(("lang", "said"), [("en", "more below: {} rows"), ("zh", "下方还有{}行")])
async def test_a_line_taller_than_the_events_pane_says_its_rows_below(lang: str, said: str) -> None:
    """At 80x24 a run's summary of seven rows in the four-row pane showed its first four and
    nothing said more followed: its verdict's end out of sight. The border says how many rows are
    below; scrolled down they come into view and the count goes."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        log = app.events
        await until(pilot, lambda: app.session.listening and log.lines, what="the server listening")
        verdict = " ".join(f"clause{i}" for i in range(60)) + " the server answered at once (p95 1.0 ms)"
        log.add_lines([f"{time_column(i)} line {i}" for i in range(10)])
        log.add_lines([f"{time_column(10)} run 1 done {verdict}"])
        log.flush()
        rows = len(log.lines) - next(i for i, row in enumerate(log.lines) if "run 1 done" in row)  # its rows
        below = lambda: rows - log.scrollable_content_region.height  # noqa: E731 (a loaded start lays out late)
        assert below() > 1, (rows, below())
        await until(pilot, lambda: said.format(below()) in str(log.border_subtitle), what="rows below said")
        assert "run 1 done" in log.render_line(0).text  # its start in view, the end below
        assert log.following
        log.focus()
        await pilot.press("down")
        await until(pilot, lambda: said.format(below() - 1) in str(log.border_subtitle), what="one row fewer")
        await pilot.press("end")
        end = lambda: "p95" in screen_text(app) and not log.border_subtitle  # noqa: E731
        await until(pilot, end, what="its end in view")
        assert log.following
        await pilot.press("q")


@pytest.mark.parametrize("side", [CLIENT, SERVER])
def test_in_chinese_a_turn_is_waited_for_got_and_given_back(side: str) -> None:
    """'takes its turn' read `r1.1 开始` ("starts"): the turn itself was lost; so was its end."""
    extra = {"run": 1} if side == CLIENT else None
    kinds = ("waiting", "entered", "left")
    said = [describe(Event(1, 0.0, side, kind, 1, extra=extra), "zh") for kind in kinds]
    assert "等待轮到" in said[0], said
    assert "轮到自己" in said[1], said
    assert "交出轮次" in said[2], said


async def test_the_accept_fields_label_is_chinese_beside_its_value() -> None:
    """The form's labels were Chinese but `accept`'s; its own (``接受方式``) fits the label
    column, its value beside it in the others' column, with the value's name."""
    app = LabApp(port=0, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        shown = lambda: "│ 接受方式 blocking   阻塞 │" in screen_text(app)  # noqa: E731
        await until(pilot, shown, what="the label and, beside it, its value")
        await pilot.press("q")
