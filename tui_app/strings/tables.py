"""The languages and their tables: which languages there are, and a text looked up and filled in.

A language is one module of this package named by its code (``en.py``, ``zh.py``) holding
``TEXTS`` (key -> text) and ``CLI_HELP`` (the command line's English help -> its text); English
is the source language, whose keys every other language has (``tests/test_texts.py`` checks it).
"""

from __future__ import annotations

import os
import re
import string
from collections.abc import Mapping
from importlib import import_module
from typing import Any

SOURCE = "en"  # the language the code and the command line's parser are written in


def language_codes(folder: str) -> tuple[str, ...]:
    """The codes of the language modules in ``folder`` (modules named by two lowercase letters),
    the source language first, then the others in alphabetical order."""
    # a listing, not pkgutil.iter_modules: that loads inspect (and ast, dis) to read the names
    codes = {name[:2] for name in os.listdir(folder) if re.fullmatch(r"[a-z]{2}\.py", name)}
    return (SOURCE, *sorted(codes - {SOURCE}))


LANGS: tuple[str, ...] = language_codes(os.path.dirname(__file__))
_MODULES = {lang: import_module(f"{__package__}.{lang}") for lang in LANGS}
TABLES: dict[str, Mapping[str, str]] = {lang: module.TEXTS for lang, module in _MODULES.items()}
CLI_HELP: dict[str, Mapping[str, str]] = {lang: module.CLI_HELP for lang, module in _MODULES.items()}
TEXTS: Mapping[str, str] = TABLES[SOURCE]  # every key; ``key in TEXTS`` asks whether a text exists


def default_lang() -> str:
    """The environment's language when it is one of :data:`LANGS`, else ``en``: the first of
    ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set decides (``zh_CN.UTF-8``
    gives ``zh``)."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").split(":")[0]  # LANGUAGE is a list, the first one preferred
        if value:
            code = value[:2].lower()
            return code if code in LANGS else SOURCE
    return SOURCE


class _Plurals(string.Formatter):
    """``str.format`` plus one plural form: ``{n:# client|# clients}`` gives "1 client", "2 clients"
    (``#`` is the number)."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:
            one, many = format_spec.split("|", 1)
            return (one if value == 1 else many).replace("#", str(value))
        return super().format_field(value, format_spec)


_FORMATTER = _Plurals()


class Count(int):
    """A count as the app writes numbers, with thousands separators (``1,988``), wherever a text
    fills it in: ``{count}``, and the ``#`` of a plural (``{count:# lane|# lanes}``); a spec of
    its own (``{count:>4}``) formats it as an int."""

    def __str__(self) -> str:
        return f"{int(self):,}"


def tr(key: str, lang: str = SOURCE, **values: object) -> str:
    """The text for ``key`` in ``lang`` (English for a language there is no file for), with
    ``values`` filled in (see :class:`_Plurals`). An unknown key raises ``KeyError``."""
    text = TABLES.get(lang, TEXTS)[key]
    return fill(text, values) if values else text


def fill(text: str, values: Mapping[str, object]) -> str:
    """``text`` (a table's) with ``values`` filled in, as :func:`tr` fills it."""
    # str.format_map is C; the plural-aware formatter is Python, and needed only for a "|" spec
    return _FORMATTER.vformat(text, (), values) if "|" in text else text.format_map(values)
