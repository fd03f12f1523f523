"""The readable event lines of ``run``, ``clients`` and ``serve`` fit the terminal they are shown on,
broken where words and figures allow, and stay one line an event for a pipe or a file; so do the
accounts ``exhibit`` and ``experiment`` print."""

from __future__ import annotations

import re
import subprocess

import pytest
from helpers import on_terminal
from rich.cells import cell_len
from test_cli import ENV, TCP_LAB

from tui_app.output import DESCRIPTION_AT, _fitted
from tui_app.strings import tr
from tui_app.verdict import ORDER_KEYS

HEAD = re.compile(r"^ +\d+\.\d{3}  \S")  # an event's first line: its time, then its side
ADDRESS = re.compile(r"127\.0\.0\.1:\d+")
RUN = [*TCP_LAB, "run", "-n", "3", "--hold", "0", "--engine", "thread"]


def event_lines(lines: list[str]) -> list[str]:
    """The lines of the events: those before the summary's first, which starts with the count of
    clients (``3 clients``, in Chinese too)."""
    end = next(i for i, line in enumerate(lines) if line.startswith("3"))
    return lines[:end]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_event_lines_on_a_narrow_terminal_break_under_their_description(lang: str) -> None:
    code, lines, said = on_terminal([*RUN, "--lang", lang], 50, ENV)
    assert code == 0, said
    events = event_lines(lines)
    assert all(cell_len(line) <= 50 for line in lines), [line for line in lines if cell_len(line) > 50]
    continued = [line for line in events if not HEAD.match(line)]
    assert continued, events  # the listening line at least is wider than 50 cells
    indent = " " * DESCRIPTION_AT
    assert all(line.startswith(indent) and line[DESCRIPTION_AT] != " " for line in continued), continued
    # an address is never parted: every piece of one on a line is the whole address
    pieces = [word for line in events for word in re.split(r"[\s，（）]+", line) if "127.0" in word]
    assert pieces and all(ADDRESS.search(word) for word in pieces), pieces


@pytest.mark.timeout(60)
def test_event_lines_to_a_pipe_stay_one_line_each_at_any_width() -> None:
    env = {**ENV, "COLUMNS": "50"}
    done = subprocess.run(RUN, capture_output=True, text=True, env=env, timeout=50)
    assert done.returncode == 0, done.stderr
    events = event_lines(done.stdout.splitlines())
    assert all(HEAD.match(line) for line in events), events
    assert any(len(line) > 50 for line in events)


def test_a_wide_line_breaks_by_cells_and_keeps_figures_whole() -> None:
    line = "    0.104  客户端  r1.1 已连接，本端 127.0.0.1:38624，用时1.25毫秒，第12轮"
    assert _fitted([line], 80) == [line]  # it fits: left as it is
    broken = _fitted([line], 44)[0].split("\n")
    assert len(broken) > 1 and all(cell_len(piece) <= 44 for piece in broken), broken
    assert all(piece.startswith(" " * DESCRIPTION_AT) for piece in broken[1:]), broken
    words = " ".join(piece.strip() for piece in broken)
    assert "127.0.0.1:38624" in words and "1.25毫秒" in words, broken
    assert _fitted([line], 30)[0].split("\n")[1][0] != " "  # too narrow to indent: at the margin


@pytest.mark.timeout(60)
@pytest.mark.parametrize("command", [["exhibit", "torn-write"], ["experiment", "reuseaddr"]])
def test_an_exhibit_or_experiment_on_a_narrow_terminal_fits_it(command: list[str]) -> None:
    for lang in ("en", "zh"):
        code, lines, said = on_terminal([*TCP_LAB, *command, "--lang", lang], 50, ENV)
        assert code in (0, 1) and "Traceback" not in said, said  # 1: an outcome not the predicted one
        assert len(lines) > 5 and all(cell_len(line) <= 50 for line in lines), lines


@pytest.mark.timeout(60)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_crowds_orders_on_a_terminal_are_two_blocks_and_say_where_the_rest_is(lang: str) -> None:
    """2000 clients at 80 columns printed 200 blocks of order lines (800 lines); as the app's
    timeline shows them, two blocks at most, each order's last line counting what is left out,
    the connections two lines, and a line saying where every client is. To a pipe, all of it."""
    argv = [*TCP_LAB, "run", "-n", "60", "--hold", "0", "--engine", "thread", "--lang", lang]
    code, lines, said = on_terminal(argv, 50, ENV)
    assert code == 0, said
    labels = [tr(f"order.{key}", lang) for key in ORDER_KEYS]
    orders = [line for line in lines if line.split(" ")[0] in labels]
    assert len(orders) == 2 * len(labels), orders
    numbers = [int(n) for line in orders if line.startswith(labels[0]) for n in re.findall(r"\d+", line)]
    shown, more = numbers[:-1], numbers[-1]
    assert shown == list(range(1, len(shown) + 1)) and len(shown) + more == 60, orders
    assert all(line.endswith(tr("timeline.more", lang, count=more)) for line in orders[len(labels) :]), orders
    pairs = lines.index(next(line for line in lines if line.startswith(tr("order.pairs", lang, pairs=""))))
    assert lines[pairs + 1].startswith("  ") and not lines[pairs + 2].startswith("  "), lines[pairs:]
    paired = sum(line.count(" = r1.") for line in lines[pairs : pairs + 2])
    assert lines[pairs + 1].endswith(tr("timeline.more", lang, count=60 - paired)), lines[pairs + 1]
    squeezed = "".join("".join(lines[pairs + 2 : pairs + 4]).split())
    assert "".join(tr("cli.orders_cut", lang).split()) in squeezed, lines[pairs + 2 :]
    piped = subprocess.run(argv, capture_output=True, text=True, env=ENV, timeout=50)
    launched = next(line for line in piped.stdout.splitlines() if line.startswith(labels[0]))
    assert [int(n) for n in re.findall(r"\d+", launched)] == list(range(1, 61))
    assert tr("cli.orders_cut", lang) not in piped.stdout
