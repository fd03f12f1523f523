"""The main screen's footer at 120 columns keeps the comparison's and step mode's keys and gives
the client orders theirs where they fit (s, u and o were only in the help and the palette: all
of them in Chinese, all but sequential in English), and at 80 keeps the keys it showed before them
but for step mode's, which new users could not find there: the exhibits' gives it its room in
English, the comparison's in Chinese."""

from __future__ import annotations

import pytest
from layout_stage import screen_text
from pilot_helpers import until

from tui_app.app import LabApp
from tui_app.strings import tr

pytestmark = pytest.mark.timeout(60)

ORDERS = ("launch_free", "launch_lock", "launch_semaphore", "launch_queue", "launch_sequential")
AT_120 = {  # the keys a 120-column footer shows of the orders, the comparison and step mode
    "en": (*ORDERS[:-1], "compare", "step_mode"),
    "zh": (*ORDERS, "compare", "step_mode"),
}
KEPT_AT_80 = {  # what an 80-column footer shows: step mode's key among them
    "en": ("launch_free", "launch_lock", "experiments", "timeline", "step_mode", "help", "quit"),
    "zh": ("launch_free", "launch_lock", "experiments", "exhibits", "timeline", "export", "step_mode"),
}
KEYS = {"launch_free": "f", "launch_lock": "l", "launch_semaphore": "s", "launch_queue": "u",
        "launch_sequential": "o", "experiments": "e", "exhibits": "b", "timeline": "t",
        "compare": "c", "step_mode": "p", "export": "w", "help": "?", "quit": "q"}  # fmt: skip


def shown(ids: tuple[str, ...], lang: str) -> list[str]:
    return [f"{KEYS[id_]} {tr(f'key.{id_}', lang)} " for id_ in ids]


async def footer(lang: str, size: tuple[int, int]) -> str:
    """The main screen's footer row at ``size``, in ``lang``."""
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: "^p" in screen_text(app).splitlines()[-1], what="the footer")
        row = screen_text(app).splitlines()[-1]
        await pilot.press("q")
    assert row.endswith(f"^p {tr('key.command_palette', lang)}"), row
    return row


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_120_column_footer_keeps_compare_and_step_mode_then_the_orders(lang: str) -> None:
    row = await footer(lang, (120, 40))
    assert [key for key in shown(AT_120[lang], lang) if key not in row + " "] == [], row


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_an_80_column_footer_keeps_its_keys_whole(lang: str) -> None:
    row = await footer(lang, (80, 24))
    assert [key for key in shown(KEPT_AT_80[lang], lang) if key not in row + " "] == [], row
