"""The ``tcp-lab`` command: the app by default; ``serve``, ``clients``, ``run`` and ``experiment``
headless; ``open`` and ``merge`` for recordings.

Textual is imported only when the app opens, so the headless commands start as fast as Python.
Exit codes: 0 success, 1 failure (a client without a reply, a port that cannot be bound, an
experiment whose outcome is not the predicted one, events not written to standard output or not
kept in the history, an export not written), 2 bad arguments; a client run stopped by a signal
exits 128 + its number: 130 for Ctrl-C (SIGINT), 143 for SIGTERM, 129 for SIGHUP.
"""

from __future__ import annotations

import argparse
import errno
import json
import re
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from importlib.metadata import version
from typing import Any, NoReturn

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
from server_core.export import FORMATS, export_format, json_line, write_export
from server_core.pairing import served
from server_core.processes import ENGINES, ProcessServer, make_run, make_server
from server_core.scheduled import RUN, follow_schedule, schedule_stepper
from server_core.sockopts import SERVER_DEFAULTS, format_options
from server_core.stepping import Stepper, parse_schedule
from server_core.wire import argv_bytes

from . import cli_help, exhibit_view, experiment_view, options, recording_cli, swimlane
from .output import DRAIN_PERIOD, Output
from .strings import LANGS, default_lang, os_reason, shown_path, tr, why
from .verdict import order_lines, summary_line, verdict

SERVED_POLL = 0.005  # seconds between looks at a server whose clients have gone
SERVED_BOUND = 1.0  # seconds ``run`` lets the handlers take to see their clients go
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)  # Ctrl-C, kill, the terminal gone


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


class _Help(argparse.HelpFormatter):
    """Help that gives each option's default, where it has one worth saying, in the parser's
    language (see ``cli_help``)."""

    def __init__(self, prog: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(prog, *args, **kwargs)
        self.lang = "en"

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, tr("cli.usage", self.lang) if prefix is None else prefix)

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if action.default in (None, False, [], argparse.SUPPRESS) or action.help is None:
            return action.help
        default = tr("cli.default", self.lang)
        value = "%(default)s"
        if isinstance(action.default, tuple):  # a size: 120x36, as it is typed
            value = "x".join(str(part) for part in action.default)
        if self.lang == "zh":
            return f"{action.help}（{default}：{value}）"
        return f"{action.help} ({default}: {value})"


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit 2, and whose help gives defaults."""

    lang = "en"  # the help's language (cli_help.localize sets it)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Help)
        super().__init__(*args, **kwargs)

    def _get_formatter(self) -> argparse.HelpFormatter:
        formatter = super()._get_formatter()
        formatter.lang = self.lang  # type: ignore[attr-defined]
        return formatter

    def format_help(self) -> str:
        """The help; in Chinese a section's heading ends in a full-width colon."""
        text = super().format_help()
        if self.lang == "zh":
            text = re.sub(r"^(\S[^\n]*[\u4e00-\u9fff]):$", "\\1\N{FULLWIDTH COLON}", text, flags=re.MULTILINE)
        return text

    def error(self, message: str) -> NoReturn:
        reason = why(argv_bytes(message), self.lang)
        self.exit(2, tr("cli.error", self.lang, prog=self.prog, message=reason) + "\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tcp-lab", description="See how a thread-per-client TCP server behaves.")
    parser.add_argument("--host", type=_arg(options.host), default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=_arg(options.port), default=8888, help="port (0: any free port)")
    parser.add_argument("--lang", choices=LANGS, default=None, help="interface language")
    parser.add_argument(
        "--theme", metavar="NAME", help="colour theme: one of Textual's, or tcp-lab-contrast for a projector"
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version('tcp-lab')}")
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="process",
        help="where the app runs its server and clients: in its own threads or in processes of their own",
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
    exact, backlog = _arg(options.text), _arg(options.backlog)
    serve.add_argument("--reply", type=exact, default=DEFAULT_REPLY, metavar="TEXT", help="the reply")
    serve.add_argument("--backlog", type=backlog, default=128, metavar="N", help="listen backlog")
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
    clients.add_argument("--host", type=_arg(options.host), default="127.0.0.1", help="server address")
    clients.add_argument("--port", type=_arg(options.server_port), default=8888, help="server port")
    _add_client_options(clients)
    clients.add_argument("--json", action="store_true", help="one JSON object per event, then a summary")
    clients.add_argument(
        "--timeline", action="store_true", help="after the summary, draw one lane per client over time"
    )
    both = commands.add_parser(
        "run", help="start the server and one client run, show both sides, summarize"
    )
    both.add_argument("--host", type=_arg(options.host), default="127.0.0.1", help="address to listen on")
    both.add_argument("--port", type=_arg(options.port), default=0, help="port (0: any free port)")
    _add_client_options(both)
    _add_order(both, SERVER_MODES, "handler", flag="--server-order")
    both.add_argument(
        "--delay", type=_arg(options.seconds), default=0.0, metavar="S", help="pause before each reply"
    )
    both.add_argument(
        "--reply", type=exact, default=DEFAULT_REPLY, metavar="TEXT", help="reply to every message"
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
    """An exhibit's client count, MIN_N to MAX_N; ValueError naming that range for anything else."""
    try:
        count = options.count(text)
    except ValueError:
        count = 0
    if not MIN_N <= count <= MAX_N:
        raise ValueError(f"an exhibit runs {MIN_N} to {MAX_N} clients (a whole number), not {text!r}")
    return count


def _add_order(
    parser: argparse.ArgumentParser, modes: tuple[str, ...], who: str, flag: str = "--order"
) -> None:
    """``flag MODE`` (``--order`` by default) for ``who`` (handlers or clients), refusing modes
    outside ``modes``."""
    parser.add_argument(
        flag,
        type=_arg(lambda text: parse_order(text, modes)),
        default=Order("free"),
        metavar="MODE",
        help=f"{who} ordering: {', '.join(modes)} (semaphore:K)",
    )


def _add_client_options(parser: argparse.ArgumentParser) -> None:
    """What a client run takes, for ``clients`` and ``run`` alike: N, the order, the hold, the
    message and the timeout."""
    parser.add_argument("-n", type=_arg(options.count), default=3, metavar="N", help="how many clients")
    _add_order(parser, CLIENT_MODES, "client")
    parser.add_argument(
        "--hold",
        type=_arg(options.seconds),
        default=1.0,
        metavar="S",
        help="seconds each client keeps its connection open after the reply",
    )
    parser.add_argument(
        "--message",
        type=_arg(options.text),
        default=DEFAULT_MESSAGE,
        metavar="TEMPLATE",
        help="what each client sends; {i} is its number",
    )
    parser.add_argument(
        "--timeout",
        type=_arg(options.positive_seconds),
        default=30.0,
        metavar="S",
        help="limit for the connect and for each wait for a reply",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    cli_help.localize(parser, cli_help.early_lang(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    lang = args.lang or default_lang()
    if args.command in recording_cli.COMMANDS:
        return recording_cli.run(args, lang)
    if getattr(args, "export", None):
        try:
            options.export_target(args.export, args.overwrite)
        except FileExistsError as exc:
            _refuse(args, f"--export: {exc}; add --overwrite to replace it")
        except ValueError as exc:
            _refuse(args, f"--export: {exc}")
    if getattr(args, "timeline", False) and args.json:
        _refuse(args, "--timeline draws text; it cannot be combined with --json")
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
    if not recording_cli.has_terminal():
        _say(tr("cli.needs_terminal", lang))
        return 2
    from .app import run_app  # Textual loads only here

    return run_app(host=args.host, port=args.port, lang=lang, theme=args.theme, engine=args.engine)


def _until_signal(out: Output, wait_done: Callable[[float], bool] | None = None) -> int:
    """Start the output, then wait until ``wait_done(timeout)`` says done, a stop signal (SIGINT,
    SIGTERM, SIGHUP) comes or the output fails; the first signal's number, 0 for none. The
    output thread writes the events meanwhile; it starts once the signals are caught, so a reader
    that acts on the first line it sees (``listening``) can already stop the command cleanly."""
    interrupted = threading.Event()
    caught: list[int] = []

    def stop(signum: int, _: object) -> None:
        caught.append(signum)
        interrupted.set()

    wait = wait_done or interrupted.wait
    previous = {sig: signal.signal(sig, stop) for sig in STOP_SIGNALS}
    try:
        out.start()
        while not interrupted.is_set() and not out.failed.is_set() and not wait(DRAIN_PERIOD):
            pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return caught[0] if caught else 0


def _refuse(args: argparse.Namespace, message: str) -> NoReturn:
    """Exit 2 after ``tcp-lab COMMAND: error: message``, the form argparse gives its own errors."""
    print(f"tcp-lab {args.command}: error: {argv_bytes(message)}", file=sys.stderr)
    sys.exit(2)


def serve(args: argparse.Namespace, lang: str) -> int:
    out = Output(EventBus(), args.json, lang)
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
        _say(tr("cli.exposed", lang, host=args.host))
    server = LabServer(config, out.bus)
    if not _bind(server, args, lang):
        return 1
    server.start()
    try:
        _until_signal(out)
    finally:
        server.stop()
    written = _close(out, bool(args.export), lang)
    exported = _export(args, out.bus, lang)
    return 0 if written and exported else 1


def _bind(server: LabServer | ProcessServer, args: argparse.Namespace, lang: str) -> bool:
    """Bind ``server``; False, after one line on stderr, when it cannot listen."""
    try:
        server.bind()
    except OSError as exc:
        key = "cli.port_busy" if exc.errno == errno.EADDRINUSE else "cli.cannot_listen"
        _say(tr(key, lang, host=args.host, port=args.port, reason=exc.strerror or exc))
        return False
    return True


def clients(args: argparse.Namespace, lang: str) -> int:
    out = Output(EventBus(), args.json, lang)
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
    return _conclude(args, out, config.n, run.run, interrupted, lang)


def run_both(args: argparse.Namespace, lang: str) -> int:
    """``run``: the lab's server (port 0 by default) and one client run on one bus, as the app
    runs them; both sides' events, the summary, then the server is stopped. Exit 0 when every
    client got its reply, 1 otherwise (or when the port cannot be bound, or a ``--schedule``
    cannot be followed), 2 for a schedule naming a client not launched, 128 + the number of a
    stop signal (130 for Ctrl-C)."""
    out = Output(EventBus(), args.json, lang)
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
            print(
                tr("cli.error", lang, prog="tcp-lab run", message=why(f"--schedule: {exc}", lang)),
                file=sys.stderr,
            )
            return 2
    engine = args.engine if stepper is None else "thread"  # a schedule holds threads of this process
    server = make_server(engine, server_config, out.bus, stepper=stepper)
    if not _bind(server, args, lang):
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
    if stuck is not None:
        _say(tr("cli.stuck", lang, reason=stuck))
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


def _conclude(args: argparse.Namespace, out: Output, n: int, run: int, interrupted: int, lang: str) -> int:
    """Write the run's summary (and lanes), finish the output, export; the exit code of a client
    run (0 only when every client got its reply and nothing was lost)."""
    summary = summarize(out.bus.iter_history(), n, run)
    if args.json:
        out.line(json_line(summary.to_dict()))
    else:
        out.line(summary_line(summary, lang))
        width = shutil.get_terminal_size((80, 24)).columns
        for line in order_lines(summary, lang, width):
            out.line(line)
        if summary.connections:
            for line in _pair_lines(summary.connections, run, width, lang):
                out.line(line)
        if connected := next((e for e in out.bus.iter_history() if e.kind == "connected"), None):
            options = format_options((connected.extra or {})["options"])
            out.line(tr("cli.client_options", lang, options=options))
        out.line(verdict(summary, lang))
    if args.timeline:
        out.line("\n".join(_swimlane(out.bus, run, lang)))
    written = _close(out, bool(args.export), lang)
    exported = _export(args, out.bus, lang)
    if interrupted:  # the stop signal's number: the shell's 128 + N
        return 128 + interrupted
    return 0 if summary.failed == 0 and written and exported else 1


def _pair_lines(connections: list[int | None], run: int, width: int, lang: str) -> list[str]:
    """"connections: #1 = r1.1, #3 = r1.2, ..." in lines of at most ``width`` columns, never
    cutting a pair."""
    pairs = [f"#{number} = r{run}.{i}" for i, number in enumerate(connections, 1) if number]
    if not pairs:
        return []
    head, _, tail = tr("order.pairs", lang, pairs=swimlane.HOLE).partition(swimlane.HOLE)
    comma, gap = ("、", "") if lang == "zh" else (",", " ")  # a Chinese list: "#1 = r1.1、#2 = r1.2"
    items = [f"{pair}{comma}" for pair in pairs[:-1]] + [pairs[-1] + tail]
    return swimlane.wrap_items([head + items[0], *items[1:]], width, gap)


def _swimlane(bus: EventBus, run: int, lang: str) -> list[str]:
    """The run's client lanes, then the server handlers that served them, drawn to the terminal's width."""
    events = [
        e for e in bus.iter_history() if e.side == SERVER or e.run == run
    ]
    mine = [e for e in events if e.side == CLIENT]
    if not mine:
        return []
    lanes = build_lanes(events)
    clients = [lane for lane in lanes if lane.side == CLIENT]
    shown = clients + served(clients, lanes)  # lanes come clients first
    end = max([mine[-1].t, *(lane.segments[-1].end for lane in shown if lane.segments)])
    width = shutil.get_terminal_size((80, 24)).columns
    return swimlane.render(shown, mine[0].t, end, width, lang)


def _close(out: Output, exporting: bool, lang: str) -> bool:
    """Finish the output (bounded: see :meth:`Output.close`); False, after one line on stderr,
    when events were not written to standard output or the history could not keep them all."""
    try:
        complete = out.close()
    except KeyboardInterrupt:  # a second Ctrl-C: stop waiting for the reader
        complete = False
    if out.failure is not None:
        key = "cli.output_failed" if exporting else "cli.output_failed_no_export"
        _say(tr(key, lang, reason=out.failure, count=out.unwritten))
    elif not complete:
        _say(tr("cli.output_blocked", lang, count=out.unwritten))
    if lost := out.bus.lost:
        _say(tr("cli.history_lost", lang, count=lost))
    return complete and not lost


def _say(text: str) -> None:
    print(f"tcp-lab: {text}", file=sys.stderr, flush=True)


def _abandon(*_: object) -> NoReturn:
    raise KeyboardInterrupt


def _export(args: argparse.Namespace, bus: EventBus, lang: str) -> bool:
    """Write the history to ``--export`` if given; False (after one line on stderr) on failure.

    A stop signal during the export abandons it: no file is left and stderr says so.
    """
    if not args.export:
        return True
    previous = {sig: signal.signal(sig, _abandon) for sig in STOP_SIGNALS}
    try:
        count = write_export(args.export, bus.snapshot(), args.overwrite)
    except KeyboardInterrupt:
        _say(tr("cli.export_abandoned", lang, path=shown_path(args.export)))
        return False
    except OSError as exc:
        _say(tr("cli.export_failed", lang, path=shown_path(args.export), reason=os_reason(exc, lang)))
        return False
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    _say(tr("cli.exported", lang, count=count, path=shown_path(args.export)))
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
