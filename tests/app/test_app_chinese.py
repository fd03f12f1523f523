"""What Textual lets the app say in Chinese: the palette's prompts, the keys panel's words for
Textual's own keys, and key names (Esc, 空格). Textual's "No matches found" is fixed in its code."""

from __future__ import annotations

import pytest
from pilot_helpers import until
from textual.binding import Binding
from textual.command import CommandInput, CommandList
from textual.widgets import HelpPanel

from tui_app.app import LabApp


@pytest.mark.parametrize(
    ("open_it", "prompt"), [("action_command_palette", "搜索命令…"), ("search_themes", "搜索主题…")]
)
async def test_the_palettes_ask_in_chinese(open_it: str, prompt: str) -> None:
    app = LabApp(port=0, lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        getattr(app, open_it)()
        await until(pilot, lambda: app.screen.query(CommandList), what="the palette's list")
        assert app.screen.query_one(CommandInput).placeholder == prompt


async def test_the_keys_panel_and_key_names_speak_chinese() -> None:
    app = LabApp(port=0, lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        app.action_show_help_panel()
        await until(pilot, lambda: app.screen.query(HelpPanel), what="the keys panel")
        words = {b.description for _, b, *_ in app.screen.active_bindings.values()}
        assert "下一个部件" in words and "Focus Next" not in words
        assert app.get_key_display(Binding("escape", "back", "back")) == "Esc"
        helps = {command.help for command in app.get_system_commands(app.screen)}
        assert "启动 N 个客户端：自由（f）" in helps
        assert app.get_key_display(Binding("space", "x", "x", key_display="space")) == "空格"
