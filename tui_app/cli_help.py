"""The command line's ``--help`` in the user's language: argparse's own words and every option's help.

English is written where the parser is built (``cli.build_parser``); :func:`localize` swaps in each help
text's translation from the language's file (its ``CLI_HELP``, in ``tui_app/strings/``), and one
it does not know stays English, so a new option is never lost from the help.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from .strings import CLI_HELP, SOURCE, default_lang, tr

# ``--lang``'s default, which the environment decides (see ``strings.default_lang``).
LANG_DEFAULT = " (default: the first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG that is set, else en)"
OUTPUT_LANG_HELP = "output language" + LANG_DEFAULT  # the commands' --lang


def early_lang(argv: Sequence[str]) -> str:
    """The language ``--help`` should speak: ``--lang`` if given (before argparse has run), else the
    environment's."""
    for i, arg in enumerate(argv):
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
    return default_lang()


def localize(parser: argparse.ArgumentParser, lang: str) -> None:
    """Give ``parser`` and its subcommands' parsers their help in ``lang`` (English: unchanged)."""
    if lang == SOURCE or lang not in CLI_HELP:
        return
    helps = CLI_HELP[lang]
    if parser.description:
        parser.description = helps.get(parser.description, parser.description)
    parser._positionals.title = tr("cli.positionals", lang)
    parser._optionals.title = tr("cli.options", lang)
    parser.lang = lang  # type: ignore[attr-defined]  # read by cli._Parser's formatter
    for action in parser._actions:
        if isinstance(action.help, str):
            action.help = helps.get(action.help, action.help)
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                choice.help = helps.get(choice.help or "", choice.help)
            for sub in action.choices.values():
                localize(sub, lang)
