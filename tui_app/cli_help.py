"""The command line's ``--help`` in the user's language: argparse's own words, what each command
does, every option's help and the examples a teacher or a student types first.

English is written where the parser is built (``cli.build_parser``, with :data:`DESCRIPTIONS` and
:func:`examples` from here); :func:`localize` swaps in each help text's translation from the
language's file (its ``CLI_HELP``, in ``tui_app/strings/``), an example's note line by line, and
one it does not know stays English, so a new option is never lost from the help.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence

from .strings import CLI_HELP, LANGS, SOURCE, default_lang, tr
from .strings.choice_names import chosen
from .width import text_width

# ``--lang``'s default, which the environment decides (see ``strings.default_lang``).
LANG_DEFAULT = " (default: the first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG that is set, else en)"
OUTPUT_LANG_HELP = "output language" + LANG_DEFAULT  # the commands' --lang
EXAMPLES_HEADING = "examples:"  # above a help's examples; its colon becomes the language's

# The first line of each command's --help: what it does, in a sentence.
DESCRIPTIONS = {
    "serve": "Run the lab's server without the app, one line per event, until Ctrl-C.",
    "clients": "Launch N clients at a running server, one line per event, then a summary.",
    "run": "Start a server and one run of clients, show both sides, then a summary.",
    "experiment": "Run one socket experiment on loopback and say what it measured.",
    "exhibit": "Make a lock fault happen on real connections, or show its fix (--safe).",
    "open": "Open the app on a .jsonl recording, or draw one view of it as a picture.",
    "merge": "Put a serve and a clients recording of one run on one clock, in one file.",
}

# Each command's first commands to type ("": the whole program's), with what each shows.
EXAMPLES: dict[str, tuple[tuple[str, str], ...]] = {
    "": (
        ("tcp-lab", "the app, its server listening on 127.0.0.1:8888"),
        ("tcp-lab run -n 8 --hold 0.1", "both sides without the app: an order nobody chose"),
        ("tcp-lab serve --help", "what a command does and takes, with its examples"),
    ),
    "serve": (
        ("tcp-lab serve", "listen on 127.0.0.1:8888; Ctrl-C stops it"),
        ("tcp-lab serve --order lock --delay 0.2", "serve one client at a time, 0.2 s before each reply"),
        ("tcp-lab serve --max-clients 2", "serve two clients at once and refuse the others"),
    ),
    "clients": (
        ("tcp-lab clients -n 8 --hold 0.2", "8 clients at once against 127.0.0.1:8888"),
        ("tcp-lab clients -n 8 --order lock --hold 0.2", "one at a time: about 1.6 s"),
        ("tcp-lab clients -n 8 --order semaphore:3 --hold 0.5 --timeline", "three at a time, drawn as lanes"),
    ),
    "run": (
        ("tcp-lab run -n 8 --hold 0.1", "accepted, answered and closed in an order nobody chose"),
        ("tcp-lab run -n 3 --server-order lock --hold 0.4", "free clients, a locked server: they wait"),
        ("tcp-lab run -n 3 --schedule 3:connect,1:connect,2:connect", "the server accepts 3, then 1, then 2"),
    ),
    "experiment": (
        ("tcp-lab experiment nagle", "small writes with Nagle's algorithm on, then TCP_NODELAY"),
        ("tcp-lab experiment backlog", "connected is not accepted"),
        ("tcp-lab experiment reuseaddr --json", "the outcome as one JSON object"),
    ),
    "exhibit": (
        ("tcp-lab exhibit lost-update", "deposits lost between a read and a write"),
        ("tcp-lab exhibit lost-update --safe", "the fix: one lock from the read to the write"),
        ("tcp-lab exhibit deadlock --export deadlock.jsonl", "its events, to open with tcp-lab open"),
    ),
    "open": (
        ("tcp-lab open run.jsonl", "the app on the recording; no server is started"),
        ("tcp-lab open run.jsonl --svg run.svg --view timeline", "the timeline as a picture"),
    ),
    "merge": (
        ("tcp-lab merge serve.jsonl clients.jsonl -o both.jsonl", "both sides on one clock, to open"),
        ("tcp-lab merge serve.jsonl clients.jsonl -o both.trace.json", "the same, for Perfetto"),
    ),
}
EXAMPLE_INDENT, NOTE_INDENT = "  ", "      "  # a command, and what it shows under it


def examples(command: str) -> str:
    """``command``'s examples ("" the whole program's) as its help's epilog, in English: the
    heading, then each command line with what it shows on the line under it."""
    lines = [EXAMPLES_HEADING]
    for typed, shows in EXAMPLES[command]:
        lines += [EXAMPLE_INDENT + typed, NOTE_INDENT + shows]
    return "\n".join(lines)


def early_lang(argv: Sequence[str]) -> str:
    """The language ``--help`` and a refusal should speak: ``--lang`` if given (before argparse
    has run; by its code or its name in any language, ``zh`` or ``中文``), else the environment's,
    as for a ``--lang`` no language has (``--lang xx`` is refused in the environment's language,
    its choices named in it, as every other choice list is)."""
    given = None
    for i, arg in enumerate(argv):
        if arg.startswith("--lang="):
            given = chosen(arg.split("=", 1)[1], LANGS)
        elif arg == "--lang" and i + 1 < len(argv):
            given = chosen(argv[i + 1], LANGS)
        if given is not None:
            break
    return given if given in LANGS else default_lang()


def localize(parser: argparse.ArgumentParser, lang: str) -> None:
    """Give ``parser`` and its subcommands' parsers their help in ``lang`` (English: unchanged)."""
    if lang == SOURCE or lang not in CLI_HELP:
        return
    helps = CLI_HELP[lang]
    if parser.description:
        parser.description = helps.get(parser.description, parser.description)
    if parser.epilog:  # line by line: a command typed stays as it is
        lines = parser.epilog.split("\n")
        parser.epilog = "\n".join(leading(line) + helps.get(line.strip(), line.strip()) for line in lines)
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


# One option of a usage line as argparse writes it: a bracketed optional (``[--port PORT]``,
# ``[--json | --timeline]``), a parenthesized group, or a word (a positional, a set of choices).
USAGE_PART = re.compile(r"\(.*?\)+(?=\s|$)|\[.*?\]+(?=\s|$)|\S+")
USAGE_INDENT = 2  # cells before a usage's continuation rows when no option fits under the prefix
PROG_SHARE = 0.75  # the most of a row the prefix and the program take with options beside them


def usage_lines(prefix: str, prog: str, optionals: str, positionals: str, width: int) -> list[str]:
    """A usage (``prefix`` such as ``usage: ``, ``prog``, argparse's ``optionals`` and
    ``positionals`` usage text) as rows of at most ``width`` terminal cells, broken only between
    options, continuation rows under the first option, else under the program (the prefix's
    cells, a Chinese prefix taking two a character), else :data:`USAGE_INDENT` cells in: the
    nearest of those that leaves the widest option room. A set of choices wider than any row
    (``{serve,clients,...}``) is broken after a comma between its choices."""
    opts, poss = USAGE_PART.findall(optionals), USAGE_PART.findall(positionals)
    whole = " ".join(filter(None, [prog, optionals, positionals]))
    if text_width(prefix + whole) <= width:
        return [prefix + whole]
    widest = max(map(text_width, opts + poss), default=0)
    beside = text_width(prefix + prog) + 1
    indents = [USAGE_INDENT, text_width(prefix)]
    if text_width(prefix + prog) <= PROG_SHARE * width:
        indents.append(beside)
    indent = next((cells for cells in reversed(indents) if cells + widest <= width), USAGE_INDENT)
    room = width - indent
    if indent == beside:
        rows = _filled([prog, *opts], width - text_width(prefix), room)
    else:
        rows = [prog, *_filled(opts, room, room)]
    rows += _filled(poss, room, room)
    return [prefix + rows[0], *(" " * indent + row for row in rows[1:])]


def _filled(parts: Sequence[str], first: int, room: int) -> list[str]:
    """``parts`` joined by blanks into rows of at most ``first`` cells for the first row and
    ``room`` for the others; a set of choices wider than a row is broken between its choices."""
    rows: list[str] = []
    row = ""
    for part in (piece for whole in parts for piece in _choice_pieces(whole, room)):
        joined = f"{row} {part}" if row else part
        if row and text_width(joined) > (room if rows else first):
            rows.append(row)
            joined = part
        row = joined
    return [*rows, row] if row else rows


def _choice_pieces(part: str, room: int) -> list[str]:
    """``part`` whole if it fits ``room`` cells, else, a set of choices (``{a,b,c}``), broken after
    the commas that keep each piece within ``room``; any other part whole."""
    if text_width(part) <= room or "{" not in part:
        return [part]
    pieces = [""]
    for choice in re.findall(r"[^,]+,?", part):
        if pieces[-1] and text_width(pieces[-1] + choice) > room:
            pieces.append("")
        pieces[-1] += choice
    return pieces


def leading(line: str) -> str:
    """The spaces ``line`` starts with."""
    return line[: len(line) - len(line.lstrip(" "))]


def is_example(line: str) -> bool:
    """Whether ``line`` of an epilog is an example's command (not its note, not a heading)."""
    return leading(line) == EXAMPLE_INDENT


def example_lines(command: str, width: int, continued: str, hang: str) -> list[str]:
    """An example's ``command`` broken as a shell takes it, into lines of at most ``width``
    cells where it can be: only where the whole does not fit, each line but the last ending in
    ``continued`` (`` \\``), the next ones starting with ``hang``. It breaks between words only,
    never between an option and its value (``--hold 0.4``); a piece wider than a line has one
    of its own."""
    words = command.split()
    pieces: list[str] = []
    for word in words:  # an option's value goes with it
        if pieces and pieces[-1].startswith("-") and " " not in pieces[-1] and not word.startswith("-"):
            pieces[-1] += f" {word}"
        else:
            pieces.append(word)
    lines: list[str] = []
    line = ""
    for i, piece in enumerate(pieces):
        joined = f"{line} {piece}" if line else (hang if lines else "") + piece
        rest = " ".join(pieces[i + 1 :])
        fits_all = text_width(f"{joined} {rest}" if rest else joined) <= width
        if line and not fits_all and text_width(joined + continued) > width:
            lines.append(line + continued)
            line = hang + piece
        else:
            line = joined
    return [*lines, line]

