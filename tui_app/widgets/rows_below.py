"""A pane that says on its border how many of its rows are below the view, so a pane that a
small screen cuts short says there is more (the controls' last fields, step mode's threads)."""

from __future__ import annotations

from textual import events
from textual.widget import Widget

from ..language import AppLanguage
from ..strings import tr
from ..strings.tables import Count


class RowsBelow(Widget, AppLanguage):
    """A mixin for a scrolling pane: each time its size, its content's size or its scroll changes
    it calls :meth:`say_rows_below` with ``more below: 3 rows`` in the app's language, or "" when
    every row below the view's top is in view; a pane that sets ``SAYS_ROWS_ABOVE`` (its
    ``scroll_y`` counts rows) says the rows above first (``more above: 4 rows  more below: 1
    row``), once per change of those counts (the watchers and a resize ask again). It goes last
    among a pane's bases."""

    SAYS_ROWS_ABOVE = False  # whether the border says the rows above the view too (``more above: 4 rows``)
    ABOVE_KEY, BELOW_KEY = "log.rows_above", "log.rows_below"  # the text keys that say them
    _rows_told: tuple[int, int, str] | None = None  # the rows above and below, and the language, said last

    def say_rows_below(self, said: str) -> None:
        """Put ``said`` on the pane's border (the bottom one unless the pane says otherwise)."""
        self.border_subtitle = said

    def on_mount(self) -> None:
        """Watch the scroll and the content's size: a watch_ method here would not be called
        under a ScrollView (the table, the step pane's OptionList), whose own does not call on."""
        self.watch(self, "scroll_y", self._tell_rows_below, init=False)
        self.watch(self, "virtual_size", self._tell_rows_below)

    def _tell_rows_below(self) -> None:
        below = max(0, round(self.max_scroll_y - self.scroll_y))
        above = round(self.scroll_y) if self.SAYS_ROWS_ABOVE else 0
        if (told := (above, below, self.lang)) == self._rows_told:
            return
        self._rows_told = told
        said = (
            tr(self.ABOVE_KEY, self.lang, count=Count(above)) if above else "",  # 1,988 rows
            tr(self.BELOW_KEY, self.lang, count=Count(below)) if below else "",
        )
        self.say_rows_below("  ".join(part for part in said if part))

    def tell_rows_again(self) -> None:
        """Say the rows above and below again though their counts did not change: something else
        the border says beside them did (the clients table's dropped rows)."""
        self._rows_told = None
        self._tell_rows_below()

    def on_resize(self, event: events.Resize) -> None:
        self._tell_rows_below()
