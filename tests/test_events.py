"""The event bus: numbering, batches, history and the JSON form."""

import threading

from server_core import EventBus


def test_drain_returns_batches_in_seq_order_and_never_waits() -> None:
    bus = EventBus()
    assert bus.drain() == []
    for i in range(5):
        bus.emit("server", "received", client=i, text=str(i))
    first = bus.drain(limit=3)
    rest = bus.drain()
    assert [e.seq for e in first + rest] == [1, 2, 3, 4, 5]
    assert bus.drain() == []
    assert len(bus.history) == 5


def test_emit_from_many_threads_keeps_seq_gapless() -> None:
    bus = EventBus()

    def burst() -> None:
        for _ in range(2000):
            bus.emit("client", "sent")

    threads = [threading.Thread(target=burst) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    drained = bus.drain()
    assert [e.seq for e in drained] == list(range(1, 16001))


def test_to_dict_has_every_core_field_and_the_extras() -> None:
    bus = EventBus()
    event = bus.emit("client", "sent", client=2, local="127.0.0.1:5", text="hi", bytes=2, run=7)
    data = event.to_dict()
    assert set(data) == {"seq", "t", "side", "kind", "client", "local", "peer", "text", "bytes", "run"}
    assert data["run"] == 7 and data["peer"] is None and data["bytes"] == 2
