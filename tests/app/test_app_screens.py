"""The help screen, the command palette, the Chinese interface, restarts and the screenshots."""

from __future__ import annotations

import socket

import pytest
from pilot_helpers import launch, plain, set_field, until

from server_core import summarize
from tui_app import keys
from tui_app.app import LabApp
from tui_app.screens.help import HelpScreen
from tui_app.screenshots import recording, shoot


async def test_help_and_palette_list_every_key_and_mode() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = plain(app.screen.content())
        for key, description in keys.key_table(app):
            assert key in text and description in text
        for mode in ("free", "lock", "semaphore", "queue", "sequential"):
            assert f"{mode} (key " in text
        await pilot.press("question_mark")
        await until(pilot, lambda: not isinstance(app.screen, HelpScreen))
        entries = [f"{command.title} {command.help}" for command in app.get_system_commands(app.screen)]
        for words in ("free", "lock-ordered", "semaphore", "queue", "one after another"):
            assert any(words in entry for entry in entries), words  # every mode is in the palette


async def test_chinese_interface_keeps_the_lessons_messages() -> None:
    app = LabApp(port=0, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.table.border_title == "每个客户端的消息"
        assert "正在监听" in str(app.status.render())
        await launch(pilot, "f", hold="0", n="1")
        await until(pilot, lambda: app.session.book.messages == 1 and app.session.book.active == 0)
        (conn,) = app.session.book.connections.values()
        assert (conn.last_sent, conn.last_got) == ("客户端1连接成功", "收到客户端信息")


async def test_the_server_restarts_with_other_settings() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        first = app.lab.server
        set_field(app, "server_order", "lock")
        set_field(app, "delay", "0.01")
        set_field(app, "port", "0")
        await pilot.press("a")
        await until(pilot, lambda: app.lab.server is not None and app.lab.server is not first)
        assert str(app.lab.server.config.order) == "lock" and app.lab.server.config.delay == 0.01
        with socket.create_connection(("127.0.0.1", app.lab.server.port), timeout=5) as sock:
            sock.sendall(b"hi")
            assert sock.recv(1024)
        await pilot.press("x")
        await until(pilot, lambda: app.session.listening is None)
        assert "not listening" in str(app.status.render())


async def test_the_screenshot_script_writes_every_picture_from_the_recorded_runs(tmp_path) -> None:
    paths, staged = await shoot(tmp_path, port=0)
    timelines = [f"timeline-{name}.svg" for name in ("free", "lock", "semaphore3", "queue")]
    assert [p.name for p in paths] == [
        "main-free.svg",
        "main-lock.svg",
        "help.svg",
        *timelines,
        "comparison.svg",
    ]
    assert all(p.read_text().startswith("<svg") for p in paths)
    assert "never more than 3 at a time" in (tmp_path / "timeline-semaphore3.svg").read_text().replace(
        "&#160;", " "
    )
    for name in ("free-3", "free-8"):  # the pictures show the orders that happened, nothing chosen
        recorded = summarize(recording(name), staged[name].clients, 1)
        for order in ("launch_order", "accept_order", "served_order", "replied_order", "closed_order"):
            assert getattr(staged[name], order) == getattr(recorded, order), (name, order)
        assert staged[name].order == recorded.order == []


@pytest.mark.parametrize(
    ("lang", "marks"),
    [
        ("en", ["◌ stands for bytes a message's edge may", "… marks text cut short for want of room"]),
        ("zh", ["◌ 表示可能被消息边界截断的字符的字节", "… 表示文字因空间不足被截短"]),
    ],
)
async def test_the_help_tells_the_bytes_views_two_marks_apart(lang: str, marks: list[str]) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = "".join(plain(app.screen.content()).split())  # the same wherever a line broke
        for said in marks:
            assert "".join(said.split()) in text
