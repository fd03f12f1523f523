"""When standard output fails (a closed pipe: ``tcp-lab clients ... | head -3``), standard error
says exactly what was not written there: the events missing, and the closing lines (the summary,
the stop, the lanes) by name, not a count of events alone."""

from __future__ import annotations

import os
import subprocess

import pytest
from test_cli import ENV, ROOT, TCP_LAB

from server_core import CLIENT, EventBus
from tui_app.cli import _close
from tui_app.output import Output


def closed_pipe_output(bus: EventBus) -> tuple[Output, int]:
    """An :class:`Output` of ``bus`` in JSON to a pipe whose reader has gone, and the pipe's
    write end (the caller closes it)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    return Output(bus, True, "en", fd=write_end), write_end


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "standard output failed (Broken pipe); the summary not written there\n"),
        ("zh", "标准输出失败（管道已断开）；汇总未写出\n"),
    ],
)
def test_a_summary_not_written_is_said_not_zero_events(
    capsys: pytest.CaptureFixture[str], lang: str, said: str
) -> None:
    """Every event went out before the reader left; the summary did not."""
    out, write_end = closed_pipe_output(EventBus())
    try:
        out.line('{"summary": 1}', "cli.part.summary")
        out.start()
        assert not _close(out, False, lang)
    finally:
        os.close(write_end)
    assert capsys.readouterr().err.endswith(said)


def test_events_and_every_closing_part_not_written_are_listed(capsys: pytest.CaptureFixture[str]) -> None:
    bus = EventBus()
    bus.emit(CLIENT, "launched", run=1, order="free", n=0, hold=0.0, wall=0.0)
    out, write_end = closed_pipe_output(bus)
    try:
        out.line("")  # a line end after Ctrl-C: nothing to say when lost
        out.line("summary", "cli.part.summary")
        out.line("stopped by SIGINT", "cli.part.stop")
        out.line("lanes", "cli.part.lanes")
        out.start()
        assert not _close(out, True, "en")
    finally:
        os.close(write_end)
    assert capsys.readouterr().err.endswith(
        "; 1 event, the summary, the line saying what stopped it and the lanes not written there"
        " (the export has them)\n"
    )


def test_a_run_to_a_closed_pipe_says_its_events_and_summary_were_not_written() -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [*TCP_LAB, "run", "-n", "2", "--hold", "0", "--json"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=ENV,
            timeout=30,
        )
    finally:
        os.close(write_end)
    assert done.returncode == 1
    assert done.stderr.endswith(" events and the summary not written there\n"), done.stderr
