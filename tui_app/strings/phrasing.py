"""What an event means in plain words, and a stepping step's name, in a language.

The words are the tables' (:mod:`tui_app.strings.tables`); this module only picks the key and the
values: an event of kind ``accepted`` on the server side is said by the text ``server.accepted``.
"""

from __future__ import annotations

import functools
from typing import Any

from server_core import Event, printable
from server_core.events import STOPS
from server_core.sockopts import format_options
from server_core.wire import to_bytes

from .choice_names import with_choice_name
from .reasons import why
from .tables import TABLES, TEXTS, fill, tr

SAYS_NOTHING = {"closed"}  # reasons that add nothing to what they explain: an end closed as asked
NAMED = ("order", "accept")  # an event's values that are a choice's: named as the form names them


def describe(event: Event, lang: str = "en", side_said: bool = False) -> str:
    """One line saying what ``event`` means; text from the network is escaped for display, and a
    received chunk that a character's cut reached says so (:func:`cut_message`). ``side_said``:
    the line follows its side's name (``client``), so it does not begin with it again.

    The command line says every event of a run this way (five a client): the event is unpacked
    once, and the table's text it takes is picked once per kind of line (:func:`_text_of`)."""
    _, _, side, kind, client, local, peer, text, _, extra = event
    values = {
        "client": client if client is not None else "-",
        "who": _who(side, client, extra),
        "local": local or "-",
        "peer": peer or "-",
        "text": printable(why(text or "", lang)),  # an error's, a disconnect's reason
        **(extra or {}),
    }
    if kind == "stuck" and (said := stuck_reason(values, lang)) is not None:
        values["text"] = said
    tail = values.get("tail")
    if ("carried" in values or "unfinished" in values) and not tail:
        carried, unfinished = values.get("carried", 0), values.get("unfinished", "")
        values["text"] = cut_message(values["text"], lang, carried, unfinished)
    said_text = _text_of(
        lang,
        side,
        kind,
        kind == "error" and client is None,
        text in SAYS_NOTHING,
        kind == "error" and text in STOPS,
        values.get("stopped") is True,
        bool(values.get("thread")),
        bool(tail),
        side_said,
    )
    if "options" in values and "{options" in said_text:  # most texts show none
        values["options"] = format_options(values["options"])
    if "by" in values and f"picked_by.{values['by']}" in TEXTS:  # why a held thread went on
        values["by"] = tr(_picked_by(str(values["by"]), side, values.get("step")), lang)
    if "step" in values:
        values["step"] = step_name(values["step"], lang)
    return fill(said_text, named_choices(values, lang))


@functools.lru_cache(maxsize=1024)  # by side, kind and the few facts that pick a variant: a few dozen
def _text_of(
    lang: str,
    side: str,
    kind: str,
    unnamed: bool,
    plainly: bool,
    stopped_error: bool,
    stopped: bool,
    thread: bool,
    tail: bool,
    side_said: bool,
) -> str:
    """The table's text in ``lang`` that says an event of ``side`` and ``kind``: ``unnamed`` for
    an error about no client or connection (no "-" for a name), ``plainly``
    when its reason adds nothing ("disconnected", not "(closed)"), ``stopped_error`` for an
    error a stop made ("client r2.1 stopped", not "error: stopped"), ``stopped`` for a run
    stopped before it ended, ``thread`` for a handler's close that names its thread, ``tail``
    for the end of a character cut by a close; ``side_said``: without the side's name it
    begins with. KeyError for a side and kind no table says."""
    key = f"{side}.{kind}"
    if unnamed:
        key = f"{key}_unnamed"
    elif plainly and f"{key}_plainly" in TEXTS:
        key = f"{key}_plainly"
    elif stopped_error:
        key = f"{key}_stopped"
    if stopped and f"{key}_stopped" in TEXTS:
        key = f"{key}_stopped"
    if thread and f"{key}_thread" in TEXTS:
        key = f"{key}_thread"
    text = TABLES.get(lang, TEXTS)[f"{key}_tail" if tail else key]
    return _without_side(text, side, lang) if side_said else text


def named_choices(values: dict[str, Any], lang: str) -> dict[str, Any]:
    """``values`` (a text's) with an order and an accept mode as typed (a string, or what says
    one: a parsed order), each followed by its name in ``lang`` as the form names it (``lock
    锁``; see :func:`with_choice_name`); one that is None left as it is."""
    if "order" not in values and "accept" not in values:  # most events' (no comprehension run)
        return values
    named = {key: with_choice_name(str(values[key]), lang) for key in NAMED if values.get(key) is not None}
    return {**values, **named} if named else values


def stuck_reason(values: dict[str, Any], lang: str) -> str | None:
    """Why a schedule could not be followed, from a ``stuck`` event's ``client`` and extras (the
    parts of :class:`server_core.stepping.Stuck`: ``step``, ``position``, ``of``, ``cause``,
    ``started``, ``stall``, ``threads``), in ``lang``: Chinese throughout in Chinese. None for an
    event without them (a recording older than they are): its English ``text`` stays."""
    key = f"stuck.{values.get('cause')}"
    if key not in TEXTS:
        return None
    client, step = values["client"], str(values.get("step", ""))
    place = {"position": values.get("position"), "of": values.get("of")}
    where = tr("stuck.where", lang, entry=f"{client}:{step}", **place)
    threads = [thread for thread in values.get("threads") or [] if isinstance(thread, dict)]
    states = [_thread_state(thread, lang) for thread in threads]
    unstarted = "" if values.get("started", True) else tr("stuck.unstarted", lang, client=client)
    return tr(
        key,
        lang,
        where=where,
        client=client,
        step=step_name(step, lang),
        unstarted=unstarted,
        stall=values.get("stall", 0),
        states=tr("stuck.join", lang).join(states) or tr("stuck.no_thread", lang),
    )


def _thread_state(thread: dict[str, Any], lang: str) -> str:
    """Where one thread of a stuck schedule was (an item of the event's ``threads``: ``who``,
    ``state``, ``step``, ``waits``, ``width``), in ``lang``."""
    who, state, step = thread.get("who", "?"), thread.get("state"), thread.get("step")
    if state == "held":
        return tr("stuck.held", lang, who=who, step=step_name(step, lang))
    if state == "blocked":
        key = f"stuck.waits_{thread.get('waits')}"
        return tr(key if key in TEXTS else "stuck.waits_turn", lang, who=who, width=thread.get("width"))
    if step is None:
        return tr("stuck.in_section", lang, who=who)
    key = "stuck.in_hold" if step == "hold" else "stuck.in_step"
    return tr(key, lang, who=who, step=step_name(step, lang))


def cut_message(text: str, lang: str, carried: int = 0, unfinished: str = "") -> str:
    """A received message's ``text`` (as shown) with what a character cut between chunks did to
    it: its first ``carried`` bytes came in an earlier chunk; ``unfinished`` (bytes as ``\\xNN``
    escapes, an event's extra) began a character its text cannot show yet."""
    if carried and text:
        text = tr("message.carried", lang, text=text, n=carried)
    if unfinished:
        said = tr("message.unfinished", lang, text=text, n=len(to_bytes(unfinished)))
        text = said if text else said.lstrip()
    return text


@functools.lru_cache(maxsize=256)  # a table's texts, by side and language: a few dozen
def _without_side(text: str, side: str, lang: str) -> str:
    """``text`` (a table's) without the side's name it begins with (``client {who} ...``,
    ``服务器已停止``): a word of its own, followed by a blank or by no Latin letter or digit."""
    label = tr(f"side.{side}", lang)
    rest = text[len(label) :]
    if text.startswith(label) and rest and not (rest[0].isascii() and rest[0].isalnum()):
        return rest.lstrip()
    return text


def _picked_by(by: str, side: str, step: object) -> str:
    """The text key of why a held thread went on before ``step``: a stop is said by what the
    thread does next, a client of a stopped run going no further (or, held before its close,
    closing), a handler of a stopped server ending its connection."""
    key = f"picked_by.{by}"
    variant = f"{key}_handler" if side == "server" else f"{key}_{step}"
    return variant if variant in TEXTS else key


def step_name(step: object, lang: str) -> str:
    """A stepping step as a person reads it in ``lang``: ``turn``, ``connect``, ``recv``... from
    the ``step_name.*`` texts (English keeps the socket calls' names); a step with no text, as it
    is."""
    key = f"step_name.{step}"
    return tr(key, lang) if key in TEXTS else str(step)


def name(event: Event) -> str:
    """The party an event is about: ``#4`` for the server's connection 4, ``r2.1`` for client 1
    of run 2 (``-`` for neither), so a connection number and a launch number never look alike."""
    return _who(event.side, event.client, event.extra)


def _who(side: str, client: int | None, extra: dict[str, Any] | None) -> str:
    """:func:`name` of an event of ``side``, ``client`` and ``extra``, already unpacked."""
    if client is None:
        return "-"
    if side == "server":
        return f"#{client}"
    return f"r{(extra or {}).get('run', '?')}.{client}"
