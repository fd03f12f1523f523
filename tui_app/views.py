"""The screens that show the session: the timeline, the comparison, the export prompt and the help."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from . import keys
from .screens.comparison import ComparisonScreen
from .screens.exhibits import ExhibitsScreen
from .screens.export import ExportScreen
from .screens.help import HelpScreen
from .screens.timeline import TimelineScreen
from .strings import tr
from .widgets.timeline import TimelineView

if TYPE_CHECKING:
    from .app import LabApp


class Views:
    """Opens and closes the screens of ``app`` that read its session; the help screen is built
    once and kept (building its widgets and laying out its text took most of its 100-300 ms)."""

    def __init__(self, app: LabApp) -> None:
        self.app = app
        self._help: HelpScreen | None = None

    def timeline(self) -> None:
        """Show the timeline of the latest run (or go back from it)."""
        app, session = self.app, self.app.session
        if isinstance(app.screen, TimelineScreen):
            app.screen.dismiss()
            return
        summary, stopped = session.summaries.get, session.timeline.stopped.__contains__
        app.push_screen(TimelineScreen(TimelineView(session.timeline, summary, app.source.now, stopped)))

    def comparison(self, numbers: list[int]) -> None:
        """Show finished runs side by side: ``numbers``, each with its summary."""
        app = self.app
        screen = ComparisonScreen([(number, app.session.summaries[number]) for number in numbers])
        if isinstance(app.screen, TimelineScreen | ComparisonScreen):
            app.switch_screen(screen)  # one step: a pop then a push could pop the new screen
        else:
            app.push_screen(screen)

    def export(self) -> None:
        """Ask for a file name and write the history shown there (an exhibit's on its screen)."""
        app = self.app
        if isinstance(app.screen, ExportScreen):
            return
        exhibit = isinstance(app.screen, ExhibitsScreen)
        if isinstance(app.screen, ExhibitsScreen) and app.screen.exhibit is None:
            app.screen.notify(tr("exhibit.nothing_to_export", app.lang), markup=False)  # no run: no file
            return
        shown = app.screen.history if isinstance(app.screen, ExhibitsScreen) else app.source.snapshot
        title = "export.title_exhibit" if exhibit else "export.title"
        # offered as a recording, the one format ``tcp-lab open`` reads back
        suggestion = "tcp-lab-exhibit-%H%M%S.jsonl" if exhibit else "tcp-lab-%H%M%S.jsonl"

        def done(message: str | None) -> None:
            if message:  # notified only where the events pane, which says it too, is out of sight
                app.note("note.exported", message=message)
                if not app.notes_in_sight():
                    app.notify(message, markup=False)

        app.push_screen(ExportScreen(shown, time.strftime(suggestion), title), done)

    def help(self) -> None:
        """Open (or close) the help screen."""
        app = self.app
        if isinstance(app.screen, HelpScreen):
            app.screen.dismiss()
            return
        if self._help is None:
            self._help = HelpScreen(keys.key_table(app), keys.mode_keys(app), app.lab.engine)
            app.install_screen(self._help, name="help")
        app.push_screen(self._help)
