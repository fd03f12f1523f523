"""The exhibits screen: pick a lock fault, read the prediction, watch its handlers' lanes, read the outcome.

An exhibit runs in one of the app's Textual thread workers (group ``exhibit``, as experiments
do); its events go to a bus of its own (its server's connection numbers restart at 1, which
would merge with the app server's in the clients table and the timeline), which a timer on this
screen drains to draw the lanes as the run goes on. The result arrives once: the app hands this
screen the worker's end (:meth:`ExhibitsScreen.ended`), whichever screen is on top. ``w`` (the
app's export key) writes the shown run's events."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from server_core import Event, EventBus
from server_core.exhibits import EXHIBITS, NAMES, Exhibit, ExhibitResult, make_exhibit
from server_core.port_taken import PortTaken

from .. import exhibit_lanes, exhibit_view
from ..strings import taken_line, tr
from ..widgets.footer import FittingFooter
from ..widgets.list_and_account import EntryList, ListAndAccount
from ..wrapping import Hanging, Wrapped
from .modal import LabModalScreen, entry_click

DRAW_PERIOD = 0.1  # seconds between two drains of a running exhibit's events


class ExhibitsScreen(LabModalScreen[None]):
    """Keys 1-4 run an exhibit, ``v`` switches between the unsafe variant and the safe fix.

    The app keeps one instance, so a run goes on (and its result is kept) while it is closed.
    """

    HELP_KEYS = "help.exhibit_keys"  # the help opened here shows these first
    AUTO_FOCUS = "#exhibit-scroll"  # its keys scroll the account: arrows, Page Up/Down, Home, End
    BINDINGS = [
        Binding("1", f"run('{NAMES[0]}')", "run", id="exhibit_run", key_display=f"1-{len(NAMES)}"),
        *(Binding(str(i), f"run('{name}')", name, show=False) for i, name in enumerate(NAMES, 1) if i > 1),
        Binding("v", "switch", "safe/unsafe", id="exhibit_variant"),
        Binding("escape", "dismiss", "back", id="screen_close", key_display="Esc"),
        Binding("b", "dismiss", show=False),  # its key closes it (app keys do not reach a modal screen)
        Binding("w", "app.export", "export", id="export"),  # this screen's runs (LabApp.action_export)
    ]

    def __init__(self) -> None:
        super().__init__()
        self.chosen = NAMES[0]
        self.safe = False
        self.bus = EventBus()  # the shown run's events
        self.events: list[Event] = []
        self.exhibit: Exhibit | None = None
        self.result: ExhibitResult | None = None
        self.failure: str | None = None
        self._pending: tuple[str, bool | None] | None = None  # a run asked for before the screen was up
        self._up = False

    def compose(self) -> ComposeResult:
        yield ListAndAccount("exhibit", tr("exhibit.screen.title", self.lang), self._menu())
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self._up = True
        self.set_interval(DRAW_PERIOD, self._follow)
        self.show()
        if self._pending is not None:
            self.action_run(*self._pending)

    @property
    def running(self) -> bool:
        return self.exhibit is not None and self.result is None and self.failure is None

    def action_run(self, name: str, safe: bool | None = None) -> None:
        """Run exhibit ``name`` (in the chosen variant when ``safe`` is None) unless one runs."""
        if not self._up:
            self._pending = (name, safe)
            return
        self._pending = None
        if self.running and self.exhibit is not None:  # said, as the experiments screen says it
            title = exhibit_view.title(self.exhibit.name, self.lang)
            variant = exhibit_view.variant_name(self.exhibit.safe, self.lang)
            self.notify(tr("exhibit.busy", self.lang, title=title, variant=variant), markup=False)
            return
        self.chosen = name
        if safe is not None and safe != self.safe:
            self.action_switch()  # the menu's next variant is the one that runs
        self.bus, self.events, self.result, self.failure = EventBus(), [], None, None
        self.exhibit = make_exhibit(name, self.safe, bus=self.bus)
        run = self.exhibit.run
        self.app.run_worker(run, name="exhibit", group="exhibit", thread=True, exit_on_error=False)
        self.show()

    def action_switch(self) -> None:
        self.safe = not self.safe
        self.query_one(ListAndAccount).show_menu(self._menu())
        if self.exhibit is None:
            self.show()

    def stop_run(self) -> None:
        """End a run early (the app is quitting); bounded by the server's stop."""
        if self.exhibit is not None:
            self.exhibit.stop()

    def history(self) -> Iterable[Event]:
        """The shown run's events, for an export (readable twice)."""
        return self.bus.snapshot()

    def ended(self, event: Worker.StateChanged) -> None:
        """The exhibit's worker changed state (the app hands this on): keep its result or failure
        (a port taken as its server bound: said as ``tcp-lab exhibit`` says it, no outcome)."""
        error = event.worker.error
        if event.state == WorkerState.SUCCESS:
            self.result = event.worker.result
        elif isinstance(error, PortTaken):
            self.failure = taken_line(error, self.lang)
        elif event.state == WorkerState.ERROR:
            self.failure = f"{type(error).__name__}: {error}"
        else:
            return
        self._follow()
        self.show()
        self.query_one(ListAndAccount).show_end()  # the outcome comes last

    def _follow(self) -> None:
        """Take the run's new events and redraw the lanes when there are any (the box's border
        says how many of the account's rows are above and below the view: see ListAndAccount)."""
        batch = self.bus.drain()
        if batch:
            self.events += batch
            self.show()

    def show(self) -> None:
        self.query_one("#exhibit-account", Static).update(self._account())

    def _menu(self) -> EntryList:
        # a click on an entry runs it, as its key does
        entries = [(exhibit_view.title(name, self.lang), entry_click(name)) for name in NAMES]
        variant = exhibit_view.variant_name(self.safe, self.lang)
        switch = Style(bold=True, meta={"@click": "screen.switch"})  # a click switches, as v does
        notes: list[tuple[str, str | Style]] = [
            (tr("exhibit.screen.variant", self.lang, variant=variant), switch)
        ]
        return EntryList(entries, notes, tr("exhibit.screen.keys", self.lang))

    def _account(self) -> Group:
        """The chosen exhibit: its heading, what it shows, and once it runs the prediction, the
        lanes and the outcome (Chinese broken by character, a label's value wrapped under itself)."""
        lang, name = self.lang, self.chosen
        shown = self.exhibit if self.exhibit is not None and self.exhibit.name == name else None
        safe = shown.safe if shown is not None else self.safe
        colon = tr("text.colon", lang)
        text = Text()
        variant = exhibit_view.variant_name(safe, lang)
        n = shown.n if shown is not None else EXHIBITS[name].default_n
        heading = tr("exhibit.heading", lang, title=exhibit_view.title(name, lang), variant=variant, n=n)
        text.append(heading + "\n", style="bold underline")
        text.append(tr(f"exhibit.{name}.about", lang))
        if shown is None:
            text.append("\n\n" + tr("exhibit.screen.press", lang, number=NAMES.index(name) + 1), style="dim")
            return Group(Wrapped(text))
        predicted = exhibit_view.prediction(name, safe, shown.given(), lang)
        said = Hanging(tr("exhibit.prediction", lang) + colon, predicted, "bold")
        parts: list[RenderableType] = [Wrapped(text), Text(), said, Text()]
        text = Text()
        text.append(tr("exhibit.timeline", lang) + colon + "\n", style="bold")
        self._lanes(text)
        if self.failure is not None:
            text.append("\n" + tr("exhibit.failed", lang, error=self.failure), style="bold red")
        elif self.result is None:
            running = tr("exhibit.running", lang, title=exhibit_view.title(name, lang), variant=variant)
            text.append("\n" + running, style="bold yellow")
        else:
            text.right_crop(1)  # the lanes' last newline: the outcome's parts are lines of their own
            return Group(*parts, Wrapped(text), *self._outcome(self.result))
        return Group(*parts, Wrapped(text))

    def _lanes(self, text: Text) -> None:
        """One line per handler: its label, its columns, and (once the run is over) its note."""
        width = self.query_one("#exhibit-scroll").scrollable_content_region.width
        until = self.bus.now() if self.running else 0.0
        theme = self.app.theme_variables
        text.append_text(exhibit_lanes.draw(self.events, width, self.result, self.lang, until, theme))

    def _outcome(self, result: ExhibitResult) -> list[RenderableType]:
        """What the run showed in words, each observed value (``  name = value``, wrapped under
        the value), a torn write's board row by row with its key, and the verdict, as the parts
        that follow the lanes."""
        lang = self.lang
        colon = tr("text.colon", lang)
        words = Hanging(tr("exhibit.words", lang) + colon, exhibit_view.in_words(result, lang), "bold")
        observed = Text((tr("exhibit.observed", lang) + colon).rstrip(), style="bold")
        shown = exhibit_view.observed_lines(result, lang, self.events)
        values: list[RenderableType] = [Hanging(f"  {label} = ", value) for label, value in shown]
        rows = exhibit_view.board_rows(result, lang)
        if rows:  # a torn write's board, each column and mark explained under it
            heading = Text((tr("exhibit.board.heading", lang) + colon).rstrip(), style="bold")
            header, *lines = rows
            values += [Text(), heading, Hanging(*header, "bold"), *(Hanging(*row) for row in lines)]
            values.append(Hanging("  ", exhibit_view.board_key(lang), "dim"))
        verdict = tr("exhibit.as_predicted" if result.as_predicted else "exhibit.not_predicted", lang)
        said = Wrapped(Text(verdict, style="bold green" if result.as_predicted else "bold red"))
        return [Text(), words, Text(), observed, *values, Text(), said]

