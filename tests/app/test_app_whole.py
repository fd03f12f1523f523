"""What a user meets at 80x24 and 120x40, in English and Chinese, read from the rendered screen:
every status counter and notification whole, each screen's footer with its own keys, hints that
keep a range on one line, Escape typed together with a key, the palette's words."""

from __future__ import annotations

import re
import socket

import pytest
from layout_stage import screen_text
from pilot_helpers import lasting_hints, launch, notified_at_each_size, until
from rich.cells import cell_len
from textual import events
from textual.command import CommandPalette
from textual.widgets import Input

from tui_app.app import LabApp
from tui_app.screens.experiments import ExperimentsScreen
from tui_app.strings import tr

SIZES = [(80, 24), (120, 40)]
LANGS = ["en", "zh"]


def counters(lang: str, running: int) -> list[str]:
    """The status line's counters and runs going, each as it must be seen: label and number."""
    said = tr("status.counters", lang, active=1, accepted=1, messages=0).split("  ")
    return [*said, tr("status.runs", lang, running=running)]


@pytest.mark.long
@pytest.mark.parametrize("lang", LANGS)
async def test_the_status_line_in_step_mode_shows_every_counter_or_says_that_some_are_left_out(
    lang: str,
) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        await launch(pilot, "f", n="1")  # held: one connection, one run going
        await until(pilot, lambda: app.lab.stepper.snapshot(), what="the client held")
        await pilot.press("1")  # it connects, and is held again
        wanted = counters(lang, 1)
        await until(pilot, lambda: all(w in screen_text(app).splitlines()[0] for w in wanted), what="all")
        assert tr("status.step_mode", lang) in screen_text(app).splitlines()[0]
        for width in range(40, 80, 3):  # narrower: whole counters, then "…" for those left out
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            line = screen_text(app).splitlines()[0].strip()
            shown = [w for w in wanted if w in line]
            assert shown == wanted[: len(shown)], (width, line)
            assert line.endswith("…") == (len(shown) < len(wanted)), (width, line)
            cut = line.removesuffix("…").rstrip().rsplit(" ", 1)[-1]
            assert not cut.isdigit() or any(w.endswith(cut) for w in shown), (width, line)
        await pilot.press("p", "q")


@pytest.mark.parametrize("lang", LANGS)
async def test_the_busy_port_notification_shows_every_character_at_each_size(lang: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        app = LabApp(port=0, lang=lang)
        async with app.run_test(size=SIZES[0], notifications=True) as pilot:
            # notified: the events pane out of sight on the timeline
            async for size, toast in notified_at_each_size(pilot, SIZES, port=str(port)):
                region = toast.content_region
                lines = screen_text(app).splitlines()[region.y : region.bottom]
                inside = "".join(_cells(line, region.x, region.right) for line in lines)
                said = tr("note.port_busy", lang, host="127.0.0.1", port=port, reason="")
                assert re.sub(r"\s", "", inside) == re.sub(r"\s", "", said), size
            await pilot.press("q")


def _cells(line: str, start: int, end: int) -> str:
    """The characters of ``line`` (a wide one taking two cells) in cells ``start`` to ``end``."""
    out, cell = [], 0
    for character in line:
        if start <= cell < end:
            out.append(character)
        cell += cell_len(character)  # as the terminal draws it: “ and ” take one cell
    return "".join(out)


@pytest.mark.parametrize("lang", LANGS)
async def test_a_fields_hint_keeps_its_range_of_characters_on_one_line(
    lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    lasting_hints(monkeypatch)
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "tab", "tab")  # Launch, Stop, then N under them
        assert app.focused is app.query_one("#field-n")
        await pilot.press("a")  # refused: N takes digits only
        await until(pilot, lambda: app.query_one("#error-n").display, what="the hint")
        await pilot.pause()
        assert any("0-9" in line for line in screen_text(app).splitlines())
        await pilot.press("escape", "q")


OPENED_BY = {"question_mark": "help", "e": "experiments", "b": "exhibits", "t": "timeline", "w": "export"}


def key_name(key: str) -> str:
    """A key as a footer shows it: ``?`` for ``question_mark``."""
    return {"question_mark": "?"}.get(key, key)


def footer(app: LabApp) -> str:
    """The screen's last line: its footer."""
    return screen_text(app).splitlines()[-1]


@pytest.mark.long
@pytest.mark.parametrize("lang", LANGS)
async def test_every_screen_shows_its_own_keys_in_its_footer_at_each_size(lang: str) -> None:
    back = tr("key.screen_close", lang)
    main_key = f"f {tr('key.launch_free', lang)}"
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=SIZES[0]) as pilot:
        for size in SIZES:
            await pilot.resize_terminal(*size)
            resized = lambda size=size: app.size == size and main_key in footer(app)  # noqa: E731
            await until(pilot, resized, what=f"main footer at {size}")
            for key, own in (
                ("question_mark", f"Esc {back}"),
                ("e", f"1-6 {tr('key.experiment_run', lang)}"),
                ("b", f"v {tr('key.exhibit_variant', lang)}"),
                ("t", f"Esc/t {tr('key.timeline_back', lang)}"),
                ("w", f"Esc {tr('key.export_cancel', lang)}"),
            ):
                await pilot.press(key)
                await until(pilot, lambda own=own: own in footer(app), what=f"{own} at {size}")
                shown = footer(app)
                # the timeline takes the main screen's keys: offered after its own, in the room left
                after_own = key == "t" and shown.index(own) < shown.find(main_key)
                assert main_key not in shown or after_own, (size, key, shown)
                assert f"q {tr('key.quit', lang)}" in shown or key == "w", (size, key, shown)  # w: typed into
                assert f"^p {tr('key.command_palette', lang)}" in shown, (size, key, shown)  # on every screen
                opener = f"{key_name(key)} {tr(f'key.{OPENED_BY[key]}', lang)}"
                assert opener not in shown, (size, key, shown)  # "t timeline" on the timeline: it goes back
                await pilot.press("escape")
                await until(pilot, lambda: main_key in footer(app), what=f"main footer at {size} after {key}")
        await pilot.press("q")


async def test_a_modal_screens_own_keys_come_first_and_the_fields_escape_is_kept() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ExperimentsScreen))
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1].split()
        assert footer.index("Esc") < footer.index("?") < footer.index("q")
        await pilot.press("escape", "tab", "tab", "tab")  # Launch, Stop, then the field N
        await pilot.pause()
        assert "Esc leave field" in screen_text(app).splitlines()[-1]
        await pilot.press("escape", "q")


async def test_escape_typed_together_with_a_key_leaves_the_field_and_the_key_acts() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        message = app.query_one("#field-message", Input)
        message.focus()
        await until(pilot, lambda: app.focused is message)
        before = message.value
        # Escape and e in one write: the terminal's parser gives one key, alt+e
        app._driver.send_message(events.Key("alt+e", "e"))  # type: ignore[union-attr]
        await until(pilot, lambda: isinstance(app.screen, ExperimentsScreen), what="experiments open")
        assert message.value == before
        await pilot.press("escape", "q")


async def test_a_long_value_is_seen_from_its_start_once_the_field_is_left() -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        message = app.query_one("#field-message", Input)
        message.value = "start-" + "x" * 60  # longer than the pane is wide
        start = message.value[:6]
        await pilot.pause()
        assert f"\n│ {start}" in screen_text(app)
        message.focus()
        await until(pilot, lambda: message.scroll_offset.x > 0, what="scrolled to the cursor")
        await pilot.press("escape")
        await until(pilot, lambda: f"\n│ {start}" in screen_text(app), what="the start again")
        await pilot.press("q")


async def test_the_palettes_no_matches_line_is_in_the_apps_language() -> None:
    app = LabApp(port=0, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"zzzzqqq")
        said = tr("palette.no_matches", "zh")
        await until(pilot, lambda: said in screen_text(app), what=said)
        assert "No matches" not in screen_text(app)
        await pilot.press("escape", "q")


@pytest.mark.parametrize("lang", LANGS)
async def test_the_message_field_shows_the_whole_default_message_at_80x24(lang: str) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        message = app.query_one("#field-message").value
        assert message in screen_text(app)
        await pilot.press("q")
