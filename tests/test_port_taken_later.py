"""A port taken after the check before a run, as the run's socket binds it: ``tcp-lab exhibit``
and ``tcp-lab experiment`` say the check's one line (``port N on 127.0.0.1 is already in use``)
and exit 1, with no outcome; never a traceback, never an experiment half run and judged."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from json import loads

import pytest
from test_exhibit_experiment_port import main

import server_core.experiments
from server_core.experiments import LISTENS, NAMES, PortTaken, reuseaddr, run_experiment
from server_core.experiments.sockdiag import count_in_state

pytestmark = pytest.mark.timeout(30)
TCP = [name for name in NAMES if LISTENS[name][1] == socket.SOCK_STREAM]
COMMANDS = [["experiment", name] for name in TCP] + [["exhibit", "lost-update"]]


@pytest.fixture
def held() -> Iterator[int]:
    """A port a listener of the test holds on 127.0.0.1, which every check is made to miss."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        yield listener.getsockname()[1]


@pytest.fixture
def check_misses(monkeypatch: pytest.MonkeyPatch) -> None:
    """The checks before a run say every port free: the port is taken after them."""
    monkeypatch.setattr(server_core.experiments, "unavailable", lambda name, port: None)
    monkeypatch.setattr(server_core.experiments, "first_taken", lambda *args, **kwargs: None)


@pytest.mark.usefixtures("check_misses")
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("json", [False, True], ids=["text", "json"])
def test_a_port_taken_after_the_check_is_said_as_the_check_says_it(
    command: list[str], json: bool, held: int, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [*command, "--port", str(held), "--lang", "en", *(["--json"] if json else [])]
    assert main(argv) == 1
    said = capsys.readouterr()
    line = f"port {held} on 127.0.0.1 is already in use; --port 0 picks a free port"
    assert said.err == f"tcp-lab: {line}\n"
    assert "Outcome" not in said.out and "Observed" not in said.out  # no verdict on a run not run
    if json:  # one object a script reads, the same line in it
        assert said.out.count("\n") == 1 and loads(said.out)["text"] == line, said.out


@pytest.mark.usefixtures("check_misses")
def test_a_broadcast_port_taken_after_the_check_is_said_in_chinese(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as receiver:
        receiver.bind(("127.255.255.255", 0))
        port = receiver.getsockname()[1]
        assert main(["experiment", "broadcast", "--port", str(port), "--lang", "zh", "--json"]) == 1
    said = capsys.readouterr()
    line = f"127.255.255.255 的端口{port}已被占用；--port 0 会选一个空闲端口"
    assert said.err == f"tcp-lab：{line}\n"
    assert loads(said.out) == {
        "kind": "error",
        "text": line,
        "host": "127.255.255.255",
        "port": port,
        "reason": "port_busy",
    }


def test_a_port_taken_between_two_rounds_ends_the_experiment_without_an_outcome(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """reuseaddr binds its second round's port twice: another program that listens there after
    the round's server stopped is no TIME_WAIT, and not judged as one (it was: NOT as predicted)."""
    if count_in_state(0) is None:
        pytest.skip("no sock_diag here to tell a listener from a TIME_WAIT")
    intruders: list[socket.socket] = []
    leave = reuseaddr._leave_time_wait

    def then_taken(reuse: int, port: int) -> tuple[int, int | None]:
        port, waiting = leave(reuse, port)
        if reuse:  # its TIME_WAIT had SO_REUSEADDR: a listener that asks for it too takes the port
            intruder = socket.socket()
            intruder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            intruder.bind(("127.0.0.1", port))
            intruder.listen(1)
            intruders.append(intruder)
        return port, waiting

    monkeypatch.setattr(reuseaddr, "_leave_time_wait", then_taken)
    try:
        with pytest.raises(PortTaken) as taken:
            run_experiment("reuseaddr", 0)
        assert taken.value.port == intruders[0].getsockname()[1] and taken.value.host == "127.0.0.1"
    finally:
        for intruder in intruders:
            intruder.close()
