"""A notification about a failure goes once the user has fixed it: a port in use, then another
port typed in the form and the server listening on it."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from pilot_helpers import set_field, until
from textual.widgets._toast import Toast

from tui_app.app import LabApp
from tui_app.strings import LANGS


def toasts(app: LabApp) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query(Toast)]


@pytest.mark.parametrize("lang", LANGS)
async def test_the_busy_port_notification_goes_when_the_server_listens_on_another(lang: str) -> None:
    """``cannot listen: port 22602 … already in use`` stayed on top of the events pane for
    seconds after ``listening on 127.0.0.1:22603``."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        app = LabApp(port=port, lang=lang)
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await until(pilot, lambda: any(str(port) in text for text in toasts(app)), what="said")
            assert app.session.listening is None
            set_field(app, "port", "0")
            await app.run_action("start_server")
            await until(pilot, lambda: app.session.listening is not None, what="listening")
            await until(pilot, lambda: not toasts(app), timeout=3.0, what="the failure's notification gone")
            await pilot.press("q")


async def test_a_failed_screenshot_is_no_longer_said_once_one_is_saved(tmp_path: Path) -> None:
    app = LabApp(port=0)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        assert app.deliver_screenshot(path=str(tmp_path / "missing")) is None
        await until(pilot, lambda: len(toasts(app)) == 1, what="said")
        saved = app.deliver_screenshot(path=str(tmp_path))
        assert saved is not None
        name = Path(saved).name
        await until(pilot, lambda: len(toasts(app)) == 1 and name in toasts(app)[0], what="saved, alone")
        await pilot.press("q")
