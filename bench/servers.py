"""The servers the benchmarks compare, each runnable alone in a process of its own.

    python bench/servers.py NAME [--cpu N] [--backlog N]

NAME is ``tcp-lab`` (the project's server recording every event, with a reader draining the bus
and folding every event into the app's connection book), ``tcp-lab-new`` (the same, starting a
new thread for every connection instead of reusing those whose connection ended),
``tcp-lab-proc`` (the same on the process engine: the server in a child process streaming its
events to this one, which folds them), ``stdlib``
(``socketserver.ThreadingTCPServer``), ``asyncio`` (asyncio streams) or ``lesson`` (a bare
thread-per-connection loop as the lesson writes it). Each listens on 127.0.0.1 on a free port,
prints the port on one line, answers every chunk it receives with the lesson's acknowledgement,
and stops when its stdin closes.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import socket
import socketserver
import sys
import threading
from collections.abc import Callable
from functools import partial

import benchlib

from server_core import EventBus, ServerConfig
from server_core.processes import make_server

Stop = Callable[[], None]


def tcp_lab(backlog: int, threads: str = "reuse", engine: str = "thread") -> tuple[int, Stop]:
    """The project's server; a reader drains the bus as the app does (on the process engine the
    server runs in a child process, streaming its events to this one)."""
    bus = EventBus()
    config = ServerConfig(host=benchlib.HOST, port=0, backlog=backlog, threads=threads)
    server = make_server(engine, config, bus).start()
    reader = benchlib.EventReader(bus)

    def stop() -> None:
        server.stop()
        reader.stop()

    return server.port, stop


class _Ack(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        while chunk := self.request.recv(1024):
            del chunk
            self.request.sendall(benchlib.REPLY)


class _ThreadingServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    request_queue_size = 128


def stdlib(backlog: int) -> tuple[int, Stop]:
    """``socketserver.ThreadingTCPServer`` with its listen backlog raised from 5."""
    _ThreadingServer.request_queue_size = backlog
    server = _ThreadingServer((benchlib.HOST, 0), _Ack)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()

    return server.server_address[1], stop


def asyncio_streams(backlog: int) -> tuple[int, Stop]:
    """An asyncio streams server on an event loop thread."""
    loop = asyncio.new_event_loop()

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError, asyncio.CancelledError):  # cancelled: the server stops
            while await reader.read(1024):
                writer.write(benchlib.REPLY)
                await writer.drain()
        writer.close()

    server = loop.run_until_complete(asyncio.start_server(answer, benchlib.HOST, 0, backlog=backlog))
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()

    async def close() -> None:
        server.close()
        tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def stop() -> None:
        asyncio.run_coroutine_threadsafe(close(), loop).result(5)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(1)

    return server.sockets[0].getsockname()[1], stop


def lesson(backlog: int) -> tuple[int, Stop]:
    """The lesson's shape: accept in a loop, one daemon thread per connection, recv -> send."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((benchlib.HOST, 0))
    listener.listen(backlog)

    def handle(conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            while conn.recv(1024):
                conn.send(benchlib.REPLY)

    def accept_loop() -> None:
        with contextlib.suppress(OSError):  # shutdown() of the listener ends accept()
            while True:
                conn, _ = listener.accept()
                threading.Thread(target=handle, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept_loop, daemon=True)
    thread.start()

    def stop() -> None:
        with contextlib.suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)
        thread.join(1)
        listener.close()

    return listener.getsockname()[1], stop


SERVERS: dict[str, Callable[[int], tuple[int, Stop]]] = {
    "tcp-lab": tcp_lab,
    "tcp-lab-new": partial(tcp_lab, threads="new"),
    "tcp-lab-proc": partial(tcp_lab, engine="process"),
    "stdlib": stdlib,
    "asyncio": asyncio_streams,
    "lesson": lesson,
}


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("name", choices=sorted(SERVERS))
    args.add_argument("--cpu", type=int, default=None, help="run on this core alone")
    args.add_argument("--backlog", type=int, default=128)
    options = args.parse_args()
    if options.cpu is not None:
        os.sched_setaffinity(0, {options.cpu})
    benchlib.raise_nofile()
    port, stop = SERVERS[options.name](options.backlog)
    print(port, flush=True)
    sys.stdin.read()  # returns when the benchmark closes our stdin
    stop()


if __name__ == "__main__":
    main()
