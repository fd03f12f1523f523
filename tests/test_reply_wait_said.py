"""How the verdict words the wait for the server's reply: the p95 said with its meaning (95% of
replies came within it), "at once" only under AT_ONCE, "not at once" up to SERVER_WAIT, and a
mean above the p95 explained where it is shown, in English and Chinese."""

from __future__ import annotations

import pytest

from server_core import RunSummary
from tui_app.strings import tr
from tui_app.verdict import AT_ONCE, SERVER_WAIT, verdict

pytestmark = pytest.mark.timeout(10)
LANGS = ("en", "zh")


def waits(mean: float, p95: float, unanswered: int = 0) -> RunSummary:
    """A free run of 3 clients whose replies took ``mean`` and ``p95`` seconds from their send."""
    replied = [1, 2, 3][: 3 - unanswered]
    return RunSummary(3, 3 - unanswered, unanswered, 3, 1.0, [], [], 0, 0.0, 0.0, "free", 0.0, 1,
                      replied_order=replied, mean_reply_wait=mean, p95_reply_wait=p95,
                      unanswered=unanswered)  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
def test_a_p95_under_the_at_once_limit_is_at_once_and_says_its_limit(lang: str) -> None:
    said = verdict(waits(0.0003, 0.0004), lang)
    assert tr("verdict.answered_at_once", lang, p95=0.4, limit=10) in said, said
    assert ("p95 0.4 ms, under 10 ms" if lang == "en" else "p95 0.4毫秒，低于10毫秒") in said


@pytest.mark.parametrize("lang", LANGS)
def test_tens_of_milliseconds_are_not_called_at_once(lang: str) -> None:
    said = verdict(waits(0.02, 0.0428), lang)
    assert tr("verdict.answered_not_at_once", lang, p95=42.8, limit=10) in said, said
    assert tr("verdict.answered_at_once", lang, p95=42.8, limit=10) not in said
    assert ("answered at once" if lang == "en" else "服务器立即回复") not in said
    assert "42.8" in said
    some = verdict(waits(0.02, 0.0428, unanswered=1), lang)
    assert tr("verdict.answered_some_not_at_once", lang, count=2, p95=42.8, limit=10) in some, some


def test_the_limits_are_in_order_and_said_as_they_are() -> None:
    assert 0 < AT_ONCE < SERVER_WAIT
    assert "under 10 ms" in verdict(waits(0.0001, AT_ONCE / 2)) and AT_ONCE == 0.01
    assert "not at once" in verdict(waits(0.0001, AT_ONCE))  # the limit itself is not under it


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("p95", "key"),
    [
        (0.00996, "verdict.answered_not_at_once"),  # shown as 10.0 ms: not under 10 ms
        (0.00994, "verdict.answered_at_once"),  # shown as 9.9 ms
        (0.04996, "verdict.waited_for_server"),  # shown as 50.0 ms, so not "within 50.0 ms ... not at once"
        (0.04994, "verdict.answered_not_at_once"),  # shown as 49.9 ms
    ],
)
def test_each_limit_is_met_by_the_p95_as_shown(lang: str, p95: float, key: str) -> None:
    """p95 = 0.00996 s was called "at once ... within 10.0 ms (at once: p95 under 10 ms)": the
    raw value was under the limit, the one shown was not."""
    said = verdict(waits(0.001, p95), lang)
    if key == "verdict.waited_for_server":
        assert tr(key, lang, mean=0.001, p95=p95, limit=50) in said, said
    else:
        assert tr(key, lang, p95=round(p95 * 1000, 1), limit=10) in said, said


@pytest.mark.parametrize("lang", LANGS)
def test_a_mean_above_the_p95_says_a_few_very_long_waits_pull_it_up(lang: str) -> None:
    why = tr("verdict.mean_above_p95", lang)
    said = verdict(waits(0.91, 0.86), lang)
    assert tr("verdict.waited_for_server", lang, mean=0.91, p95=0.86, limit=50) + why in said, said
    assert why not in verdict(waits(0.35, 3.58), lang)
    assert why not in verdict(waits(0.861, 0.86), lang)  # both shown as 0.86: nothing to explain
