"""Line breaking for Chinese and English (tui_app.wrapping)."""

from __future__ import annotations

from rich.cells import cell_len

from tui_app.wrapping import Wrapped

VERDICT = "8个客户端，同一时刻从不超过1个，6次未按请求顺序获准，平均等待1.75秒，与启动顺序不同（接受 7/8处）"


def test_chinese_fills_each_line_and_keeps_numbers_with_their_units() -> None:
    lines = list(Wrapped(VERDICT).lines(20))
    assert "".join(lines) == VERDICT
    assert all(cell_len(line) <= 20 for line in lines)
    assert all(cell_len(line) >= 17 for line in lines[:-1])  # no half-empty line before a break
    assert not any(line.startswith(("，", "。", "）", "秒", "个", "次")) for line in lines)


def test_no_line_starts_with_closing_punctuation() -> None:
    for width in range(10, 40):  # wide enough for "1.00秒；", the longest unbreakable piece
        for line in Wrapped("预测：3个同时进行。平均等待1.00秒；关闭（已完成）。").lines(width):
            assert line[0] not in "，。；：）", (width, line)


def test_continuation_lines_are_indented_under_their_text() -> None:
    lines = list(Wrapped("  1 free    " + VERDICT, indent=12).lines(40))
    assert len(lines) > 1
    assert all(line.startswith(" " * 12) and line[12] != " " for line in lines[1:])


def test_english_still_breaks_at_spaces_only() -> None:
    lines = list(Wrapped("the server answered at once (p95 0.6 ms)").lines(16))
    assert lines == ["the server", "answered at once", "(p95 0.6 ms)"]
