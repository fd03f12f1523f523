"""Saying events: the table's text of a line is picked once per kind of line, not per event."""

from __future__ import annotations

from server_core import EventBus
from tui_app.strings import phrasing


def test_a_run_of_many_clients_picks_each_kind_of_lines_text_once() -> None:
    bus = EventBus()
    for i in range(1, 201):
        bus.emit("client", "connecting", i, peer="127.0.0.1:9", run=1)
        say = bus.emitter("client", i, f"127.0.0.1:{40000 + i}", "127.0.0.1:9")
        say("sent", text=f"客户端{i}连接成功", bytes=21, run=1)
        say("received", text="收到客户端信息", bytes=21, run=1)
        say("disconnected", text="closed", run=1)
    events = bus.drain()
    phrasing._text_of.cache_clear()
    lines = {lang: [phrasing.describe(e, lang, True) for e in events] for lang in ("en", "zh")}
    assert phrasing._text_of.cache_info().misses == 2 * 4  # four kinds of line, two languages
    assert len(set(lines["en"])) == len(events)  # each line its own client's
