"""``serve`` and ``clients`` recorded by two processes, merged onto one clock and one trace."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import run_both_sides
from test_cli import ENV, ROOT, TCP_LAB, clients, json_lines, refused, serve

from server_core import Event
from server_core.export import write_export
from server_core.merge import MergeRefused, merge
from server_core.recording import Recording, read_recording

N = 4


@dataclass(frozen=True)
class Apart:
    """A serve recording and a clients recording of one session, made by two processes."""

    server: Path
    clients: Path
    summary: dict  # the summary ``clients --json`` printed
    served: list[dict]  # the events ``serve --json`` printed


def record_apart(directory: Path, n: int = N, order: str = "lock", hold: str = "0.05") -> Apart:
    """Run ``serve --export`` (port 0) and ``clients --export`` against it as two processes."""
    server, client = directory / "serve.jsonl", directory / "clients.jsonl"
    with serve("--export", str(server)) as srv:
        args = ["-n", str(n), "--port", str(srv.port), "--order", order, "--hold", hold, "--json"]
        result = clients(*args, "--export", str(client))
        assert result.returncode == 0, result.stderr
        served = [srv.listening, *srv.until("disconnected", n)]
    assert server.exists(), "serve wrote no export"
    return Apart(server, client, json_lines(result)[-1], served)


@pytest.fixture(scope="module")
def apart(tmp_path_factory: pytest.TempPathFactory) -> Apart:
    return record_apart(tmp_path_factory.mktemp("apart"))


def merged_with(apart: Apart, output: Path) -> subprocess.CompletedProcess:
    args = ["merge", str(apart.server), str(apart.clients), "-o", str(output)]
    return subprocess.run([*TCP_LAB, *args], capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=30)


def test_the_trace_has_an_arrow_for_each_message_in_each_direction(apart: Apart, tmp_path: Path) -> None:
    output = tmp_path / "both.trace.json"
    result = merged_with(apart, output)
    assert result.returncode == 0, result.stderr
    assert f"{N} connections seen from both ends" in result.stderr
    trace = json.loads(output.read_text(encoding="utf-8"))["traceEvents"]
    threads = {(e["pid"], e["tid"]): e["args"]["name"] for e in trace if e["name"] == "thread_name"}
    flows = [e for e in trace if e["ph"] in "sf"]
    assert Counter(e["ph"] for e in flows) == {"s": 2 * N, "f": 2 * N}
    ends: dict[int, dict[str, str]] = {}
    for flow in flows:
        ends.setdefault(flow["id"], {})[flow["ph"]] = threads[(flow["pid"], flow["tid"])].split()[0]
    assert Counter((e["s"], e["f"]) for e in ends.values()) == {
        ("client", "handler"): N,
        ("handler", "client"): N,
    }


def test_the_jsonl_puts_both_sides_on_one_clock(apart: Apart, tmp_path: Path) -> None:
    """Each client connects when its handler accepts it; without the anchors the clients' clock
    would start when their process did, long after the server's."""
    output = tmp_path / "both.jsonl"
    assert merged_with(apart, output).returncode == 0
    merged = read_recording(output)
    server, client = read_recording(apart.server), read_recording(apart.clients)
    assert len(merged.events) == len(server.events) + len(client.events)
    assert [e.seq for e in merged.events] == list(range(1, len(merged.events) + 1))
    assert [e.t for e in merged.events] == sorted(e.t for e in merged.events)
    accepted = {e.peer: e.t for e in merged.events if e.kind == "accepted"}
    connected = {e.local: e.t for e in merged.events if e.kind == "connected"}
    assert accepted.keys() == connected.keys() and len(accepted) == N
    assert all(abs(accepted[end] - connected[end]) < 0.05 for end in accepted)
    assert client.events[0].t < 0.05 < min(connected.values())


def test_unrelated_recordings_are_refused_with_a_reason(apart: Apart, tmp_path: Path) -> None:
    server, client = read_recording(apart.server), read_recording(apart.clients)
    with pytest.raises(MergeRefused, match="are the same file"):
        merge(client, client)
    later = client.events[0]._replace(
        extra={**(client.events[0].extra or {}), "wall": (client.wall or 0) + 3600}
    )
    with pytest.raises(MergeRefused, match="apart: not one session"):
        merge(server, type(client)(client.path, [later, *client.events[1:]]))
    unanchored = [
        e._replace(extra={k: v for k, v in (e.extra or {}).items() if k != "wall"}) for e in server.events
    ]
    with pytest.raises(MergeRefused, match="no wall-clock anchor"):
        merge(type(server)(server.path, unanchored), client)
    assert "are the same file" in refused(
        ["merge", str(apart.clients), str(apart.clients), "-o", str(tmp_path / "x.jsonl")]
    )
    assert not (tmp_path / "x.jsonl").exists()


def later(recording: Recording, seconds: float) -> list[Event]:
    """``recording``'s events as another recording of the same side would hold them."""
    return [e._replace(t=e.t + seconds) for e in recording.events]


def test_inputs_that_are_not_one_server_and_one_clients_recording_are_refused(
    apart: Apart, tmp_path: Path
) -> None:
    server, client = read_recording(apart.server), read_recording(apart.clients)
    copy = tmp_path / "copy.jsonl"
    copy.write_bytes(apart.clients.read_bytes())
    both = tmp_path / "run.jsonl"
    write_export(both, run_both_sides("free", 2, hold=0))
    merged = tmp_path / "merged.jsonl"
    assert merged_with(apart, merged).returncode == 0
    servers, clients_ = tmp_path / "servers.jsonl", tmp_path / "clients2.jsonl"
    write_export(servers, later(server, 0.01))
    write_export(clients_, later(client, 0.01))
    cases = [
        (apart.clients, apart.clients, "are the same file"),
        (apart.clients, copy, "hold the same events"),
        (both, apart.clients, f"{both} already holds both sides"),
        (apart.server, both, f"{both} already holds both sides"),
        (merged, apart.clients, f"{merged} already holds both sides"),
        (merged, merged, "are the same file"),
        (apart.server, servers, "are both server recordings"),
        (clients_, apart.clients, "are both client recordings"),
    ]
    for first, second, says in cases:
        out = tmp_path / "out.jsonl"
        assert says in refused(["merge", str(first), str(second), "-o", str(out)]), (first, second)
        assert not out.exists()
    with pytest.raises(MergeRefused, match="both server recordings"):
        merge(server, Recording("other.jsonl", later(server, 0.01)))


def test_a_merged_run_has_the_figures_its_clients_command_printed() -> None:
    """Whatever the two clocks' offset, the merged run's times and waits are the clients
    recording's to the microsecond: each side moves by whole microseconds."""
    from tui_app.session import Session

    recordings = ROOT / "docs" / "recordings"
    server = read_recording(recordings / "serve.jsonl")
    clients_side = read_recording(recordings / "clients.jsonl")
    alone = Session()
    alone.apply(list(clients_side.events))
    [printed] = alone.summaries.values()
    figures = ("makespan", "mean_wait", "p95_wait", "mean_reply_wait", "p95_reply_wait")
    assert clients_side.wall is not None
    for step in range(40):  # offsets between two microseconds, as two machines' clocks give them
        wall = clients_side.wall - 0.8648305 - step * 0.0000237
        moved = [e._replace(extra={**e.extra, "wall": wall}) if e.extra and "wall" in e.extra else e
                 for e in server.events]
        merged = Session()
        merged.apply(merge(Recording(server.path, moved), clients_side).events)
        [summary] = merged.summaries.values()
        assert [getattr(summary, k) for k in figures] == [getattr(printed, k) for k in figures], step
