"""Chinese text breaks between words, not inside them: no Chinese text or help of the product,
wrapped at 50, 80 or 120 columns by the panes, the logs or the command line, splits one of the
product's words (read from its own texts: ``tui_app.wrapping.terms``) or a short run of Chinese
characters (``启动顺 / 序``, ``目 / 标``, ``暂 / 停`` were), nor leaves one character alone on a row."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from tui_app import cells
from tui_app.strings import CLI_HELP, TABLES
from tui_app.wrapping import (
    SHORT_RUN,
    Wrapped,
    formula_joins,
    lone,
    path_joins,
    term_joins,
    terms,
    unit_joins,
    word_spans,
)

pytestmark = pytest.mark.timeout(60)

SAID = (*TABLES["zh"].values(), *CLI_HELP["zh"].values())
TEXTS = sorted({line for text in SAID for line in text.split("\n")})
WIDTHS = (50, 80, 120)
PANE = 4  # the cells a pane's border and padding take from the terminal's width


def rows_at(text: str, width: int) -> list[list[str]]:
    """``text`` broken at ``width`` cells by the panes (hanging 2 cells) and the logs (8)."""
    return [list(Wrapped(text, 2).lines(width)), cells.wrap(text, width, 8, rows=999)]


def split_words(text: str, rows: list[str]) -> list[str]:
    """The words of ``text`` a break in ``rows`` falls inside."""
    cuts, done = [], 0
    for row in rows[:-1]:
        done = text.index(row.strip(), done) + len(row.strip())
        cuts.append(done)
    return [text[a:b] for a, b in word_spans(text) for cut in cuts if a < cut < b]


def test_the_products_words_are_read_from_its_texts() -> None:
    found = terms()
    assert {"客户端", "服务器", "启动顺序", "目标", "信号量", "端口"} <= found
    assert all(2 <= len(word) <= SHORT_RUN for word in found)


@pytest.mark.parametrize("width", WIDTHS)
def test_no_chinese_text_splits_a_word_or_leaves_a_character_alone(width: int) -> None:
    room = width - PANE
    wrong = []
    for text in TEXTS:
        if cell_len(text) <= room:
            continue
        for rows in rows_at(text, room):
            inside = split_words(text, rows)
            alone = [row for row in rows[1:] if lone(row)]
            if inside or alone:
                wrong.append((text, rows, inside, alone))
    assert wrong == []


FIELD = re.compile(r"\{[^{}]*\}")
HEAD = "  4 semaphore:2 信号量  "  # a run's number and mode before its verdict (the comparison)


def filled(text: str) -> str:
    """``text`` as a screen shows it: each field a figure (a count, a time, a percentile's limit)."""
    return FIELD.sub("10", text)


@pytest.mark.parametrize("width", range(60, 124, 4))
def test_no_filled_chinese_text_splits_a_word_under_a_head(width: int) -> None:
    """A verdict under a run's head (the comparison, the timeline's header) keeps its short runs
    whole after a name that ends in a digit: ``p95低于`` was ``p95低`` / ``于``."""
    wrong = []
    for text in sorted({filled(line) for line in TEXTS if FIELD.search(line)}):
        line = HEAD + text
        if cell_len(line) <= width:
            continue
        rows = list(Wrapped(line, cell_len(HEAD)).lines(width))
        inside = split_words(line, rows)
        if inside:
            wrong.append((rows, inside))
    assert wrong == []


def test_a_digit_that_ends_a_name_counts_nothing() -> None:
    line = "（立即：p95低于10毫秒）、h1的锁、3个客户端"
    words = [line[a:b] for a, b in word_spans(line)]
    assert "低于" in words and "客户端" in words


def test_the_comparisons_verdict_keeps_a_word_after_p95_whole() -> None:
    """The row of a trial at 120x40 (the box 116 cells wide): ``p95低`` then ``于10毫秒``."""
    head = "  4 semaphore:2 信号量  "
    said = (
        "3个客户端，同一时刻最多2个，按请求顺序获准，平均等待0.33秒，与启动顺序不同（关闭时3个中2个"
        "错位）；接受、收到回复按启动顺序，服务器立即回复：95%的回复在发送后0.4毫秒内到达（立即：p95低于10毫秒）"
    )
    for width in range(100, 121):
        rows = list(Wrapped(head + said, cell_len(head)).lines(width))
        assert not any(row.endswith("p95低") for row in rows), rows
        assert split_words(head + said, rows) == []



def other_break(text: str, start: int, cut: int) -> bool:
    """Whether the row of ``text`` from ``start`` to ``cut`` could have ended elsewhere: after a
    blank, or between two characters one of which is Chinese, where nothing is kept whole (a
    word, a number with its unit, a formula, a path's name) and no closing mark follows."""
    joined = unit_joins(text) | formula_joins(text) | path_joins(text) | term_joins(text)
    wide = lambda char: cell_len(char) == 2  # noqa: E731
    return any(
        p not in joined
        and text[p] not in "，。；：、！？）》」』”’…—,.;:!?)]} "
        and (text[p - 1] == " " or wide(text[p - 1]) or wide(text[p]))
        for p in range(start + 1, cut)
    )


def test_the_words_no_text_shows_alone_are_kept_and_a_measure_word_starts_none() -> None:
    """``服务`` / ``务``, ``任`` / ``意两块`` and ``为每`` / ``个连接`` were in the handler-reuse note
    and the palette: ``{count}个连接`` made ``个连接`` a word, and words inside longer runs were none."""
    assert {"服务", "每个", "任意", "两块"} <= terms() and "个连接" not in terms()


LONG = [(text, word_spans(text)) for text in TEXTS if cell_len(text) > 30]


# 30 to 80 cells a third apart, and the widths the trial found a word broken at: the events pane at
# 120x40 (52 cells: 服 / 务连接时) and 80x24 (49), the palette at 80 columns (76: 任 / 意两块)
SWEPT = sorted({*range(30, 81, 3), 49, 52, 76})


@pytest.mark.parametrize("width", SWEPT)
def test_no_product_text_breaks_inside_a_word_where_its_row_could_break_elsewhere(width: int) -> None:
    """Every Chinese text of the product in the panes and the logs, 30 to 80 cells wide: no break
    falls inside one of the product's words when the row had another place to break."""
    wrong = []
    for text, spans in LONG:
        if cell_len(text) <= width:
            continue
        for rows in rows_at(text, width):
            start, done = 0, 0
            for row in rows[:-1]:
                start = text.index(row.strip(), done)
                done = start + len(row.strip())
                inside = [text[a:b] for a, b in spans if a < done < b]
                if inside and other_break(text, start, done):
                    wrong.append((width, inside, row))
    assert wrong == []
