"""A text's width in cells is rich's count, whether or not rich was needed to count it."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tui_app.width import text_width

SAMPLES = ["", "client", "a b~", "客户端", "服务器 1", "tab\there", "\x1b[31m", "é", "\x7f"]


@pytest.mark.parametrize("text", SAMPLES)
def test_a_width_is_rich_s_cell_count(text: str) -> None:
    assert text_width(text) == cell_len(text)
