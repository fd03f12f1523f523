"""The ``tcp-lab`` command: the app by default; ``serve``, ``clients``, ``run`` and ``experiment``
headless; ``open`` and ``merge`` for recordings.

Textual is imported only when the app opens, so the headless commands start as fast as Python.
Exit codes: 0 success, 1 failure (a client without a reply, a port that cannot be bound, an
experiment whose outcome is not the predicted one), 2 bad arguments, 130 interrupted clients.
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import NoReturn, TextIO

from server_core import (
    ACCEPT_MODES,
    CLIENT,
    CLIENT_MODES,
    DEFAULT_MAX_BYTES,
    DEFAULT_MESSAGE,
    DEFAULT_REPLY,
    DEFAULT_SEND_TIMEOUT,
    SERVER,
    SERVER_MODES,
    THREAD_MODES,
    ClientConfig,
    ClientRun,
    EventBus,
    LabServer,
    Order,
    ServerConfig,
    build_lanes,
    is_loopback,
    parse_order,
    parse_sockopt,
    summarize,
)
from server_core.exhibits import MAX_N, MIN_N, make_exhibit
from server_core.exhibits import NAMES as EXHIBIT_NAMES
from server_core.experiments import NAMES as EXPERIMENT_NAMES
from server_core.experiments import run_experiment
from server_core.export import FORMATS, check_target, export_format, write_export
from server_core.processes import ENGINES, ProcessServer, make_run, make_server
from server_core.scheduled import RUN, follow_schedule, schedule_stepper
from server_core.sockopts import SERVER_DEFAULTS, format_options
from server_core.stepping import Stepper, parse_schedule
from server_core.wire import REORDERING

from . import exhibit_view, experiment_view, options, recording_cli, swimlane
from .strings import LANGS, default_lang, describe, tr
from .verdict import order_lines, summary_line, verdict

DRAIN_PERIOD = 0.05  # seconds between batches written to stdout
SERVED_POLL = 0.005  # seconds between looks at a server whose clients have gone
SERVED_BOUND = 1.0  # seconds ``run`` lets the handlers take to see their clients go
# json.dumps escapes C0 controls; DEL, the C1 controls (8-bit CSI and friends) and the characters
# that reorder a line must not reach a terminal raw either, so JSON lines carry them as \u escapes.
_JSON_CONTROL = {c: f"\\u{c:04x}" for c in [0x7F, *range(0x80, 0xA0), *REORDERING]}


# serve's protective policies: flag, validator, default, metavar, help (0 switches each one off)
_POLICY_FLAGS = (
    (
        "--max-bytes",
        options.limit,
        DEFAULT_MAX_BYTES,
        "N",
        "bytes one connection may send in all (0: no limit)",
    ),
    ("--send-timeout", options.seconds, DEFAULT_SEND_TIMEOUT, "S", "drop a client not taking a reply in S s"),
    ("--idle-timeout", options.seconds, 0.0, "S", "close a connection silent for S seconds (0: never)"),
    ("--max-clients", options.limit, 0, "N", "clients served at once; extra ones are told why (0: no cap)"),
)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tcp-lab", description="See how a thread-per-client TCP server behaves.")
    parser.add_argument("--host", type=_arg(options.host), default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=_arg(options.port), default=8888, help="port (0: any free port)")
    parser.add_argument("--lang", choices=LANGS, default=None, help="interface language")
    parser.add_argument(
        "--engine", choices=ENGINES, default="process", help="the app's server and runs: processes or threads"
    )
    commands = parser.add_subparsers(
        dest="command", parser_class=_Parser, metavar="{serve,clients,run,experiment,exhibit,open,merge}"
    )

    serve = commands.add_parser("serve", help="run the server headless, one line per event")
    serve.add_argument("--host", type=_arg(options.host), default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=_arg(options.port), default=8888, help="port (0: any free port)")
    _add_order(serve, SERVER_MODES, "handler")
    serve.add_argument(
        "--delay", type=_arg(options.seconds), default=0.0, metavar="S", help="pause before each reply"
    )
    serve.add_argument("--reply", default=DEFAULT_REPLY, metavar="TEXT", help="reply to every message")
    serve.add_argument("--backlog", type=_arg(options.count), default=128, metavar="N", help="listen backlog")
    serve.add_argument(
        "--accept", choices=ACCEPT_MODES, default="blocking", help="how the accept loop waits for clients"
    )
    serve.add_argument(
        "--threads",
        choices=THREAD_MODES,
        default="reuse",
        help="a thread per connection: reuse one whose connection ended, or always start a new one",
    )
    for flag, validate, default, metavar, text in _POLICY_FLAGS:
        serve.add_argument(flag, type=_arg(validate), default=default, metavar=metavar, help=text)
    serve.add_argument("--json", action="store_true", help="one JSON object per event per line")

    clients = commands.add_parser("clients", help="launch N clients against a server and summarize")
    clients.add_argument("-n", type=_arg(options.count), default=3, metavar="N", help="how many clients")
    clients.add_argument("--host", type=_arg(options.host), default="127.0.0.1", help="server address")
    clients.add_argument("--port", type=_arg(options.server_port), default=8888, help="server port")
    _add_order(clients, CLIENT_MODES, "client")
    clients.add_argument(
        "--hold",
        type=_arg(options.seconds),
        default=1.0,
        metavar="S",
        help="seconds each client keeps its connection open after the reply",
    )
    clients.add_argument(
        "--message",
        default=DEFAULT_MESSAGE,
        metavar="TEMPLATE",
        help="what each client sends; {i} is its number",
    )
    clients.add_argument(
        "--timeout",
        type=_arg(options.positive_seconds),
        default=30.0,
        metavar="S",
        help="limit for the connect and for each wait for a reply",
    )
    clients.add_argument("--json", action="store_true", help="one JSON object per event, then a summary")
    clients.add_argument(
        "--timeline", action="store_true", help="after the summary, draw one lane per client over time"
    )
    both = commands.add_parser(
        "run", help="start the server and one client run in this process, show both sides, summarize"
    )
    both.add_argument("-n", type=_arg(options.count), default=3, metavar="N", help="how many clients")
    both.add_argument("--host", type=_arg(options.host), default="127.0.0.1", help="address to listen on")
    both.add_argument("--port", type=_arg(options.port), default=0, help="port (0: any free port)")
    _add_order(both, CLIENT_MODES, "client")
    both.add_argument(
        "--server-order",
        type=_arg(lambda text: parse_order(text, SERVER_MODES)),
        default=Order("free"),
        metavar="MODE",
        help=f"handler ordering: {', '.join(SERVER_MODES)} (semaphore:K)",
    )
    both.add_argument(
        "--hold", type=_arg(options.seconds), default=1.0, metavar="S", help="seconds each client holds"
    )
    both.add_argument(
        "--delay", type=_arg(options.seconds), default=0.0, metavar="S", help="server's pause before a reply"
    )
    both.add_argument("--message", default=DEFAULT_MESSAGE, metavar="TEMPLATE", help="{i} is the number")
    both.add_argument("--reply", default=DEFAULT_REPLY, metavar="TEXT", help="the server's reply")
    both.add_argument(
        "--timeout", type=_arg(options.positive_seconds), default=30.0, metavar="S", help="client timeout"
    )
    both.add_argument(
        "--schedule",
        type=_arg(parse_schedule),
        default=None,
        metavar="LIST",
        help="hold the listed steps in this order: CLIENT:STEP,... (STEP: turn connect send recv close)",
    )
    both.add_argument(
        "--engine",
        choices=ENGINES,
        default="process",
        help="server and clients as processes of their own (times as two programs see them), or "
        "threads of this one (--schedule always runs on threads)",
    )
    shown = both.add_mutually_exclusive_group()
    shown.add_argument("--json", action="store_true", help="one JSON object per event, then a summary")
    shown.add_argument("--timeline", action="store_true", help="after the summary, draw both sides' lanes")
    experiment = commands.add_parser("experiment", help="run one socket experiment and say what it showed")
    experiment.add_argument("name", choices=EXPERIMENT_NAMES, metavar="NAME", help=" ".join(EXPERIMENT_NAMES))
    experiment.add_argument("--json", action="store_true", help="one JSON object with the outcome")
    experiment.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help="output language")
    exhibit = commands.add_parser("exhibit", help="make a lock fault happen, or show its fix")
    exhibit.add_argument("name", choices=EXHIBIT_NAMES, metavar="NAME", help=" ".join(EXHIBIT_NAMES))
    exhibit.add_argument("--safe", action="store_true", help="run the fixed variant")
    exhibit.add_argument(
        "-n", type=_arg(_exhibit_clients), default=None, metavar="N", help=f"clients, {MIN_N} to {MAX_N}"
    )
    exhibit.add_argument("--json", action="store_true", help="one JSON object with the outcome")
    exhibit.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help="output language")
    exhibit.add_argument(
        "--export", type=_arg(_export_path), default=None, metavar="PATH", help="write its events to PATH"
    )
    exhibit.add_argument("--overwrite", action="store_true", help="let --export replace an existing file")
    recording_cli.add_commands(commands, _arg)
    for sub in (serve, clients, both):
        sub.add_argument(
            "--sockopt",
            type=_arg(parse_sockopt),
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="set a socket option (repeatable), e.g. TCP_NODELAY=1, SO_KEEPALIVE=1, TCP_KEEPIDLE=60",
        )
        sub.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help="output language")
        sub.add_argument(
            "--export",
            type=_arg(_export_path),
            default=None,
            metavar="PATH",
            help=f"at the end, write every event to PATH ({', '.join(FORMATS)}, from the name)",
        )
        sub.add_argument("--overwrite", action="store_true", help="let --export replace an existing file")
    return parser


def _arg(validate: Callable[[str], object]) -> Callable[[str], object]:
    """An argparse ``type`` that reports the validator's own reason."""

    def parse(text: str) -> object:
        try:
            return validate(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return parse


def _export_path(text: str) -> str:
    export_format(text)  # refuses a name that gives no format
    return text


def _exhibit_clients(text: str) -> int:
    count = options.count(text)
    if not MIN_N <= count <= MAX_N:
        raise ValueError(f"an exhibit runs {MIN_N} to {MAX_N} clients, not {count}")
    return count


def _add_order(parser: argparse.ArgumentParser, modes: tuple[str, ...], who: str) -> None:
    """``--order MODE`` for ``who`` (handlers or clients), refusing modes outside ``modes``."""
    parser.add_argument(
        "--order",
        type=_arg(lambda text: parse_order(text, modes)),
        default=Order("free"),
        metavar="MODE",
        help=f"{who} ordering: {', '.join(modes)} (semaphore:K)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    lang = args.lang or default_lang()
    if args.command in recording_cli.COMMANDS:
        return recording_cli.run(args, lang)
    if getattr(args, "export", None):
        try:
            check_target(args.export, args.overwrite)
        except FileExistsError as exc:
            parser.error(f"--export: {exc}; add --overwrite to replace it")
        except ValueError as exc:
            parser.error(f"--export: {exc}")
    if getattr(args, "timeline", False) and args.json:
        parser.error("--timeline draws text; it cannot be combined with --json")
    if args.command == "serve":
        return serve(args, lang)
    if args.command == "clients":
        return clients(args, lang)
    if args.command == "run":
        return run_both(args, lang)
    if args.command == "experiment":
        return experiment(args, lang)
    if args.command == "exhibit":
        return exhibit(args, lang)
    from .app import run_app  # Textual loads only here

    return run_app(host=args.host, port=args.port, lang=lang, engine=args.engine)


class _Output:
    """Writes event batches to a stream as readable lines or JSON lines."""

    def __init__(self, bus: EventBus, as_json: bool, lang: str, stream: TextIO) -> None:
        self.bus, self.as_json, self.lang, self.stream = bus, as_json, lang, stream

    def flush_events(self) -> None:
        batch = self.bus.drain()
        if not batch:
            return
        if self.as_json:
            lines = [json_line(e.to_dict()) for e in batch]
        else:
            lines = [f"{e.t:9.3f}  {e.side:6}  {describe(e, self.lang)}" for e in batch]
        self.line("\n".join(lines))

    def line(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()


def json_line(data: dict) -> str:
    """``data`` as one line of JSON that is safe to write to a terminal."""
    return json.dumps(data, ensure_ascii=False).translate(_JSON_CONTROL)


def _until_signal(out: _Output, wait_done: Callable[[float], bool] | None = None) -> bool:
    """Write events until ``wait_done(timeout)`` says done, or SIGINT/SIGTERM; True on a signal.

    Events already emitted are written at once, and the wait ends as soon as the work is done,
    not at the next drain tick.
    """
    interrupted = threading.Event()
    wait = wait_done or interrupted.wait
    previous = {
        sig: signal.signal(sig, lambda *_: interrupted.set()) for sig in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        out.flush_events()
        while not interrupted.is_set() and not wait(DRAIN_PERIOD):
            out.flush_events()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return interrupted.is_set()


def serve(args: argparse.Namespace, lang: str) -> int:
    out = _Output(EventBus(), args.json, lang, sys.stdout)
    config = ServerConfig(
        args.host,
        args.port,
        args.backlog,
        args.order,
        args.delay,
        args.reply,
        sockopts={**SERVER_DEFAULTS, **dict(args.sockopt)},
        accept=args.accept,
        threads=args.threads,
        max_bytes=args.max_bytes,
        send_timeout=args.send_timeout,
        idle_timeout=args.idle_timeout,
        max_clients=args.max_clients,
    )
    if not is_loopback(args.host):
        print(f"tcp-lab: {tr('cli.exposed', lang, host=args.host)}", file=sys.stderr)
    server = LabServer(config, out.bus)
    try:
        server.bind()
    except OSError as exc:
        key = "cli.port_busy" if exc.errno == 98 else "cli.cannot_listen"
        print(
            f"tcp-lab: {tr(key, lang, host=args.host, port=args.port, reason=exc.strerror or exc)}",
            file=sys.stderr,
        )
        return 1
    server.start()
    try:
        _until_signal(out)
    finally:
        server.stop()
        out.flush_events()
    return 0 if _export(args, out.bus, lang) else 1


def clients(args: argparse.Namespace, lang: str) -> int:
    out = _Output(EventBus(), args.json, lang, sys.stdout)
    config = ClientConfig(
        args.n,
        args.host,
        args.port,
        args.order,
        args.hold,
        args.message,
        args.timeout,
        sockopts=dict(args.sockopt),
    )
    run = ClientRun(config, out.bus).start()
    try:
        interrupted = _until_signal(out, run.wait)
    finally:
        run.stop()
        out.flush_events()
    return _conclude(args, out, config.n, run.run, interrupted, lang)


def run_both(args: argparse.Namespace, lang: str) -> int:
    """``run``: the lab's server (port 0 by default) and one client run on one bus, as the app
    runs them; both sides' events, the summary, then the server is stopped. Exit 0 when every
    client got its reply, 1 otherwise (or when the port cannot be bound), 130 interrupted."""
    out = _Output(EventBus(), args.json, lang, sys.stdout)
    server_config = ServerConfig(
        args.host, args.port, order=args.server_order, delay=args.delay, reply=args.reply
    )
    config = ClientConfig(
        args.n, args.host, args.port, args.order, args.hold, args.message, args.timeout, dict(args.sockopt)
    )
    stepper = None
    if args.schedule is not None:
        try:
            stepper = schedule_stepper(out.bus, args.schedule, server_config, config, RUN)
        except ValueError as exc:
            print(f"tcp-lab run: error: --schedule: {exc}", file=sys.stderr)
            return 2
    engine = args.engine if stepper is None else "thread"  # a schedule holds threads of this process
    server = make_server(engine, server_config, out.bus, stepper=stepper)
    try:
        server.bind()
    except OSError as exc:
        key = "cli.port_busy" if exc.errno == 98 else "cli.cannot_listen"
        reason = exc.strerror or exc
        print(f"tcp-lab: {tr(key, lang, host=args.host, port=args.port, reason=reason)}", file=sys.stderr)
        return 1
    server.start()
    run = make_run(engine, replace(config, port=server.port), out.bus, RUN, stepper=stepper).start()
    stuck: str | None = None
    try:
        if stepper is None:
            interrupted = _until_signal(out, run.wait)
        else:
            assert isinstance(run, ClientRun)  # a schedule runs on threads
            interrupted = _until_signal(out, lambda timeout: _scheduled(run, stepper, timeout))
            stuck = None if interrupted else follow_schedule(run, stepper, time.monotonic())
        if stuck is not None and stepper is not None:
            stepper.report_stuck(stuck)
        if not interrupted and stuck is None:
            _served(server, SERVED_BOUND)  # the handlers see their clients go before the stop
    finally:
        if stepper is not None:
            stepper.release_all()
        run.stop()
        server.stop()
        out.flush_events()
    if stuck is not None:
        print(f"tcp-lab: {tr('cli.stuck', lang, reason=stuck)}", file=sys.stderr)
    code = _conclude(args, out, config.n, run.run, interrupted, lang)
    return 1 if stuck is not None and code == 0 else code


def _scheduled(run: ClientRun, stepper: Stepper, timeout: float) -> bool:
    """True once ``run`` has ended or its schedule is found stuck; waits at most ``timeout``."""
    return run.wait(timeout) or stepper.stuck() is not None


def _served(server: LabServer | ProcessServer, timeout: float) -> None:
    """Return once ``server`` has no open connection, or after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while server.active and time.monotonic() < deadline:
        time.sleep(SERVED_POLL)


def _conclude(
    args: argparse.Namespace, out: _Output, n: int, run: int, interrupted: bool, lang: str
) -> int:
    """Write the run's summary (and lanes), export; the exit code of a client run."""
    summary = summarize(out.bus.iter_history(), n, run)
    if args.json:
        out.line(json_line(summary.to_dict()))
    else:
        out.line(summary_line(summary, lang))
        for line in order_lines(summary, lang):
            out.line(line)
        if summary.connections:
            pairs = (f"#{number} = r{run}.{i}" for i, number in enumerate(summary.connections, 1) if number)
            out.line(tr("order.pairs", lang, pairs=", ".join(pairs)))
        if connected := next((e for e in out.bus.iter_history() if e.kind == "connected"), None):
            options = format_options(connected.extra["options"])
            out.line(tr("cli.client_options", lang, options=options))
        out.line(verdict(summary, lang))
    if args.timeline:
        out.line("\n".join(_swimlane(out.bus, run, lang)))
    exported = _export(args, out.bus, lang)
    if interrupted:
        return 130
    return 0 if summary.failed == 0 and exported else 1


def _swimlane(bus: EventBus, run: int, lang: str) -> list[str]:
    """The run's client lanes, then the server handlers that served them, drawn to the terminal's width."""
    events = [
        e for e in bus.iter_history() if e.side == SERVER or (e.extra or {}).get("run") == run
    ]
    mine = [e for e in events if e.side == CLIENT]
    if not mine:
        return []
    lanes = build_lanes(events)
    ends = {lane.local for lane in lanes if lane.side == CLIENT and lane.local}
    shown = [lane for lane in lanes if lane.side == CLIENT or lane.peer in ends]
    end = max([mine[-1].t, *(lane.segments[-1].end for lane in shown if lane.segments)])
    width = shutil.get_terminal_size((80, 24)).columns
    return swimlane.render(shown, mine[0].t, end, width, lang)


def _export(args: argparse.Namespace, bus: EventBus, lang: str) -> bool:
    """Write the history to ``--export`` if given; False (after one line on stderr) on failure."""
    if not args.export:
        return True
    try:
        count = write_export(args.export, bus.iter_history(), args.overwrite)
    except OSError as exc:
        reason = exc.strerror or exc
        print(f"tcp-lab: {tr('cli.export_failed', lang, path=args.export, reason=reason)}", file=sys.stderr)
        return False
    print(f"tcp-lab: {tr('cli.exported', lang, count=count, path=args.export)}", file=sys.stderr)
    return True


def experiment(args: argparse.Namespace, lang: str) -> int:
    result = run_experiment(args.name)
    if args.json:
        print(json.dumps(experiment_view.to_json(result, lang), ensure_ascii=False))
    else:
        print("\n".join(experiment_view.render(result, lang).lines(lang)))
    return 0 if result.as_predicted else 1


def exhibit(args: argparse.Namespace, lang: str) -> int:
    """Run one exhibit; exit 0 when its outcome is the predicted one."""
    bus = EventBus()
    result = make_exhibit(args.name, args.safe, args.n, bus=bus).run()
    if args.json:
        print(json_line(exhibit_view.to_json(result, lang)))
    else:
        width = shutil.get_terminal_size((100, 24)).columns
        print("\n".join(exhibit_view.account(result, bus.history, width, lang)))
    exported = _export(args, bus, lang)
    return 0 if result.as_predicted and exported else 1


def entry() -> None:
    """Console-script entry point: never a traceback for a closed pipe or Ctrl-C."""
    try:
        code = main()
    except BrokenPipeError:
        sys.stderr.close()
        code = 1
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)
