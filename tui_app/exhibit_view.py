"""An exhibit's run in words and lanes: prediction, one lane per handler, observations, verdict.

Shared by the command line and the app; it never imports Textual. A lane is a handler thread's
life in columns of time, each column one state (waits for a lock, holds one, is between its read
and its write, waits in a deadlock) or one mark (a read, a write, giving up, an error).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from server_core import Event
from server_core.exhibits import ExhibitResult
from server_core.exhibits.spans import (
    DEADLOCKED,
    ERROR,
    GAVE_UP,
    HOLDING,
    IDLE,
    READ,
    WAITING,
    WINDOW,
    WRITE,
    Span,
    tracks,
)

from .strings import tr
from .swimlane import ITEM_GAP, wrap_items

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
            _columns(track.spans, track.marks, start, end, columns),
            _note(track.number, track.thread, track.events, result, lang),
        )
        for track in found
    ]


def _columns(
    spans: list[Span], marks: list[tuple[float, str]], start: float, end: float, columns: int
) -> list[str | None]:
    """Each column's mark, else the highest-priority state overlapping it, else None."""
    width = (end - start) / columns
    cells: list[str | None] = [None] * columns
    rank = {state: index for index, state in enumerate(_PRIORITY)}
    for span in spans:
        state = span.state
        first = min(columns - 1, int((span.start - start) / width))
        last = min(columns - 1, int((span.end - start) / width))
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
    lines += [f"  {line}" for line in wrap_items(legend(lang).split(ITEM_GAP), width - 2)]
    lines += ["", f"{tr('exhibit.observed', lang)}{colon}".rstrip()]
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
    if isinstance(value, list):  # lines of text apart with a bar, numbers with a space
        return (" | " if all(isinstance(item, str) for item in value) else " ").join(map(str, value)) or "-"
    return str(value)
