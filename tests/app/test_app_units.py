"""The app's wrapping rule on screen, read from the rendered lines: a number keeps its unit in the
events pane and the timeline's title (80x24 and 120x40, English and Chinese), and a Chinese
notification breaks between characters, its lines full."""

from __future__ import annotations

import itertools
import re
import socket
from pathlib import Path

import pytest
from helpers import play_run
from pilot_helpers import notified_at_each_size, restart_on_the_timeline, until
from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Input
from textual.widgets._toast import Toast

from tui_app.app import LabApp
from tui_app.localized_app import toast_width
from tui_app.screens.export import ExportScreen
from tui_app.screens.timeline import TimelineScreen
from tui_app.strings import tr

SIZES = [(80, 24), (120, 40)]
# Lines a user saw cut between a number and its unit; padded on the left so that, over the widths
# tried, the number falls at every line end.
SAID = {
    "en": "run 1 done: the server answered at once (p95 8.2 ms); 2.53 s mean; 2.009 s; 3 clients",
    "zh": "运行1完成：3个客户端，服务器立即回复（p95 0.7毫秒），平均等待2.53秒，共2.009 秒",
}
_PARTED = re.compile(r"\d ?$")
_UNIT_FIRST = re.compile(r"^ *(?:ms|µs|us|s|%|x|毫秒|微秒|秒|毫|微)(?![A-Za-z])")


def parted(lines: list[str]) -> list[tuple[str, str]]:
    """Pairs of rendered lines where a number ends one and its unit starts the next."""
    rows = [line.strip(" │┃▌▐") for line in lines]
    return [(a, b) for a, b in itertools.pairwise(rows) if _PARTED.search(a) and _UNIT_FIRST.match(b)]


def rendered(widget: object) -> list[str]:
    return [widget.render_line(y).text for y in range(widget.size.height)]  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_events_pane_and_the_timeline_title_keep_a_number_with_its_unit_at_each_size(
    lang: str,
) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=SIZES[0]) as pilot:
        for pad in range(24):
            app.events.note(" " * pad + "|" + SAID[lang], float(pad))
        await until(pilot, lambda: sum("|" in line for line in app.events.lines) == 24, what="the lines")
        for size in SIZES:
            await pilot.resize_terminal(*size)
            await until(pilot, lambda size=size: app.size == size, what=f"the terminal at {size}")
            await pilot.pause()
            assert parted(rendered(app.events)) == [], size
            assert parted(list(app.events.lines)) == [], size

            await pilot.press("t")
            await until(pilot, lambda: isinstance(app.screen, TimelineScreen), what="the timeline")
            view = app.screen.view
            for pad in range(0, 30, 2):
                view._set_title(Text(" " * pad + SAID[lang] * 2))
                await pilot.pause()
                lines = rendered(view.title)
                assert "".join(lines).count("p95") == 2, (size, lines)  # the whole title is shown
                assert parted(lines) == [], (size, pad, lines)
            await pilot.press("escape")
            await until(pilot, lambda: not isinstance(app.screen, TimelineScreen), what="the main screen")
        await pilot.press("q")


async def test_a_chinese_notification_fills_its_lines_and_shows_every_character_at_each_size() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        app = LabApp(port=0, lang="zh")
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            sizes = [(80, 24), (100, 30), (120, 40), (200, 50)]
            # notified: the events pane out of sight on the timeline
            async for size, toast in notified_at_each_size(pilot, sizes, port=str(port)):
                width = toast.content_region.width
                assert toast_width(size[0]) == width, size  # the text is broken where the box breaks it
                lines = [line.rstrip() for line in rendered(toast)]
                said = tr("note.port_busy", "zh", host="127.0.0.1", port=port, reason="")
                assert re.sub(r"\s", "", "".join(lines)) == re.sub(r"\s", "", said), size
                full = all(cell_len(line.strip()) >= width - 3 for line in lines[:-1])
                assert len(lines) > 1 and full, (size, lines)
            await pilot.press("q")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_an_export_notice_breaks_its_path_only_between_names_at_each_size(
    lang: str, tmp_path: Path
) -> None:
    names = ["exports-of-the-lab", "free-runs-2026", "eight-clients", "lock-ordered"]
    folder = tmp_path.joinpath(*names)
    folder.mkdir(parents=True)
    long_name = "tcp-lab-events-of-every-client-run-launched-today-on-port-8888.jsonl"  # wider than a line
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=SIZES[0], notifications=True) as pilot:
        await pilot.press("t")  # the events pane out of sight: the export is notified
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen), what="the timeline")
        for size in SIZES:
            await pilot.resize_terminal(*size)
            await until(pilot, lambda size=size: app.size == size, what=f"the terminal at {size}")
            width = toast_width(size[0])
            for written in folder.iterdir():  # the same paths again: no file there to overwrite
                written.unlink()
            for name in ("events.jsonl", long_name):
                app.clear_notifications()
                await until(pilot, lambda: not app.screen.query(Toast), what="the last notification gone")
                await pilot.press("w")
                await until(pilot, lambda: isinstance(app.screen, ExportScreen), what="the export screen")
                app.screen.query_one("#export-path", Input).value = str(folder / name)
                await pilot.press("enter")
                await until(pilot, lambda: app.screen.query(Toast), what="the notification")
                await pilot.pause()
                lines = [line.rstrip() for line in rendered(app.screen.query_one(Toast))]
                assert all(cell_len(line) <= width for line in lines), (size, lines)
                for part in names:  # each name on one line, the path broken after a /
                    assert any(part in line for line in lines), (size, part, lines)
                if name == long_name:  # too wide for a line: shortened in its middle
                    assert not any(long_name in line for line in lines), (size, lines)
                    assert any("…" in line and line.endswith(".jsonl") for line in lines), (size, lines)
                else:
                    assert lines[-1].endswith(name) and name not in "".join(lines[:-1]), (size, lines)
        await pilot.press("q")


async def test_the_timeline_header_keeps_how_many_more_clients_on_one_line_at_each_width() -> None:
    """A crowd's orders take two blocks of lines at most, a line each order a block; the count
    of the others is said whole, and with the numbers shown it makes the whole run."""
    app = LabApp(port=0)
    async with app.run_test(size=(78, 30)) as pilot:
        play_run(app.bus, 1, n=150)
        await until(pilot, lambda: 1 in app.session.summaries, what="the run")
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen), what="the timeline")
        for width in (78, 80, 81, 120):  # 78 and 81 parted "… 6 more" before
            await pilot.resize_terminal(width, 30)
            await until(pilot, lambda width=width: app.size == (width, 30), what=f"{width} columns")
            await pilot.pause()
            lines = [line.strip().replace("\xa0", " ") for line in rendered(app.screen.view.title)]
            counts = [int(found) for line in lines for found in re.findall(r"… (\d+) more$", line)]
            assert len(counts) == 3, (width, lines)  # launched, replied, closed: each whole, at a line's end
            launched = [line for line in lines if line.startswith("launched")]
            assert len(launched) == 2 and launched[-1].endswith(f"… {counts[0]} more"), (width, lines)
            shown = " ".join(launched).replace("launched", "").split("…")[0].split()
            whole = shown == [str(i) for i in range(1, len(shown) + 1)] and len(shown) + counts[0] == 150
            assert whole, (width, lines)
        await pilot.press("escape", "q")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_timeline_header_lists_every_client_of_a_run_whose_orders_fit(lang: str) -> None:
    """30 clients' orders fit at 120 columns: every number is listed, none said to be left out
    (the header listed 24 and '… 6 more' whatever the room)."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        play_run(app.bus, 1, n=30)
        await until(pilot, lambda: 1 in app.session.summaries, what="the run")
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen), what="the timeline")
        await pilot.pause()
        said = "\n".join(rendered(app.screen.view.title))
        assert "…" not in said and "30" in said, said
        await pilot.press("escape", "q")


async def test_an_address_the_server_cannot_listen_on_is_said_in_chinese() -> None:
    app = LabApp(port=0, lang="zh")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await restart_on_the_timeline(pilot, host="192.0.2.1")  # a documentation address: no interface has it
        await until(pilot, lambda: app.screen.query(Toast), what="the notification")
        await pilot.pause()
        said = re.sub(r"\s", "", "".join(rendered(app.screen.query_one(Toast))))
        assert tr("errno.EADDRNOTAVAIL", "zh") in said and "assign" not in said, said
        await pilot.press("q")
