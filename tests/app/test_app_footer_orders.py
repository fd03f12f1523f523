"""The main screen's footer gives the keys their room in one order, in both languages and at
any width: the launches f and l, the comparison and step mode first, then the timeline, the
experiments, the other screens (exhibits, export), then the other client orders. At 80 columns
English showed the experiments and not step mode (and once Chinese the export but not the
comparison); at 120 it keeps the comparison, step mode and the client orders that fit."""

from __future__ import annotations

import pytest
from layout_stage import screen_text
from pilot_helpers import until

from tui_app.app import LabApp
from tui_app.strings import tr

pytestmark = pytest.mark.timeout(60)

ORDERS = ("launch_free", "launch_lock", "launch_semaphore", "launch_queue", "launch_sequential")
AT_120 = {  # the keys a 120-column footer shows of the orders, the screens and step mode
    "en": (*ORDERS[:3], "experiments", "exhibits", "timeline", "compare", "export", "step_mode"),
    "zh": (*ORDERS, "experiments", "exhibits", "timeline", "compare", "export", "step_mode"),
}
KEPT_AT_80 = {  # what an 80-column footer shows: the launches, step mode and the runs' screens first
    "en": ("launch_free", "launch_lock", "timeline", "compare", "step_mode", "help", "quit"),
    "zh": ("launch_free", "launch_lock", "experiments", "timeline", "compare", "step_mode", "help", "quit"),
}
GROUPS = (  # the one order, group by group: a key shows only where every earlier group's does
    ("launch_free", "launch_lock", "compare", "step_mode"),
    ("timeline",),
    ("experiments",),
    ("exhibits", "export"),
    ORDERS[2:],
)
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


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_key_shows_only_where_every_key_before_it_in_the_one_order_does(
    lang: str, size: tuple[int, int]
) -> None:
    row = await footer(lang, size) + " "
    seen = [any(key in row for key in shown(group, lang)) for group in GROUPS]
    whole = [all(key in row for key in shown(group, lang)) for group in GROUPS]
    for later, said in enumerate(seen):
        assert not said or all(whole[:later]), (GROUPS[later], row)
