"""The lock exhibits in the app: from their key or the palette, lanes drawn live, outcome in words."""

from __future__ import annotations

import json
import re
from pathlib import Path

from layout_stage import screen_text
from pilot_helpers import plain, until
from textual.pilot import Pilot
from textual.widgets import Static

from server_core.exhibits import NAMES
from tui_app.app import LabApp
from tui_app.screens.exhibits import ExhibitsScreen
from tui_app.screens.export import ExportScreen


def account(app: LabApp) -> str:
    """The exhibit account on screen; empty until the exhibits screen is composed."""
    nodes = app.screen.query("#exhibit-account")
    return plain(nodes.first(Static).content) if nodes else ""


async def export_after_an_exhibit(pilot: Pilot[int]) -> None:
    """Run exhibit 2 (torn write) from the exhibits screen, wait for its outcome, and open the
    export screen with ``w``."""
    app = pilot.app
    await pilot.press("b", "2")
    await until(pilot, lambda: "Outcome: as predicted" in account(app), what="the outcome")  # type: ignore[arg-type]
    await pilot.press("w")
    await until(pilot, lambda: isinstance(app.screen, ExportScreen), what="the export screen")


async def test_an_exhibit_runs_from_its_key_and_its_lanes_show_the_fault() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.press("b")
        await until(pilot, lambda: isinstance(app.screen, ExhibitsScreen), what="the exhibits screen")
        await pilot.press("1")
        await until(pilot, lambda: "Outcome: as predicted" in account(app), what="the outcome")
        text = account(app)
        assert "Prediction: 5 handlers deposit 10 each" in text
        assert "R═" in text and "═W" in text  # the read..write windows, side by side
        assert "its deposit lost: overwritten by h" in text
        assert "Money vanished" in text and "final balance = 110" in text
        assert app.bus.history and all(e.kind not in ("read", "wrote") for e in app.bus.history)
        await pilot.press("v", "3")  # the fix of the deadlock: everyone served
        await until(pilot, lambda: "deadlocked = no" in account(app), what="the safe deadlock")
        assert "Outcome: as predicted" in account(app) and "No deadlock" in account(app)
        await pilot.press("b")
        await until(pilot, lambda: not isinstance(app.screen, ExhibitsScreen), what="the screen to close")
        await pilot.press("q")


async def test_every_exhibit_and_its_fix_are_in_the_palette_in_chinese() -> None:
    app = LabApp(port=0, lang="zh")
    async with app.run_test(size=(120, 50)) as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert sum(title.startswith("案例：") for title in titles) == 2 * len(NAMES)
        exhibits = [c for c in app.get_system_commands(app.screen) if c.title.startswith("案例：")]
        helps = [command.help for command in exhibits]
        assert len(set(helps)) == len(helps), helps  # each variant says what it does: none reads as its twin
        assert not any("。 " in said for said in helps), helps  # Chinese sentences join with no blank
        commands = app.get_system_commands(app.screen)
        entry = next(c for c in commands if "死锁" in c.title and "不安全" in c.title)
        entry.callback()
        await until(pilot, lambda: "结论：与预测一致" in account(app), timeout=15, what="the outcome")
        text = account(app)
        assert "▓" in text and "处于死锁中" in text and "处理线程死锁了" in text
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ExhibitsScreen))


async def test_w_on_the_exhibits_screen_writes_the_runs_events(tmp_path: Path) -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 50)) as pilot:
        await export_after_an_exhibit(pilot)
        assert "exhibit run shown" in app.screen.query_one("#export").border_title  # type: ignore[operator]
        target = tmp_path / "torn.jsonl"
        app.screen.query_one("#export-path").value = str(target)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ExhibitsScreen), what="back on the exhibits screen")
        events = [json.loads(line) for line in target.read_text().splitlines()]
        assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
        pieces = [e["text"] for e in events if e["kind"] == "wrote"]
        assert len(pieces) == 3 * len("客户端1连接成功") and pieces[:3] == ["客", "客", "客"]


async def test_after_a_run_at_80x24_the_list_is_on_screen_and_home_and_end_scroll() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b", "1")
        await until(pilot, lambda: "Outcome: as predicted" in account(app), what="the outcome")
        await pilot.pause()
        text = screen_text(app)
        assert all(f" {i} " in text for i in range(1, len(NAMES) + 1)) and "Outcome: as predicted" in text
        await pilot.press("home")
        await until(pilot, lambda: "Prediction:" in screen_text(app), what="Home: the account's top")
        assert "Outcome: as predicted" not in screen_text(app)
        await pilot.press("end")
        await until(pilot, lambda: "Outcome: as predicted" in screen_text(app), what="End: the outcome")


async def test_a_wrapped_observed_value_goes_on_under_itself_at_80_columns() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 50)) as pilot:
        await pilot.press("b", "3")
        await until(pilot, lambda: "Outcome: as predicted" in account(app), what="the outcome")
        await pilot.press("end")
        label = "locks waited for in the cycle = "
        await until(pilot, lambda: label in screen_text(app), what="the locks of the cycle")
        lines = screen_text(app).split("\n")
        row = next(i for i, line in enumerate(lines) if label in line)
        start = lines[row].index(label)
        value = start + len(label)
        below = lines[row + 1]  # "the lock of account A | the lock of account B" is too wide for a line
        assert below[start - 2 : value].strip() == "" and below[value] != " ", lines[row : row + 2]
        # the cycle's threads are named as their lanes are (h2), not as the server names them (handler-2)
        told = account(app)
        assert re.search(r"threads in the wait cycle = h\d+ \| h\d+", told) and "handler-" not in told
        await pilot.press("q")


async def test_the_torn_board_is_one_row_per_line_with_its_key_at_50_columns() -> None:
    app = LabApp(port=0, lang="zh")
    async with app.run_test(size=(50, 40)) as pilot:
        await pilot.press("b", "2")
        await until(pilot, lambda: "结论：与预测一致" in account(app), what="the outcome")
        lines = account(app).split("\n")
        header = next(i for i, line in enumerate(lines) if line.split() == ["行", "状态", "来自", "内容"])
        rows = [line.split() for line in lines[header + 1 : header + 4]]
        assert [row[:2] for row in rows] == [["1", "撕裂"], ["2", "撕裂"], ["3", "撕裂"]], lines[header:]
        assert rows[0][2] == "h1-h3" and rows[1][3] == rows[2][3] == "功" and rows[1][2] != rows[2][2]
        assert lines[header + 4].startswith("  行：它在输出板上的位置")  # the key under the rows
        assert not any("功 | 功" in line for line in lines)
        await pilot.press("q")
