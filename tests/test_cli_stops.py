"""A stop signal ends every command the same way: after a typed Ctrl-C exactly one line end
follows the terminal's ``^C`` (on standard error when standard output is a file), a line says
the command was stopped and by what, a file it was to write is said not written and is absent,
and the exit code is 128 + the signal's number. ``experiment`` and ``exhibit`` print what they
know before their run (title, prediction) at once and, stopped, say what was not shown; ``open
--svg`` prints nothing until it ends; ``run`` to a file prints nothing on the terminal at all."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import Deadline, pty_chunk
from test_cli import ENV, ROOT, TCP_LAB

COLUMNS = 500  # the pseudo-terminal's width


def holds(pid: int, kind: str) -> bool:
    """Whether process ``pid`` has a descriptor of ``kind`` open now (``socket``,
    ``[eventpoll]``: an event loop's); False once it is gone."""
    try:
        return any(kind in os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return False


def stopped(
    argv: list[str], ready: Callable[[int], bool], signum: int, stdout: Path | None = None
) -> tuple[int, str]:
    """Run ``argv`` on a pseudo-terminal that is its controlling terminal and echoes control
    characters (standard output to ``stdout`` instead when given); once ``ready(pid)`` says so,
    type Ctrl-C (SIGINT) or send ``signum``. Its exit code and what the terminal showed."""
    parent, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 40, COLUMNS, 0, 0))
    attrs = termios.tcgetattr(child)
    # NOFLSH: the ^C typed must not discard what the command wrote that this test has not read
    # yet (a terminal flushes its output queue on an interrupt): the command's output is checked
    attrs[3] |= termios.ECHO | termios.ECHOCTL | termios.ISIG | termios.NOFLSH
    termios.tcsetattr(child, termios.TCSANOW, attrs)
    deadline = Deadline(25, f"{argv} stopped")
    out = b""
    with open(stdout or os.devnull, "wb") as file:
        command = ["setsid", "--ctty", "--wait", *argv]  # a session whose terminal this is
        shown = file if stdout else child
        env = {name: value for name, value in ENV.items() if name not in ("COLUMNS", "LINES")}  # the pty's
        proc = subprocess.Popen(command, stdin=child, stdout=shown, stderr=child, env=env, cwd=ROOT)
    os.close(child)
    try:
        sent = False
        while True:
            deadline.check()
            if not sent:
                # setsid(1) runs the command in its own process, unless it had to fork first
                forked = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
                pid = int(forked[0]) if forked else proc.pid
                if ready(pid):
                    if signum == signal.SIGINT:
                        os.write(parent, b"\x03")  # typed: the terminal echoes ^C and signals
                    else:
                        os.kill(pid, signum)
                    sent = True
            if not select.select([parent], [], [], 0.02)[0]:
                if proc.poll() is not None:
                    break
                continue
            if not (chunk := pty_chunk(parent)):
                break
            out += chunk
        proc.wait(timeout=max(0.1, deadline.end - time.monotonic()))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(parent)
    return proc.returncode, out.decode().replace("\r\n", "\n")


def busy(pid: int) -> bool:
    """The command is under way: it has a socket open (a server's, a client's)."""
    return holds(pid, "socket")


def drawing(pid: int) -> bool:
    """``open --svg`` is under way: the app's event loop runs."""
    return holds(pid, "[eventpoll]")


EXPORTED = [
    (["experiment", "backlog"], None),
    (["exhibit", "deadlock"], "--export"),
]


def before_the_run(args: list[str], width: int) -> tuple[str, str]:
    """What ``experiment NAME`` or ``exhibit NAME`` prints before its run on a terminal ``width``
    columns wide (its title and prediction, then a blank line) and the line that says, once it is
    stopped, what was not shown."""
    from server_core.exhibits import make_exhibit
    from tui_app import exhibit_view, experiment_view
    from tui_app.hanging import hung_lines
    from tui_app.strings import tr

    command, name = args
    if command == "experiment":
        opening, cut = experiment_view.opening(name), tr("cli.cut.experiment")
    else:
        shown = make_exhibit(name, False)
        opening, cut = exhibit_view.opening(name, False, shown.n, shown.given()), tr("cli.cut.exhibit")
    lines = [part for line in opening for part in (hung_lines(line, width) if line else [line])]
    return "\n".join(lines) + "\n", cut


@pytest.mark.timeout(60)
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize(("args", "flag"), EXPORTED, ids=[args[0] for args, _ in EXPORTED])
def test_a_command_that_ends_by_itself_says_it_was_stopped(
    tmp_path: Path, args: list[str], flag: str | None, signum: int
) -> None:
    target = tmp_path / "x.jsonl"
    argv = [*TCP_LAB, *args, *([flag, str(target)] if flag else [])]
    code, shown = stopped(argv, busy, signum)
    name = signal.Signals(signum).name
    opening, cut = before_the_run(args, COLUMNS)
    said = f"tcp-lab: stopped by {name}\ntcp-lab: {cut}\n"
    said += f"tcp-lab: {target} was not written\n" if flag else ""
    if signum == signal.SIGINT:
        said = "^C\n" + said  # exactly one line end after the terminal's ^C
    assert code == 128 + signum and shown == opening + said, shown
    assert not list(tmp_path.iterdir())  # absent, no part of it left


@pytest.mark.timeout(60)
def test_a_picture_being_drawn_is_stopped_and_not_written(tmp_path: Path) -> None:
    target = tmp_path / "x.svg"
    argv = [*TCP_LAB, "open", "docs/recordings/lock-4.jsonl", "--svg", str(target)]
    code, shown = stopped(argv, drawing, signal.SIGTERM)
    assert code == 128 + signal.SIGTERM, shown
    assert shown == f"tcp-lab: stopped by SIGTERM\ntcp-lab: {target} was not written\n", shown
    assert not list(tmp_path.iterdir())


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("command", "extra"),
    [("run", []), ("run", ["--timeline"]), ("serve", [])],
    ids=["run", "run-timeline", "serve"],
)
def test_ctrl_c_with_standard_output_in_a_file_ends_the_terminals_line_on_standard_error(
    tmp_path: Path, command: str, extra: list[str]
) -> None:
    """The readable output's last line says what stopped it, after the lanes too (--timeline)."""
    out = tmp_path / "out.txt"
    args = ["run", "-n", "3", "--hold", "30"] if command == "run" else ["serve", "--port", "0"]
    args += extra

    def under_way(_: int) -> bool:
        return "connected" in out.read_text() if command == "run" else "listening" in out.read_text()

    code, shown = stopped([*TCP_LAB, *args], under_way, signal.SIGINT, stdout=out)
    assert code == (130 if command == "run" else 0), shown
    assert shown == "^C\n", shown  # the prompt starts on a line of its own
    assert out.read_text().splitlines()[-1] == "stopped by SIGINT"


def _stopped_by_sigterm(*_: object) -> None:
    """A run that a SIGTERM stops, as the command's signal handler stops it."""
    stop = KeyboardInterrupt()
    stop.signum = signal.SIGTERM  # type: ignore[attr-defined]
    raise stop


@pytest.mark.timeout(30)
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["experiment", "exhibit"])
def test_a_json_run_stopped_says_its_json_object_was_not_printed(
    command: str, lang: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --json nothing but the one object is printed, at the end: a stop said "its lanes,
    what it observed and its outcome were not shown", which no --json run shows anyway."""
    from server_core import experiments
    from server_core.exhibits.base import Exhibit
    from tui_app import cli
    from tui_app.strings import tr

    monkeypatch.setattr(experiments, "run_experiment", _stopped_by_sigterm)
    monkeypatch.setattr(Exhibit, "run", _stopped_by_sigterm)
    name = "backlog" if command == "experiment" else "deadlock"
    assert cli.main([command, name, "--json", "--lang", lang]) == 128 + signal.SIGTERM
    said = capsys.readouterr()
    assert said.out == ""
    assert len(said.err.splitlines()) == 2, said.err  # stopped by SIGTERM, then what was not printed
    assert tr(f"cli.cut.{command}_json", lang) in said.err, said.err
    assert tr(f"cli.cut.{command}", lang) not in said.err, said.err


def starting_a_child(pid: int) -> bool:
    """The command has just started a child process (a server's, a client run's): it is still
    starting, its interpreter loading. (:func:`stopped` takes the command's first child for the
    command when setsid(1) may have forked: here that is ``pid``, the child itself.)"""
    try:
        return b"server_core.processes" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:  # gone meanwhile
        return False


@pytest.mark.timeout(60)
def test_ctrl_c_while_a_child_process_starts_is_the_commands_stop(tmp_path: Path) -> None:
    """A typed Ctrl-C reaches the terminal's whole process group: the child process being
    started too. It never ends the child (which the command then blamed: "cannot listen ...:
    server process ended (exit code -2)"): the command stops it and says it was stopped."""
    target = tmp_path / "x.jsonl"
    argv = [*TCP_LAB, "run", "-n", "3", "--engine", "process", "--export", str(target)]
    code, shown = stopped(argv, starting_a_child, signal.SIGINT)
    assert code == 130, shown
    assert shown.startswith("^C\n") and "exit code" not in shown and "cannot" not in shown, shown
    assert "stopped by SIGINT\n" in shown, shown
    assert f"to {target}\n" in shown and target.exists(), shown  # complete, and said


def _typed_ctrl_c(*_: object) -> None:
    raise KeyboardInterrupt


@pytest.mark.timeout(30)
@pytest.mark.parametrize("step", ["build_parser", "_check_outputs"])
def test_ctrl_c_while_the_arguments_are_read_is_said(
    step: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before any command runs (its parser built, its files checked), a stop is said as every
    other: not a bare exit 130."""
    from tui_app import cli

    monkeypatch.setattr(cli, step, _typed_ctrl_c)
    target = tmp_path / "x.jsonl"
    assert cli.main(["run", "--export", str(target), "--lang", "en"]) == 130
    said = capsys.readouterr().err
    assert said.startswith("tcp-lab: stopped by SIGINT\n"), said
    assert (f"tcp-lab: {target} was not written\n" in said) == (step != "build_parser"), said


@pytest.mark.timeout(30)
def test_the_installed_command_loads_the_command_line_where_a_ctrl_c_is_caught() -> None:
    """The ``tcp-lab`` script imports its entry point's module before it calls it: that module
    must not load the command line (a Ctrl-C then was a traceback), its function does."""
    import tomllib

    target = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]["tcp-lab"]
    module = target.split(":")[0]
    check = f"import importlib, sys; importlib.import_module({module!r}); print('tui_app.cli' in sys.modules)"
    argv = [TCP_LAB[0], "-c", check]
    loaded = subprocess.run(argv, capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=20)
    assert loaded.stdout == "False\n", loaded.stderr
