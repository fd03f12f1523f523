"""An exhibit's run in words and lanes: prediction, one lane per handler, observations, verdict.

Shared by the command line and the app; it never imports Textual. A lane is a handler thread's
life in columns of time, each column one state (waits for a lock, holds one, is between its read
and its write, waits in a deadlock) or one mark (a read, a write, giving up, an error).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from server_core import SERVER, Event
from server_core.exhibits import ExhibitResult

from .strings import tr

IDLE, WAITING, HOLDING, WINDOW, DEADLOCKED = "idle", "waiting", "holding", "window", "deadlocked"
READ, WRITE, GAVE_UP, ERROR = "read", "write", "gave_up", "error"
GLYPHS = {
    IDLE: "-",
    WAITING: ".",
    HOLDING: "=",
    WINDOW: "~",
    DEADLOCKED: "#",
    READ: "R",
    WRITE: "W",
    GAVE_UP: "x",
    ERROR: "!",
}
_PRIORITY = (DEADLOCKED, WAITING, WINDOW, HOLDING, IDLE)  # the state a column shows when several overlap
Span = tuple[str, float, float]  # (state, from, to) in seconds on the bus clock
_MARKS = {"read": READ, "wrote": WRITE, "gave_up": GAVE_UP, "error": ERROR}


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
    events = list(events)
    mine = [e for e in events if e.side == SERVER and e.client is not None]
    if not mine:
        return []
    start, end = mine[0].t, max(mine[-1].t, until, mine[0].t + 1e-6)
    deadlocks = [e for e in events if e.kind == "deadlock"]
    by_handler: dict[int, list[Event]] = {}
    for event in mine:
        by_handler.setdefault(event.client, []).append(event)  # type: ignore[arg-type]
    drawn = []
    for number, own in sorted(by_handler.items()):
        thread = next((str(e.extra["thread"]) for e in own if e.extra and "thread" in e.extra), f"h{number}")
        spans = _spans(own, end, deadlocks, thread)
        cells = _columns(spans, [(e.t, _MARKS[e.kind]) for e in own if e.kind in _MARKS], start, end, columns)
        drawn.append(ExhibitLane(number, thread, cells, _note(number, thread, own, result, lang)))
    return drawn


def _spans(own: list[Event], end: float, deadlocks: list[Event], thread: str) -> list[Span]:
    """(state, from, to) of one handler: connected, waiting for and holding locks, read..write."""
    spans = [(IDLE, own[0].t, own[-1].t)]
    opened: dict[tuple[str, Any], float] = {}
    in_cycle = [e.t for e in deadlocks if thread in (e.extra or {}).get("cycle", [])]
    for event in own:
        extra = event.extra or {}
        kind, lock = event.kind, extra.get("lock")
        if kind == "acquiring":
            opened[(WAITING, lock)] = event.t
        elif kind in ("acquired", "gave_up") and (WAITING, lock) in opened:
            began = opened.pop((WAITING, lock))
            spans.append((_waiting(began, event.t, in_cycle), began, event.t))
            if kind == "acquired":
                opened[(HOLDING, lock)] = event.t
        elif kind == "released" and (HOLDING, lock) in opened:
            spans.append((HOLDING, opened.pop((HOLDING, lock)), event.t))
        elif kind == "read":
            opened[(WINDOW, None)] = event.t
        elif kind == "wrote" and extra.get("resource") == "balance" and (WINDOW, None) in opened:
            spans.append((WINDOW, opened.pop((WINDOW, None)), event.t))
    for (state, _), began in opened.items():  # no end yet: until the end
        spans.append((_waiting(began, end, in_cycle) if state == WAITING else state, began, end))
    return spans


def _waiting(began: float, ended: float, deadlocks: list[float]) -> str:
    """A wait for a lock is a deadlocked one when its thread's cycle was found meanwhile."""
    return DEADLOCKED if any(began <= t <= ended for t in deadlocks) else WAITING


def _columns(
    spans: list[Span], marks: list[tuple[float, str]], start: float, end: float, columns: int
) -> list[str | None]:
    """Each column's mark, else the highest-priority state overlapping it, else None."""
    width = (end - start) / columns
    cells: list[str | None] = [None] * columns
    rank = {state: index for index, state in enumerate(_PRIORITY)}
    for state, began, ended in spans:
        first = min(columns - 1, int((began - start) / width))
        last = min(columns - 1, int((ended - start) / width))
        for column in range(first, last + 1):
            current = cells[column]
            if current is None or rank[state] < rank[current]:
                cells[column] = state
    for t, mark in marks:
        cells[min(columns - 1, int((t - start) / width))] = mark
    return cells


def _note(number: int, thread: str, own: list[Event], result: ExhibitResult | None, lang: str) -> str:
    """What happened to one handler, once the run is over."""
    if result is None:
        return ""
    seen = result.observed
    if str(number) in seen.get("overwritten_by", {}):
        return tr("exhibit.note.lost", lang, by=seen["overwritten_by"][str(number)])
    notes = []
    if thread in seen.get("cycle", []):
        notes.append(tr("exhibit.note.cycle", lang))
    if any(e.kind == "gave_up" for e in own):
        notes.append(tr("exhibit.note.gave_up", lang))
    if seen.get("held_by") == thread:
        held = next((e.extra or {}).get("lock") for e in own if e.kind == "acquired")
        notes.append(tr("exhibit.note.holds", lang, lock=held))
    return ("；" if lang == "zh" else "; ").join(notes)


def legend(lang: str, glyphs: dict[str, str] = GLYPHS) -> str:
    """What each state's glyph (``glyphs``, by state) and each mark means."""
    return tr("exhibit.legend", lang, **{state: glyphs[state] * 2 for state in _PRIORITY})


def account(result: ExhibitResult, events: list[Event], width: int, lang: str = "en") -> list[str]:
    """The whole run as plain lines for a terminal ``width`` columns wide."""
    safe = result.variant == "safe"
    label = max(len(f"h{result.n}"), 3)
    drawn = lanes(events, max(10, min(60, width - label - 30)), result, lang)
    colon = "：" if lang == "zh" else ": "
    heading = tr(
        "exhibit.heading", lang, title=title(result.name, lang), variant=variant_name(safe, lang), n=result.n
    )
    lines = [
        heading,
        "",
        f"{tr('exhibit.prediction', lang)}{colon}{prediction(result.name, safe, result.given, lang)}",
        "",
        f"{tr('exhibit.timeline', lang)}{colon}".rstrip(),
    ]
    for lane in drawn:
        cells = "".join(GLYPHS[cell] if cell else " " for cell in lane.cells)
        lines.append(f"  {f'h{lane.number}':>{label}} |{cells}| {lane.note}".rstrip())
    lines += [f"  {legend(lang)}", "", f"{tr('exhibit.observed', lang)}{colon}".rstrip()]
    lines += [f"  {key} = {show_value(value)}" for key, value in result.observed.items()]
    verdict = "exhibit.as_predicted" if result.as_predicted else "exhibit.not_predicted"
    lines += ["", f"{tr('exhibit.words', lang)}{colon}{in_words(result, lang)}", tr(verdict, lang)]
    return lines


def show_value(value: Any) -> str:
    """An observed value as short text: lists and dicts spelled out, None as ``-``."""
    if value is None:
        return "-"
    if isinstance(value, dict):
        return " ".join(f"{key}->{item}" for key, item in value.items()) or "-"
    if isinstance(value, list):
        return " ".join(map(str, value)) or "-"
    return str(value)
