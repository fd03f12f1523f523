"""The main screen's form says what a launch does (new users' trials): a launch key shows its
order in the order field, Down and Up move between fields, the app's text defaults are in its
language, and the whole form is in view at 80x24 in either language."""

from __future__ import annotations

import re

import pytest
from layout_stage import screen_text
from pilot_helpers import cell, launch, launched_orders, until

from server_core import LabServer
from tui_app.app import LabApp
from tui_app.choices import CHOICES
from tui_app.widgets.controls import CLIENT_FIELDS, SERVER_FIELDS, WIDE, Field

pytestmark = pytest.mark.timeout(60)


def order_field(app: LabApp) -> str:
    return app.query_one("#field-order", Field).value


async def test_a_launch_key_puts_its_order_in_the_form_and_launch_repeats_it() -> None:
    """A form that said ``lock`` above a free run (``f``) was read as a lock that did not work,
    and Launch then ran the lock: now the form shows the order that ran, and Launch runs it."""
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await launch(pilot, "f", n="2", hold="0", order="lock")
        await until(pilot, lambda: app.lab.launched == 1, what="f launched")
        assert order_field(app) == "free"
        await pilot.press("r")
        await until(pilot, lambda: app.lab.launched == 2, what="r launched")
        await pilot.press("s")  # K from N = 2: semaphore:2, shown as it ran
        await until(pilot, lambda: app.lab.launched == 3, what="s launched")
        assert order_field(app) == "semaphore:2"
        assert launched_orders(app) == ["free", "free", "semaphore:2"]


async def test_a_launch_key_keeps_an_order_typed_by_its_chinese_name() -> None:
    app = LabApp(port=0, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await launch(pilot, "l", n="1", hold="0", order="锁")
        await until(pilot, lambda: app.lab.launched == 1, what="l launched")
        assert order_field(app) == "锁" and launched_orders(app) == ["lock"]


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_down_and_up_in_a_field_move_to_the_next_and_previous_field(lang: str) -> None:
    """Down in a field did nothing anyone could see (it moved the clients table's cursor)."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "tab", "tab")  # Launch, Stop, then N under them
        assert app.focused is app.query_one("#field-n")
        await pilot.press("down", "down")
        assert app.focused is app.query_one("#field-hold")
        await pilot.press("up")
        assert app.focused is app.query_one("#field-order")
        assert app.query_one("#field-n", Field).value == "3"  # nothing typed on the way


def line_up(app: LabApp, wide: bool) -> None:
    """Every field of each form section starts in one column (a free-text field on a line of
    its own below 120 columns, ``wide`` False, aside), and every field that is neither a choice
    (a name may stand beside it) nor free text is as wide as the others."""
    for section in (CLIENT_FIELDS, SERVER_FIELDS):
        ids = [spec.id for spec in section if wide or spec.id not in WIDE]
        fields = [app.query_one(f"#field-{field_id}", Field) for field_id in ids]
        assert len({field.region.x for field in fields}) == 1, [(f.id, f.region) for f in fields]
    plain = [app.query_one(f"#field-{spec.id}", Field) for spec in (*CLIENT_FIELDS, *SERVER_FIELDS)]
    plain = [field for field in plain if field.spec.id not in {*WIDE, *CHOICES}]
    assert len({field.region.width for field in plain}) == 1, [(f.id, f.region) for f in plain]


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_every_field_of_the_form_is_in_view_at_80x24_and_the_fields_line_up(lang: str) -> None:
    """In Chinese the labels wider than the label column took rows of their own: the form was
    taller than the English one and its last rows fell out of view. Beside them, the values of
    ``accept 方式`` and ``backlog 队列长度`` started in other columns than the others', and at 80
    columns the backlog field was narrower: every label fits its column, at 80 and at 120
    columns."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        controls = app.query_one("#controls")
        shown = controls.scrollable_content_region
        assert controls.scroll_y == 0
        for spec in (*CLIENT_FIELDS, *SERVER_FIELDS):
            region = app.query_one(f"#row-{spec.id}").region
            assert shown.contains_region(region), (spec.id, region, shown)
            if spec.id not in WIDE:  # a label beside its field: one row
                label = app.query_one(f"#row-{spec.id} .field-label")
                assert app.query_one(f"#field-{spec.id}").region.y == label.region.y, spec.id
        line_up(app, wide=False)
        await pilot.resize_terminal(120, 40)
        await until(pilot, lambda: app.screen.has_class("-wide"), what="the wide layout")
        await pilot.pause()
        line_up(app, wide=True)


@pytest.mark.parametrize(
    ("lang", "sent", "got"), [("en", "hello 1", "got it"), ("zh", "客户端1连接成功", "收到客户端信息")]
)
async def test_the_message_and_reply_are_in_the_apps_language_and_shown_whole(
    lang: str, sent: str, got: str
) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await launch(pilot, "f", n="1", hold="0")
        await until(pilot, lambda: app.session.book.messages == 1 and cell(app, 0, "got"), what="the reply")
        assert (cell(app, 0, "sent"), cell(app, 0, "got")) == (sent, got)
        await pilot.press("a")  # a restart keeps the language's reply
        await until(pilot, lambda: app.lab.server is not None and app.lab.server.config.reply == got)


async def test_step_mode_says_in_view_why_the_server_restarts() -> None:
    """``p`` with the server in a process of its own restarts it here: at 80x24 the events pane
    showed the stop and the new ``listening`` line, and the reason had scrolled away above them."""
    app = LabApp(port=0, engine="process")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.lab.server is not None and app.lab.server.port > 0, what="server up")
        await pilot.press("p")
        said = "step mode: the server restarts to hold its threads at each step"
        await until(pilot, lambda: said in squashed_screen(app), what="the reason in view")
        assert isinstance(app.lab.server, LabServer)


def squashed_screen(app: LabApp) -> str:
    """The text in view of the panes on the right (the events pane's at 80x24), its wrapped rows
    joined by one blank, without a scrollbar's blocks."""
    rows = [row.split("│")[-2] for row in screen_text(app).splitlines() if row.count("│") >= 4]
    return " ".join(re.sub("[\u2581-\u2588]", " ", " ".join(rows)).split())
