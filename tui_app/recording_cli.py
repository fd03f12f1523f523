"""``tcp-lab open`` and ``tcp-lab merge``: a recording back in the app, as a picture, or joined
with the recording of the other side.

``open FILE`` shows the app on the recording, no server started; with ``--svg`` it draws one
view headless, writes the picture and exits. ``merge`` puts a ``serve`` and a ``clients``
recording on one clock (:mod:`server_core.merge`). A file that cannot be read or merged gets one
line and exit 2; Textual is imported only to show or draw.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from collections.abc import Callable, Container
from pathlib import Path
from typing import TYPE_CHECKING, Any

from server_core.export_formats import FORMATS, export_format
from server_core.numbers import must_be, wanted, whole

from . import cli_help
from .cli_help import OUTPUT_LANG_HELP
from .diagnostics import STOP_SIGNALS, Stopped, notice, point_to_help
from .option_table import named_choice
from .strings import LANGS, os_reason, shown_path, tr, why

if TYPE_CHECKING:
    from server_core.recording import Recording

COMMANDS = ("open", "merge")
VIEWS = ("main", "timeline", "comparison")
DEFAULT_SIZE = "120x36"  # as typed: argparse parses it with ``size``
MAX_SIZE = 1000  # columns or rows a picture may have
Arg = Callable[[Callable[[str], object]], Callable[[str], object]]  # a validator -> an argparse type


def add_commands(
    commands: Any, arg: Arg, made: Container[str] = COMMANDS, wanted: Container[str] = COMMANDS
) -> None:
    """The ``open`` and ``merge`` sub-commands (those in ``made``), added to the ``tcp-lab``
    parser's ``commands``; ``arg`` makes an argparse type of a validator. Only those ``wanted``
    get their arguments (the others are named, for the help's list of commands, and never parsed)."""
    helps = {
        "open": "open the app on a recording (.jsonl), or draw one view of it",
        "merge": "put a serve and a clients recording on one clock",
    }
    fills = {"open": _add_open, "merge": _add_merge}
    for name in COMMANDS:
        if name in made:
            description, epilog = cli_help.DESCRIPTIONS[name], cli_help.examples(name)
            sub = commands.add_parser(name, help=helps[name], description=description, epilog=epilog)
            if name in wanted:
                fills[name](sub, arg)


def _add_open(opened: argparse.ArgumentParser, arg: Arg) -> None:
    opened.add_argument("file", metavar="FILE", help="a .jsonl recording (--json lines or an export)")
    opened.add_argument(
        "--svg", type=arg(_svg_path), metavar="OUT.svg", help="write the view's picture and exit"
    )
    opened.add_argument(
        "--view", type=arg(named_choice(VIEWS)), choices=VIEWS, default="main", help="the view --svg draws"
    )
    opened.add_argument(
        "--size", type=arg(size), default=DEFAULT_SIZE, metavar="COLSxROWS", help="the picture's size"
    )
    _add_common(opened, arg)


def _add_merge(merged: argparse.ArgumentParser, arg: Arg) -> None:
    merged.add_argument("server", metavar="SERVER.jsonl", help="the serve recording")
    merged.add_argument("clients", metavar="CLIENTS.jsonl", help="the clients recording")
    merged.add_argument(
        "-o",
        "--output",
        required=True,
        type=arg(_output_path),
        metavar="OUT",
        help=f"write the merged events to OUT ({', '.join(FORMATS)}, from the name)",
    )
    _add_common(merged, arg)


def _add_common(sub: argparse.ArgumentParser, arg: Arg) -> None:
    named = arg(named_choice(LANGS))  # a language's code, or its name in any language (中文)
    sub.add_argument("--lang", type=named, choices=LANGS, default=argparse.SUPPRESS, help=OUTPUT_LANG_HELP)
    sub.add_argument("--overwrite", action="store_true", help="let the output replace an existing file")


def size(text: str) -> tuple[int, int]:
    """``COLSxROWS`` as (columns, rows); ValueError for anything else: a size out of range is
    told the range (``'10x5' is outside 20-1000 columns, 10-1000 rows``), anything not of the
    form the form."""
    sizes = f"20-{MAX_SIZE} columns, 10-{MAX_SIZE} rows"
    if not text.strip():
        raise ValueError(must_be(f"COLSxROWS, {sizes}", text))
    cols_text, sep, rows_text = text.lower().partition("x")
    cols, rows = whole(cols_text), whole(rows_text)
    if not sep or cols is None or rows is None:
        raise ValueError(f"{text!r} is not COLSxROWS ({wanted(sizes, None)})")
    if not (20 <= cols <= MAX_SIZE and 10 <= rows <= MAX_SIZE):
        raise ValueError(f"{text!r} is outside {sizes}")
    return cols, rows


def _svg_path(text: str) -> str:
    """The picture's file, ``~`` expanded and absolute as every message names it."""
    if not text.lower().endswith(".svg"):
        raise ValueError(f"{text!r} does not end in .svg")
    text = shown_path(text)
    return text


def _output_path(text: str) -> str:
    export_format(text)
    return text


def run(args: argparse.Namespace, lang: str) -> int:
    """Run ``open`` or ``merge``; the exit code."""
    from server_core.merge import MergeRefused
    from server_core.recording import OtherExport, RecordingError, RecordingUnreadable

    try:
        if args.command == "merge":
            return _merge(args, lang)
        recording = _read(args.file, lang)
        if args.svg is None:
            if not has_terminal():
                notice(tr("cli.open_needs_terminal", lang, path=args.file), lang)
                return 2
            from .app import run_app  # Textual loads only here

            return run_app("127.0.0.1", 0, lang, recording)
        write_picture(recording, args.svg, args.view, args.size, lang)
    except OtherExport as exc:  # the lab's own file, in a format for other tools: say which reads it
        notice(tr("recording.other_export", lang, path=exc.path, format=exc.format), lang)
        return 2
    except RecordingUnreadable as exc:  # the argument is wrong: where its usage is
        notice(why(str(exc), lang), lang)
        point_to_help(f"tcp-lab {args.command}", lang)
        return 2
    except (RecordingError, MergeRefused, ValueError) as exc:  # the file's content: no usage helps
        notice(why(str(exc), lang), lang)
        return 2
    except OSError as exc:
        notice(tr("cli.file_failed", lang, path=exc.filename or "", reason=os_reason(exc, lang)), lang)
        return 1
    view = tr(f"recording.view.{args.view}", lang)
    notice(tr("recording.picture", lang, view=view, source=args.file, path=args.svg), lang)
    return 0


def has_terminal() -> bool:
    """Whether standard input, output and error are all a terminal, as the full-screen app needs
    (it reads keys from the first and draws on the last)."""
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout, sys.stderr))


def _read(path: str, lang: str) -> Recording:
    """The recording at ``path``, saying on stderr what of it this version skipped."""
    from server_core.recording import read_recording

    recording = read_recording(path)
    if said := skipped(recording, lang):
        notice(said, lang)
    return recording


def skipped(recording: Recording, lang: str) -> str | None:
    """What of ``recording`` this version skipped, in one line; None when nothing."""
    if not (recording.skipped_fields or recording.skipped_events):
        return None
    names = ", ".join(sorted(recording.unknown))
    fields, events = recording.skipped_fields, recording.skipped_events
    return tr("recording.skipped", lang, path=recording.path, fields=fields, events=events, names=names)


def picture_target(path: str, overwrite: bool = False) -> str:
    """``path`` (``--svg``'s, made absolute) if a new picture can be written there:
    FileExistsError for a file in the way (unless ``overwrite``), ValueError for a directory or
    a directory missing, each one sentence naming the path."""
    target = Path(path)
    if target.is_dir():
        raise ValueError(f"{path!r} is a directory")
    if target.exists() and not overwrite:
        raise FileExistsError(f"{path!r} already exists")
    if not target.parent.is_dir():
        raise ValueError(f"no directory {str(target.parent)!r} to write {target.name!r} in")
    return path


def _merge(args: argparse.Namespace, lang: str) -> int:
    from server_core.export import write_export
    from server_core.merge import merge

    first, second = _read(args.server, lang), _read(args.clients, lang)
    merged = merge(first, second)
    count = write_export(args.output, merged.events, args.overwrite)
    values = {
        "count": count,
        "first": args.server,
        "first_count": len(first.events),
        "second": args.clients,
        "second_count": len(second.events),
        "pairs": len(merged.pairs),
        "path": args.output,
    }
    notice(tr("recording.merged", lang, **values), lang)
    return 0


def write_picture(recording: Recording, path: str, view: str, size: tuple[int, int], lang: str) -> None:
    """Draw ``view`` of ``recording`` headless at ``size`` and write it to ``path`` as SVG; the
    file is complete or absent. A stop signal meanwhile ends the drawing and raises
    :class:`Stopped`, nothing written."""
    import asyncio

    from .app import LabApp
    from .screenshots import settle

    app = LabApp(lang=lang, recording=recording)
    pictures: list[str] = []
    caught: list[int] = []
    drawing: list[asyncio.AbstractEventLoop] = []  # the app's loop, once it is up and drawing

    def stop(signum: int, _: object) -> None:
        # Not an exception raised inside the event loop: cancelled there, Textual's tasks never
        # end (the command hung). The app is asked to exit on its loop, as a key would, once it
        # is up (an exit while it mounts its widgets makes Textual print a traceback).
        caught.append(signum)
        for loop in drawing:
            loop.call_soon_threadsafe(app.exit)

    async def draw(pilot: Any) -> None:
        if caught:  # a stop while the app came up
            app.exit()
            return
        drawing.append(asyncio.get_running_loop())
        await settle(app, pilot)
        if view == "timeline":
            await app.run_action("timeline")
        elif view == "comparison":
            await app.run_action("compare")
        await settle(app, pilot)
        pictures.append(app.export_screenshot(title=f"tcp-lab {Path(recording.path).name}"))
        app.exit()

    previous = {sig: signal.signal(sig, stop) for sig in STOP_SIGNALS}
    try:
        app.run(headless=True, size=size, auto_pilot=draw)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if caught:
        raise Stopped(caught[0])
    if not pictures:
        raise ValueError(f"no picture of {recording.path} could be drawn")
    _write_whole(path, pictures[0])


def _write_whole(path: str, text: str) -> None:
    """Write ``text`` to ``path`` through a new file beside it, so it is whole or absent."""
    target = Path(path)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        with open(temporary, "x", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
