"""A measured value's name and its value (``  locks waited for in the cycle = ...``) as the
exhibits and experiments show them: a wrapped value goes on under itself, on a terminal and in
the app, in English and Chinese, at 50, 80 and 120 columns."""

from __future__ import annotations

import io
import sys

import pytest
from rich.console import Console

from tui_app.cli import _for_terminal
from tui_app.hanging import NARROWEST, VALUE_INDENT, labelled_lines, text_start
from tui_app.strings import TEXTS, tr
from tui_app.width import text_width
from tui_app.wrapping import Hanging

WIDTHS = (50, 80, 120)
# A value long enough to wrap at every width: lock names in words, as the deadlock's are.
VALUES = {
    "en": " | ".join(["the lock of account A", "the lock of account B"] * 3),
    "zh": " | ".join(["账户 A 的锁", "账户 B 的锁"] * 6),
}


def names(lang: str) -> list[str]:
    """Every measured value's name an exhibit or an experiment shows, in ``lang``."""
    keys = [key for key in TEXTS if key.startswith(("obs.", "exhibit.observed."))]
    return [tr(key, lang, mode="serial") for key in keys]


def assert_hangs(lead: str, value: str, lines: list[str], width: int) -> None:
    """``lines`` show ``lead + value`` at ``width`` cells: each line fits, nothing is lost, and
    each continuation line starts under the value, or (too little room beside a long name) the
    value starts on the next line, indented, and goes on under itself."""
    assert all(text_width(line) <= width for line in lines), lines
    assert "".join("".join(lines).split()) == "".join((lead + value).split()), lines  # nothing lost
    start = text_width(lead)
    if width - start >= NARROWEST:
        under = start
        assert lines[0].startswith(lead) and len(lines) > 1, lines
        values = lines[1:]
    else:  # the name on lines of its own (under its start, its "=" never alone), then the value
        under = 2 + VALUE_INDENT
        last = next(i for i, line in enumerate(lines) if line.endswith(" ="))
        assert "".join("".join(lines[: last + 1]).split()) == "".join(lead.split()), lines
        assert all(line.startswith("  ") and line.strip() != "=" for line in lines[: last + 1]), lines
        values = lines[last + 1 :]
    for line in values:
        assert line[:under] == " " * under and line[under] != " ", (under, lines)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_measured_values_text_starts_after_its_name_however_long_or_bracketed(lang: str) -> None:
    for name in names(lang):
        lead = f"  {name} = "
        assert text_start(lead + VALUES[lang]) == text_width(lead), name


@pytest.mark.parametrize(
    ("line", "start"),
    [
        ("  1. the total = N x hold for every client", 5),  # a step's number, not its formula
        ("   h1 |--R~~W-| its note = what happened", 16),  # a lane
        ("legend: -- idle   .. waits for a lock   == holds a lock   (one column = 5 ms)", 8),
        ("预测：总时间 = N x 持有时间", 6),  # a sentence after a label, not a name
    ],
)
def test_an_equals_sign_in_a_sentence_makes_no_name(line: str, start: int) -> None:
    assert text_start(line) == start


@pytest.mark.timeout(10)
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", WIDTHS)
def test_a_wrapped_value_goes_on_under_itself_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, width: int, lang: str
) -> None:
    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Terminal())
    for name in names(lang):
        lead = f"  {name} = "
        assert_hangs(lead, VALUES[lang], _for_terminal([lead + VALUES[lang]], width), width)


def test_the_deadlocks_locks_wrap_under_their_value() -> None:
    lead = "  locks waited for in the cycle = "
    value = "the lock of account B | the lock of account A"
    assert labelled_lines(lead, value, 70) == [
        "  locks waited for in the cycle = the lock of account B | the lock of",
        " " * len(lead) + "account A",
    ]
    assert labelled_lines(lead, value, 80) == [lead + value]  # it fits: one line
    lead = "  TIME_WAIT sockets (SO_REUSEADDR=0) = "  # 40 cells with its value: one line, nothing cut
    assert labelled_lines(lead, "1", 40) == [lead + "1"]
    # a short value is never alone on the last row: the label gives its last word to it
    assert labelled_lines(lead, "1", 39) == ["  TIME_WAIT sockets", "    (SO_REUSEADDR=0) = 1"]


@pytest.mark.timeout(10)
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [36, *WIDTHS])  # the account's room in the app at 50 columns, and less
def test_the_apps_value_goes_on_under_itself_with_its_label_styled(width: int, lang: str) -> None:
    for name in names(lang):
        lead = f"  {name} = "
        shown = io.StringIO()
        Console(width=width, file=shown, color_system=None).print(Hanging(lead, VALUES[lang], "bold"))
        lines = shown.getvalue().rstrip("\n").split("\n")
        assert_hangs(lead, VALUES[lang], [line.rstrip() for line in lines], width)
