"""What a look at a socket costs among many threads: ``poll``, ``TCP_INFO``, ``getsockname``.

    python bench/looks.py [--quick] [--rounds N]

A launch's client threads compete for the interpreter lock. A system call that gives the lock up
(``poll``, ``getsockname``) hands it to another thread and waits in line to get it back; one that
keeps it (``getsockopt``, which reads ``TCP_INFO``) does not. Here 200 threads, each with a
connected loopback socket of its own, look at it 50 times, a little Python between looks (as a
client does between its steps), started together; the process's CPU time and its context
switches are read around each candidate (``getrusage``), and ``none`` is the same loop without
the look. Candidates alternate, a rotating order each round; medians over rounds.
"""

from __future__ import annotations

import resource
import select
import socket
import struct
import threading
from collections.abc import Callable

import benchlib

THREADS = 200
LOOKS = 50
_INFO = struct.Struct("=B127xQ")  # tcpi_state, then tcpi_bytes_received at byte 128 (Linux)


def _poll(sock: socket.socket) -> object:
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    return poller.poll(0)


def _tcp_info(sock: socket.socket) -> object:
    return _INFO.unpack(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, _INFO.size))


def _name(sock: socket.socket) -> object:
    return sock.getsockname()


def _none(sock: socket.socket) -> object:
    return None


LOOKS_BY_NAME: dict[str, Callable[[socket.socket], object]] = {
    "none": _none,
    "poll": _poll,
    "TCP_INFO": _tcp_info,
    "getsockname": _name,
}


def _between() -> int:
    """A little Python, as a client runs between two of its system calls."""
    total = 0
    for i in range(30):
        total += i
    return total


def measure(
    look: Callable[[socket.socket], object], sockets: list[socket.socket], looks: int
) -> tuple[float, int]:
    """CPU seconds and context switches of ``len(sockets)`` threads each looking ``looks`` times."""
    go = threading.Event()

    def body(sock: socket.socket) -> None:
        go.wait()
        for _ in range(looks):
            _between()
            look(sock)
            _between()

    threads = [threading.Thread(target=body, args=(sock,)) for sock in sockets]
    for thread in threads:
        thread.start()
    before = resource.getrusage(resource.RUSAGE_SELF)
    go.set()
    for thread in threads:
        thread.join()
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    switches = after.ru_nvcsw - before.ru_nvcsw + after.ru_nivcsw - before.ru_nivcsw
    return cpu, switches


def main() -> None:
    options = benchlib.parser(__doc__.splitlines()[0]).parse_args()
    rounds = options.rounds or (1 if options.quick else 9)
    threads, looks = (20, 5) if options.quick else (THREADS, LOOKS)
    names = [name for name in LOOKS_BY_NAME if name != "TCP_INFO" or hasattr(socket, "TCP_INFO")]
    benchlib.header(
        "A look at a socket among many threads", pinned=None, rounds=rounds, threads=threads, looks=looks
    )
    cpu: dict[str, list[float]] = {name: [] for name in names}
    switches: dict[str, list[float]] = {name: [] for name in names}
    with socket.create_server((benchlib.HOST, 0), backlog=threads) as listener:
        pairs = []
        for _ in range(threads):
            client = socket.create_connection(listener.getsockname(), timeout=10)
            server, _ = listener.accept()
            pairs.append((client, server))
        try:
            for round_number in range(rounds):
                for name in benchlib.rotate(names, round_number):
                    used, switched = measure(LOOKS_BY_NAME[name], [client for client, _ in pairs], looks)
                    cpu[name].append(used)
                    switches[name].append(switched)
        finally:
            for client, server in pairs:
                client.close()
                server.close()
    base = benchlib.median(cpu["none"])
    rows = []
    for name in names:
        used = benchlib.median(cpu[name])
        rows.append(
            [name, used * 1e3, (used - base) / (threads * looks) * 1e6, benchlib.median(switches[name])]
        )
    print(benchlib.table(["look", "CPU ms", "us a look over none", "context switches"], rows))


if __name__ == "__main__":
    main()
