"""How an exhibit's run is drawn and told: lanes to the end, words a student reads, and an
opened exhibit recording drawn as the exhibits screen draws it."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.theme import BUILTIN_THEMES

from server_core import CLIENT, SERVER, EventBus, summarize
from server_core.events import Event
from server_core.exhibits import EXHIBITS, ExhibitResult, run_exhibit
from server_core.exhibits.spans import HOLDING, READ, WAITING, WINDOW, WRITE
from server_core.export import write_export
from server_core.recording import read_recording
from tui_app import exhibit_lanes, exhibit_view
from tui_app.recording_cli import write_picture
from tui_app.strings import tr
from tui_app.themes import HIGH_CONTRAST, themes

QUICK = 0.1  # seconds a handler waits for a lock


def event(seq: int, t: float, kind: str, client: int | None = 1, **extra: object) -> Event:
    return Event(seq, t, SERVER, kind, client, None, None, None, None, extra or None)


def test_a_lock_waited_for_and_taken_within_one_column_shows_the_hold() -> None:
    # h1 holds A from 0 to 9.96 ms; h2 waits for it and takes it within the last column
    events = [
        event(1, 0.0, "accepted", 1),
        event(2, 0.0, "acquiring", 1, lock="A", thread="handler-1"),
        event(3, 0.0, "acquired", 1, lock="A", thread="handler-1"),
        event(4, 0.001, "accepted", 2),
        event(5, 0.001, "acquiring", 2, lock="A", thread="handler-2"),
        event(6, 0.00996, "released", 1, lock="A", thread="handler-1"),
        event(7, 0.00997, "acquired", 2, lock="A", thread="handler-2"),
        event(8, 0.00999, "released", 2, lock="A", thread="handler-2"),
        event(9, 0.01, "disconnected", 2),
    ]
    first, second = exhibit_view.lanes(events, 10)
    assert first.cells[0] == HOLDING and second.cells[1] == WAITING
    assert second.cells[-1] == HOLDING  # served: its lane ends holding the lock, not waiting


def test_reads_and_writes_of_the_balance_stand_in_the_order_they_happened() -> None:
    """Three writes within one column of twenty: each right of the one before (h3 overwrote h2,
    h2 overwrote h1, as the text says), and every read left of the writes after it."""
    events = [event(1, 0.0, "accepted", number) for number in (1, 2, 3)]
    events = [e._replace(seq=seq) for seq, e in enumerate(events, 1)]
    for seq, number in enumerate((1, 2, 3), 4):  # three reads within 30 us
        events.append(event(seq, 0.01 + number * 1e-5, "read", number, resource="balance", value=100))
    for seq, number in enumerate((1, 2, 3), 7):  # three writes within 30 us
        events.append(event(seq, 0.05 + number * 1e-5, "wrote", number, resource="balance", value=110))
    events.append(event(10, 0.1, "disconnected", 3))
    drawn = exhibit_view.lanes(events, 20)
    reads = [lane.cells.index(READ) for lane in drawn]
    writes = [lane.cells.index(WRITE) for lane in drawn]
    assert reads == sorted(set(reads)) and writes == sorted(set(writes)), (reads, writes)
    assert max(reads) < min(writes)
    for lane, read, write in zip(drawn, reads, writes, strict=True):  # each window from its R to its W
        assert set(lane.cells[read + 1 : write]) == {WINDOW}, lane.cells
    late = [e._replace(t=e.t + 0.0499) if e.kind == "wrote" else e for e in events]  # in the last column
    assert [lane.cells.index(WRITE) for lane in exhibit_view.lanes(late, 20)] == [17, 18, 19]


@pytest.mark.timeout(20)
@pytest.mark.parametrize("name", ["deadlock", "forgotten-release"])
def test_every_served_handler_is_drawn_holding_its_lock(name: str) -> None:
    for _ in range(5):
        bus = EventBus()
        result = run_exhibit(name, safe=True, bus=bus, patience=QUICK)
        served = [lane for lane in exhibit_view.lanes(bus.history, 60, result) if lane.number > 1]
        assert served and all(HOLDING in lane.cells for lane in served), [lane.cells for lane in served]


@pytest.fixture(scope="module")
def deadlocked() -> ExhibitResult:
    return run_exhibit("deadlock", patience=QUICK)


def test_the_observations_are_told_in_chinese_with_their_json_keys_in_english(deadlocked) -> None:
    shown = dict(exhibit_view.observed_lines(deadlocked, "zh"))
    assert shown["发生死锁"] == "是" and shown["得到服务"] == str(deadlocked.observed["served"])
    assert not {"deadlocked", "served", "cycle"} & set(shown)
    assert "账户 A 的锁" in shown["环中等待的锁"]
    assert set(exhibit_view.to_json(deadlocked, "zh")["observed"]) >= {"deadlocked", "cycle", "served"}
    text = "\n".join(exhibit_view.account(deadlocked, [], 80, "zh"))
    assert "True" not in text and "deadlocked =" not in text


@pytest.mark.timeout(20)
@pytest.mark.parametrize("name", ["deadlock", "forgotten-release"])
def test_the_findings_name_handler_threads_as_their_lanes_do(name: str) -> None:
    """One name for a handler across an exhibit's text and lanes: the lane's (``h2``)."""
    bus = EventBus()
    result = run_exhibit(name, bus=bus, patience=QUICK)
    for lang in ("en", "zh"):
        text = "\n".join(exhibit_view.account(result, bus.history, 100, lang))
        assert "handler-" not in text
        lanes = set(re.findall(r"^ +(h\d+) \|", text, re.MULTILINE))
        key = "cycle" if name == "deadlock" else "held_by"
        label = tr(f"exhibit.observed.{key}", lang)
        named = re.search(rf"^  {re.escape(label)} = (.+)$", text, re.MULTILINE)
        assert named is not None and set(named.group(1).split(" | ")) <= lanes, named
    # a thread's number need not be its connection's: the lane's number names it
    events = [event(1, 0.0, "acquiring", 2, lock="A", thread="handler-7")]
    seen = ExhibitResult("deadlock", "unsafe", 2, {}, {"cycle": ["handler-7"]}, True)
    assert exhibit_view.observed_lines(seen, "en", events) == [("threads in the wait cycle", "h2")]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [40, 78, 118])
def test_the_legend_wraps_to_the_width_in_whole_items(lang: str, width: int) -> None:
    lines = exhibit_view.legend(lang, width)
    assert all(cell_len(line) <= width for line in lines)
    assert (len(lines) > 1) is (cell_len("   ".join(lines)) > width)  # one line only where all fit
    items = "   ".join(lines).split("   ")
    assert len(items) == 10 and all(item.strip() == item for item in items)  # the last: the twin glyphs


@pytest.mark.parametrize("lang, words", [("en", "the lock on the total"), ("zh", "总数的锁")])
def test_a_lock_left_held_is_named_in_words(lang: str, words: str) -> None:
    bus = EventBus()
    result = run_exhibit("forgotten-release", bus=bus, patience=QUICK)
    lines = exhibit_view.account(result, bus.history, 120, lang)
    first = next(line for line in lines if line.lstrip().startswith("h1 "))
    assert first.endswith(words) and "total-lock" not in first
    assert sum("total-lock" in line for line in lines) == 1  # the events' name, explained once


@pytest.mark.timeout(30)
def test_an_opened_exhibit_recording_draws_the_lock_waits_and_counts_its_clients(tmp_path: Path) -> None:
    bus = EventBus()
    run_exhibit("forgotten-release", bus=bus, patience=QUICK)
    recorded = tmp_path / "fr.jsonl"
    write_export(recorded, bus.history)
    recording = read_recording(recorded)
    launched = [e for e in recording.events if e.side == CLIENT and e.kind == "launched"]
    assert [(e.extra or {}).get("n") for e in launched] == [4]
    assert summarize(recording.events, 4, 1).clients == 4
    replies = [e.text or "" for e in recording.events if e.side == CLIENT and e.kind == "received"]
    assert not any("gave up: gave up" in text for text in replies)
    picture = tmp_path / "fr.svg"
    write_picture(recording, str(picture), "timeline", (100, 30), "en")
    svg = picture.read_text()
    assert "Forgotten&#160;release" in svg or "Forgotten release" in svg
    assert "no&#160;client&#160;run" not in svg and "no client run" not in svg
    assert "▶" not in svg  # nobody is drawn sending while it waits for a lock
    assert "░" in svg and "█" in svg  # the later handlers wait; handler 1 holds the lock


def test_a_handler_of_the_cycle_served_once_the_other_gave_up_is_told_so() -> None:
    cycle = {"cycle": ["handler-1", "handler-2"], "locks": ["A", "B"], "served": 1, "gave_up": 1}
    result = ExhibitResult("deadlock", "unsafe", 2, {}, {"deadlocked": True, **cycle}, True)
    events = [
        event(1, 0.0, "acquiring", 1, lock="A", thread="handler-1"),
        event(2, 0.0, "acquired", 1, lock="A", thread="handler-1"),
        event(3, 0.0, "acquiring", 2, lock="B", thread="handler-2"),
        event(4, 0.0, "acquired", 2, lock="B", thread="handler-2"),
        event(5, 0.01, "acquiring", 1, lock="B", thread="handler-1"),
        event(6, 0.01, "acquiring", 2, lock="A", thread="handler-2"),
        Event(7, 0.01, SERVER, "deadlock", None, None, None, None, None, cycle),
        event(8, 1.0, "gave_up", 2, lock="A", thread="handler-2"),
        event(9, 1.0, "released", 2, lock="B", thread="handler-2"),
        event(10, 1.0, "acquired", 1, lock="B", thread="handler-1"),
        event(11, 1.0, "replied", 1),
    ]
    first, second = exhibit_view.lanes(events, 20, result)
    assert first.note == "in the deadlock; then served, once the other gave up"
    assert first.cells[-1] == HOLDING
    assert second.note == "in the deadlock; gave up, its client told"



@pytest.mark.timeout(20)
@pytest.mark.parametrize("name", ["lost-update", "deadlock"])
def test_lane_notes_fit_the_width_and_never_start_in_the_label_column(name: str) -> None:
    bus = EventBus()
    result = run_exhibit(name, bus=bus, patience=QUICK)
    for lang in ("en", "zh"):
        for width in (50, 60, 80, 120):
            lines = exhibit_lanes.draw(bus.history, width, result, lang).plain.splitlines()
            assert all(cell_len(line) <= width for line in lines), (width, lines)
            legend = (*(glyph for glyph, *_ in exhibit_lanes.LOOKS.values()), "(", "（")  # the twins' item
            lanes = [line for line in lines if not line.startswith(legend)]
            indent = " " * (exhibit_lanes.LABEL + 1)  # a note on a line of its own
            assert lanes and all(line.startswith((" h", indent)) for line in lanes), lanes


def test_a_read_write_window_inside_a_lock_hold_is_drawn_as_the_hold() -> None:
    events = [
        event(1, 0.0, "accepted", 1),
        event(2, 0.001, "acquiring", 1, lock="balance-lock", thread="handler-1"),
        event(3, 0.002, "acquired", 1, lock="balance-lock", thread="handler-1"),
        event(4, 0.003, "read", 1, resource="balance"),
        event(5, 0.008, "wrote", 1, resource="balance"),
        event(6, 0.009, "released", 1, lock="balance-lock", thread="handler-1"),
        event(7, 0.010, "disconnected", 1),
    ]
    (lane,) = exhibit_view.lanes(events, 10)
    between = lane.cells[lane.cells.index(READ) + 1 : lane.cells.index(WRITE)]
    assert between and set(between) == {HOLDING}, lane.cells
    unlocked = [e for e in events if e.kind not in ("acquiring", "acquired", "released")]
    (lane,) = exhibit_view.lanes(unlocked, 10)  # no lock: the window shows
    assert WINDOW in lane.cells


@pytest.fixture(scope="module")
def every_run() -> list[tuple[ExhibitResult, list[Event]]]:
    """Each exhibit's every variant, run once."""
    runs = []
    for name in EXHIBITS:
        for safe in (False, True):
            bus = EventBus()
            runs.append((run_exhibit(name, safe=safe, bus=bus, patience=QUICK), bus.history))
    return runs


@pytest.mark.timeout(30)
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [50, 80, 120])
def test_the_command_lines_lanes_take_the_width_their_notes_leave(every_run, width: int, lang: str) -> None:
    for result, events in every_run:
        lines = exhibit_view.account(result, events, width, lang)
        drawn = [line for line in lines if re.match(r" +h\d+ \|", line)]
        assert drawn and all(cell_len(line) <= width for line in drawn), (result.name, lines)
        # no room kept for notes the run does not have: the widest lane's line ends at the edge
        assert max(cell_len(line) for line in drawn) == width, (result.name, result.variant, lines)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_torn_boards_rows_say_which_line_whose_pieces_and_whole_or_torn(lang: str) -> None:
    """Each line of the board is a row of its own with its number, whole or torn, the handlers
    whose characters are in it, and a key that explains each column and mark."""
    bus = EventBus()
    result = run_exhibit("torn-write", n=3, bus=bus)
    assert sorted(result.observed["written_by"][0]) == [1, 2, 3]
    lines = exhibit_view.account(result, bus.history, 100, lang)
    text = "\n".join(lines)
    assert " | " not in "".join(line for line in lines if "功" in line)  # no lines joined with a bar
    torn, from_ = exhibit_view.tr("exhibit.board.torn", lang), exhibit_view.tr("exhibit.board.from", lang)
    rows = [line.split() for line in lines if line.split()[:1] in (["1"], ["2"], ["3"])]
    assert [row[:2] for row in rows] == [["1", torn], ["2", torn], ["3", torn]] and rows[0][2] == "h1-h3"
    assert {rows[1][2], rows[2][2]} < {"h1", "h2", "h3"} and rows[1][3] == rows[2][3] == "功"  # two ends
    key = exhibit_view.board_key(lang)
    for word in (exhibit_view.tr("exhibit.board.line", lang), torn, from_, "h1-h3"):
        assert word in key, word  # every column and mark is explained
    assert key.replace("\n", "")[:20] in text.replace("\n", "")


def test_a_safe_boards_rows_are_whole_each_from_one_handler() -> None:
    result = run_exhibit("torn-write", safe=True, n=2)
    header, *rows = exhibit_view.board_rows(result, "en")
    assert header == ("  line  state  from  ", "text")
    assert [lead.split()[:2] for lead, _ in rows] == [["1", "whole"], ["2", "whole"]]
    whole_lines = sorted((lead.split()[2], text) for lead, text in rows)
    assert whole_lines == [("h1", "客户端1连接成功"), ("h2", "客户端2连接成功")]


def test_handlers_are_said_as_ranges() -> None:
    assert exhibit_view.handlers([3, 1, 2, 5]) == "h1-h3 h5"
    assert exhibit_view.handlers([2]) == "h2"


@pytest.mark.parametrize("theme", themes())
def test_the_lock_wait_and_the_read_write_window_are_told_apart_in_every_theme(theme: str) -> None:
    """By colour (Textual's default theme drew both in its one orange, its accent and warning),
    and by glyph for a terminal without colour: no two states share one."""
    variables = (BUILTIN_THEMES.get(theme) or HIGH_CONTRAST).to_color_system().generate()
    styles = exhibit_lanes.looks(variables)
    wait, window = (styles[state][1].color for state in (WAITING, WINDOW))
    assert wait is not None and window is not None
    rgb = [(c.get_truecolor().red, c.get_truecolor().green, c.get_truecolor().blue) for c in (wait, window)]
    assert math.dist(*rgb) >= 60, (theme, wait, window)
    glyphs = [glyph for glyph, _ in styles.values()]
    assert len(set(glyphs)) == len(glyphs), glyphs


UNITS = "个笔轮秒毫次字"  # what a number in Chinese text is written against: a measure word or a unit (字节)


def test_chinese_experiment_and_exhibit_texts_part_a_number_from_the_word_after_it() -> None:
    """``以 backlog 2 监听``, not ``2监听``: a number (or a value filled in) stands apart from a
    word that follows it, unless that word is its unit (``3个``, ``1.0秒``)."""
    from tui_app.strings.zh import TEXTS

    joined = re.compile(r"(?:\{[^}]*\}|[0-9A-Za-z=])([\u4e00-\u9fff])")
    found = [
        (key, text[max(0, m.start() - 8) : m.end() + 2])
        for key, text in TEXTS.items()
        if key.startswith(("exp.", "exhibit."))
        for m in joined.finditer(text)
        if m.group(1) not in UNITS
    ]
    assert found == []
