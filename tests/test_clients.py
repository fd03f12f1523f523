"""The client launcher: how each client reaches the server, and what it reports when it cannot."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from helpers import events_of, kinds, os_threads, wait_for

from server_core import CLIENT, SERVER, ClientConfig, ClientRun, LabServer, ServerConfig, parse_order
from server_core import sockopts as so
from server_core.events import Event, EventBus
from server_core.summary import summarize


def launch(bus: EventBus, **config: object) -> ClientRun:
    run = ClientRun(ClientConfig(hold=0, timeout=5, **config), bus).start()
    assert run.wait(10), "run did not finish"
    return run


def client_events(bus: EventBus, kind: str) -> list[Event]:
    return events_of(bus.history, CLIENT, kind)


def test_every_client_reports_a_refused_connect_with_its_reason(bus: EventBus) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))  # bound, not listening: connects are refused
        run = launch(bus, n=3, port=probe.getsockname()[1])
    errors = client_events(bus, "error")
    assert sorted(e.client for e in errors) == [1, 2, 3]
    assert {e.text for e in errors} == {"connect failed: Connection refused"}
    assert client_events(bus, "connected") == []
    assert summarize(bus.history, 3, run.run).failed == 3


def test_a_host_that_cannot_be_resolved_is_asked_once_and_fails_every_client(
    bus: EventBus, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def unknown(host: str, *args: object) -> list:
        asked.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", unknown)
    launch(bus, n=4, host="nowhere.test", port=9)
    assert asked == ["nowhere.test"]
    for i in range(1, 5):
        assert kinds(bus.history, CLIENT, i) == ["connecting", "error"]
    assert {e.text for e in client_events(bus, "error")} == {"connect failed: Name or service not known"}
    assert {e.peer for e in client_events(bus, "connecting")} == {"nowhere.test:9"}


def test_a_name_no_resolver_can_encode_fails_every_client_with_one_line(bus: EventBus) -> None:
    run = launch(bus, n=3, host="a..b", port=9)  # an empty label: getaddrinfo raises UnicodeError
    errors = client_events(bus, "error")
    assert sorted(e.client for e in errors) == [1, 2, 3]
    assert all(e.text.startswith("connect failed: cannot look up 'a..b'") for e in errors)
    assert summarize(bus.history, 3, run.run).failed == 3


def test_each_client_reports_the_ends_the_server_sees(server: LabServer, bus: EventBus) -> None:
    launch(bus, n=5, port=server.port)
    ends = {(e.local, e.peer) for e in client_events(bus, "connected")}
    seen = {(e.peer, e.local) for e in events_of(bus.history, SERVER, "accepted")}
    assert len(ends) == 5 and ends == seen


@pytest.mark.skipif(not socket.has_ipv6, reason="no IPv6 on this machine")
def test_an_ipv6_peer_is_written_in_brackets(bus: EventBus) -> None:
    try:
        server = LabServer(ServerConfig(host="::1", port=0), bus).start()
    except OSError:
        pytest.skip("no IPv6 loopback here")
    with server:
        launch(bus, n=2, host="::1", port=server.port)
    assert {e.peer for e in client_events(bus, "connected")} == {f"[::1]:{server.port}"}
    assert all(e.local.startswith("[::1]:") for e in client_events(bus, "connected"))


def client_side(server: LabServer, calls: list[int], real):
    """``real`` (a sockopts function), counting its calls on client sockets (the server's are left out)."""

    def counted(sock: socket.socket, *args: object):
        if sock.getsockname()[1] != server.port:
            calls.append(sock.fileno())
        return real(sock, *args)

    return counted


def test_options_are_set_on_every_socket_and_read_back_once(
    server: LabServer, bus: EventBus, monkeypatch: pytest.MonkeyPatch
) -> None:
    applied: list[int] = []
    read_back: list[int] = []
    monkeypatch.setattr(so, "apply", client_side(server, applied, so.apply))
    monkeypatch.setattr(so, "effective", client_side(server, read_back, so.effective))
    launch(bus, n=4, port=server.port, order=parse_order("sequential"), sockopts={"TCP_NODELAY": 1})
    connected = client_events(bus, "connected")
    assert [e.extra["options"]["TCP_NODELAY"] for e in connected] == [1, 1, 1, 1]
    assert len(applied) == 4 and len(read_back) == 1


def test_a_socket_that_refuses_an_option_reads_its_own_back(
    server: LabServer, bus: EventBus, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_apply = so.apply
    calls: list[int] = []

    def refuse_after_the_first(sock: socket.socket, options: dict[str, int]) -> None:
        if sock.getsockname()[1] != server.port:
            calls.append(sock.fileno())
            if len(calls) > 1:
                raise OSError("refused")
        real_apply(sock, options)

    monkeypatch.setattr(so, "apply", refuse_after_the_first)
    launch(bus, n=2, port=server.port, order=parse_order("sequential"), sockopts={"SO_KEEPALIVE": 1})
    options = [e.extra["options"]["SO_KEEPALIVE"] for e in client_events(bus, "connected")]
    assert options == [1, 0]


def test_wait_returns_once_every_client_has_left_and_its_thread_ends(bus: EventBus) -> None:
    # a server whose handler threads end with their connections: only client threads are counted
    with LabServer(ServerConfig(port=0, threads="new"), bus) as server:
        before = os_threads()
        run = launch(bus, n=40, port=server.port)
        assert len(client_events(bus, "disconnected")) == 40  # at once: done means every client is done
        assert summarize(bus.history, 40, run.run).ok == 40
        # a client thread ends right after it counts itself done, but each needs the GIL once more
        # to go: a thread left running never goes, and a loaded machine can take over a second
        wait_for(lambda: os_threads() <= before, timeout=5.0, what="the client threads to end")


def test_stop_wakes_holding_clients_and_returns_within_a_second(server: LabServer, bus: EventBus) -> None:
    run = ClientRun(ClientConfig(n=20, port=server.port, hold=30, timeout=5), bus).start()
    wait_for(lambda: len(client_events(bus, "received")) == 20, what="20 replies")
    started = time.monotonic()
    run.stop()
    assert time.monotonic() - started < 1.0
    assert run.done
    assert len(client_events(bus, "disconnected")) == 20


@contextlib.contextmanager
def unanswered_port() -> Iterator[int]:
    """A port whose listener never accepts and whose queue is full: a connect to it hangs."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        queued: list[socket.socket] = []
        try:
            while len(queued) < 8:
                sock = socket.socket()
                queued.append(sock)
                sock.settimeout(0.2)
                sock.connect(("127.0.0.1", port))
        except TimeoutError:
            pass
        try:
            yield port
        finally:
            for sock in queued:
                sock.close()


def test_stop_wakes_clients_blocked_in_connect(bus: EventBus) -> None:
    with unanswered_port() as port:
        run = ClientRun(ClientConfig(n=3, port=port, hold=0, timeout=20), bus).start()
        wait_for(lambda: len(client_events(bus, "connecting")) == 3, what="3 connects under way")
        started = time.monotonic()
        run.stop()
        assert time.monotonic() - started < 1.0 and run.done
        assert [e.text for e in client_events(bus, "error")] == ["stopped"] * 3


def test_a_stop_between_a_clients_look_and_its_connect_still_wakes_it(
    bus: EventBus, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The client looked at the stop before it was set, and enters its connect only after stop()
    woke its socket (a wake a socket not yet connecting ignores): the connect is woken still,
    and the client's end comes before the run's ``finished``."""
    entered = threading.Event()

    class LateConnect(socket.socket):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.woken = threading.Event()

        def shutdown(self, how: int) -> None:
            self.woken.set()
            super().shutdown(how)

        def connect(self, address: Any) -> None:
            entered.set()
            self.woken.wait(5)  # past its look at the stop, into the connect after the wake
            super().connect(address)

    with unanswered_port() as port:
        monkeypatch.setattr(socket, "socket", LateConnect)
        run = ClientRun(ClientConfig(n=1, port=port, hold=0, timeout=3), bus).start()
        assert entered.wait(5), "the client at its connect"
        run.stop()
        monkeypatch.undo()
        assert run.done
        ends = [(e.kind, e.text) for e in bus.history if e.side == CLIENT and e.kind in ("error", "finished")]
        assert ends == [("error", "stopped"), ("finished", None)]


def test_a_connect_nobody_answers_ends_at_the_clients_timeout(bus: EventBus) -> None:
    with unanswered_port() as port:
        started = time.monotonic()
        run = ClientRun(ClientConfig(n=2, port=port, hold=0, timeout=0.3), bus).start()
        assert run.wait(10), "run did not finish"
        took = time.monotonic() - started
    assert [e.text for e in client_events(bus, "error")] == ["no connect within 0.3 s"] * 2
    assert 0.3 <= took < 2.0
    assert summarize(bus.history, 2, run.run).failed == 2
