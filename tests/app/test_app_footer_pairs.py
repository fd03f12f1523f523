"""Footers offer what is true: a pair of keys (zoom in and out, previous and next run, start and
stop the server) is shown together or not at all, at 80 and 120 columns, en and zh (the
timeline's showed ``[ 上一轮`` without ``]`` at 80); an exhibit's timeline offers only the keys
that work on it, under an axis in one unit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from layout_stage import screen_text
from pilot_helpers import until
from textual.widgets._footer import FooterKey

from server_core import EventBus
from server_core.exhibits import run_exhibit
from server_core.export import write_export
from server_core.recording import read_recording
from tui_app.app import LabApp
from tui_app.screens.timeline import RUN_ONLY, TimelineScreen
from tui_app.strings import tr
from tui_app.widgets.footer import PAIRS, action_name

pytestmark = pytest.mark.timeout(60)


def offered(app: LabApp) -> set[str]:
    """The actions of the keys the current screen's footer shows."""
    return {action_name(key) for key in app.screen.query(FooterKey) if key.display}


def parted(app: LabApp) -> list[tuple[str, str]]:
    """The pairs of which the footer shows one key and not the other."""
    shown = offered(app)
    return [pair for pair in PAIRS if (pair[0] in shown) != (pair[1] in shown)]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_pair_of_keys_is_shown_together_or_not_at_all(lang: str, size: tuple[int, int]) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: "^p" in screen_text(app).splitlines()[-1], what="the footer")
        assert parted(app) == []
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen), what="the timeline")
        await until(pilot, lambda: "zoom(2)" in offered(app), what="the timeline's keys")
        assert parted(app) == [], screen_text(app).splitlines()[-1]
        await pilot.press("escape", "q")


@pytest.fixture(scope="module")
def exhibit_recording(tmp_path_factory: pytest.TempPathFactory) -> Path:
    bus = EventBus()
    run_exhibit("lost-update", bus=bus, patience=0.1)
    path = tmp_path_factory.mktemp("exhibit") / "lost-update.jsonl"
    write_export(path, bus.history)
    return path


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_an_exhibits_timeline_offers_only_the_keys_that_work_there_under_one_unit(
    exhibit_recording: Path, lang: str, size: tuple[int, int]
) -> None:
    """The run is drawn whole and alone: no zoom, pan, handlers nor run keys (h and [ were
    offered and did nothing); its axis reads 0 ms … 6.3 ms, not 0 s … 6.3 ms."""
    app = LabApp(recording=read_recording(exhibit_recording), lang=lang)
    async with app.run_test(size=size) as pilot:
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen), what="the timeline")
        await until(pilot, lambda: "h1" in screen_text(app), what="the exhibit's lanes")
        shown = offered(app)
        assert not {action.split("(")[0] for action in shown} & RUN_ONLY, shown
        assert "back" in shown
        before = screen_text(app)
        await pilot.press("h", "plus", "left_square_bracket")
        await pilot.pause()
        assert screen_text(app) == before
        axis = before.splitlines()[1]  # under the title: the start, the middle, the end
        units = re.findall(r"\d ?(ms|毫秒|s|秒)", axis)
        assert units == [tr("unit.ms", lang, value="").strip()] * 3, axis
        await pilot.press("escape", "q")
