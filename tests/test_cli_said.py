"""What the headless commands say where a value is missing: clients with no server to answer them
say so (never "None", never a server in another process), and a refused output file is an
argument error of its command, in the form every other one has."""

from __future__ import annotations

import socket
import subprocess

import pytest
from test_cli import ENV, ROOT, TCP_LAB


@pytest.mark.timeout(30)
@pytest.mark.parametrize(("lang", "said"), [("en", "no server answered at"), ("zh", "没有服务器应答")])
def test_clients_with_no_server_say_that_no_server_answered(lang: str, said: str) -> None:
    with socket.socket() as bound:  # bound, never listening: every connect to it is refused
        bound.bind(("127.0.0.1", 0))
        port = bound.getsockname()[1]
        argv = [*TCP_LAB, "clients", "-n", "3", "--port", str(port), "--timeout", "5", "--lang", lang]
        done = subprocess.run(argv, capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=25)
    assert done.returncode == 1, done.stderr
    summary = done.stdout[done.stdout.index("\n3") :]  # after the events: from "3 clients" on
    assert f"{said}" in summary and f"127.0.0.1:{port}" in summary, summary
    assert "None" not in summary and "another process" not in summary and "另一个进程" not in summary, summary
