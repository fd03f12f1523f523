"""The whole launch as a user runs it: ``tcp-lab clients -n N`` against the lesson's client 2.0.

    python bench/launch.py [--quick] [--rounds N] [--clients N ...] [--server lesson|c-epoll]

Three commands, each a fresh process per measurement, in a rotating order every round, against
the same lesson-style server (its own process, listen backlog 1024, so no connect is dropped),
or with ``--server c-epoll`` against the C reference server (``bench/echo.c``, built at bench
time, backlog 1024), which answers far faster than any client asks: there the clients set the
pace on any machine, however loaded, as they do against the lesson's server on a quiet one.

- ``lesson client 2.0``: the lesson's dynamic client (N threads started in a loop, each
  connecting, sending its line, printing the reply, closing; then joined), written out here;
- ``tcp-lab clients``: ``tcp-lab clients -n N --hold 0``, readable lines;
- ``tcp-lab clients --json``: the same, one JSON object per event.

Output goes to ``/dev/null`` (a terminal adds its own cost to every line, for every command).
Wall and CPU time come from one blocking ``wait4`` per process (as in ``startup.py``): no
polling. Reported: the medians, the median of each round's own ratio to the lesson's client, and
that ratio against the launcher's target (:data:`TARGETS`): within 1.6x at 100 clients, 1.2x at
1,000 (1.3x with ``--json``) and at 5,000.
"""

from __future__ import annotations

import sys

import benchlib
import native
import startup

LESSON_CLIENT = """
import socket, sys, threading
port, n = int(sys.argv[1]), int(sys.argv[2])
def client_thread(client_id):
    tcp_client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp_client.connect(("127.0.0.1", port))
    tcp_client.send(f"客户端{client_id}连接成功".encode("utf-8"))
    recv_data = tcp_client.recv(1024)
    print(f"客户端{client_id}接收到数据:", recv_data.decode("utf-8"))
    tcp_client.close()
threads = [threading.Thread(target=client_thread, args=(i,)) for i in range(1, n + 1)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
"""
REFERENCE = "lesson client 2.0"
NAMES = (REFERENCE, "tcp-lab clients", "tcp-lab clients --json")
# clients -> the most tcp-lab may take against the lesson's client: (readable, --json)
TARGETS = {100: (1.6, 1.6), 1000: (1.2, 1.3), 5000: (1.2, 1.2)}


def target(name: str, n: int) -> float | None:
    """The most ``name`` may take against the lesson's client at ``n`` clients; None for none."""
    if name == REFERENCE or n not in TARGETS:
        return None
    return TARGETS[n][name.endswith("--json")]


def commands(port: int, n: int) -> dict[str, list[str]]:
    tcp_lab = [*startup.TCP_LAB, "clients", "-n", str(n), "--hold", "0", "--port", str(port)]
    return {
        REFERENCE: [sys.executable, "-c", LESSON_CLIENT, str(port), str(n)],
        "tcp-lab clients": tcp_lab,
        "tcp-lab clients --json": [*tcp_lab, "--json"],
    }


def main() -> None:
    args = benchlib.parser(__doc__.splitlines()[0])
    args.add_argument("--clients", type=int, nargs="+", default=None, help="clients per launch")
    args.add_argument("--server", choices=("lesson", benchlib.NATIVE), default="lesson", help="the server")
    options = args.parse_args()
    if options.server == benchlib.NATIVE and native.binary() is None:
        print(f"no {benchlib.NATIVE} server here: {native.note()}")
        return
    rounds = options.rounds or (1 if options.quick else 9)
    sizes = options.clients or ([20] if options.quick else [100, 1000, 5000])
    benchlib.raise_nofile()
    title = "Whole launches against the lesson's client 2.0"
    benchlib.header(title, pinned=None, rounds=rounds, server=options.server)
    wall: dict[tuple[str, int], list[float]] = {(name, n): [] for n in sizes for name in NAMES}
    cpu: dict[tuple[str, int], list[float]] = {key: [] for key in wall}
    ratios: dict[tuple[str, int], list[float]] = {key: [] for key in wall}
    with benchlib.ServerProcess(options.server, False, "--backlog", "1024") as server:
        for command in commands(server.port, 2).values():  # warm up: bytecode caches
            startup.until_exit(command)
        for round_number in range(rounds):
            for n in sizes:
                runs = commands(server.port, n)
                took: dict[str, float] = {}
                for name in benchlib.rotate(NAMES, round_number):
                    took[name], used = startup.until_exit(runs[name])
                    wall[name, n].append(took[name])
                    cpu[name, n].append(used)
                for name in NAMES:
                    ratios[name, n].append(took[name] / took[REFERENCE])
    rows = []
    for n in sizes:
        for name in NAMES:
            ratio, most = benchlib.median(ratios[name, n]), target(name, n)
            rows.append(
                [
                    name,
                    n,
                    benchlib.median(wall[name, n]) * 1e3,
                    benchlib.median(cpu[name, n]) * 1e3,
                    f"{ratio:.2f}x",
                    "-" if most is None else f"{most:.2f}x",
                    "-" if most is None else ("yes" if ratio <= most else "no"),
                ]
            )
    headers = ["command", "clients", "median ms", "CPU ms", "vs lesson client", "target", "met"]
    print(benchlib.table(headers, rows))


if __name__ == "__main__":
    main()
