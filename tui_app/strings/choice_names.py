"""A choice's value (an order, an accept mode) with its name in a language, as the form shows it
(``lock 锁``), alone or in a list of them (a refusal's ``free、lock、queue``)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from .tables import LANGS, TABLES, TEXTS, tr

_COLONS = str.maketrans({"：": ":"})  # a Chinese keyboard's colon, as in ``信号量：3``


def choice_name(value: str, lang: str) -> str:
    """The name in ``lang`` of a choice's ``value`` (an order ``semaphore:3`` -> ``信号量``, an
    accept mode ``blocking`` -> ``阻塞``); "" when it names no choice or the name is what ``value``
    already says (English)."""
    key = f"choice.{value.partition(':')[0].strip()}"
    if key not in TEXTS:
        return ""
    said = tr(key, lang)
    return "" if said in value else said


def chosen(text: str, values: Iterable[str]) -> str:
    """``text`` typed for one of ``values`` (an option's choices) with a value's name in any
    language read as that value (``线程`` -> ``thread``, ``中文`` -> ``zh``, ``信号量:3`` ->
    ``semaphore:3`` whether its colon is ASCII or full-width); any other text as it is, for the
    option's own check to accept or explain."""
    head, colon, rest = text.translate(_COLONS).partition(":")
    for value in values:
        if any(head.strip() == tr(f"choice.{value}", lang) for lang in LANGS):
            return f"{value}{colon}{rest}"
    return text


def with_choice_name(value: str, lang: str) -> str:
    """A choice's ``value`` as typed, followed by its name in ``lang`` where that says more
    (``lock 锁``, ``semaphore:3 信号量``; ``lock`` in English)."""
    return " ".join(filter(None, (value, choice_name(value, lang))))


def named_list(names: str, lang: str) -> str:
    """A list of values as English writes it (``free, lock, semaphore:K``; argparse quotes each:
    ``'blocking', 'timeout'``) as ``lang`` writes a list (``、`` in Chinese), each value followed
    by its name (``free 自由、lock 锁、semaphore:K 信号量``, ``'en' 英文、'zh' 中文``) when every
    one of them is a choice's; a list of other words (steps, formats) keeps them as they are."""
    items = names.split(", ")
    if all(choice_name(item.strip("'"), lang) for item in items):
        items = [" ".join((item, choice_name(item.strip("'"), lang))) for item in items]
    return tr("text.list_join", lang).join(items)


def choice_words() -> frozenset[str]:
    """Every choice's name in every language (``自由``, ``线程``, ``中文``, ``free``)."""
    keys = [key for key in TEXTS if key.startswith("choice.")]
    return frozenset(table[key] for table in TABLES.values() for key in keys if key in table)


def choice_spans(line: str) -> list[tuple[int, int]]:
    """Where ``line`` holds a choice's value followed by its name in any language, as
    :func:`with_choice_name` writes it (``free 自由``, ``semaphore:3 信号量``) or a refusal
    quotes it (``'thread' 线程``): start and end
    offsets of each, which a line is never broken inside."""
    return [match.span() for match in _named_choice().finditer(line)]


@functools.cache
def _named_choice() -> re.Pattern[str]:
    keys = [key for key in TEXTS if key.startswith("choice.")]
    values = {key.removeprefix("choice.") for key in keys}
    names = choice_words() - values
    either = "|".join(map(re.escape, sorted(values, key=len, reverse=True)))
    named = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    return re.compile(rf"(?<![\w:])'?(?:{either})(?::\w+)?'? (?:{named})")  # argparse quotes: 'thread' 线程
