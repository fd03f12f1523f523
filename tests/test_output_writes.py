"""The command line's output goes out in whole lines, many to a write: each write (and the poll
before it) hands the interpreter lock on, among a launch's thousand client threads."""

from __future__ import annotations

import os
import types
from collections.abc import Callable, Sequence

import pytest

from server_core import CLIENT, Event, EventBus
from tui_app import output
from tui_app.output import CHUNK, Output


def written_by(
    bus: EventBus, lines: Sequence[str] = (), made: Callable[[Output], object] | None = None
) -> list[str]:
    """The lines an :class:`Output` of ``bus`` in JSON writes to a pipe, ``lines`` queued before
    its thread starts, until it closes; ``made`` is given the output before it starts."""
    read_end, write_end = os.pipe()  # 64 KiB of room: more than is written
    try:
        out = Output(bus, True, "en", fd=write_end)
        if made is not None:
            made(out)
        for line in lines:
            out.line(line)
        out.start()
        assert out.close(5)
        return os.read(read_end, 1 << 16).decode().splitlines()
    finally:
        os.close(read_end)
        os.close(write_end)


def test_closing_lines_and_events_go_out_in_writes_of_many_whole_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    writes: list[bytes] = []

    def write(fd: int, data: memoryview) -> int:
        writes.append(bytes(data))
        return os.write(fd, data)

    monkeypatch.setattr(output, "os", types.SimpleNamespace(write=write))
    bus = EventBus()
    for i in range(1, 101):
        bus.emit(CLIENT, "connecting", i, peer="127.0.0.1:1", run=1)
    lines = [f"summary line {i}" for i in range(300)]
    written = written_by(bus, lines)  # queued before the thread starts: one turn writes them all
    assert written[100:] == lines
    assert [line.count('"seq"') for line in written[:100]] == [1] * 100
    assert all(len(data) <= CHUNK and data.endswith(b"\n") for data in writes)
    assert len(writes) <= 2 + len(b"".join(writes)) // CHUNK  # as few writes as whole lines allow


def test_a_closing_line_follows_every_event_emitted_before_it_even_mid_turn() -> None:
    """An event and then a closing line arrive while a turn writes its batch (here, as the batch
    is drained): the line still comes after that event."""

    class Busy(EventBus):
        def drain(self, limit: int | None = None) -> list[Event]:
            batch = super().drain(limit)
            if batch and batch[0].seq == 1:  # the first turn: the run ends while it writes
                self.emit(CLIENT, "finished", run=1)
                outputs[0].line("summary")
            return batch

    outputs: list[Output] = []
    bus = Busy()
    bus.emit(CLIENT, "launched", run=1, order="free", n=0, hold=0.0, wall=0.0)
    written = written_by(bus, made=outputs.append)
    assert ['"launched"' in written[0], '"finished"' in written[1], written[2:]] == [True, True, ["summary"]]


def test_a_line_comes_before_every_event_emitted_after_it() -> None:
    """Ctrl-C's line end, queued as the command stops, then the server's ``stopped``: the line
    went out after the event when the writer woke after both (``^C    6.227  server  stopped``)."""
    bus = EventBus()
    bus.emit(CLIENT, "launched", run=1, order="free", n=0, hold=0.0, wall=0.0)

    def line_then_event(out: Output) -> None:
        out.line("")
        bus.emit(CLIENT, "finished", run=1)

    written = written_by(bus, made=line_then_event)
    assert ['"launched"' in written[0], written[1], '"finished"' in written[2]] == [True, "", True], written
