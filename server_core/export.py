"""Event history to files: JSON lines, CSV, or a Chrome trace that opens in Perfetto.

The format comes from the file name (:data:`FORMATS`). ``.jsonl`` and ``.csv`` hold every event
with the fields of ``--json``; ``.trace.json`` is the timeline: one track per client thread and
per handler thread, a slice per state, a short slice per message, and a flow arrow from each
send to the matching receive on the other side when both sides are in the history.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from .events import CLIENT, SERVER, Event
from .exhibits.spans import trace_slices
from .timeline import SENDING, Lane, build_lanes

FORMATS = (".jsonl", ".csv", ".trace.json")
CORE_FIELDS = ("seq", "t", "side", "kind", "client", "local", "peer", "text", "bytes")
OUTGOING = {CLIENT: "sent", SERVER: "replied"}
_SERVER_PID = 1


def export_format(path: str | Path) -> str:
    """The format named by ``path``'s ending; ValueError naming the known ones otherwise."""
    name = Path(path).name.lower()
    for suffix in sorted(FORMATS, key=len, reverse=True):
        if name.endswith(suffix) and len(name) > len(suffix):
            return suffix
    raise ValueError(f"cannot tell the format of {str(path)!r}: name it *{', *'.join(FORMATS)}")


def check_target(path: str | Path, overwrite: bool = False) -> Path:
    """``path`` if an export can be written there: FileExistsError if a file is in the way (and
    not ``overwrite``), ValueError with the reason for any other obstacle."""
    target = Path(path)
    export_format(target)
    if target.is_dir():
        raise ValueError(f"{str(target)!r} is a directory")
    if target.exists() and not overwrite:
        raise FileExistsError(f"{str(target)!r} already exists")
    if not target.parent.is_dir():
        raise ValueError(f"no directory {str(target.parent)!r} to write {target.name!r} in")
    return target


def write_export(path: str | Path, events: Iterable[Event], overwrite: bool = False) -> int:
    """Write ``events`` (in ``seq`` order, as a bus gives them) to ``path`` in the format its name
    gives; returns how many were written.

    JSON lines are written as ``events`` are read, so ``EventBus.iter_history()`` is exported
    without holding the whole history in memory; CSV (whose columns depend on every event) and
    the trace (built from whole lanes) read them all first. Never replaces an existing file
    unless ``overwrite`` (FileExistsError); other OSErrors pass.
    """
    fmt = export_format(path)
    with open(path, "w" if overwrite else "x", encoding="utf-8", newline="") as out:
        if fmt == ".jsonl":
            return _write_lines(out, events)
        every = list(events)
        out.write(to_csv(every) if fmt == ".csv" else json.dumps(chrome_trace(every), ensure_ascii=False))
    return len(every)


def _write_lines(out: TextIO, events: Iterable[Event]) -> int:
    """Each event as one line of JSON; returns how many."""
    count = 0
    for event in events:
        out.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
        count += 1
    return count


def to_csv(events: list[Event]) -> str:
    """Every event as a CSV row: the core fields, then each extra field in order of appearance."""
    rows = [e.to_dict() for e in events]
    extras = list(dict.fromkeys(key for row in rows for key in row if key not in CORE_FIELDS))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[*CORE_FIELDS, *extras], lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def chrome_trace(events: list[Event]) -> dict[str, Any]:
    """The timeline of ``events`` in the Chrome trace event format (times in microseconds)."""
    lanes = build_lanes(events)
    pids = _process_ids(lanes)
    trace: list[dict[str, Any]] = []
    for (side, run), pid in pids.items():
        trace.append(_meta(pid, 0, "process_name", _process_name(side, run, events)))
        trace.append(_meta(pid, 0, "process_sort_index", pid, key="sort_index"))
    clients = {lane.local: lane for lane in lanes if lane.side == CLIENT and lane.local}
    for lane in lanes:
        pid, tid = pids[(lane.side, lane.run)], lane.client
        client = clients.get(lane.peer) if lane.peer else None
        trace.append(_meta(pid, tid, "thread_name", _thread_name(lane, client)))
        trace.append(_meta(pid, tid, "thread_sort_index", tid, key="sort_index"))
        for segment in lane.segments:
            trace.append(_slice(pid, tid, segment.state, "state", segment.start, segment.end))
        for message in lane.messages:
            args = {"text": message.text, "bytes": message.bytes, "seq": message.seq}
            trace.append(_slice(pid, tid, message.kind, "message", _began(lane, message), message.t, args))
        for error in lane.errors:
            mark = {"ph": "i", "s": "t", "name": "error", "cat": "error", "ts": _us(error.t)}
            trace.append(mark | {"pid": pid, "tid": tid, "args": {"text": error.text}})
    for number, ((sender, out), (receiver, into)) in enumerate(_flows(lanes), 1):
        start = {"ph": "s", "ts": _us(_began(sender, out)), "pid": pids[(sender.side, sender.run)]}
        end = {"ph": "f", "bp": "e", "ts": _us(into.t), "pid": pids[(receiver.side, receiver.run)]}
        start["tid"], end["tid"] = sender.client, receiver.client
        trace.extend(flow | {"id": number, "name": "message", "cat": "message"} for flow in (start, end))
    trace += trace_slices(events, pids.get((SERVER, None), _SERVER_PID))  # an exhibit's locks and writes
    return {"traceEvents": trace, "displayTimeUnit": "ms"}


def _process_ids(lanes: list[Lane]) -> dict[tuple[str, int | None], int]:
    """One trace process for the server's handlers and one per client run."""
    groups = dict.fromkeys((lane.side, lane.run) for lane in lanes)
    ordered = sorted(groups, key=lambda g: (g[0] != SERVER, g[1] or 0))
    return {group: _SERVER_PID + n for n, group in enumerate(ordered)}


def _thread_name(lane: Lane, client: Lane | None) -> str:
    """``client r2.1`` for client 1 of run 2; ``handler #4`` for the handler of connection 4, with
    its client when that is in the history too (``handler #4 = r2.1``)."""
    if lane.side == CLIENT:
        return f"client r{lane.run}.{lane.client}"
    pair = f" = r{client.run}.{client.client}" if client is not None else ""
    return f"handler #{lane.client}{pair}"


def _process_name(side: str, run: int | None, events: list[Event]) -> str:
    if side == SERVER:
        return "server handlers"
    launched = next((e for e in events if e.kind == "launched" and (e.extra or {}).get("run") == run), None)
    settings = launched.extra or {} if launched else {}
    detail = f" ({settings['order']}, hold {settings['hold']:g} s)" if settings else ""
    return f"clients, run {run}{detail}"


def _flows(lanes: list[Lane]) -> Iterator[tuple[tuple[Lane, Event], tuple[Lane, Event]]]:
    """(sender, receiver) pairs: the k-th message one end sent with the k-th chunk the other
    end received (TCP keeps no message boundaries; the lesson's one message each way pairs exactly).

    A client and a handler belong together when the client's ``local`` is the handler's ``peer``.
    """
    handlers = {lane.peer: lane for lane in lanes if lane.side == SERVER and lane.peer}
    for client in lanes:
        handler = handlers.get(client.local) if client.side == CLIENT and client.local else None
        if handler is None:
            continue
        for sender, receiver in ((client, handler), (handler, client)):
            outgoing = [m for m in sender.messages if m.kind == OUTGOING[sender.side]]
            incoming = [m for m in receiver.messages if m.kind == "received" and m.bytes]
            for out, into in zip(outgoing, incoming, strict=False):
                yield (sender, out), (receiver, into)


def _began(lane: Lane, message: Event) -> float:
    """When ``message`` began: the start of the send it ends; a receipt is an instant.

    Events are stamped after their call returns, so the far end may stamp its receipt before the
    sender stamps ``sent``; the send's start always comes first.
    """
    if message.kind in OUTGOING[lane.side]:
        for segment in lane.segments:
            if segment.state == SENDING and segment.end == message.t:
                return segment.start
    return message.t


def _us(t: float) -> int:
    """Whole microseconds: slices that meet share one integer, so none overlaps its neighbour."""
    return round(t * 1_000_000)


def _meta(pid: int, tid: int, name: str, value: object, key: str = "name") -> dict[str, Any]:
    return {"ph": "M", "name": name, "pid": pid, "tid": tid, "args": {key: value}}


def _slice(
    pid: int, tid: int, name: str, cat: str, start: float, end: float, args: dict | None = None
) -> dict[str, Any]:
    ts = _us(start)
    event = {"ph": "X", "name": name, "cat": cat, "pid": pid, "tid": tid, "ts": ts, "dur": _us(end) - ts}
    if args:
        event["args"] = args
    return event
