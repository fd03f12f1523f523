"""Step mode told plainly at every size: a step's answer atop the step pane, not over it; the
pane's keys as they work now (paused, handlers); what a thread inside a step is doing; a launch
held with no server; the step-mode key and the paused status at 80 columns; the timeline of a
run held and then stopped."""

from __future__ import annotations

import functools

import pytest
from layout_stage import screen_text, steady_text
from pilot_helpers import set_field, until
from test_app_stepping import held, held_before, one_client_held, waiting_for_the_lock
from textual.widgets._toast import Toast

from server_core import CLIENT
from tui_app.app import LabApp
from tui_app.screens.timeline import TimelineScreen
from tui_app.strings import tr


def joined(text: str) -> str:
    """``text`` without its white space: a wrapped line compared with the words it wraps."""
    return "".join(text.split())


def events_said(app: LabApp) -> str:
    return joined(" ".join(app.events.logical_lines()))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_steps_answer_is_atop_the_step_pane_and_hides_none_of_it(
    lang: str, size: tuple[int, int]
) -> None:
    """At 80x24 the answer to a digit (a notification) covered the step pane for 4 s: its rows'
    ends and its keys. It is now the pane's first line, every thread row in sight below it."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=size) as pilot:
        await waiting_for_the_lock(pilot, app, 3)
        await pilot.press("3")  # r1.3 waits for the lock: it cannot step
        answer = tr("note.step_blocked", lang, thread=app.step_pane.doing("r1.3"))
        await until(pilot, lambda: joined(answer) in events_said(app), what="the answer in the events pane")
        shown = await steady_text(app, pilot)
        assert joined(answer) in joined(shown.replace("│", "")), shown  # its lines inside the pane's sides
        for label in ("r1.1", "r1.2", "r1.3"):
            row = app.step_pane.doing(label)
            assert any(row in line for line in shown.splitlines()), (row, shown)
        assert str(app.step_pane.border_subtitle) in shown  # its keys, whole
        pane = app.step_pane.region
        covering = [toast for toast in app.screen.query(Toast) if toast.region.overlaps(pane)]
        assert not covering, [str(toast.render()) for toast in covering]
        app.lab.stepper.go()
        app.lab.stop_runs()
        await pilot.press("q")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_paused_the_step_panes_border_offers_only_what_works(lang: str) -> None:
    """After g the border still offered `1-9 … g`, which hold nothing then: it names the
    launches that hold again and p."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await one_client_held(pilot, app, "0")
        assert "1-9" in str(app.step_pane.border_subtitle)
        await pilot.press("g")
        keys = lambda: str(app.step_pane.border_subtitle)  # noqa: E731
        await until(pilot, lambda: "1-9" not in keys(), what="the digits no more offered")
        tokens = keys().split()
        assert not any(token.startswith(("g:", "g：")) for token in tokens), tokens
        assert "f" in tokens and any(token.startswith(("p:", "p：")) for token in tokens), tokens
        assert keys() in screen_text(app)  # whole at 80 columns
        await pilot.press("q")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_handlers_row_says_how_to_step_it(lang: str) -> None:
    """A handler has no digit: its row, and the border where the digits are explained, say that
    Enter (after a click on it) steps it."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await one_client_held(pilot, app, "30")
        await pilot.press("1")  # r1.1 connects: its handler is held before its read
        await until(pilot, lambda: "#1" in held(app), what="the handler held")
        row = app.step_pane.doing("#1")
        assert "Enter" in row, row
        assert "Enter" in str(app.step_pane.border_subtitle)
        whole = lambda: app.step_pane.doing("#1") in screen_text(app)  # noqa: E731  (once paired: #1 = r1.1)
        await until(pilot, whole, what="the handler's row whole on screen")
        app.lab.stepper.go()
        app.lab.stop_runs()
        await pilot.press("q")


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "waiting for the server's reply"), ("zh", "直到服务器回复")]
)
async def test_a_client_in_its_recv_is_said_to_wait_for_the_servers_reply(lang: str, words: str) -> None:
    """`r1.1 in a step: recv` did not say that the client waits for the server's reply."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await one_client_held(pilot, app, "0")
        for step in ("send", "recv"):  # connect, then send: its handler stays held before its read
            await pilot.press("1")
            before = functools.partial(held_before, app, "r1.1", step)
            await until(pilot, before, what=f"r1.1 held before {step}")
        await pilot.press("1")
        in_recv = lambda: [v for v in app.lab.stepper.snapshot() if v.label == "r1.1" and v.step == "recv"]  # noqa: E731
        await until(pilot, lambda: in_recv() and in_recv()[0].state != "held", what="r1.1 inside its recv")
        said = lambda: app.step_pane.doing("r1.1")  # noqa: E731
        await until(pilot, lambda: words in said(), what="its row says what it waits for")
        assert tr("state.picked", lang) in app.step_pane.doing("r1.1")  # the clients table's word kept
        handler = app.step_pane.doing("#1")
        assert tr("step.doing_server_read", lang) not in handler  # held before its read: ready, not in it
        app.lab.stepper.go()
        await pilot.press("q")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_launch_held_with_the_server_stopped_warns_at_once(lang: str) -> None:
    """With the server stopped, a run launched in step mode was held with no word, and failed
    only after g: the launch says at once that its connects will be refused."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.lab.server is not None and app.lab.server.port > 0, what="server up")
        port = app.lab.server.port
        set_field(app, "port", str(port))
        await pilot.press("x", "p", "f")
        warning = tr("note.step_no_server", lang, run=1, address=f"127.0.0.1:{port}")
        await until(pilot, lambda: joined(warning) in events_said(app), what="the warning in the events pane")
        app.lab.stepper.go()
        app.lab.stop_runs()
        await pilot.press("q")


@pytest.mark.parametrize(("lang", "meaning"), [("en", "launch"), ("zh", "启动")])
async def test_at_80_columns_the_footer_offers_p_and_the_paused_status_says_until_when(
    lang: str, meaning: str
) -> None:
    """At 80x24 the footer never showed `p step mode` and the status said `STEP MODE paused`.
    In English the experiments' key took step mode's room there: now it gives way to `p`."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = (await steady_text(app, pilot)).splitlines()[-1]
        offered = f"p {tr('key.step_mode', lang)}" in footer
        assert offered and f"? {tr('key.help', lang)}" in footer, footer
        await one_client_held(pilot, app, "0")
        await pilot.press("g")
        await until(pilot, lambda: all(run.done for run in app.lab.runs), what="the run done")
        status = lambda: screen_text(app).splitlines()[0]  # noqa: E731
        await until(pilot, lambda: meaning in status(), what=f"the status says what paused means: {status()}")
        await pilot.press("q")


async def test_the_timeline_of_a_run_held_then_stopped_spans_its_time() -> None:
    """A run held in step mode for 1.5 s and then stopped had an axis of 1 ms: no lane had a
    segment (every client held before its connect), only holds."""
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await one_client_held(pilot, app, "0")
        launched = app.session.timeline.launches[1].t
        await until(pilot, lambda: app.source.now() - launched > 0.3, what="held a while")
        await pilot.press("k")
        await until(pilot, lambda: all(run.done for run in app.lab.runs), what="the run stopped")
        await until(pilot, lambda: 1 in app.session.timeline.finished, what="its end seen")
        clients = [e for e in app.bus.history if e.run == 1 and e.side == CLIENT and e.client is not None]
        stopped = max(e.t for e in clients)
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen), what="the timeline")
        await pilot.pause()
        window = app.screen.view.lanes_view.window
        assert window.span >= 0.3 and window.end >= stopped - 1e-6, (window, launched, stopped)
        await pilot.press("q")
