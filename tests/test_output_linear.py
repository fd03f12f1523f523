"""The summary a pipe or a file gets (lines of unbounded width) costs work in proportion to the
run's clients: the connections line of 2n clients measures about twice the text n did (once a
line was measured again for every pair added to it, a 5,000-client run printed its summary
27 s after its server stopped). Work is counted, not timed."""

from __future__ import annotations

import pytest

from tui_app import cli, swimlane

pytestmark = pytest.mark.timeout(30)


class Measured:
    """``swimlane.cells_of`` counting the characters it is given (``count``)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        self._cells_of = swimlane.cells_of
        monkeypatch.setattr(swimlane, "cells_of", self)

    def __call__(self, text: str) -> int:
        self.count += len(text)
        return self._cells_of(text)


def _measured(monkeypatch: pytest.MonkeyPatch, clients: int) -> tuple[int, list[str]]:
    """Characters the connections line of ``clients`` clients had measured, and its lines, at
    unbounded width (output to a pipe)."""
    measured = Measured(monkeypatch)
    lines, cut = cli._pair_lines(list(range(1, clients + 1)), 1, None, "en")
    assert not cut
    return measured.count, lines


def test_the_connections_line_to_a_pipe_measures_each_pair_once(monkeypatch: pytest.MonkeyPatch) -> None:
    small, lines = _measured(monkeypatch, 1000)
    large, _ = _measured(monkeypatch, 2000)
    assert len(lines) == 1 and lines[0].endswith("#1000 = r1.1000")
    assert small <= 2 * len(lines[0])  # each pair's text measured about once
    assert large < 2.3 * small  # linear: twice the clients, about twice the work


def test_wrapping_a_list_measures_each_item_once(monkeypatch: pytest.MonkeyPatch) -> None:
    items = [f"item{i}" for i in range(3000)]
    for width in (40, 10**9):
        measured = Measured(monkeypatch)
        lines = swimlane.wrap_items(items, width)
        assert " ".join(lines).split() == items
        assert measured.count <= sum(map(len, items)) + 3  # each item once, and the gap
