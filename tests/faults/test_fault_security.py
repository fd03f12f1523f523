"""Hostile bytes from the network reach the terminal only as visible escapes, never as control."""

from __future__ import annotations

import ast
import json
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from server_core.wire import REORDERING

ROOT = Path(__file__).parents[2]
TCP_LAB = [sys.executable, "-m", "tui_app"]
ENV = {**os.environ, "LANG": "C.UTF-8", "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT)}

HOSTILE = (
    b"\x1b[31mred\x1b[0m"  # colour escape
    b"\x1b]0;owned\x07"  # set the window title, then BEL
    b"\x1b[2J\x1b[H"  # clear the screen, cursor home
    b"line\rover\x08\x7f"  # carriage return, backspace, DEL
    b"\xc2\x9b31m"  # U+009B: the 8-bit CSI
    b"[bold]markup[/bold] [link=file:///etc/passwd]x[/link]"
    b"\x00nul\xff\xfe"  # NUL and invalid UTF-8
    + "\u202eesrever\u2066iso\u2028sep".encode()  # right-to-left override, isolate, line separator
)


def raw_control_bytes(data: bytes) -> list[str]:
    """Control and reordering characters in ``data`` other than the newlines that end lines."""
    text = data.decode("utf-8", errors="replace")
    return [
        f"U+{ord(c):04X}"
        for c in text
        if c != "\n" and (ord(c) < 0x20 or ord(c) == 0x7F or 0x80 <= ord(c) < 0xA0 or ord(c) in REORDERING)
    ]


def serve_output(*args: str) -> bytes:
    """Run ``tcp-lab serve``, send the hostile bytes as one client, return stdout as bytes."""
    proc = subprocess.Popen(
        [*TCP_LAB, "serve", "--port", "0", "--lang", "en", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
        cwd=ROOT,
    )
    try:
        first = proc.stdout.readline()
        port = int(re.search(rb"127\.0\.0\.1:(\d+)", first)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(HOSTILE)
            assert sock.recv(1024)
    finally:
        proc.send_signal(signal.SIGINT)
        rest, err = proc.communicate(timeout=5)
    assert b"Traceback" not in err
    return first + rest


def test_readable_output_shows_hostile_bytes_as_escapes() -> None:
    out = serve_output()
    assert raw_control_bytes(out) == []
    said = next(line for line in out.decode().splitlines() if "says:" in line)
    assert "\\x1b[31mred\\x1b[0m" in said
    assert "\\x1b]0;owned\\x07" in said
    assert "line\\rover\\x08\\x7f" in said
    assert "\\x9b31m" in said
    assert "[bold]markup[/bold]" in said
    assert "\\x00nul\\xff\\xfe" in said  # NUL escaped; invalid bytes shown as their escapes
    assert "\\u202eesrever\\u2066iso\\u2028sep" in said  # nothing reversed or broken


def test_json_output_carries_hostile_bytes_exactly_but_never_raw() -> None:
    out = serve_output("--json")
    assert raw_control_bytes(out) == []
    events = [json.loads(line) for line in out.decode().splitlines()]
    [received] = [e for e in events if e["kind"] == "received"]
    expected = HOSTILE.decode("utf-8", errors="backslashreplace")
    assert received["text"] == expected
    assert received["bytes"] == len(HOSTILE)


FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}
FORBIDDEN_MODULES = {"pickle", "marshal", "shelve", "dill", "yaml", "subprocess"}
# The one exception: the event history's spool reads back only records this process wrote, in
# marshal's format (values only, never code), to a file of its own that has no name; the process
# engine's pipe, between a child process of the lab and its parent, carries the same format.
ALLOWED_IMPORTS = {("spool.py", "marshal")}


@pytest.mark.parametrize("package", ["server_core", "tui_app"])
def test_nothing_from_the_network_can_be_evaluated_or_unpickled(package: str) -> None:
    """The code has no way to run or unpickle what it receives: no eval, exec, pickle, shell."""
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in FORBIDDEN_CALLS:
                found.append(f"{path.name}:{node.lineno} {node.func.id}()")
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            found += [
                f"{path.name}:{node.lineno} import {n}"
                for n in names
                if n.split(".")[0] in FORBIDDEN_MODULES and (path.name, n) not in ALLOWED_IMPORTS
            ]
    assert found == []


def test_the_reliability_table_names_tests_that_exist() -> None:
    """docs/RELIABILITY.md cannot drift from the suite: every test it names is defined."""
    doc = (ROOT / "docs" / "RELIABILITY.md").read_text()
    named = re.findall(r"`(?:(tests/[\w/]+\.py|test_\w+\.py)::)?(test_\w+)`", doc)
    assert len(named) >= 30
    current = "tests/faults/test_fault_stream.py"
    for path, name in named:
        current = path if path.startswith("tests/") else f"tests/faults/{path}" if path else current
        assert f"def {name}(" in (ROOT / current).read_text(), f"{current}::{name}"
