"""The form's choice fields, whose value is one of a fixed set (a client or server order, an accept
mode): each value's name in the interface's language, and a value typed by its name in any
language read as the value the command line takes (``锁`` -> ``lock``, ``信号量:3`` ->
``semaphore:3``, with a full-width colon too). The command line's values work in every language,
and the command line reads a name as the form does (``--order 锁``).
"""

from __future__ import annotations

from server_core.accepting import ACCEPT_MODES
from server_core.handler_threads import THREAD_MODES
from server_core.ordering import CLIENT_MODES, SERVER_MODES

from .strings import LANGS, choice_name, tr
from .strings.choice_names import chosen

# field id -> values
CHOICES = {
    "order": CLIENT_MODES, "server_order": SERVER_MODES, "accept": ACCEPT_MODES, "threads": THREAD_MODES
}


def value_name(field: str, text: str, lang: str) -> str:
    """The name in ``lang`` of the value ``text`` holds in the choice field ``field`` (``free`` ->
    ``自由``, ``semaphore:3`` -> ``信号量``); "" when ``field`` has no fixed set, ``text`` names
    none of its values, or the name is what ``text`` already says (English, or a typed name)."""
    value = as_value(field, text)
    if value.partition(":")[0].strip() not in CHOICES.get(field, ()):
        return ""
    name = choice_name(value, lang)
    return "" if name in text else name


def as_value(field: str, text: str) -> str:
    """``text`` typed in ``field`` with a value's name in any language read as that value (``锁``
    -> ``lock``, ``信号量:3`` -> ``semaphore:3`` whether its colon is ASCII or full-width, ``阻塞``
    -> ``blocking``); any other text as it is, for the field's own check to accept or explain."""
    return chosen(text, CHOICES.get(field, ()))


def name_chars(field: str) -> str:
    """The characters the names of ``field``'s values are written with, beyond those of the values
    themselves (and the Chinese colon), sorted: what the field takes besides its own characters."""
    names = "".join(tr(f"choice.{mode}", lang) for mode in CHOICES.get(field, ()) for lang in LANGS)
    return "".join(sorted(set(names + "：") - set("abcdefghijklmnopqrstuvwxyz:"))) if names else ""
