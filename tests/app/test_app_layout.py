"""Layout regressions: the staged screens at 80x24 and 120x40, in English and Chinese, compared
with the text committed under ``tests/app/layout/``; and no English left on a Chinese screen.

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

from tui_app.screens.help import HelpScreen
from tui_app.strings import TEXTS

COMMITTED = Path(__file__).with_name("layout")
UPDATE = os.environ.get("TCP_LAB_UPDATE_LAYOUT") == "1"

# Words a Chinese screen may show in Latin letters: protocol and socket terms, Python names, the
# values typed into fields (modes, accept modes), key names and the program's own name.
ALLOWED = {
    "TCP", "UDP", "ACK", "TIME_WAIT", "keep-alive", "EAGAIN", "Linux", "Nagle",
    "accept", "backlog", "recv", "join",
    "threading.Lock", "threading.Semaphore", "queue.Queue", "BlockingIOError", "PermissionError",
    "free", "lock", "semaphore", "queue", "sequential", "blocking", "timeout", "nonblocking",
    "NAME", "VALUE", "ctrl", "esc", "escape", "Esc", "Tab", "Enter", "tcp-lab", "p95",
    "max", "with", "acquire", "release", "add", "ten",  # code, and an exhibit's request "add ten"
}  # fmt: skip
SOCKET_OPTION = re.compile(r"(SO|TCP)_[A-Z]+")
NAME = re.compile(r"r\d+(\.\d+)?")  # a client's name, r2.1: the second run's first client


def english(text: str) -> list[str]:
    """The words of two letters or more in ``text`` that are not allowed on a Chinese screen."""
    words = re.findall(r"[A-Za-z][A-Za-z0-9_.\-]*[A-Za-z0-9]", text)
    allowed = {w for w in words if w in ALLOWED or SOCKET_OPTION.fullmatch(w) or NAME.fullmatch(w)}
    return sorted(set(words) - allowed)


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
    for name, text in shown.items():  # the footer: the palette's key whole, never blanked
        assert text.splitlines()[-1].endswith("^p 命令面板" if lang == "zh" else "^p palette"), name
    if lang == "zh":
        for name in ("main", "timeline", "comparison"):  # help: its own text, below
            assert english(shown[name]) == [], name
            assert re.findall(r"[\u4e00-\u9fff][,;:()]", shown[name]) == [], name  # full-width after Chinese


async def test_the_chinese_help_has_no_english_words() -> None:
    keys = [("f", TEXTS["key.launch_free"][1]), ("ctrl+q", TEXTS["key.quit"][1])]
    app = App[None]()
    app.lang = "zh"  # type: ignore[attr-defined]  # what the screen reads its language from
    async with app.run_test():
        text = plain(HelpScreen(keys, {"free": "f"}).content())
    assert english(text) == []


def test_both_languages_have_every_text_with_the_same_placeholders() -> None:
    def fields(text: str) -> set[str]:
        return {m.split(":")[0].split("!")[0] for m in re.findall(r"(?<!\{)\{([^{}]*)\}", text)}

    for key, (en, zh) in TEXTS.items():
        assert en and zh, key
        assert fields(en) == fields(zh), key


def test_chinese_sentences_use_full_width_punctuation() -> None:
    wrong = {}
    for key, (_, zh) in TEXTS.items():
        text = re.sub(r"\{[^{}]*\}", "X", zh)
        # after a comma in code, a space ("a, b") or a digit ("1:a,2:b")
        if re.search(r"[\u4e00-\u9fff][,;:()]|[,;:(][\u4e00-\u9fff]|[,;](?![ \d])", text):
            wrong[key] = zh
    assert wrong == {}
