"""``tcp-lab exhibit`` and ``tcp-lab experiment`` take ``--port``: a free port of their own by
default and for 0, the port given otherwise, refused as ``serve`` refuses a bad or busy one."""

from __future__ import annotations

import json
import random
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import wait_for
from test_cli import help_pointer

from server_core.experiments import run_experiment
from server_core.experiments.sockdiag import count_in_state
from tui_app import cli


def free_ports(count: int, kind: socket.SocketKind = socket.SOCK_STREAM, host: str = "127.0.0.1") -> int:
    """The first of ``count`` consecutive ports free on ``host`` now, below the system's
    ephemeral range: a port there is never the local end of another test's connection, whose
    TIME_WAIT keeps it from a bind without SO_REUSEADDR (a port the kernel picked, and the next,
    were both taken so on a busy machine)."""
    low = max(EPHEMERAL_LOW - count, 20_001)
    for _ in range(200):
        port = random.randrange(20_000, low)
        if all(_free(host, each, kind) for each in range(port, port + count)):
            return port
    raise AssertionError(f"no {count} free ports in a row")


def _free(host: str, port: int, kind: socket.SocketKind) -> bool:
    with socket.socket(socket.AF_INET, kind) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def _ephemeral_low() -> int:
    """The first port of the system's ephemeral range (Linux's default where it cannot be read)."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


EPHEMERAL_LOW = _ephemeral_low()
FREE_PORT = "--port 0 picks a free port"  # how every refusal of a port ends
FREE_PORT_ZH = "--port 0 会选一个空闲端口"


@pytest.fixture
def taken() -> Iterator[int]:
    """A port a listener holds on 127.0.0.1 for the test."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        yield listener.getsockname()[1]


def main(argv: list[str]) -> int | str | None:
    try:
        return cli.main(argv)
    except SystemExit as exc:
        return exc.code


@pytest.mark.timeout(30)
def test_an_experiment_listens_on_the_port_given(capsys: pytest.CaptureFixture[str]) -> None:
    port = free_ports(1)
    assert main(["experiment", "backlog", "--port", str(port), "--json", "--lang", "en"]) == 0
    said = json.loads(capsys.readouterr().out)
    assert f"the server listens on port {port} with backlog" in said["steps"][0], said["steps"]


@pytest.mark.timeout(30)
def test_reuseaddr_takes_the_port_given_and_the_next(capsys: pytest.CaptureFixture[str]) -> None:
    port = free_ports(2)
    assert main(["experiment", "reuseaddr", "--port", str(port), "--json", "--lang", "en"]) == 0
    steps = json.loads(capsys.readouterr().out)["steps"]
    assert f"SO_REUSEADDR=0 on port {port}:" in steps[0] and f"SO_REUSEADDR=1 on port {port + 1}:" in steps[3]


@pytest.mark.timeout(30)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_reuseaddr_says_both_its_ports_where_it_says_what_it_observed(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The second round's port, the next one, is not only in a step: the Observed block names
    each round's port beside what was measured there, and the prediction says why there are two."""
    from tui_app.strings import tr

    port = free_ports(2)
    assert main(["experiment", "reuseaddr", "--port", str(port), "--lang", lang]) == 0
    out = capsys.readouterr().out.splitlines()
    assert f"  {tr('obs.port_off', lang)} = {port}" in out
    assert f"  {tr('obs.port_on', lang)} = {port + 1}" in out
    assert any("P+1" in line and "--port P" in line for line in out)  # the prediction: why the next port
    result = run_experiment("reuseaddr", 0)
    assert result.observed["port_off"] != result.observed["port_on"]  # free ports: each its own


@pytest.mark.timeout(30)
def test_broadcast_receives_on_the_port_given() -> None:
    port = free_ports(1, socket.SOCK_DGRAM, "127.255.255.255")
    result = run_experiment("broadcast", port)
    assert result.as_predicted and result.steps[0].values["port"] == port


@pytest.mark.timeout(30)
def test_port_0_is_a_free_one_as_before(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["experiment", "reuseaddr", "--port", "0", "--json"]) == 0
    steps = json.loads(capsys.readouterr().out)["steps"]
    assert " on port 0:" not in steps[0]


@pytest.mark.timeout(30)
def test_an_exhibit_serves_on_the_port_given(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    port, export = free_ports(1), tmp_path / "x.jsonl"
    assert main(["exhibit", "lost-update", "--port", str(port), "--export", str(export)]) == 0
    events = [json.loads(line) for line in export.read_text().splitlines()]
    (listening,) = [e for e in events if e["kind"] == "listening"]
    assert listening["local"] == f"127.0.0.1:{port}"


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    "argv", [["experiment", "nagle"], ["experiment", "reuseaddr"], ["exhibit", "deadlock"]], ids=" ".join
)
def test_a_busy_port_is_refused_as_serve_refuses_it(
    argv: list[str], taken: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*argv, "--port", str(taken), "--lang", "en"]) == 1
    said = capsys.readouterr()
    assert said.err == f"tcp-lab: port {taken} on 127.0.0.1 is already in use; {FREE_PORT}\n"
    assert said.out == ""  # nothing ran, nothing to report



@pytest.mark.timeout(30)
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    "argv",
    [["experiment", "nagle"], ["experiment", "reuseaddr"], ["exhibit", "deadlock"], ["serve"], ["run"]],
    ids=" ".join,
)
def test_a_busy_port_refused_with_json_gives_a_script_one_json_object(
    argv: list[str], lang: str, taken: int, capfd: pytest.CaptureFixture[str]
) -> None:
    """Standard output was empty: a script reading the JSON got nothing to read."""
    assert main([*argv, "--port", str(taken), "--lang", lang, "--json"]) == 1
    said = capfd.readouterr()
    line = said.err.removeprefix({"en": "tcp-lab: ", "zh": "tcp-lab："}[lang]).rstrip("\n")
    assert line.endswith(FREE_PORT if lang == "en" else FREE_PORT_ZH) and str(taken) in line, said.err
    assert said.out.count("\n") == 1, said.out  # one object, one line
    error = {"kind": "error", "text": line, "host": "127.0.0.1", "port": taken, "reason": "port_busy"}
    assert json.loads(said.out) == error


@pytest.mark.timeout(30)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_reuseaddr_says_it_takes_the_next_port_too(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    port = free_ports(2)
    with socket.create_server(("127.0.0.1", port + 1)):
        assert main(["experiment", "reuseaddr", "--port", str(port), "--lang", lang]) == 1
    err = capsys.readouterr().err
    en = f"listens on port {port} and the next one, {port + 1}"
    said = {"en": en, "zh": f"监听端口{port}及下一个端口{port + 1}"}[lang]
    assert said in err and err.rstrip("\n").endswith(FREE_PORT if lang == "en" else FREE_PORT_ZH), err



@pytest.mark.timeout(30)
def test_reuseaddr_is_refused_when_the_next_port_is_busy(capsys: pytest.CaptureFixture[str]) -> None:
    port = free_ports(2)  # the port given free, the next one taken below (it was skipped when the
    with socket.create_server(("127.0.0.1", port + 1)):  # port before a taken one was in use)
        assert main(["experiment", "reuseaddr", "--port", str(port), "--lang", "en"]) == 1
    next_port = f"the experiment listens on port {port} and the next one, {port + 1}"
    said = f"tcp-lab: port {port + 1} on 127.0.0.1 is already in use: {next_port}; {FREE_PORT}\n"
    assert capsys.readouterr().err == said


def leave_time_wait(port: int, reuse: bool = True) -> None:
    """End a connection on ``port`` with its server's side closing first, as a run of reuseaddr
    does: the server's end waits in TIME_WAIT there, and nothing listens. ``reuse``: whether the
    listener had SO_REUSEADDR (``socket.create_server`` sets it); without it, a server that sets
    it (serve, run, exhibit) binds past that TIME_WAIT no more than one without it."""
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, int(reuse))
        listener.bind(("127.0.0.1", port))
        listener.listen(1)
        client = socket.create_connection(("127.0.0.1", port), timeout=5)
        served, _ = listener.accept()
        served.close()  # the server's FIN goes first
        client.recv(1)  # b"": seen; the client's close answers it
        client.close()
    if count_in_state(port) is None:
        pytest.skip("no sock_diag here to see a TIME_WAIT with")
    wait_for(lambda: count_in_state(port), what=f"a TIME_WAIT on port {port}")


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "held by connections in TIME_WAIT, which the kernel keeps up to a minute (a socket with "
         "SO_REUSEADDR binds past them only if theirs had it too): run it again in a minute, or with "
         "--port 0"),
        ("zh", "仍被处于 TIME_WAIT 的连接占用，内核最多保留一分钟（只有这些连接的套接字也设置了 "
         "SO_REUSEADDR，设置了它的新套接字才能越过它们绑定）：一分钟后再运行，或改用 --port 0"),
    ],
    ids=["en", "zh"],
)
def test_a_port_held_by_an_earlier_runs_time_wait_is_said_so_with_what_to_do(
    lang: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    port = free_ports(2)
    leave_time_wait(port)
    assert main(["experiment", "reuseaddr", "--port", str(port), "--lang", lang]) == 1
    err = capsys.readouterr().err
    assert said in err and str(port) in err and err.count("\n") == 1, err


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    "command",
    [
        ["exhibit", "lost-update"],
        ["experiment", "backlog"], ["experiment", "accept"], ["experiment", "nagle"],
    ],
    ids=" ".join,
)
def test_a_port_its_own_earlier_run_left_in_time_wait_is_taken_again(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Its server binds with SO_REUSEADDR, as did the earlier run's: the TIME_WAIT that run left
    does not keep it from the port, so the check before the run does not refuse it either."""
    port = free_ports(1)
    leave_time_wait(port, reuse=True)
    assert main([*command, "--port", str(port), "--lang", "en"]) == 0, capsys.readouterr()
    assert capsys.readouterr().err == ""
    with socket.create_server(("127.0.0.1", port)):  # a listener there: still refused
        assert main([*command, "--port", str(port), "--lang", "en"]) == 1
    assert capsys.readouterr().err == f"tcp-lab: port {port} on 127.0.0.1 is already in use; {FREE_PORT}\n"


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    "command", [["serve"], ["run", "-n", "1"], ["exhibit", "lost-update"], ["experiment", "accept"]]
)
def test_every_command_explains_a_port_held_by_time_wait(
    command: list[str], capfd: pytest.CaptureFixture[str]
) -> None:
    port = free_ports(1)
    leave_time_wait(port, reuse=False)
    assert main([*command, "--port", str(port), "--lang", "en"]) == 1
    err = capfd.readouterr().err
    assert "TIME_WAIT" in err and "--port 0" in err and str(port) in err and err.count("\n") == 1, err


@pytest.mark.timeout(30)
def test_a_busy_broadcast_port_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    """A UDP port in use is in use, whatever TCP connections wait in TIME_WAIT on its number
    (CI's other tests left one there, and the line said TIME_WAIT held the UDP port)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as receiver:
        receiver.bind(("127.255.255.255", 0))
        port = receiver.getsockname()[1]
        leave_time_wait(port)  # TCP's, on the same number
        assert main(["experiment", "broadcast", "--port", str(port), "--lang", "zh"]) == 1
    assert capsys.readouterr().err == f"tcp-lab：127.255.255.255 的端口{port}已被占用；{FREE_PORT_ZH}\n"


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["exhibit", "deadlock", "--port", "99999"], "argument --port: must be a port from 0 to 65535"),
        (["experiment", "nagle", "--port", "x"], "argument --port: must be a port from 0 to 65535"),
        (["experiment", "reuseaddr", "--port", "65535"], "--port: reuseaddr listens on 2 ports"),
    ],
)
def test_a_bad_port_is_refused_with_exit_2(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*argv, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert said in err and help_pointer(err) == f"tcp-lab {argv[0]}", err


@pytest.mark.parametrize("command", ["exhibit", "experiment"])
def test_the_help_gives_port_and_its_default(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help", "--lang", "en"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "--port PORT port to listen on, 0 for a free one" in help_text and "(default: 0)" in help_text
