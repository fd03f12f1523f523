"""What a run amounted to, in plain words, built from its summary's figures alone.

The command line, the app's notes and run header, and the comparison all say it with these
functions, so no two sentences about one run can disagree: each clause reads one figure.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from server_core import RunSummary

from .strings import tr

NO_WAIT = 0.001  # seconds: a turn granted faster than this was not waited for
SERVER_WAIT = 0.05  # seconds from send to reply (p95) past which clients waited for the server
ORDER_KEYS = ("launch_order", "accept_order", "replied_order")  # the rows shown side by side


def verdict(summary: RunSummary, lang: str = "en") -> str:
    """One plain sentence, e.g. "8 clients, all 8 at once, accepted out of launch order at 3 of
    8 places, the server answered at once"; see the ``verdict.*`` texts for every clause."""
    n = summary.clients
    parts = [tr("verdict.clients", lang, n=n), _together(summary, lang)]
    parts += _turns(summary, lang)
    parts += _disorder(summary, lang)
    parts += _server(summary, lang)
    if summary.failed:
        key = "verdict.all_failed" if summary.failed >= n else "verdict.failed"
        parts.append(tr(key, lang, failed=summary.failed, n=n))
    return tr("verdict.separator", lang).join(parts)


def _together(summary: RunSummary, lang: str) -> str:
    """How many clients were connected at once."""
    n, peak = summary.clients, summary.max_concurrency
    if peak == 0:
        return tr("verdict.none_connected", lang)
    if peak == 1:
        return tr("verdict.one_at_a_time", lang)
    if peak >= n:
        return tr("verdict.all_at_once", lang, n=n)
    return tr("verdict.at_most", lang, k=peak)


def _turns(summary: RunSummary, lang: str) -> list[str]:
    """Who waited for a turn; nothing where no turn was asked for (free order grants none)."""
    if not summary.request_order:
        return []
    if summary.p95_wait < NO_WAIT and summary.out_of_order == 0:
        return [tr("verdict.nobody_waited", lang)]
    if summary.out_of_order == 0:
        return [tr("verdict.in_order", lang, wait=summary.mean_wait)]
    times = {1: "verdict.once", 2: "verdict.twice"}.get(summary.out_of_order, "verdict.times")
    count = tr(times, lang, count=summary.out_of_order)
    return [tr("verdict.out_of_order", lang, count=count, wait=summary.mean_wait)]


def _disorder(summary: RunSummary, lang: str) -> list[str]:
    """Where the server's accept order (else the reply order) left the launch order."""
    key, order = "verdict.accepted_apart", summary.accept_order
    if order is None:
        key, order = "verdict.replied_apart", summary.replied_order
    if not order or summary.launch_order is None:
        return []
    apart = sum(differs(order, summary.launch_order))
    if not apart:
        return [tr(key.replace("_apart", "_in_order"), lang)]
    return [tr(key, lang, count=apart, n=len(order))]


def _server(summary: RunSummary, lang: str) -> list[str]:
    """Whether clients waited for the server's reply (a server lock, queue, semaphore or delay)."""
    if not summary.replied_order:
        return []
    if summary.p95_reply_wait >= SERVER_WAIT:
        mean, p95 = summary.mean_reply_wait, summary.p95_reply_wait
        return [tr("verdict.waited_for_server", lang, mean=mean, p95=p95)]
    return [tr("verdict.answered_at_once", lang, p95=summary.p95_reply_wait * 1000)]


def differs(order: list[int], launch: list[int]) -> list[bool]:
    """For each position of ``order``, whether it holds another client than ``launch`` does there."""
    return [i >= len(launch) or who != launch[i] for i, who in enumerate(order)]


def order_rows(summary: RunSummary) -> list[tuple[str, list[int], list[bool]]]:
    """(key, order, marks) for the launch, accept (when known) and reply orders: ``marks`` tell
    the positions where the order differs from the launch order (the order nobody chose)."""
    launch = summary.launch_order or []
    rows = []
    for key in ORDER_KEYS:
        order = getattr(summary, key)
        if order is not None:
            rows.append((key, order, differs(order, launch)))
    return rows


def marked(order: list[int], marks: list[bool]) -> Text:
    """``order`` as numbers, the marked ones highlighted."""
    text = Text()
    for i, (who, mark) in enumerate(zip(order, marks, strict=True)):
        if i:
            text.append(" ")
        text.append(str(who), "bold reverse" if mark else "")
    return text or Text("-")


def order_lines(summary: RunSummary, lang: str = "en") -> list[str]:
    """The orders as plain lines, marked positions in brackets: "accepted  1 [3] [2] 4"."""
    rows = order_rows(summary)
    labels = [tr(f"order.{key}", lang) for key, _, _ in rows]
    width = max((cell_len(label) for label in labels), default=0)
    lines = []
    for label, (_, order, marks) in zip(labels, rows, strict=True):
        cells = [f"[{who}]" if mark else str(who) for who, mark in zip(order, marks, strict=True)]
        lines.append(f"{label}{' ' * (width - cell_len(label))}  {' '.join(cells) or '-'}")
    return lines


def summary_line(summary: RunSummary, lang: str = "en") -> str:
    """One line of counts: clients, ok, failed, makespan."""
    return tr("cli.summary", lang, **summary.to_dict())
