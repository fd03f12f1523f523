"""The command line's output goes out in whole lines, many to a write: each write (and the poll
before it) hands the interpreter lock on, among a launch's thousand client threads."""

from __future__ import annotations

import os
import types

import pytest

from server_core import CLIENT, Event, EventBus
from tui_app import output
from tui_app.output import CHUNK, Output


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
    read_end, write_end = os.pipe()  # 64 KiB of room: more than is written
    try:
        out = Output(bus, True, "en", fd=write_end)
        lines = [f"summary line {i}" for i in range(300)]
        for line in lines:  # queued before the thread starts: one turn writes them all
            out.line(line)
        out.start()
        assert out.close(5)
        written = os.read(read_end, 1 << 16).decode().splitlines()
    finally:
        os.close(read_end)
        os.close(write_end)
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
                out.line("summary")
            return batch

    bus = Busy()
    bus.emit(CLIENT, "launched", run=1, order="free", n=0, hold=0.0, wall=0.0)
    read_end, write_end = os.pipe()
    try:
        out = Output(bus, True, "en", fd=write_end)
        out.start()
        assert out.close(5)
        written = os.read(read_end, 1 << 16).decode().splitlines()
    finally:
        os.close(read_end)
        os.close(write_end)
    assert ['"launched"' in written[0], '"finished"' in written[1], written[2:]] == [True, True, ["summary"]]
