"""The palette's Screenshot is written complete or not at all: a write that fails part-way (the
disk full, a file size limit) leaves no truncated SVG behind to refuse the next one."""

from __future__ import annotations

import resource
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tui_app.app import LabApp


@contextmanager
def file_size_limit(size: int) -> Iterator[None]:
    """Writes past ``size`` bytes of a file fail with EFBIG (SIGXFSZ ignored) until the end."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, handler)


@pytest.mark.timeout(30)
async def test_a_screenshot_cut_short_leaves_no_file_and_the_next_is_written_whole(tmp_path: Path) -> None:
    """Was: ``open(target, "x")`` then ``write``: the first 4 KiB stayed as ``shot.svg``, and
    the next Screenshot of that name was refused, the file being there."""
    app = LabApp(port=0)
    async with app.run_test(size=(80, 24)) as pilot:
        with file_size_limit(4096):
            assert app.deliver_screenshot("shot.svg", str(tmp_path)) is None  # said, not raised
        assert list(tmp_path.iterdir()) == [], "no part of it, nor a temporary file"
        saved = app.deliver_screenshot("shot.svg", str(tmp_path))
        assert saved is not None and Path(saved) == tmp_path / "shot.svg"
        assert Path(saved).read_text(encoding="utf-8").rstrip().endswith("</svg>")
        await pilot.press("q")
