"""A launch while another program holds the lab's port: the app's server could not start, and
the clients go to that program. The launch says so, not that they "are refused unless another
server listens there" (the app knows one does), and the port is looked at only by a bind."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from pilot_helpers import until
from test_app_notifications import in_events

from tui_app.app import LabApp
from tui_app.lab_control import port_held
from tui_app.strings import tr

pytestmark = pytest.mark.timeout(30)


@pytest.fixture
def held() -> Iterator[int]:
    """A port another program listens on and never accepts from, for the test."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        yield listener.getsockname()[1]


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_launch_to_a_port_another_program_holds_says_the_clients_go_to_it(
    held: int, lang: str
) -> None:
    app = LabApp(port=held, lang=lang)
    async with app.run_test(size=(100, 30)) as pilot:
        failed = lambda: app.lab.starting is None and app.lab.server is None  # noqa: E731
        await until(pilot, failed, what="the start that failed")
        await pilot.press("f")
        said = tr("note.launch_port_held", lang, run=1, address=f"127.0.0.1:{held}")
        await until(pilot, lambda: in_events(app, said), what="where the clients go")
        refused = tr("note.launch_no_server", lang, run=1, address=f"127.0.0.1:{held}")
        assert not in_events(app, refused)
        await pilot.press("q")


def test_a_port_is_held_only_while_a_program_listens_there() -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        assert port_held("127.0.0.1", port)
    assert not port_held("127.0.0.1", port)  # closed: free (a bind with SO_REUSEADDR takes it)
