"""A client that got the server's error text as its reply is ok as a TCP client, but its row says
error: the summary line says for how many of the ok the handler reported an error, so the two
agree."""

from __future__ import annotations

from server_core import EventBus, summarize
from server_core.exhibits import run_exhibit
from tui_app.connections import ConnectionBook
from tui_app.verdict import summary_line

QUICK = 0.1  # seconds a handler waits for the lock before it gives up


def test_the_summary_counts_the_ok_clients_the_server_answered_with_its_error() -> None:
    bus = EventBus()
    run_exhibit("forgotten-release", bus=bus, patience=QUICK)  # client 1's request is bad
    events = list(bus.history)
    summary = summarize(events, 4, run=1)
    book = ConnectionBook()
    book.apply(events)
    erred = [conn.client for conn in book.connections.values() if conn.state == "error"]
    # clients 2-4 waited for the lock client 1's handler kept until their handlers gave up: their
    # error is that reply, so they failed (as the exhibit counts them stuck), their rows say error too
    assert (summary.ok, summary.failed, summary.server_errors, erred) == (1, 3, 1, [1, 2, 3, 4])
    assert summary_line(summary).endswith(
        "; for 1 of the ok the server's handler reported an error (their rows say error): "
        "a reply came over TCP, the request may still have failed"
    )
    zh = "；其中1个成功的客户端，服务器的处理线程报告了错误（其行显示错误）：TCP 上收到了回复，请求仍可能失败"
    assert summary_line(summary, "zh").endswith(zh)
