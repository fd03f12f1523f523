"""The experiments screen: pick one of the socket experiments, read its prediction, run it, see the outcome.

The experiment runs in one of the app's thread workers, so keys keep working while it runs; the
app records its end in :class:`ExperimentRuns` (open or not, this screen reads it from there) and
calls :meth:`ExperimentsScreen.finished` on each experiments screen open.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from server_core.experiments import NAMES, ExperimentResult

from ..experiment_runs import ExperimentRuns
from ..experiment_view import kept_whole, prediction, render
from ..strings import taken_line, tr
from ..widgets.footer import FittingFooter
from ..widgets.list_and_account import EntryList, ListAndAccount
from ..wrapping import Hanging, Wrapped
from .modal import LabModalScreen, entry_click


class ExperimentsScreen(LabModalScreen[None]):
    """Keys 1-6 run an experiment; the account of the chosen one fills the screen.

    ``start(name)`` runs an experiment (False while another one runs). ``chosen`` is shown
    first (when None, the running experiment, else the latest run's); ``run`` starts it at once.
    """

    HELP_KEYS = "help.experiment_keys"  # the help opened here shows these first
    AUTO_FOCUS = "#experiment-scroll"  # its keys scroll the account: arrows, Page Up/Down, Home, End
    BINDINGS = [
        Binding("1", f"run('{NAMES[0]}')", "run", id="experiment_run", key_display=f"1-{len(NAMES)}"),
        *(Binding(str(i), f"run('{name}')", name, show=False) for i, name in enumerate(NAMES, 1) if i > 1),
        Binding("escape", "dismiss", "back", id="screen_close", key_display="Esc"),
        Binding("e", "dismiss", show=False),
    ]

    def __init__(
        self,
        runs: ExperimentRuns,
        start: Callable[[str], bool],
        chosen: str | None = None,
        run: bool = False,
    ) -> None:
        super().__init__()
        self.runs = runs
        self.start = start
        latest = runs.refused[0] if runs.refused else runs.last.name if runs.last else NAMES[0]
        self.chosen = chosen or runs.running or latest  # a refusal is newer than any result
        self.run_at_once = run
        self.result: ExperimentResult | None = None
        self._take_last()

    def compose(self) -> ComposeResult:
        yield ListAndAccount("experiment", tr("exp.screen.title", self.lang), self._menu())
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        if self.run_at_once:
            self.action_run(self.chosen)
        else:  # where the run is: its outcome (or its running note), at the account's end
            self.show()
            if self.result is not None or self.runs.running == self.chosen:
                self.query_one(ListAndAccount).show_end()

    def action_run(self, name: str) -> None:
        """Run ``name`` (unless an experiment is already running) and show its prediction meanwhile."""
        if self.start(name):
            self.chosen, self.result = name, None
        else:  # one at a time: the key is answered, not dropped
            self.notify(tr("exp.busy", self.lang, name=self.runs.running), markup=False)
        self.show()

    def finished(self, result: ExperimentResult | None) -> None:
        """The running experiment ended with ``result`` (None: cancelled); show it if it is the
        one chosen, otherwise only redraw (its running note goes)."""
        if result is not None and result.name == self.chosen:
            self.result = result
        if self.is_mounted:
            self.show()
            if self.result is not None:
                self.query_one(ListAndAccount).show_end()  # the verdict comes last

    def _take_last(self) -> None:
        """Show the last result when it is the chosen experiment's and none runs in its place."""
        last = self.runs.last
        if last is not None and last.name == self.chosen and self.runs.running != self.chosen:
            self.result = last

    def show(self) -> None:
        self.query_one("#experiment-account", Static).update(self._account())

    def _menu(self) -> EntryList:
        # a click on an entry runs it, as its key does
        entries = [(tr(f"exp.{name}.title", self.lang), entry_click(name)) for name in NAMES]
        return EntryList(entries, [], tr("exp.screen.keys", self.lang))

    def _account(self) -> Group:
        """The chosen experiment: its title, what it does, the prediction, and once it ran the steps
        and the measurements (continuation lines under their text)."""
        lang, name = self.lang, self.chosen
        text = Text()
        text.append(tr(f"exp.{name}.title", lang) + "\n", style="bold underline")
        text.append(tr(f"exp.{name}.about", lang))
        label = tr("exp.labelled", lang, label=tr("exp.prediction", lang), text="")
        if self.result is None:
            said = Hanging(label, prediction(name, lang), "bold")
            refused = self.runs.refused
            if self.runs.running == name:
                then = Text(tr("exp.running", lang, name=name), style="bold yellow")
            elif refused is not None and refused[0] == name:  # no outcome: the port, as the command says it
                then = Text(tr("exp.failed", lang, error=taken_line(refused[1], lang)), style="bold red")
            else:
                then = Text(tr("exp.screen.press", lang, number=NAMES.index(name) + 1), style="dim")
            return Group(Wrapped(text), Text(), said, Text(), Wrapped(then))
        account = render(self.result, lang)
        said = Hanging(label, kept_whole(account.prediction, account.phrases), "bold")
        parts: list[RenderableType] = [Wrapped(text), Text(), said, Text()]
        steps = tr("exp.labelled", lang, label=tr("exp.steps", lang), text="").rstrip()
        parts.append(Wrapped(Text(steps, style="bold")))
        for number, step in enumerate(account.steps, 1):
            whole = kept_whole(step, account.phrases)  # an outcome of several words on one line
            parts.append(Wrapped(f"  {number}. {whole}", indent=len(f"  {number}. ")))
        observed = tr("exp.labelled", lang, label=tr("exp.observed", lang), text="").rstrip()
        text = Text("\n" + observed, style="bold")
        parts.append(Wrapped(text))
        for line in account.observed:  # "name = value": the value wrapped under itself
            measured, equals, value = kept_whole(line, account.phrases).partition(" = ")
            parts.append(Hanging(f"  {measured}{equals}", value))
        text = Text()
        text.append("\n" + account.verdict, style="bold green" if self.result.as_predicted else "bold red")
        return Group(*parts, Wrapped(text))
