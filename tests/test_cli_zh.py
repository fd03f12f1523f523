"""The command line's refusals in Chinese: argparse's own errors, the validators' reasons and file
errors all come out in Chinese under ``--lang zh``, through the one table of reasons
(``strings.reasons._WHY``)."""

from __future__ import annotations

import argparse
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.cells import cell_len
from zh_words import ALLOWED, english

from server_core import Event
from tui_app import cli, cli_help
from tui_app.strings import CLI_HELP, describe, why

CASES = [
    (["run", "-n", "x"], "参数 -n：应为1到10000的整数"),
    (["run", "--order", "bogus"], "可选：free 自由、lock 锁、semaphore:K 信号量、"),
    (["serve", "--accept", "x"], "'blocking' 阻塞、'timeout' 超时、'nonblocking' 非阻塞"),
    (["serve", "--accept", ""], "应为 blocking 阻塞、timeout 超时、nonblocking 非阻塞 之一"),
    (["run", "--bogus"], "无法识别的参数：--bogus"),
    (["exhibit", "nope"], "无效的选择：'nope'（可选："),
    (["run", "--hold", "1e12"], "应为0到2147483647的秒数"),
    (["run", "--schedule", "1:bad"], "计划条目 '1:bad'：步骤应为"),
    (["run", "--schedule", "1:turn"], "--order free 不要求轮次"),
    (["run", "-n"], "需要一个值"),
    (["merge"], "缺少以下必需参数"),
]


@pytest.mark.timeout(30)
@pytest.mark.parametrize(("argv", "said"), CASES, ids=[" ".join(argv) for argv, _ in CASES])
def test_a_refusal_under_lang_zh_is_chinese(
    argv: list[str], said: str, capfd: pytest.CaptureFixture[str]
) -> None:
    try:
        code = cli.main(["--lang", "zh", *argv])
    except SystemExit as exc:
        code = exc.code
    err = capfd.readouterr().err
    assert code == 2
    assert said in err
    assert "错误：" in err and "error" not in err and "argument" not in err
    assert re.findall(r"[\u4e00-\u9fff][,;:()]", err) == []  # full-width after Chinese


def test_a_missing_file_is_said_in_chinese(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--lang", "zh", "open", str(tmp_path / "none.jsonl")]) == 2
    assert "无法读取：没有这个文件或目录" in capfd.readouterr().err


def test_a_client_error_and_english_stay_as_they_are() -> None:
    assert why("connect failed: Connection refused", "zh") == "连接失败：连接被拒绝"
    assert why("connect failed: Connection refused", "en") == "connect failed: Connection refused"
    assert why("argument -n: something new", "zh") == "参数 -n：something new"  # unknown: kept, not lost


def test_the_chinese_help_titles_end_in_a_full_width_colon_and_a_size_reads_as_typed(
    capfd: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--lang", "zh", "open", "--help"])
    out = capfd.readouterr().out
    assert "\n选项：\n" in out and "\n位置参数：\n" in out
    assert "默认：120x36" in out


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    ("command", "listed"),
    [
        ("clients", [
            "free 自由、lock 锁、semaphore:K 信号量、queue 队列、sequential 依次",
            "默认：free 自由",
        ]),
        ("serve", ["blocking 阻塞、timeout 超时、nonblocking 非阻塞", "默认：blocking 阻塞"]),
        ("serve", ["reuse 复用", "new 新建", "默认：reuse 复用"]),
        ("run", ["process 进程", "thread 线程", "默认：process 进程"]),
        ("open", ["main 主界面、timeline 时间线、comparison 对比", "默认：main 主界面"]),
    ],
)
def test_the_chinese_help_lists_each_choice_with_its_name(
    command: str, listed: list[str], capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "300")  # each help on one line
    with pytest.raises(SystemExit):
        cli.main(["--lang", "zh", command, "--help"])
    out = capfd.readouterr().out
    for said in listed:
        assert said in out


@pytest.mark.timeout(30)
def test_an_orders_default_is_said_as_typed(capfd: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--lang", "en", "run", "--help"])
    out = capfd.readouterr().out
    assert "(default: free)" in out and "freex1" not in out


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    ("lang", "said"), [("en", "default: the first of LANGUAGE"), ("zh", "默认：LANGUAGE")]
)
def test_the_help_gives_the_default_language_and_theme(
    lang: str, said: str, capfd: pytest.CaptureFixture[str]
) -> None:
    for argv in (["--help"], ["run", "--help"]):
        with pytest.raises(SystemExit):
            cli.main(["--lang", lang, *argv])
        out = "".join(capfd.readouterr().out.split())  # however the help's lines are broken
        assert "".join(said.split()) in out
    with pytest.raises(SystemExit):
        cli.main(["--lang", lang, "--help"])
    assert re.search(f"{cli.DEFAULT_THEME}[)）]", "".join(capfd.readouterr().out.split()))


def test_the_default_theme_named_is_textuals() -> None:
    from textual.app import App

    assert App.theme._default == cli.DEFAULT_THEME  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("said", "chinese"),
    [
        ("server process was stopped (exit code -15)", "服务器进程已停止（退出码 -15）"),
        ("server process ended unexpectedly (exit code 1)", "服务器进程意外结束（退出码 1）"),
        ("client run 3 process was stopped (exit code 0)", "第3轮客户端进程已停止（退出码 0）"),
        ("client run 3 process ended unexpectedly (exit code 1)", "第3轮客户端进程意外结束（退出码 1）"),
    ],
)
def test_a_child_process_ending_is_said_in_chinese(said: str, chinese: str) -> None:
    assert why(said, "zh") == chinese
    assert why(said, "en") == said


def test_a_stepped_thread_says_why_it_went_on_in_chinese() -> None:
    picked = Event(1, 0.0, "client", "picked", client=1, extra={"run": 2, "step": "turn", "by": "you"})
    assert describe(picked, "zh") == "客户端 r2.1 在轮次之前被放行（由你选择）"
    assert describe(picked, "en") == "client r2.1 let go before turn (by you)"
    refused = "connect failed: Connection refused"
    error = Event(2, 0.0, "client", "error", client=1, text=refused, extra={"run": 2})
    assert describe(error, "zh") == "客户端 r2.1 错误：连接失败：连接被拒绝"


def test_a_stopped_client_and_a_reset_connection_are_said_in_chinese() -> None:
    stopped = Event(1, 0.0, "client", "error", client=1, text="stopped", extra={"run": 2})
    assert describe(stopped, "zh") == "客户端 r2.1 已停止"  # a stop, not an error
    reset = "ConnectionResetError: Connection reset by peer"
    ended = Event(2, 0.0, "server", "disconnected", client=1, text=reset)
    assert "ConnectionResetError：连接被对端重置" in describe(ended, "zh")
    failed = Event(3, 0.0, "server", "error", client=1, text=reset)
    assert describe(failed, "zh") == "错误（#1）：ConnectionResetError：连接被对端重置"
    assert describe(failed, "en").endswith(reset)




def _helps(parser: argparse.ArgumentParser) -> Iterator[str]:
    """Every help text of ``parser`` and of its commands' parsers, their descriptions and their
    examples' notes included."""
    if parser.description:
        yield parser.description
    lines = (parser.epilog or "").split("\n")
    yield from (line.strip() for line in lines if line and not cli_help.is_example(line))
    for action in parser._actions:
        if getattr(action, "listed", None):  # a NAME's list, written in each language from its table
            continue
        if isinstance(action.help, str) and action.help != argparse.SUPPRESS:
            yield action.help
        if isinstance(action, argparse._SubParsersAction):
            yield from (choice.help or "" for choice in action._choices_actions)
            for sub in action.choices.values():
                yield from _helps(sub)


def test_every_help_of_the_command_line_has_its_chinese() -> None:
    untranslated = {text for text in _helps(cli.build_parser()) if text not in CLI_HELP["zh"]}
    assert untranslated == set()


@pytest.mark.parametrize("command", [[], *([name] for name in cli.COMMANDS)])
def test_the_chinese_help_fits_80_columns_and_breaks_before_no_closing_mark(
    command: list[str], capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit):
        cli.main(["--lang", "zh", *command, "--help"])
    lines = capfd.readouterr().out.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    assert [line for line in lines if line.strip()[:1] in set("）〉》」，。；：、")] == []


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "--json", "--timeline"],  # argparse's own: two options that exclude each other
        ["clients", "--export", "/proc/x.jsonl"],  # the command line's own check of a path
        ["exhibit", "deadlock", "-n", "99"],  # a value out of the exhibits' range
        ["clients", "--sockopt", "keepidle=0"],  # a socket option's value out of its range
        ["experiment", "reuseaddr", "--port", "65535"],  # a port leaving an experiment no next one
    ],
)
def test_every_refusal_of_the_command_line_is_chinese_under_lang_zh(
    argv: list[str], capfd: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["--lang", "zh", *argv])
    assert exited.value.code == 2
    said = capfd.readouterr().err.strip()
    typed = {"run", "clients", "export", "proc", "x.jsonl", "exhibit", "zh"}  # the command line as typed
    typed |= {"experiment", "reuseaddr"}
    assert "错误" in said and english(said, ALLOWED | typed) == []


def test_the_chinese_usage_lines_up_under_its_first_argument(
    capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit):
        cli.main(["--lang", "zh", "run", "--help"])
    first, second = capfd.readouterr().out.splitlines()[:2]
    assert second.startswith(" ") and not first.startswith(" ")
    assert len(second) - len(second.lstrip()) == cell_len(first[: first.index("[")])


# Every reason the engine gives for a failed or ended connection, as its events word it (what the
# system says inside one is said in Chinese where the errno table has it).
ENGINE_REASONS = [
    "no reply within 30 s",
    "no connect within 2.5 s",
    "connect failed: Connection refused",
    "reply failed: Connection reset by peer",
    "server closed without replying",
    "stopped before its turn",
    "stopped before replying",
    "silent for 10 s",
    "sent more than 4096 bytes",
    "reply not taken within 5 s",
    "refused: at most 3 clients at once",
    "refused: no thread to serve it",
    "refused: out of file descriptors",
    "refused",
    "cannot start thread: Resource temporarily unavailable",  # Python's own words stay as they are
    "cannot start a handler thread: Resource temporarily unavailable",
    "client failed: ValueError: 42",
    "handler failed: ConnectionResetError: Connection reset by peer",
    "out of descriptors: Too many open files",
    "cannot connect: Connection refused",
    "accept failed: Too many open files",
    "done",
]


def test_the_systems_words_alone_are_said_in_chinese_and_kept_in_english() -> None:
    """A reason that is only what the system said (standard output's ``Broken pipe``)."""
    assert why("Broken pipe", "zh") == "管道已断开"
    assert why("Broken pipe", "en") == "Broken pipe"


@pytest.mark.parametrize("text", ENGINE_REASONS)
@pytest.mark.parametrize("kind", ["error", "disconnected"])
def test_every_reason_the_engine_gives_is_said_in_chinese(kind: str, text: str) -> None:
    event = Event(1, 0.0, "client", kind, client=2, text=text, extra={"run": 1})
    said = describe(event, "zh")
    assert english(said, ALLOWED | {"ValueError", "ConnectionResetError"}) == [], said
    assert describe(event, "en").endswith(text + (")" if kind == "disconnected" else ""))


@pytest.mark.timeout(30)
def test_clients_against_a_server_that_never_answers_say_why_in_chinese(
    capfd: pytest.CaptureFixture[str],
) -> None:
    with socket.socket() as silent:  # listens, never replies
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        code = cli.main(["--lang", "zh", "clients", "-n", "2", "--port", str(port), "--timeout", "0.3"])
    out = capfd.readouterr().out
    assert code == 1
    assert "0.3秒内没有回复" in out and "no reply" not in out, out


@pytest.mark.parametrize(
    "wanted",
    [
        "a number of seconds from 0 to 2147483647",
        "a whole number from 1 to 10000",
        "a whole number, 0 for no limit",
        "an IP address such as 127.0.0.1",
        "one of free, lock",
        "a port from 1 to 65535",
    ],
)
def test_what_a_value_must_be_is_spaced_alike_empty_or_not(wanted: str) -> None:
    """``应为 0到2147483647的秒数`` when empty, ``应为0到…`` otherwise: one form for both."""
    empty = why(f"is empty; it must be {wanted}", "zh")
    wrong = why(f"must be {wanted}, not 'x'", "zh")
    assert empty.startswith("为空；应为") and wrong.startswith("应为"), (empty, wrong)
    assert empty.removeprefix("为空；") == wrong.removesuffix("，而不是 'x'"), (empty, wrong)


@pytest.mark.parametrize(
    ("argv", "read"),
    [
        (["run", "--order", "锁", "--server-order", "信号量：3"],
         {"order": "lock", "server_order": "semaphore:3"}),
        (["serve", "--accept", "非阻塞", "--order", "队列"],
         {"accept": "nonblocking", "server_order": "queue"}),
        (["serve", "--accept", "timeout"], {"accept": "timeout"}),
        (["serve", "--threads", "新建"], {"threads": "new"}),
    ],
)
def test_the_command_line_takes_a_choice_by_the_name_its_help_gives(
    argv: list[str], read: dict[str, str]
) -> None:
    args = cli.build_parser(argv).parse_args(argv)
    assert {name: str(getattr(args, name)) for name in read} == read
