"""The app's server: started (its accept loop in one of the app's thread workers) and stopped,
each said where the user is: a port in use or a host that cannot be bound is one line and one
notification, and the app goes on without a server.
"""

from __future__ import annotations

import errno
from typing import TYPE_CHECKING

from server_core import ServerConfig, is_loopback

from .strings import os_reason

if TYPE_CHECKING:
    from .app import LabApp


class ServerStarts:
    """Starts and stops the server of ``app.lab``, keeping ``app.session.listening`` in step."""

    def __init__(self, app: LabApp) -> None:
        self.app = app

    def start(self, config: ServerConfig) -> bool:
        """Bind and start the accept loop in a thread worker; on failure say why and go on.
        Whether it listens now."""
        app = self.app
        try:
            server = app.lab.bind(config)
        except OSError as exc:
            key = "note.port_busy" if exc.errno == errno.EADDRINUSE else "note.cannot_listen"
            app.say(key, "error", 8, host=config.host, port=config.port, reason=os_reason(exc, app.lang))
            return False
        app.say_fixed("note.port_busy", "note.cannot_listen")  # a port in use since fixed: said no more
        app.session.listening = app.lab.listening
        if not is_loopback(config.host):
            app.say("note.exposed", "warning", 12, host=config.host)
        app.run_worker(server.serve_forever, name="accept", group="server", thread=True, exit_on_error=False)
        return True

    def stop(self) -> bool:
        """Stop the server, if one runs; whether one did."""
        stopped = self.app.lab.stop_server()
        self.app.session.listening = None
        return stopped
