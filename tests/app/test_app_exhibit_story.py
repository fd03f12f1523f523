"""The exhibits screen tells the story its files and the command line tell: what `w` offers opens
again, nothing is written before a run, a key pressed meanwhile is answered."""

from __future__ import annotations

from pathlib import Path

from pilot_helpers import plain, until
from textual.widgets import Static

from server_core.recording import read_recording
from tui_app.app import LabApp
from tui_app.screens.exhibits import ExhibitsScreen
from tui_app.screens.export import ExportScreen


def account(app: LabApp) -> str:
    """The exhibit account on screen; empty until the exhibits screen is composed."""
    nodes = app.screen.query("#exhibit-account")
    return plain(nodes.first(Static).content) if nodes else ""


def notices(app: LabApp) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def test_w_before_any_run_refuses_in_one_line_and_writes_nothing(tmp_path: Path) -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("b")
        await until(pilot, lambda: isinstance(app.screen, ExhibitsScreen), what="the exhibits screen")
        await pilot.press("w")
        await until(pilot, lambda: "nothing to export" in notices(app), what="the refusal")
        assert isinstance(app.screen, ExhibitsScreen)
        assert len([n for n in app._notifications if "nothing to export" in str(n.message)]) == 1


async def test_the_name_w_offers_after_a_run_is_one_open_reads(tmp_path: Path) -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.press("b", "2")
        await until(pilot, lambda: "Outcome: as predicted" in account(app), what="the outcome")
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen), what="the export screen")
        offered = Path(app.screen.query_one("#export-path").value)  # type: ignore[attr-defined]
        assert offered.name.endswith(".jsonl"), offered
        target = tmp_path / offered.name
        app.screen.query_one("#export-path").value = str(target)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ExhibitsScreen), what="back on the exhibits screen")
        assert any(e.kind == "exhibit" for e in read_recording(target).events)
