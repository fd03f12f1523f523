"""A run's lanes as plain-text swimlanes: one line per lane, one character per time column."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence

from server_core import CLIENT, SERVER, STATES, Lane
from server_core.pairing import handlers_of
from server_core.timeline import (
    CONNECTED,
    HELD,
    INSIDE,
    MARK_ORDER,
    RECEIVING,
    SENDING,
    WAITING,
    column_of,
    failures,
    lane_end,
    picture,
    stopped_at,
)

from .cells import fit
from .strings import tr

GLYPHS = {WAITING: ".", INSIDE: "-", SENDING: ">", RECEIVING: "<", CONNECTED: "=", HELD: "~"}
ERROR_GLYPH = "x"
STOP_GLYPH = "/"  # the end of a lane a stop cut short
MIN_COLUMNS = 10
ITEM_GAP = "   "  # between two items of a legend
HOLE = "\x00"  # stands for the items while the legend's text is split around them
MS_BELOW = 0.1  # seconds: a time below it is said in milliseconds, an axis that ends below it too


def lane_label(lane: Lane) -> str:
    """``r2.3`` for client 3 of run 2; ``#3 handler-2`` for the server's handler of connection 3,
    run by thread ``handler-2`` (``#3`` until its close names the thread): a reused thread's
    connections share its name."""
    if lane.side == "client":
        return f"r{lane.run}.{lane.client}"
    return f"#{lane.client} {lane.thread}" if lane.thread else f"#{lane.client}"


def render(lanes: Sequence[Lane], start: float, end: float, width: int, lang: str = "en") -> list[str]:
    """Lines showing ``lanes`` (clients first) from ``start`` to ``end`` in at most ``width``
    characters: a time axis headed ``client``, one line per client lane, the server's handlers
    under the axis again, headed ``server``, then a legend. Each event keeps its mark at any
    width (:func:`~server_core.timeline.picture`), the legend says which wins a shared column.
    A lane a stop cut short ends in
    :data:`STOP_GLYPH` (:func:`cut_by_stop`), which the legend names (what ``-`` in the run's
    orders means is said under the orders, stopped or not)."""
    heads = [tr("swimlane.lane", lang), tr("swimlane.server", lang)]
    label_width = max([*map(cells_of, heads)] + [len(lane_label(lane)) for lane in lanes])
    columns = max(MIN_COLUMNS, width - label_width - 3)
    ruler = axis(0.0, end - start, columns, lang)
    client, server = (f"{' ' * (label_width - cells_of(head))}{head} |{ruler}|" for head in heads)
    lines = [client]
    cut = cut_by_stop(lanes)
    for lane in lanes:
        if lane.side == SERVER and server not in lines:  # the first of the server's lanes
            lines.append(server)
        cells = [GLYPHS[state] if state else " " for state in picture(lane, start, end, columns)]
        for error in failures(lane):
            column = column_of(error.t, start, end, columns)
            if column is not None:
                cells[column] = ERROR_GLYPH
        if id(lane) in cut and (column := stop_column(lane, start, end, columns)) is not None:
            cells[column] = STOP_GLYPH
        lines.append(f"{lane_label(lane):>{label_width}} |{''.join(cells)}|")
    states = (*STATES, HELD) if any(lane.held for lane in lanes) else STATES  # held: named where drawn
    words = {state: tr(inside_key(lanes) if state == INSIDE else f"lane.{state}", lang) for state in states}
    items = [f"{GLYPHS[state]} {words[state]}" for state in states]
    items.append(f"{ERROR_GLYPH} {tr('lane.error', lang)}")
    if cut:
        items.append(f"{STOP_GLYPH} {tr('lane.stopped', lang)}")
    marks = [STOP_GLYPH] * bool(cut) + [ERROR_GLYPH] + [GLYPHS[s] for s in MARK_ORDER if s in states]
    items.append(tr("swimlane.shared_column", lang, marks=" ".join(marks)))
    column_ms = (end - start) / columns * 1000
    head, _, tail = tr("swimlane.legend", lang, items=HOLE, column=f"{column_ms:.3g}").partition(HOLE)
    units = [head + items[0], *items[1:], tail.strip()]
    lines.extend(wrap_items(units, max(width, 40)))
    return lines


def cut_by_stop(lanes: Sequence[Lane]) -> set[int]:
    """The ``id`` of each of ``lanes`` a stop cut short (see :func:`~server_core.timeline.stopped_at`),
    and of each handler among them that served such a client: its client's close was the stop's."""
    cut = {id(lane) for lane in lanes if stopped_at(lane) is not None}
    clients = [lane for lane in lanes if lane.side == CLIENT and id(lane) in cut]
    if clients:
        handlers = [lane for lane in lanes if lane.side == SERVER]
        cut.update(id(handler) for handler in handlers_of(clients, handlers).values())
    return cut


def stop_column(lane: Lane, start: float, end: float, width: int) -> int | None:
    """The column of ``width`` from ``start`` to ``end`` where ``lane``'s picture ends, for the
    mark of a stop (None when that end is outside)."""
    ends_at = lane_end(lane)
    return None if ends_at is None else column_of(ends_at, start, end, width)


def inside_key(lanes: Sequence[Lane]) -> str:
    """The text key that says what ``inside`` is for the ``lanes`` that show it (all of them
    where none does): in its section and not connected where each of them took a turn (a
    critical section, before its connect and after its close), connecting where none did (a
    lane that takes no turn ends at its close: nothing is drawn after it), and both, each where
    it is true, for a mix of the two."""
    shown = [lane for lane in lanes if any(s.state == INSIDE for s in lane.segments)] or lanes
    turns = {lane.grant_seq is not None for lane in shown}
    if turns == {True}:
        return "lane.inside"
    return "lane.inside_where_turns" if True in turns else "lane.unconnected"


def cells_of(text: str) -> int:
    """Terminal columns ``text`` takes: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap_items(items: Sequence[str], width: int, gap: str = ITEM_GAP) -> list[str]:
    """``items`` laid out ``gap`` apart in lines of at most ``width`` terminal columns, each item
    whole on one line (a symbol never parted from its words; an item wider than a line stays
    whole); lines after the first are indented by two. Each item is measured once: the work is
    linear in the items' length, however wide the lines (a line as wide as the whole list too)."""
    lines: list[str] = []
    parts: list[str] = []  # the line so far
    cells = 0  # its width
    shown = False  # whether it shows anything but blanks yet
    spaced = cells_of(gap)
    for item in items:
        size = cells_of(item)
        if not shown:  # the item starts the line
            parts.append(item)
            cells += size
        elif cells + spaced + size > width:
            lines.append("".join(parts))
            parts, cells, shown = ["  ", item], 2 + size, False
        else:
            parts += [gap, item]
            cells += spaced + size
        shown = shown or bool(item.strip())
    if shown:
        lines.append("".join(parts))
    return lines


def axis(start: float, end: float, columns: int, lang: str = "en", whole: float | None = None) -> str:
    """``columns`` cells: ``start`` at the left, the middle time in the middle, ``end`` at the right
    (seconds), all three in one unit with one number of decimals (``0 ms … 3.15 ms … 6.30 ms``; a
    zero is ``0``). ``whole`` (seconds, by default ``end``) is the run's length: its size picks the
    unit (:func:`duration`'s) and the decimals that say it in three digits, more where they say
    the view's half in fewer than two (its three times told apart). Neither depends on where the
    view is: every view of one span (one zoom) says its times alike, however it is panned."""
    longest = max(abs(start), abs(end)) if whole is None else whole
    unit = "ms" if longest < MS_BELOW else "s"
    scale = 1000 if unit == "ms" else 1
    places = max(0, 2 - math.floor(math.log10(longest * scale))) if longest > 0 else 0
    if end > start:
        places = max(places, 1 - math.floor(math.log10((end - start) / 2 * scale)))
    left, middle, right = (duration(t, lang, unit, places) for t in (start, (start + end) / 2, end))
    gap = columns - cells_of(left) - cells_of(right)
    if gap < 1:
        return fit(left, columns)
    if gap < cells_of(middle) + 2:
        return left + " " * gap + right
    before = min(max(1, columns // 2 - cells_of(middle) // 2 - cells_of(left)), gap - cells_of(middle) - 1)
    return left + " " * before + middle + " " * (gap - cells_of(middle) - before) + right


def duration(seconds: float, lang: str = "en", unit: str | None = None, places: int | None = None) -> str:
    """``0 s``, ``2.50 s``, or milliseconds below a tenth of a second (``4.2 ms``), in ``lang``;
    ``unit`` (``"s"`` or ``"ms"``) says it in that unit whatever its size (``0 ms``), ``places``
    with that many decimals (``1.2375 ms``)."""
    unit = unit or ("s" if seconds == 0 or seconds >= MS_BELOW else "ms")
    if seconds == 0:
        return tr(f"unit.{unit}", lang, value=0)
    if places is not None:
        return tr(f"unit.{unit}", lang, value=f"{seconds * (1000 if unit == 'ms' else 1):.{places}f}")
    if unit == "ms":
        return tr("unit.ms", lang, value=f"{seconds * 1000:.3g}")
    return tr("unit.s", lang, value=f"{seconds:.2f}")
