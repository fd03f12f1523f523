"""What the headless commands say where a value is missing: clients with no server to answer them
say so (never "None", never a server in another process), and a refused output file is an
argument error of its command, in the form every other one has."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest
from test_cli import ENV, ROOT, TCP_LAB

from tui_app.strings import tr


@pytest.mark.timeout(30)
@pytest.mark.parametrize(("lang", "said"), [("en", "No server answered at"), ("zh", "没有服务器应答")])
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
    assert tr("order.not_seen_no_server", lang) in summary, summary  # the accepts: none seen here, and why


RECORDINGS = ROOT / "docs" / "recordings"
WRITERS = [  # every command that writes a file, and the flag that names it
    (["serve", "--port", "0"], "--export", "x.jsonl"),
    (["clients"], "--export", "x.csv"),
    (["run"], "--export", "x.trace.json"),
    (["exhibit", "lost-update"], "--export", "x.jsonl"),
    (["open", str(RECORDINGS / "lock-4.jsonl")], "--svg", "x.svg"),
    (["merge", str(RECORDINGS / "serve.jsonl"), str(RECORDINGS / "clients.jsonl")], "--output", "x.jsonl"),
]

# argparse's form for a value refused, whichever check refused it; it names -o/--output as both
FORMS = [
    ("en", "tcp-lab {command}: error: argument {flag}: "),
    ("zh", "tcp-lab {command}：错误：参数 {flag}："),
]


@pytest.mark.timeout(30)
@pytest.mark.parametrize(("lang", "form"), FORMS)
@pytest.mark.parametrize(("argv", "flag", "name"), WRITERS, ids=[argv[0] for argv, _, _ in WRITERS])
def test_an_output_file_already_there_is_refused_as_an_argument_error(
    tmp_path: Path, argv: list[str], flag: str, name: str, lang: str, form: str
) -> None:
    there = tmp_path / name
    there.write_text("keep me")
    command = [*TCP_LAB, *argv, flag, str(there), "--lang", lang]
    done = subprocess.run(command, capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=25)
    refusal, pointer = done.stderr.splitlines()  # the one line, then where the command's help is
    said = {"--output": "-o/--output"}.get(flag, flag)
    assert done.returncode == 2 and refusal.startswith(form.format(command=argv[0], flag=said)), done.stderr
    assert "--overwrite" in refusal and f"tcp-lab {argv[0]}" in pointer and there.read_text() == "keep me"
