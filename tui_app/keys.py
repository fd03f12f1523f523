"""The app's keys: the one table of bindings, and what is built from it in the app's language
(the help screen's key list, the command palette's commands, key names as shown)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual import events
from textual.actions import parse
from textual.app import SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.markup import escape

from server_core.exhibits import NAMES as EXHIBIT_NAMES
from server_core.experiments import NAMES as EXPERIMENT_NAMES

from .strings import SOURCE, TEXTS, tr

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.screen import Screen

    from .app import LabApp

# One row per key. ``id`` names the texts ``key.<id>`` (footer, help) and ``palette.<id>``
# (command palette). None is a priority binding: a focused field takes every character it is
# typed (or refuses it with a hint), so typing never launches, restarts or quits; Escape
# leaves the field and the keys work again.
BINDINGS = [
    Binding("f", "launch('free')", "free", id="launch_free"),
    Binding("l", "launch('lock')", "lock", id="launch_lock"),
    Binding("s", "launch('semaphore')", "semaphore", id="launch_semaphore"),
    Binding("u", "launch('queue')", "queue", id="launch_queue"),
    Binding("o", "launch('sequential')", "sequential", id="launch_sequential"),
    Binding("r", "launch", "launch", id="launch_form", show=False),
    Binding("k", "stop_clients", "stop clients", id="stop_clients"),
    Binding("a", "start_server", "start server", id="start_server"),
    Binding("x", "stop_server", "stop server", id="stop_server"),
    Binding("e", "experiments", "experiments", id="experiments"),
    Binding("b", "exhibits", "exhibits", id="exhibits"),
    Binding("t", "timeline", "timeline", id="timeline"),
    Binding("c", "compare", "compare", id="compare"),
    Binding("w", "export", "export", id="export"),
    Binding("question_mark", "help", "help", id="help", key_display="?"),
    Binding("q", "quit", "quit", id="quit"),
    Binding("escape", "leave_field", "leave field", id="leave_field", key_display="Esc", show=False),
    # Tab moves the focus as the app takes the key, before it hands on the keys typed after
    # it (one write from a terminal): those go into the next field, not this one
    Binding(
        "tab", "focus_next", "Focus Next", id="app.focus_next", key_display="Tab", show=False, priority=True
    ),
    Binding(
        "shift+tab",
        "focus_previous",
        "Focus Previous",
        id="app.focus_previous",
        key_display="Shift+Tab",
        show=False,
        priority=True,
    ),
    Binding("d", "bytes", "bytes", id="bytes", show=False),
    # the replay keys: on a line of their own in a recording (widgets/replay_keys.py), not the footer
    Binding("space", "replay('play')", "replay", id="replay_play", key_display="space", show=False),
    Binding("n", "replay('step')", "next event", id="replay_step", show=False),
    Binding(
        "greater_than_sign", "replay('faster')", "faster", id="replay_faster", key_display=">", show=False
    ),
    Binding("less_than_sign", "replay('slower')", "slower", id="replay_slower", key_display="<", show=False),
    Binding("R", "replay('restart')", "from the start", id="replay_restart", show=False),
    # step mode: p toggles it, g lets every thread run, 1-9 step the client with that number
    # (the experiments screen's own 1-6 come first)
    Binding("p", "step_mode", "step mode", id="step_mode"),
    # in step mode, the focus to the threads pane (Textual's focus action), whose keys then work
    Binding("h", "focus('steps')", "threads", id="step_focus"),
    Binding("g", "step_go", "run freely", id="step_go", show=False),
    Binding("1", "step_pick(1)", "step", id="step_pick", key_display="1-9", show=False),
    *(Binding(str(n), f"step_pick({n})", "step", show=False) for n in range(2, 10)),
    # With no pane focused, the arrows move the clients table's cursor, as they do inside it.
    Binding("up", "rows('cursor', -1)", show=False),
    Binding("down", "rows('cursor', 1)", show=False),
    Binding("pageup", "rows('page', -1)", show=False),
    Binding("pagedown", "rows('page', 1)", show=False),
    Binding("home", "rows('cursor_to', 0)", show=False),
    Binding("end", "rows('cursor_to', -1)", show=False),
]
LIVE_ONLY = frozenset(  # none in a recording
    {"launch", "stop_clients", "start_server", "stop_server", "step_mode", "step_go", "step_pick"}
)
# In a recording a live key says why it does nothing: its own action is off there (``allowed``),
# so the key reaches this binding of the same key, which a live lab turns off in turn.
BINDINGS += [
    Binding(b.key, "replay('live')", show=False) for b in list(BINDINGS) if parse(b.action)[1] in LIVE_ONLY
]
BUTTONS = {  # each button does what its key does
    "launch": "launch",
    "stop-clients": "stop_clients",
    "start-server": "start_server",
    "stop-server": "stop_server",
}


def allowed(action: str, recording: bool, threads_shown: bool = False) -> bool:
    """Live keys are off in a recording, replay keys off in a live lab; the threads pane's focus
    key (``focus``) is on only while the pane is shown (``threads_shown``: step mode, the main
    screen on top or under a command palette, see :func:`main_shown`)."""
    if action == "focus":
        return threads_shown
    return action not in LIVE_ONLY if recording else action != "replay"


def main_shown(stack: Iterable[Screen]) -> bool:
    """Whether the main screen (the first of ``stack``, the app's screens bottom up) is the one
    shown, a command palette opened on top of it aside: its keys are then the palette's too."""
    return len([screen for screen in stack if not isinstance(screen, CommandPalette)]) == 1


def app_bindings(app: LabApp) -> Iterable[Binding]:
    """The bindings of the table above that have texts, as the app holds them (in its language)."""
    for bindings in app._bindings.key_to_bindings.values():
        yield from (b for b in bindings if b.id and f"key.{b.id}" in TEXTS)


def key_table(app: LabApp) -> list[tuple[str, str]]:
    """(key as the footer shows it, description) for every key of the app, in table order:
    ``Esc``, ``^p``."""
    lang = app.lang
    rows = [(app.get_key_display(b), _described(b, lang)) for b in app_bindings(app)]
    ends = [Binding("ctrl+q", "quit"), Binding("ctrl+p", "command_palette")]
    return [*rows, *((app.get_key_display(b), tr(f"key.{b.action}", lang)) for b in ends)]


def mode_keys(app: LabApp) -> dict[str, str]:
    """The key that launches each client order, by the order's name."""
    return {str(b.id).removeprefix("launch_"): b.key_display or b.key for b in app_bindings(app)}


def _bindings(node: DOMNode) -> Iterable[Binding]:
    """``node``'s bindings (in its language once mounted), each once (``+,=`` is bound to two keys)."""
    return dict.fromkeys(b for rows in node._bindings.key_to_bindings.values() for b in rows)


def _key_command(app: LabApp, node: DOMNode, binding: Binding, lang: str) -> tuple[SystemCommand, str] | None:
    """The palette's entry for ``binding`` of ``node`` (the app or a screen), with its English
    name: ``palette.<id>`` says what it does; a ``run('name')`` key of the experiments or exhibits
    screen is named by that experiment or exhibit. None for a key with no such words or one
    switched off (a live key in a recording)."""
    namespace, name, parameters = parse(binding.action)
    target = app if namespace == "app" else node
    if not target.check_action(name, parameters):
        return None
    press = binding.key_display or binding.key
    if (said := f"palette.{binding.id}") in TEXTS:
        english = f"{TEXTS[said]} {TEXTS[f'key.{binding.id}']}"
        title, about = binding.description, tr(said, lang)
    elif name == "run" and (ran := _run_texts(str(parameters[0]) if parameters else "")):
        title, about, english = tr(ran[0], lang), tr(ran[1], lang), TEXTS[ran[0]]
        press = binding.key  # its own number (the first of them is shown as 1-6 in the footer)
    else:
        return None
    command = SystemCommand(
        escape(title[:1].upper() + title[1:]),
        escape(tr("palette.key_help", lang, description=about, press=key_name(press, lang))),
        partial(app.run_action, binding.action, node),
    )
    return command, english


def _run_texts(name: str) -> tuple[str, str] | None:
    """The keys of the title and the account of experiment or exhibit ``name``, if it is one."""
    for kind in ("exp", "exhibit"):
        if f"{kind}.{name}.title" in TEXTS:
            return f"{kind}.{name}.title", f"{kind}.{name}.about"
    return None


def _described(binding: Binding, lang: str) -> str:
    """What ``binding`` does, for the help; a replay key says it works only on a recording."""
    if str(binding.id).startswith("replay_"):
        return tr("help.open_only", lang, what=binding.description)
    return binding.description


def key_name(shown: str, lang: str) -> str:
    """A key's name in ``lang``: in Chinese, Esc and 空格."""
    key = f"keyname.{shown}"
    return tr(key, lang) if key in TEXTS else shown


def named_commands(
    app: LabApp, screen: Screen, textual: Iterable[SystemCommand]
) -> Iterable[tuple[SystemCommand, str]]:
    """The palette on ``screen``: its own keys first, then the app-wide keys that work there (a
    modal screen's ``app.`` keys; on any other screen the app's), then the experiments and
    exhibits and ``textual``'s own commands, all in the app's language. A key's entry is named as
    the footer names it, what it does and its key under the name (as Textual's own entries are);
    choosing it runs the key's action where the key would. Each comes with its English name,
    which the palette matches too (so typing ``lock`` finds 锁 in Chinese) but does not show."""
    lang = app.lang
    on_screen: list[tuple[DOMNode, Binding]] = [(screen, b) for b in _bindings(screen)]
    own = [(node, b) for node, b in on_screen if not b.action.startswith("app.")]
    shared = [(node, b) for node, b in on_screen if b.action.startswith("app.")]
    if not screen.is_modal:  # the app's keys, but those the screen binds to its own actions
        taken = screen._bindings.key_to_bindings
        # the replay keys first: in a recording they are its own (a line of their own on screen)
        app_keys = sorted(_bindings(app), key=lambda b: not str(b.id).startswith("replay_"))
        shared += [(app, b) for b in app_keys if b.key not in taken]
    listed: set[str] = set()  # actions already listed: a key bound on the screen and the app once
    for node, binding in [*own, *shared]:
        action = binding.action.removeprefix("app.")
        if action not in listed and (named := _key_command(app, node, binding, lang)) is not None:
            listed.add(action)
            yield named
    for name in EXPERIMENT_NAMES:
        if f"run('{name}')" in listed:  # the experiments screen's own key runs it
            continue
        command = SystemCommand(
            tr("palette.experiment", lang, title=tr(f"exp.{name}.title", lang)),
            tr(f"exp.{name}.about", lang),
            partial(app.action_experiments, name),
        )
        yield command, tr("palette.experiment", SOURCE, title=TEXTS[f"exp.{name}.title"])
    for name in EXHIBIT_NAMES:
        for safe in (False, True):
            variant = "safe" if safe else "unsafe"
            key = f"exhibit.{variant}"
            title = f"exhibit.{name}.title"
            command = SystemCommand(
                tr("palette.exhibit", lang, title=tr(title, lang), variant=tr(key, lang)),
                tr(
                    "exhibit.palette.help",
                    lang,
                    about=tr(f"exhibit.{name}.about", lang),
                    variant=tr(f"exhibit.{name}.palette.{variant}", lang),
                ),
                partial(app.action_exhibits, name, safe),
            )
            yield command, tr("palette.exhibit", SOURCE, title=TEXTS[title], variant=TEXTS[key])
    for command in textual:
        english = command.title
        key = f"system.{english.lower()}"
        if key in TEXTS:
            command = command._replace(title=tr(key, lang), help=tr(f"{key}.help", lang))
        yield command, english


def after_escape(event: events.Key) -> events.Key | None:
    """The key typed after Escape when the two reached the app as one key, ``alt+`` that key (in
    one write, as a terminal sends Meta, or the second within the terminal's Escape delay): ``s``
    for ``alt+s``, ``question_mark`` for ``alt+question_mark``; None for any other key."""
    character = event.character
    if not event.key.startswith("alt+") or not character or len(character) != 1:
        return None
    return events.Key(character if character.isalnum() else event.key.removeprefix("alt+"), character)
