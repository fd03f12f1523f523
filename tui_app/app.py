"""The tcp-lab app: the engine's server in a worker, its events drained onto the screen in batches."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Log

from server_core import EventBus, LabServer, ServerConfig

from .strings import describe

DRAIN_PERIOD = 1 / 25  # seconds between batches taken from the event queue


class LabApp(App):
    """Runs a :class:`LabServer` and shows every event it reports."""

    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, host: str = "127.0.0.1", port: int = 8888, lang: str = "en") -> None:
        super().__init__()
        self.lang = lang
        self.bus = EventBus()
        self.server = LabServer(ServerConfig(host=host, port=port), self.bus)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Log(id="events", max_lines=5000)
        yield Footer()

    def on_mount(self) -> None:
        self.set_interval(DRAIN_PERIOD, self.drain)
        try:
            self.server.bind()
        except OSError as exc:
            self.query_one(Log).write_line(f"cannot listen: {exc.strerror or exc}")
            return
        self.run_worker(self.server.serve_forever, thread=True, exit_on_error=False)

    def drain(self) -> None:
        batch = self.bus.drain()
        if batch:
            self.query_one(Log).write_lines([describe(e, self.lang) for e in batch])

    def on_unmount(self) -> None:
        self.server.stop()


def run_app(host: str, port: int, lang: str) -> int:
    LabApp(host, port, lang).run()
    return 0
