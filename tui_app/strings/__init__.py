"""Every piece of interface text, one module per language, and the plain-words form of an event.

``tr(key, lang, **values)`` looks a text up; ``describe(event, lang)`` says what an event means.
The package's parts:

- ``en.py``, ``zh.py``: one language each, ``TEXTS`` (key -> text) and ``CLI_HELP``; a new
  language is one more such file, named by its code (:data:`LANGS` finds it);
- :mod:`.tables`: the languages, :func:`tr` (with plurals) and :func:`default_lang`;
- :mod:`.phrasing`: :func:`describe` an event, :func:`cut_message`, :func:`step_name`, :func:`name`
  of a party, an event's choices named (:func:`named_choices`);
- :mod:`.choice_names`: a choice's name (:func:`choice_name`, :func:`with_choice_name`), a list
  of choices with their names (:func:`named_list`);
- :mod:`.reasons`: :func:`reason`, :func:`why`, :func:`os_reason`, :func:`time_wait_reason`,
  :func:`listen_failure`, :func:`listen_line`, :func:`taken_line` and :func:`shown_path`;
- :mod:`.bindings`: Textual's key bindings in a language (:func:`localize_bindings`).
"""

from __future__ import annotations

from .bindings import localize_bindings
from .choice_names import choice_name, named_list, with_choice_name
from .phrasing import cut_message, describe, name, named_choices, step_name
from .reasons import (
    listen_failure,
    listen_line,
    os_reason,
    reason,
    shown_path,
    taken_line,
    time_wait_reason,
    why,
)
from .tables import CLI_HELP, LANGS, SOURCE, TABLES, TEXTS, default_lang, tr

__all__ = [
    "CLI_HELP",
    "LANGS",
    "SOURCE",
    "TABLES",
    "TEXTS",
    "choice_name",
    "cut_message",
    "default_lang",
    "describe",
    "listen_failure",
    "listen_line",
    "localize_bindings",
    "name",
    "named_choices",
    "named_list",
    "os_reason",
    "reason",
    "shown_path",
    "step_name",
    "taken_line",
    "time_wait_reason",
    "tr",
    "why",
    "with_choice_name",
]
