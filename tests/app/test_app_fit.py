"""The main screen fits its pane at every width: lines wrapped again when a pane's width changes,
keys typed together into a field taken in order, messages that name what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from layout_stage import screen_text
from pilot_helpers import launch, until
from textual._xterm_parser import XTermParser
from textual.widgets import Input

from server_core.recording import read_recording
from tui_app.app import LabApp
from tui_app.strings import tr
from tui_app.widgets.clients_table import COLUMNS, MIN_CUT, PADDING
from tui_app.widgets.controls import SERVER_FIELDS

WORDS = [f"word{n:02d}" for n in range(18)]  # four rows of the events pane at 80x24
REPLAY_KEYS = [("space", "play"), ("n", "step"), (">", "faster"), ("<", "slower"), ("R", "restart")]


async def test_an_old_line_is_wrapped_again_when_the_pane_narrows_and_widens() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        app.events.note(" ".join(WORDS), 0.0)
        await pilot.pause()
        for size in ((80, 24), (120, 40), (200, 50)):
            await pilot.resize_terminal(*size)
            await until(pilot, lambda: all(w in screen_text(app) for w in WORDS), what=f"all at {size}")
        assert app.events.logical_lines()[-1].endswith(" ".join(WORDS))
        await pilot.press("q")


@pytest.mark.long
async def test_the_pane_edge_never_cuts_a_table_cell_so_a_cut_one_shows_its_ellipsis() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")  # step mode: its pane takes room from the table
        await pilot.pause()
        table = app.query_one("#clients")
        checked = 0
        for width in range(70, 140, 3):
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            shown = table.scrollable_content_region.width
            edges, end = [], 0
            for key in (key for key in COLUMNS if key in table._widths):  # the address may give way
                end += table._widths[key] + 2 * PADDING
                edges.append(end)
            if shown < edges[1] + 2 * (MIN_CUT + 2 * PADDING):
                continue  # not even a cell of sent and got beside id and state
            checked += 1
            assert {shown, shown - 1} & set(edges) or shown >= end, (width, edges)  # an odd cell spare
        assert checked > 5
        await pilot.press("q")


async def burst(app: LabApp, pilot: object, data: str) -> None:
    """``data`` as a terminal sends keys typed together: one write, parsed, every key queued at once."""
    for event in XTermParser().feed(data):
        event.set_sender(app)
        app._driver.send_message(event)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("field", "start", "data", "typed"),
    [
        ("n", "3", "\x7f7", "7"),  # BSpace 7
        ("message", "hello", "\x7fz", "hellz"),  # BSpace z
        ("hold", "1.0", "\x1b[D5", "1.50"),  # Left 5
        ("port", "8888", "\x1b[H\x1b[F\x7f9", "8889"),  # Home End BSpace 9
        ("hold", "1.0", "\tok", "1.0"),  # Tab ok: into the next field (message), not this one
    ],
)
async def test_keys_that_arrive_together_in_a_field_are_taken_in_order(
    field: str, start: str, data: str, typed: str
) -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = app.query_one(f"#field-{field}", Input)
        shown.focus()
        await until(pilot, lambda: app.focused is shown)
        shown.value, shown.cursor_position = start, len(start)
        await pilot.pause()
        await burst(app, pilot, data)
        await until(pilot, lambda: shown.value == typed, what=f"{typed!r}, not {shown.value!r}")
        if "\t" in data:  # the characters after Tab go into the next field
            message = app.query_one("#field-message", Input)
            await until(pilot, lambda: message.value.endswith("ok"), what="ok in message")
            assert app.focused is message
            shown.focus()
            await pilot.pause()
        shown.value, shown.cursor_position = start, len(start)
        keys = [e.key for e in XTermParser().feed(data)]
        await pilot.press(*keys)
        assert shown.value == typed
        await pilot.press("escape", "q")


async def test_the_options_field_is_seen_empty_focused_by_its_label_and_its_error_read_whole() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "│ e.g. TCP_NODELAY=1 " in screen_text(app)  # the empty field shows an example, said as one
        options = app.query_one("#field-sockopts", Input)
        label = options.parent.query_one(".field-label")
        await pilot.click(label)
        assert app.focused is options
        await pilot.click(app.query_one("#field-backlog").parent.query_one(".field-label"))
        assert app.focused is app.query_one("#field-backlog")
        await pilot.click(label, offset=(20, 0))  # beside the label, on its row
        assert app.focused is options
        await pilot.press(*"SO_NOSUCH=1")
        error = app.query_one("#error-sockopts")
        await until(pilot, lambda: error.display)
        words = str(error.render()).split()
        await until(pilot, lambda: all(w in screen_text(app) for w in words), what=f"all of {words}")
        await pilot.press("escape", "q")


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("delay", "99999999999", "server not restarted: fix delay s: "),
        ("n", "0", "nothing launched: N: "),
        ("hold", "1.2.3", "nothing launched: hold s: "),
    ],
)
async def test_a_wrong_field_is_named_in_the_line_that_says_nothing_happened(
    field: str, value: str, said: str
) -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = app.query_one(f"#field-{field}", Input)
        shown.value = value
        shown.focus()
        await pilot.press("enter")
        await until(pilot, lambda: any(said in line for line in app.events.logical_lines()), what=said)
        line = next(line for line in app.events.logical_lines() if said in line)
        assert line.endswith(str(app.query_one(f"#error-{field}").render()).split(": ", 1)[1])
        await pilot.press("escape", "q")


async def test_the_table_scrolls_to_a_new_run_and_shows_its_rows() -> None:
    """At 80x24 the table shows a run of N's default, three (it gives the verdict rows below)."""
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        for run in range(1, 5):
            await launch(pilot, "r", n="3", hold="0")
            await until(
                pilot, lambda run=run: app.lab.launched == run and app.lab.runs[-1].done, what=f"run {run}"
            )
            await until(pilot, lambda run=run: table.first_row_of_run(run) == table.cursor_row, what="cursor")
            first = table.cursor_row

            def in_view(first: int = first) -> bool:  # the run's 3 rows (the pane grows to them)
                rows = table.scrollable_content_region.height - 1  # less the header
                return table.scroll_y <= first and first + 3 <= table.scroll_y + rows

            await until(pilot, in_view, what=f"run {run}'s rows in view")
        await pilot.press("q")


async def test_step_mode_at_80x24_gives_the_threads_a_row_and_leaves_the_table_its_width() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        width = app.table.region.width
        await pilot.press("p")
        await launch(pilot, "f", n="3")
        steps = app.step_pane
        # the pane's third line, not the table's r1.3 row
        await until(pilot, lambda: "(key 3)" in screen_text(app), what="the threads listed")
        assert steps.region.width == 80 and steps.region.bottom == 23  # a row above the footer
        assert app.table.region.width == width
        text = screen_text(app)
        assert all(f"r1.{n} " in text and f"(key {n})" in text for n in (1, 2, 3)), text
        await pilot.press("p", "q")


@pytest.mark.parametrize(("lang", "runs"), [("en", "1 run"), ("zh", "1轮")])
async def test_a_recording_shows_its_own_settings_not_the_form_and_its_whole_status_line(
    lang: str, runs: str
) -> None:
    recording = read_recording(str(Path(__file__).parents[1] / "data" / "run-lock-3.jsonl"))
    app = LabApp(recording=recording, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: 1 in app.session.summaries, what="the run replayed")
        text = screen_text(app)
        assert tr("pane.recorded", lang) in text
        assert not app.query("#launch") and not app.query("#field-n")  # no form, not even hidden
        assert "lock" in text and "1.0" in text and "127.0.0.1:42817" in text.split("╮", 1)[1]
        assert text.splitlines()[0].rstrip().endswith(runs)
        await pilot.press("q")


def test_the_comparison_at_80x24_shows_every_order_whole() -> None:
    # the staged comparison as committed: test_app_layout.py proves the app draws exactly this, so
    # a layout that cuts an order fails there, and a rewrite of the committed screens fails here
    shown = (Path(__file__).with_name("layout") / "comparison-en-80x24.txt").read_text(encoding="utf-8")
    for order in ("launched", "accepted", "received", "1 4 5 6 7 8 3 2", "1 2 3 5 4 7 6 8"):
        assert order in shown, order


async def test_a_long_summary_in_a_narrow_events_pane_is_read_whole() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")  # step mode: the events pane is at its narrowest
        await pilot.pause()
        words = [f"w{n:03d}" for n in range(50)]  # some 14 rows at this width
        app.events.note(" ".join(words), 0.0)
        await until(pilot, lambda: words[-1] in "\n".join(app.events.lines), what="the last word")
        assert "…" not in "\n".join(app.events.lines)
        await pilot.press("p", "q")


async def test_a_value_longer_than_its_field_shows_that_it_runs_on() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        options = app.query_one("#field-sockopts", Input)
        options.focus()
        await pilot.press(*"TCP_NODELAY=1 SO_KEEPALIVE=1 TCP_KEEPIDLE=60")
        await pilot.pause()
        row = options.region
        shown = screen_text(app).splitlines()[row.y][row.x : row.right]
        assert shown.startswith("…") and shown.rstrip().endswith("60"), shown  # scrolled to the cursor
        await pilot.press("escape")
        await pilot.pause()
        shown = screen_text(app).splitlines()[row.y][row.x : row.right]
        assert shown.startswith("TCP_NODELAY=1") and shown.endswith("…"), shown  # from its start again
        options.value = "TCP_NODELAY=1"
        await pilot.pause()
        assert "…" not in screen_text(app).splitlines()[row.y][row.x : row.right]  # a value that fits
        await pilot.press("q")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_refused_full_width_digit_is_quoted_in_the_fields_reason(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one("#field-sockopts", Input).focus()
        await pilot.press(*"TCP_KEEPIDLE=", "３", "enter")  # refused: the value stays TCP_KEEPIDLE=
        error = app.query_one("#error-sockopts")
        await until(pilot, lambda: error.display, what="the reason")
        said = app.controls.wrong(SERVER_FIELDS)  # whole, as the line saying nothing restarted has it
        assert "TCP_KEEPIDLE" in said and "３" in said and "''" not in said, said
        await pilot.press("escape", "q")


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=lambda size: f"{size[0]}x{size[1]}")
async def test_the_step_pane_leaves_the_events_their_width_empty_or_not(size: tuple[int, int]) -> None:
    """The Threads pane is a row under the panes: as a third column at 120x40 it left the events
    pane 29 cells, a connection's line broken every few words."""
    app = LabApp(port=0)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        width = app.events.region.width
        await pilot.press("p")
        await until(pilot, lambda: "no thread is waiting to step" in screen_text(app), what="the empty pane")
        steps = app.step_pane
        assert app.events.region.width == width and steps.region.width == size[0] and steps.region.height == 3
        await launch(pilot, "f", n="1")
        await until(pilot, lambda: "(key 1)" in screen_text(app), what="the thread listed")
        await pilot.pause()
        assert steps.region.width == size[0] and app.events.region.width == width >= 50
        await pilot.press("p")
        await until(pilot, lambda: app.lab.runs[-1].done, what="the run let go")  # step mode off
        await pilot.press("q")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_recording_shows_every_replay_key_at_80_columns(lang: str) -> None:
    recording = read_recording(str(Path(__file__).parents[1] / "data" / "run-lock-3.jsonl"))
    app = LabApp(recording=recording, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: 1 in app.session.summaries, what="the run replayed")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        shown = [(keyname, tr(f"key.replay_{what}", lang)) for keyname, what in REPLAY_KEYS]
        for key, words in shown:
            name = tr("keyname.space", lang) if key == "space" else key
            assert any(f"{name} {words}" in line for line in lines[-3:]), (key, lines[-3:])
        assert f"q {tr('key.quit', lang)}" in lines[-1] and f"t {tr('key.timeline', lang)}" in lines[-1]
        for width in range(30, 80, 7):  # narrower: whole keys, then … for those left out
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            line = screen_text(app).splitlines()[-2].strip()
            assert line.startswith(f"{tr('keyname.space', lang)} {shown[0][1]}"), (width, line)
            assert line.endswith("…") != line.endswith(shown[-1][1]), (width, line)  # whole, or …
        await pilot.press("q")
