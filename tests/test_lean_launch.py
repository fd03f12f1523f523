"""``tcp-lab clients`` loads what a client run needs and nothing else: no server, no exports, no
experiments or exhibits, no Textual; ``tcp-lab serve`` no clients, summary or step mode; neither
loads ``dataclasses`` or ``inspect`` (and ``dis``, ``ast`` with it), which cost a launch
milliseconds, nor rich for English lines (``python -X importtime`` shows the rest)."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

from test_cli import ENV, ROOT

# neither command uses them (rich: not for English lines, whose labels are measured without it)
NOT_FOR_ANY = ("dataclasses", "inspect", "dis", "ast", "pkgutil", "rich")
NOT_FOR_CLIENTS = (
    "server_core.server",
    "server_core.processes",
    "server_core.export",
    "server_core.experiments",
    "server_core.exhibits",
    "server_core.merge",
    "server_core.recording",
    "server_core.stepping",
    "tui_app.experiment_view",
    "tui_app.exhibit_view",
    "textual",
    "importlib.metadata",
    *NOT_FOR_ANY,
)
NOT_FOR_SERVE = (
    "server_core.clients",
    "server_core.summary",
    "server_core.timeline",
    "server_core.processes",
    "server_core.stepping",
    "server_core.export",
    "server_core.experiments",
    "server_core.exhibits",
    "server_core.recording",
    "tui_app.verdict",
    "textual",
    "importlib.metadata",
    *NOT_FOR_ANY,
)
RUN = (
    "import sys\n"
    "from tui_app.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def answering_server() -> tuple[socket.socket, threading.Thread]:
    """A listener on port 0 that answers each connection's first chunk once, in a thread."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(10)

    def serve() -> None:
        with listener:
            conn, _ = listener.accept()
            with conn:
                conn.settimeout(10)
                conn.recv(1024)
                conn.sendall("收到客户端信息".encode())
                conn.recv(1024)  # until the client closes

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return listener, thread


def test_a_client_run_loads_no_server_export_experiment_or_exhibit() -> None:
    for extra in ([], ["--json"]):
        listener, thread = answering_server()
        port = str(listener.getsockname()[1])
        args = ["clients", "-n", "1", "--hold", "0", "--port", port, *extra]
        result = subprocess.run(
            [sys.executable, "-c", RUN, *args], capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=30
        )
        thread.join(10)
        assert result.returncode == 0, result.stderr
        loaded = set(result.stderr.splitlines()[-1].split())
        assert "server_core.clients" in loaded and "server_core.summary" in loaded
        assert not [name for name in loaded if _within(name, NOT_FOR_CLIENTS)]


def test_a_server_loads_no_clients_summary_or_step_mode() -> None:
    for extra in ([], ["--json"]):
        args = ["serve", "--port", "0", *extra]
        with subprocess.Popen(
            [sys.executable, "-c", RUN, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=ENV, cwd=ROOT,
        ) as serve:  # fmt: skip
            assert serve.stdout is not None
            assert "listening" in serve.stdout.readline()  # blocks until the server says it listens
            serve.send_signal(signal.SIGINT)
            _, errors = serve.communicate(timeout=30)
        assert serve.returncode == 0, errors
        loaded = set(errors.splitlines()[-1].split())
        assert "server_core.server" in loaded
        assert not [name for name in loaded if _within(name, NOT_FOR_SERVE)]


def _within(module: str, names: tuple[str, ...]) -> bool:
    """Whether ``module`` is one of ``names`` or inside one of them."""
    return any(module == name or module.startswith(f"{name}.") for name in names)


NOT_FOR_MERGE = (
    "server_core.server",
    "server_core.clients",
    "server_core.experiments",
    "server_core.exhibits",
    "server_core.stepping",
    "textual",
)


def test_a_merge_loads_no_server_clients_experiment_exhibit_or_textual(tmp_path: Path) -> None:
    """Merging two recordings into JSON lines reads and writes events: the exhibits (which an
    exhibit's trace draws, and which load the server) were loaded for every export."""
    data = Path(ROOT) / "tests" / "data" / "run-lock-3.jsonl"
    events = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines()]
    for event in events:  # one clock: both processes started at the same instant
        if event["kind"] in ("listening", "launched"):
            event["wall"] = 1e9
    server, clients = tmp_path / "s.jsonl", tmp_path / "c.jsonl"
    for path, side in ((server, "server"), (clients, "client")):  # each side as its own process wrote it
        sides = (event for event in events if event["side"] == side)
        kept = [{**event, "seq": seq} for seq, event in enumerate(sides, 1)]
        path.write_text("".join(json.dumps(event) + "\n" for event in kept), encoding="utf-8")
    args = ["merge", str(server), str(clients), "-o", str(tmp_path / "m.jsonl")]
    result = subprocess.run(
        [sys.executable, "-c", RUN, *args], capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=30
    )
    assert result.returncode == 0, result.stderr
    loaded = set(result.stderr.splitlines()[-1].split())
    assert "server_core.merge" in loaded and "server_core.export" in loaded
    assert not [name for name in loaded if _within(name, NOT_FOR_MERGE)]
