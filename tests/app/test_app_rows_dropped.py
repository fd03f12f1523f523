"""The clients table says what it leaves out: once the book drops the oldest finished rows its
border says how many of the connections seen it shows, and the events pane says where all of
them are kept."""

from __future__ import annotations

import pytest
from pilot_helpers import launch, until
from rich.cells import cell_len
from test_clients_table import connect

from tui_app.app import LabApp
from tui_app.connections import ConnectionBook
from tui_app.strings import tr

pytestmark = pytest.mark.timeout(40)


def ended(book: ConnectionBook) -> bool:
    """Whether the run of 30 ended, all its connections finished, and the book dropped some."""
    return book.seen == 30 and bool(book.dropped) and all(c.finished for c in book.connections.values())


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_table_says_how_many_rows_it_shows_of_the_connections_seen(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.lab.server is not None, what="the server listening")
        app.session.book = ConnectionBook(limit=20, keep=10)
        assert app.table.border_title == tr("pane.clients", lang)
        await launch(pilot, "f", n="30", hold="0")
        book = app.session.book
        await until(pilot, lambda: ended(book), timeout=20, what="the run ended, rows dropped")
        title = lambda: tr("pane.clients_dropped", lang, shown=f"{len(book.connections):,}", seen="30")  # noqa: E731
        await until(pilot, lambda: app.table.border_title == title(), what="the border says it")
        await until(pilot, lambda: app.table.row_count == len(book.connections) < 30, what="the rows drawn")
        await pilot.resize_terminal(80, 24)  # English too long for the pane: the shorter form, whole
        await until(pilot, lambda: app.table.size.width < 60, what="the pane narrowed")
        short = tr("pane.clients_dropped_short", lang, shown=f"{len(book.connections):,}", seen="30")
        fits = lambda title: cell_len(title) <= app.table.size.width - 4  # noqa: E731
        said = title() if fits(title()) else short
        await until(pilot, lambda: app.table.border_title == said and fits(said), what="the title whole")
        assert said == short or lang == "zh"
        lines = lambda: " ".join(" ".join(app.events.logical_lines()).split())  # noqa: E731
        said = " ".join(tr("note.rows_dropped", lang, limit="20").split())
        await until(pilot, lambda: said in lines(), what="where all are kept")
        await pilot.press("q")


async def test_rows_kept_around_dropped_ones_are_said_to_have_a_gap() -> None:
    """An outside client still connected keeps its row at the top while the run's oldest go:
    the rows below it are not the ones that came after it."""
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.lab.server is not None, what="the server listening")
        app.session.book = book = ConnectionBook(limit=20, keep=10)
        connect(app, 1, first=900)  # never closes
        await until(pilot, lambda: app.table.row_count == 1, what="the outside client's row")
        assert not app.table.border_subtitle
        await launch(pilot, "f", n="30", hold="0")
        await until(pilot, lambda: book.gaps, timeout=20, what="rows dropped after the open one")
        gap = tr("pane.clients_gaps", "en")
        await until(pilot, lambda: str(app.table.border_subtitle).startswith(gap), what="the gap said")
        await pilot.press("q")
