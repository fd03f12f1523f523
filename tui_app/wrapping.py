"""Line breaking that suits Chinese as well as English, as a Rich renderable.

Rich breaks a line only at whitespace and folds a "word" only when it is longer than the whole
line, so a Chinese sentence (no spaces) jumps to the next line whole and leaves the line before it
half empty. :class:`Wrapped` breaks between any two Chinese characters as well as at spaces, never
starts a line with closing punctuation (a full-width comma, stop, colon...; a ``.`` that starts
an extension after Chinese text is none) nor ends one with opening punctuation, keeps a number
with its unit ("1.00秒", "8.2 ms", "50 %", "3个", "第一个"; see
:func:`unit_joins`), a formula whole ("backlog + 1", :func:`formula_joins`), a choice with
its name ("free 自由"; :func:`choice_joins`) and a list of numbers with its label where it fits
("asked 1 3 2"; :func:`list_joins`), breaks a path only after a name's ``/``
(:func:`path_joins`), and indents continuation lines. :func:`tui_app.cells.wrap`, which the logs
wrap with, keeps numbers with their units, formulas, choices with their names, lists of numbers
and paths' names whole by the same rules.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterator, Sized
from itertools import pairwise
from typing import TypeVar

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.style import Style
from rich.text import Text

from .hanging import NARROWEST, labelled_lines
from .strings import CLI_HELP, TABLES
from .strings.choice_names import choice_spans, choice_words
from .zh_words import WORDS

Rows = TypeVar("Rows", bound=Sized)  # a line's rows, or the offsets that break it into them

NO_BREAK_SPACE = "\u00a0"  # a space a line never breaks at: "… 6 more" stays whole
CONTINUATION = "continuation"  # the meta key of a row that goes on with the line above it
CONTINUED = Style(meta={CONTINUATION: True})  # on such a row, that a view's top row is one: nothing seen
_WIDE = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uf900-\ufaff\uff00-\uffef]")
_CLOSING = set("，。；：、！？）》」』”’…—,.;:!?)]}")  # never first on a line
_OPENING = set("（《「『“‘([{")  # never last on a line
_BETWEEN = set("、：，；。！？")  # Chinese marks between items: a straight quote after one opens
_QUOTES = set("'\"")  # straight quotes: one opening a word is never last, one closing it never first
# A number's last digit, at most one space, a unit that no letter goes on from: "8.2 ms", "0.7毫秒",
# "12 B"; in Chinese the character after a number is its measure word ("3个", "2次", "5轮").
_NUMBER_UNIT = re.compile(r"\d ?(?:ms|µs|us|s|%|x|B|毫秒|微秒|字节|分钟|[\u4e00-\u9fff])(?![A-Za-z])")
# A number and the word it counts or measures after one blank: "5 clients", "10 each", "2 bytes";
# a digit ending a name ("h1", "r1.1") or a value ("SO_REUSEADDR=0 SO_KEEPALIVE=0") counts nothing.
_NUMBER_WORD = re.compile(r"(?<![A-Za-z_\d.=])\d+(?:\.\d+)? [a-z]")
# A number in Chinese numerals with its measure word ("三次", "十二个"), an ordinal's 第 with its
# number ("第一个", "第3轮"): a word such as 唯一 or 一起 has no measure word after its 一.
_CHINESE_NUMBER = re.compile(
    r"第?[〇零一二两三四五六七八九十百千万]+(?:个|次|轮|位|条|种|台|项|步|份|层|倍|名|行|列|段|组|遍|天|年|秒|分钟|毫秒|微秒|字节)"
    r"|第\d"
)
# The measure words a number takes ("3个", "{count}次"): one after a number starts no word.
_MEASURE_WORDS = frozenset("个次轮位条种台项步份层倍名行列段组遍天年秒块笔")
# A part counted out of a whole: "2 of 4 closed", "接受时4个中2个错位": neither number leaves the other
# (tried where a number starts: a long run of digits is read once).
_COUNT_OF = re.compile(r"(?<![A-Za-z_\d.=])\d++ of \d|(?<!\d)\d++个中\d")
# An option's default as a help says it: "(default: 0)", "（默认：free 自由）".
_DEFAULT = re.compile(r"[(（](?:default: |默认：)[^()（）]*[)）][，。；,.;]?")
# A formula: names or numbers (ASCII: a Chinese sentence is no name) joined by operators, each
# between two blanks: "backlog + 1", "idle + interval x count", "total time = N x hold"; tried
# only where a name starts and never given back (a long name is read once, not once a character).
_FORMULA = re.compile(r"(?<![A-Za-z0-9_.])[A-Za-z0-9_.]++(?: [-+×x*/=] [A-Za-z0-9_.]++)+")
# A list of whole numbers one blank apart (client numbers: "1 3 2"), with the word that labels it
# where one starts after a blank, a bracket or a mark between items ("asked 1 2 3", "（请求 1 2 3").
_NUMBER_LIST = re.compile(
    r"(?:(?<![^\s(（:：;；,，])(?:[A-Za-z]+|[\u4e00-\u9fff]{1,4}) )?((?<![\w.])\d+(?: \d+)+)(?![\w.])"
)
# A percentile's name, its figure and the figure's unit: "(p95 0.5 ms)".
_PERCENTILE = re.compile(r"[(（]?p\d\d \d+(?:\.\d+)? ?(?:ms|µs|us|s|毫秒|微秒|秒)[)）]?")
# Latin text between Chinese quotation marks, a phrase or code quoted in a sentence: “add ten”,
# with the opening marks before it and the closing marks after it, which no line may part from it;
# tried only where a run of opening marks starts, so a long run is read once, not once a mark.
_QUOTED = re.compile(
    r"(?<![（《「『“‘(\[])[（《「『“‘(\[]*([“‘「『][\x20-\x7e]++[”’」』])[，。；：、！？）》」』”’…,.;:!?)\]]*"
)
# A path: a word that starts with "/", "~/", "./" or "../" (after a blank, a quote or a bracket),
# up to a blank or the Chinese punctuation that follows it in a sentence ("{path}：").
_PATH = re.compile(r"(?<![^\s'\"(（“‘「])(?:~|\.\.?)?/[^\s：，。；、）」”’]+")
# A run of Chinese characters (no punctuation, blank, digit or Latin letter in it).
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
# The most characters of a run that is a word or a phrase whole: a run this short, or shorter,
# is never broken (启动顺序, 重新暂停), and no word of the product is longer (:func:`terms`).
SHORT_RUN = 4
# an escape shown for a byte or a character (server_core.wire: \xff, \\, \n, \u200b)
_ESCAPED = re.compile(r"\\(?:x[0-9a-f]{2}|u[0-9a-f]{4}|[\\nrt])")


def unit_joins(line: str) -> set[int]:
    """The offsets in ``line`` before which a line may not break, lest a number be parted from its
    unit (``s``, ``ms``, ``µs``, ``us``, ``%``, ``x``, ``B``, ``秒``, ``毫秒``, ``微秒``, ``字节``,
    and in Chinese the measure word after it: ``个``, ``次``...), a Chinese numeral from its
    measure word and an ordinal's ``第`` from its number, and a number from the word it counts
    (``5 clients``), and a part from the whole it is counted out of (``2 of 4 closed``, ``4个中2个``):
    for "p95 8.2 ms", the offsets of the space and of "m" and "s"; for "3个中2个", those of "个", "中",
    "2" and the last "个"; for "第一个", those of "一", "个"; for "(unsafe, 5 clients)", those of the
    blank and "c"."""
    found = itertools.chain(*(unit.finditer(line) for unit in (_NUMBER_UNIT, _CHINESE_NUMBER, _COUNT_OF)))
    counted = {i for m in _NUMBER_WORD.finditer(line) for i in (m.end() - 2, m.end() - 1)}
    return counted | {i for m in found for i in range(m.start() + 1, m.end())}


def list_joins(line: str, width: int) -> frozenset[int]:
    """The offsets inside each list of numbers in ``line`` (``1 3 2``) before which a line may not
    break: the list and its label (``asked 1 3 2``, ``获准 1 3 2``) kept whole where a line of
    ``width`` cells has room for them, else the list alone where it has room for that; a longer
    list breaks between two of its numbers, never inside one (:func:`_may_break`)."""
    kept: set[int] = set()
    for m in _NUMBER_LIST.finditer(line):
        start = m.start() if cell_len(m.group()) <= width else m.start(1)
        if cell_len(line[start : m.end()]) <= width:
            kept.update(range(start + 1, m.end()))
    return frozenset(kept)


def fewest_rows(layout: Callable[[frozenset[int]], Rows], lists: frozenset[int]) -> Rows:
    """``layout(lists)`` (a line laid out in rows, or the breaks between them, with each list of
    numbers kept whole: ``lists`` from :func:`list_joins`), unless that takes more rows than
    ``layout`` with no list kept whole (a list may then break between two numbers, never inside
    one): a list goes whole to the next row only where that costs no row."""
    kept = layout(lists)
    if not lists:
        return kept
    free = layout(frozenset())
    return free if len(free) < len(kept) else kept


def escape_joins(line: str) -> set[int]:
    r"""The offsets inside each escape in ``line`` (``\xff``, ``\x1b``, ``\\``, ``\n``,
    ``\u200b``), before which a line may not break: an escape split across rows reads as two
    other texts. A doubled backslash is one escape: ``\\x1b`` is it, then the letters x1b."""
    return {i for m in _ESCAPED.finditer(line) for i in range(m.start() + 1, m.end())}


def escape_start(line: str, cut: int, start: int = 0) -> int:
    """``cut`` (a break folded at a row's edge, the row starting at ``start``), moved back to the
    start of the escape it would split, where that leaves the row something; else ``cut``."""
    split = split_escape(line, cut, start)
    return split if split is not None and split > start else cut


def split_escape(line: str, cut: int, start: int = 0) -> int | None:
    r"""Where the escape starts that a cut before ``line[cut]`` would split (``\x`` | ``ff``:
    the offset of its backslash), looking from ``start`` (no escape goes on across it); None
    when the cut splits none."""
    for m in _ESCAPED.finditer(line, start):
        if m.start() >= cut:
            break
        if cut < m.end():
            return m.start()
    return None


def default_joins(line: str, width: int) -> frozenset[int]:
    """The offsets inside each option's default in ``line`` (``(default: 127.0.0.1)``, in Chinese
    ``默认`` and its value between full-width brackets, with the mark after it) that fits a line of
    ``width`` cells: a
    default is never parted from its word nor broken inside its value where a line has room for
    it (where not, it breaks as any text)."""
    fitting = (m for m in _DEFAULT.finditer(line) if cell_len(m.group()) <= width)
    return frozenset(i for m in fitting for i in range(m.start() + 1, m.end()))


def term_joins(line: str) -> set[int]:
    """The offsets in ``line`` before which a line may not break, lest a Chinese word be split: a
    run of at most :data:`SHORT_RUN` Chinese characters is kept whole (``目标``, ``重新暂停``); in a
    longer run, each of the product's words (:func:`terms`) and the short stretches between them
    (:func:`words_in`): for "3个客户端", those of "户" and "端"; for "与启动顺序不同", those of
    "动", "顺", "序" and "同"."""
    return {i for start, end in word_spans(line) for i in range(start + 1, end)}


def word_spans(line: str) -> list[tuple[int, int]]:
    """Where the Chinese words a line keeps whole (:func:`words_in`) start and end in ``line``; a
    measure word after a digit goes with its number (:func:`unit_joins`), not with the run: the
    run of "3个同时进行" is "同时进行"."""
    spans = []
    for run in _HAN_RUN.finditer(line):
        start = run.start() + counted(line, run.start())
        spans += [(start + a, start + b) for a, b in words_in(line[start : run.end()])]
    return spans


def counted(line: str, i: int) -> bool:
    """Whether ``line[i]`` follows a number (``3个``, ``1.5秒``) and so is its measure word, not the
    start of a word: a digit that ends a name (``p95低于``, ``h1的``) counts nothing."""
    digits = line[:i].rstrip("0123456789.")
    return len(digits) < i and not (digits[-1:].isascii() and (digits[-1:].isalpha() or digits[-1:] == "_"))


def words_in(run: str) -> list[tuple[int, int]]:
    """Where the words a line keeps whole start and end in ``run`` (Chinese characters alone):
    the whole run when it has at most :data:`SHORT_RUN` characters, else each of :func:`terms`
    found by forward maximum matching, and each stretch of at most :data:`SHORT_RUN` characters
    between them, before the first or after the last (``不同`` in ``与启动顺序不同``); a longer
    stretch no word took may break between any two of its characters."""
    if len(run) <= SHORT_RUN:
        return [(0, len(run))]
    known, found, i, rest = terms(), [], 0, 0  # rest: where the characters no word took start
    while i < len(run):
        size = next((n for n in range(min(SHORT_RUN, len(run) - i), 1, -1) if run[i : i + n] in known), 1)
        if size > 1:
            found += [(rest, i)] if 1 < i - rest <= SHORT_RUN else []
            found.append((i, i + size))
            rest = i + size
        i += size
    return found + ([(rest, i)] if 1 < i - rest <= SHORT_RUN else [])


@functools.cache
def terms() -> frozenset[str]:
    """The product's Chinese words, read from its own texts (every language's table and help): each
    run of 2 to :data:`SHORT_RUN` Chinese characters that a text shows alone, between punctuation,
    blanks, Latin text, digits or a value (``目标`` before `` {address}``, ``启动顺序``,
    ``客户端`` in ``客户端{i}连接成功``), a number's measure word left out (``{count}个连接``
    gives ``连接``: ``个连接`` made ``为每个连接`` break as ``为每`` / ``个连接``); every choice's
    name (``信号量``, ``时间线``); and the words of its texts that none shows alone (``服务``,
    ``每个``, ``任意``: :data:`tui_app.zh_words.WORDS`)."""
    texts = [text for table in (*TABLES.values(), *CLI_HELP.values()) for text in table.values()]
    runs = (run for text in texts for run in _shown_alone(text))
    names = (word for word in choice_words() if _HAN_RUN.fullmatch(word) and len(word) > 1)
    alone = {*(run for run in runs if 2 <= len(run) <= SHORT_RUN), *names}
    starts = {word[:size] for word in alone | WORDS for size in range(2, len(word))}
    return frozenset({*alone, *(word for word in WORDS if not _takes_from(word, alone, starts))})


def _takes_from(word: str, alone: set[str], starts: set[str]) -> bool:
    """Whether ``word`` would take characters from another word where the two meet in a text, the
    longest word found first: it is one of ``alone`` and a character more (``服务器端`` in
    ``服务器端口``, which is ``服务器`` / ``端口``), or it ends with one of ``starts``, the start
    of a longer word (``发送数据`` in ``发送数据报``, which is ``发送`` / ``数据报``)."""
    return bool({word[:-1], word[1:]} & alone) or any(word[at:] in starts for at in range(1, len(word) - 1))


def _shown_alone(text: str) -> Iterator[str]:
    """The runs of Chinese characters in ``text``, each less the measure word it starts with after
    a number or a value (``3个``, ``{count}个``, ``第{run}轮``)."""
    for run in _HAN_RUN.finditer(text):
        start = run.start()
        after_number = counted(text, start) or text[:start].endswith("}")
        yield run.group()[1:] if after_number and run.group()[0] in _MEASURE_WORDS else run.group()
def formula_joins(line: str) -> set[int]:
    """The offsets in ``line`` before which a line may not break, lest a formula be parted: for
    "(backlog + 1 of them)", those of the blanks and the ``+`` and the ``1``, so that the formula
    stays on one line, as a number stays with its unit (:func:`unit_joins`)."""
    return {i for m in _FORMULA.finditer(line) for i in range(m.start() + 1, m.end())}


def path_joins(line: str) -> set[int]:
    """The offsets inside the paths in ``line`` before which a line may not break: every one but
    those after a name's ``/`` (:func:`after_name`), in any script, so that ``/tmp/实验/记录.jsonl``
    breaks only before ``实验/`` and ``记录.jsonl``, never inside a name nor before a ``/``."""
    return {i for start, end in path_spans(line) for i in range(start + 1, end) if not after_name(line, i)}


def path_spans(line: str) -> list[tuple[int, int]]:
    """Where the paths in ``line`` start and end (a word that starts with ``/``, ``~/``, ``./`` or
    ``../``; a fraction such as ``7/8`` is none)."""
    return [match.span() for match in _PATH.finditer(line)]


def shortened_names(line: str, width: int) -> str:
    """``line`` with each name of its paths wider than ``width`` cells shortened in its middle
    with ``…`` (``tcp-lab-events-of-…-today.jsonl``): a name is never folded inside itself."""
    pieces, done = [], 0
    for start, end in path_spans(line):
        cuts = [start, *(i for i in range(start + 1, end) if after_name(line, i)), end]
        after = line[end:]
        glued = cell_len(after[: len(after) - len(after.lstrip("".join(_CLOSING)))])  # "：" stays with it
        pieces.append(line[done:start])
        pieces += [_shortened(line[a:b], max(2, width - glued * (b == end))) for a, b in pairwise(cuts)]
        done = end
    return "".join(pieces) + line[done:]


def breaks(line: str, width: int, indent: int = 0, paths: bool = False) -> list[int]:
    """The offsets in ``line`` (no newline in it) at which to break it into lines of at most
    ``width`` cells, lines after the first being ``indent`` cells narrower; a path breaks only
    between its names (:func:`path_joins`), and with ``paths`` any word with a ``/`` in it may too
    (:func:`after_name`); a percentile stays with its figure where a line holds both. Spaces at a
    break are left at the end of the line before it. A Latin phrase between Chinese quotation
    marks stays whole where a line has room for it (:func:`quote_joins`)."""
    width = max(1, width)
    narrowest = width - indent  # a continuation line's room
    joined = unit_joins(line) | formula_joins(line) | path_joins(line)
    joined |= percentile_joins(line, narrowest) | quote_joins(line, narrowest)
    joined |= default_joins(line, narrowest) | escape_joins(line)
    joined |= choice_joins(line, narrowest, marks=True)  # never "'thread' 线程" then "）" alone
    lists = list_joins(line, narrowest)
    return fewest_rows(lambda kept: _breaks(line, width, indent, paths, joined | kept), lists)


def _breaks(line: str, width: int, indent: int, paths: bool, joined: set[int]) -> list[int]:
    """:func:`breaks` with no break before any offset in ``joined``."""
    found: list[int] = []
    narrowest = width - indent
    words = term_joins(line)  # a word is split only where a line has no other break
    names = {i for a, b in path_spans(line) for i in range(a + 1, b) if after_name(line, i)}
    names |= {m.start() for m in _DEFAULT.finditer(line)}  # "tcp-lab-contrast" then "（默认：…）"

    def chance(i: int, inside_words: bool = False) -> bool:
        kept = i in joined or (i in words and not inside_words)
        return not kept and (i in names or _may_break(line, i, paths))

    start, used, last, weak = 0, 0, 0, 0  # the line's first offset, its cells so far, its last
    for i, char in enumerate(line):  # break chance, and its last one inside a word
        if i > start and chance(i):
            last = i
        elif i > start and chance(i, inside_words=True):
            weak = i
        used += cell_len(char)
        room = width - (indent if found else 0)
        if used > room and not char.isspace() and i > start:
            cut = last if last > start else weak if weak > start else escape_start(line, i, start)
            found.append(cut)
            start, last = cut, cut
            used = cell_len(line[cut : i + 1])
    if found and lone(line[found[-1] :]):  # the row before gives one up: "会卡" + "死。", not "死。"
        before = found[-2] if len(found) > 1 else 0
        fitting = (i for i in range(found[-1] - 1, before, -1) if cell_len(line[i:].rstrip()) <= narrowest)
        found[-1] = next((i for i in fitting if chance(i) and len(line[before:i].strip()) > 1), found[-1])
    return found


def lone(row: str) -> bool:
    """Whether ``row`` (a line's last row) holds one character alone, closing marks aside (``端``,
    ``死。``): a row the one before should give a character to."""
    return len(row.strip().rstrip("".join(_CLOSING))) == 1


def after_name(text: str, i: int) -> bool:
    """Whether ``text[i]`` follows a ``/`` that ends a name in a path (``/home/`` at ``home/``;
    not after the first ``/``, even quoted or bracketed (``'/tmp``), nor inside a fraction such as
    ``1/16``)."""
    if not 1 < i < len(text) or text[i - 1] != "/" or text[i] == "/":
        return False
    before = text[i - 2]
    if before.isspace() or before == "/" or before in _QUOTES or before in _OPENING:
        return False
    return not (before.isdigit() and text[i].isdigit())


def _may_break(line: str, i: int, paths: bool = False) -> bool:
    """Whether a line may break before ``line[i]`` (with ``paths``, also after a name's ``/``)."""
    before, after = line[i - 1], line[i]
    if after.isspace():
        return False
    if before.isspace():
        return before != NO_BREAK_SPACE
    if paths and after_name(line, i):
        return True
    if (after in _CLOSING and not _opens_extension(line, i)) or before in _OPENING:
        return False
    if after in _QUOTES and not _opens(line, i):
        return False  # a closing quote stays with what it quotes: "not '３'" never ends a line at "'"
    if before in _QUOTES and _opens(line, i - 1):
        return False  # and an opening one too: a line may break before it, not after it
    if before == "," and "{" in line and line.rfind("{", 0, i) > line.rfind("}", 0, i):
        return True  # between the choices of a set: {serve,clients,run,...}
    if before.isascii() and before.isalnum():  # "1.00秒", "r1.1的": a word and what follows it
        return False
    return bool(_WIDE.match(before) or _WIDE.match(after))


def _opens_extension(line: str, i: int) -> bool:
    """Whether the ``.`` at ``line[i]`` starts an ASCII word after Chinese text (a file's extension,
    ``文件名.jsonl``, ``、.csv``): the word may go to the next line whole, the dot being no full stop."""
    following = line[i + 1 : i + 2]
    return line[i] == "." and bool(_WIDE.match(line[i - 1])) and following.isascii() and following.isalnum()


def _opens(line: str, i: int) -> bool:
    """Whether the straight quote at ``line[i]`` opens a quotation: what follows it is not a
    blank, and what comes before it (if anything) is a blank, a bracket or one of the Chinese
    marks between items (:data:`_BETWEEN`, as in a list of quoted choices joined by the
    enumeration comma), not a letter or a digit (a full-width digit quoted in a reason)."""
    after = line[i + 1] if i + 1 < len(line) else " "
    before = line[i - 1] if i > 0 else " "
    return not after.isspace() and (before.isspace() or before in _OPENING or before in _BETWEEN)


def notice_lines(text: str, width: int, indent: int = 0) -> list[str]:
    """``text`` (a notice: a file written, a port taken) as lines of at most ``width`` cells,
    broken as :func:`breaks` does and also after a ``/``, so that a path breaks between its names;
    a piece that cannot be broken and is wider than a line (a long file name) is shortened in
    its middle with ``…`` (``tcp-lab-run-of-…-clients.jsonl``), never folded inside itself.
    Continuation lines start with ``indent`` spaces (a hanging indent: under the text after a
    label), ``indent`` less than ``width``."""
    width = max(2, width)
    indent = max(0, min(indent, width - 2))
    lines: list[str] = []
    for line in text.split("\n"):
        joined = unit_joins(line) | formula_joins(line) | path_joins(line)
        joined |= choice_joins(line, width - indent, marks=True)
        chances = [i for i in range(1, len(line)) if i not in joined and _may_break(line, i, paths=True)]
        pieces = [line[a:b] for a, b in pairwise([0, *chances, len(line)])]
        line = "".join(_shortened(piece, width - indent) for piece in pieces)
        cuts = [0, *breaks(line, width, indent, paths=True), len(line)]
        shown = [line[a:b].rstrip() for a, b in pairwise(cuts)]
        lines += shown[:1] + [" " * indent + piece.lstrip() for piece in shown[1:]]
    return lines


def percentile_joins(line: str, width: int) -> frozenset[int]:
    """The offsets inside each percentile of ``line`` with its figure ("(p95 0.5 ms)", in Chinese
    between full-width brackets) that fits a line of ``width`` cells: the name stays with what it
    measured where a line has room for both (where not, it may part from its figure, never the
    figure from its unit)."""
    fitting = (m for m in _PERCENTILE.finditer(line) if cell_len(m.group()) <= width)
    return frozenset(i for m in fitting for i in range(m.start() + 1, m.end()))


def choice_joins(line: str, width: int, marks: bool = False) -> frozenset[int]:
    """The offsets inside each choice of ``line`` with its name (``free 自由``, ``semaphore:3
    信号量``; :func:`~tui_app.strings.choice_names.choice_spans`) that fits a line of ``width``
    cells (with ``marks``, together with the marks no line may part from it, lest they be left
    on a row of their own or the piece be shortened): a name is not parted from its value, nor broken
    between its characters."""
    shown = _with_marks if marks else lambda line, start, end: line[start:end]
    fitting = (span for span in choice_spans(line) if cell_len(shown(line, *span)) <= width)
    return frozenset(i for start, end in fitting for i in range(start + 1, end))


def _with_marks(line: str, start: int, end: int) -> str:
    """``line[start:end]`` with the opening marks before it and the closing marks after it, which
    no line may part from it (a closing bracket after ``'thread' 线程``)."""
    while start > 0 and line[start - 1] in _OPENING:
        start -= 1
    while end < len(line) and line[end] in _CLOSING:
        end += 1
    return line[start:end]


def quote_joins(line: str, width: int) -> frozenset[int]:
    """The offsets inside each Latin phrase of ``line`` quoted between Chinese quotation marks
    (“add ten”, “with lock:”) that fits a line of ``width`` cells with the marks no line may part
    from it (a full-width bracket before it, a bracket and a comma after it): a quotation is not
    parted at its space where a line has room for all of that (where not, it breaks as any text)."""
    fitting = (m for m in _QUOTED.finditer(line) if cell_len(m.group()) <= width)
    return frozenset(i for m in fitting for i in range(m.start(1) + 1, m.end(1)))


def _shortened(piece: str, width: int) -> str:
    """``piece`` (a word and the spaces after it) with the word cut to ``width`` cells in its
    middle, its start and its end kept around ``…``, if it is wider."""
    word = piece.rstrip(" ")
    if cell_len(word) <= width:
        return piece
    room = width - 1
    head = ""
    for char in word:
        if cell_len(head + char) > room - room // 2:
            break
        head += char
    tail = ""
    for char in reversed(word):
        if cell_len(head + char + tail) > room:
            break
        tail = char + tail
    return f"{head}…{tail}{piece[len(word) :]}"


class Notice:
    """A renderable of ``text`` broken as :func:`notice_lines` does at the width it is given."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text("\n".join(notice_lines(self.text, options.max_width)))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((cell_len(line) for line in self.text.split("\n")), default=0)
        return Measurement(min(2, widest), widest).clamp(max_width=options.max_width)


def wrap(text: Text, width: int, indent: int = 0) -> Text:
    """``text`` with line breaks (its styles kept); each continuation line starts with ``indent``
    spaces, and is marked :data:`CONTINUED` (a view whose top row it is says so)."""
    out = Text(end=text.end, justify=text.justify, no_wrap=True, overflow="fold")
    for number, line in enumerate(text.split("\n", allow_blank=True)):
        if number:
            out.append("\n")
        for part_number, part in enumerate(line.divide(breaks(line.plain, width, indent))):
            start = len(out) + 1
            if part_number:
                out.append("\n" + " " * indent)
            part.rstrip()
            out.append_text(part)
            if part_number:
                out.stylize(CONTINUED, start, len(out))
    return out


class Wrapped:
    """A renderable of ``text`` broken as :func:`wrap` does at the width it is given."""

    def __init__(self, text: Text | str, indent: int = 0) -> None:
        self.text = Text(text) if isinstance(text, str) else text
        self.indent = indent

    def __str__(self) -> str:
        """The plain text, unbroken (an option's prompt read as a string)."""
        return self.text.plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield wrap(self.text, options.max_width, self.indent)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """At least the widest piece that cannot be broken, at most the longest line."""
        lines = self.text.plain.split("\n")
        pieces = [piece for line in lines for piece in Text(line).divide(breaks(line, 1)) if piece.plain]
        narrowest = max((cell_len(piece.plain.rstrip()) for piece in pieces), default=0)
        widest = max((cell_len(line) for line in lines), default=0)
        return Measurement(min(narrowest, widest), widest).clamp(max_width=options.max_width)

    def lines(self, width: int) -> Iterator[str]:
        """The plain lines at ``width`` cells (for tests and the command line)."""
        yield from wrap(self.text, width, self.indent).plain.split("\n")


class Hanging:
    """A renderable of a label and its value (``lead``, ``text``) broken as
    :func:`tui_app.hanging.labelled_lines` does at the width it is given: the value wrapped
    under itself; the label (up to its first line's end) in ``style``, the value unstyled; the
    lines after the first marked :data:`CONTINUED`."""

    def __init__(self, lead: str, text: str, style: str = "") -> None:
        self.lead, self.text, self.style = lead, text, style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = labelled_lines(self.lead, self.text, options.max_width)
        shown = Text("\n".join(lines))
        shown.stylize(self.style, 0, min(len(self.lead.rstrip()), len(lines[0])))
        shown.stylize(CONTINUED, len(lines[0]) + 1, len(shown))
        yield shown

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = cell_len(self.lead + self.text)
        return Measurement(min(NARROWEST, widest), widest).clamp(max_width=options.max_width)
