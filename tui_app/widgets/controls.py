"""The Controls pane: client and server settings, each field validated as it is typed."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label

from server_core import CLIENT_MODES, DEFAULT_MESSAGE, SERVER_MODES, parse_order

from .. import options
from ..strings import tr


@dataclass(frozen=True)
class FieldSpec:
    """One setting: its id, label key, default text, parser and the characters it can use.

    ``chars`` is a regex character class; None means any printable character (free text).
    """

    id: str
    label: str
    default: str
    parse: Callable[[str], Any]
    chars: str | None = None


CLIENT_FIELDS = (
    FieldSpec("n", "field.n", "3", options.count, r"[0-9]"),
    FieldSpec("order", "field.order", "free", lambda t: parse_order(t, CLIENT_MODES), r"[a-z0-9:]"),
    FieldSpec("hold", "field.hold", "1.0", options.seconds, r"[0-9.]"),
    FieldSpec("message", "field.message", DEFAULT_MESSAGE, options.text),
)
SERVER_FIELDS = (
    FieldSpec(
        "server_order", "field.server_order", "free", lambda t: parse_order(t, SERVER_MODES), r"[a-z0-9:]"
    ),
    FieldSpec("delay", "field.delay", "0", options.seconds, r"[0-9.]"),
    FieldSpec("host", "field.host", "127.0.0.1", options.host, r"[0-9a-fA-F.:\[\]lochst]"),
    FieldSpec("port", "field.port", "8888", options.port, r"[0-9]"),
    FieldSpec("accept", "field.accept", "blocking", options.accept_mode, r"[a-z]"),
    FieldSpec("backlog", "field.backlog", "128", options.backlog, r"[0-9]"),
    FieldSpec("sockopts", "field.sockopts", "", options.socket_options, r"[A-Za-z_=0-9 ]"),
)


class Field(Input):
    """A compact input that takes only the characters its setting can use.

    Other printable keys are not consumed, so the app's keys (``f``, ``l``, ``?``, ...) still
    work while it has the focus.
    """

    def __init__(self, spec: FieldSpec, value: str) -> None:
        restrict = None if spec.chars is None else f"{spec.chars}*"
        super().__init__(value=value, id=f"field-{spec.id}", restrict=restrict, compact=True)
        self.spec = spec

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if character is None or not character.isprintable():
            return False
        return self.spec.chars is None or re.fullmatch(self.spec.chars, character) is not None


class Controls(VerticalScroll, can_focus=False):
    """Every setting with its reason next to it when wrong, and the launch and server buttons."""

    def __init__(self, lang: str, initial: dict[str, str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lang = lang
        self.initial = initial

    def compose(self) -> ComposeResult:
        with Horizontal(classes="section"):
            yield Label(tr("controls.clients", self.lang))
            yield self._button("launch", "button.launch", "primary")
            yield self._button("stop-clients", "button.stop_clients")
        yield from self._fields(CLIENT_FIELDS)
        with Horizontal(classes="section", id="server-section"):
            yield Label(tr("controls.server", self.lang))
            yield self._button("start-server", "button.start_server", "success")
            yield self._button("stop-server", "button.stop_server")
        yield from self._fields(SERVER_FIELDS)

    def _button(self, button_id: str, text: str, variant: str = "default") -> Button:
        button = Button(tr(text, self.lang), id=button_id, compact=True, variant=variant)  # type: ignore[arg-type]
        button.tooltip = tr(f"{text}.tip", self.lang)
        button.can_focus = False  # each has a key; Tab goes from field to field
        return button

    def _fields(self, specs: tuple[FieldSpec, ...]) -> ComposeResult:
        for spec in specs:
            with Horizontal(classes="field-row"):
                yield Label(tr(spec.label, self.lang), classes="field-label")
                yield Field(spec, self.initial.get(spec.id, spec.default))
            yield Label("", id=f"error-{spec.id}", classes="field-error")

    def on_input_changed(self, event: Input.Changed) -> None:
        if isinstance(event.input, Field):
            self.check(event.input)

    def check(self, field: Field) -> tuple[bool, Any]:
        """Validate one field, show or clear its reason; returns (ok, value)."""
        error = self.query_one(f"#error-{field.spec.id}", Label)
        try:
            value = field.spec.parse(field.value)
        except ValueError as exc:
            error.update(Text(f"{tr(field.spec.label, self.lang)}: {exc}"))  # what was typed, literally
            error.display = True
            field.add_class("-bad")
            return False, None
        error.display = False
        field.remove_class("-bad")
        return True, value

    def read(self, specs: tuple[FieldSpec, ...]) -> dict[str, Any] | None:
        """The parsed values of ``specs`` by id, or None (reasons shown) when any is wrong."""
        values: dict[str, Any] = {}
        good = True
        for spec in specs:
            ok, value = self.check(self.query_one(f"#field-{spec.id}", Field))
            good = good and ok
            values[spec.id] = value
        return values if good else None

    def set_value(self, field_id: str, value: str) -> None:
        self.query_one(f"#field-{field_id}", Field).value = value
