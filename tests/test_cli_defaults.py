"""Every default ``--help`` shows is a value its option accepts, written as a user types it: typed
back, it gives the value the option has when it is not given, in every command and language."""

from __future__ import annotations

import argparse
import re

import pytest

from server_core.exhibits import NAMES as EXHIBITS
from tui_app import cli, cli_help
from tui_app.strings import choice_name, tr

BASE = {  # what each command needs besides its options
    None: [],
    "serve": [],
    "clients": [],
    "run": [],
    "experiment": ["backlog"],
    "exhibit": [EXHIBITS[0]],
    "open": ["x.jsonl"],
    "merge": ["s.jsonl", "c.jsonl", "-o", "out.jsonl"],
}


def shown_defaults(parser: argparse.ArgumentParser, lang: str) -> dict[str, str]:
    """Each option of ``parser`` whose help gives its default: its last flag and that default as
    the help shows it (without the name a language gives a choice after it: ``free`` of ``free 自由``)."""
    formatter = parser._get_formatter()
    form = tr("cli.help_with_default", lang, help="HELP", default=tr("cli.default", lang), value="VALUE")
    pattern = re.escape(form).replace("HELP", "(?s:.*)").replace("VALUE", "(.*)")
    shown = {}
    for action in parser._actions:
        if not action.option_strings or not action.help:
            continue
        said = formatter._expand_help(action)  # type: ignore[attr-defined]
        if said != action.help and (found := re.fullmatch(pattern, said)):
            value, _, name = found[1].partition(" ")  # a choice may be followed by its name: free 自由
            typed = value if name and name == choice_name(value, lang) else found[1]
            shown[action.option_strings[-1]] = typed
    return shown


def command_parser(command: str | None, lang: str) -> argparse.ArgumentParser:
    argv = ["--help"] if command is None else [command, "--help"]
    parser = cli.build_parser(argv)
    cli_help.localize(parser, lang)
    return parser if command is None else parser.command_parser(command)  # type: ignore[attr-defined]


@pytest.mark.timeout(30)
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", list(BASE), ids=[str(name) for name in BASE])
def test_every_default_the_help_shows_is_accepted_as_typed(
    command: str | None, lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = command_parser(command, lang)
    shown = shown_defaults(parser, lang)
    assert shown or command in ("experiment", "exhibit", "merge"), parser.format_help()
    head = [command] if command else []
    untouched = vars(cli.build_parser([*head, *BASE[command]]).parse_args([*head, *BASE[command]]))
    for flag, value in shown.items():
        argv = [*head, *BASE[command], flag, value]
        try:
            typed = vars(cli.build_parser(argv).parse_args(argv))
        except SystemExit:
            refused = capsys.readouterr().err
            pytest.fail(f"{flag} {value!r}, the default its help shows, is refused: {refused}")
        assert typed == untouched, (flag, value)
