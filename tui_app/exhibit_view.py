"""An exhibit's run in words and lanes: prediction, one lane per handler, observations, verdict.

Shared by the command line and the app; it never imports Textual. A lane is a handler thread's
life in columns of time, each column one state (waits for a lock, holds one, is between its read
and its write, waits in a deadlock) or one mark (a read, a write, giving up, an error).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len

from server_core import SERVER, Event
from server_core.exhibits import EXHIBITS, ExhibitResult
from server_core.exhibits.spans import (
    DEADLOCKED,
    ERROR,
    GAVE_UP,
    HOLDING,
    IDLE,
    MARKS,
    READ,
    WAITING,
    WINDOW,
    WRITE,
    Span,
    Track,
    tracks,
)
from server_core.exhibits.torn_write import whole

from .hanging import labelled_lines
from .strings import TEXTS, tr

# the glyphs the app draws (tui_app.exhibit_lanes), and their ASCII twins the command line
# draws, meaning for meaning: a line for a line, a solid block as #, a double line as =, a dark
# shade as %, a light one as .; the marks are letters and signs in both
BLOCKS = {
    IDLE: "─",
    WAITING: "░",
    HOLDING: "█",
    WINDOW: "═",
    DEADLOCKED: "▓",
    READ: "R",
    WRITE: "W",
    GAVE_UP: "x",
    ERROR: "!",
}
GLYPHS = {**BLOCKS, IDLE: "-", WAITING: ".", HOLDING: "#", WINDOW: "=", DEADLOCKED: "%"}
LEGEND_GAP = "   "  # between two items of the legend
MIN_COLUMNS = 20  # time columns a lane keeps however long its note: a longer note goes under it
STATES = (IDLE, WAITING, HOLDING, WINDOW, DEADLOCKED)  # in the order the legend names them
BOARD = ("board", "written_by")  # observed values shown as the board's rows, not as "name = value"
# the resources whose reads and writes the text puts in order ("h5 overwrote h3": h5 wrote after
# h3 and had read before h3 wrote): their marks stand in that order, each right of the one before
ORDERED = frozenset({"balance"})
THREADS = frozenset({"cycle", "later_cycles", "held_by"})  # observed values that name handler threads


@dataclass(frozen=True, slots=True)
class ExhibitLane:
    """Handler ``number`` (thread ``thread``): one state or mark name per column, and a note
    on what happened to it (empty when nothing did)."""

    number: int
    thread: str
    cells: list[str | None]
    note: str


def title(name: str, lang: str) -> str:
    return tr(f"exhibit.{name}.title", lang)


def variant_name(safe: bool, lang: str) -> str:
    return tr("exhibit.safe" if safe else "exhibit.unsafe", lang)


def prediction(name: str, safe: bool, given: dict[str, Any], lang: str = "en") -> str:
    """What exhibit ``name`` predicts for a variant, filled with its ``given`` values."""
    return tr(f"exhibit.{name}.{'safe' if safe else 'unsafe'}", lang, **given)


def in_words(result: ExhibitResult, lang: str = "en") -> str:
    """What the run showed, in a sentence a student follows without a number."""
    seen = result.observed
    fault = {
        "lost-update": seen.get("lost", 0) > 0,
        "torn-write": seen.get("torn", 0) > 0,
        "deadlock": bool(seen.get("deadlocked")),
        "forgotten-release": seen.get("stuck", 0) > 0,
    }[result.name]
    return tr(f"exhibit.{result.name}.{'fault' if fault else 'clean'}", lang)


def to_json(result: ExhibitResult, lang: str = "en") -> dict[str, Any]:
    """One JSON-ready object: ``name``, ``variant``, ``n``, ``prediction``, ``observed``, ``as_predicted``."""
    return {
        "name": result.name,
        "variant": result.variant,
        "n": result.n,
        "prediction": prediction(result.name, result.variant == "safe", result.given, lang),
        "observed": result.observed,
        "as_predicted": result.as_predicted,
    }


def lanes(
    events: Iterable[Event],
    columns: int,
    result: ExhibitResult | None = None,
    lang: str = "en",
    until: float = 0.0,
) -> list[ExhibitLane]:
    """One lane per handler of an exhibit's events, ``columns`` wide, from the first handler
    event to the last one (or to ``until``, the bus clock now, while a run goes on: a wait with
    no end yet lasts until then); ``result`` (once the run is over) adds each lane's note in
    ``lang``."""
    found, start, end = tracks(events, until)
    return [
        ExhibitLane(
            track.number,
            track.thread,
            _columns(track.spans, marks, start, end, columns),
            _note(track.number, track.thread, track.events, result, lang),
        )
        for track, marks in zip(found, _mark_columns(found, start, end, columns), strict=True)
    ]


def _mark_columns(
    found: list[Track], start: float, end: float, columns: int
) -> list[list[tuple[float, int, str]]]:
    """Each track's marks as ``(t, column, mark)``, the column holding its time. Reads and writes of
    the :data:`ORDERED` resources, across tracks, stand in the order they happened (``seq``), each
    right of the one before where a column held several of them (see :func:`_rising`), so that a
    drawing never shows a write the text says came later as simultaneous or earlier."""
    width = (end - start) / columns
    placed: list[list[tuple[float, int, str]]] = []
    ordered: list[tuple[int, int, int]] = []  # (seq, track, index of the mark in the track's marks)
    for number, track in enumerate(found):
        marked = [event for event in track.events if event.kind in MARKS]
        placed.append([(t, min(columns - 1, int((t - start) / width)), mark) for t, mark in track.marks])
        ordered += [
            (event.seq, number, index)
            for index, event in enumerate(marked)
            if event.kind in ("read", "wrote") and (event.extra or {}).get("resource") in ORDERED
        ]
    ordered.sort()
    wanted = [placed[number][index][1] for _, number, index in ordered]
    for index, column in enumerate(_rising(wanted, columns)):
        _, number, at = ordered[index]
        t, _, mark = placed[number][at]
        placed[number][at] = (t, column, mark)
    return placed


def _rising(wanted: list[int], columns: int) -> list[int]:
    """Columns near ``wanted`` (a non-decreasing list) that rise strictly within ``columns``: a
    column taken moves the next right, past the last column the earlier ones move left; more than
    ``columns`` of them share columns, still never falling."""
    placed: list[int] = []
    for column in wanted:
        placed.append(max(column, placed[-1] + 1) if placed else column)
    limit = columns - 1
    for index in reversed(range(len(placed))):
        placed[index] = limit = min(placed[index], limit)
        limit -= 1
    for index in range(len(placed)):
        placed[index] = max(placed[index], 0, placed[index - 1] if index else 0)
    return placed


_LAYER = {IDLE: 0, WINDOW: 1}  # drawn first, under the lock states drawn over them


def lane_columns(room: int, notes: Iterable[str]) -> int:
    """How many time columns a lane takes of the ``room`` cells after its label: all of them
    but what the longest of ``notes`` (cells, a space before it) needs; all of them when that
    would leave fewer than :data:`MIN_COLUMNS` (the notes then go on lines of their own), and
    never fewer than that however narrow the room."""
    columns = room - max([0, *(cell_len(note) + 1 for note in notes if note)])
    return columns if columns >= MIN_COLUMNS else max(MIN_COLUMNS, room)


def _columns(
    spans: list[Span], marks: list[tuple[float, int, str]], start: float, end: float, columns: int
) -> list[str | None]:
    """Each column's mark, else the state of the span begun latest among those overlapping it,
    a lock's wait or hold winning over a read..write window.

    A handler's spans nest (a hold around a wait for a second lock), so the span begun latest is
    the one the handler is in; but a read..write window inside a hold is the hold doing its job
    (the safe fix), so the hold is drawn. Where a whole stretch of states falls in one column (a
    lock waited for and taken within a millisecond), the column shows how it ended, not how it
    began. ``marks`` are ``(t, column, mark)`` (see :func:`_mark_columns`): a span that begins or
    ends at a mark's time begins or ends in the mark's column (a read..write window spans from its
    ``R`` to its ``W`` wherever they stand)."""
    width = (end - start) / columns
    at = {t: column for t, column, _ in marks}
    cells: list[str | None] = [None] * columns
    holds: list[tuple[float, int, int]] = []  # (start, first column, last column) of each hold
    for span in sorted(spans, key=lambda span: (_LAYER.get(span.state, len(_LAYER)), span.start)):
        first = at.get(span.start, min(columns - 1, int((span.start - start) / width)))
        last = at.get(span.end, min(columns - 1, int((span.end - start) / width)))
        cells[first : last + 1] = [span.state] * (last + 1 - first)
        if span.state == HOLDING:
            holds.append((span.start, first, last))
    taken = {column for _, column, _ in marks}
    for t, column, mark in marks:
        cells[_inside(t, column, holds, taken)] = mark
    return cells


def _inside(t: float, column: int, holds: list[tuple[float, int, int]], taken: set[int]) -> int:
    """The column of a mark at ``t`` that falls in ``column``: one right of it where a lock taken
    before ``t`` was taken in that very column and held on past it (and no other mark stands
    there), so the mark stands inside the hold, after the taking, as it happened (an error while
    the lock is held, not before it)."""
    for began, first, last in holds:
        if began < t and first == column < last and column + 1 not in taken:
            return column + 1
    return column


def _note(number: int, thread: str, own: list[Event], result: ExhibitResult | None, lang: str) -> str:
    """What happened to one handler, once the run is over."""
    if result is None:
        return ""
    seen = result.observed
    if str(number) in seen.get("overwritten_by", {}):
        return tr("exhibit.note.lost", lang, by=seen["overwritten_by"][str(number)])
    notes = []
    gave_up = any(e.kind == "gave_up" for e in own)
    if thread in in_cycles(seen):
        notes.append(tr("exhibit.note.cycle", lang))
        if not gave_up and any(e.kind == "replied" for e in own):
            notes.append(tr("exhibit.note.freed", lang))
    if gave_up:
        notes.append(tr("exhibit.note.gave_up", lang))
    if seen.get("held_by") == thread:
        held = next((e.extra or {}).get("lock") for e in own if e.kind == "acquired")
        notes.append(tr("exhibit.note.holds", lang, lock=lock_name(held, lang)))
    return tr("text.semicolon_join", lang).join(notes)


def in_cycles(observed: dict[str, Any]) -> set[str]:
    """The threads of every cycle of waits a run's ``observed`` values name (the first, ``cycle``,
    and any ``later_cycles``)."""
    cycles = [observed.get("cycle", []), *observed.get("later_cycles", [])]
    return {str(thread) for cycle in cycles if isinstance(cycle, list) for thread in cycle}


def legend(lang: str, width: int, glyphs: dict[str, str] = GLYPHS) -> list[str]:
    """What each state's glyph (``glyphs``, by state) and each mark means, then the states'
    glyphs as the other drawing has them (the app's :data:`BLOCKS` under the command line's
    :data:`GLYPHS`, and the other way round), in lines at most ``width`` cells wide, broken
    between whole items (an item wider than ``width`` has a line of its own)."""
    items = [tr(f"exhibit.legend.{state}", lang, glyph=glyphs[state]) for state in STATES]  # as drawn
    marks = (READ, WRITE, GAVE_UP, ERROR)
    items += [tr(f"exhibit.legend.{mark}", lang, glyph=glyphs[mark]) for mark in marks]
    ascii_drawn = glyphs[HOLDING] == GLYPHS[HOLDING]
    twin = BLOCKS if ascii_drawn else GLYPHS
    said = "exhibit.legend.in_app" if ascii_drawn else "exhibit.legend.headless"
    items.append(tr(said, lang, glyphs=" ".join(twin[state] for state in STATES)))
    lines: list[str] = []
    for item in items:
        if lines and cell_len(lines[-1]) + len(LEGEND_GAP) + cell_len(item) <= width:
            lines[-1] += LEGEND_GAP + item
        else:
            lines.append(item)
    return lines


def lock_name(lock: object, lang: str) -> str:
    """A watched lock's name in words (``total-lock``: the lock on the total); a name this
    table does not know stays as it is."""
    key = f"exhibit.lock.{lock}"
    return tr(key, lang) if key in TEXTS else str(lock)


def observed_lines(
    result: ExhibitResult, lang: str, events: Iterable[Event] = ()
) -> list[tuple[str, str]]:
    """Each observed value as (label, value) in ``lang``: the labels and yes/no translated,
    lock names in words, handler threads by the names of their lanes in the run's ``events``
    (``h2`` for ``handler-2``; see :func:`lane_names`); the JSON keeps the English keys and the
    thread names. A torn write's board is not among them: :func:`board_rows` shows it."""
    names = lane_names(events)
    shown = []
    for key, value in result.observed.items():
        if key in BOARD:
            continue
        label_key = f"exhibit.observed.{key}"
        label = tr(label_key, lang) if label_key in TEXTS else key
        if key == "locks" and isinstance(value, list):
            value = [lock_name(lock, lang) for lock in value]
        elif key in THREADS:  # one name for a handler: its lane's
            value = _lane_named(value, names)
        elif key == "overwritten_by":
            value = overwrites(value, lang)
        shown.append((label, show_value(value, lang)))
    return shown


def overwrites(overwritten_by: dict[str, int], lang: str) -> str:
    """Each lost deposit and the write that overwrote it (``{"1": 4}``: connection -> connection),
    with handlers named as their lanes are: ``h1 by h4, h2 by h3`` (``-`` for none)."""
    said = [tr("exhibit.overwrite", lang, lost=f"h{who}", by=f"h{by}") for who, by in overwritten_by.items()]
    return tr("text.list_join", lang).join(said) or "-"


def _lane_named(value: Any, names: dict[str, str]) -> Any:
    """A thread's name, or a list of them (or of such lists), as the names of their lanes where
    ``names`` has them."""
    if isinstance(value, list):
        return [_lane_named(item, names) for item in value]
    return names.get(str(value), value)


def lane_names(events: Iterable[Event]) -> dict[str, str]:
    """The lane name (``h2``) of each handler thread (``handler-2``) of an exhibit's ``events``:
    a thread's number need not be its connection's."""
    found, _, _ = tracks(events)
    return {track.thread: f"h{track.number}" for track in found}


def board_rows(result: ExhibitResult, lang: str) -> list[tuple[str, str]]:
    """A torn write's board as ``(lead, text)`` rows: a header, then per line of the board its
    number, whole or torn, the handlers whose characters are in it (``h1-h3``) and, as the text,
    the line itself (continuation lines go under the text); empty for any other exhibit."""
    board, written_by = result.observed.get("board"), result.observed.get("written_by")
    if board is None or written_by is None:
        return []
    cells = [[tr(f"exhibit.board.{column}", lang) for column in ("line", "state", "from")]]
    for number, (line, writers) in enumerate(zip(board, written_by, strict=True), 1):
        state = tr("exhibit.board.whole" if whole(line, writers) else "exhibit.board.torn", lang)
        cells.append([str(number), state, handlers(writers)])
    widths = [max(cell_len(row[i]) for row in cells) for i in range(3)]
    leads = ["  " + "".join(f"{_pad(cell, widths[i])}  " for i, cell in enumerate(row)) for row in cells]
    return list(zip(leads, [tr("exhibit.board.text", lang), *board], strict=True))


def board_key(lang: str) -> str:
    """What each column and mark of :func:`board_rows` means, and why two lines can read the same."""
    return tr("exhibit.board.key", lang)


def handlers(numbers: Iterable[int]) -> str:
    """Handler numbers as short text, a run of consecutive ones as a range: ``h1-h3 h5``."""
    runs: list[list[int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return " ".join(f"h{run[0]}" + (f"-h{run[-1]}" if len(run) > 1 else "") for run in runs) or "-"


def _pad(text: str, cells: int) -> str:
    """``text`` with blanks after it to ``cells`` cells (a Chinese character takes two)."""
    return text + " " * (cells - cell_len(text))


def opening(name: str, safe: bool, n: int, given: dict[str, Any], lang: str = "en") -> list[str]:
    """What is known of a run before it starts, as plain lines: its heading, its prediction and
    a blank line; :func:`account` begins with them."""
    heading = tr("exhibit.heading", lang, title=title(name, lang), variant=variant_name(safe, lang), n=n)
    said = f"{tr('exhibit.prediction', lang)}{tr('text.colon', lang)}{prediction(name, safe, given, lang)}"
    return [heading, "", said, ""]


def account(result: ExhibitResult, events: list[Event], width: int, lang: str = "en") -> list[str]:
    """The whole run as plain lines for a terminal ``width`` columns wide: :func:`opening`, the
    lanes, what it showed in words, the observed values and the verdict."""
    safe = result.variant == "safe"
    label = max(len(f"h{result.n}"), 3)
    indent = 2 + label + 2  # "  h12 |" before a lane's columns
    room = width - indent - 1  # the "|" after them too
    notes = [lane.note for lane in lanes(events, 1, result, lang)]
    drawn = lanes(events, lane_columns(room, notes), result, lang)
    colon = tr("text.colon", lang)
    lines = [
        *opening(result.name, safe, result.n, result.given, lang),
        f"{tr('exhibit.timeline', lang)}{colon}".rstrip(),
    ]
    for lane in drawn:
        cells = "".join(GLYPHS[cell] if cell else " " for cell in lane.cells)
        line = f"  {f'h{lane.number}':>{label}} |{cells}|"
        if not lane.note or cell_len(line) + 1 + cell_len(lane.note) <= width:
            lines.append(f"{line} {lane.note}".rstrip())
        else:  # under its lane, past the labels
            lines += [line, " " * indent + lane.note]
    lines += [f"  {line}" for line in legend(lang, width - 2)]
    lines += ["", f"{tr('exhibit.words', lang)}{colon}{in_words(result, lang)}"]
    lines += ["", f"{tr('exhibit.observed', lang)}{colon}".rstrip()]
    lines += [f"  {label} = {value}" for label, value in observed_lines(result, lang, events)]
    rows = board_rows(result, lang)
    if rows:
        lines += ["", f"{tr('exhibit.board.heading', lang)}{colon}".rstrip()]
        lines += [line for lead, text in rows for line in labelled_lines(lead, text, width)]
        lines += labelled_lines("  ", board_key(lang), width)
    verdict = "exhibit.as_predicted" if result.as_predicted else "exhibit.not_predicted"
    lines += ["", tr(verdict, lang)]
    return lines


def recorded(events: Iterable[Event], lang: str = "en") -> list[str]:
    """What a recording says of the exhibit it holds, as lines in ``lang``: which one and its
    variant (its ``exhibit`` event), its prediction, and once it ended (its ``outcome`` event)
    what it showed in words, each observed value and whether that was predicted. Empty for a
    recording of no exhibit; a value a file holds that no exhibit wrote is left unsaid."""
    every = list(events)
    began = next((e for e in every if e.side == SERVER and e.kind == "exhibit"), None)
    ended = next((e for e in every if e.side == SERVER and e.kind == "outcome"), None)
    if (said := ended or began) is None:
        return []
    facts = said.extra or {}
    name, variant = facts.get("name"), facts.get("variant")
    if name not in EXHIBITS or variant not in ("safe", "unsafe"):
        return []
    safe, n = variant == "safe", facts.get("n", "-")
    heading = tr("exhibit.heading", lang, title=title(str(name), lang), variant=variant_name(safe, lang), n=n)
    colon = tr("text.colon", lang)
    lines = [tr("exhibit.recorded", lang, heading=heading)]
    given, observed, as_predicted = facts.get("given"), facts.get("observed"), facts.get("as_predicted")
    if ended is None or not isinstance(given, dict) or not isinstance(observed, dict):
        return [*lines, tr("exhibit.recorded_no_outcome", lang)]
    count = n if isinstance(n, int) else 0
    result = ExhibitResult(str(name), str(variant), count, given, observed, as_predicted is True)
    try:
        lines.append(f"{tr('exhibit.prediction', lang)}{colon}{prediction(result.name, safe, given, lang)}")
        lines.append(f"{tr('exhibit.words', lang)}{colon}{in_words(result, lang)}")
        lines += [f"  {label} = {value}" for label, value in observed_lines(result, lang, every)]
    except (KeyError, TypeError, ValueError):  # a file's values no exhibit wrote: said no further
        return [*lines, tr("exhibit.recorded_no_outcome", lang)]
    return [*lines, tr("exhibit.as_predicted" if as_predicted is True else "exhibit.not_predicted", lang)]


def show_value(value: Any, lang: str = "en") -> str:
    """An observed value as short text in ``lang``: lists spelled out, None as ``-``, True and
    False as yes and no."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return tr("exhibit.yes" if value else "exhibit.no", lang)
    if value and isinstance(value, list) and all(isinstance(item, list) for item in value):
        return "; ".join(show_value(item, lang) for item in value)  # lists of lists: cycles
    if isinstance(value, list):  # lines of text apart with a bar, numbers with a space
        return (" | " if all(isinstance(item, str) for item in value) else " ").join(map(str, value)) or "-"
    return str(value)
