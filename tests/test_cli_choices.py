"""Every option of the command line whose value is one of a fixed set (``--lang``, ``--engine``,
``--view``, ``--accept``, ``--threads``) names each value in Chinese in its Chinese help
(``thread 线程``) and takes that name as the value (``--engine 线程``), as ``--order 锁`` does."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from tui_app import cli, cli_help
from tui_app.strings import choice_name


def _choice_options(parser: argparse.ArgumentParser) -> Iterator[tuple[str, argparse.Action]]:
    """(the parser's prog, the option) for each option with choices of ``parser`` and of its
    commands' parsers; positionals (a command, an experiment's name) are names themselves."""
    for action in parser._actions:
        if action.option_strings and action.choices:
            yield parser.prog, action
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _choice_options(sub)


def _options(lang: str) -> list[tuple[str, argparse.Action]]:
    parser = cli.build_parser()
    cli_help.localize(parser, lang)
    return list(_choice_options(parser))


def test_the_guard_finds_every_kind_of_option_with_choices() -> None:
    flags = {action.option_strings[-1] for _, action in _options("zh")}
    assert {"--lang", "--engine", "--view", "--accept", "--threads"} <= flags


@pytest.mark.parametrize(("prog", "action"), _options("zh"), ids=lambda v: getattr(v, "dest", v))
def test_every_choice_is_named_in_the_chinese_help_and_taken_by_that_name(
    prog: str, action: argparse.Action
) -> None:
    assert action.choices is not None and callable(action.type)
    for value in action.choices:
        name = choice_name(value, "zh")
        assert name, f"{prog} {action.option_strings}: {value} has no Chinese name"
        assert f"{value} {name}" in str(action.help), (prog, action.help)
        assert action.type(name) == value, (prog, name)
        assert action.type(value) == value, (prog, value)


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    ("argv", "dest", "value"),
    [
        (["--engine", "线程", "--lang", "中文"], "engine", "thread"),
        (["--lang=英文"], "lang", "en"),
        (["run", "--engine", "进程"], "engine", "process"),
        (["serve", "--accept", "非阻塞", "--threads", "新建"], "threads", "new"),
        (["open", "x.jsonl", "--view", "时间线", "--lang", "中文"], "view", "timeline"),
        (["experiment", "nagle", "--lang", "中文"], "lang", "zh"),
    ],
)
def test_a_chinese_name_typed_on_the_command_line_is_its_value(
    argv: list[str], dest: str, value: str
) -> None:
    args = cli.build_parser(argv).parse_args(argv)
    assert getattr(args, dest) == value


@pytest.mark.timeout(30)
def test_lang_given_by_its_chinese_name_shows_the_chinese_help(
    capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit):
        cli.main(["run", "--lang", "中文", "--help"])
    assert "输出语言：en 英文、zh 中文" in capfd.readouterr().out
