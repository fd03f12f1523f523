"""The main screen's footer gives the keys their room in one order, in both languages and at
any width: the launches f and l, the comparison and step mode first, then the other client orders,
the lab's other two screens (experiments, exhibits), the timeline, the export. At 80 columns English
showed the experiments and not step mode (and once Chinese the export but not the comparison); at
120 English showed the exhibits and the export but not ``u queue`` and ``o sequential``, and later
the timeline but never ``b exhibits``: from 100 columns every launch key is shown, from 120 both
screens' keys, in either language."""

from __future__ import annotations

import pytest
from layout_stage import screen_text
from pilot_helpers import until
from textual.widgets import Footer

from tui_app.app import LabApp
from tui_app.strings import tr

pytestmark = pytest.mark.timeout(60)

ORDERS = ("launch_free", "launch_lock", "launch_semaphore", "launch_queue", "launch_sequential")
SCREENS = ("experiments", "exhibits")  # the lab's other two screens: named in the footer from 120
KEPT = {  # the keys a footer shows at each width: the launches, step mode and the comparison first
    80: ("launch_free", "launch_lock", "compare", "step_mode", "help", "quit"),
    100: (*ORDERS, "compare", "step_mode", "help", "quit"),
    120: (*ORDERS, *SCREENS, "compare", "step_mode", "help", "quit"),
    160: (*ORDERS, *SCREENS, "timeline", "export", "compare", "step_mode", "help", "quit"),
}
GROUPS = (  # the one order, group by group: a key shows only where every earlier group's does
    ("launch_free", "launch_lock", "compare", "step_mode"),
    ORDERS[2:],
    SCREENS,
    ("timeline",),
    ("export",),
)
KEYS = {"launch_free": "f", "launch_lock": "l", "launch_semaphore": "s", "launch_queue": "u",
        "launch_sequential": "o", "experiments": "e", "exhibits": "b", "timeline": "t",
        "compare": "c", "step_mode": "p", "export": "w", "help": "?", "quit": "q"}  # fmt: skip


def shown(ids: tuple[str, ...], lang: str) -> list[str]:
    return [f"{KEYS[id_]} {tr(f'key.{id_}', lang)} " for id_ in ids]


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_footer_gives_its_room_to_the_launch_keys_then_the_screens_at_80_to_160_columns(
    lang: str,
) -> None:
    app = LabApp(port=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        for width in KEPT:
            await pilot.resize_terminal(width, 40 if width > 80 else 24)
            laid = lambda width=width: app.screen.query_one(Footer).size.width == width  # noqa: E731
            await until(pilot, laid, what=f"the footer {width} cells wide")
            await pilot.pause()
            row = screen_text(app).splitlines()[-1]
            assert row.endswith(f"^p {tr('key.command_palette', lang)}"), row
            row += " "
            assert [key for key in shown(KEPT[width], lang) if key not in row] == [], (width, row)
            seen = [any(key in row for key in shown(group, lang)) for group in GROUPS]
            whole = [all(key in row for key in shown(group, lang)) for group in GROUPS]
            for later, said in enumerate(seen):
                assert not said or all(whole[:later]), (width, GROUPS[later], row)
        await pilot.press("q")
