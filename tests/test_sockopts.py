"""Socket options: parsed by name, set on real loopback sockets, and read back from the kernel."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from helpers import kinds, lesson_client, wait_for

from server_core import SERVER, ClientConfig, ClientRun, EventBus, LabServer, ServerConfig, parse_sockopt
from server_core import sockopts as so


def first(bus: EventBus, kind: str):
    return wait_for(lambda: next((e for e in bus.history if e.kind == kind), None), what=kind)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SO_REUSEADDR=1", ("SO_REUSEADDR", 1)),
        ("reuseaddr=off", ("SO_REUSEADDR", 0)),
        ("tcp_nodelay=on", ("TCP_NODELAY", 1)),
        ("nodelay=yes", ("TCP_NODELAY", 1)),
        ("SO_KEEPALIVE=true", ("SO_KEEPALIVE", 1)),
        ("keepidle=60", ("TCP_KEEPIDLE", 60)),
        (" TCP_KEEPCNT = 3 ", ("TCP_KEEPCNT", 3)),
        ("broadcast=1", ("SO_BROADCAST", 1)),
    ],
)
def test_names_and_values_parse(text: str, expected: tuple[str, int]) -> None:
    assert parse_sockopt(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("SO_LINGER=1", "unknown socket option"),
        ("nodelay", "NAME=VALUE"),
        ("=1", "NAME=VALUE"),
        ("nodelay=2", "0/1"),
        ("keepalive=maybe", "0/1"),
        ("keepidle=0", "from 1 to 32767"),
        ("keepcnt=128", "from 1 to 127"),
        ("keepintvl=-5", "from 1 to 32767"),
    ],
)
def test_bad_names_and_values_say_why(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_sockopt(text)


def test_the_lesson_server_listens_with_reuseaddr_and_the_asked_backlog(
    server: LabServer, bus: EventBus
) -> None:
    options = first(bus, "listening").extra["options"]
    assert options["SO_REUSEADDR"] == 1
    assert options["SO_KEEPALIVE"] == 0
    assert options["TCP_NODELAY"] == 0
    if hasattr(socket, "TCP_INFO"):  # Linux reports the backlog in force
        assert options["backlog"] == 128


def test_reuseaddr_off_reads_back_off(bus: EventBus) -> None:
    with LabServer(ServerConfig(port=0, sockopts={"SO_REUSEADDR": 0}), bus):
        assert first(bus, "listening").extra["options"]["SO_REUSEADDR"] == 0


@pytest.mark.skipif(not Path("/proc/sys/net/core/somaxconn").exists(), reason="Linux reports the cap")
def test_backlog_shown_is_the_kernels_not_the_one_asked_for(bus: EventBus) -> None:
    cap = int(Path("/proc/sys/net/core/somaxconn").read_text())
    with LabServer(ServerConfig(port=0, backlog=cap + 1000), bus):
        listening = first(bus, "listening")
    assert listening.extra["backlog"] == cap + 1000
    assert listening.extra["options"]["backlog"] == cap


def test_server_options_are_in_force_on_accepted_sockets(bus: EventBus) -> None:
    wanted = {"SO_REUSEADDR": 1, "TCP_NODELAY": 1, "SO_KEEPALIVE": 1, "TCP_KEEPIDLE": 5, "TCP_KEEPCNT": 4}
    wanted = {name: value for name, value in wanted.items() if name in so.KNOWN}
    with LabServer(ServerConfig(port=0, sockopts=wanted), bus) as srv:
        lesson_client(srv.port, b"hi")
        accepted = first(bus, "accepted")
    assert first(bus, "listening").extra["options"].items() >= wanted.items()
    assert accepted.extra["options"].items() >= wanted.items()


def test_client_options_are_in_force_on_every_connected_socket(server: LabServer, bus: EventBus) -> None:
    config = ClientConfig(n=2, port=server.port, hold=0, sockopts={"TCP_NODELAY": 1, "SO_KEEPALIVE": 1})
    run = ClientRun(config, bus).start()
    assert run.wait(10)
    connected = [e for e in bus.history if e.kind == "connected"]
    assert len(connected) == 2
    for event in connected:
        assert event.extra["options"]["TCP_NODELAY"] == 1
        assert event.extra["options"]["SO_KEEPALIVE"] == 1


def test_clients_without_options_show_the_kernel_defaults(server: LabServer, bus: EventBus) -> None:
    run = ClientRun(ClientConfig(n=1, port=server.port, hold=0), bus).start()
    assert run.wait(10)
    options = first(bus, "connected").extra["options"]
    assert (options["TCP_NODELAY"], options["SO_KEEPALIVE"], options["SO_REUSEADDR"]) == (0, 0, 0)


def test_a_refused_option_fails_the_bind_with_oserror(bus: EventBus) -> None:
    srv = LabServer(ServerConfig(port=0, sockopts={"TCP_KEEPIDLE": 0}), bus)  # the kernel says EINVAL
    with pytest.raises(OSError):
        srv.bind()
    assert not [e for e in bus.history if e.side == SERVER]


def test_settle_reports_what_is_in_force_even_when_refused() -> None:
    with socket.socket() as sock:
        options = so.Settler({"TCP_KEEPIDLE": 0, "TCP_NODELAY": 1})(sock)
    assert options["TCP_NODELAY"] == 1
    assert options["TCP_KEEPIDLE"] != 0


def test_settler_reads_back_once_per_outcome_and_matches_the_kernel() -> None:
    settle = so.Settler({"TCP_NODELAY": 1, "SO_KEEPALIVE": 1})
    with socket.socket() as one, socket.socket() as two:
        first_options = settle(one)
        assert settle(two) is first_options  # read back once, reused
        assert first_options == so.effective(two)
        assert (first_options["TCP_NODELAY"], first_options["SO_KEEPALIVE"]) == (1, 1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as datagram:  # TCP_NODELAY is refused here
        other = settle(datagram)
        assert other is not first_options  # another outcome: read back again
        assert other == so.effective(datagram) and "TCP_NODELAY" not in other


def test_accepted_sockets_all_report_the_options_in_force(bus: EventBus) -> None:
    with LabServer(ServerConfig(port=0, sockopts={"TCP_NODELAY": 1}), bus) as srv:
        for message in (b"one", b"two"):
            lesson_client(srv.port, message)
        wait_for(lambda: kinds(bus.history).count("accepted") == 2, what="two connections")
    accepted = [e for e in bus.history if e.kind == "accepted"]
    assert [e.extra["options"] for e in accepted] == [accepted[0].extra["options"]] * 2
    assert accepted[0].extra["options"]["TCP_NODELAY"] == 1


def test_format_shows_keepalive_timers_only_when_keepalive_is_on() -> None:
    off = {"SO_KEEPALIVE": 0, "TCP_KEEPIDLE": 7200, "TCP_NODELAY": 1}
    assert so.format_options(off) == "SO_KEEPALIVE=0 TCP_NODELAY=1"
    assert "TCP_KEEPIDLE=7200" in so.format_options({**off, "SO_KEEPALIVE": 1})
