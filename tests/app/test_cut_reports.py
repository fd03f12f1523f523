"""A mouse report cut by a read (the rest parsed after ESCDELAY, as under load) is waited for and
never becomes keys: the digits of a click's column once started experiment 4."""

from __future__ import annotations

import pytest
import textual._parser
import textual.drivers.linux_driver
from helpers import Clock
from textual import events

import tui_app.app  # noqa: F401  # the app, as loaded: its terminal driver's parser
from tui_app import cut_reports
from tui_app.cut_reports import PATIENCE, ReportParser

pytestmark = pytest.mark.timeout(10)
CLICK = "\x1b[<0;45;38M\x1b[<0;45;38m"  # a press and its release at column 45, row 38, one write


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(textual._parser, "get_time", clock)
    monkeypatch.setattr(cut_reports, "get_time", clock)
    return clock


def parsed(parser: textual._parser.Parser, clock: Clock, *reads: tuple[str, float]) -> list[str]:
    """What ``parser`` makes of ``reads`` (data, then seconds until the next read), ticked after
    each read as the terminal driver does, and after each wait."""
    out: list = []
    for data, wait in reads:
        out += parser.feed(data)
        out += parser.tick()
        clock.now += wait
        out += parser.tick()
    return [e.key if isinstance(e, events.Key) else type(e).__name__ for e in out]


@pytest.mark.parametrize("cut", [3, 6, 11, 14, 17, 21])
def test_a_click_cut_by_a_read_and_late_is_a_click_not_keys(clock: Clock, cut: int) -> None:
    parser = textual.drivers.linux_driver.XTermParser()  # as the app's terminal driver makes it
    said = parsed(parser, clock, (CLICK[:cut], 0.3), (CLICK[cut:], 0.3))
    assert said == ["MouseDown", "MouseUp"], said


def test_a_report_whose_rest_never_comes_is_dropped_and_keys_go_on(clock: Clock) -> None:
    parser = ReportParser()
    said = parsed(parser, clock, (CLICK[:17], PATIENCE + 0.2), ("f", 0.0))
    assert said == ["MouseDown", "f"], said


def test_escape_alone_and_escape_with_a_key_still_count_after_escdelay(clock: Clock) -> None:
    parser = ReportParser()
    assert parsed(parser, clock, ("\x1b", 0.2)) == ["escape"]
    assert parsed(parser, clock, ("\x1bk", 0.2)) == ["alt+k"]
    assert parsed(parser, clock, ("\x1b[", 0.2)) == ["left_square_bracket"]
    assert parsed(parser, clock, ("\x1b[A", 0.0)) == ["up"]


@pytest.mark.parametrize("report", ["\x1b[?2026;2$y", "\x1b[48;40;120;800;1920t", "\x1b[1;5A"])
def test_the_terminals_other_reports_cut_by_a_read_are_never_keys(clock: Clock, report: str) -> None:
    """A mode's answer (``?`` is help), the size in band (``t`` the timeline), Ctrl+Up."""
    whole = parsed(ReportParser(), clock, (report, 0.3))
    assert len(whole) <= 1
    for cut in range(3, len(report)):
        said = parsed(ReportParser(), clock, (report[:cut], 0.3), (report[cut:], 0.3))
        assert said == whole, (cut, said)
