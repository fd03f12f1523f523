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
import contextlib
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Any, NoReturn

from server_core.engines import ENGINES
from server_core.events import EventBus
from server_core.export_formats import FORMATS, export_format
from server_core.wire import argv_bytes

from . import cli_help, options, recording_cli
from .cli_help import LANG_DEFAULT, OUTPUT_LANG_HELP
from .diagnostics import STOP_SIGNALS, Stopped, end_interrupted_line, interrupted, notice, refuse
from .option_table import Option, add_option, client_config, named_choice, option, server_config
from .output import DRAIN_PERIOD, Output
from .strings import LANGS, choice_name, default_lang, os_reason, reason, shown_path, tr, why

if TYPE_CHECKING:
    from server_core import ClientRun, LabServer, RunSummary
    from server_core.processes import ProcessServer
    from server_core.stepping import Stepper, Stuck
    from server_core.summary import RunFolder

# Each command imports what it runs when it runs (``python -X importtime``): ``clients`` loads
# neither the server, the exports, the experiments nor the exhibits.
COMMANDS = ("serve", "clients", "run", "experiment", "exhibit", *recording_cli.COMMANDS)
SERVED_POLL = 0.005  # seconds between looks at a server whose clients have gone
SERVED_BOUND = 1.0  # seconds ``run`` lets the handlers take to see their clients go
ORDER_BLOCKS = 2  # blocks of order lines on a terminal at most, as the timeline's header shows them
PAIR_LINES = 2  # lines of "connections: #1 = r1.1, ..." on a terminal at most
OUTPUTS = {"export": "--export", "svg": "--svg", "output": "-o/--output"}  # dest -> its flag, argparse's way
ONE_SHOT = ("experiment", "exhibit", *recording_cli.COMMANDS)  # commands that end by themselves
DEFAULT_THEME = "textual-dark"  # Textual's own default, named here: --help imports no Textual
# exhibit's and experiment's --port: they listen on 127.0.0.1 (reuseaddr on the port and the next)
LISTEN_PORT = "port to listen on, 0 for a free one"
EXPERIMENT_PORT = f"{LISTEN_PORT} (reuseaddr takes it and the next)"
ITEM_HANG = "  "  # a help list's item broken: its continuation lines this much further in
# An option that has no effect without another: its dest and flag, then the other's.
PARTNERS = (
    ("overwrite", "--overwrite", "export", "--export"),
    ("overwrite", "--overwrite", "svg", "--svg"),
    ("view", "--view", "svg", "--svg"),
    ("size", "--size", "svg", "--svg"),
)
CONTINUED, HANG = " \\", " " * 8  # an example's command broken: the end of a line, and the start of the next
EXPORT_HELP = f"at the end, write every event to PATH ({', '.join(FORMATS)}, from the name)"  # every --export


class _Help(argparse.HelpFormatter):
    """Help that gives each option's default, where it has one worth saying, in the parser's
    language (see ``cli_help``), its lines measured in terminal cells and broken as the app
    breaks them (Chinese between characters, never before closing punctuation)."""

    def __init__(self, prog: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(prog, *args, **kwargs)
        self.lang = "en"

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, tr("cli.usage", self.lang) if prefix is None else prefix)

    def _format_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None) -> str:
        """argparse's usage, its rows measured in terminal cells (a Chinese prefix of three
        characters takes six) and broken only between options (``cli_help.usage_lines``)."""
        if usage is not None or not actions or prefix is None:
            return super()._format_usage(usage, actions, groups, prefix)
        optionals = [action for action in actions if action.option_strings]
        positionals = [action for action in actions if not action.option_strings]
        width = self._width - self._current_indent
        lines = cli_help.usage_lines(
            prefix,
            self._prog,
            self._format_actions_usage(optionals, groups),
            self._format_actions_usage(positionals, groups),
            width,
        )
        return "\n".join(lines) + "\n\n"

    def _split_lines(self, text: str, width: int) -> list[str]:
        """``text`` in lines of ``width`` cells; a list (its heading, then items on lines of their
        own, as a NAME's names) has each item's continuation lines :data:`ITEM_HANG` further in,
        so none reads as an item."""
        from .wrapping import breaks  # only a help pays for it

        lines = []
        for i, line in enumerate(text.split("\n")):  # a list's heading, then its items
            hang = ITEM_HANG if i else ""
            line = " ".join(line.split())
            cuts = [0, *breaks(line, width, len(hang)), len(line)]
            parts = [line[start:end].rstrip() for start, end in pairwise(cuts)]
            lines += parts[:1] + [hang + part for part in parts[1:]]
        return lines

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        """A description or the examples: each line broken as help is, its lines under its
        start (an example's note stays under its command); an example's command is broken as a
        shell takes it, `` \\`` at the end of a line and the rest indented under it."""
        lines = []
        for line in text.split("\n"):
            lead = indent + cli_help.leading(line)
            if cli_help.is_example(line):
                parts = cli_help.example_lines(line, width - len(lead), CONTINUED, HANG)
                lines += [lead + part for part in parts]
            else:
                lines += [lead + part for part in self._split_lines(line, max(1, width - len(lead)))]
        return "\n".join(lines)

    def _get_help_string(self, action: argparse.Action) -> str | None:
        listed = getattr(action, "listed", None)  # a NAME's list, each on a line of its own
        if listed is not None:
            return str(listed(self.lang))
        if action.default is None or action.default is False or action.help is None:
            return action.help
        if action.default in ([], argparse.SUPPRESS):  # 0 and 0.0 are defaults worth saying
            return action.help
        default = tr("cli.default", self.lang)
        named = choice_name(str(action.default), self.lang)  # an order or accept mode: free 自由
        value = f"%(default)s {named}" if named else "%(default)s"
        return tr("cli.help_with_default", self.lang, help=action.help, default=default, value=value)


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
        """The help; a section's heading ends in the language's colon (full-width in Chinese)."""
        text = super().format_help()
        colon = tr("text.colon", self.lang).strip()
        return re.sub(r"^(\S[^\n]*):$", lambda m: m.group(1) + colon, text, flags=re.MULTILINE)

    def parse_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> Any:  # type: ignore[override]
        """argparse's, except that an argument no parser knows is refused by the command's
        parser (``tcp-lab run: error: unrecognized arguments: --bogus``), as every other
        argument error of a command is; by this one when no command was given."""
        parsed, unknown = self.parse_known_args(args, namespace)
        if unknown:
            self.command_parser(getattr(parsed, "command", None)).error(
                f"unrecognized arguments: {' '.join(unknown)}"
            )
        return parsed

    def command_parser(self, name: str | None) -> argparse.ArgumentParser:
        """The parser of the command ``name``; this one when there is none."""
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction) and name in action.choices:
                return action.choices[name]
        return self

    def error(self, message: str) -> NoReturn:
        refuse(self.prog, why(argv_bytes(message), self.lang), self.lang)
        self.exit(2)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The ``tcp-lab`` parser. With ``argv``, only the commands named in it get their options,
    and the others are not even made unless the list of commands may be shown (a help, or no
    command named): a command's options load what they validate with, so ``clients`` never
    loads the experiments. None: every command, whole."""
    wanted = set(COMMANDS) if argv is None else set(argv) & set(COMMANDS)
    listed = not wanted or argv is None or bool({"-h", "--help"} & set(argv))
    description = "See how a thread-per-client TCP server behaves."
    parser = _Parser(prog="tcp-lab", description=description, epilog=cli_help.examples(""))
    for spec in (option("host"), option("port")):
        add_option(parser, spec, _arg)
    _add_lang(parser, "interface language" + LANG_DEFAULT, None)
    parser.add_argument(
        "--theme",
        metavar="NAME",
        default=DEFAULT_THEME,
        help="colour theme: one of Textual's, or tcp-lab-contrast for a projector",
    )
    parser.add_argument("--version", action=_Version, help="show program's version number and exit")
    parser.add_argument(
        "--engine",
        type=_choice(ENGINES),
        choices=ENGINES,
        default="process",
        help="where the app runs its server and clients: in its own threads or in processes of their own",
    )
    # prog given: argparse would otherwise format the whole usage to find it; COMMAND, not the
    # set of every command ({serve,clients,...}: wider than a 50-column terminal), each listed below
    commands = parser.add_subparsers(
        dest="command", parser_class=_Parser, metavar="COMMAND", prog=parser.prog
    )
    helps = {
        "serve": "run the server headless, one line per event",
        "clients": "launch N clients against a server and summarize",
        "run": "start the server and one client run, show both sides, summarize",
        "experiment": "run one socket experiment and say what it showed",
        "exhibit": "make a lock fault happen, or show its fix",
    }
    made = set(COMMANDS) if listed else wanted
    subs = {name: _add_command(commands, name, text) for name, text in helps.items() if name in made}
    recording_cli.add_commands(commands, _arg, made, wanted)
    adders = {
        "serve": _add_serve,
        "clients": _add_clients,
        "run": _add_run,
        "experiment": _add_experiment,
        "exhibit": _add_exhibit,
    }
    for name, sub in subs.items():
        if name in wanted:
            adders[name](sub)
            if name in ("serve", "clients", "run"):
                _add_outputs(sub)
    return parser


def _add_command(commands: Any, name: str, text: str) -> argparse.ArgumentParser:
    """Command ``name`` added to the ``tcp-lab`` parser's ``commands``: ``text`` in the list of
    commands, its description and its examples in its own help."""
    description, epilog = cli_help.DESCRIPTIONS[name], cli_help.examples(name)
    parser: argparse.ArgumentParser = commands.add_parser(
        name, help=text, description=description, epilog=epilog
    )
    return parser


class _Version(argparse.Action):
    """``--version``: the installed version, looked up only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> NoReturn:
        from importlib.metadata import version

        print(f"{parser.prog} {version('tcp-lab')}")
        parser.exit()


def _add_serve(serve: argparse.ArgumentParser) -> None:
    for spec in (
        option("host"),
        option("port"),
        option("server_order", flag="--order"),
        option("delay"),
        option("reply", help="the reply"),
        option("backlog"),
        option("accept"),
        option("threads"),
        option("max_bytes"),
        option("send_timeout"),
        option("idle_timeout"),
        option("max_clients"),
    ):
        add_option(serve, spec, _arg)
    serve.add_argument("--json", action="store_true", help="one JSON object per event per line")


def _add_clients(clients: argparse.ArgumentParser) -> None:
    host = option("host", help="server address")
    port = option("port", parse=options.server_port, help="server port")
    for spec in (host, port, *_client_options()):
        add_option(clients, spec, _arg)
    _add_shown(clients, "after the summary, draw one lane per client over time")


def _add_run(both: argparse.ArgumentParser) -> None:
    from server_core.stepping import parse_schedule

    for spec in (
        option("host"),
        option("port", default="0"),
        *_client_options(),
        option("server_order"),
        option("delay"),
        option("reply"),
    ):
        add_option(both, spec, _arg)
    both.add_argument(
        "--schedule",
        type=_arg(parse_schedule),
        default=None,
        metavar="LIST",
        help="hold the listed steps in this order: CLIENT:STEP,... (STEP: turn connect send recv close)",
    )
    both.add_argument(
        "--engine",
        type=_choice(ENGINES),
        choices=ENGINES,
        default="process",
        help="server and clients as processes of their own (times as two programs see them), or "
        "threads of this one (--schedule always runs on threads)",
    )
    _add_shown(both, "after the summary, draw both sides' lanes")


def _add_shown(sub: argparse.ArgumentParser, timeline_help: str) -> None:
    """A client run's ``--json`` and ``--timeline``: one or the other (lanes are text), which
    argparse refuses together and its usage shows as ``[--json | --timeline]``."""
    shown = sub.add_mutually_exclusive_group()
    shown.add_argument("--json", action="store_true", help="one JSON object per event, then a summary")
    shown.add_argument("--timeline", action="store_true", help=timeline_help)


def _add_experiment(experiment: argparse.ArgumentParser) -> None:
    from server_core.experiments import NAMES

    name = experiment.add_argument("name", type=_choice(NAMES), choices=NAMES, metavar="NAME", help="NAME")
    name.listed = _listed(NAMES, "exp.{}.title")  # type: ignore[attr-defined]  # read by _Help
    add_option(experiment, option("port", default="0", help=EXPERIMENT_PORT), _arg)
    experiment.add_argument("--json", action="store_true", help="one JSON object with the outcome")
    _add_lang(experiment, OUTPUT_LANG_HELP, argparse.SUPPRESS)


def _add_exhibit(exhibit: argparse.ArgumentParser) -> None:
    from server_core.exhibits import EXHIBITS, MAX_N, MIN_N, NAMES

    name = exhibit.add_argument("name", type=_choice(NAMES), choices=NAMES, metavar="NAME", help="NAME")
    name.listed = _listed(NAMES, "exhibit.{}.title")  # type: ignore[attr-defined]  # read by _Help
    exhibit.add_argument("--safe", action="store_true", help="run the fixed variant")
    add_option(exhibit, option("port", default="0", help=LISTEN_PORT), _arg)
    defaults = ", ".join(f"{cls.default_n} for {name}" for name, cls in EXHIBITS.items())
    exhibit.add_argument(
        "-n",
        type=_arg(_exhibit_clients),
        default=None,
        metavar="N",
        help=f"clients, {MIN_N} to {MAX_N} (default: {defaults})",
    )
    exhibit.add_argument("--json", action="store_true", help="one JSON object with the outcome")
    _add_lang(exhibit, OUTPUT_LANG_HELP, argparse.SUPPRESS)
    exhibit.add_argument("--export", type=_arg(_export_path), default=None, metavar="PATH", help=EXPORT_HELP)
    exhibit.add_argument("--overwrite", action="store_true", help="let --export replace an existing file")


def _listed(names: Sequence[str], title: str) -> Callable[[str], str]:
    """The help of a command's NAME in a language: a heading, then one line per name, the name
    as typed and in the language (``deadlock 死锁``) and what it shows (its title, key ``title``
    with the name in its ``{}``)."""
    from .strings import with_choice_name

    def lines(lang: str) -> str:
        listed = [
            tr("cli.name_listed", lang, name=with_choice_name(name, lang), title=tr(title.format(name), lang))
            for name in names
        ]
        return "\n".join([tr("cli.names_listed", lang), *listed])

    return lines


def _add_outputs(sub: argparse.ArgumentParser) -> None:
    """What ``serve``, ``clients`` and ``run`` all take last: socket options, language, export."""
    add_option(sub, option("sockopts"), _arg)
    _add_lang(sub, OUTPUT_LANG_HELP, argparse.SUPPRESS)
    sub.add_argument("--export", type=_arg(_export_path), default=None, metavar="PATH", help=EXPORT_HELP)
    sub.add_argument("--overwrite", action="store_true", help="let --export replace an existing file")


def _client_options() -> tuple[Option, ...]:
    """What a client run takes, for ``clients`` and ``run`` alike: N, the order, the hold, the
    message and the timeout."""
    return tuple(option(name) for name in ("n", "order", "hold", "message", "timeout"))


def _arg(validate: Callable[[str], object]) -> Callable[[str], object]:
    """An argparse ``type`` that reports the validator's own reason."""

    def parse(text: str) -> object:
        try:
            return validate(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return parse


def _add_lang(parser: argparse.ArgumentParser, text: str, default: str | None) -> None:
    """``--lang`` (its help ``text``): a language's code, or its name in any language (``中文``)."""
    parser.add_argument("--lang", type=_choice(LANGS), choices=LANGS, default=default, help=text)


def _choice(choices: tuple[str, ...]) -> Callable[[str], object]:
    """An argparse ``type`` for an option whose value is one of ``choices``: a value's name in
    any language is read as the value (``--engine 线程``, ``--lang 中文``)."""
    return _arg(named_choice(choices))


def _export_path(text: str) -> str:
    export_format(text)  # refuses a name that gives no format
    return text


def _exhibit_clients(text: str) -> int:
    """An exhibit's client count, MIN_N to MAX_N; ValueError naming that range for anything else."""
    from server_core.exhibits import MAX_N, MIN_N
    from server_core.numbers import must_be, wanted, whole

    if not text.strip():
        raise ValueError(must_be(f"a whole number from {MIN_N} to {MAX_N}", text))
    count = whole(text)
    if count is None or not MIN_N <= count <= MAX_N:  # not a number: how numbers are written too
        raise ValueError(f"{wanted(f'an exhibit runs {MIN_N} to {MAX_N} clients', count)}, not {text!r}")
    return count


def main(argv: Sequence[str] | None = None) -> int:
    """Read the arguments, check the files to write, run the command; its exit code. A stop
    signal at any moment of it, the arguments being read too, is said as :func:`_stopped` says
    it (the files named so far said not written)."""
    given = sys.argv[1:] if argv is None else argv
    args = argparse.Namespace()  # what is read so far: the files a stop says not written
    lang = cli_help.early_lang(given)
    try:
        parser = build_parser(given)
        cli_help.localize(parser, lang)
        args = parser.parse_args(argv)
        lang = args.lang or default_lang()
        _check_partners(parser, args, lang)
        _check_outputs(args, lang)
        with _stops_raise(args.command in ONE_SHOT and not (args.command == "open" and args.svg is None)):
            return _command(args, lang)
    except KeyboardInterrupt as stop:  # Ctrl-C before a command caught it, or one that ends by itself
        return _stopped(args, getattr(stop, "signum", signal.SIGINT), lang)


def _check_partners(parser: argparse.ArgumentParser, args: argparse.Namespace, lang: str) -> None:
    """Refuse (exit 2) an option given without the one it has no effect without: ``--overwrite``
    without the file it lets be replaced, ``--view`` or ``--size`` without ``open --svg``. Given:
    its value is not its default (read as argparse reads a default typed as text)."""
    command = parser.command_parser(args.command) if isinstance(parser, _Parser) else parser
    defaults = {action.dest: action for action in command._actions}
    for dest, flag, partner, partner_flag in PARTNERS:
        if dest not in args or partner not in args or getattr(args, partner) is not None:
            continue
        action = defaults[dest]
        default = action.default
        if isinstance(default, str) and callable(action.type):
            default = action.type(default)
        if getattr(args, dest) != default:
            _refuse_value(args, flag, f"has no effect without {partner_flag}", lang)


def _check_outputs(args: argparse.Namespace, lang: str) -> None:
    """Check every file the command writes before it starts: refused (exit 2) when it exists
    without ``--overwrite`` or its name gives no format."""
    for dest, flag in OUTPUTS.items():
        if getattr(args, dest, None):
            target = recording_cli.picture_target if dest == "svg" else options.export_target
            try:
                setattr(args, dest, target(getattr(args, dest), args.overwrite))
            except FileExistsError as exc:
                _refuse_value(args, flag, f"{exc}; add --overwrite to replace it", lang)
            except ValueError as exc:
                _refuse_value(args, flag, str(exc), lang)


def _command(args: argparse.Namespace, lang: str) -> int:
    """Run the command ``args`` name (the app when none); its exit code."""
    if args.command in recording_cli.COMMANDS:
        return recording_cli.run(args, lang)
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
    if args.theme != DEFAULT_THEME:  # a wrong name is said first, terminal or not
        from .themes import theme_refused

        if theme_refused(args.theme, lang):
            return 2
    if not recording_cli.has_terminal():
        notice(tr("cli.needs_terminal", lang), lang)
        return 2
    from .app import run_app  # Textual loads only here

    return run_app(host=args.host, port=args.port, lang=lang, theme=args.theme, engine=args.engine)


def _raise_stop(signum: int, _: object) -> NoReturn:
    raise Stopped(signum)


@contextlib.contextmanager
def _stops_raise(active: bool) -> Iterator[None]:
    """When ``active``, every stop signal inside the block raises :class:`Stopped`, as Ctrl-C
    raises KeyboardInterrupt, so a command that ends by itself (``experiment``, ``exhibit``,
    ``open --svg``, ``merge``) stops on SIGTERM and SIGHUP as on Ctrl-C: through its ``finally``
    blocks, its files left complete or absent. The handlers are put back after."""
    previous = {sig: signal.signal(sig, _raise_stop) for sig in STOP_SIGNALS} if active else {}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _stopped(args: argparse.Namespace, signum: int, lang: str, cut: str = "") -> int:
    """Say that a stop signal ended the command before it had finished, as ``clients`` says it:
    after Ctrl-C one line end after the terminal's ``^C`` (standard output's when it is that
    terminal, else the first line standard error writes there), then ``tcp-lab: stopped by
    SIGINT`` and, for each file the command was to write, that it was not written (it is absent:
    every file is written whole or not at all). ``cut``, when given, says next what the stop left
    unshown. 128 + the signal's number, as a shell reports it."""
    if signum == signal.SIGINT:  # typed: the terminal shows ^C where the next line would start
        interrupted()
        end_interrupted_line(sys.stdout)
    notice(tr("cli.stopped_by", lang, signal=signal.Signals(signum).name), lang)
    if cut:
        notice(cut, lang)
    for dest in OUTPUTS:
        if path := getattr(args, dest, None):
            notice(tr("cli.not_written", lang, path=shown_path(path)), lang)
    return 128 + signum


@contextlib.contextmanager
def _stop_signals() -> Iterator[list[int]]:
    """Catch the stop signals (SIGINT, SIGTERM, SIGHUP) inside the block: each one's number is
    added to the list it gives, and the handlers are put back after. A command enters it before
    it starts a server or clients, so a signal at any moment after that stops it cleanly (exit
    128 + its number), never with a traceback or killed half-way."""
    caught: list[int] = []

    def stop(signum: int, _: object) -> None:
        # Only this. A handler runs on the main thread between two bytecodes, possibly inside an
        # Event.wait while it holds the event's lock: an Event.set here would then wait for that
        # lock forever (a serve that ignored every later signal).
        caught.append(signum)

    previous = {sig: signal.signal(sig, stop) for sig in STOP_SIGNALS}
    try:
        yield caught
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _until_signal(out: Output, caught: list[int], wait_done: Callable[[float], bool] | None = None) -> int:
    """Start the output, then wait until ``wait_done(timeout)`` says done, a stop signal comes
    (``caught``, from :func:`_stop_signals`, already holds any that came before) or the output
    fails; the first signal's number, 0 for none. The output thread writes the events meanwhile."""
    wait = wait_done or threading.Event().wait  # a pause; ``caught`` is looked at between pauses
    out.start()
    while not caught and not out.failed.is_set() and not wait(DRAIN_PERIOD):
        pass
    if caught[:1] == [signal.SIGINT]:  # typed: the terminal shows ^C where the next line would start
        out.after_interrupt()
    return caught[0] if caught else 0


def _refuse(args: argparse.Namespace, message: str, lang: str) -> NoReturn:
    """Exit 2 after ``tcp-lab COMMAND: error: message`` in ``lang``, the form argparse gives its
    own errors, and where the command's usage is."""
    refuse(f"tcp-lab {args.command}", why(argv_bytes(message), lang), lang)
    sys.exit(2)


def _refuse_value(args: argparse.Namespace, flag: str, reason: str, lang: str) -> NoReturn:
    """:func:`_refuse` a value of the option ``flag`` for ``reason`` in the form argparse gives
    its own refusals of a value (``argument --export: ...``), whichever check found it."""
    _refuse(args, f"argument {flag}: {reason}", lang)


def serve(args: argparse.Namespace, lang: str) -> int:
    from server_core.server import LabServer
    from server_core.wire import is_loopback

    out = Output(EventBus(), args.json, lang)
    config = server_config(vars(args))
    server = LabServer(config, out.bus)
    with _stop_signals() as caught:
        if not _bind(server, args, lang):
            return 1
        if not is_loopback(args.host):  # once it listens there: an address it cannot take exposes nothing
            notice(tr("cli.exposed", lang, host=args.host), lang)
        server.start()
        try:
            stopped_by = _until_signal(out, caught)
        finally:
            server.stop()
    if stopped_by and not args.json:  # after the server's last events: what stopped it
        out.line(tr("cli.stopped_by", lang, signal=signal.Signals(stopped_by).name), "cli.part.stop")
    written = _close(out, bool(args.export), lang)
    exported = _export(args, out.bus, lang)
    return 0 if written and exported else 1


def _bind(server: LabServer | ProcessServer, args: argparse.Namespace, lang: str) -> bool:
    """Bind ``server``; False, after one line on stderr, when it cannot listen."""
    try:
        server.bind()
    except OSError as exc:
        _cannot_listen(exc, args.host, args.port, lang, as_json=args.json)
        return False
    return True


def _cannot_listen(
    exc: OSError, host: str, port: int, lang: str, stream: bool = True, as_json: bool = False, asked: int = 0
) -> None:
    """One line on stderr, the same for every command: nothing can listen on ``host:port``
    (``stream``: TCP; else UDP), because connections in TIME_WAIT hold it (and what to do), it
    is in use, or for the system's reason ``exc``; a port other than the one ``asked`` (an
    experiment's next) is said to be taken too; then that ``--port 0`` picks a free port. With
    ``as_json``, standard output has it too, as one object: ``{"kind": "error", "text": the
    line, "host", "port", "reason"}`` (``reason``: ``port_busy``, ``port_time_wait`` or
    ``cannot_listen``), so a script reading it gets an answer."""
    import json

    from .strings import listen_failure

    name, values = listen_failure(exc, host, port, lang, stream)
    line = tr(f"cli.{name}", lang, **values)
    if asked and asked != port:
        line = tr("cli.port_next_taken", lang, line=line, asked=asked, port=port)
    if name != "port_time_wait":  # that one says --port 0 already
        line = tr("cli.port_zero_hint", lang, line=line)
    notice(line, lang)
    if as_json:
        said = {"kind": "error", "text": line, "host": host, "port": port, "reason": name}
        print(json.dumps(said, ensure_ascii=False), flush=True)


def clients(args: argparse.Namespace, lang: str) -> int:
    import gc

    from server_core.clients import ClientRun
    from server_core.summary import RunFolder

    out = Output(EventBus(), args.json, lang)
    config = client_config(vars(args))
    folder = RunFolder(out.bus)
    # No cycle collection while the clients run: a run makes next to no cyclic garbage, and each
    # pass would scan the events and lanes it keeps, for nothing; once it ends, what it keeps is
    # frozen, so the summary's passes scan the summary's objects only (half the collector's CPU
    # for 1,000 clients, 3 ms).
    gc.disable()
    run = ClientRun(config, out.bus)

    def waited(timeout: float) -> bool:
        folder.catch_up()  # the lanes fold while the clients wait for the server, not after
        return run.wait(timeout)

    with _stop_signals() as caught:
        try:
            run.start()
            interrupted = _until_signal(out, caught, waited)
        finally:
            run.stop()
            gc.freeze()
            gc.enable()
    return _conclude(args, out, config.n, run.run, interrupted, lang, folder)


def run_both(args: argparse.Namespace, lang: str) -> int:
    """``run``: the lab's server (port 0 by default) and one client run on one bus, as the app
    runs them; both sides' events, the summary, then the server is stopped. Exit 0 when every
    client got its reply, 1 otherwise (or when the port cannot be bound, or a ``--schedule``
    cannot be followed), 2 for a schedule naming a client not launched, 128 + the number of a
    stop signal (130 for Ctrl-C)."""
    from server_core.clients import ClientRun
    from server_core.processes import make_run, make_server
    from server_core.scheduled import RUN, follow_schedule, schedule_stepper

    out = Output(EventBus(), args.json, lang)
    server_settings = server_config({**vars(args), "sockopts": {}})  # --sockopt is the clients' here
    config = client_config(vars(args))
    stepper = None
    if args.schedule is not None:
        try:
            stepper = schedule_stepper(out.bus, args.schedule, server_settings, config, RUN)
        except ValueError as exc:
            _refuse_value(args, "--schedule", str(exc), lang)
    engine = args.engine if stepper is None else "thread"  # a schedule holds threads of this process
    server = make_server(engine, server_settings, out.bus, stepper=stepper)
    stuck: Stuck | None = None
    with _stop_signals() as caught:
        if not _bind(server, args, lang):
            return 1
        server.start()
        run = make_run(engine, config._replace(port=server.port), out.bus, RUN, stepper=stepper)
        try:
            run.start()
            if stepper is None:
                interrupted = _until_signal(out, caught, run.wait)
            else:
                assert isinstance(run, ClientRun)  # a schedule runs on threads
                interrupted = _until_signal(out, caught, lambda timeout: _scheduled(run, stepper, timeout))
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
    args: argparse.Namespace,
    out: Output,
    n: int,
    run: int,
    interrupted: int,
    lang: str,
    folder: RunFolder | None = None,
) -> int:
    """Write the run's summary (and lanes), finish the output, export; the exit code of a client
    run (0 only when every client got its reply and nothing was lost). The summary reads the
    lanes ``folder`` folded while the run went on, or folds the history now."""
    from server_core.jsonl import json_line
    from server_core.summary import summarize

    summary = folder.summary(run, n) if folder else summarize(out.bus.iter_history(), n, run)
    stopped_by = signal.Signals(interrupted).name if interrupted else None  # SIGINT for Ctrl-C
    said = {"stopped_by": stopped_by} if stopped_by else {}  # a summary's own fields otherwise
    summary_json = json_line({**summary.to_dict(), **said})  # --json's last line, a .jsonl's too
    if args.json:
        out.line(summary_json, "cli.part.summary")
    else:
        for line in _summary_lines(summary, out.bus, run, lang):
            out.line(line, "cli.part.summary")
    if args.timeline:
        out.line("\n".join(_swimlane(out.bus, run, lang)), "cli.part.lanes")
    if stopped_by is not None and not args.json:  # the readable output's last line
        out.line(tr("cli.stopped_by", lang, signal=stopped_by), "cli.part.stop")
    written = _close(out, bool(args.export), lang)
    exported = _export(args, out.bus, lang, summary_json)
    if interrupted:  # the stop signal's number: the shell's 128 + N
        return 128 + interrupted
    return 0 if summary.failed == 0 and written and exported else 1


def _summary_lines(summary: RunSummary, bus: EventBus, run: int, lang: str) -> list[str]:
    """The readable summary: the figures, the orders (and which connection served which client),
    the socket options the clients had, the verdict."""
    import shutil

    from server_core.sockopts import format_options

    from .verdict import order_lines, orders_cut, summary_line, verdict

    lines = [summary_line(summary, lang)]
    # To a pipe or a file no line is broken, the orders' and the connections' as little as the
    # verdict's: one figure or sentence a line, as scripts read them.
    width = shutil.get_terminal_size((80, 24)).columns if sys.stdout.isatty() else None
    orders = order_lines(summary, lang, width, ORDER_BLOCKS)
    lines += orders.lines
    if orders.shorter:  # what a shorter order's "-" means, as the app says
        lines.append(tr("order.dash_stopped" if summary.stopped else "order.dash", lang))
    pairs, pairs_cut = _pair_lines(summary.connections or [], run, width, lang)
    lines += pairs
    if orders_cut(summary, lang, width, ORDER_BLOCKS) or pairs_cut:  # where every client is: JSON, an export
        # the connections only where the output has them: a server in this process
        lines.append(tr("cli.orders_cut" if summary.connections else "cli.orders_only_cut", lang))
    if connected := next((e for e in bus.iter_history() if e.kind == "connected"), None):
        in_force = format_options((connected.extra or {})["options"])
        lines.append(tr("cli.client_options", lang, options=in_force))
    said = verdict(summary, lang, counted=True, tallied=True)  # the first line gave the counts
    if not summary.connected_order and summary.failed and (address := _server_address(bus)):
        said = tr("cli.no_server", lang, said=said, address=address)  # no connect got an answer
    lines.append(said[:1].upper() + said[1:])  # a sentence of its own
    return lines if width is None else _for_terminal(lines, width)


def _server_address(bus: EventBus) -> str | None:
    """The address the clients connected to (``127.0.0.1:8888``), from the first ``connecting``;
    None when no client tried."""
    return next((e.peer for e in bus.iter_history() if e.kind == "connecting"), None)


def _for_terminal(lines: list[str], width: int) -> list[str]:
    """``lines`` as standard output shows them: on a terminal ``width`` columns wide, each line
    wider than that broken where words and units allow (not cut by the terminal), its
    continuation lines under the start of its text, or its text under a long label
    (:func:`hanging.hung_lines`); to a file or a pipe, as they are, one figure or sentence a
    line."""
    if not sys.stdout.isatty():
        return lines
    from .hanging import hung_lines
    from .width import text_width

    shown = []
    for line in lines:
        shown += [line] if text_width(line) <= width else hung_lines(line, width)
    return shown


def _pair_lines(
    connections: list[int | None], run: int, width: int | None, lang: str
) -> tuple[list[str], bool]:
    """"connections: #1 = r1.1, #3 = r1.2, ..." in lines of at most ``width`` columns (None: one
    line), never cutting a pair; at most :data:`PAIR_LINES` of them, the last ending with how many
    pairs are left out (``… 1795 more``) where they do not fit. The lines, and whether pairs were
    left out."""
    pairs = [f"#{number} = r{run}.{i}" for i, number in enumerate(connections, 1) if number]
    if not pairs:  # no server in this history: nothing to load the lanes' drawing for
        return [], False
    from . import swimlane

    head, _, tail = tr("order.pairs", lang, pairs=swimlane.HOLE).partition(swimlane.HOLE)
    join = tr("text.list_join", lang)  # ", ", or a Chinese list's "、": "#1 = r1.1、#2 = r1.2"
    comma = join.rstrip()
    gap = join[len(comma) :]  # between two items where a line may break

    def wrapped(shown: int) -> list[str]:
        """The lines of the first ``shown`` pairs, and how many are left out when some are."""
        items = [f"{pair}{comma}" for pair in pairs[: shown - 1]] + [pairs[shown - 1]]
        if shown < len(pairs):
            items.append(tr("timeline.more", lang, count=len(pairs) - shown))  # one item: whole
        items[-1] += tail
        return swimlane.wrap_items([head + items[0], *items[1:]], width or sys.maxsize, gap)

    lines = wrapped(len(pairs))
    if len(lines) <= PAIR_LINES:
        return lines, False
    low, high = 1, len(pairs) - 1  # the most pairs whose lines, with the count, fit: a bisection
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if len(wrapped(middle)) <= PAIR_LINES else (low, middle - 1)
    return wrapped(low), True


def _swimlane(bus: EventBus, run: int, lang: str) -> list[str]:
    """The run's client lanes, then the server handlers that served them, drawn to the terminal's width."""
    import shutil

    from server_core.events import CLIENT, SERVER
    from server_core.pairing import served
    from server_core.timeline import build_lanes

    from . import swimlane

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
        interrupted()
        complete = False
    if out.failure is not None:
        key = "cli.output_failed" if exporting else "cli.output_failed_no_export"
        notice(tr(key, lang, reason=reason(out.failure, lang), what=_unwritten(out, lang)), lang)
    elif not complete:
        notice(tr("cli.output_blocked", lang, what=_unwritten(out, lang)), lang)
    if lost := out.bus.lost:
        notice(tr("cli.history_lost", lang, count=lost), lang)
    return complete and not lost


def _unwritten(out: Output, lang: str) -> str:
    """What ``out`` did not write, as a list: "3 events, the summary and the lanes"; the events
    are said when some are missing or when nothing else is."""
    parts = [tr(part, lang) for part in out.unwritten_parts]
    if out.unwritten or not parts:
        parts.insert(0, tr("cli.part.events", lang, count=out.unwritten))
    if len(parts) == 1:
        return parts[0]
    return tr("cli.part.last", lang, most=tr("text.list_join", lang).join(parts[:-1]), last=parts[-1])


def _abandon(*_: object) -> NoReturn:
    raise KeyboardInterrupt


def _export(args: argparse.Namespace, bus: EventBus, lang: str, closing: str | None = None) -> bool:
    """Write the history to ``--export`` if given, a ``.jsonl`` ending with ``closing`` (a client
    run's summary line); False (after one line on stderr) on failure.

    A stop signal during the export abandons it: no file is left and stderr says so.
    """
    if not args.export:
        return True
    from server_core.export import write_export

    previous = {sig: signal.signal(sig, _abandon) for sig in STOP_SIGNALS}
    try:
        count = write_export(args.export, bus.snapshot(), args.overwrite, closing=closing)
    except KeyboardInterrupt:  # a second Ctrl-C, echoed as ^C
        interrupted()
        notice(tr("cli.export_abandoned", lang, path=shown_path(args.export)), lang)
        return False
    except OSError as exc:
        notice(tr("cli.export_failed", lang, path=shown_path(args.export), reason=os_reason(exc, lang)), lang)
        return False
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    notice(tr("cli.exported", lang, count=count, path=shown_path(args.export)), lang)
    return True


def experiment(args: argparse.Namespace, lang: str) -> int:
    """Run one experiment; exit 0 when its outcome is the predicted one. Its title and prediction
    are printed before it runs (not with ``--json``: one object, once it is over); a stop before
    its end says what was not shown."""
    import json
    import shutil
    import socket

    from server_core.experiments import LISTENS, PortTaken, run_experiment, unavailable

    from . import experiment_view

    try:
        taken = unavailable(args.name, args.port)
    except ValueError as exc:  # reuseaddr on 65535: no next port
        _refuse_value(args, "--port", str(exc), lang)
    if taken is not None:  # refused as serve refuses it, before anything listens
        stream = LISTENS[args.name][1] == socket.SOCK_STREAM  # a UDP port: no TIME_WAIT holds it
        _cannot_listen(taken[2], taken[0], taken[1], lang, stream, args.json, args.port)
        return 1
    width = shutil.get_terminal_size((100, 24)).columns
    opening = [] if args.json else experiment_view.opening(args.name, lang)
    _print_now(opening, width)
    try:
        result = run_experiment(args.name, args.port)
    except PortTaken as since:  # taken since the check: said as the check says it, no outcome
        _cannot_listen(since.error, since.host, since.port, lang, since.stream, args.json, args.port)
        return 1
    except KeyboardInterrupt as stop:
        cut = tr("cli.cut.experiment_json" if args.json else "cli.cut.experiment", lang)
        return _stopped(args, getattr(stop, "signum", signal.SIGINT), lang, cut)
    if args.json:
        print(json.dumps(experiment_view.to_json(result, lang), ensure_ascii=False))
    else:
        account = experiment_view.render(result, lang)
        lines = [experiment_view.kept_whole(line, account.phrases) for line in account.lines(lang)]
        _print_now(lines[len(opening) :], width)
    return 0 if result.as_predicted else 1


def exhibit(args: argparse.Namespace, lang: str) -> int:
    """Run one exhibit; exit 0 when its outcome is the predicted one. Its heading and prediction
    are printed before it runs (not with ``--json``), the lanes and the outcome once it is over;
    a stop before its end says what was not shown."""
    import shutil

    from server_core.exhibits import make_exhibit
    from server_core.experiments import first_taken
    from server_core.jsonl import json_line
    from server_core.port_taken import PortTaken
    from server_core.sockopts import SERVER_DEFAULTS

    from . import exhibit_view

    reuse = SERVER_DEFAULTS["SO_REUSEADDR"]  # as its server binds: the defaults
    taken = first_taken("127.0.0.1", [args.port] if args.port else [], reuse)
    if taken is not None:  # refused as serve refuses it, before its prediction is printed
        _cannot_listen(taken[2], taken[0], taken[1], lang, as_json=args.json)
        return 1
    bus = EventBus()
    run = make_exhibit(args.name, args.safe, args.n, bus=bus, port=args.port)
    width = shutil.get_terminal_size((100, 24)).columns
    opening = [] if args.json else exhibit_view.opening(run.name, run.safe, run.n, run.given(), lang)
    _print_now(opening, width)
    try:
        try:
            result = run.run()
        except PortTaken as since:  # taken since the check: said as the check says it
            _cannot_listen(since.error, since.host, since.port, lang, since.stream, args.json)
            return 1
    except KeyboardInterrupt as stop:
        cut = tr("cli.cut.exhibit_json" if args.json else "cli.cut.exhibit", lang)
        return _stopped(args, getattr(stop, "signum", signal.SIGINT), lang, cut)
    if args.json:
        print(json_line(exhibit_view.to_json(result, lang)))
    else:
        _print_now(exhibit_view.account(result, bus.history, width, lang)[len(opening) :], width)
    exported = _export(args, bus, lang)
    return 0 if result.as_predicted and exported else 1


def _print_now(lines: list[str], width: int) -> None:
    """``lines`` on standard output at once (see :func:`_for_terminal`), flushed: what a command
    knows before a run is read while it runs. A no-break space in them keeps a phrase on one line
    and is written as a blank."""
    if lines:
        print("\n".join(_for_terminal(lines, width)).replace("\u00a0", " "), flush=True)


def stopped_loading() -> NoReturn:
    """Exit as :func:`_stopped` says a stop, for Ctrl-C while this module was loading: the
    arguments were not read yet (their language is: ``--lang``, else the environment's)."""
    sys.exit(_stopped(argparse.Namespace(), signal.SIGINT, cli_help.early_lang(sys.argv[1:])))


def entry() -> None:
    """Console-script entry point: never a traceback for a closed pipe or Ctrl-C."""
    try:
        code = main()
    except BrokenPipeError:
        sys.stderr.close()
        code = 1
    except KeyboardInterrupt:  # between two of main's steps, or a second Ctrl-C while one was said
        code = _stopped(argparse.Namespace(), signal.SIGINT, cli_help.early_lang(sys.argv[1:]))
    sys.exit(code)
