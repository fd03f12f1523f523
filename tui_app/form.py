"""The form's settings read for a launch or a server start, or one line saying what to fix."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from server_core import Order, ServerConfig

from . import options
from .comparison import order_for
from .lab_control import LabControl
from .option_table import server_config
from .strings import tr
from .widgets.controls import CLIENT_FIELDS, SERVER_FIELDS, Controls

Note = Callable[..., None]  # note(key, **values): a line in the events pane
Settings = tuple[dict[str, Any], tuple[str, int]]  # (the client fields' values, where they connect)


def client_settings(controls: Controls, lab: LabControl, note: Note, order: bool = True) -> Settings | None:
    """The form's client values and where they connect (the running server, else the form's
    host and port); None, and a note saying why, when a field is wrong or there is no server.
    With ``order`` False the order field is not read (a key that names its own order launches
    whatever the field holds), and the values have no ``order``."""
    fields = CLIENT_FIELDS if order else tuple(spec for spec in CLIENT_FIELDS if spec.id != "order")
    values = controls.read(fields)
    target = _target(controls, lab, note)
    if values is None or (target is None and controls.wrong(SERVER_FIELDS)):
        wrong = controls.wrong(fields) or controls.wrong(SERVER_FIELDS)
        note("note.nothing_launched", wrong=wrong)
        return None
    if target is None:
        return None  # said why (no server to connect to)
    return values, target


def _target(controls: Controls, lab: LabControl, note: Note) -> tuple[str, int] | None:
    """Where clients connect: the running server, else the form's host and port."""
    if (target := lab.target()) is not None:
        return target
    values = controls.read(SERVER_FIELDS)
    if values is None:
        return None
    try:
        return values["host"], options.server_port(str(values["port"]))
    except ValueError:
        note("note.no_server")
        return None


def server_settings(controls: Controls, note: Note) -> ServerConfig | None:
    """The server the form describes; None, and a note, when a server field is wrong."""
    values = controls.read(SERVER_FIELDS)
    if values is None:
        note("note.server_not_restarted", wrong=controls.wrong(SERVER_FIELDS))
        return None
    return server_config({**values, "reply": language_defaults(controls.lang)["reply"]})


def language_defaults(lang: str) -> dict[str, str]:
    """The text each client sends (``message``, ``{i}`` its number) and the server's ``reply``
    when the app starts in ``lang``: short English in English (the lesson's Chinese ran past the
    clients table's cells at 80x24), the lesson's own in Chinese. ``tcp-lab serve``, ``clients``
    and ``run`` keep the lesson's in every language, as its client and server send."""
    return {"message": tr("default.message", lang), "reply": tr("default.reply", lang)}


def launch_order(controls: Controls, mode: str | None, values: dict[str, Any]) -> Order:
    """The order a launch runs: a launch key's ``mode`` (:func:`order_for`, K from the form's
    ``semaphore:K``), else the form's ``values["order"]``. A key's order is put in the form's
    order field, so the form shows what the last launch ran and Launch (``r``) runs it again: a
    form saying ``lock`` above a free run was read as a lock that did not work."""
    if not mode:
        return values["order"]
    order = order_for(mode, values.get("order"), values["n"])
    controls.show_value("order", str(order), order)
    return order
