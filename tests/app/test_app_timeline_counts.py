"""Every count the timeline says is written as the app writes numbers elsewhere (``2,000 of
8,005``): its lanes out of view, the clients of the run, the order numbers left out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_app_timeline_out_of_view import recorded_crowd, timeline_of

pytestmark = pytest.mark.timeout(90)

N = 1200


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_timelines_counts_have_thousands_separators(tmp_path: Path, lang: str) -> None:
    """``more below: 1988 lanes`` beside ``2,000 of 8,005`` in the clients table."""
    app = recorded_crowd(tmp_path, N, lang)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await timeline_of(pilot, N)
        lanes = view.lanes_view
        title = view._title_text.plain if view._title_text else ""
        below = N - lanes.scrollable_content_region.height
        assert f"{below:,}" in str(lanes.border_subtitle), lanes.border_subtitle
        assert f"{N:,}" in title, title
        assert not re.search(r"\d{4}", title.replace(f"{N:,}", "")), title  # no count of 4 digits unseparated
        await pilot.press("q")
