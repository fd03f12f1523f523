"""The headless commands say one kind of thing one way: every refused value is quoted as typed,
a number runs on into its unit in Chinese as everywhere else, and a count agrees with its noun."""

from __future__ import annotations

import itertools
import re

import pytest
from helpers import lesson_server, on_terminal
from test_cli import ENV, TCP_LAB

from tui_app import cli
from tui_app.strings import TABLES, tr

# Each value refusal of a number, for the options that take one: the value is quoted as typed.
REFUSED = [
    ["clients", "--port", "0"],
    ["clients", "--port", "70000"],
    ["serve", "--port", "-1"],
    ["clients", "-n", "0"],
    ["serve", "--max-clients", "-2"],
    ["clients", "--hold", "-1"],
]


@pytest.mark.timeout(30)
@pytest.mark.parametrize("argv", REFUSED, ids=[" ".join(argv) for argv in REFUSED])
def test_every_refused_number_is_quoted(
    argv: list[str], capfd: pytest.CaptureFixture[str], english_environment: None
) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.main(argv)
    assert stop.value.code == 2
    first = capfd.readouterr().err.splitlines()[0]
    assert first.endswith(f"not '{argv[-1]}'"), first


# a placeholder that holds a number, then a space, then its Chinese unit or measure word
_SPACED_UNIT = re.compile(
    r"\{(count|n|seconds|piece|rounds|high|low|port)(:[^}]*)?\} (个|秒|字节|毫秒|条|次|轮)"
)
_SPACED_BEFORE = re.compile(r"(最多同时|超过|两块|第|共) \{")


@pytest.mark.timeout(10)
def test_chinese_numbers_run_on_into_their_units() -> None:
    spaced = {
        key: text
        for key, text in TABLES["zh"].items()
        if _SPACED_UNIT.search(text) or _SPACED_BEFORE.search(text)
    }
    assert not spaced, spaced
    assert tr("why.at_most", "zh", count=2) == "最多同时2个客户端"


@pytest.mark.timeout(10)
def test_held_back_bytes_agree_with_their_count() -> None:
    one = tr("message.unfinished", "en", text="ab", n=1)
    two = tr("message.unfinished", "en", text="ab", n=2)
    assert one == "ab (+1 byte held back: it may begin a character the next message completes)", one
    assert two == "ab (+2 bytes held back: they may begin a character the next message completes)", two


@pytest.mark.timeout(60)
def test_clients_alone_promise_the_orders_only() -> None:
    """With no server in the process there are no connections to find in --json or an export:
    the hint at the end of a cut crowd names the orders only, and the argument as --help does."""
    with lesson_server() as port:
        argv = [*TCP_LAB, "clients", "-n", "60", "--hold", "0", "--port", str(port), "--lang", "en"]
        code, lines, said = on_terminal(argv, 50, ENV)
    assert code == 0, said
    squeezed = "".join("".join(lines).split())
    assert "".join(tr("cli.orders_only_cut", "en").split()) in squeezed, lines
    assert "connection:" not in said and "FILE" not in said, lines


# a line that ends with a number whose counted word starts the next: "(unsafe, 5" / "clients)"
_COUNT_PARTED = re.compile(r"(?<![\w.])\d+(?:\.\d+)?$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


@pytest.mark.timeout(60)
def test_a_number_keeps_the_word_it_counts_at_50_columns() -> None:
    argv = [*TCP_LAB, "exhibit", "lost-update", "--port", "0", "--lang", "en"]
    code, lines, said = on_terminal(argv, 50, ENV)
    assert code in (0, 1) and "Traceback" not in said, said
    parted = [
        (a, b)
        for a, b in itertools.pairwise(lines)
        if _COUNT_PARTED.search(a.rstrip()) and re.match(r" *[a-z]", b) and _indent(b) > _indent(a)
    ]
    assert not parted, parted


@pytest.mark.timeout(10)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_exhibit_legend_names_each_glyph_as_one_character(lang: str) -> None:
    """The README tells the lanes' glyphs one character each (``-`` connected, ``.`` waiting,
    ``#`` holding): the legend gives each the same way, never doubled (its last item, the app's
    glyphs for the same states, aside)."""
    from tui_app import exhibit_view

    *items, _ = "   ".join(exhibit_view.legend(lang, 200)).split("   ")
    glyphs = [item.split(" ", 1)[0] for item in items]
    assert all(len(glyph) == 1 for glyph in glyphs), items
    assert glyphs[:3] == ["-", ".", "#"], items


@pytest.mark.timeout(30)
@pytest.mark.parametrize(("lang", "kept"), [("en", "; accepted in launch order"), ("zh", "；接受按启动顺序")])
def test_a_verdict_names_the_order_that_kept_launch_order_beside_those_that_left_it(
    lang: str, kept: str
) -> None:
    """Received and closed out of launch order said nothing of accepted; each order is named."""
    from helpers import run_both_sides

    from server_core.summary import summarize
    from tui_app.verdict import verdict

    summary = summarize(run_both_sides("free", 3, 0), 3, 1)._replace(
        launch_order=[1, 2, 3], accept_order=[1, 2, 3], replied_order=[2, 1, 3], closed_order=[3, 1, 2]
    )
    said = verdict(summary, lang)
    assert kept in said, said


@pytest.mark.timeout(30)
def test_an_unknown_language_is_refused_in_the_environments_with_its_names(
    capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--lang xx under a Chinese locale: refused in Chinese, each language named, as --engine is."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    with pytest.raises(SystemExit) as stop:
        cli.main(["clients", "--lang", "xx"])
    assert stop.value.code == 2
    first = capfd.readouterr().err.splitlines()[0]
    assert "错误" in first and "'en' 英文" in first and "'zh' 中文" in first, first
