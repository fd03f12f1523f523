"""Every control does what it says: each button with the mouse, Enter in each field, Tab and Escape,
and a field that takes its characters instead of firing the app's keys."""

from __future__ import annotations

import itertools
import socket
from pathlib import Path

import pytest
from pilot_helpers import lasting_hints, set_field, until
from textual._xterm_parser import XTermParser
from textual.pilot import Pilot
from textual.widgets import Input

from tui_app.app import LabApp
from tui_app.screens.export import ExportScreen
from tui_app.screens.help import HelpScreen
from tui_app.strings import tr
from tui_app.widgets.controls import CLIENT_FIELDS, SERVER_FIELDS


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def shown(app: LabApp, selector: str) -> str:
    widget = app.screen.query_one(selector)
    return str(widget.render()) if widget.display else ""


def whole(app: LabApp, field_id: str) -> str:
    """A wrong field's whole reason, as the line saying nothing was launched has it (under the
    field at 80 columns, a reason longer than two rows says what the field takes)."""
    assert shown(app, f"#error-{field_id}"), field_id  # something said under the field
    return app.controls.wrong(tuple(spec for spec in (*CLIENT_FIELDS, *SERVER_FIELDS) if spec.id == field_id))


async def test_every_button_does_what_its_key_does() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        set_field(app, "n", "2")
        set_field(app, "hold", "30")
        await pilot.pause()  # laid out: the buttons are where the mouse goes
        assert await pilot.click("#launch")
        await until(pilot, lambda: app.session.book.active == 2, what="2 clients connected by the button")
        assert await pilot.click("#stop-clients")
        await until(pilot, lambda: app.lab.runs and all(run.done for run in app.lab.runs), what="stopped")
        port = free_port()
        set_field(app, "port", str(port))
        assert await pilot.click("#start-server")
        await until(pilot, lambda: app.lab.server is not None and app.lab.server.port == port, what="restart")
        assert await pilot.click("#stop-server")
        await until(pilot, lambda: app.lab.server is None, what="the server stopped by its button")
        await pilot.press("q")


async def test_enter_in_each_client_field_launches() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        set_field(app, "hold", "0")
        for runs, spec in enumerate(CLIENT_FIELDS, 1):
            app.query_one(f"#field-{spec.id}").focus()
            await pilot.press("enter")
            launched = lambda runs=runs: app.lab.launched == runs and app.lab.runs[-1].done  # noqa: E731
            await until(pilot, launched, what=f"a run from Enter in {spec.id}")
            done = lambda runs=runs: app.session.book.accepted == 3 * runs and app.session.book.active == 0  # noqa: E731
            await until(pilot, done, what=f"the run from Enter in {spec.id} accepted and closed")


async def test_enter_in_each_server_field_restarts_the_server() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        for spec in SERVER_FIELDS:
            port = free_port()
            set_field(app, "port", str(port))
            app.query_one(f"#field-{spec.id}").focus()
            await pilot.press("enter")
            restarted = lambda port=port: app.lab.server is not None and app.lab.server.port == port  # noqa: E731
            await until(pilot, restarted, what=f"a restart from Enter in {spec.id}")


async def test_tab_reaches_n_past_the_clients_buttons_and_a_field_never_fires_the_apps_keys() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        server = app.lab.server
        await pilot.press("tab", "tab", "tab")  # Launch, Stop, then N under them
        field = app.query_one("#field-n")
        assert app.focused is field
        await pilot.press("end", "x", "q", "a", "f", "k", "question_mark")
        said = lambda: "N takes only digits 0-9" in shown(app, "#error-n")  # noqa: E731
        await until(pilot, said, what="the refused keys said why")
        await pilot.press("5")
        await until(pilot, lambda: field.value == "35" and "takes only" in shown(app, "#error-n"))
        assert app.lab.server is server and app.lab.runs == [] and app.is_running
        await pilot.press("tab")
        assert app.focused is app.query_one("#field-order")  # screen order: down the form
        message = app.query_one("#field-message")
        message.focus()
        message.value = ""
        await pilot.press("x", "q", "[", "/", "]")
        assert message.value == "xq[/]" and app.lab.server is server and app.is_running
        await pilot.press("escape")
        assert app.focused is None
        set_field(app, "n", "1")
        set_field(app, "hold", "0")
        await pilot.press("f")
        await until(pilot, lambda: len(app.lab.runs) == 1, what="f works again outside the fields")
        await until(pilot, lambda: app.lab.runs[0].done)


async def test_tab_reaches_each_sections_buttons_then_its_fields_in_screen_order() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        server = app.lab.server
        reached = []
        for _ in range(len(CLIENT_FIELDS) + len(SERVER_FIELDS) + 4):
            await pilot.press("tab")
            reached.append(app.focused.id if app.focused is not None else None)
        fields = [f"field-{spec.id}" for spec in CLIENT_FIELDS]
        servers = [f"field-{spec.id}" for spec in SERVER_FIELDS]
        assert reached == ["launch", "stop-clients", *fields, "start-server", "stop-server", *servers]
        app.query_one("#field-n").focus()
        await pilot.press("shift+tab")  # back to the clients' Stop, above N
        assert app.focused is app.query_one("#stop-clients")
        await pilot.press("shift+tab", "enter")  # Launch, pressed from the keyboard
        await until(pilot, lambda: len(app.lab.runs) == 1, what="a run from the focused Launch")
        assert app.lab.server is server
        app.lab.stop_runs()


async def test_escape_then_tab_in_one_write_leaves_the_field_then_moves_from_the_start() -> None:
    keys = [event.key for event in XTermParser().feed("\x1b\t")]
    assert keys == ["escape", "tab"]
    assert [event.key for event in XTermParser().feed("\x1b[Z")] == ["shift+tab"]
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one("#field-hold").focus()
        await pilot.press(*keys)
        assert app.focused is app.query_one("#launch")  # the form's first, in screen order


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ("\x1b?", "question_mark"),
        ("\x1b<", "less_than_sign"),
        ("\x1b>", "greater_than_sign"),
        ("\x1b ", "space"),
        ("\x1b1", "1"),
    ],
)
def test_escape_and_a_key_that_is_no_letter_in_one_write_are_read_as_those_two_keys(
    data: str, key: str
) -> None:
    assert [event.key for event in XTermParser().feed(data)] == ["escape", key]


async def test_escape_and_question_mark_in_one_write_leave_the_field_and_open_the_help() -> None:
    keys = [event.key for event in XTermParser().feed("\x1b?")]
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        hold = app.query_one("#field-hold", Input)
        before = hold.value
        hold.focus()
        await pilot.press(*keys)
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help")
        assert hold.value == before


async def test_escape_and_a_key_in_one_write_leave_the_field_as_it_was() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        n = app.query_one("#field-n", Input)
        for data in ("\x1b1", "\x1bk", "\x1b?"):  # the last opens the help: the field out of reach
            n.focus()
            await until(pilot, lambda: app.focused is n, what=f"the field focused before {data!r}")
            before = n.value
            parser = XTermParser()
            for event in [*parser.feed(data), *parser.feed("")]:  # one write: the app hands every key
                n.post_message(event)  # on to the field before the field takes the first, Escape
            await until(pilot, lambda: app.focused is not n, what=f"the field left by {data!r}")
            await pilot.pause()
            assert n.value == before, data


async def test_a_refused_character_is_said_and_hold_keeps_its_value() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        hold = app.query_one("#field-hold")
        hold.focus()
        hold.value = ""
        await pilot.press("x")
        assert shown(app, "#error-hold") == tr("form.takes.hold")  # its characters in more than two rows
        await pilot.press("1")
        assert hold.value == "1"
        await until(pilot, lambda: shown(app, "#error-hold") == "", what="the hint to go")


@pytest.mark.parametrize(
    ("field_id", "typed", "kept", "launched"),
    [("hold", "1,5", "15", "15"), ("hold", "2s", "2", "2"), ("n", "2a", "2", "2")],
)
async def test_enter_after_a_refused_character_says_so_and_acts_only_when_pressed_again(
    field_id: str, typed: str, kept: str, launched: str
) -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        set_field(app, "hold", "0")
        field = app.query_one(f"#field-{field_id}")
        field.focus()
        field.value = ""
        await pilot.press(*("minus" if char == "-" else char for char in typed))
        assert field.value == kept
        await pilot.press("enter")
        await pilot.pause()
        said = shown(app, f"#error-{field_id}")
        assert "refused" in said and f"Enter again uses {kept}" in said, said
        assert app.lab.runs == []
        await pilot.press("l")  # a character: refused again, and Launch's key is not run
        await pilot.press("enter")
        assert app.lab.runs == []
        await pilot.press("enter")
        await until(pilot, lambda: len(app.lab.runs) == 1, what="the second Enter launches")
        assert str(getattr(app.lab.runs[0].config, field_id)).rstrip("0").rstrip(".") == launched
        app.lab.stop_runs()


@pytest.mark.parametrize(
    ("lang", "said"), [("en", "'!' refused; Enter again leaves it empty"), ("zh", "“!”；再按 Enter 将留空")]
)
async def test_enter_after_a_refused_character_in_an_empty_field_says_it_stays_empty(
    lang: str, said: str
) -> None:
    """An empty value is said to be left empty, never quoted as nothing after "uses"."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        field = app.query_one("#field-sockopts")
        field.focus()
        await pilot.press("exclamation_mark", "enter")
        shown_now = shown(app, "#error-sockopts")
        assert shown_now.endswith(said), shown_now


async def test_deleting_after_a_refused_character_is_editing_again() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        set_field(app, "hold", "0")
        field = app.query_one("#field-n")
        field.focus()
        await pilot.press("end", "x", "backspace", "2", "enter")  # "3x" refused, "3" deleted: 2
        await until(pilot, lambda: len(app.lab.runs) == 1, what="Enter launches what was typed")
        assert app.lab.runs[0].config.n == 2


async def refused_then_left(app: LabApp, pilot: Pilot) -> Input:
    """Type ``x`` into hold (refused: its hint shows), then Tab out of it; the hold field."""
    hold = app.query_one("#field-hold", Input)
    hold.focus()
    await until(pilot, lambda: app.focused is hold)
    await pilot.press("x")
    await until(pilot, lambda: shown(app, "#error-hold") != "", what="the hint")
    await pilot.press("tab")
    await until(pilot, lambda: app.focused is not hold, what="the field left")
    return hold


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_refused_character_is_forgotten_once_the_value_is_typed_over(
    lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``x`` refused in hold, the field left and come back to (its value selected), ``2`` typed
    over it: ``f`` said "nothing launched: hold s: 'x' refused; Enter again uses 2" and the
    old hint stayed under the field. Typing over the value is editing it again."""
    lasting_hints(monkeypatch)
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        hold = await refused_then_left(app, pilot)
        await pilot.press("shift+tab")
        await until(pilot, lambda: app.focused is hold and hold.selection.end - hold.selection.start == 3)
        await pilot.press("2")
        assert hold.value == "2"
        await until(pilot, lambda: shown(app, "#error-hold") == "", what="the hint gone")
        await pilot.press("escape", "f")
        await until(pilot, lambda: len(app.lab.runs) == 1, what="f launches")
        assert app.lab.runs[0].config.hold == 2.0
        assert shown(app, "#error-hold") == ""
        app.lab.stop_runs()
        await pilot.press("q")


async def test_an_order_with_an_empty_width_is_wrong_in_the_form() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        field = app.query_one("#field-order")
        field.focus()
        field.value = "semaphore:"
        await pilot.press("end", "３")  # a full-width digit: refused, the order left as "semaphore:"
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert app.lab.runs == [] and tr("form.width", high=10000) in shown(app, "#error-order")
        assert "'３'" in whole(app, "order")  # the reason quotes the character refused


async def test_a_fields_error_goes_the_moment_its_value_is_valid() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        port = free_port()
        app.query_one("#field-port").focus()
        await pilot.press("x")  # refused: a hint for a few seconds
        await pilot.press("ctrl+u")
        await pilot.pause()
        assert "from 0 to 65535" in shown(app, "#error-port")
        await pilot.press(*str(port))
        await pilot.pause()
        assert shown(app, "#error-port") == ""
        await pilot.press("enter")
        await until(pilot, lambda: app.lab.server is not None and app.lab.server.port == port, what="restart")
        assert shown(app, "#error-port") == ""


async def test_markup_in_an_export_path_is_shown_not_parsed(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = LabApp(port=0)
    opened = lambda: isinstance(app.screen, ExportScreen)  # noqa: E731
    async with app.run_test(size=(80, 24)) as pilot:
        for name in ("[/]x.jsonl", "[b]x[/b].jsonl"):
            await pilot.press("w")
            await until(pilot, opened, what=f"the export screen for {name}")
            app.screen.query_one("#export-path").value = name
            await pilot.press("enter")
            await pilot.pause()
            if isinstance(app.screen, ExportScreen):  # "[/]" is no directory: said, not a crash
                assert name in shown(app, "#export-message")  # the absolute path, its middle cut when long
                assert f"{tmp_path.name[-10:]}/{name}'" in shown(app, "#export-message")
                await pilot.press("escape")
            else:
                assert (tmp_path / name).exists(), name
                said = lambda name=name: str(tmp_path / name) in "\n".join(app.events.lines)  # noqa: E731
                await until(pilot, said, what=f"the export of {name} said")
            await pilot.pause()
            assert app.is_running, name
            await until(pilot, lambda: not opened(), what=f"the export screen closed for {name}")
        await pilot.press("q")
    assert app.return_code == 0


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_every_numeric_field_takes_a_sign_and_tells_a_negative_number_its_range(lang: str) -> None:
    """``--hold -1`` is told its range on the command line: every numeric field takes the ``-``
    as typed and says the same, its range only, never that the character is refused."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        for field_id in ("hold", "delay", "n", "port", "backlog"):
            field = app.query_one(f"#field-{field_id}")
            field.focus()
            field.value = ""
            await pilot.press("minus", "1")
            assert field.value == "-1", field_id
            said = whole(app, field_id)
            assert "'-1'" in said and "ASCII" not in said and "只能" not in said, said
            assert any(words in said for words in ("from 0 to", "from 1 to", "0到", "1到")), said
        for field_id in ("order", "server_order"):  # a semaphore's K: 1 to N's upper bound, as -n
            app.query_one(f"#field-{field_id}").value = "semaphore:99999"
            await pilot.pause()
            said = whole(app, field_id)
            assert "'99999'" in said and ("from 1 to 10000" in said or "1到10000" in said), said


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_an_empty_field_says_it_is_empty_and_what_it_needs(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        for spec in (*CLIENT_FIELDS, *SERVER_FIELDS):
            field = app.query_one(f"#field-{spec.id}")
            field.focus()
            await pilot.press("end", *["backspace"] * len(field.value))
            if spec.id == "sockopts":  # no option set: nothing wrong
                assert shown(app, f"#error-{spec.id}") == ""
                continue
            said = whole(app, spec.id)
            assert "empty" in said or "为空" in said, said
            assert "''" not in said and "ASCII" not in said, said


async def test_a_signed_number_is_read_in_the_form_as_on_the_command_line() -> None:
    """``-n +5`` runs five clients and ``-n -1`` is told its range: the N field reads them alike."""
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        set_field(app, "hold", "0")
        field = app.query_one("#field-n")
        field.focus()
        field.value = ""
        await pilot.press("minus", "1", "enter")
        said = whole(app, "n")
        assert "from 1 to" in said and "ASCII" not in said and "refused" not in said, said
        field.value = ""
        await pilot.press("plus", "5", "enter")
        await until(pilot, lambda: len(app.lab.runs) == 1, what="five clients launched")
        assert app.lab.runs[0].config.n == 5
        app.lab.stop_runs()


async def test_a_hint_that_brings_a_scrollbar_moves_no_button_and_no_field() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 20)) as pilot:  # a form with no row to spare for a reason
        await pilot.pause()
        launch, hold = app.query_one("#launch"), app.query_one("#field-hold", Input)
        before = (launch.region, hold.region.width)
        options = app.query_one("#field-sockopts", Input)
        options.focus()
        await pilot.press(*"SO_NOSUCH=1")  # a reason of two rows: the pane scrolls
        controls = app.query_one("#controls")
        await until(pilot, lambda: controls.max_scroll_y > 0, what="the pane to scroll")
        controls.scroll_home(animate=False)
        await pilot.pause()
        assert (launch.region, hold.region.width) == before
        await pilot.press("escape", "q")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_fields_hint_goes_when_the_field_is_left(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``x`` refused in hold, then Tab: the hint stayed under hold for its seconds while the
    cursor was in the next field. A wrong value's reason stays (it is about the value)."""
    lasting_hints(monkeypatch)
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await refused_then_left(app, pilot)
        await until(pilot, lambda: shown(app, "#error-hold") == "", what="the hint gone")
        port = app.query_one("#field-port", Input)
        port.focus()
        await pilot.press("end", "x", "ctrl+u")  # a hint, then an empty port: wrong
        await until(pilot, lambda: shown(app, "#error-port") != "", what="the reason")
        await pilot.press("tab")
        await until(pilot, lambda: app.focused is not port, what="the field left")
        await pilot.pause()
        assert shown(app, "#error-port") != ""  # a wrong value's reason stays


async def test_a_long_chinese_name_in_the_export_field_shows_no_gap_beside_its_marks() -> None:
    """The field cut a wide character at its edge and left a blank between the text and ``…``
    (``实验记 …``): the mark stands next to the text, the blank (if any) at the edge, at 80x24 and
    at 120x40."""
    app = LabApp(port=0, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen))
        field = app.screen.query_one("#export-path", Input)
        for size in ((80, 24), (120, 40)):
            await pilot.resize_terminal(*size)
            await until(pilot, lambda size=size: app.size == size, what=f"the terminal at {size}")
            for before, after in itertools.product(range(2), range(2)):  # odd and even offsets at each edge
                field.value = "/tmp/" + "x" * before + "实验记录" * 30 + "y" * after + ".jsonl"
                for key in ("home", "end"):
                    await pilot.press(key)
                    await pilot.pause()
                    line = field.render_line(0).text
                    assert "…" in line, (size, line)
                    cut = line.strip()
                    assert " …" not in cut and "… " not in cut, (size, key, before, after, line)
        await pilot.press("escape")
