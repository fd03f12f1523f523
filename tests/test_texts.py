"""The language tables: every language has every key with the same placeholders, and Chinese text
is Chinese (full-width punctuation in sentences, no English word outside the allowed terms)."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from zh_words import ALLOWED, english

from tui_app.strings import CLI_HELP, LANGS, SOURCE, TABLES, tr
from tui_app.strings.tables import language_codes

OTHERS = [lang for lang in LANGS if lang != SOURCE]

# What the Chinese tables may say in Latin letters beyond a screen's words: the command line's
# commands, options, file formats and typed syntax, and names from the code and the system.
TERMS = {
    "run", "serve", "clients", "open", "order", "turn", "connect", "send", "close", "CLIENT", "STEP",
    "PATH", "OUT.svg", "csv", "jsonl", "json", "trace.json", "svg", "JSON", "SVG", "UTF-8", "ASCII",
    "IP", "NUL", "seq", "side", "kind", "selector", "Textual", "tcp-lab-contrast", "total-lock",
    "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", "en", "COLSxROWS", "merge", "xNN",
    "lost-update", "torn-write", "deadlock", "forgotten-release", "OUT", "Ctrl-C", "Perfetto",
}  # fmt: skip
# Code in a Chinese sentence keeps its ASCII punctuation: calls, the schedule's syntax, a quoted ':'.
CODE = (
    *("threading.Semaphore(K)", "max(2, N // 2)", "acquire()", "release()", "with lock:"),
    *("CLIENT:STEP,...", "“:”"),
)


def placeholders(text: str) -> set[str]:
    """The names filled into ``text``: ``{n:# client|# clients}`` and ``{theme!r}`` give n, theme."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_there_is_a_source_language_and_another() -> None:
    assert LANGS[0] == SOURCE == "en" and "zh" in LANGS


def test_a_language_is_found_from_its_file(tmp_path: Path) -> None:
    for name in ("en.py", "zh.py", "fr.py", "tables.py", "phrasing.py"):
        (tmp_path / name).write_text("TEXTS: dict[str, str] = {}\n", encoding="utf-8")
    assert language_codes(str(tmp_path)) == ("en", "fr", "zh")


@pytest.mark.parametrize("lang", OTHERS)
def test_every_language_has_the_keys_of_the_source_in_its_order(lang: str) -> None:
    assert list(TABLES[lang]) == list(TABLES[SOURCE])


@pytest.mark.parametrize("lang", LANGS)
def test_every_text_has_the_placeholders_of_the_source(lang: str) -> None:
    wrong = {
        key: text
        for key, text in TABLES[lang].items()
        if not text or placeholders(text) != placeholders(TABLES[SOURCE].get(key, ""))
    }
    assert wrong == {}


@pytest.mark.parametrize("lang", OTHERS)
def test_the_command_line_help_keeps_its_placeholders(lang: str) -> None:
    wrong = {key: text for key, text in CLI_HELP[lang].items() if placeholders(key) != placeholders(text)}
    assert wrong == {}


def test_a_language_without_a_file_speaks_the_source_language() -> None:
    assert tr("server.stopped", "xx") == tr("server.stopped", SOURCE) == "server stopped"


def chinese_texts(placeholder: str) -> dict[str, str]:
    """Every Chinese text, each placeholder replaced by ``placeholder``: the tables, then the
    command line's help."""
    texts = dict(TABLES["zh"])
    texts |= {f"--help: {source}": text for source, text in CLI_HELP["zh"].items()}
    return {key: re.sub(r"\{[^{}]*\}", placeholder, text) for key, text in texts.items()}


def test_chinese_sentences_use_full_width_punctuation() -> None:
    wrong = {}
    for key, text in chinese_texts("X").items():
        for code in CODE:
            text = text.replace(code, "")
        # ASCII , ; : ( ) next to a Chinese character (a space between or not); a comma in code is
        # followed by a space ("a, b") or a digit ("1:a,2:b")
        cjk = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”…]"
        if re.search(rf"{cjk} ?[,;:()]|[,;:()] ?{cjk}|[,;](?![ \d])", text):
            wrong[key] = text
    assert wrong == {}


def test_chinese_texts_have_no_english_word_outside_the_allowed_terms() -> None:
    found = {key: english(text, ALLOWED | TERMS) for key, text in chinese_texts(" ").items()}
    assert {key: words for key, words in found.items() if words} == {}


def test_no_code_outside_the_tables_names_a_language_other_than_the_source() -> None:
    """A language is its file: code picks punctuation and key names from the tables
    (``text.colon``, ``text.list_join``...), never with ``lang == "zh"``."""
    package = Path(__file__).parents[1] / "tui_app"
    names = "|".join(OTHERS)
    named = re.compile(rf"""["'](?:{names})["']""")
    found = [
        f"{path.relative_to(package)}:{number}"
        for path in package.rglob("*.py")
        if "strings" not in path.relative_to(package).parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if named.search(line)
    ]
    assert not found, found


# Full-width punctuation, CJK characters and ideographic spaces: Chinese writing, not English.
_CHINESE_WRITING = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")


def test_english_texts_hold_no_full_width_punctuation_nor_chinese() -> None:
    wrong = {
        key: text
        for table in (TABLES[SOURCE], CLI_HELP[SOURCE])
        for key, text in table.items()
        if _CHINESE_WRITING.search(text)
    }
    assert wrong == {}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("key", ["note.run_done", "note.run_stopped"])
def test_a_runs_end_and_its_summary_are_not_two_colons_in_a_row(lang: str, key: str) -> None:
    summary = tr("cli.summary", lang, clients=3, ok=3, failed=0, makespan=1.0)
    said = tr(key, lang, run=1, summary=summary)
    colons = [i for i, char in enumerate(said) if char in ":："]
    assert said.startswith(tr(key, lang, run=1, summary="").rstrip(" ")) and len(colons) == 1, said


def test_a_chinese_line_keeps_a_blank_between_a_word_and_the_socket_options_after_it() -> None:
    """The keepalive experiment read '服务器SO_KEEPALIVE=1' and '客户端SO_KEEPALIVE=1': the Latin
    options ran into the Chinese word before them."""
    options = "SO_KEEPALIVE=1 TCP_KEEPIDLE=10"
    for key in ("exp.keepalive.default", "exp.keepalive.enabled"):
        said = tr(key, "zh", server=options, client=options)
        assert f"服务器 {options}" in said and f"客户端 {options}" in said, said


WORDS = [("en", "disconnected", "thread"), ("zh", "已断开", "线程")]


@pytest.mark.parametrize(("lang", "word", "thread"), WORDS)
def test_a_server_disconnect_says_disconnected_and_its_thread(lang: str, word: str, thread: str) -> None:
    from server_core import Event
    from tui_app.strings import describe

    def said(extra: dict[str, str] | None) -> str:
        event = Event(5, 1.0, "server", "disconnected", client=1, text="closed by peer", extra=extra)
        return describe(event, lang)

    assert word in said({"thread": "handler-1"}) and "handler-1" in said({"thread": "handler-1"})
    assert word in said(None) and thread not in said(None)  # a recording older than the thread's name
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert "`disconnected` event names its thread" in readme  # the word the README gives the event
