"""Every command's ``--help`` says what the command does at the top and ends with the commands a
teacher or a student types first, in English and in Chinese, within the terminal's width; those
examples are commands the parser takes."""

from __future__ import annotations

import re
import shlex

import pytest
from rich.cells import cell_len

from server_core.exhibits import EXHIBITS
from server_core.export_formats import FORMATS
from tui_app import cli, cli_help
from tui_app.strings import CLI_HELP

COMMANDS = ["", *cli.COMMANDS]  # "": the whole program's help


def help_of(command: str, lang: str, width: int, capfd: pytest.CaptureFixture[str], monkeypatch) -> list[str]:
    monkeypatch.setenv("COLUMNS", str(width))
    with pytest.raises(SystemExit) as ended:
        cli.main(["--lang", lang, *([command] if command else []), "--help"])
    assert ended.value.code == 0
    return capfd.readouterr().out.splitlines()


@pytest.mark.timeout(30)
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [50, 80])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command or "tcp-lab")
def test_a_commands_help_says_what_it_does_and_ends_with_examples(
    command: str, width: int, lang: str, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = help_of(command, lang, width, capfd, monkeypatch)
    said = CLI_HELP[lang] if lang != "en" else {}
    description = cli_help.DESCRIPTIONS.get(command, "See how a thread-per-client TCP server behaves.")
    first = lines.index("") + 1  # the description, right under the usage
    described = said.get(description, description)
    assert " ".join(lines[first:]).replace("  ", " ").startswith(described[:20]), lines
    heading = said.get(cli_help.EXAMPLES_HEADING, cli_help.EXAMPLES_HEADING).rstrip(":：")
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    shown = "\n".join(lines[start:])
    examples = cli_help.EXAMPLES[command]
    assert 2 <= len(examples) <= 3
    for typed, note in examples:
        assert typed.split()[-1] in shown and said.get(note, note)[:8] in shown, shown
    assert [line for line in lines if cell_len(line) > width] == []  # every line of it fits


@pytest.mark.timeout(30)
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [50, 80])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command or "tcp-lab")
def test_a_usage_fits_the_terminal_in_cells_and_breaks_only_between_options(
    command: str, width: int, lang: str, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a user saw ``serve --help --lang zh`` at 50 columns cut inside ``nonblocking``: argparse
    counts characters, and the Chinese prefix takes two cells a character."""
    rows = help_of(command, lang, width, capfd, monkeypatch)
    rows = rows[: rows.index("")]
    assert all(cell_len(row) <= width - 2 for row in rows), rows  # argparse keeps 2 columns spare
    one_line = help_of(command, lang, 1000, capfd, monkeypatch)[0]
    joined = " ".join(row.strip() for row in rows).replace(", ", ",")  # a set broken between choices
    assert joined == one_line, rows
    continued = {len(row) - len(row.lstrip()) for row in rows[1:]}
    assert len(continued) <= 1 and 0 not in continued, rows  # every continuation under one start


@pytest.mark.timeout(30)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command or "tcp-lab")
def test_every_example_is_a_command_the_parser_takes(command: str, capfd: pytest.CaptureFixture[str]) -> None:
    for typed, _ in cli_help.EXAMPLES[command]:
        program, *argv = shlex.split(typed)
        assert program == "tcp-lab"
        try:
            args = cli.build_parser(argv).parse_args(argv)
        except SystemExit as ended:  # only a help ends parsing, and without an error
            assert "--help" in argv and ended.code == 0, capfd.readouterr().err
            continue
        assert (args.command or "") == (argv[0] if argv and not argv[0].startswith("-") else "")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_exhibits_help_gives_each_exhibits_client_count(
    lang: str, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = "".join(line.strip() for line in help_of("exhibit", lang, 200, capfd, monkeypatch))
    for name, exhibit in EXHIBITS.items():
        count = f"{exhibit.default_n} for {name}" if lang == "en" else f"{name} {exhibit.default_n}个"
        assert count in shown


@pytest.mark.parametrize("command", ["serve", "clients", "run", "exhibit"])
def test_every_export_names_its_formats_in_one_wording(
    command: str, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = " ".join(" ".join(help_of(command, "en", 200, capfd, monkeypatch)).split())
    formats = ", ".join(FORMATS)
    assert f"--export PATH at the end, write every event to PATH ({formats}, from the name)" in shown


@pytest.mark.timeout(30)
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [50, 80, 120])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command or "tcp-lab")
def test_every_default_that_fits_a_row_stays_whole_on_one(
    command: str, lang: str, width: int, capfd: pytest.CaptureFixture[str], monkeypatch
) -> None:
    """At 50 columns Chinese help parted a default inside its word (默 / 认) and from its value."""
    lines = help_of(command, lang, width, capfd, monkeypatch)
    room = width - 24  # an option's help starts 24 cells in
    helps = " ".join(line.strip() for line in lines)  # rows joined back: Chinese loses no blank
    helps = helps.replace("： ", "：").replace("（ ", "（")
    wholes = re.findall(r"[(（](?:default: |默认：)[^()（）]*[)）]", helps)
    fitting = [whole for whole in wholes if cell_len(whole) < room]
    assert fitting or command in ("open", "merge"), lines
    shown = [line.strip() for line in lines]
    for whole in fitting:
        assert any(whole in line for line in shown), (whole, lines)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("width", [40, 60, 80])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command or "tcp-lab")
def test_an_example_is_broken_only_where_it_does_not_fit_and_never_inside_an_option(
    command: str, width: int, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 60 columns ``tcp-lab exhibit deadlock --export \\`` / ``deadlock.jsonl`` broke a line
    of 49 cells in 58, and ``--hold \\`` / ``0.4`` parted an option from its value."""
    lines = help_of(command, "en", width, capfd, monkeypatch)
    lines = lines[lines.index(cli_help.EXAMPLES_HEADING) + 1 :]
    starts = [i for i, line in enumerate(lines) if cli_help.is_example(line)]
    assert len(starts) == len(cli_help.EXAMPLES[command]), lines
    for start, (typed, _) in zip(starts, cli_help.EXAMPLES[command], strict=True):
        shown = [lines[start]]
        while shown[-1].endswith(cli.CONTINUED):
            shown.append(lines[start + len(shown)])
        words = " ".join(line.removesuffix(cli.CONTINUED) for line in shown).split()
        assert words == typed.split(), shown  # the command as typed, in its order
        if len(cli_help.EXAMPLE_INDENT + typed) <= width - 2:  # argparse keeps 2 columns spare
            assert shown == [cli_help.EXAMPLE_INDENT + typed], shown
        for line in shown[:-1]:  # an option ends no line when a value follows it
            last = line.removesuffix(cli.CONTINUED).split()[-1]
            following = typed.split()[typed.split().index(last) + 1]
            assert not (last.startswith("-") and not following.startswith("-")), shown
