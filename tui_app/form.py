"""The form's settings read for a launch or a server start, or one line saying what to fix."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from server_core import ServerConfig

from . import options
from .lab_control import LabControl
from .option_table import server_config
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
    return server_config(values)
