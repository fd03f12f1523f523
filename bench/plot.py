"""A horizontal bar chart as a small standalone SVG file, written without a plotting library."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

WIDTH = 640
LABEL_WIDTH = 140
BAR_HEIGHT = 26
GAP = 10
TOP = 40


def bars(path: str | Path, title: str, values: Sequence[tuple[str, float]], unit: str = "") -> None:
    """Write one bar per ``(label, value)``, longest bar = largest value, value printed at its end."""
    largest = max((value for _, value in values), default=0) or 1
    span = WIDTH - LABEL_WIDTH - 90
    height = TOP + len(values) * (BAR_HEIGHT + GAP) + GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'font-family="sans-serif" font-size="14">',
        f'<rect width="{WIDTH}" height="{height}" fill="white"/>',
        f'<text x="{GAP}" y="24" font-weight="bold">{escape(title)}</text>',
    ]
    for row, (label, value) in enumerate(values):
        y = TOP + row * (BAR_HEIGHT + GAP)
        length = max(1, round(span * value / largest))
        middle = y + BAR_HEIGHT * 0.7
        parts += [
            f'<text x="{LABEL_WIDTH - GAP}" y="{middle:.0f}" text-anchor="end">{escape(label)}</text>',
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" fill="#4a7ab7"/>',
            f'<text x="{LABEL_WIDTH + length + 6}" y="{middle:.0f}">{value:,.0f}{escape(unit)}</text>',
        ]
    parts.append("</svg>")
    Path(path).write_text("\n".join(parts) + "\n", encoding="utf-8")
