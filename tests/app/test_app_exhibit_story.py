"""The exhibits screen tells the story its files and the command line tell: what `w` offers opens
again, nothing is written before a run, a key pressed meanwhile is answered."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from layout_stage import screen_text
from pilot_helpers import plain, until
from test_app_exhibits import account, export_after_an_exhibit
from textual.widgets import Static

from server_core.exhibits import make_exhibit
from server_core.recording import read_recording
from tui_app.app import LabApp
from tui_app.screens import exhibits
from tui_app.screens.exhibits import ExhibitsScreen
from tui_app.strings import tr


def notices(app: LabApp) -> str:
    """Every notification's text, its lines (the app breaks a long one) joined by blanks."""
    return "\n".join(str(n.message).replace("\n", " ") for n in app._notifications)


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
        await export_after_an_exhibit(pilot)
        offered = Path(app.screen.query_one("#export-path").value)  # type: ignore[attr-defined]
        assert offered.name.endswith(".jsonl"), offered
        target = tmp_path / offered.name
        app.screen.query_one("#export-path").value = str(target)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ExhibitsScreen), what="back on the exhibits screen")
        assert any(e.kind == "exhibit" for e in read_recording(target).events)


async def test_an_exhibit_opened_again_says_what_it_was_with_its_lines_in_time_order(tmp_path: Path) -> None:
    from server_core import EventBus
    from server_core.exhibits import run_exhibit
    from server_core.export import write_export

    bus = EventBus()
    result = run_exhibit("deadlock", bus=bus, patience=0.1)
    path = tmp_path / "deadlock.jsonl"
    write_export(path, bus.snapshot())
    app = LabApp(recording=read_recording(path))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: 1 in app.session.summaries, what="the run's end")
        await until(pilot, lambda: any("run 1 done" in line for line in app.events.logical_lines()))
        lines = app.events.logical_lines()
        times = [float(line.split()[0]) for line in lines if line.strip()[:1].isdigit()]
        assert times == sorted(times), lines
        done = next(line for line in lines if "run 1 done" in line)
        served, gave_up = result.observed["served"], result.observed["gave_up"]
        assert f"{served} ok, {gave_up} failed" in done, done
        settings = plain(app.query_one("#recorded", Static).content)
        assert "Exhibit: Deadlock" in settings and "(unsafe, 4 clients)" in settings
        assert f"gave up waiting = {gave_up}" in settings and "Prediction:" in settings
        assert "exhibit deadlock (unsafe)" in screen_text(app).splitlines()[0]  # the status line


async def test_a_digit_pressed_while_an_exhibit_runs_is_answered(monkeypatch: pytest.MonkeyPatch) -> None:
    # the handlers wait 4 s for a lock (not 1): on a busy machine the run must outlast the key
    monkeypatch.setattr(exhibits, "make_exhibit", functools.partial(make_exhibit, patience=4.0))
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("b", "3")
        await until(pilot, lambda: "running Deadlock" in account(app), what="the run")
        await pilot.press("1")
        busy = "Deadlock: two locks, opposite orders (unsafe) is still running"
        await until(pilot, lambda: busy in notices(app), what="the answer")
        assert app.screen.exhibit.name == "deadlock"  # type: ignore[attr-defined]
        await until(pilot, lambda: "Outcome:" in account(app), timeout=20, what="the outcome")


async def test_a_click_on_the_next_runs_variant_switches_it_as_v_does() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b")
        await until(pilot, lambda: isinstance(app.screen, ExhibitsScreen), what="the exhibits screen")
        menu = app.screen.query_one("#exhibit-menu", Static)
        row = plain(menu.content).splitlines().index("next run: unsafe (v switches)")
        await pilot.click("#exhibit-menu", offset=(3, row))
        await until(pilot, lambda: "next run: safe (v switches)" in plain(menu.content), what="the switch")
        assert app.screen.safe  # type: ignore[attr-defined]


async def test_when_a_run_ends_at_120x40_the_box_says_what_is_above_the_view() -> None:
    """The outcome scrolled into view took the title and the prediction out of it unsaid."""
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b", "3")
        await until(pilot, lambda: "Outcome:" in account(app), timeout=15, what="the outcome")
        box = app.screen.query_one("#exhibits")
        scroll = app.screen.query_one("#exhibit-scroll")
        await until(pilot, lambda: scroll.scroll_y > 0, what="the outcome scrolled into view")
        above = tr("log.rows_above", "en", count=round(scroll.scroll_y))
        await until(pilot, lambda: above in str(box.border_subtitle), what=f"{above!r} said")
        await pilot.press("home")
        await until(pilot, lambda: "above" not in str(box.border_subtitle), what="nothing above at the top")
        assert "Deadlock: two locks" in screen_text(app)
