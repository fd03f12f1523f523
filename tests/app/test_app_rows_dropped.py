"""The clients table says what it leaves out: once the book drops the oldest finished rows its
border says how many of the connections seen it shows, and the events pane says where all of
them are kept."""

from __future__ import annotations

import pytest
from pilot_helpers import launch, until

from tui_app.app import LabApp
from tui_app.connections import ConnectionBook
from tui_app.strings import tr

pytestmark = pytest.mark.timeout(40)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_table_says_how_many_rows_it_shows_of_the_connections_seen(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.lab.server is not None, what="the server listening")
        app.session.book = ConnectionBook(limit=20, keep=10)
        assert app.table.border_title == tr("pane.clients", lang)
        await launch(pilot, "f", n="30", hold="0")
        book = app.session.book
        await until(pilot, lambda: book.seen == 30 and book.dropped, timeout=20, what="rows dropped")
        await until(pilot, lambda: "30" in str(app.table.border_title), what="the border says it")
        title = tr("pane.clients_dropped", lang, shown=f"{len(book.connections):,}", seen="30")
        assert app.table.border_title == title
        assert app.table.row_count == len(book.connections) < 30
        lines = lambda: " ".join(" ".join(app.events.logical_lines()).split())  # noqa: E731
        said = " ".join(tr("note.rows_dropped", lang, limit="20").split())
        await until(pilot, lambda: said in lines(), what="where all are kept")
        await pilot.press("q")
