"""The Controls pane: client and server settings, each field validated as it is typed."""

from __future__ import annotations

import re
import time
from functools import partial
from typing import Any, cast

from rich.cells import cell_len
from rich.console import RenderableType
from rich.text import Text
from textual import events
from textual._ansi_sequences import ANSI_SEQUENCES_KEYS
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.keys import Keys, key_to_character
from textual.message import Message
from textual.widgets import Button, Input, Label, Static

from server_core.ordering import MAX_WIDTH

from .. import cut_reports
from ..choices import CHOICES, as_value, name_chars, value_name
from ..keys import BINDINGS, after_escape
from ..language import AppLanguage
from ..option_table import Option, form_fields
from ..strings import TEXTS, localize_bindings, tr, why
from ..wrapping import Wrapped
from .long_input import LongInput
from .rows_below import RowsBelow
from .scrolls_at_once import ScrollsAtOnce

WIDE = {"message", "sockopts"}  # fields whose values are long: a sentence, NAME=VALUE pairs
LABEL_CELLS = 8  # the label column's cells before the blank that parts it from the field (app.tcss)
REASON_CELLS = 24  # a field's reason's width at 80 columns: the pane's 28 less border, padding and bar
REASON_ROWS = 2  # the most rows a field's reason takes under it
HINT_SECONDS = 3.0  # how long a field says which characters it takes, after refusing one
CLIENT_FIELDS = form_fields("n", "order", "hold", "message")  # the option table's rows, in the form
SERVER_FIELDS = form_fields("server_order", "delay", "host", "port", "accept", "backlog", "sockopts")
# what a field that refused a character says the next Enter does, then shorter ways to say it:
# the last takes at most REASON_ROWS rows at 80 columns whatever the value and the refused text
HELD = ("field.held", "field.held_short", "field.held_brief")
HELD_EMPTY = ("field.held_empty", "field.held_empty_short", "field.held_empty_brief")
FIELD_MOVES = {"down": 1, "up": -1}  # arrow keys in the form: steps through its fields and buttons


def read_escape_tab_as_typed() -> None:
    """Escape then Tab in one write (``ESC TAB``) reach the app as those two keys: Escape leaves
    the field, Tab moves on from the start. Textual reads ``ESC TAB`` as Shift+Tab, which only
    the Linux console sends for it; terminals send ``ESC [ Z``, which stays Shift+Tab."""
    cast(dict, ANSI_SEQUENCES_KEYS)["\x1b\t"] = (Keys.Escape, Keys.Tab)


read_escape_tab_as_typed()


class _KeyName(str):
    """A key's name where Textual's table of sequences wants a :class:`Keys` member (its ``value``)."""

    @property
    def value(self) -> str:
        return str(self)


def read_escape_key_as_typed() -> None:
    """Escape and one of the app's keys that is no letter (``?``, ``<``, ``>``, space, a digit) in
    one write reach the app as those two keys, as Escape and a letter do (``alt+k``, see
    :meth:`Field._on_key`). Textual reads ``ESC ?`` as ``?`` alone (the Escape is dropped, and
    the field takes the ``?``) and ``ESC 1`` as ``¡``."""
    for binding in BINDINGS:
        character = key_to_character(binding.key)
        if character is not None and len(character) == 1 and not character.isalpha():
            cast(dict, ANSI_SEQUENCES_KEYS)[f"\x1b{character}"] = (Keys.Escape, _KeyName(binding.key))


read_escape_key_as_typed()
cut_reports.install()  # a click's report that a read cuts: waited for, never keys


class Field(LongInput, AppLanguage):
    """A compact input that takes every character its setting can use and refuses the others.

    A refused character is not passed on to the app's keys: the field says next to itself which
    characters it takes (:class:`Field.Refused`), so typing into a field never launches, restarts
    or quits.
    """

    class Refused(Message):
        """A character was typed that ``field`` cannot take."""

        def __init__(self, field: Field) -> None:
            super().__init__()
            self.field = field

    # The footer, while a field has the focus (the app's keys are characters then): how to leave it.
    BINDINGS = [Binding("escape", "app.leave_field", "leave field", id="leave_field", key_display="Esc")]

    def __init__(self, spec: Option, value: str) -> None:
        restrict = None if spec.chars is None else f"[{spec.chars[1:-1]}{name_chars(spec.id)}]*"
        placeholder = tr(spec.placeholder, self.lang) if spec.placeholder else ""
        super().__init__(
            value=value, placeholder=placeholder, id=f"field-{spec.id}", restrict=restrict, compact=True
        )
        self.spec = spec
        self.refused = ""  # characters refused since the field was last read or had text deleted
        self.meant = value  # the value the last edit asked for: with its refused text, if refused
        self._typing = ""  # the text being put in, while Input checks it
        self._typed = value  # the value the last key left (set from code, the value is not typed)
        localize_bindings(self._bindings, self.lang)

    def on_blur(self) -> None:
        """A field left shows its value from the start again, not scrolled to where the cursor was
        (a long value's first characters would stay hidden)."""
        self.scroll_to(x=0, animate=False, immediate=True)

    def replace(self, text: str, start: int, end: int) -> None:
        """Input's edit (typing, pasting, deleting), remembering a refused ``text``; deleting
        text or typing over it (a selected value) is editing the field again, so what it refused
        before is forgotten."""
        before, self._typing = self.value, text
        if before != self._typed:
            self.refused = ""  # set from code since the last key: what it refused is gone
        low, high = sorted((max(0, start), min(len(before), end)))  # as Input reads them
        self.meant = f"{before[:low]}{text}{before[high:]}"  # kept if Input refuses it
        super().replace(text, start, end)
        self._typed = self.value
        if high > low and self.value != before:
            self.refused = ""

    def parse(self, text: str) -> Any:
        """``text`` parsed as the setting's value (a choice typed by its name in any language
        read as that choice); ValueError with the reason otherwise."""
        return self.spec.parse(as_value(self.spec.id, text))

    @property
    def held(self) -> bool:
        """Whether the value is one the user typed with a character refused in it (``-1`` kept
        as ``1``) and has not been shown yet: neither deleted from nor read since."""
        return bool(self.refused) and self.value == self._typed

    def restricted(self) -> None:
        self.refused += self._typing
        self.post_message(self.Refused(self))

    async def _on_key(self, event: events.Key) -> None:
        """A key bound here or above (Backspace, Left, End, Enter, Escape, Tab) acts at once.

        Textual runs bindings only once the key has bubbled up to the app, while a character is
        inserted as soon as the field takes its key: keys that arrive together (``Backspace 7``
        or ``Tab 0.5`` in one write) would be taken out of order, the character first, in the
        wrong field. Run here, each key acts in the order typed; a character goes on to Input's
        handler.

        Escape and a character in one write reach the app as one key, ``alt+`` that character
        (how a terminal sends Meta): it is taken as typed, Escape leaving the field and the
        character then acting as the app's key. A key the field is handed after it let go (the
        app hands on the keys of one write before the field takes the Escape) is the app's too.
        """
        if self.screen.focused is not self and event.is_printable:  # typed after Escape, one write
            event.stop()
            event.prevent_default()
            self.app.post_message(events.Key(event.key, event.character))
            return
        if (typed := after_escape(event)) is not None:
            event.stop()
            event.prevent_default()
            await self.app.run_action("app.leave_field")
            self.app.post_message(typed)
            return
        if event.is_printable:
            return
        if event.key in FIELD_MOVES:  # the form's order, as Tab and Shift+Tab: never the table's rows
            event.stop()
            event.prevent_default()
            self.query_ancestor(Controls).action_walk(FIELD_MOVES[event.key])
            return
        active = self.screen.active_bindings.get(event.key)
        if active is not None and active.enabled:
            event.stop()
            event.prevent_default()  # Input's own handler and the app's bindings: done here
            await self.app.run_action(active.binding.action, active.node)


class Reason(Label):
    """Why a field's value is wrong, or which characters it takes, shown literally. A line
    breaks between words or between Chinese characters, never inside a word or a range such as
    ``0-9`` (Textual's wrapping folds a Chinese sentence, with no spaces, anywhere)."""

    def render(self) -> RenderableType:
        return Wrapped(Text(str(super().render())))  # reads, as a string, as its plain text


class Controls(VerticalScroll, RowsBelow, ScrollsAtOnce, can_focus=False):
    """Every setting with its reason next to it when wrong, and the launch and server buttons."""

    # Down and Up on a button go on through the form, as they do in a field (the pane's own
    # scroll left a user walking the form with Down stuck on Launch, short of the server's fields)
    BINDINGS = [Binding(key, f"walk({step})", show=False) for key, step in FIELD_MOVES.items()]

    def __init__(self, initial: dict[str, str], recorded: list[str] | None = None, **kwargs: Any) -> None:
        """``initial``: the fields' values by id. ``recorded``: for a recording, the lines saying
        the settings it was made with, shown read only in place of the form (which is then not
        built at all: a recording's settings are read, not set)."""
        super().__init__(disabled=recorded is not None, **kwargs)
        self.initial = initial
        self.recorded = recorded
        self._hints: dict[str, float] = {}  # field id -> when its refused-character hint goes
        self._wrong: dict[str, str] = {}  # field id -> why its value is wrong, as shown under it

    def action_walk(self, step: int) -> None:
        """Focus the form's field or button ``step`` (1 Down, -1 Up) from the focused one, in Tab's
        order, from the last round to the first and back: Down past the server's last field went
        on into the clients table, whose rows Up then moved instead of coming back to the form."""
        chain = [widget for widget in self.screen.focus_chain if self in widget.ancestors]
        if not chain:
            return
        at = chain.index(self.screen.focused) if self.screen.focused in chain else -1
        chain[(at + step) % len(chain)].focus()

    def compose(self) -> ComposeResult:
        if self.recorded is not None:  # text shown literally, wrapped
            yield Static(Wrapped(Text("\n".join(self.recorded))), id="recorded")
            return
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
        return button

    def _fields(self, specs: tuple[Option, ...]) -> ComposeResult:
        for spec in specs:
            label = tr(spec.label, self.lang)
            # free text gets a line of its own under the label, as wide as the pane; every other
            # label fits the label column (LABEL_CELLS), so that every field starts in one column
            row = "field-row -wide" if spec.id in WIDE else "field-row"
            with Horizontal(classes=row, id=f"row-{spec.id}"):
                yield Label(label, classes="field-label")
                yield Field(spec, self.initial.get(spec.id, spec.default))
                if spec.id in CHOICES:  # the value's name in the interface's language
                    yield Label("", id=f"name-{spec.id}", classes="field-name", markup=False)
            yield Reason("", id=f"error-{spec.id}", classes="field-error")

    def on_click(self, event: events.Click) -> None:
        """A click on a field's row (its label, or beside it) puts the cursor in that field."""
        row = event.widget
        while row is not None and row is not self and not row.has_class("field-row"):
            row = row.parent  # type: ignore[assignment]
        if row is not None and row is not self and not isinstance(event.widget, Field):
            row.query_one(Field).focus()

    def _show(self, error: Label, text: str) -> None:
        """Show ``text`` (literally) as a field's reason, scrolled into view whole."""
        error.update(Text(text))
        error.display = True
        self.call_after_refresh(error.scroll_visible, animate=False)

    def _brief(self, spec: Option, *said: str) -> str:
        """The first of ``said`` whole from 120 columns, where the pane has rows to spare for it;
        below, :func:`brief`."""
        return said[0] if self.screen.has_class("-wide") else brief(spec, self.lang, *said)

    def on_input_changed(self, event: Input.Changed) -> None:
        if isinstance(event.input, Field):
            self.check(event.input)

    def on_input_blurred(self, event: Input.Blurred) -> None:
        """A field left takes its hint along (which characters it takes, or that the next Enter
        uses the value kept): a hint is about the field being typed in. A wrong value's reason
        stays until the value is right."""
        if isinstance(event.input, Field):
            self._hints.pop(event.input.spec.id, None)
            self.check(event.input)

    def on_field_refused(self, event: Field.Refused) -> None:
        """Say under the field which characters it takes, for ``HINT_SECONDS``."""
        spec = event.field.spec
        error = self.query_one(f"#error-{spec.id}", Label)
        field = tr(spec.label, self.lang)
        said = tr("field.refused", self.lang, field=field, chars=_shown(spec, self.lang))
        self._show(error, self._brief(spec, said))
        self._hints[spec.id] = time.monotonic() + HINT_SECONDS
        self.set_timer(HINT_SECONDS, partial(self.check, event.field))

    def check(self, field: Field) -> tuple[bool, Any]:
        """Validate one field, show or clear its reason; returns (ok, value). A valid value
        clears its error at once; a hint (which characters it takes) stays its time."""
        error = self.query_one(f"#error-{field.spec.id}", Label)
        try:
            value = field.parse(field.value)
        except ValueError as exc:
            reasons = _reasons(str(_typed_error(field, exc)), self.lang)
            label = tr(field.spec.label, self.lang)
            said = self._wrong[field.spec.id] = tr("field.wrong", self.lang, field=label, why=reasons[0])
            self._show(error, self._brief(field.spec, said, *reasons))  # typed text, literally
            self._hints.pop(field.spec.id, None)  # the hint is replaced: the error goes once valid
            field.add_class("-bad")
            self._show_name(field, "")
            return False, None
        self._wrong.pop(field.spec.id, None)
        if not field.refused:  # edited again since: a refusal's hint or its held value is gone
            self._hints.pop(field.spec.id, None)
        if time.monotonic() >= self._hints.get(field.spec.id, 0.0):
            error.display = False  # a refused character's hint stays its time
        field.remove_class("-bad")
        self._show_name(field, value_name(field.spec.id, field.value, self.lang))
        return True, value

    def _show_name(self, field: Field, name: str) -> None:
        """Show ``name`` beside a choice field (the name of its value), or nothing for "". A name
        that would leave the field too narrow for its value (``semaphore:2 信号量`` at 80 columns
        showed ``semapho…``) is left out: the value, which a launch runs, is shown whole."""
        room = self.scrollable_content_region.width - LABEL_CELLS - 1  # the field and its name's
        for shown in self.query(f"#name-{field.spec.id}").results(Label):
            shown.update(name)
            shown.display = bool(name) and cell_len(field.value) + 1 + 1 + cell_len(name) <= room

    def on_resize(self, event: events.Resize) -> None:
        """The names beside the choice fields come and go with the room the pane's width leaves."""
        super().on_resize(event)
        for field in self.query(Field):
            if field.spec.id in CHOICES and not field.has_class("-bad"):
                self._show_name(field, value_name(field.spec.id, field.value, self.lang))

    def read(self, specs: tuple[Option, ...]) -> dict[str, Any] | None:
        """The parsed values of ``specs`` by id, or None (reasons shown) when any is wrong."""
        values: dict[str, Any] = {}
        good = True
        for spec in specs:
            field = self.query_one(f"#field-{spec.id}", Field)
            ok, value = self.check(field)
            if ok and field.held:
                ok = self._hold(field)
            elif ok:  # read as it is: no hint about it holds any more
                self._hints.pop(spec.id, None)
                self.query_one(f"#error-{spec.id}", Label).display = False
            good = good and ok
            values[spec.id] = value
        return values if good else None

    def _hold(self, field: Field) -> bool:
        """A field that refused a character since it was last edited is not read once: its value
        is not what was typed (``-1`` kept as ``1``). Says so, and that the next read takes it
        (below 120 columns in at most ``REASON_ROWS`` rows: :meth:`_brief`)."""
        refused = " ".join(tr("chars.one", self.lang, char=char) for char in field.refused)
        label = tr(field.spec.label, self.lang)
        keys = HELD if field.value.strip() else HELD_EMPTY  # an empty value is not quoted
        said = [tr(key, self.lang, field=label, refused=refused, value=field.value) for key in keys]
        self._wrong[field.spec.id] = said[0]
        field.refused = ""
        self._show(self.query_one(f"#error-{field.spec.id}", Label), self._brief(field.spec, *said))
        self._hints[field.spec.id] = time.monotonic() + HINT_SECONDS
        self.set_timer(HINT_SECONDS, partial(self.check, field))
        return False

    def show_value(self, field_id: str, text: str, value: Any) -> None:
        """Put ``text`` in field ``field_id``, unless what it holds already reads as ``value``
        (``锁`` for lock is kept as typed); what it refused before is forgotten with its text."""
        field = self.query_one(f"#field-{field_id}", Field)
        try:
            if field.parse(field.value) == value:
                return
        except ValueError:
            pass  # a wrong value: replaced
        field.refused = ""
        field.value = text
        self.check(field)

    def wrong(self, specs: tuple[Option, ...]) -> str:
        """The first of ``specs`` found wrong by the last :meth:`read` and why, as said under it
        (``delay s: …``); "" when none is."""
        return next((self._wrong[spec.id] for spec in specs if spec.id in self._wrong), "")


def brief(spec: Option, lang: str, *said: str) -> str:
    """What a field's reason says under it below 120 columns: the first of ``said`` (the reason
    with the field's name, then without) that takes at most ``REASON_ROWS`` rows at 80 columns,
    else what the field takes in a few words (``form.takes.*``). A reason of six rows at 80
    columns pushed the fields under it out of view; the whole reason is in the line that says
    nothing was launched (or restarted), and under the field from 120 columns."""
    fits = (text for text in said if len(list(Wrapped(Text(text)).lines(REASON_CELLS))) <= REASON_ROWS)
    return next(fits, tr(f"form.takes.{spec.id}", lang))


def _reasons(error: str, lang: str) -> list[str]:
    """A validator's ``error`` in ``lang``, then shorter ways to say it, if any: a semaphore's
    width is said as the form and the README say it, K, the clients let in at once (``semaphore
    width`` was a word the app used nowhere else), with the text refused, then without."""
    if not error.startswith("semaphore width"):
        return [why(error, lang)]
    refused = error.rpartition(", not ")[2] if ", not " in error else ""
    short = tr("form.width", lang, high=MAX_WIDTH)
    return [tr("form.width_not", lang, high=MAX_WIDTH, text=refused), short] if refused else [short]


def _typed_error(field: Field, error: ValueError) -> ValueError:
    """Why ``field``'s value is wrong, said of what was typed: with a character refused since it
    was last edited (``TCP_KEEPIDLE=\uff13``, kept as ``TCP_KEEPIDLE=``), the reason for the value
    with it in quotes the character (``not '\uff13'``) where the value's own would quote ``''``."""
    if not field.refused:
        return error
    try:
        field.parse(field.meant)
    except ValueError as typed:
        return typed
    return error


def _shown(spec: Option, lang: str) -> str:
    """The characters a field takes, in words: ``[0-9.]`` -> ``digits 0-9 and '.'`` (a range
    that has no words of its own, such as ``a-f``, as it is)."""
    chars = (spec.chars or "")[1:-1].replace("\\", "")
    spans = re.findall(r"\w-\w", chars)
    names = [tr(f"chars.{span}", lang) if f"chars.{span}" in TEXTS else span for span in spans]
    for char in re.sub(r"\w-\w", "", chars):
        names.append(tr("chars.space", lang) if char == " " else tr("chars.one", lang, char=char))
    if len(names) < 2:
        return "".join(names)
    return tr("chars.last", lang, most=tr("text.list_join", lang).join(names[:-1]), last=names[-1])
