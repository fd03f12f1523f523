"""The form at 80 columns as a new user meets it: every value the app puts in a field shown
whole in either language, Down and Up walking the whole form past its buttons, every field in
view in step mode, and no blank rows in the clients table at 50x20."""

from __future__ import annotations

import pytest
from layout_stage import screen_text
from pilot_helpers import holding_in_step_mode, launch, until
from rich.cells import cell_len
from rich.text import Text
from textual.pilot import Pilot

from server_core import CLIENT
from server_core.stepping import ThreadView
from tui_app.app import LabApp
from tui_app.strings import tr
from tui_app.widgets.controls import CLIENT_FIELDS, SERVER_FIELDS, Field
from tui_app.wrapping import Wrapped

pytestmark = pytest.mark.timeout(60)

KEYS = {"f": "free", "l": "lock", "s": "semaphore:2", "u": "queue", "o": "sequential"}  # N = 3


def field_text(app: LabApp, field_id: str) -> str:
    """What the screen shows in field ``field_id``'s cells."""
    region = app.query_one(f"#field-{field_id}").region
    cells = [c for char in screen_text(app).splitlines()[region.y] for c in (char, "")[: cell_len(char)]]
    return "".join(cells[region.x : region.right])


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_every_value_the_app_puts_in_a_field_is_shown_whole_at_80_columns(lang: str) -> None:
    """After ``s`` the Chinese order field showed ``semapho… 信号量`` (focused, ``…hore:2``): the
    name beside the value left the value too few cells."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.session.listening, what="the server listening")
        for spec in (*CLIENT_FIELDS, *SERVER_FIELDS):  # the defaults
            field = app.query_one(f"#field-{spec.id}", Field)
            if field.value:  # an empty options field shows its placeholder
                assert field.value in field_text(app, spec.id), (spec.id, field_text(app, spec.id))
        for run, (key, value) in enumerate(KEYS.items(), start=1):
            await launch(pilot, key, hold="0")
            await until(pilot, lambda run=run: app.lab.launched == run, what=f"{key} launched")
            await pilot.pause()
            assert app.query_one("#field-order", Field).value == value
            assert value in field_text(app, "order"), (key, field_text(app, "order"))
            app.query_one("#field-order", Field).focus()
            await pilot.pause()
            assert value in field_text(app, "order"), (key, "focused", field_text(app, "order"))
            await pilot.press("escape")
        app.controls.show_value("order", "semaphore:5000", None)  # s with N = 10000, the widest K
        await pilot.pause()
        assert "semaphore:5000" in field_text(app, "order"), field_text(app, "order")
        app.controls.show_value("order", "free", None)  # room again: the name comes back
        await pilot.pause()
        if lang == "zh":
            assert "自由" in screen_text(app).splitlines()[app.query_one("#field-order").region.y]
        await pilot.press("q")


def walk(app: LabApp) -> list[str]:
    """The ids of the form's fields and buttons in the order Tab reaches them."""
    controls = app.query_one("#controls")
    return [str(w.id) for w in app.screen.focus_chain if controls in w.ancestors]


def screen_order(app: LabApp) -> list[str]:
    """The ids of the form's fields and buttons as the screen shows them: top to bottom, left
    to right within a row."""
    controls = app.query_one("#controls")
    shown = [w for w in app.screen.focus_chain if controls in w.ancestors]
    return [str(w.id) for w in sorted(shown, key=lambda w: (w.region.y, w.region.x))]


async def walk_down_and_up(pilot: Pilot, order: list[str]) -> None:
    """From the first of ``order`` Down reaches each of the others in turn, and Up each back;
    Down on the last goes round to the first and Up there back to the last: never out of the
    form (Down past the last field went into the clients table, and Up then moved its rows)."""
    app = pilot.app
    app.query_one(f"#{order[0]}").focus()
    for key, expected in [("down", id_) for id_ in order[1:]] + [("down", order[0]), ("up", order[-1])]:
        await pilot.press(key)
        assert app.focused is not None and app.focused.id == expected, (key, expected, app.focused)
    for expected in reversed(order[:-1]):
        await pilot.press("up")
        assert app.focused is not None and app.focused.id == expected, (expected, app.focused)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_down_up_and_tab_walk_the_whole_form_in_screen_order(lang: str) -> None:
    """Down from the message field went back up to the clients' buttons, above N, and the
    server's buttons came after its last field: the walk jumped about the screen. Down and Up,
    as Tab, go top to bottom, left to right within a row, through every field and button, in
    step mode too."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        order = screen_order(app)
        assert order[:3] == ["launch", "stop-clients", "field-n"], order
        assert order.index("field-message") + 1 == order.index("start-server"), order
        assert order[-1] == "field-sockopts" and walk(app) == order, (walk(app), order)
        await walk_down_and_up(pilot, order)
        await pilot.press("escape", "p")  # step mode
        await until(pilot, lambda: app.lab.step_mode, what="step mode")
        await pilot.pause()
        assert screen_order(app) == order and walk(app) == order, (walk(app), screen_order(app))
        await walk_down_and_up(pilot, order)
        assert app.query_one("#field-n", Field).value == "3" and app.lab.launched == 0  # nothing acted
        await pilot.press("q")


HELD = [ThreadView(CLIENT, 1, n, f"r1.{n}", "held", "send", None, None) for n in range(1, 9)]


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_every_field_of_the_form_is_in_view_in_step_mode_at_80x24(lang: str) -> None:
    """The threads' pane took five rows: the options field fell out of view (``more below: 1
    row``) while the conversation beside it had blank rows."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await holding_in_step_mode(pilot, app, HELD)
        controls = app.query_one("#controls")
        shown = controls.scrollable_content_region
        assert controls.max_scroll_y == 0, controls.max_scroll_y
        for spec in (*CLIENT_FIELDS, *SERVER_FIELDS):
            region = app.query_one(f"#row-{spec.id}").region
            assert shown.contains_region(region), (spec.id, region, shown)
        await pilot.press("q")


async def test_at_50x20_the_clients_table_takes_only_its_rows() -> None:
    """The table kept seven rows at the least: four blank rows before any run, one under a run
    of three; the rows go to the panes below it."""
    app = LabApp(port=0)
    async with app.run_test(size=(50, 20)) as pilot:
        await until(pilot, lambda: app.session.listening, what="the server listening")
        await pilot.pause()
        table = app.table
        assert table.outer_size.height == 3, table.outer_size  # its border and header
        await launch(pilot, "f", n="3", hold="0")
        await until(pilot, lambda: 1 in app.session.summaries, what="the run's summary")
        rows = lambda: table.outer_size.height == 3 + 3  # noqa: E731  and the run's three rows
        await until(pilot, rows, what=f"the run's three rows, not {table.outer_size}")
        await pilot.press("q")


WRONG = ("", "x", "-1", "0", "99999999", "1.5", "semaphore:9x", "semaphore:0", "semaphore:", "free:1",
         "1e3", "SO_X=1", "TCP_NODELAY=7", "TCP_KEEPIDLE=-1", "a=b=c", "localhost", "x" * 40)


LONG = {"n": "10000", "order": "semaphore:5000", "hold": "0.125", "host": "127.100.100.100", "port": "65535",
        "accept": "nonblocking", "backlog": "100000", "sockopts": "TCP_NODELAY=1 SO_KEEPALIVE=1",
        "server_order": "semaphore:5000", "delay": "0.125"}  # fmt: skip  long values a field takes


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_every_refusal_of_every_field_takes_at_most_two_rows_at_80_columns(lang: str) -> None:
    """``semaphore:9x`` was refused in six rows under the order field (``semaphore width must be a
    whole number from 1 to 10000, in ASCII digits 0-9, not '9x'``), the fields under it pushed
    out of view, in a word the form uses nowhere else. What the next Enter does after a refused
    character (``options: '!' refused; Enter again uses TCP_NODELAY=1 …``) took three rows."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        controls = app.controls
        for spec in (*CLIENT_FIELDS, *SERVER_FIELDS):
            field = app.query_one(f"#field-{spec.id}", Field)
            error = app.query_one(f"#error-{spec.id}")
            said = []
            if spec.chars is not None:
                field.post_message(Field.Refused(field))  # a character it cannot take: the hint
                await until(pilot, lambda error=error: error.display, what=f"{spec.id}'s hint")
                said.append(str(error.render()))
            for value in WRONG:
                field.value = value
                ok, _ = controls.check(field)
                if not ok:
                    said.append(str(error.render()))
            for value in (spec.default, LONG.get(spec.id, spec.default)) if spec.chars is not None else ():
                field.value = value  # then a character refused: the next Enter says what it uses
                field.focus()
                await pilot.press("end", "exclamation_mark")
                await until(pilot, lambda field=field: field.held, what=f"{spec.id} holding {value!r}")
                controls.read((spec,))
                said.append(str(error.render()))
                assert "Enter" in said[-1], (spec.id, said[-1])
            await pilot.pause()
            width = controls.scrollable_content_region.width
            assert not error.display or error.size.width == width, (spec.id, error.size)  # the pane's
            for text in said:
                rows = list(Wrapped(Text(text)).lines(width))
                assert len(rows) <= 2, (spec.id, rows)
            field.value = spec.default
            controls.check(field)
        field = app.query_one("#field-order", Field)
        field.value = "semaphore:9x"
        controls.check(field)
        await pilot.pause()
        said = str(app.query_one("#error-order").render())
        assert tr("form.width", lang, high=10000) in said and "width" not in said and "宽度" not in said
        assert app.query_one("#error-order").region.height == 2
        await pilot.press("q")
