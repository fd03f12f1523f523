"""Text is exact and the history is kept under faults: long replies, bytes that look like escapes,
one way to write an address, and a spool that cannot be written."""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import socket
import subprocess
import sys
import threading

import pytest
from helpers import events_of, wait_for
from test_fault_cli import ENV, ROOT

from server_core import CLIENT, SERVER, ClientConfig, ClientRun, EventBus, LabServer
from server_core.export import write_export
from server_core.recording import RecordingError, read_recording
from server_core.wire import StreamDecoder, address, decode, to_bytes

# -- 8. text is exact ---------------------------------------------------------------------------


def test_a_reply_longer_than_one_recv_is_read_whole_and_decoded(start_server, bus: EventBus) -> None:
    reply = "好" * 400  # 1,200 bytes: a recv(1024) ends inside a character
    server: LabServer = start_server(reply=reply)
    run = ClientRun(ClientConfig(n=1, port=server.port, hold=0), bus).start()
    assert run.wait(10)
    got = events_of(bus.history, CLIENT, "received")
    assert [(e.text, e.bytes) for e in got] == [(reply, 1200)]
    assert not events_of(bus.history, CLIENT, "error")
    wait_for(lambda: events_of(bus.history, SERVER, "disconnected"), what="the handler done")
    assert events_of(bus.history, SERVER, "disconnected")[0].text == "closed by peer"  # no reset


def test_bytes_that_arrive_after_the_reply_are_counted_as_unread() -> None:
    bus = EventBus()
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.recv(1024)
            conn.sendall(b"reply")
            wait_for(lambda: events_of(bus.history, CLIENT, "received"), what="the reply read")
            conn.sendall(b"more than asked")
            conn.recv(1024)

    thread = threading.Thread(target=serve)
    thread.start()
    run = ClientRun(ClientConfig(n=1, port=listener.getsockname()[1], hold=0.3), bus).start()
    assert run.wait(10)
    thread.join(5)
    listener.close()
    closed = events_of(bus.history, CLIENT, "disconnected")[0]
    assert (closed.extra or {}).get("unread") == len(b"more than asked")


def test_an_invalid_byte_and_the_same_text_typed_look_different_and_map_back() -> None:
    assert decode(b"\xff") != decode(b"\\xff")
    assert (decode(b"\xff"), decode(b"\\xff")) == ("\\xff", "\\\\xff")
    rng = random.Random(13)
    alphabet = [b"\\", b"x", b"f", b"\xff", b"\xe5", "好".encode(), b"a", b"\x00", b"\x1b"]
    for _ in range(2000):
        data = b"".join(rng.choice(alphabet) for _ in range(rng.randrange(12)))
        assert to_bytes(decode(data)) == data
        decoder = StreamDecoder()  # cut anywhere, fed in pieces: the same text
        cut = rng.randrange(len(data) + 1)
        assert decoder.feed(data[:cut]) + decoder.feed(data[cut:]) + decoder.finish() == decode(data)


def test_the_server_and_the_client_write_the_text_exactly(start_server, bus: EventBus) -> None:
    server: LabServer = start_server(reply="ok \\ done")
    run = ClientRun(ClientConfig(n=1, port=server.port, hold=0, message="C:\\temp {i}"), bus).start()
    assert run.wait(10)
    wait_for(lambda: events_of(bus.history, SERVER, "replied"), what="the reply")
    assert events_of(bus.history, CLIENT, "sent")[0].text == "C:\\\\temp 1"
    assert events_of(bus.history, SERVER, "received")[0].text == "C:\\\\temp 1"
    assert events_of(bus.history, SERVER, "replied")[0].text == "ok \\\\ done"
    assert to_bytes(events_of(bus.history, CLIENT, "received")[0].text) == b"ok \\ done"


@pytest.mark.parametrize(
    ("sockaddr", "shown"),
    [
        (("127.0.0.1", 80), "127.0.0.1:80"),
        (("::1", 80, 0, 0), "[::1]:80"),
        (("0:0:0:0:0:0:0:1", 80, 7, 0), "[::1]:80"),
        (("fe80::1%lo", 80, 0, 1), "[fe80::1]:80"),
        (("::FFFF:127.0.0.1", 80, 0, 0), "[::ffff:127.0.0.1]:80"),
    ],
)
def test_every_address_is_written_one_way(sockaddr: tuple, shown: str) -> None:
    assert address(sockaddr) == shown


def test_an_ipv6_run_names_each_address_the_same_way_in_every_event(bus: EventBus) -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6 here")
    from server_core import ServerConfig

    with LabServer(ServerConfig(host="::1", port=0), bus) as server:
        run = ClientRun(ClientConfig(n=2, host="0:0::1", port=server.port, hold=0), bus).start()
        assert run.wait(10)
        wait_for(lambda: len(events_of(bus.history, SERVER, "disconnected")) == 2, what="handlers done")
    named = {e.peer for e in bus.history if e.side == CLIENT and e.peer}
    assert named == {f"[::1]:{server.port}"}
    assert {e.local for e in bus.history if e.side == SERVER and e.kind == "accepted"} == named


# -- 4. the spool never stops the server -------------------------------------------------------

SPOOL_LIMITED = """
import socket, sys
from server_core import EventBus, LabServer, ServerConfig, SERVER
bus = EventBus(keep=50)
served = 0
seen = []  # what a reader drained: the output
with LabServer(ServerConfig(port=0), bus) as server:
    for i in range(400):
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
            sock.sendall(b"hello")
            served += sock.recv(1024) == "收到客户端信息".encode()
        seen += bus.drain()
told = [e for e in seen if e.kind == "error" and e.text.startswith("history:")]
print(served, bus.lost, len(told), told[0].text if told else "")
"""


def test_a_spool_that_cannot_be_written_is_told_once_and_the_server_goes_on() -> None:
    def limit() -> None:  # a few records fit; SIGXFSZ is ignored, as Python does, so writes fail
        resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))

    result = subprocess.run(
        [sys.executable, "-c", SPOOL_LIMITED],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=ROOT,
        timeout=60,
        preexec_fn=limit,
    )
    assert result.returncode == 0, result.stderr
    served, lost, told, text = result.stdout.split(" ", 3)
    assert served == "400"  # every new client answered
    assert int(lost) > 0 and told == "1"  # said once
    assert "File too large" in text


def test_a_spool_failure_leaves_a_readable_history_without_the_lost_events(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bus = EventBus(keep=20)
    real = os.pwrite
    calls = {"n": 0}

    def flaky(fd: int, data: bytes, offset: int) -> int:
        calls["n"] += 1
        if calls["n"] % 2 == 0:
            raise OSError(28, "No space left on device")
        return real(fd, data, offset)

    monkeypatch.setattr(os, "pwrite", flaky)
    drained = []
    for i in range(300):
        bus.emit(SERVER, "received", 1, text=str(i), bytes=1)
        drained += bus.drain()
    assert [e.seq for e in drained] == list(range(1, bus.emitted + 1))  # the reader saw every one
    history = bus.history
    seqs = [e.seq for e in history]
    assert seqs == sorted(seqs) and len(seqs) == bus.emitted - bus.lost
    assert bus.lost > 0
    told = [e for e in drained if e.kind == "error"]
    assert len(told) == 1 and "No space left on device" in told[0].text



def test_an_export_after_a_spool_failure_opens_in_the_lab(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    """The file lacks the lost events (a gap in seq, which is the truth) and declares them in the
    loss event's ``lost``: the lab's reader takes it whole, with no field it does not know."""
    bus = EventBus(keep=10)
    real = os.pwrite
    calls = {"n": 0}

    def full_once(fd: int, data: bytes, offset: int) -> int:
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError(28, "No space left on device")
        return real(fd, data, offset)

    monkeypatch.setattr(os, "pwrite", full_once)
    for i in range(60):
        bus.emit(SERVER, "received", 1, text=str(i), bytes=1)
        bus.drain()
    assert bus.lost > 0
    path = tmp_path / "lost.jsonl"
    write_export(path, bus.snapshot())
    recording = read_recording(path)
    assert [e.to_dict() for e in recording.events] == [e.to_dict() for e in bus.history]
    assert (recording.skipped_fields, recording.unknown) == (0, set())
    told = [e for e in recording.events if e.kind == "error"]
    assert [(e.extra or {}).get("lost") for e in told] == [bus.lost]
    undeclared = path.read_text().replace('"lost": ', '"gone": ')  # the same gap, not declared
    path.write_text(undeclared)
    with pytest.raises(RecordingError, match="was due: events are missing"):
        read_recording(path)

SERVE_SMALL_HISTORY = """
import functools, sys
from server_core import EventBus
from tui_app import cli
cli.EventBus = functools.partial(EventBus, keep=2000)  # spill early: at 1,800 events, not 90,000
sys.exit(cli.main(["serve", "--port", "0", "--json"]))
"""


def test_serve_with_a_size_limited_spool_answers_every_client_says_so_once_and_exits_1() -> None:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))

    proc = subprocess.Popen(
        [sys.executable, "-c", SERVE_SMALL_HISTORY],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
        cwd=ROOT,
        preexec_fn=limit,
    )
    try:
        port = int(json.loads(proc.stdout.readline())["local"].rsplit(":", 1)[1])
        for i in range(600):
            with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                sock.sendall(f"客户端{i}".encode())
                assert sock.recv(1024) == "收到客户端信息".encode()
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
    assert proc.returncode == 1
    told = [line for line in out.decode().splitlines() if '"history: ' in line]
    assert len(told) == 1 and "File too large" in told[0]
    said = err.decode()
    assert "could not keep" in said and "Traceback" not in said
