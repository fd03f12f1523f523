"""The help screen: every key of the app, what each client order and each experiment demonstrates."""

from __future__ import annotations

from itertools import zip_longest

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from server_core import CLIENT_MODES
from server_core.exhibits import NAMES as EXHIBIT_NAMES
from server_core.experiments import NAMES as EXPERIMENT_NAMES

from ..keys import BINDINGS
from ..strings import tr, with_choice_name
from ..widgets.footer import FittingFooter
from ..widgets.scrolls_at_once import ScrollBox
from ..wrapping import Wrapped
from .modal import LabModalScreen
from .timeline import TimelineScreen

STEP_FOCUS = next(binding.key for binding in BINDINGS if binding.id == "step_focus")  # to the threads pane


def key_grid(rows: list[tuple[str, str]]) -> Table:
    """``rows`` of (key, what it does) in two pairs of columns, the first half on the left."""
    grid = Table.grid(padding=(0, 2))
    for _ in range(2):
        grid.add_column(style="bold cyan", justify="right")
        grid.add_column()
    half = (len(rows) + 1) // 2
    for left, right in zip_longest(rows[:half], rows[half:], fillvalue=("", "")):
        grid.add_row(*left, *right)
    return grid


class HelpScreen(LabModalScreen[None]):
    """Lists ``keys`` (key, description) and explains each client order with the key that launches
    it (``mode_keys``), and what the times shown include on ``engine`` (``process`` or
    ``thread``); Escape or ``?`` closes it. Opened over a screen that names its keys' heading
    (``HELP_KEYS = "help.timeline_keys"``), it shows that screen's keys first. Every key is named
    as the footer names it (``Esc``, ``^p``)."""

    AUTO_FOCUS = "#help"
    BINDINGS = [
        Binding("escape", "dismiss", "back", id="screen_close", key_display="Esc"),
        Binding("question_mark", "dismiss", show=False),
    ]

    def __init__(
        self, keys: list[tuple[str, str]], mode_keys: dict[str, str], engine: str = "thread"
    ) -> None:
        super().__init__()
        self.keys = keys
        self.mode_keys = mode_keys
        self.engine = engine
        self.first = ""  # the heading of the keys shown first (the screen's under it); "" not yet shown
        self.text = Static()

    def compose(self) -> ComposeResult:
        with ScrollBox(id="help") as box:
            box.border_title = tr("help.title", self.lang)
            yield self.text
        yield FittingFooter(compact=True)

    def on_screen_resume(self) -> None:
        """Opened (the screen is kept between openings): the keys of the screen it was opened on
        first, from the top."""
        stack = self.app.screen_stack
        first = str(getattr(stack[-2], "HELP_KEYS", "")) if len(stack) > 1 else ""
        if first != self.first or not self.text.content:
            self.first = first
            self.text.update(self.content())
        self.query_one("#help", VerticalScroll).scroll_home(animate=False)

    def screen_keys(self) -> dict[str, list[RenderableType]]:
        """The keys of the timeline, comparison, exhibits and experiments screens and of the
        step-mode pane, by heading: each set under its heading, then a blank line (after the
        comparison's, that the main screen's keys work on both screens of runs)."""
        lang = self.lang
        click = tr("help.mouse", lang)
        timeline = [
            (self.app.get_key_display(b), tr(f"key.{b.id}", lang))
            for b in TimelineScreen.BINDINGS
            if isinstance(b, Binding)
        ]
        timeline += [
            (click, tr("help.click_lane", lang)),
            (tr("help.wheel", lang), tr("help.wheel_pan", lang)),
        ]
        back = ("Esc", tr("help.close_screen", lang))
        scroll = [  # the account under the list, which has the focus
            ("↑ ↓", tr("help.scroll_line", lang)),
            (f"{tr('key.page_up', lang)}/{tr('key.page_down', lang)}", tr("help.scroll_page", lang)),
            ("Home/End", tr("help.scroll_ends", lang)),
        ]
        sets = {
            "help.timeline_keys": timeline,
            "help.comparison_keys": [
                ("t", tr("key.timeline", lang)),
                ("↑ ↓", tr("help.comparison_scroll", lang)),
                ("Tab", tr("help.comparison_tables", lang)),
                back,
            ],
            "help.exhibit_keys": [
                (f"1-{len(EXHIBIT_NAMES)}", tr("help.run_exhibit", lang)),
                (click, tr("help.click_entry", lang)),
                ("v", tr("help.switch_variant", lang)),
                ("w", tr("help.export_shown", lang)),
                *scroll,
                back,
            ],
            "help.experiment_keys": [
                (f"1-{len(EXPERIMENT_NAMES)}", tr("help.run_experiment", lang)),
                (click, tr("help.click_entry", lang)),
                *scroll,
                back,
            ],
            "help.step_keys": [
                (STEP_FOCUS, tr("help.step_focus", lang)),
                ("Enter", tr("help.step_enter", lang)),
                (click, tr("help.step_click", lang)),
                ("↑ ↓", tr("help.step_arrows", lang)),
                ("1-9", tr("key.step_pick", lang)),
                ("g", tr("key.step_go", lang)),
            ],
        }
        shown: dict[str, list[RenderableType]] = {}
        for heading, rows in sets.items():
            shown[heading] = [Text(tr(heading, lang), style="bold underline"), key_grid(rows), Text("")]
            if heading == "help.comparison_keys":  # both screens of runs: the app's keys reach them
                shown[heading][-1:] = [Wrapped(tr("help.main_keys_too", lang)), Text("")]
        return shown

    def content(self) -> Group:
        """Everything the screen says, as one renderable."""
        lang = self.lang
        keys = key_grid(self.keys)
        modes = Table.grid(padding=(0, 2))
        modes.add_column(style="bold", no_wrap=True)
        modes.add_column()
        for mode in CLIENT_MODES:
            press = self.mode_keys.get(mode, "-")
            what = Wrapped(tr(f"mode.{mode}", lang))  # Chinese has no spaces to wrap at
            named = with_choice_name(mode, lang)  # free 自由, as the form names it
            modes.add_row(tr("help.mode", lang, mode=named, press=press), what)
            modes.add_row("", "")
        experiments: list[RenderableType] = []  # a title on its line, then what it shows, indented
        for number, name in enumerate(EXPERIMENT_NAMES, 1):
            experiments.append(Text(f"{number} {tr(f'exp.{name}.title', lang)}", style="bold"))
            about = Wrapped(tr(f"exp.{name}.about", lang))
            experiments.append(Padding(about, (0, 0, 1, 4)))
        exhibits: list[RenderableType] = []  # the same way
        for number, name in enumerate(EXHIBIT_NAMES, 1):
            exhibits.append(Text(f"{number} {tr(f'exhibit.{name}.title', lang)}", style="bold"))
            about = Wrapped(tr(f"exhibit.{name}.about", lang))
            exhibits.append(Padding(about, (0, 0, 1, 4)))
        sets = self.screen_keys()
        first = sets.pop(self.first, [])  # the screen's under the help, before the main screen's
        return Group(
            *first,
            Text(tr("help.keys", lang), style="bold underline"),
            keys,
            Text(""),
            *(line for lines in sets.values() for line in lines),
            Text(tr("help.modes", lang), style="bold underline"),
            modes,
            Text(tr("help.experiments", lang), style="bold underline"),
            *experiments,
            Text(tr("help.exhibits", lang), style="bold underline"),
            *exhibits,
            Text(""),
            Wrapped(tr("help.fields", lang)),
            Wrapped(tr("help.server_fields", lang)),
            Wrapped(tr("help.bytes", lang)),
            Wrapped(tr("help.p95", lang)),
            Wrapped(tr(f"help.times.{self.engine}", lang)),
            Text(""),
            Text(tr("help.close", lang), style="dim"),
        )
