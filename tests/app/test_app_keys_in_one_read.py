"""Every key and wheel step scrolls, however many reach the app in one read (a paste, a key held
on a busy machine): six Down keys handled before the next refresh scrolled a plain scrollable one
row, and Page Down keys a page or three, not one page each. Each kind of scrollable the app has
gets a burst of keys and wheel steps, all posted before the app runs, and must move once per
key and step."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from helpers import play_run
from pilot_helpers import until
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget

from server_core import CLIENT, EventBus, RunSummary, summarize
from server_core.stepping import ThreadView
from tui_app.app import LabApp
from tui_app.screens.comparison import ComparisonScreen
from tui_app.screens.experiments import ExperimentsScreen
from tui_app.screens.help import HelpScreen
from tui_app.screens.timeline import TimelineScreen
from tui_app.widgets.clients_table import ClientsTable
from tui_app.widgets.controls import Controls
from tui_app.widgets.conversation import ConversationPane
from tui_app.widgets.events_pane import EventsPane
from tui_app.widgets.following_log import FollowingLog, time_column
from tui_app.widgets.list_and_account import AccountScroll
from tui_app.widgets.scrolls_at_once import ScrollBox, ScrollsAtOnce
from tui_app.widgets.step_pane import StepPane
from tui_app.widgets.timeline import TimelineLanes

pytestmark = pytest.mark.timeout(60)

SIZE = (80, 24)  # where the user found it
DOWN = ("down", "down", "wheel", "down", "pagedown")  # 1 + 1 + 2 + 1 rows and a page down
UP = ("up", "wheel_up", "up", "pageup")  # then 1 + 2 + 1 rows and a page back up: row 1


def post(app: LabApp, widget: Widget, steps: tuple[str, ...]) -> None:
    """Post each of ``steps`` (a key, or ``wheel``/``wheel_up`` over ``widget``) to the app at
    once, as a terminal's one read hands them over: none is handled before the last is posted."""
    x, y = widget.region.x + 1, widget.region.y + 1
    for step in steps:
        if step.startswith("wheel"):
            kind = events.MouseScrollUp if step == "wheel_up" else events.MouseScrollDown
            app.post_message(kind(None, x, y, 0, 1, 0, False, False, False, screen_x=x, screen_y=y))
        else:
            app.post_message(events.Key(step, None))


def settled(app: App, widget: Widget) -> bool:
    """The view stands where it was sent: no easing under way, no scroll waiting for a refresh."""
    animator = app.animator
    moving = animator.is_being_animated(widget, "scroll_y")
    return not moving and widget.scroll_y == widget.scroll_target_y


async def burst(pilot: Pilot, widget: Widget, steps: tuple[str, ...]) -> float:
    """Post ``steps``, let the app handle them and refresh, and return where the view settled."""
    app = pilot.app
    assert isinstance(app, LabApp)
    post(app, widget, steps)
    await pilot.pause()
    await pilot.pause(0.1)
    await until(pilot, lambda: settled(app, widget), what="the view to settle")
    return widget.scroll_y


async def moves_once_per_step(pilot: Pilot, widget: Widget) -> None:
    """From the top, :data:`DOWN` in one burst, then :data:`UP` in another: the view goes down
    5 rows and a page, then back up to row 1."""
    widget.scroll_home(animate=False, immediate=True)
    page = widget.scrollable_content_region.height
    wheel = round(pilot.app.scroll_sensitivity_y)
    assert wheel == 2 and widget.max_scroll_y > 5 + page, (widget, widget.max_scroll_y, page)
    await until(pilot, lambda: widget.scroll_y == 0 and settled(pilot.app, widget), what="at the top")
    assert await burst(pilot, widget, DOWN) == 5 + page, f"{widget!r} after {DOWN}"
    assert await burst(pilot, widget, UP) == 1, f"{widget!r} after {UP}"


def summaries() -> list[tuple[int, RunSummary]]:
    """Eight finished runs of four clients, for the comparison."""
    bus = EventBus()
    for run in range(1, 9):
        play_run(bus, run, n=4, order="lock")
    return [(run, summarize(list(bus.history), 4, run)) for run in range(1, 9)]


async def written(log: FollowingLog) -> Widget:
    """``log``, focused, with 80 lines written at once."""
    log.focus()
    log.add_lines([f"{time_column(i)} line {i}" for i in range(80)])
    log.flush()
    return log


async def account(pilot: Pilot) -> Widget:
    """The experiments screen's account, experiment 1 run (its account is longer than the view)."""
    await pilot.press("e")
    await until(pilot, lambda: isinstance(pilot.app.screen, ExperimentsScreen), what="the experiments")
    box = pilot.app.screen.query_one("#experiment-scroll")
    await pilot.press("1")
    await until(pilot, lambda: box.max_scroll_y > 5 + box.scrollable_content_region.height,
                what="a long account")
    return box


async def help_box(pilot: Pilot) -> Widget:
    await pilot.press("question_mark")
    await until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen), what="the help")
    return pilot.app.screen.query_one("#help")


async def comparison(pilot: Pilot) -> Widget:
    pilot.app.push_screen(ComparisonScreen(summaries()))
    await until(pilot, lambda: isinstance(pilot.app.screen, ComparisonScreen) and pilot.app.screen.focused,
                what="the comparison")
    return pilot.app.screen.query_one("#comparison")


async def lanes(pilot: Pilot) -> Widget:
    app = pilot.app
    assert isinstance(app, LabApp)
    play_run(app.bus, 1, n=30)
    await until(pilot, lambda: app.session.book.sent == 30, what="the run drawn")
    await pilot.press("t")
    await until(pilot, lambda: isinstance(app.screen, TimelineScreen), what="the timeline")
    view = app.screen.query_one("#timeline-lanes")
    await until(pilot, lambda: view.max_scroll_y > 5 + view.scrollable_content_region.height, what="30 lanes")
    return view


async def events_pane(pilot: Pilot) -> Widget:
    app = pilot.app
    assert isinstance(app, LabApp)
    return await written(app.events)


async def conversation(pilot: Pilot) -> Widget:
    app = pilot.app
    assert isinstance(app, LabApp)
    return await written(app.conversation)


SCROLLABLES: dict[str, Callable[[Pilot], Awaitable[Widget]]] = {
    "account": account,
    "help": help_box,
    "comparison": comparison,
    "lanes": lanes,
    "events": events_pane,
    "conversation": conversation,
}
# where each scrolls more than a page and 5 rows; the form is not here: Down and Up on its
# buttons walk its fields (test_app_form_walk.py), they do not scroll it
SIZES = {"comparison": (80, 20)}


@pytest.mark.parametrize("kind", list(SCROLLABLES))
async def test_keys_and_wheel_steps_in_one_read_each_scroll(kind: str) -> None:
    app = LabApp(port=0)
    async with app.run_test(size=SIZES.get(kind, SIZE)) as pilot:
        widget = await SCROLLABLES[kind](pilot)
        await pilot.pause()
        await moves_once_per_step(pilot, widget)


async def test_keys_in_one_read_each_move_the_cursor_and_wheel_steps_the_view() -> None:
    """The clients table and the threads pane move a cursor with the keys: each key moves it a row
    (the view following it), each wheel step moves the view. These never lost a key (a cursor's
    move is absolute, the wheel's steps were at once already): this keeps them so."""
    views = [ThreadView(CLIENT, 1, i, f"r1.{i}", "held", "connect", None, None) for i in range(1, 21)]
    app = LabApp(port=0)
    async with app.run_test(size=SIZE) as pilot:
        app.lab.stepper.snapshot = lambda: list(views)  # type: ignore[method-assign]
        play_run(app.bus, 1, n=30)
        await pilot.press("p")
        await until(pilot, lambda: app.session.book.sent == 30 and app.step_pane.option_count == 20,
                    what="30 rows and 20 threads")
        await cursor_and_wheel(pilot, app.table, lambda: app.table.cursor_row)
        app.step_pane.highlighted = 0
        await cursor_and_wheel(pilot, app.step_pane, lambda: app.step_pane.highlighted)


async def cursor_and_wheel(pilot: Pilot, pane: Widget, cursor: Callable[[], int | None]) -> None:
    """Six Down keys in one read move ``pane``'s cursor six rows; three wheel steps over it
    move its view six rows from the top."""
    app = pilot.app
    assert isinstance(app, LabApp)
    pane.focus()
    await pilot.pause()
    assert cursor() == 0, pane
    post(app, pane, ("down",) * 6)
    await until(pilot, lambda: cursor() != 0, what="the cursor to move")
    await pilot.pause(0.1)
    assert cursor() == 6, pane
    pane.scroll_home(animate=False, immediate=True)
    await until(pilot, lambda: pane.scroll_y == 0, what="the view at the top")
    assert await burst(pilot, pane, ("wheel",) * 3) == min(6, pane.max_scroll_y), pane


RELATIVE = ("scroll_up", "scroll_down", "scroll_left", "scroll_right", "scroll_page_up", "scroll_page_down",
            "scroll_page_left", "scroll_page_right")


PANES = (
    AccountScroll, ScrollBox, TimelineLanes, Controls, EventsPane, ConversationPane, ClientsTable, StepPane,
)


@pytest.mark.parametrize("pane", PANES)
def test_every_scrollable_scrolls_at_once_and_keeps_its_own_focus_and_keys(pane: type[Widget]) -> None:
    """Each scrollable's relative scrolls are the mixin's (no Textual class between them took
    them back), and the mixin, last among its bases, left the pane's focus and keys as they were."""
    for name in RELATIVE:
        assert getattr(pane, name) is getattr(ScrollsAtOnce, name), (pane, name)
    assert pane.can_focus is (pane is not Controls), pane  # the form's fields take the focus, not it
    assert "down" in pane._merge_bindings().key_to_bindings, pane
