"""Layout regressions: the staged screens at 80x24 and 120x40, in English and Chinese, compared
with the text committed under ``tests/app/layout/``; and no English left on a Chinese screen (the
tables themselves: ``tests/test_texts.py``).

After a deliberate change of the interface, rewrite the committed screens and review the diff:
``TCP_LAB_UPDATE_LAYOUT=1 python -m pytest tests/app/test_app_layout.py``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from layout_stage import SCREENS, SIZES, render
from pilot_helpers import plain
from textual.app import App
from zh_words import english

from tui_app.screens.help import HelpScreen
from tui_app.strings import TABLES

COMMITTED = Path(__file__).with_name("layout")
UPDATE = os.environ.get("TCP_LAB_UPDATE_LAYOUT") == "1"

@pytest.mark.long
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_the_staged_screens_look_as_committed(lang: str, size: tuple[int, int]) -> None:
    shown = await render(lang, size)
    assert set(shown) == set(SCREENS)
    changed = []
    for name, text in shown.items():
        path = COMMITTED / f"{name}-{lang}-{size[0]}x{size[1]}.txt"
        if UPDATE:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text + "\n", encoding="utf-8")
        elif path.read_text(encoding="utf-8") != text + "\n":
            changed.append(path.name)
    assert changed == [], "layout changed; see the module docstring to update the committed screens"
    for name in ("main", "timeline", "comparison", "step"):  # the footer: the palette's key whole
        assert shown[name].splitlines()[-1].endswith("^p 命令面板" if lang == "zh" else "^p palette"), name
    back = "Esc 返回" if lang == "zh" else "Esc back"  # the help's footer: its own keys
    assert shown["help"].splitlines()[-1].startswith(back)
    if lang == "zh":
        for name in ("main", "timeline", "comparison", "step"):  # help: its own text, below
            assert english(shown[name]) == [], name
            assert re.findall(r"[\u4e00-\u9fff][,;:()]", shown[name]) == [], name  # full-width after Chinese


async def test_the_chinese_help_has_no_english_words() -> None:
    keys = [("f", TABLES["zh"]["key.launch_free"]), ("ctrl+q", TABLES["zh"]["key.quit"])]
    app = App[None]()
    app.lang = "zh"  # type: ignore[attr-defined]  # what the screen reads its language from
    async with app.run_test():
        text = plain(HelpScreen(keys, {"free": "f"}).content())
    assert english(text) == []
