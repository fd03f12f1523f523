"""The timeline: one run's clients (and, on request, their server handlers) as coloured lanes.

The lanes come from a :class:`server_core.Timeline` the app feeds with every drained batch;
:meth:`TimelineView.refresh_view` redraws from it, so the picture grows while the run goes on.
Only the lanes on screen are drawn (Line API), so a run of thousands of clients scrolls freely.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from server_core import CLIENT, SERVER, STATES, Event, Lane, RunSummary, Timeline
from server_core.exhibits import NAMES as EXHIBIT_NAMES
from server_core.exhibits.spans import tracks
from server_core.pairing import handlers_of
from server_core.timeline import (
    CONNECTED,
    HELD,
    INSIDE,
    MARK_ORDER,
    RECEIVING,
    SENDING,
    WAITING,
    column_of,
    failures,
    lane_end,
    picture,
)

from .. import exhibit_lanes, exhibit_view
from ..ink import ink
from ..lab_control import long_run
from ..language import AppLanguage
from ..strings import tr, with_choice_name
from ..strings.tables import Count
from ..swimlane import axis, cut_by_stop, duration, inside_key, lane_label, stop_column
from ..verdict import ends_short, order_rows, verdict
from ..wrapping import NO_BREAK_SPACE, Wrapped
from .rows_below import RowsBelow
from .scrolls_at_once import ScrollsAtOnce

# glyph and theme colour per state: told apart by shade as well as by colour
GLYPHS = {
    WAITING: ("░", "warning"),
    INSIDE: ("▒", "foreground-muted"),
    SENDING: ("▶", "accent"),
    RECEIVING: ("▓", "primary"),
    CONNECTED: ("█", "success"),
    HELD: ("▚", "secondary"),  # step mode held the thread: neither a state of the network nor a wait for it
}
ERROR = "error"
ERROR_GLYPH = "✗"
STOP_GLYPH = "┃"  # the end of a lane a stop cut short
ITEM_GAP = "   "  # between two legend items, where a line may break
HOLE = "\x00"  # stands for the marks while a legend item's text is split around them
LABEL_STYLE = Style(bold=True)


def looks(variables: dict[str, str]) -> tuple[dict[str, tuple[str, Style]], tuple[str, Style]]:
    """(glyph, style) per state and for an error, in the colours of the theme's ``variables``
    made legible on its background (see :mod:`tui_app.ink`)."""
    states = {
        state: (glyph, ink(variables, name, state == SENDING)) for state, (glyph, name) in GLYPHS.items()
    }
    return states, (ERROR_GLYPH, ink(variables, ERROR, True))


def stop_look(variables: dict[str, str]) -> tuple[str, Style]:
    """(glyph, style) of the mark where a stop cut a lane: the theme's text colour, bold."""
    return STOP_GLYPH, ink(variables, "foreground", True)


MIN_SPAN = 0.001  # seconds: the narrowest whole run drawn (a run of one instant is that wide)
CLOCK_RESOLUTION = 1e-6  # seconds the events' clock tells apart: zooming in stops at one a column
FOLLOW_PERIOD = 0.2  # seconds between two redraws of a run that goes on
TITLE_PADDING = 2  # cells of the title's padding (app.tcss)
HEADER_SCROLLBAR = 1  # cells the header's scrollbar takes when it is capped (app.tcss)
HEADER_BLOCKS = 2  # blocks of order lines in the header at most: the lanes stay in sight under a crowd
MIN_LANES = 5  # rows the lanes keep at least, however small the screen; else half the view's height
MIN_HEADER = 2  # rows the header keeps at least: the run's settings, and a note on the keys


def order_blocks(summary: RunSummary, lang: str, width: int, stopped: bool = False) -> Text:
    """The launch, accept, reply and close orders in columns, as the command line prints them:
    each number right-aligned as wide as the widest, so a client's place stands in one column on
    every line, the numbers cut into blocks of ``width`` cells, each block repeating the labels;
    the positions that differ from the launch order highlighted. At most ``HEADER_BLOCKS``
    blocks: an order with more says how many (``… 6 more``) at the end of its last line. Where an
    order is shorter than another, its ``-`` is said on a line of its own (before the ``stopped``
    run's stop, or not recorded)."""
    rows = order_rows(summary)
    labels = {key: tr(f"order.{key}", lang) for key, _, _ in rows}
    label_width = max(map(cell_len, labels.values()), default=0)
    digits = max((len(str(who)) for _, order, _ in rows for who in order), default=1)
    room = width - label_width - 1  # a blank after the label, then a blank before each number
    per_line = max(1, room // (digits + 1))
    longest = max((len(order) for _, order, _ in rows), default=0)
    shown = longest
    if longest > HEADER_BLOCKS * per_line:  # the last block's lines leave room for the count
        more = cell_len(tr("timeline.more", lang, count=Count(longest))) + 1
        shown = (HEADER_BLOCKS - 1) * per_line + max(1, (room - more) // (digits + 1))
    text = Text()
    for first in range(0, max(shown, 1), per_line):
        last = min(first + per_line, shown)
        for key, order, marks in rows:
            label = labels[key]
            text.append(f"\n{label}{' ' * (label_width - cell_len(label))} ", "bold")
            for who, mark in zip(order[first:last], marks[first:last], strict=True):
                text.append(" " * (digits + 1 - len(str(who))))
                text.append(str(who), "bold reverse" if mark else "")
            if first >= len(order):
                text.append(" -")  # a shorter order (a stopped run's closes): none past its end
            if last == shown and len(order) > shown:
                said = tr("timeline.more", lang, count=Count(len(order) - shown))
                text.append(" " + said.replace(" ", NO_BREAK_SPACE), "dim")  # on one line, whole
    if ends_short((len(order) for _, order, _ in rows), shown, per_line):
        text.append("\n" + tr("order.dash_stopped" if stopped else "order.dash", lang), "dim")
    return text


def times(zoom: float) -> str:
    """A zoom factor as the lanes' border says it: three digits (``1.5``, ``256``), whole above a
    thousand (``8,192``), never in exponent form."""
    return f"{zoom:.3g}" if zoom < 1000 else f"{zoom:,.0f}"


@dataclass(frozen=True, slots=True)
class Window:
    """The stretch of time on screen."""

    start: float
    end: float

    @property
    def span(self) -> float:
        return self.end - self.start


def border_css(name: str) -> str:
    """The CSS of widget class ``name``'s border that counts rows out of view: muted, in the
    accent while the pane has the focus (the arrows scroll it)."""
    more = f"{name}.-more"
    return (
        f"{more} {{ border-bottom: solid $foreground 30%; border-subtitle-color: $text-muted; }}\n"
        f"{more}:focus {{ border-bottom: solid $accent; }}"
    )


class CountedOnBorder(RowsBelow):
    """A :class:`RowsBelow` pane that says its rows out of view on a bottom border drawn only
    while some are (class ``-more``): the border takes a row of the view, so once it comes or
    goes the rows are counted again, those above too. Each pane's ``DEFAULT_CSS`` draws it
    (:func:`border_css`)."""

    SAYS_ROWS_ABOVE = True

    @property
    def max_scroll_y(self) -> int:
        """The rows below the view at its top, counted in the pane's own content region: Textual
        8.2.8 counts them in the container size it last laid out, one row short for a while
        after the border came (the border said ``2 rows`` where 3 were hidden)."""
        return max(0, self.virtual_size.height - self.scrollable_content_region.height)

    def say_on_border(self, said: str) -> None:
        """Show ``said`` on the bottom border, and the border only while ``said`` says something."""
        self.border_subtitle = said
        if self.has_class("-more") != bool(said):
            self.set_class(bool(said), "-more")
            self.call_after_refresh(self.tell_rows_again)


class TimelineLanes(ScrollView, CountedOnBorder, ScrollsAtOnce, can_focus=True):
    """Draws :class:`Lane`s over a :class:`Window`, one line each; scrolls when they are many,
    and then says on its bottom border how many lanes are above and below the view
    (``more above: 4 lanes  more below: 38 lanes``), after the note of the zoom, if any
    (:meth:`say`): the lines above the lanes keep their height whatever the keys did."""

    DEFAULT_CSS = border_css("TimelineLanes")
    ABOVE_KEY, BELOW_KEY = "timeline.lanes_above", "timeline.lanes_below"

    class Clicked(Message):
        """A click on a lane's cells: ``t`` is the time (bus seconds) in the middle of its column."""

        def __init__(self, t: float) -> None:
            super().__init__()
            self.t = t

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lanes: Sequence[Lane] = ()
        self.window = Window(0.0, 1.0)
        self.label_width = 3
        self.names: dict[int, str] = {}  # a lane's label where it says more than lane_label (by id)
        self.cut: set[int] = set()  # the lanes a stop cut short (by id), marked where they end
        self.note = ""  # the zoom, or what the last zoom or pan key could not do, on the border

    def say(self, note: str) -> None:
        """Say ``note`` on the bottom border, before the lanes out of view ("" says none)."""
        if note != self.note:
            self.note = note
            self.tell_rows_again()

    def say_rows_below(self, said: str) -> None:
        self.say_on_border("  ".join(part for part in (self.note, said) if part))

    def action_scroll_home(self) -> None:
        raise SkipAction()  # Home and End move the time shown (the screen's keys), not the lanes

    def action_scroll_end(self) -> None:
        raise SkipAction()

    def on_click(self, event: events.Click) -> None:
        """A click on a lane's cells (not its label, nor below the lanes) says its time."""
        column = event.x - self.label_width - 1
        if 0 <= column < self.columns and event.y + int(self.scroll_offset.y) < len(self.lanes):
            window = self.window
            self.post_message(self.Clicked(window.start + (column + 0.5) * window.span / self.columns))

    def first_change(self, window: Window) -> float | None:
        """The time of the first change of state of any lane inside ``window``, or None."""
        changes = (
            segment.start
            for lane in self.lanes
            for segment in lane.segments
            if window.start <= segment.start <= window.end
        )
        return min(changes, default=None)

    def show(
        self,
        lanes: Sequence[Lane],
        window: Window,
        names: dict[int, str] | None = None,
        cut: set[int] | None = None,
    ) -> None:
        """Draw ``lanes`` over ``window``; ``names`` labels some of them (by ``id``), as a handler
        lane named with its thread and the client it served: ``#4 handler-1 = r1.2``; ``cut``
        (by ``id``) are those a stop cut short, marked at their end (see
        :func:`~tui_app.swimlane.cut_by_stop`)."""
        self.lanes, self.window, self.names, self.cut = lanes, window, names or {}, cut or set()
        self.label_width = max([3] + [len(self._label(lane)) for lane in lanes])
        self.virtual_size = Size(self.scrollable_content_region.width, len(lanes))
        self.refresh()

    def _label(self, lane: Lane) -> str:
        return self.names.get(id(lane)) or lane_label(lane)

    @property
    def columns(self) -> int:
        """Time columns per lane at the current width."""
        return max(1, self.scrollable_content_region.width - self.label_width - 1)

    def render_line(self, y: int) -> Strip:
        row = y + int(self.scroll_offset.y)
        width = self.scrollable_content_region.width
        if row >= len(self.lanes):
            return Strip.blank(width, self.rich_style)  # the theme's ground below the lanes
        lane = self.lanes[row]
        columns = self.columns
        window = self.window
        states = picture(lane, window.start, window.end, columns)
        state_looks, error_look = looks(self.app.theme_variables)
        shown = [state_looks[state] if state else (" ", Style()) for state in states]
        for error in failures(lane):
            column = column_of(error.t, window.start, window.end, columns)
            if column is not None:
                shown[column] = error_look
        if id(lane) in self.cut:
            column = stop_column(lane, window.start, window.end, columns)
            if column is not None:
                shown[column] = stop_look(self.app.theme_variables)
        segments = [Segment(f"{self._label(lane):>{self.label_width}} ", LABEL_STYLE)]
        run_start = 0
        for column in range(1, columns + 1):
            if column == columns or shown[column] != shown[run_start]:
                glyph, style = shown[run_start]
                segments.append(Segment(glyph * (column - run_start), style))
                run_start = column
        return Strip(segments).crop_extend(0, width, None).apply_style(self.rich_style)  # the theme's ground


class TimelineHeader(VerticalScroll, CountedOnBorder, ScrollsAtOnce):
    """The run's lines above the lanes, in a box capped to leave the lanes their rows: while some
    of its lines are out of view, its bottom border says how many and how to scroll them with the
    keyboard (``more below: 4 rows  Tab, then ↑ ↓ scrolls these lines``)."""

    DEFAULT_CSS = border_css("TimelineHeader")

    def say_rows_below(self, said: str) -> None:
        self.say_on_border(f"{said}  {tr('timeline.header_keys', self.lang)}" if said else "")


class TimelineView(Vertical, AppLanguage):
    """One run at a time: its settings and verdict, a time axis, its lanes and a legend.

    Runs are those the model saw launched (their ``launched`` events carry the settings);
    ``summary`` gives a finished run's summary (None while it runs), ``now`` the bus clock and
    ``stopped`` whether the user stopped a run (``k``) before it ended.
    The window follows the whole run until the user zooms or pans (:meth:`fit` follows again).
    """

    def __init__(
        self,
        model: Timeline,
        summary: Callable[[int], RunSummary | None],
        now: Callable[[], float],
        stopped: Callable[[int], bool] = lambda run: False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.model, self._summary, self._now = model, summary, now
        self._stopped = stopped
        self.selected: int | None = None  # run number; None follows the latest run
        self.fixed: Window | None = None  # None: the window fits the whole run
        self.whole = Window(0.0, 1.0)  # the whole run, as last drawn
        self.handlers = False
        self.limit: str | None = None  # what the last zoom or pan key could not do, said under the lanes
        self._drawn_at = 0.0
        self.title = Static(id="timeline-title")
        self.header = TimelineHeader(self.title, id="timeline-header")  # scrolls when capped
        self._header_rows = 0  # the header's cap, in rows (see _cap_header)
        self._title_text: Text | None = None  # what the title says, wrapped as the app wraps
        self.axis = Static(id="timeline-axis")
        self.lanes_view = TimelineLanes(id="timeline-lanes")
        self.legend = Legend(id="timeline-legend")
        self.exhibit_lanes = Static(id="timeline-exhibit")  # shown instead for an exhibit's run
        self.exhibit_lanes.styles.height = "1fr"
        self.exhibit_lanes.display = False

    def compose(self) -> ComposeResult:
        yield self.header
        yield self.axis
        yield self.lanes_view
        yield self.exhibit_lanes
        yield self.legend

    def on_mount(self) -> None:
        self.refresh_view()

    def on_resize(self) -> None:
        self.refresh_view()

    @property
    def run(self) -> int | None:
        """The number of the run on screen."""
        numbers = sorted(self.model.launches)
        if not numbers:
            return None
        return self.selected if self.selected in numbers else numbers[-1]

    def follow(self) -> None:
        """Redraw a run that goes on, at most every FOLLOW_PERIOD: call after each drain."""
        if time.monotonic() - self._drawn_at >= FOLLOW_PERIOD:
            self.refresh_view()

    def refresh_view(self) -> None:
        """Redraw from the model now."""
        self._drawn_at = time.monotonic()
        if self.model.exhibit is not None:
            self._show_exhibit(self.model.exhibit)
            return
        run = self.run
        if run is None:  # no client run: the server's handlers alone, if any (a serve recording)
            lanes, names = self.model.lanes(self._now(), where=lambda key: key[0] == SERVER), dict[int, str]()
            if not lanes:
                empty = "timeline.empty_replay" if getattr(self.app, "replay", None) else "timeline.empty"
                self._set_title(Text(tr(empty, self.lang)))
                self.lanes_view.show((), Window(0.0, 1.0))
                self.lanes_view.say("")
                return
            drawn = [lane.segments for lane in lanes if lane.segments]
            start = min((segments[0].start for segments in drawn), default=0.0)
            whole = Window(start, max(start + MIN_SPAN, *(segments[-1].end for segments in drawn)))
        else:
            summary = self._summary(run)
            lanes, whole, names = self._lanes(run, summary is not None)
        self.whole = whole
        window = self._clamp(whole)
        cut = cut_by_stop(lanes)
        self.legend.show_inside(inside_key(lanes))
        self.legend.show_holds(any(lane.held for lane in lanes))
        self.legend.show_stops(bool(cut))
        self._cap_header(len(lanes))
        self.lanes_view.show(lanes, window, names, cut)
        self.lanes_view.say(self._note(window, whole))
        columns = self.lanes_view.columns
        ruler = axis(window.start - whole.start, window.end - whole.start, columns, self.lang, whole.span)
        self.axis.update(Text(" " * (self.lanes_view.label_width + 1) + ruler, style="bold"), layout=False)
        if run is None:
            said = tr("timeline.handlers_only", self.lang, count=Count(len(lanes)))
            self._set_title(Text(said, "bold"))
        else:
            self._set_title(self._title(run, summary))

    def _show_exhibit(self, events: list[Event]) -> None:
        """An exhibit's run (a recording of one): its handlers' lock waits, holds, read..write
        windows and deadlock, drawn as the exhibits screen draws them."""
        settings = events[0].extra or {}
        name, safe, n = str(settings.get("name")), settings.get("variant") == "safe", settings.get("n")
        variant = exhibit_view.variant_name(safe, self.lang)
        if name in EXHIBIT_NAMES:
            title = exhibit_view.title(name, self.lang)
            heading = tr("exhibit.heading", self.lang, title=title, variant=variant, n=n)
        else:  # an exhibit this version does not know: its name as recorded
            heading = tr("server.exhibit", self.lang, name=name, variant=variant, n=n)
        self._set_title(Text(heading, "bold"))
        self.lanes_view.display = self.legend.display = False
        self.exhibit_lanes.display = True
        until = self._now()
        _, start, end = tracks(events, until)
        width = self.size.width
        ruler = axis(0.0, end - start, max(1, width - exhibit_lanes.LABEL - 1), self.lang)
        self.axis.update(Text(" " * exhibit_lanes.LABEL + ruler, style="bold"), layout=False)
        lanes = exhibit_lanes.draw(events, width, None, self.lang, until, self.app.theme_variables)
        self.exhibit_lanes.update(lanes)

    def _cap_header(self, count: int) -> None:
        """Keep the header to what leaves ``count`` lanes their rows, up to half the view's (at
        least :data:`MIN_LANES`), under the axis and the legend; a longer header scrolls in its box."""
        height = self.size.height
        if not height:
            return
        legend = len(self.legend.lines(max(1, self.size.width - 2))) if self.legend.display else 0
        lanes = min(max(1, count), max(MIN_LANES, (height + 1) // 2))
        lanes += count > lanes  # the border that says how many lanes are out of view
        rows = max(MIN_HEADER, height - 1 - legend - lanes)
        if rows != self._header_rows:
            self._header_rows = rows
            self.header.styles.max_height = rows

    def _set_title(self, text: Text) -> None:
        """Show ``text`` above the lanes, wrapped by the app's rule (a number keeps its unit, Chinese
        breaks between characters), laying out the screen again only when it changed."""
        if text != self._title_text:
            self._title_text = text
            self.title.update(Wrapped(text))

    def _lanes(self, run: int, done: bool) -> tuple[list[Lane], Window, dict[int, str]]:
        """The run's lanes, the window of the whole run (a finished run ends at its last client
        event, whatever came after it, its holds in step mode counted: a run held and then stopped
        spans its time; a lane left open by a lost event ends there too) and, with
        the handlers shown, each handler lane's name with its thread and the client it served
        (``#4 handler-1 = r1.2``: a thread reused for several connections names several lanes)."""
        until = self.model.run_ends.get(run, self.model.latest) if done else self._now()
        lanes = self.model.lanes(until, where=lambda key: key[0] == CLIENT and key[1] == run)
        names: dict[int, str] = {}
        if self.handlers:
            handlers = self.model.lanes(until, where=lambda key: key[0] == SERVER)
            serving = {id(handler): client for client, handler in handlers_of(lanes, handlers).items()}
            for handler in handlers:  # in the order the server accepted them
                if (client := serving.get(id(handler))) is not None:
                    names[id(handler)] = f"{lane_label(handler)} = r{run}.{client}"
                    lanes.append(handler)
        start = self.model.launches[run].t
        ends_at = [end for lane in lanes if (end := lane_end(lane)) is not None]  # holds too
        end = max([*ends_at, until, start + MIN_SPAN]) if done else max([*ends_at, self._now()])
        return lanes, Window(start, end), names

    def _clamp(self, whole: Window) -> Window:
        """The fixed window kept inside the run, or the whole run when following."""
        if self.fixed is None or self.fixed.span >= whole.span:
            self.fixed = None
            return whole
        start = min(max(self.fixed.start, whole.start), whole.end - self.fixed.span)
        self.fixed = Window(start, start + self.fixed.span)
        return self.fixed

    def _note(self, window: Window, whole: Window) -> str:
        """What the lanes' border says before the lanes out of view: what the last zoom or pan key
        could not do, else the zoom of ``window`` into ``whole`` (none while the whole run is
        shown): in a place of its own, it never moves the run's lines nor parts them."""
        if self.limit is not None:
            return self.limit
        if self.fixed is None:
            return ""
        return tr("timeline.zoomed", self.lang, zoom=times(whole.span / window.span))

    def _title(self, run: int, summary: RunSummary | None) -> Text:
        settings = self.model.launches[run].extra or {}
        values = {
            "run": run,
            "order": with_choice_name(str(settings.get("order", "-")), self.lang),  # lock 锁
            "n": Count(n) if isinstance(n := settings.get("n"), int) else n,  # 2,000 clients
            "hold": settings.get("hold"),
        }
        text = Text()
        text.append(tr("timeline.run", self.lang, **values), "bold")
        text.append("  ")
        if self._stopped(run):
            text.append(tr("timeline.stopped", self.lang), "bold")
            text.append("  ")
        if summary is not None:
            text.append(verdict(summary, self.lang, counted=True), "italic")
            columns = self.size.width or 80  # before the first layout: the narrowest terminal
            room = columns - TITLE_PADDING - HEADER_SCROLLBAR
            blocks = order_blocks(summary, self.lang, room, self._stopped(run))
            text.append_text(blocks)
        else:
            text.append(tr("timeline.running", self.lang), "yellow")
            if (length := long_run(settings)) is not None and getattr(self.app, "replay", None) is None:
                text.append("  ")
                text.append(tr("timeline.long_run", self.lang, seconds=f"{length:,.0f}"), "yellow")
        return text

    # -- keys -----------------------------------------------------------------------------------

    def zoom(self, factor: float, at: float | None = None) -> None:
        """Narrow (``factor`` > 1) or widen the window around time ``at`` (bus seconds: a click's),
        by default the first change of state in view, which stays in its column (the run's start
        when the whole run is shown; the middle when nothing changes in view); where it cannot (a
        column of :data:`CLOCK_RESOLUTION`, or the whole run already shown), the lanes' border
        says so."""
        current = self.lanes_view.window
        span = max(CLOCK_RESOLUTION * self.lanes_view.columns, current.span / factor)
        anchor = self.lanes_view.first_change(current) if at is None else at
        if anchor is None:
            anchor = (current.start + current.end) / 2
        start = anchor - (anchor - current.start) * span / current.span
        self.fixed = Window(start, start + span)
        self._moved(current, self._zoom_limit(factor > 1))

    def on_timeline_lanes_clicked(self, message: TimelineLanes.Clicked) -> None:
        """A click on a lane zooms in on the time clicked, which stays under the pointer."""
        self.zoom(2, message.t)

    def to_edge(self, direction: int) -> None:
        """Show the run's start (``direction`` -1) or end (+1), keeping the zoom; there already,
        or with the whole run shown, the lanes' border says it cannot go further."""
        current, whole = self.lanes_view.window, self.whole
        if self.fixed is not None:
            start = whole.start if direction < 0 else whole.end - current.span
            self.fixed = Window(start, start + current.span)
        edge = "start" if direction < 0 else "end"
        key = "timeline.pan_whole" if self.fixed is None else f"timeline.pan_{edge}"
        self._moved(current, tr(key, self.lang))

    def pan(self, fraction: float) -> None:
        """Move the window by ``fraction`` of its width (negative: back in time); at the run's
        start or end, or with the whole run shown, the lanes' border says it cannot go further."""
        current = self.lanes_view.window
        if self.fixed is not None:
            shift = current.span * fraction
            self.fixed = Window(current.start + shift, current.end + shift)
        edge = "start" if fraction < 0 else "end"
        key = "timeline.pan_whole" if self.fixed is None else f"timeline.pan_{edge}"
        self._moved(current, tr(key, self.lang))

    def _zoom_limit(self, closer: bool) -> str:
        """What zooming in (``closer``) or out cannot do further, with how long a column is."""
        if not closer:
            return tr("timeline.zoom_out_limit", self.lang)
        window, columns = self.lanes_view.window, self.lanes_view.columns
        column = duration(window.span / columns, self.lang, "ms")
        return tr("timeline.zoom_in_limit", self.lang, column=column)

    def _moved(self, before: Window, limit: str) -> None:
        """Redraw after a zoom or pan key; when the window moved by less than half a column from
        ``before`` (the key did nothing one could see), say ``limit`` under the lanes until the next
        key."""
        self.limit = None
        self.refresh_view()
        after, half = self.lanes_view.window, before.span / self.lanes_view.columns / 2
        if abs(after.start - before.start) < half and abs(after.end - before.end) < half:
            self.limit = limit
            self.refresh_view()

    def fit(self) -> None:
        """Show the whole run again and follow it as it grows."""
        self.fixed, self.limit = None, None
        self.refresh_view()

    def toggle_handlers(self) -> None:
        self.handlers, self.limit = not self.handlers, None
        self.refresh_view()

    def step_run(self, delta: int) -> None:
        """Show the previous (-1) or next (+1) run, following the latest once there; before the
        first run or past the newest, nothing changes (the zoom neither) but a notice that says so."""
        numbers = sorted(self.model.launches)
        if not numbers:
            return
        index = numbers.index(self.run) + delta if self.run in numbers else len(numbers) - 1
        if not 0 <= index < len(numbers):
            self.limit = tr("timeline.first_run" if delta < 0 else "timeline.newest_run", self.lang)
        else:
            self.selected = None if index == len(numbers) - 1 else numbers[index]
            self.fixed, self.limit = None, None
        self.refresh_view()


class Legend(Widget, AppLanguage):
    """Each state's swatch and words, in the theme's colours; a line breaks only between two
    items, never between a swatch and its words."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.inside = "lane.inside"  # the text key of what ``inside`` is in the run shown (inside_key)
        self.holds = False  # whether step mode held a thread of the run shown
        self.stops = False  # whether a stop cut a lane of the run shown

    def show_inside(self, key: str) -> None:
        """Say ``inside`` with the text ``key`` (:func:`~tui_app.swimlane.inside_key`): "in its
        section" only for lanes that took a turn (a free run has no critical section)."""
        if key != self.inside:
            self.inside = key
            self.refresh(layout=True)

    def show_holds(self, holds: bool) -> None:
        """Name the swatch of a hold in step mode, for a run in which step mode held a thread."""
        if holds != self.holds:
            self.holds = holds
            self.refresh(layout=True)

    def show_stops(self, stops: bool) -> None:
        """Name the mark of a stop, for a run a stop cut short."""
        if stops != self.stops:
            self.stops = stops
            self.refresh(layout=True)

    def items(self) -> list[Text]:
        state_looks, (error_glyph, error_style) = looks(self.app.theme_variables)
        items = []
        for state in (*STATES, HELD) if self.holds else STATES:
            glyph, style = state_looks[state]
            key = self.inside if state == INSIDE else f"lane.{state}"
            words = tr(key, self.lang)
            items.append(Text.assemble((glyph * 2, style), f" {words}"))
        items.append(Text.assemble((error_glyph, error_style), f" {tr('lane.error', self.lang)}"))
        if self.stops:
            stop_glyph, stop_style = stop_look(self.app.theme_variables)
            items.append(Text.assemble((stop_glyph, stop_style), f" {tr('lane.stopped', self.lang)}"))
        items.append(self.shared_cell(state_looks, (error_glyph, error_style)))
        return items

    def shared_cell(self, state_looks: dict[str, tuple[str, Style]], error_look: tuple[str, Style]) -> Text:
        """Which mark a cell of several events shows: the first of the stop's (drawn over all),
        the error's, then the states' in :data:`~server_core.timeline.MARK_ORDER`, each in its
        look, those of this legend only."""
        marks = [stop_look(self.app.theme_variables)] if self.stops else []
        marks.append(error_look)
        marks += [state_looks[state] for state in MARK_ORDER if state != HELD or self.holds]
        head, _, tail = tr("lane.shared_cell", self.lang, marks=HOLE).partition(HOLE)
        text = Text(head)
        for index, (glyph, style) in enumerate(marks):
            text.append(" " * bool(index))
            text.append(glyph, style)
        text.append(tail)
        return text

    def lines(self, width: int) -> list[Text]:
        """The items laid out in lines of at most ``width`` cells (an item wider stays whole)."""
        lines: list[Text] = []
        for item in self.items():
            if lines and lines[-1].cell_len + len(ITEM_GAP) + item.cell_len <= width:
                lines[-1].append(ITEM_GAP)
                lines[-1].append_text(item)
            else:
                lines.append(item.copy())
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Text:
        return Text("\n").join(self.lines(self.content_region.width))
