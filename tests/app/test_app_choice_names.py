"""The form's choice fields (the orders, the accept mode) name their value in the interface's
language beside it, and take a value typed by its name in either language as well as the command
line's own; a number's label is in the interface's language."""

from __future__ import annotations

import pytest
from layout_stage import screen_text
from pilot_helpers import plain, set_field, until
from textual.widgets import Label

from server_core.ordering import Order
from tui_app.app import LabApp
from tui_app.choices import as_value, value_name
from tui_app.screens.help import HelpScreen
from tui_app.strings import tr
from tui_app.widgets.controls import CLIENT_FIELDS, SERVER_FIELDS


def beside(app: LabApp, field: str) -> str:
    """The name shown beside a choice field, "" when none is."""
    shown = app.query(f"#name-{field}").results(Label)
    return "".join(str(name.render()) for name in shown if name.display)


async def test_a_chinese_form_names_each_choice_beside_its_value() -> None:
    """Each choice's value has its name beside it, the accept mode's too (its label fits the
    label column), unless at 80x24 a name beside it would cut the value (``nonblocking``)."""
    app = LabApp(port=0, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: beside(app, "order"), what="the order's name")
        names = [beside(app, field) for field in ("order", "server_order", "accept")]
        assert names == ["自由", "自由", "阻塞"]
        set_field(app, "accept", "nonblocking")
        set_field(app, "order", "lock")
        await until(pilot, lambda: beside(app, "order") == "锁", what="the new order's name")
        set_field(app, "order", "semaphore:3")  # at 80 columns a name beside it would cut the value
        await until(pilot, lambda: not beside(app, "order"), what="the value alone, whole")
        set_field(app, "order", "semaphore:0")  # wrong: no name, the reason under it says why
        await until(pilot, lambda: not beside(app, "order"), what="the name gone with a wrong value")
        label = app.query_one("#row-backlog .field-label", Label)
        assert any(not char.isascii() for char in str(label.render()))  # a Chinese label
        await until(pilot, lambda: not beside(app, "accept"), what="nonblocking alone, whole")
        shown = screen_text(app)
        for spec in (*CLIENT_FIELDS, *SERVER_FIELDS):  # every label whole at 80x24
            assert f"│ {tr(spec.label, 'zh')}" in shown, tr(spec.label, "zh")
        assert "│ 接受方式 nonblocking" in shown  # the value whole, beside the label


async def test_an_english_form_shows_no_second_name() -> None:
    app = LabApp(port=0, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert [beside(app, field) for field in ("order", "server_order", "accept")] == ["", "", ""]


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_choice_typed_by_its_chinese_name_launches_that_order(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        set_field(app, "hold", "0")
        set_field(app, "order", "")
        app.query_one("#field-order").focus()
        await pilot.press(*"信号量:2")  # typed: the field takes a name's characters
        assert app.query_one("#field-order").value == "信号量:2"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await until(pilot, lambda: app.lab.runs and app.lab.runs[0].done, what="the run typed by name")
        assert app.lab.runs[0].config.order == Order("semaphore", 2)


def test_the_command_lines_values_and_the_names_read_alike() -> None:
    assert as_value("order", "锁") == as_value("order", "lock") == "lock"
    assert as_value("accept", " 非阻塞 ") == "nonblocking"
    assert as_value("order", "信号量：3") == "semaphore:3"  # a Chinese keyboard's colon
    assert as_value("server_order", "依次") == "依次"  # the server has no sequential order: left to its check
    assert as_value("n", "锁") == "锁"  # no choice field
    assert value_name("order", "queue", "zh") == "队列" and value_name("order", "队列", "zh") == ""
    assert value_name("accept", "timeout", "en") == ""


async def test_a_chinese_forms_refusal_names_each_choice_it_lists() -> None:
    app = LabApp(port=0, lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        set_field(app, "order", "x")
        set_field(app, "accept", "x")
        order, accept = (app.query_one(f"#error-{field}", Label) for field in ("order", "accept"))
        await until(pilot, lambda: order.display and accept.display, what="both refusals")
        assert "free 自由、lock 锁、semaphore:K 信号量、queue 队列、sequential 依次" in str(order.render())
        assert "blocking 阻塞、timeout 超时、nonblocking 非阻塞" in str(accept.render())


async def test_the_chinese_help_names_each_client_order() -> None:
    app = LabApp(port=0, lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = plain(app.screen.content())
        modes = {"free 自由": "f", "lock 锁": "l", "semaphore 信号量": "s", "queue 队列": "u"}
        modes["sequential 依次"] = "o"
        for mode, key in modes.items():
            assert f"{mode}（按键 {key}）" in text
