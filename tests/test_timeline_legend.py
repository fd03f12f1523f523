"""The command line's lanes say what they show: the legend's ``-`` is "in its section" only for
lanes that took a turn, and the server's handlers sit under a header of their own."""

from __future__ import annotations

import re
import subprocess

import pytest
from test_cli import ENV, TCP_LAB

from server_core import Event
from server_core.timeline import build_lanes
from tui_app.strings import tr
from tui_app.swimlane import GLYPHS, INSIDE, cells_of, render

pytestmark = pytest.mark.timeout(60)


def events(*rows: tuple[float, str, str, int]) -> list[Event]:
    """Events of run 1 from (t, side, kind, client) rows, numbered in time order."""
    ordered = sorted(rows, key=lambda row: row[0])
    return [
        Event(seq, t, side, kind, client, extra={"run": 1})
        for seq, (t, side, kind, client) in enumerate(ordered, 1)
    ]


def free_client(client: int, start: float) -> list[tuple[float, str, str, int]]:
    """A free client: it connects (0.2 s), sends, gets its reply and closes, asking no turn."""
    return [(start, "client", "connecting", client), (start + 0.2, "client", "connected", client),
            (start + 0.3, "client", "sent", client), (start + 0.4, "client", "received", client),
            (start + 1, "client", "disconnected", client)]


def lock_client(client: int, start: float) -> list[tuple[float, str, str, int]]:
    """A client that waits for its turn, connects inside it (0.2 s), and leaves after closing."""
    return [(start, "client", "waiting", client), (start + 0.1, "client", "entered", client),
            (start + 0.1, "client", "connecting", client), (start + 0.3, "client", "connected", client),
            (start + 1, "client", "disconnected", client), (start + 1.2, "client", "left", client)]


def inside_words(lines: list[str]) -> str:
    """The legend's words for ``-``, up to the next item."""
    legend = " ".join(lines[next(i for i, line in enumerate(lines) if line.startswith(("legend", "图例"))) :])
    return legend.split(f"{GLYPHS[INSIDE]} ", 1)[1].split("   ")[0].strip()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_free_clients_dash_is_said_as_not_connected_not_as_in_its_section(lang: str) -> None:
    lanes = build_lanes(events(*free_client(1, 0), *free_client(2, 0.1)))
    lines = render(lanes, 0.0, 1.2, 80, lang)
    assert any(f"|{GLYPHS[INSIDE]}" in line for line in lines)  # drawn: its connect
    assert inside_words(lines) == tr("lane.unconnected", lang)


@pytest.mark.parametrize(("lang", "words"), [("en", "connecting"), ("zh", "正在连接")])
def test_a_free_lanes_dash_is_only_its_connect_and_the_legend_says_just_that(lang: str, words: str) -> None:
    """A lane that takes no turn ends at its close: its ``-`` is its connect alone, so the legend
    does not say "not connected", which would cover the blank after the close as well."""
    lanes = build_lanes(events(*free_client(1, 0), *free_client(2, 0.1)))
    lines = render(lanes, 0.0, 2.0, 80, lang)
    columns = len(lines[1].split("|")[1])
    for lane, line in zip(lanes, lines[1:], strict=False):
        cells = line.split("|")[1]
        connected, closed = (int(at / 2.0 * columns) for at in (lane.segments[0].end, lane.segments[-1].end))
        assert set(cells[:connected]) <= {GLYPHS[INSIDE], " "} and cells[closed + 1 :].strip() == "", cells
        assert GLYPHS[INSIDE] not in cells[connected + 1 :], cells
    assert inside_words(lines) == words


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_lock_clients_dash_is_in_its_section_and_a_mix_says_where(lang: str) -> None:
    lock = build_lanes(events(*lock_client(1, 0), *lock_client(2, 0)))
    assert inside_words(render(lock, 0.0, 2.5, 80, lang)) == tr("lane.inside", lang)
    mixed = build_lanes(events(*lock_client(1, 0), *free_client(2, 0)))
    assert inside_words(render(mixed, 0.0, 2.5, 80, lang)) == tr("lane.inside_where_turns", lang)


@pytest.mark.parametrize(("lang", "width"), [("en", 50), ("zh", 80)])
def test_run_timeline_heads_the_handlers_lanes_as_the_servers(lang: str, width: int) -> None:
    result = subprocess.run(
        [*TCP_LAB, "run", "-n", "2", "--hold", "0", "--timeline", "--lang", lang],
        capture_output=True, text=True, env={**ENV, "COLUMNS": str(width)}, timeout=50,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    axis = tr("swimlane.lane", lang) + " |"
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith(axis))
    labels = [line.split("|")[0].strip() for line in lines[start : start + 6]]
    head = tr("swimlane.server", lang)
    assert labels[:4] == [tr("swimlane.lane", lang), "r1.1", "r1.2", head], labels
    assert re.fullmatch(r"#1 handler-\d+", labels[4]) and re.fullmatch(r"#2 handler-\d+", labels[5]), labels
    assert lines[start + 3].split("|")[1] == lines[start].split("|")[1]  # the same axis
    assert all(cells_of(line) <= width for line in lines[start:])
    assert inside_words(lines[start:]) == tr("lane.unconnected", lang)  # a free run takes no turn
