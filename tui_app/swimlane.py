"""A run's lanes as plain-text swimlanes: one line per lane, one character per time column."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from server_core import STATES, Lane
from server_core.timeline import CONNECTED, INSIDE, RECEIVING, SENDING, WAITING, column_of, sample

from .strings import tr

GLYPHS = {WAITING: ".", INSIDE: "-", SENDING: ">", RECEIVING: "<", CONNECTED: "="}
ERROR_GLYPH = "x"
MIN_COLUMNS = 10


def lane_label(lane: Lane) -> str:
    """``3`` for client 3, ``h3`` for server handler 3."""
    return str(lane.client) if lane.side == "client" else f"h{lane.client}"


def render(lanes: Sequence[Lane], start: float, end: float, width: int, lang: str = "en") -> list[str]:
    """Lines showing ``lanes`` from ``start`` to ``end`` in at most ``width`` characters:
    a time axis, one line per lane, then a legend."""
    head = tr("swimlane.lane", lang)
    label_width = max([len(head)] + [len(lane_label(lane)) for lane in lanes])
    columns = max(MIN_COLUMNS, width - label_width - 3)
    lines = [f"{head:>{label_width}} |{axis(0.0, end - start, columns)}|"]
    for lane in lanes:
        cells = [GLYPHS[state] if state else " " for state in sample(lane, start, end, columns)]
        for error in lane.errors:
            column = column_of(error.t, start, end, columns)
            if column is not None:
                cells[column] = ERROR_GLYPH
        lines.append(f"{lane_label(lane):>{label_width}} |{''.join(cells)}|")
    items = [f"{GLYPHS[state]} {tr(f'lane.{state}', lang)}" for state in STATES]
    items.append(f"{ERROR_GLYPH} {tr('lane.error', lang)}")
    column_ms = (end - start) / columns * 1000
    legend = tr("swimlane.legend", lang, items="   ".join(items), column=f"{column_ms:.3g}")
    lines.extend(textwrap.wrap(legend, max(width, 40), subsequent_indent="  "))
    return lines


def axis(start: float, end: float, columns: int) -> str:
    """``columns`` characters: ``start`` at the left, the middle time in the middle, ``end`` at the right."""
    left, middle, right = (f"{t:.2f} s" if t else "0 s" for t in (start, (start + end) / 2, end))
    gap = columns - len(left) - len(right)
    if gap < 1:
        return left.ljust(columns)[:columns]
    if gap < len(middle) + 2:
        return left + " " * gap + right
    before = min(max(1, columns // 2 - len(middle) // 2 - len(left)), gap - len(middle) - 1)
    return left + " " * before + middle + " " * (gap - len(middle) - before) + right
