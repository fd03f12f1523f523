"""The ``tcp-lab`` command: the app by default, ``serve``, ``clients`` and ``experiment`` headless.

Textual is imported only when the app opens, so the headless commands start as fast as Python.
Exit codes: 0 success, 1 failure (a client without a reply, a port that cannot be bound, an
experiment whose outcome is not the predicted one, events not written to standard output or not
kept in the history, an export not written), 2 bad arguments, 130 interrupted clients.
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import NoReturn

from server_core import (
    ACCEPT_MODES,
    CLIENT,
    CLIENT_MODES,
    DEFAULT_MAX_BYTES,
    DEFAULT_MESSAGE,
    DEFAULT_REPLY,
    DEFAULT_SEND_TIMEOUT,
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
from server_core.experiments import NAMES as EXPERIMENT_NAMES
from server_core.experiments import run_experiment
from server_core.export import FORMATS, export_format, json_line, write_export
from server_core.sockopts import SERVER_DEFAULTS, format_options

from . import experiment_view, options, swimlane
from .output import DRAIN_PERIOD, Output
from .strings import LANGS, default_lang, summary_line, tr, verdict

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


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tcp-lab", description="See how a thread-per-client TCP server behaves.")
    parser.add_argument("--host", type=_arg(options.host), default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=_arg(options.port), default=8888, help="port (0: any free port)")
    parser.add_argument("--lang", choices=LANGS, default=None, help="interface language")
    commands = parser.add_subparsers(
        dest="command", parser_class=_Parser, metavar="{serve,clients,experiment}"
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
        type=_arg(options.text),
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
    experiment = commands.add_parser("experiment", help="run one socket experiment and say what it showed")
    experiment.add_argument("name", choices=EXPERIMENT_NAMES, metavar="NAME", help=" ".join(EXPERIMENT_NAMES))
    experiment.add_argument("--json", action="store_true", help="one JSON object with the outcome")
    experiment.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help="output language")
    for sub in (serve, clients):
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
    if getattr(args, "export", None):
        try:
            options.export_target(args.export, args.overwrite)
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
    if args.command == "experiment":
        return experiment(args, lang)
    from .app import run_app  # Textual loads only here

    return run_app(host=args.host, port=args.port, lang=lang)


def _until_signal(out: Output, wait_done: Callable[[float], bool] | None = None) -> bool:
    """Wait until ``wait_done(timeout)`` says done, a stop signal (SIGINT, SIGTERM, SIGHUP) comes
    or the output fails; True on a signal. The output thread writes the events meanwhile."""
    interrupted = threading.Event()
    wait = wait_done or interrupted.wait
    previous = {sig: signal.signal(sig, lambda *_: interrupted.set()) for sig in STOP_SIGNALS}
    try:
        while not interrupted.is_set() and not out.failed.is_set() and not wait(DRAIN_PERIOD):
            pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return interrupted.is_set()


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
    out.start()
    try:
        _until_signal(out)
    finally:
        server.stop()
    written = _close(out, lang)
    exported = _export(args, out.bus, lang)
    return 0 if written and exported else 1


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
    out.start()
    try:
        interrupted = _until_signal(out, run.wait)
    finally:
        run.stop()
    summary = summarize(out.bus.iter_history(), config.n, run.run)
    if args.json:
        out.line(json_line(summary.to_dict()))
    else:
        out.line(summary_line(summary, lang))
        if connected := next((e for e in out.bus.iter_history() if e.kind == "connected"), None):
            options = format_options(connected.extra["options"])
            out.line(tr("cli.client_options", lang, options=options))
        out.line(verdict(summary, lang))
    if args.timeline:
        out.line("\n".join(_swimlane(out.bus, run.run, lang)))
    written = _close(out, lang)
    exported = _export(args, out.bus, lang)
    if interrupted:
        return 130
    return 0 if summary.failed == 0 and written and exported else 1


def _swimlane(bus: EventBus, run: int, lang: str) -> list[str]:
    """The run's client lanes drawn to the terminal's width."""
    events = [e for e in bus.iter_history() if e.side == CLIENT and (e.extra or {}).get("run") == run]
    if not events:
        return []
    width = shutil.get_terminal_size((80, 24)).columns
    return swimlane.render(build_lanes(events), events[0].t, events[-1].t, width, lang)


def _close(out: Output, lang: str) -> bool:
    """Finish the output (bounded: see :meth:`Output.close`); False, after one line on stderr,
    when events were not written to standard output or the history could not keep them all."""
    try:
        complete = out.close()
    except KeyboardInterrupt:  # a second Ctrl-C: stop waiting for the reader
        complete = False
    if out.failure is not None:
        _say(tr("cli.output_failed", lang, reason=out.failure, count=out.unwritten))
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
        _say(tr("cli.export_abandoned", lang, path=args.export))
        return False
    except OSError as exc:
        _say(tr("cli.export_failed", lang, path=args.export, reason=exc.strerror or exc))
        return False
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    _say(tr("cli.exported", lang, count=count, path=args.export))
    return True


def experiment(args: argparse.Namespace, lang: str) -> int:
    result = run_experiment(args.name)
    if args.json:
        print(json.dumps(experiment_view.to_json(result, lang), ensure_ascii=False))
    else:
        print("\n".join(experiment_view.render(result, lang).lines(lang)))
    return 0 if result.as_predicted else 1


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
