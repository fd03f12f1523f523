"""Line breaking for Chinese and English (tui_app.wrapping)."""

from __future__ import annotations

import itertools
import re

import pytest
from rich.cells import cell_len

from tui_app import cells, wrapping
from tui_app.hanging import labelled_lines
from tui_app.wrapping import Wrapped, notice_lines, unit_joins

VERDICT = "8个客户端，同一时刻从不超过1个，6次未按请求顺序获准，平均等待1.75秒，与启动顺序不同（接受 7/8处）"


def test_chinese_fills_each_line_and_keeps_numbers_with_their_units() -> None:
    lines = list(Wrapped(VERDICT).lines(20))
    assert "".join(lines) == VERDICT.replace("接受 ", "接受")  # a blank at a break is left out
    assert all(cell_len(line) <= 20 for line in lines)
    assert all(cell_len(line) >= 14 for line in lines[:-1])  # no half-empty line before a break
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


# Lines a user saw cut between a number and its unit, in the events pane and the timeline's header.
WITH_UNITS = [
    "12.345 服务器：运行1完成：3个客户端，服务器立即回复（p95 0.7毫秒）",
    "run 1 done: the server answered at once (p95 8.2 ms), while 2.53 s mean wait; 2.009 s; 3 clients",
    "等待 12 µs 和 3 us，快 2.5x，占 50 %，共 1.5 秒，另有 3 微秒",
]
_PARTED = re.compile(r"\d ?$")  # a line ending in a number whose unit may have gone on
_UNIT_FIRST = re.compile(r"^ *(?:ms|µs|us|s|%|x|毫秒|微秒|秒|毫|微)(?![A-Za-z])")


def _parted(lines: list[str]) -> list[tuple[str, str]]:
    return [(a, b) for a, b in itertools.pairwise(lines) if _PARTED.search(a) and _UNIT_FIRST.match(b)]


@pytest.mark.parametrize("line", WITH_UNITS)
def test_a_number_keeps_its_unit_in_both_wrapping_paths(line: str) -> None:
    for width in range(20, 60):  # room for the longest number and unit beside the indent
        wrapped = list(Wrapped(line, indent=2).lines(width))
        logged = cells.wrap(line, width, indent=8, rows=40)
        assert _parted(wrapped) == [], (width, wrapped)
        assert _parted(logged) == [], (width, logged)
        assert all(cell_len(part) <= width for part in logged), (width, logged)


def test_the_units_joined_are_the_spaces_and_letters_after_a_number() -> None:
    assert unit_joins("p95 8.2 ms") == {7, 8, 9}
    assert unit_joins("0.7毫秒）") == {3, 4}
    # a number keeps the word it counts as it keeps a unit: "(unsafe, 5" then "clients)" no more
    assert unit_joins("3 clients, 10 seconds") == {1, 2, 13, 14}
    assert unit_joins("h1 waits, r1.1 has") == set()  # a digit ending a name counts nothing
    assert unit_joins("SO_REUSEADDR=0 SO_KEEPALIVE=0") == set()  # nor an option's value


def test_a_long_word_moves_to_the_next_line_whole_rather_than_be_cut() -> None:
    line = "1.011 s; all at once, accepted/replied/closed in launch order, the server answered"
    lines = cells.wrap(line, 44, 8)
    assert lines[0] == "1.011 s; all at once," and lines[1].strip().startswith("accepted/replied/closed ")


@pytest.mark.parametrize("width", range(12, 40))
def test_a_notice_breaks_a_path_after_a_slash_and_shortens_a_name_too_long_for_a_line(width: int) -> None:
    said = "wrote 8 events to /home/lab/exports/tcp-lab-run-of-eight-free-clients-and-more.jsonl"
    lines = notice_lines(said, width)
    assert all(cell_len(line) <= width for line in lines), lines
    for name in ("/home/", "lab/", "exports/"):
        assert any(name in line for line in lines), (name, lines)  # whole, on one line
    last = lines[-1]
    assert last.endswith("more.jsonl" if width > 21 else "jsonl") and "…" in last, lines
    assert notice_lines("已将8个事件写入文件", 10) == ["已将8个", "事件写入", "文件"]  # between words


def test_a_log_line_breaks_a_path_too_long_for_a_line_after_a_slash() -> None:
    folder, name = "/tmp/lab-of-root/exports-of-the-lab/", "free-runs-2026.jsonl"
    lines = cells.wrap(f"1.234 wrote 12 events to {folder}{name}", 48, 8)
    assert [line.strip() for line in lines[1:]] == [folder, name]


def test_a_log_line_keeps_every_name_of_a_path_whole_that_fits_a_line() -> None:
    """The events pane at 120x40 in Chinese: a name that fits a line of its own is never cut,
    even where the ``/`` before it comes early in the line."""
    path = (
        "a-very-long-directory-name-for-testing-path-wrapping/"
        "another-rather-long-directory-name-here/中文导出文件名称很长很长的记录文件.jsonl"
    )
    lines = cells.wrap(path, 44)
    assert any(line.startswith("another-rather-long-directory-name-here/") for line in lines), lines


def test_a_quoted_character_is_never_parted_from_its_quotes() -> None:
    """A refused full-width digit is quoted in a reason: a line must not end at the opening quote
    (the digit is wide, and a line may break before a wide character) nor start with the closing."""
    english = "TCP_KEEPIDLE must be a whole number from 1 to 32767, not '３'"
    for text in (english, "应为1到32767的整数，而不是 '３'（只能用"):
        for width in range(6, 40):
            lines = list(Wrapped(text).lines(width))
            assert any("'３'" in line for line in lines), (width, lines)


# A count and its measure word, as a user saw them parted at 80x24 ("关闭时3" / "个中2个错位").
COUNTED = "顺序：关闭时3个中2个错位，锁定时3个中0个错位，共12字节，等了5轮和2次"


@pytest.mark.parametrize("width", range(8, 40))
def test_a_chinese_count_keeps_its_measure_word_in_both_wrapping_paths(width: int) -> None:
    for lines in (list(Wrapped(COUNTED).lines(width)), cells.wrap(COUNTED, width, rows=40)):
        assert "".join(line.strip() for line in lines) == COUNTED
        pairs = itertools.pairwise(lines)
        parted = [(a, b) for a, b in pairs if a[-1:].isdigit() and not b.strip()[:1].isdigit()]
        assert parted == [], (width, lines)


# A Chinese numeral is a number too: an ordinal with its measure word, as a user saw it parted in
# --lang's help at 50 columns ("LANG 中第一" / "个已设置的").
NUMERALS = "LC_MESSAGES、LANG 中第一个已设置的，等了三次、第二轮和十二个"


@pytest.mark.parametrize("width", range(6, 40))
def test_a_chinese_numeral_keeps_its_ordinal_mark_and_measure_word(width: int) -> None:
    for lines in (list(Wrapped(NUMERALS).lines(width)), cells.wrap(NUMERALS, width, rows=40)):
        assert "".join(line.strip() for line in lines).replace(" ", "") == NUMERALS.replace(" ", "")
        for whole in ("第一个", "三次", "第二轮", "十二个"):
            assert any(whole in line for line in lines), (width, whole, lines)


# ASCII runs in a Chinese sentence: extensions after a full-width colon and the enumeration comma,
# as a user saw --export's help at 50 columns parted inside one (".trace" / ".json）").
ASCII_RUNS = "结束时把全部事件写入 PATH（按文件名：.jsonl、.csv、.trace.json）；--export 与 0.2秒"


@pytest.mark.parametrize("width", range(16, 40))  # ".trace.json）；" takes 15 cells
def test_an_ascii_run_in_chinese_text_stays_whole_on_a_row(width: int) -> None:
    for lines in (list(Wrapped(ASCII_RUNS).lines(width)), notice_lines(ASCII_RUNS, width)):
        assert "".join(lines).replace(" ", "") == ASCII_RUNS.replace(" ", ""), (width, lines)
        for run in ("PATH", ".jsonl", ".csv", ".trace.json", "--export", "0.2秒"):
            assert any(run in line for line in lines), (width, run, lines)


def test_the_units_joined_include_a_chinese_measure_word_and_bytes() -> None:
    assert unit_joins("3个中2个") == {1, 2, 3, 4}  # a part stays with the whole it is counted out of
    assert unit_joins("12字节") == {2, 3}
    assert unit_joins("12 B") == {2, 3}


CHINESE_PATH = "/tmp/实验室的导出目录/事件记录文件名称很长很长.jsonl"
ENGLISH_PATH = "/tmp/exports/tcp-lab-events-of-a-rather-long-experiment-name-today.jsonl"


def _pieces_of(path: str, lines: list[str]) -> list[str]:
    """The parts of ``path`` on each of ``lines`` that hold some of it, in order (a name too long
    for a line shortened)."""
    text = "\n".join(line.strip() for line in lines)
    start = text.index(path[:5])
    end = text.index("nl", start) + len("nl")  # the end of ".jsonl", kept however short the name
    return text[start:end].split("\n")


@pytest.mark.parametrize("width", range(16, 60, 3))
@pytest.mark.parametrize(
    "said",
    [f"1.234 wrote 12 events to {CHINESE_PATH}", f"12.345 已将8个事件写入 {CHINESE_PATH}：完成"],
)
def test_a_chinese_path_breaks_only_after_a_slash_in_the_log_and_the_notice(width: int, said: str) -> None:
    for lines in (cells.wrap(said, width, 8, rows=40), notice_lines(said, width)):
        assert all(cell_len(line) <= width for line in lines), lines
        pieces = _pieces_of(CHINESE_PATH, lines)
        assert all(piece.endswith("/") for piece in pieces[:-1]), (width, lines)  # after a name only
        assert not any(piece.startswith("/") for piece in pieces[1:]), (width, lines)
        assert not any(line.strip().startswith("：") for line in lines), (width, lines)


@pytest.mark.parametrize("width", range(20, 60, 3))
def test_a_name_too_long_for_a_log_line_is_shortened_with_a_sign_never_cut_without_one(width: int) -> None:
    lines = cells.wrap(f"1.234 wrote 12 events to {ENGLISH_PATH}", width, 8, rows=40)
    assert all(cell_len(line) <= width for line in lines), lines
    name = ENGLISH_PATH.rsplit("/", 1)[1]
    shown = [line.strip() for line in lines if line.strip().startswith("tcp-")]
    assert len(shown) == 1 and shown[0].endswith("jsonl"), (width, lines)  # on one line, its end kept
    assert shown[0] == name or "…" in shown[0], (width, lines)


@pytest.mark.parametrize("opening", ["'", '"', "(", "（", "「", " "])
def test_a_path_never_breaks_after_its_first_slash_even_quoted(opening: str) -> None:
    line = f"没有目录 {opening}/tmp/trial/新目录"
    start = line.index("/") + 1
    assert not wrapping.after_name(line, start)  # '/ alone at a line's end hides where the path starts
    assert wrapping.after_name(line, line.index("trial/") + len("trial/"))


CHINESE_NAME = "实验记录" * 22 + "xy.jsonl"  # 90 characters, 180 cells: no line holds it whole


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [30, 56, 58, 60, 84, 118])
def test_an_export_refusal_shortens_a_long_name_only_as_the_line_needs(lang: str, width: int) -> None:
    """A 90-character Chinese name in a missing folder: the folder stays named whole, the name
    keeps its start and its ending around one ``…``, and its line is filled to the width (less
    the one cell a wide character cannot split), never cut twice nor left with a gap."""
    from server_core.export import check_target
    from tui_app.strings import why

    path = f"/tmp/no-such-folder/{CHINESE_NAME}"
    with pytest.raises(ValueError) as refused:
        check_target(path)
    lines = notice_lines(why(str(refused.value), lang), width)
    assert all(cell_len(line) <= width for line in lines), lines
    joined = "".join(lines)  # a line breaks only after a name's "/"
    assert "'/tmp/no-such-folder/" in joined and joined.endswith("'/tmp/no-such-folder'"), lines
    (named,) = [line for line in lines if "…" in line]
    head, tail = named.split("…")
    assert CHINESE_NAME.startswith(head) and tail.startswith(CHINESE_NAME[-len(tail.split("'")[0]) :])
    assert "xy.jsonl'" in tail and " " not in named, named
    assert cell_len(named) >= width - 1, (named, width)  # shortened only as far as the line needs


@pytest.mark.parametrize(
    "line",
    [
        "All at once, the server answered at once (p95 0.5 ms)",
        "12.345 第1轮结束：3个成功；服务器立即回复（p95 0.5毫秒）",
    ],
)
def test_a_percentile_stays_with_its_number_and_unit_where_a_line_holds_them(line: str) -> None:
    """'(p95' ended a line and '0.5 ms)' began the next, in the command line's verdict and in the
    app's Chinese events pane: the name was parted from its figure."""
    for width in range(24, 60):
        for lines in (notice_lines(line, width), cells.wrap(line, width, 8)):
            assert not any(piece.rstrip().endswith("p95") for piece in lines), (width, lines)


def test_a_latin_phrase_in_chinese_quotes_stays_whole_where_a_line_holds_it() -> None:
    """The palette parted a quoted 'add ten' and 'with lock:' at their space, in Chinese text."""
    line = "客户端1发送了一个无法解析的请求（“add ten”），而该线程持有锁；安全：用“with lock:”加锁。"
    for width in range(10, 60):
        for lines in (notice_lines(line, width), list(Wrapped(line).lines(width))):
            assert not any(piece[0] in "，。；：）”" for piece in lines), (width, lines)
            shown = "\n".join(lines)  # each whole where a line holds it with its brackets and comma
            assert width < 15 or ("“add ten”" in shown and "“with lock:”" in shown), (width, lines)
    # “with lock:” fits 14 cells; “add ten” not with its brackets and comma, which go with it (15)
    assert wrapping.quote_joins(line, 14) == frozenset(range(line.index("“with") + 1, line.index("”加") + 1))


@pytest.mark.parametrize("width", [50, 80, 120])
def test_a_chinese_list_of_quoted_choices_breaks_between_them_whole(width: int) -> None:
    """argparse's refusal in Chinese lists its choices quoted and joined by 、: each quote stood
    with its neighbour, so the list was one piece, cut with … at 50 columns (the choices lost) and
    '可选' parted at 80 and 120."""
    text = (
        "tcp-lab experiment：错误：参数 NAME：无效的选择：'nope'（可选：'reuseaddr'、'nagle'、"
        "'broadcast'、'backlog'、'keepalive'、'accept'）"
    )
    lines = notice_lines(text, width)
    assert "".join(lines) == text and all(cell_len(line) <= width for line in lines), lines
    ends, starts = ("（可", "'"), ("选", "、", "'）")
    parted = [line for line in lines[:-1] if line.endswith(ends) or line.startswith(starts)]
    assert not parted, lines


@pytest.mark.parametrize("width", [30, 50])
def test_a_set_of_choices_breaks_between_them_not_cut(width: int) -> None:
    """argparse names the commands as one set, {serve,clients,...}: it was one word, cut to
    'experi…nt' at 50 columns."""
    text = "tcp-lab：错误：参数 {serve,clients,run,experiment,exhibit,open,merge}：无效的选择：'bogus'"
    lines = notice_lines(text, width)
    assert "".join(lines) == text and all(cell_len(line) <= width for line in lines), lines


# Formulas a user saw broken across lines at 50 columns: "(backlog +" / "1 of them on Linux)".
FORMULAS = [
    ("The kernel completes the first connections by itself (backlog + 1 of them on Linux): "
     "their connect returns", "backlog + 1"),
    ("a vanished peer is noticed after idle + interval x count seconds.", "idle + interval x count"),
    ("内核自行完成前几个连接（Linux 上为 backlog + 1个）：它们的 connect 返回了", "backlog + 1个"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "formula"), FORMULAS)
def test_a_formula_stays_whole_in_both_wrapping_paths_and_the_notices(line: str, formula: str) -> None:
    for width in range(len(formula) + 12, 80):
        wrapped = list(Wrapped(line, indent=2).lines(width))
        logged = cells.wrap(line, width, indent=8, rows=40)
        noticed = notice_lines(line, width, 4)
        for lines in (wrapped, logged, noticed):
            assert any(formula in part for part in lines), (width, lines)


# A listening line in Chinese broke inside a choice's name: "（顺序 free 自" / "由，accept…".
WITH_CHOICES = [
    "  0.127 正在监听 127.0.0.1:22601（顺序 free 自由，accept 方式 blocking 阻塞；生效选项：SO_REUSEADDR=1）",
    "处理线程的顺序：free 自由、lock 锁、semaphore:K 信号量、queue 队列；accept：nonblocking 非阻塞",
]
CHOICES = ("free 自由", "blocking 阻塞", "lock 锁", "semaphore:K 信号量", "queue 队列", "nonblocking 非阻塞")


@pytest.mark.parametrize("line", WITH_CHOICES)
def test_a_choice_keeps_its_name_whole_in_every_wrapping_path(line: str) -> None:
    for width in range(26, 70):  # room for the longest choice, its mark and the indent
        paths = {
            "pane": list(Wrapped(line, indent=2).lines(width)),
            "log": cells.wrap(line, width, indent=8, rows=40),
            "notice": notice_lines(line, width, indent=2),
        }
        for path, lines in paths.items():
            for choice in CHOICES:
                if choice in line:
                    assert sum(choice in shown for shown in lines) == line.count(choice), (path, width, lines)


# Chinese as the accounts and refusals say it, with the product's words in it.
ZH_SAMPLES = [
    "每个等待的处理线程在1.0秒后放弃并告知客户端：没有任何东西会卡死。",
    "服务器先关闭，旧连接在服务器端口上处于 TIME_WAIT；一个客户端与它通信，然后服务器先停止",
    "nonblocking 非阻塞 下第一次调用用时（毫秒）；无效的选择：'x'（可选：'process' 进程、'thread' 线程）",
    "应用在哪里运行服务器和客户端：thread 线程（在自己的线程里）或 process 进程（各自的进程里）",
]


@pytest.mark.parametrize("text", ZH_SAMPLES, ids=range(len(ZH_SAMPLES)))
def test_a_line_never_splits_a_word_the_product_uses(text: str) -> None:
    terms = ("客户端", "服务器", "处理线程", "毫秒", "线程", "进程", "可选", "端口", "连接", "阻塞")
    spans = [m.span() for term in terms for m in re.finditer(term, text)]
    assert spans
    for width in range(14, cell_len(text)):  # room for the widest piece a line cannot break
        for indent in (0, 4):
            cuts = wrapping.breaks(text, width, indent)
            inside = [(cut, text[a:b]) for cut in cuts for a, b in spans if a < cut < b]
            assert inside == [], (width, indent, inside)
            assert cells.wrap(text, width, 0, rows=99)  # the logs keep them too (no error)


@pytest.mark.parametrize("text", ZH_SAMPLES, ids=range(len(ZH_SAMPLES)))
def test_no_last_row_holds_one_character_when_the_row_before_can_give_one(text: str) -> None:
    for width in range(18, cell_len(text)):  # room for TIME_WAIT； whole
        for indent in (0, 6):
            lines = notice_lines(text, width, indent)
            last = lines[-1].strip().rstrip("。，；：）")
            assert len(lines) == 1 or len(last) > 1 or len(lines[-2].strip()) <= 2, (width, lines)
            assert all(cell_len(line) <= width for line in lines), (width, lines)
            assert "".join("".join(lines).split()) == "".join(text.split())  # nothing lost


def test_the_deadlocks_last_words_end_together() -> None:
    text = "每个等待的处理线程在1.0秒后放弃并告知客户端：没有任何东西会卡死。"
    widths = [w for w in range(16, 60) if notice_lines(text, w, 6)[-1].strip() == "死。"]
    assert widths == []


@pytest.mark.parametrize(
    ("lead", "value"),
    [
        ("  nonblocking 非阻塞 下第一次调用用时（毫秒） = ", "0.022"),
        ("  a dead peer noticed after (s) = ", "25"),
    ],
)
def test_a_short_value_never_sits_alone_on_the_last_row_of_its_line(lead: str, value: str) -> None:
    for width in range(cell_len(lead) - 12, cell_len(lead + value)):
        lines = labelled_lines(lead, value, width)
        assert len(lines) > 1 and lines[-1].strip() != value, (width, lines)
        assert lines[-1].endswith(f"= {value}") and all(cell_len(line) <= width for line in lines), lines
        assert "".join("".join(lines).split()) == "".join((lead + value).split())


@pytest.mark.parametrize(
    ("line", "counted"),
    [
        ("Never more than 3 at a time (out of place: 2 of 4 accepted, 3 of 4 closed)", "3 of 4 closed"),
        ("与启动顺序不同（接受时4个中2个错位，关闭时14个中12个错位），服务器立即回复", "14个中12个"),
    ],
)
def test_a_part_stays_with_the_whole_it_is_counted_out_of_everywhere(line: str, counted: str) -> None:
    start = line.index(counted)
    inside = range(start + 1, start + len(counted))
    for width in range(cell_len(counted) + 6, cell_len(line)):  # room for it and a closing mark
        assert not set(wrapping.breaks(line, width, 4)) & set(inside), width
        assert any(counted in row for row in cells.wrap(line, width, 4, rows=99)), width
        assert any(counted in row for row in notice_lines(line, width, 4)), width


@pytest.mark.parametrize("default", ["（默认：free 自由）", "（默认：0）", "(default: 127.0.0.1)"])
def test_a_default_stays_whole_where_a_line_has_room_for_it(default: str) -> None:
    line = f"每次回复前暂停，或者监听的地址{default}" if "默认" in default else f"the address used {default}"
    for width in range(cell_len(default) + 2, cell_len(line)):
        assert any(default in row for row in Wrapped(line).lines(width)), width
        assert any(default in row for row in cells.wrap(line, width, 0, rows=99)), width


ESCAPES = [r"\xff", r"\x1b", "\\\\", r"\n", r"\t", r"\u200b"]  # as server_core.wire shows them


@pytest.mark.parametrize("escape", ESCAPES)
def test_an_escape_is_never_split_across_rows_at_any_width(escape: str) -> None:
    """A peer's bytes shown escaped, with no blank to break at, wrapped row after row (the
    events and the help by :func:`wrapping.breaks`, the conversation by :func:`cells.wrap`): a
    row ended in "\\x" and the next began "ff", the escape read as two other texts."""
    pattern = re.compile(r"\\(?:x[0-9a-f]{2}|u[0-9a-f]{4}|[\\nt])")

    def inside(text: str) -> set[int]:
        return {i for m in pattern.finditer(text) for i in range(m.start() + 1, m.end())}

    for gap in ("", "[31m"):
        text = "1.25 server <- #4 says: " + (escape + gap) * 40
        solid = text.replace(" ", "")  # the rows' text, the blanks at their breaks left out
        assert inside(text), text
        for width in range(20, 81):
            assert not inside(text) & set(wrapping.breaks(text, width, 8)), (width, escape, gap)
            rows = [row.replace(" ", "") for row in cells.wrap(text, width, 8, rows=200)]
            assert "".join(rows) == solid, (width, rows)
            assert not inside(solid) & set(itertools.accumulate(map(len, rows))), (width, rows)


def test_a_doubled_backslash_then_letters_is_one_escape_and_the_letters() -> None:
    assert wrapping.escape_joins("\\\\x1b") == {1}  # "\\" whole; "x1b" are letters, breakable
    assert wrapping.escape_joins(r"a\x1b") == {2, 3, 4}


@pytest.mark.parametrize("escape", ESCAPES)
def test_a_cut_to_a_width_keeps_every_escape_whole(escape: str) -> None:
    """A table cell (and a comparison's cell, a wrapped line's last row) is cut with ``…`` by
    :func:`cells.fit`: it cut inside an escape (``\\xf…`` for the byte ``\\xff``), which read as
    another text. Each cut ends before the escape it would split, as a row's break does."""
    pattern = re.compile(r"\\(?:x[0-9a-f]{2}|u[0-9a-f]{4}|[\\nt])")
    for lead in ("", "a", "中", "error: "):
        text = lead + escape * 12
        for width in range(2, cell_len(text)):
            shown = cells.fit(text, width).rstrip()
            assert cell_len(cells.fit(text, width)) == width and shown.endswith("…"), (width, shown)
            kept = shown[:-1]
            assert text.startswith(kept), (width, shown)
            ends = {m.end() for m in pattern.finditer(text)} | {0, len(lead)}
            assert len(kept) in ends or len(kept) < len(lead), (width, shown)
        last = cells.wrap(lead + " " + escape * 60, 20, 4, rows=2)[-1]
        assert last.endswith("…") and pattern.sub("", last.strip()[:-1]) == "", last


LISTS = {  # a grant out of request order, as the timeline's header and the command line say it
    "zh": "3个客户端，同一时刻只有1个，1次未按请求顺序获准（请求 1 2 3；获准 1 3 2），平均等待1.01秒",
    "en": "3 clients, one at a time, granted out of request order once (asked 1 2 3; granted 1 3 2), 1.01 s",
}


def _both_wraps(text: str, width: int) -> tuple[list[str], list[str]]:
    """``text`` at ``width`` cells as the panes and the logs wrap it."""
    return list(Wrapped(text).lines(width)), cells.wrap(text, width, rows=99)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_list_of_numbers_stays_whole_with_its_label_where_that_costs_no_row(
    lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 80x24 in Chinese the header broke inside the list of the asked clients, after its 2. A
    list parted from its label or between its numbers is one whose whole costs a row: with lists
    always kept whole, that width takes more rows."""
    text = LISTS[lang]
    shown = {width: _both_wraps(text, width) for width in range(14, 60)}
    with monkeypatch.context() as always:
        for module in (wrapping, cells):
            always.setattr(module, "fewest_rows", lambda layout, lists: layout(lists))
        whole_lists = {width: _both_wraps(text, width) for width in shown}
    for width, wraps in shown.items():
        for lines, kept in zip(wraps, whole_lists[width], strict=True):
            said = " ".join(line.strip() for line in lines)
            for whole in ("请求 1 2 3", "获准 1 3 2") if lang == "zh" else ("asked 1 2 3", "granted 1 3 2"):
                assert whole in said, (width, whole, lines)  # no number split, nor taken apart
                assert any(whole in line for line in lines) or len(lines) < len(kept), (width, whole, lines)


def test_a_list_goes_whole_to_the_next_row_only_where_that_costs_no_row() -> None:
    """A lock run's verdict took 8 rows in the 7-row events pane at 80x24: its list, kept whole
    with its label, went to a row of its own and pushed the rest one row down."""
    text = "granted out of order (asked 1 2 3; granted 1 3 2)"
    for lines in _both_wraps(text, 17):  # whole, the lists took 4 rows: "order", "(asked 1 2 3;"...
        assert lines == ["granted out of", "order (asked 1 2", "3; granted 1 3 2)"], lines


def test_a_list_wider_than_a_line_breaks_between_its_numbers_only() -> None:
    numbers = " ".join(str(n) for n in range(100, 130))
    for lines in (list(Wrapped(f"asked {numbers}").lines(24)), cells.wrap(f"asked {numbers}", 24, rows=99)):
        assert " ".join(" ".join(lines).split()) == f"asked {numbers}", lines
        assert all(cell_len(line) <= 24 for line in lines), lines
