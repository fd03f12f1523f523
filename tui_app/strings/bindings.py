"""Textual's key bindings in the user's language: the footer's, the help's and the palette's words."""

from __future__ import annotations

from typing import Any

from .tables import SOURCE, TEXTS, tr


def localize_bindings(bindings: Any, lang: str) -> None:
    """Give every binding of a Textual ``BindingsMap`` that has a ``key.<id>`` text that text in
    ``lang`` (footer, help); the key tables themselves are written in English."""
    table = bindings.key_to_bindings
    for key, rows in table.items():
        table[key] = [_localized(b, lang) for b in rows]


def _localized(binding: Any, lang: str) -> Any:
    """``binding`` with the ``key.<id>`` text (Textual's own palette key: ``key.<action>``)."""
    from dataclasses import replace  # a Textual Binding is a dataclass; only the app comes here

    name = f"key.{binding.id or binding.action}"
    if name not in TEXTS:
        return binding
    tooltip = binding.tooltip if lang == SOURCE else ""  # Textual's own tooltips are English only
    return replace(binding, description=tr(name, lang), tooltip=tooltip)
