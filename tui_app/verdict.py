"""What a run amounted to, in plain words, built from its summary's figures alone.

The command line, the app's notes and run header, and the comparison all say it with these
functions, so no two sentences about one run can disagree: each clause reads one figure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from server_core import RunSummary
from server_core.timeline import NO_WAIT  # a turn granted faster was not waited for: no lane draws it

from .strings import tr as text
from .strings.tables import Count
from .width import text_width

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from rich.text import Text

SERVER_WAIT = 0.05  # seconds from send to reply (p95) past which clients waited for the server
AT_ONCE = 0.01  # seconds from send to reply (p95) under which the server answered at once
ORDER_KEYS = ("launch_order", "accept_order", "replied_order", "closed_order")  # the rows shown side by side
DISORDER_KEYS = ORDER_KEYS[1:]  # the orders a verdict holds to the launch order: every one shown


def tr(key: str, lang: str = "en", **values: object) -> str:
    """The text ``key`` in ``lang`` (:func:`tui_app.strings.tr`), each whole number in ``values``
    written as the app writes a count (``1,000``, :class:`~tui_app.strings.tables.Count`): every
    number a verdict or a summary line fills in is a count or a place, none a name or a port."""
    return text(key, lang, **{name: Count(v) if type(v) is int else v for name, v in values.items()})


HELD_SAID = 0.005  # seconds held in step mode worth a clause: less would read "held 0.00 s"
TURNS_SHOWN = 10  # client numbers a turn order shows at most; a longer one, where the orders part


def verdict(summary: RunSummary, lang: str = "en", counted: bool = False, tallied: bool = False) -> str:
    """One plain sentence, e.g. "8 clients, all at once, out of launch order (out of place: 3
    of 8 accepted, 5 of 8 closed), replies at once (p95 0.4 ms, under 10 ms)"; see
    the ``verdict.*`` texts
    for every clause. ``counted``: the words before it already gave the number of clients (a
    summary line, a run's heading), so the sentence starts at how many were connected at once;
    ``tallied``: they gave how many failed (and were refused) and were stopped too (the summary
    line), so the sentence does not say them again."""
    return tr("verdict.separator", lang).join(clauses(summary, lang, counted, tallied))


def clauses(
    summary: RunSummary, lang: str = "en", counted: bool = False, tallied: bool = False, numbers: bool = True
) -> list[str]:
    """The clauses of :func:`verdict`, in its order; without ``numbers``, a grant out of request
    order is said without the turns' client numbers where they are too many to show whole
    (``granted out of request order 3 times``)."""
    n = summary.clients
    parts = [] if counted else [tr("verdict.clients", lang, n=n)]
    parts.append(_together(summary, lang))
    parts += _turns(summary, lang, numbers)
    parts += _disorder(summary, lang)
    parts += _server(summary, lang)
    parts += _held(summary, lang)
    if tallied:
        return parts
    if summary.failed:
        key = "verdict.all_failed" if summary.failed >= n else "verdict.failed"
        parts.append(tr(key, lang, failed=summary.failed, n=n))
        if summary.refused:  # why, as the summary line says it
            parts.append(tr("verdict.refused", lang, count=summary.refused))
    if summary.stopped:  # by the user: not failed
        key = "verdict.all_stopped" if summary.stopped >= n else "verdict.stopped"
        parts.append(tr(key, lang, count=summary.stopped, n=n))
    return parts


def summary_and_verdict(
    summary: RunSummary, lang: str = "en", fits: Callable[[str], bool] | None = None
) -> str:
    """The summary line's counts, then the verdict, each fact once: "3 clients: 0 ok, 0 failed,
    3 stopped; 1.204 s; all at once, ..." (the verdict leaves out the counts the line gave).

    Given ``fits`` (whether a text is short enough where it is shown: the events pane's eight
    rows at 80x24), the longest of: the whole; a long turn order's client numbers left out; the
    counts and as many of the verdict's first clauses as fit, ended by a pointer to the timeline,
    which says it whole (``...; more on the timeline (t)``)."""
    line = summary_line(summary, lang)
    whole = tr("note.summary_and_verdict", lang, summary=line, verdict=verdict(summary, lang, True, True))
    if fits is None or fits(whole):
        return whole
    parts = clauses(summary, lang, True, True, numbers=False)
    joined = tr("verdict.separator", lang).join
    if fits(said := tr("note.summary_and_verdict", lang, summary=line, verdict=joined(parts))):
        return said
    for kept in range(len(parts) - 1, 0, -1):
        said = tr("verdict.rest_on_timeline", lang, said=tr(
            "note.summary_and_verdict", lang, summary=line, verdict=joined(parts[:kept])))
        if fits(said):
            return said
    return tr("verdict.rest_on_timeline", lang, said=line)


def _held(summary: RunSummary, lang: str) -> list[str]:
    """How long step mode held the run's threads: the run's held time (each moment once, never
    longer than the run), then for the turn and the reply waits that left held time out, how much,
    a sum over the clients whose waits it fell in, said as such. Nothing below :data:`HELD_SAID`."""
    parts = [tr("verdict.held_by_hand", lang, held=summary.held)] if summary.held >= HELD_SAID else []
    waits = [
        ("turn", summary.held_turn_wait, summary.held_turn_clients),
        ("reply", summary.held_reply_wait, summary.held_reply_clients),
    ]
    for name, held, count in waits:
        if held >= HELD_SAID / 2:
            parts.append(tr(f"verdict.held_waits.{name}", lang, held=held, count=max(count, 1)))
    return parts


def _together(summary: RunSummary, lang: str) -> str:
    """How many clients were connected at once; "before the stop" when the user's stop kept
    some from connecting (the most at once is then the stop's doing as much as the run's). A run
    stepped by a schedule, or by hand (the user picked a step of it), had what the schedule or
    the user chose: said so instead."""
    if summary.stepped is not None:
        return tr(f"verdict.stepped_by_{summary.stepped}", lang)
    n, peak = summary.clients, summary.max_concurrency
    if peak == 0:
        said = tr("verdict.none_connected", lang)
    elif peak == 1:
        said = tr("verdict.one_at_a_time", lang)
    elif peak >= n:
        return tr("verdict.all_at_once", lang)
    else:
        said = tr("verdict.at_most", lang, k=peak)
    if summary.stopped and len(summary.connected_order or []) < n:
        return tr("verdict.before_stop", lang, said=said)
    return said


def _turns(summary: RunSummary, lang: str, numbers: bool = True) -> list[str]:
    """Who waited for a turn, and who asked and never got one; nothing where no turn was asked
    for (free order grants none). One grant (the rest stopped before theirs) orders nothing.
    A grant out of request order gives both orders' client numbers (:func:`turn_orders`); not
    ``numbers``: only when they are whole (a few turns)."""
    if not summary.request_order:
        return []
    parts = []
    if summary.order:
        ungranted = len(summary.order) < len(summary.request_order)  # never granted, or stopped first
        said = None
        if summary.p95_wait < NO_WAIT and summary.out_of_order == 0 and not ungranted:
            parts.append(tr("verdict.nobody_waited", lang))
        elif summary.out_of_order == 0:
            if len(summary.order) >= 2:
                said = tr("verdict.in_order", lang, wait=summary.mean_wait)
        else:
            times = {1: "verdict.once", 2: "verdict.twice"}.get(summary.out_of_order, "verdict.times")
            count = tr(times, lang, count=summary.out_of_order)
            asked, granted, window = turn_orders(summary.request_order, summary.order)
            key = "verdict.out_of_order" if window is None else "verdict.turns_part"  # where, of how many
            key = key if numbers or window is None else "verdict.out_of_order_said"
            first, last = window or (1, len(summary.request_order))
            said = tr(
                key, lang, count=count, asked=asked, granted=granted, wait=summary.mean_wait, first=first,
                last=last, asked_n=len(summary.request_order), granted_n=len(summary.order),
            )
        if said is not None and ungranted:  # the mean wait holds only the clients granted a turn
            said = tr("verdict.mean_over_granted", lang, said=said, count=len(summary.order))
        parts += [said] if said is not None else []
    if summary.never_granted:
        parts.append(tr("verdict.never_granted", lang, count=summary.never_granted))
    if summary.stopped_waiting and summary.stopped_wait is not None:
        waiting, stopped = summary.stopped_waiting, summary.stopped
        said = tr("verdict.stopped_waiting", lang, count=waiting, stopped=stopped, wait=summary.stopped_wait)
        if summary.stopped_held_wait >= HELD_SAID / 2:  # the hand that kept the turn: said, not left out
            said = tr("verdict.stopped_waiting_held", lang, said=said, held=summary.stopped_held_wait)
        parts.append(said + _stopped_rest(summary, lang))
    return parts


def _stopped_rest(summary: RunSummary, lang: str) -> str:
    """The stopped clients that were not waiting for a turn, so that the counts add up in the
    text: " (the rest: 1 already granted a turn)"; "" when every stopped client was waiting."""
    granted = summary.stopped_granted
    unasked = summary.stopped - summary.stopped_waiting - granted
    items = [tr("verdict.stopped_granted", lang, count=granted)] if granted else []
    items += [tr("verdict.stopped_unasked", lang, count=unasked)] if unasked > 0 else []
    return tr("verdict.stopped_rest", lang, items=tr("verdict.apart_join", lang).join(items)) if items else ""


def turn_orders(asked: list[int], granted: list[int]) -> tuple[str, str, tuple[int, int] | None]:
    """The request and the grant orders as client numbers (``"1 2 3"``, ``"2 1 3"``), so that a
    grant out of request order can be checked, and the turns they show: None when whole (up to
    :data:`TURNS_SHOWN` clients), else ``(first, last)``, counted from 1, of the
    :data:`TURNS_SHOWN` turns shown from the first where the two differ (or the last that many):
    the sentence says which turns and of how many, never a bare ``…`` that reads as clients left
    out of the numbers shown."""
    longest = max(len(asked), len(granted))
    if longest <= TURNS_SHOWN:
        return " ".join(map(str, asked)), " ".join(map(str, granted)), None
    apart = [at for at in range(longest) if asked[at : at + 1] != granted[at : at + 1]]
    start = min(apart[0] if apart else 0, longest - TURNS_SHOWN)
    end = start + TURNS_SHOWN
    shown = (" ".join(map(str, order[start:end])) or "-" for order in (asked, granted))
    return next(shown), next(shown), (start + 1, end)


def _disorder(summary: RunSummary, lang: str) -> list[str]:
    """Which of the accept, reply and close orders left the launch order, and at how many places;
    or that none did. An order of fewer than two clients (one accepted before a stop) orders
    nothing: it is not said. The close order holds no client the user stopped (the stop closed
    it, not the run: see :class:`~server_core.RunSummary`). One rule for the three: an order is
    compared over the clients that got that far (see :func:`differs`), and where some of the
    run's clients did not, its figure says of how many ("1 of the 2 closed") and a clause of its
    own says how many did, order by order ("each order over only the clients that got that far
    (2 of 3 accepted)"), so a client missing never reads as a client in its place; an order out
    of place said it already ("2 of the 2 accepted", the run's clients said before). A refused
    client got no further than its connect: the server closed it, it is in no later order.
    A client that failed or timed out is judged in no order (:func:`judged`): it closed when its
    error came, not in the run's own order; a run where none got a reply and every order left
    was such clients' has no order to judge, and says so."""
    launch = summary.launch_order
    orders = [(key, judged(summary, getattr(summary, key))) for key in DISORDER_KEYS]
    known = [(key, order) for key, order in orders if order and len(order) >= 2]
    if launch is None or not known:
        unjudged = any(len(getattr(summary, key) or []) >= 2 for key in DISORDER_KEYS)
        return [tr("verdict.no_order", lang)] if summary.replied_order == [] and unjudged else []
    apart = [(key, sum(differs(order, launch)), len(order)) for key, order in known]
    item = {True: "verdict.apart_item", False: "verdict.apart_some"}  # by whether all got that far
    items = [
        tr(item[n >= summary.clients], lang, name=tr(f"verdict.name.{key}", lang), count=count, n=n)
        for key, count, n in apart
        if count
    ]
    in_order = [tr(f"verdict.name.{key}", lang) for key, count, _ in apart if not count]
    kept = tr("verdict.names_join", lang).join(in_order)
    if items:
        said = tr("verdict.apart", lang, items=tr("verdict.apart_join", lang).join(items))
        said = tr("verdict.apart_rest", lang, apart=said, names=kept) if kept else said  # each order named
    else:
        said = tr("verdict.in_launch_order", lang, names=kept)
    n = summary.clients
    in_place = {key for key, count, _ in apart if not count}  # an item out of place said its "of the 15"
    short = [
        tr("verdict.compared_item", lang, name=tr(f"verdict.name.{key}", lang), got=len(order), n=n)
        for key, order in known
        if len(order) < n and key in in_place
    ]
    if not short:
        return [said]
    return [said, tr("verdict.compared", lang, items=tr("verdict.apart_join", lang).join(short))]


def _server(summary: RunSummary, lang: str) -> list[str]:
    """Whether clients waited for the server's reply (a server lock, queue, semaphore or delay),
    and how many sent and waited in vain (their timeout, or the server closed). The p95 decides
    and is said with the limit it is judged against (95% of replies came within it, as the help
    says): under :data:`AT_ONCE` the
    server answered at once, under :data:`SERVER_WAIT` it answered, not at once, from there on
    the clients waited for it, each limit met by the p95 as shown (in ms to .1: 9.996 ms is
    10.0 ms, not at once); a mean above the p95 is said to come from a few very long waits.
    Where step mode held a thread during those waits, the figure says right beside it that the
    held time is left out of it (a stepped run's "p95 0.0 ms" read as a wait that never was)."""
    parts = []
    mean, p95 = summary.mean_reply_wait, summary.p95_reply_wait
    unheld = "_unheld" if summary.held_reply_wait >= HELD_SAID / 2 else ""
    if mean is not None and p95 is not None:
        shown = round(p95 * 1000, 1)  # ms, as the sentences under SERVER_WAIT show it
        if shown >= round(SERVER_WAIT * 1000, 1):
            limit = round(SERVER_WAIT * 1000)
            said = tr(f"verdict.waited_for_server{unheld}", lang, mean=mean, p95=p95, limit=limit)
            if round(mean, 2) > round(p95, 2):  # as shown: "0.91 s mean, 0.86 s p95"
                said += tr("verdict.mean_above_p95", lang)
            parts.append(said)
        else:
            how = "at_once" if shown < round(AT_ONCE * 1000, 1) else "not_at_once"
            some = "some_" if summary.unanswered else ""
            answered = len(summary.replied_order or [])
            key = f"verdict.answered_{some}{how}{unheld}"
            parts.append(tr(key, lang, count=answered, p95=shown, limit=round(AT_ONCE * 1000)))
    if summary.reply_timeouts:
        parts.append(tr("verdict.timed_out_waiting", lang, count=summary.reply_timeouts))
    if summary.unanswered > summary.reply_timeouts:
        parts.append(tr("verdict.no_reply", lang, count=summary.unanswered - summary.reply_timeouts))
    return parts


def judged(summary: RunSummary, order: list[int] | None) -> list[int] | None:
    """``order`` less the clients that failed or timed out: those that closed with no reply
    (their error closed them, when it came, not the run's course); ``order`` itself where the
    replies are not known. A client the user stopped is no failure: its earlier places stay."""
    if order is None or summary.replied_order is None:
        return order
    failed = set(summary.closed_order or []) - set(summary.replied_order)
    return [who for who in order if who not in failed]


def differs(order: list[int], launch: list[int]) -> list[bool]:
    """For each position of ``order``, whether it holds another client than the launch order does
    there, over the same clients: a client that never got that far (refused, failed) puts no
    other one out of place."""
    present = set(order)
    same = [who for who in launch if who in present]
    return [i >= len(same) or who != same[i] for i, who in enumerate(order)]


def order_rows(summary: RunSummary) -> list[tuple[str, list[int], list[bool]]]:
    """(key, order, marks) for the launch, accept (when known), reply and close orders: ``marks`` tell
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
    from rich.text import Text  # the app's panes; the command line writes plain lines

    text = Text()
    for i, (who, mark) in enumerate(zip(order, marks, strict=True)):
        if i:
            text.append(" ")
        text.append(str(who), "bold reverse" if mark else "")
    return text or Text("-")


class OrderLines(NamedTuple):
    """:func:`order_lines`' lines, and whether one of them says ``-`` for an order shorter than
    another, past its end (``shorter``: what that ``-`` means is to be said once under them); the
    ``-`` of an order not known here (said in the first block) is not that."""

    lines: list[str]
    shorter: bool


def ends_short(lengths: Iterable[int], shown: int, per_line: int) -> bool:
    """Whether an order of one of ``lengths`` (clients) ends before the last block of ``shown``
    columns cut ``per_line`` a block: its line in that block says ``-``, as one shorter than
    another. The one decision of :func:`order_lines` and the timeline's order blocks."""
    last_block = (max(shown, 1) - 1) // per_line * per_line
    return any(length <= last_block for length in lengths)


def order_lines(
    summary: RunSummary, lang: str = "en", width: int | None = None, blocks: int | None = None
) -> OrderLines:
    """The launch, accept, reply and close orders as plain lines, marked positions in brackets:
    "accepted   1 [3] [2]  4"; and whether a shorter order's ``-`` is among them (see
    :class:`OrderLines`).

    Every order is a line of every block (``-`` where it has no client, as a stopped run's close
    order past its last); one not known here (the accept order of clients whose server is another
    process, or of none at all) says why once, in the first block, and ``-`` in the
    others. The numbers stand in columns as wide as the widest, so a client's place lines up on
    every line; given ``width`` (terminal columns), the columns are cut into blocks of lines that
    fit, each block repeating the labels; given ``blocks`` too, at most that many blocks, as the
    timeline's header shows them: an order with more says how many (``… 169 more``) at the end of
    its last line.
    """
    rows = order_rows(summary)
    known = {key for key, _, _ in rows}
    labels = {key: tr(f"order.{key}", lang) for key in ORDER_KEYS}
    label_width, marking, digits, cell_width, per_line, longest = _columns(rows, lang, width)
    cells = {
        key: [_cell(who, mark, digits, marking) for who, mark in zip(order, marks, strict=True)]
        for key, order, marks in rows
    }
    shown = longest
    if width and blocks and longest > blocks * per_line:  # the last block's lines leave room for the count
        more = text_width(tr("timeline.more", lang, count=longest)) + 1
        shown = (blocks - 1) * per_line + max(1, (width - label_width - 1 - more) // cell_width)
    lines = []
    for first in range(0, max(shown, 1), per_line):
        last = min(first + per_line, shown)
        for key in ORDER_KEYS:
            pad = " " * (label_width - text_width(labels[key]))
            if key not in known:  # why said once, in the first block; a later block's line is -
                # out of sight: the accepts of a server in another process, or of none answering
                unseen = "order.not_seen" if summary.connected_order else "order.not_seen_no_server"
                lines.append(f"{labels[key]}{pad}  {tr(unseen, lang) if first == 0 else '-'}")
                continue
            part = "".join(f" {cell}" for cell in cells[key][first:last])
            line = f"{labels[key]}{pad} {part or ' -'}".rstrip()  # a shorter order: - past its end
            if last == shown and len(cells[key]) > shown:
                line += " " + tr("timeline.more", lang, count=len(cells[key]) - shown)
            lines.append(line)
    return OrderLines(lines, ends_short((len(order) for _, order, _ in rows), shown, per_line))


def orders_cut(summary: RunSummary, lang: str, width: int | None, blocks: int) -> bool:
    """Whether :func:`order_lines` given ``width`` and ``blocks`` leaves clients out (``… 169
    more``), found without laying the orders out."""
    _, _, _, _, per_line, longest = _columns(order_rows(summary), lang, width)
    return bool(width) and longest > blocks * per_line


def _columns(
    rows: list[tuple[str, list[int], list[bool]]], lang: str, width: int | None
) -> tuple[int, bool, int, int, int, int]:
    """How :func:`order_lines` lays ``rows`` out in ``width`` columns: the labels' width, whether
    any number is marked, the numbers' digits, a cell's width with its space, the cells a line
    holds and the longest order's length."""
    label_width = max(text_width(tr(f"order.{key}", lang)) for key in ORDER_KEYS)
    marking = any(any(marks) for _, _, marks in rows)
    digits = max((len(str(who)) for _, order, _ in rows for who in order), default=1)
    cell_width = digits + (3 if marking else 1)  # a cell and the space before it
    longest = max((len(order) for _, order, _ in rows), default=0)
    room = (width - label_width - 1) // cell_width if width else 0
    per_line = max(1, room) if width else max(1, longest)
    return label_width, marking, digits, cell_width, per_line, longest


def _cell(who: int, mark: bool, digits: int, marking: bool) -> str:
    """One client's number, right-aligned in ``digits`` (`` [3]``, ``[12]``, ``  4 ``); in
    brackets when marked, else with room for them when any number is marked."""
    if not marking:
        return f"{who:>{digits}}"
    return f"{'[' + str(who):>{digits + 1}}]" if mark else f"{who:>{digits + 1}} "


def summary_line(summary: RunSummary, lang: str = "en") -> str:
    """One line of counts: clients, ok, failed (and stopped, when the user stopped some, with how
    many of them had their reply first), makespan; then how many of the failed the server
    refused, and for how many of the ok the server's handler reported an error, when it did
    for some."""
    key = "cli.summary_stopped_replied" if summary.stopped_after_reply else "cli.summary_stopped"
    line = tr(key if summary.stopped else "cli.summary", lang, **summary.to_dict())
    if summary.refused:  # failed, and why: the server would not serve them
        line = tr("cli.summary_refused", lang, line=line, count=summary.refused)
    if summary.server_errors:  # "ok" as TCP clients: say whose handler reported an error
        line = tr("cli.summary_server_errors", lang, line=line, count=summary.server_errors)
    return line
