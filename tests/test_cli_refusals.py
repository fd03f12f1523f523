"""A refusal of the command line says why in one line, then where to look: the refused command's
help (``see tcp-lab clients --help for how to use it``), in the refusal's language; a refusal of
a file's content (a bad recording) says why only. Exit codes stay 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli import help_pointer

from tui_app import cli

ROOT = Path(__file__).parents[1]
RUN = ROOT / "tests" / "data" / "run-free-3.jsonl"  # a run: both sides of one session
OTHER = ROOT / "tests" / "data" / "run-lock-3.jsonl"

# Each kind of argument refusal, of each command: argparse's own (an unknown option, a bad value,
# a missing argument, a bad choice), the command's own checks after parsing (--export, --timeline
# with --json, --schedule), and a file named by an argument that cannot be used (missing, in the way).
ARGUMENTS = [
    (["--bogus"], "tcp-lab"),
    (["--port", "99999"], "tcp-lab"),
    (["serve", "--port", "99999"], "tcp-lab serve"),
    (["serve", "--bogus"], "tcp-lab serve"),
    (["clients", "-n", "abc"], "tcp-lab clients"),
    (["clients", "--json", "--timeline"], "tcp-lab clients"),
    (["clients", "--export", "/nonexistent/x.jsonl"], "tcp-lab clients"),
    (["run", "-n", "2", "--schedule", "9:connect"], "tcp-lab run"),
    (["run", "-n"], "tcp-lab run"),
    (["experiment", "nope"], "tcp-lab experiment"),
    (["exhibit", "deadlock", "-n", "99"], "tcp-lab exhibit"),
    (["merge", str(RUN), str(OTHER)], "tcp-lab merge"),
    (["merge", str(RUN), str(OTHER), "-o", "EXISTING"], "tcp-lab merge"),
    (["merge", "MISSING", str(OTHER), "-o", "NEW"], "tcp-lab merge"),
    (["open", "MISSING"], "tcp-lab open"),
    (["open", str(RUN), "--svg", "EXISTING"], "tcp-lab open"),
    (["open", str(RUN), "--svg", "out.png"], "tcp-lab open"),
]


def refuse(argv: list[str], tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> str:
    """What ``tcp-lab argv`` writes on stderr refusing it (exit 2), EXISTING, MISSING and NEW in
    it made names of files in ``tmp_path``."""
    existing = tmp_path / "existing.svg"
    existing.write_text("<svg/>")
    names = {"EXISTING": existing, "MISSING": tmp_path / "missing.jsonl", "NEW": tmp_path / "new.jsonl"}
    argv = [str(names[arg]) if arg in names else arg for arg in argv]
    code: int | str | None
    try:
        code = cli.main(argv)
    except SystemExit as exc:
        code = exc.code
    assert code == 2
    return capfd.readouterr().err


@pytest.mark.timeout(30)
@pytest.mark.parametrize(("argv", "prog"), ARGUMENTS, ids=[" ".join(argv) for argv, _ in ARGUMENTS])
def test_an_argument_refused_is_followed_by_where_the_commands_help_is(
    argv: list[str], prog: str, tmp_path: Path, capfd: pytest.CaptureFixture[str], english_environment: None
) -> None:
    said = refuse(argv, tmp_path, capfd)
    assert help_pointer(said) == prog, said
    assert said.splitlines()[1] == f"see {prog} --help for how to use it"


@pytest.mark.timeout(30)
@pytest.mark.parametrize(("argv", "prog"), ARGUMENTS, ids=[" ".join(argv) for argv, _ in ARGUMENTS])
def test_a_chinese_refusal_points_to_the_chinese_help(
    argv: list[str], prog: str, tmp_path: Path, capfd: pytest.CaptureFixture[str], english_environment: None
) -> None:
    said = refuse([*argv, "--lang", "zh"], tmp_path, capfd)
    assert help_pointer(said) == prog, said
    assert said.splitlines()[1] == f"用法见 {prog} --lang zh --help"  # the help, in the refusal's language


@pytest.mark.timeout(30)
def test_the_pointer_asks_no_language_the_environment_already_gives(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    said = refuse(["clients", "-n", "abc"], tmp_path, capfd)
    assert said.splitlines()[1] == "用法见 tcp-lab clients --help"
    said = refuse(["clients", "-n", "abc", "--lang", "en"], tmp_path, capfd)
    assert said.splitlines()[1] == "see tcp-lab clients --lang en --help for how to use it"


@pytest.mark.timeout(30)
def test_the_help_pointed_to_is_in_the_refusals_language(
    capfd: pytest.CaptureFixture[str], english_environment: None
) -> None:
    with pytest.raises(SystemExit):
        cli.main(["clients", "--lang", "zh", "--help"])
    assert capfd.readouterr().out.startswith("用法：tcp-lab clients")


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    "argv",
    [
        ["open", "CUT"],  # a line cut short
        ["open", str(ROOT / "tests" / "data" / "summaries.json")],  # not a recording
        ["merge", str(RUN), str(RUN), "-o", "NEW"],  # one recording twice: nothing to merge
    ],
    ids=["cut", "not-a-recording", "same-file"],
)
def test_a_files_content_refused_gets_no_pointer(
    argv: list[str], tmp_path: Path, capfd: pytest.CaptureFixture[str], english_environment: None
) -> None:
    cut = tmp_path / "cut.jsonl"
    cut.write_bytes(RUN.read_bytes()[:-40])
    said = refuse([str(cut) if arg == "CUT" else arg for arg in argv], tmp_path, capfd)
    assert help_pointer(said) is None, said


@pytest.mark.timeout(30)
def test_a_theme_no_one_has_is_refused_with_the_pointer(
    capfd: pytest.CaptureFixture[str], english_environment: None
) -> None:
    from tui_app.app import run_app

    assert run_app("127.0.0.1", 0, "en", theme="nope") == 2
    said = capfd.readouterr().err
    assert said.startswith("tcp-lab: error: ") and help_pointer(said) == "tcp-lab", said


# A value of its option's form but out of range is told the range alone; one not of the form is
# told the form ('10x5' was said not to be COLSxROWS, and '0:connect' not to be CLIENT:STEP).
SIZE = ["open", str(RUN), "--svg", "x.svg", "--size"]
SCHEDULE = ["run", "-n", "2", "--schedule"]
SIZES = "20-1000 columns, 10-1000 rows"
RANGE_OR_FORM = [
    ([*SIZE, "10x5"], f"'10x5' is outside {SIZES}"),
    ([*SIZE, "10x"], f"'10x' is not COLSxROWS ({SIZES}, in ASCII digits 0-9)"),
    ([*SCHEDULE, "0:connect"], "schedule entry '0:connect': client numbers start at 1, not 0"),
    (
        [*SCHEDULE, "x:connect"],
        "schedule entry 'x:connect' is not CLIENT:STEP (a number >= 1, in ASCII digits 0-9, then a step)",
    ),
    (["exhibit", "deadlock", "-n", "99"], "an exhibit runs 2 to 32 clients, not '99'"),
    (["exhibit", "deadlock", "-n", "x"], "an exhibit runs 2 to 32 clients, in ASCII digits 0-9, not 'x'"),
]


@pytest.mark.timeout(30)
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("argv", "said"), RANGE_OR_FORM, ids=[argv[-1] for argv, _ in RANGE_OR_FORM])
def test_a_value_of_the_form_out_of_range_is_told_its_range_and_one_not_of_the_form_the_form(
    argv: list[str], said: str, lang: str, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    from tui_app.strings.reasons import why

    refusal = refuse([*argv, "--lang", lang], tmp_path, capfd).splitlines()[0]
    assert refusal.endswith(why(said, lang)), refusal
    assert why(said, lang) != said or lang == "en", said  # translated, not left in English


# Each refusal of an option's value, found by argparse (a type) or by the command's own check
# after parsing (a file in the way, a schedule naming a client not launched, a port with no next).
VALUES = [
    (["run", "--export", "x.txt"], "tcp-lab run", "--export"),
    (["run", "--export", str(RUN)], "tcp-lab run", "--export"),
    (["clients", "--export", "/nonexistent/x.jsonl"], "tcp-lab clients", "--export"),
    (["run", "-n", "2", "--schedule", "9:connect"], "tcp-lab run", "--schedule"),
    (["run", "-n", "2", "--schedule", "0:connect"], "tcp-lab run", "--schedule"),
    (["experiment", "reuseaddr", "--port", "65535"], "tcp-lab experiment", "--port"),
    (["merge", str(RUN), str(OTHER), "-o", "x.txt"], "tcp-lab merge", "-o/--output"),
    (["merge", str(RUN), str(OTHER), "-o", str(RUN)], "tcp-lab merge", "-o/--output"),
    (["open", str(RUN), "--svg", "out.png"], "tcp-lab open", "--svg"),
    (["open", str(RUN), "--svg", "EXISTING"], "tcp-lab open", "--svg"),
]


@pytest.mark.timeout(30)
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("argv", "prog", "flag"), VALUES, ids=[" ".join(argv[-2:]) for argv, _, _ in VALUES])
def test_every_refusal_of_an_options_value_has_one_form_whichever_check_finds_it(
    argv: list[str], prog: str, flag: str, lang: str, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """``run --export x.txt`` said ``argument --export: ...``, and ``run --export m.jsonl`` (the
    file there) ``--export: ...``, without ``argument``."""
    from tui_app.strings import tr

    first = refuse([*argv, "--lang", lang], tmp_path, capfd).splitlines()[0]
    head = tr("cli.error", lang, prog=prog, message=tr("why.argument", lang, name=flag, why=""))
    assert first.startswith(head) and len(first) > len(head), first


@pytest.mark.timeout(30)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_theme_no_one_has_is_refused_as_argparse_refuses_a_value(
    lang: str, capfd: pytest.CaptureFixture[str], english_environment: None
) -> None:
    from tui_app.app import run_app
    from tui_app.strings import tr

    assert run_app("127.0.0.1", 0, lang, theme="nope") == 2
    head = tr("cli.error", lang, prog="tcp-lab", message=tr("why.argument", lang, name="--theme", why=""))
    assert capfd.readouterr().err.startswith(head)


@pytest.mark.timeout(30)
def test_a_wrong_theme_is_said_before_the_missing_terminal(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], english_environment: None
) -> None:
    """Outside a terminal `tcp-lab --theme nope` said the app draws on a terminal: the name was
    wrong as well, and fixing the terminal first only led to a second refusal."""
    from tui_app.strings import tr

    said = refuse(["--theme", "nope"], tmp_path, capfd)  # pytest's streams are no terminal
    assert "nope" in said and tr("cli.needs_terminal", "en") not in said


@pytest.mark.parametrize(
    "said",
    [
        "argument --export: cannot write '/proc/x.jsonl': No such file or directory",  # a refusal
        "/tmp/x.jsonl: cannot read: Permission denied",  # a notice's reason
    ],
)
def test_the_systems_words_on_standard_error_are_lowercase_as_every_reason(
    said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``...: No such file or directory`` (the system's strerror, capitalised) ends a line on
    standard error as the lab's own reasons do: lowercase."""
    from tui_app.diagnostics import notice, refuse

    notice(said, "en")
    refuse("tcp-lab run", said, "en")
    lines = capsys.readouterr().err.splitlines()[:2]
    for line in lines:
        words = line.rpartition(": ")[2]
        assert words[0].islower() and words.lower() == said.rpartition(": ")[2].lower(), line


@pytest.mark.parametrize(
    ("args", "flag", "partner"),
    [
        (["serve", "--overwrite"], "--overwrite", "--export"),
        (["clients", "--overwrite"], "--overwrite", "--export"),
        (["run", "--overwrite"], "--overwrite", "--export"),
        (["exhibit", "deadlock", "--overwrite"], "--overwrite", "--export"),
        (["open", "x.jsonl", "--overwrite"], "--overwrite", "--svg"),
        (["open", "x.jsonl", "--view", "timeline"], "--view", "--svg"),
        (["open", "x.jsonl", "--size", "80x24"], "--size", "--svg"),
    ],
)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_option_without_the_one_it_needs_is_refused(
    args: list[str], flag: str, partner: str, lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``run --overwrite`` without ``--export`` was accepted and did nothing: one clear line."""
    from tui_app import cli
    from tui_app.strings import tr

    with pytest.raises(SystemExit) as ended:
        cli.main([*args, "--lang", lang])
    said = capsys.readouterr().err
    assert ended.value.code == 2, said
    assert tr("why.argument", lang, name=flag, why=tr("why.needs", lang, name=partner)) in said, said


@pytest.mark.parametrize(
    "args", [["open", "x.jsonl", "--view", "main"], ["open", "x.jsonl", "--size", "120x36"]]
)
def test_an_option_given_its_default_without_its_partner_changes_nothing_and_is_let_be(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from tui_app import cli

    cli.main(args)  # the file is missing: said, and nothing about the option
    assert "has no effect" not in capsys.readouterr().err


def test_every_timeout_that_takes_0_says_what_0_means() -> None:
    """``--idle-timeout 0`` means never and says so; ``--send-timeout 0`` was taken unexplained."""
    from tui_app.option_table import option
    from tui_app.strings import CLI_HELP

    for name in ("timeout", "send_timeout", "idle_timeout"):
        row = option(name)
        try:
            row.parse("0")
        except ValueError:
            continue  # refused: nothing to explain
        assert "(0: " in row.help and "（0：" in CLI_HELP["zh"][row.help], row
