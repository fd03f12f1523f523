"""The comparison: finished runs side by side, the numbers of each and what they amount to, in
one scrolling box (the keys and the mouse wheel reach its last verdict at any size)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from rich.cells import cell_len
from rich.console import Group
from rich.text import Text
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.screen import Screen
from textual.widgets import DataTable, Static

from server_core import RunSummary

from ..cells import fit
from ..language import AppLanguage
from ..strings import localize_bindings, tr, with_choice_name
from ..verdict import ORDER_KEYS, marked, order_lines, order_rows, verdict
from ..widgets.footer import FittingFooter
from ..widgets.scrolls_at_once import ScrollBox
from ..wrapping import Wrapped
from .whole_characters import keep_wide_characters

# N and hold are the same for every run of a comparison (the verdicts below the table say N);
# the grant order is not shown apart: a client's turn covers its connect, so the accept order is it
COLUMNS = (
    *("run", "mode", "makespan", "peak", "mean_wait", "p95_wait", "reply_wait", "out_of_order"),
    *ORDER_KEYS,
)
# each column told where the table is shown: the columns a text explains together, and its key
COLUMNS_SAID = (
    (("run", "mode"), "comparison.about.run"),
    (("makespan",), "comparison.about.makespan"),
    (("peak",), "comparison.about.peak"),
    (("mean_wait", "p95_wait"), "comparison.about.waits"),
    (("reply_wait",), "comparison.about.reply_wait"),
    (("out_of_order",), "comparison.about.out_of_order"),
    (ORDER_KEYS, "comparison.about.orders"),
)
NUMBERS = COLUMNS[: -len(ORDER_KEYS)]  # a narrow screen: these in tables of their own, each led by the run
ORDERS = ("run", *ORDER_KEYS)  # the orders' table, when they do not fit beside the numbers
CELL_PADDING = 2  # cells a DataTable adds to each column
SIGNIFICANT = 3  # digits a time keeps: 0.423 and 0.381 ms stay apart, as 1234 and 1187 ms do
SCROLLBAR = 2  # cells the box's vertical scrollbar may take
INDENT = "    "  # before a run's order lines, under its number
# How the runs are laid out (see _fitting): the columns of each table in turn, and whether the
# orders are lines under each run instead of a table
Layout = tuple[tuple[tuple[str, ...], ...], bool]


def row(run: int, summary: RunSummary, lang: str) -> tuple[str | Text, ...]:
    """The cells of one run, in :data:`COLUMNS` order, its mode named in ``lang``; in the launch,
    accept, reply and close orders the positions that differ from the launch order are highlighted."""
    orders = {key: marked(order, marks) for key, order, marks in order_rows(summary)}
    return (
        str(run),
        mode_name(summary, lang),
        milliseconds(summary.makespan),
        str(summary.max_concurrency),
        *waits(summary),
        "-" if summary.p95_reply_wait is None else milliseconds(summary.p95_reply_wait),
        str(summary.out_of_order),
        *(orders.get(key, "-") for key in ORDER_KEYS),
    )


def waits(summary: RunSummary) -> tuple[str, str]:
    """The mean and p95 wait for a turn in milliseconds, ``-`` for each in a run that granted no
    client a turn (free order: no turn is taken; "0" read as turns taken at once)."""
    if not summary.order:
        return ("-", "-")
    return (milliseconds(summary.mean_wait), milliseconds(summary.p95_wait))


def columns_said(lang: str) -> list[str]:
    """What every column of the table holds, in ``lang``, a line for each of :data:`COLUMNS_SAID`'s
    groups under its headers' names: "run, mode: ...", "makespan: ...", ..., "jumped: ...",
    "launched, accepted, received, closed: ..."."""
    lines = []
    for keys, about in COLUMNS_SAID:
        names = tr("comparison.names_joined", lang).join(tr(f"comparison.{key}", lang) for key in keys)
        lines.append(tr("comparison.column_said", lang, names=names, about=tr(about, lang)))
    return lines


def mode_name(summary: RunSummary, lang: str) -> str:
    """The run's mode as the rest of the app names it: ``semaphore:2``, in Chinese ``semaphore:2
    信号量``; ``-`` for a run without one."""
    return with_choice_name(summary.mode, lang) if summary.mode else "-"


def milliseconds(seconds: float) -> str:
    """``seconds`` in milliseconds, as the rest of the app gives times, to :data:`SIGNIFICANT`
    digits and at most to the microsecond, never in exponent form: ``0.423``, ``12.3``, ``1234``."""
    value = seconds * 1000
    if value < 0.0005:
        return "0"
    decimals = min(3, max(0, SIGNIFICANT - 1 - math.floor(math.log10(value))))
    return f"{value:.{decimals}f}"


class RunsTable(DataTable):
    """A table of runs inside the comparison's scrolling box, one row a run.

    Focused, it takes Up and Down while its row cursor can move and is in the box's sight, and
    keeps the row it moved to in sight; at its first or last row, or out of sight, the key goes on
    to the box (Textual's ``SkipAction``), which scrolls: what is above and below the table (the
    verdicts) is reached from the table as from the box. Page Up and Page Down go to the box while
    it can scroll that way (the cursor stays on its run), so every one scrolls; at the box's end
    they move the cursor a page, as Up and Down move it a row. Home and End go to the box: a
    table is never wider than the screen (:meth:`ComparisonScreen._fitting`)."""

    def action_cursor_up(self) -> None:
        self._move(-1, super().action_cursor_up)

    def action_cursor_down(self) -> None:
        self._move(1, super().action_cursor_down)

    def action_page_up(self) -> None:
        self._page(-1, super().action_page_up)

    def action_page_down(self) -> None:
        self._page(1, super().action_page_down)

    def action_scroll_home(self) -> None:
        raise SkipAction()

    def action_scroll_end(self) -> None:
        raise SkipAction()

    def _move(self, direction: int, move: Callable[[], None]) -> None:
        """``move`` the cursor a row or a page in ``direction`` (-1 up, 1 down), unless it is at
        that end of the table or out of the box's sight: then the box scrolls instead."""
        if not 0 <= self.cursor_row + direction < self.row_count or not self._in_sight():
            raise SkipAction()
        move()
        self.call_after_refresh(self._keep_in_sight)

    def _page(self, direction: int, move: Callable[[], None]) -> None:
        """A page in ``direction`` (-1 up, 1 down): the box scrolls while it can go that way (a
        cursor moved within the rows in sight left it where it was); at its end, as :meth:`_move`."""
        box = self.parent
        if isinstance(box, VerticalScroll):
            room = box.max_scroll_y - box.scroll_target_y if direction > 0 else box.scroll_target_y
            if room > 0:
                raise SkipAction()
        self._move(direction, move)

    def _row_in_box(self) -> Region:
        """The cursor's row, in the box's (scrolled) content."""
        row = self._get_row_region(self.cursor_row)
        return Region(0, self.virtual_region.y + row.y - round(self.scroll_y), row.width, row.height)

    def _in_sight(self) -> bool:
        box, row = self.parent, self._row_in_box()
        if not isinstance(box, VerticalScroll):
            return True
        top = row.y - round(box.scroll_target_y)  # where the box is heading: the next key goes on from there
        return top >= 0 and top + row.height <= box.scrollable_content_region.height

    def _keep_in_sight(self) -> None:
        if isinstance(box := self.parent, VerticalScroll):
            box.scroll_to_region(self._row_in_box(), animate=False, immediate=True)


class ComparisonScreen(Screen[None], AppLanguage):
    """``runs`` (one or more) as (run number, summary), one table row each, then each run's verdict.

    The box takes the focus: Up, Down, PageUp, PageDown, Home, End and the wheel scroll it; Tab
    reaches the tables (and then the box again), whose rows the arrows then go through, and past
    a table's first or last row scroll the box (:class:`RunsTable`). The focused part is marked
    by a bar down its left edge."""

    AUTO_FOCUS = "#comparison"
    HELP_KEYS = "help.comparison_keys"  # the help opened here shows these first
    BINDINGS = [Binding("escape", "back", "back", id="comparison_back", key_display="Esc")]

    def __init__(self, runs: Sequence[tuple[int, RunSummary]]) -> None:
        super().__init__()
        keep_wide_characters(self)
        self.runs = list(runs)
        self._shape: Layout = ((), False)  # how the runs were laid out (see _fitting), once composed

    def compose(self) -> ComposeResult:
        self._shape = tables, lines = self._fitting()
        with ScrollBox(id="comparison"):
            title = Wrapped(Text(tr("comparison.title", self.lang), style="bold"))
            yield Static(title, id="comparison-title")
            for place, keys in enumerate(tables):
                yield self._table(_table_id(place, keys), keys)
            if lines:
                yield Static(self._order_lines(), id="comparison-order-lines")
            yield Static(self._verdicts(), id="comparison-verdicts")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        localize_bindings(self._bindings, self.lang)

    async def on_resize(self) -> None:
        """Lay the runs out again when the screen's width comes to hold more or fewer columns
        side by side; the part focused before (the box or a table) is focused again, else the box."""
        if self._fitting() != self._shape:
            focused = self.focused.id if self.focused is not None else None
            await self.recompose()
            again = self.query(f"#{focused}") if focused else None
            (again.first() if again else self.query_one(self.AUTO_FOCUS)).focus()

    def _fitting(self) -> Layout:
        """How the runs fit the screen's width, so that no column is pushed out of sight to the
        right: every column in one table; else the numbers in as few tables as hold them (each
        led by the run's number) and the orders in a table of their own, or, too wide for that,
        as lines under each run."""
        width, widths = self.app.size.width - SCROLLBAR, self._widths()
        if sum(widths.values()) <= width:
            return (COLUMNS,), False
        room = self._room(widths) + CELL_PADDING
        tables: list[tuple[str, ...]] = [("run",)]
        for key in NUMBERS[1:]:
            taken = sum(min(widths[column], room) for column in tables[-1])
            if len(tables[-1]) > 1 and taken + min(widths[key], room) > width:
                tables.append(("run",))
            tables[-1] += (key,)
        orders_fit = sum(widths[key] for key in ORDERS) <= width
        return (*tables, *((ORDERS,) if orders_fit else ())), not orders_fit

    def _room(self, widths: dict[str, int]) -> int:
        """The most cells a number may take: the screen's width less the run's column beside it
        and the padding (a mode too wide for that, from a recording, is cut with ``…``)."""
        return self.app.size.width - SCROLLBAR - widths["run"] - CELL_PADDING

    def _order_lines(self) -> Group:
        """Each run's launch, accept, reply and close orders under its number and mode, a client's place
        in the same column on each line, cut into blocks that fit the screen's width; the
        positions that differ from the launch order in brackets, highlighted."""
        width = self.app.size.width - SCROLLBAR - 2 - len(INDENT)  # less the padding and the indent
        blocks: list[Text] = []
        for number, summary in self.runs:
            lines = [INDENT + line for line in order_lines(summary, self.lang, width).lines]
            text = Text("\n".join([f"{number:>3} {mode_name(summary, self.lang)}", *lines]), no_wrap=True)
            text.stylize("bold", 0, text.plain.index("\n") if lines else None)
            text.highlight_regex(r"\[\d+\]", "bold reverse")
            blocks.append(text)
        return Group(*blocks)

    def _widths(self) -> dict[str, int]:
        """The cells each column of every run takes, its padding included, by its key."""
        rows = [row(number, summary, self.lang) for number, summary in self.runs]
        widths: dict[str, int] = {}
        for column, key in enumerate(COLUMNS):
            cells = [tr(f"comparison.{key}", self.lang), *(str(cells[column]) for cells in rows)]
            widths[key] = max(map(cell_len, cells)) + CELL_PADDING
        return widths

    def _table(self, table_id: str, keys: tuple[str, ...]) -> RunsTable:
        """A table of the runs' ``keys`` columns, filled before it is mounted, the cursor on the
        latest run."""
        table = RunsTable(id=table_id, cursor_type="row", zebra_stripes=True)
        room = self._room(self._widths())
        for key in keys:
            table.add_column(_cut(tr(f"comparison.{key}", self.lang), room), key=key)
        for number, summary in self.runs:
            cells = row(number, summary, self.lang)
            table.add_row(*(_cut(cells[COLUMNS.index(key)], room) for key in keys), key=str(number))
        table.cursor_coordinate = table.cursor_coordinate._replace(row=len(self.runs) - 1)
        return table

    def _verdicts(self) -> Group:
        """The marks' legend and the columns', then one verdict a run, its continuation lines
        under its words."""
        rows = [Wrapped(Text(tr("comparison.marks", self.lang), style="dim"))]
        rows += [Wrapped(Text(said, style="dim"), indent=2) for said in columns_said(self.lang)]
        names = [mode_name(summary, self.lang) for _, summary in self.runs]
        modes = max(map(cell_len, names), default=1)  # semaphore:15 信号量
        for (number, summary), name in zip(self.runs, names, strict=True):
            pad = " " * (modes - cell_len(name))
            head = Text(f"{number:>3} {name}{pad}  ", style="bold")
            rows.append(Wrapped(head + Text(verdict(summary, self.lang)), indent=head.cell_len))
        return Group(*rows)

    def action_back(self) -> None:
        self.dismiss()


def _table_id(place: int, keys: tuple[str, ...]) -> str:
    """The id of the ``place``-th table (from 0): ``comparison-orders`` for the orders' own,
    ``comparison-table`` for the first, ``comparison-table-2`` and on for the numbers that follow."""
    if keys == ORDERS:
        return "comparison-orders"
    return "comparison-table" if place == 0 else f"comparison-table-{place + 1}"


def _cut(cell: str | Text, room: int) -> str | Text:
    """``cell`` as it is, or, wider than ``room`` cells, cut to them with ``…``."""
    if isinstance(cell, Text) or cell_len(cell) <= room:
        return cell
    return fit(cell, room)
