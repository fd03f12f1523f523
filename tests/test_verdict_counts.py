"""A verdict and a summary line write every count as the rest of the app does, with thousands
separators (``292 of 1,000``), in the app's header and on the command line alike."""

from __future__ import annotations

import pytest

from server_core import RunSummary
from tui_app.verdict import summary_line, verdict

pytestmark = pytest.mark.timeout(30)
N = 1000


def crowd() -> RunSummary:
    """A run of :data:`N` clients, the last two accepted swapped, four failed."""
    launch = list(range(1, N + 1))
    return RunSummary(
        clients=N, ok=N - 4, failed=4, max_concurrency=N, makespan=2.5, order=[], request_order=[],
        out_of_order=0, mean_wait=0.0, p95_wait=0.0, launch_order=launch,
        accept_order=[*launch[:-2], N, N - 1],
    )  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_count_of_a_verdict_and_a_summary_line_has_thousands_separators(lang: str) -> None:
    said = verdict(crowd(), lang) + " " + summary_line(crowd(), lang)
    assert "1,000" in said and "996" in said, said
    assert "1000" not in said, said
