"""Every benchmark script still runs: each one's --quick smoke run ends by itself with its table.

Timings are not asserted here; the numbers belong to the full runs documented in
docs/PERFORMANCE.md.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
SERVERS = ["tcp-lab", "stdlib", "asyncio", "lesson"]
RATE_SERVERS = ["tcp-lab", "tcp-lab-new", "tcp-lab-proc", "stdlib", "asyncio", "lesson"]
NATIVE = "c-epoll"  # the C reference's row, present only where a C compiler is
SCRIPTS = {
    "connections.py": ("| server | cycles/s |", RATE_SERVERS),
    "roundtrips.py": ("| server | connections | round trips/s |", RATE_SERVERS * 2),
    "idle.py": ("| server | held |", SERVERS),
    "launch.py": (
        "| command | clients |",
        ["lesson client 2.0", "tcp-lab clients", "tcp-lab clients --json"],
    ),
    "launcher.py": ("| launcher | clients |", ["ClientRun", "bare threads"]),
    "looks.py": ("| look | CPU ms |", ["none", "poll", "TCP_INFO", "getsockname"]),
    "startup.py": (
        "| command | median ms |",
        [
            "python -c pass",
            "tcp-lab --help",
            "tcp-lab serve",
            "tcp-lab clients -n 1",
            "import textual.app",
            "tcp-lab open --svg",
            "tcp-lab merge",
        ],
    ),
    "app_flood.py": ("| events | seconds |", ["12000"]),
    "bus.py": ("| history | events |", ["spilled", "in memory"]),
    "export.py": ("| format | history |", [".jsonl", ".csv", ".trace.json"]),
    "app_memory.py": ("| engine | events |", ["process"]),
    "presence.py": ("| how | clients |", ["serve + clients", "run, processes", "app, processes"]),
    "distortion.py": (
        "| how | clients |",
        [
            "serve + clients",
            "serve + clients, again",
            "run, processes",
            "run, threads",
            "app, processes",
            "app, threads",
        ],
    ),
}


def table_rows(output: str, header: str) -> list[list[str]]:
    """The cells of the Markdown table whose header line starts with ``header``."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    assert lines[start + 1].startswith("|---")
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


@pytest.mark.long
@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_quick_run_prints_its_table(script: str) -> None:
    header, labels = SCRIPTS[script]
    result = subprocess.run(
        [sys.executable, str(BENCH / script), "--quick"], capture_output=True, text=True, timeout=50
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("# ")
    if "\nnot measured: " in result.stdout:  # presence.py without perf's whole-machine tracing
        pytest.skip(result.stdout.rsplit("not measured: ", 1)[1].strip())
    rows = table_rows(result.stdout, header)
    assert [row[0] for row in rows if row[0] != NATIVE][: len(labels)] == labels
    width = header.count("|") - 1
    assert all(len(row) == len(rows[0]) and len(row) >= width and all(row) for row in rows)
