"""The app's server: started (its accept loop in one of the app's thread workers) and stopped,
each said where the user is: a port in use or a host that cannot be bound is one line and one
notification, and the app goes on without a server.

A server in a child process (the ``process`` engine) takes a new interpreter's start to bind:
54 ms on an idle machine here, 245-340 ms on a loaded one, and up to ``START_BOUND`` (30 s) for
a child that never reports. That bind runs in a thread worker of group ``server``, the app
handing its ``Worker.StateChanged`` here (:meth:`ServerStarts.ended`): meanwhile the status says
the server is starting, the keys work, and a launch asked for waits for the server (it would
find no port yet) and then runs, in the order asked. A server in this process binds in a few
milliseconds (7 ms at most, loaded), at once.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.worker import Worker, WorkerState

from server_core import LabServer, ServerConfig, is_loopback
from server_core.processes import Server
from server_core.wire import address

from .strings import listen_failure

if TYPE_CHECKING:
    from .app import LabApp


class ServerStarts:
    """Starts and stops the server of ``app.lab``, keeping ``app.session``'s ``starting`` and
    ``listening`` in step, and holds the launches asked for while a server is being started."""

    def __init__(self, app: LabApp) -> None:
        self.app = app
        self._binding: dict[Worker, Server] = {}  # each bind worker's server
        self._waiting: list[Callable[[], object]] = []  # actions asked for during a start, in order

    def start(self, config: ServerConfig) -> bool:
        """Bind a server as ``config`` says and start its accept loop in a thread worker, at once
        in this process, else in a thread worker first; on failure say why and go on. Whether
        it listens now (False too while a server in a child process binds)."""
        app, lab = self.app, self.app.lab
        server = lab.prepare(config)
        if isinstance(server, LabServer):  # a few milliseconds: here
            try:
                lab.keep_bound(server)
            except OSError as exc:
                self._failed(config, exc)
                return False
            self._serve(server)
            return True
        app.session.starting = address((config.host, config.port))
        bind = partial(lab.bind_prepared, server)
        worker = app.run_worker(bind, name="bind", group="server", thread=True, exit_on_error=False)
        self._binding[worker] = server
        return False

    def ended(self, event: Worker.StateChanged) -> None:
        """A worker changed state: a bind that ended makes its server the lab's (if no stop or
        other start came meanwhile) or says why it failed; then the launches waiting run."""
        if event.state not in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            return
        server = self._binding.pop(event.worker, None)
        if server is None:
            return
        bound = event.state == WorkerState.SUCCESS
        if self.app.lab.settle(server, bound):
            self.app.session.starting = None
            if bound:
                self._serve(server)
                self.app.lab.move_server(self.app.note, self.app.start_server)  # p pressed meanwhile
            else:
                self._failed(server.config, event.worker.error)
        self._run_waiting()

    def later(self, action: Callable[..., object], *args: object) -> bool:
        """Whether ``action(*args)`` waits for the server being started (then it runs once the
        start is over, bound or not); False when none is: run it now."""
        if self.app.lab.starting is None:
            return False
        self._waiting.append(partial(action, *args))
        return True

    def stop(self) -> bool:
        """Stop the server, if one runs or is being started; whether one did or was. The
        launches waiting for a start run after the action that stopped it (a restart's wait for
        its own start)."""
        stopped = self.app.lab.stop_server()
        self.app.session.listening = self.app.session.starting = None
        self.app.call_later(self._run_waiting)
        return stopped

    def quit(self) -> None:
        """The app stops: the launches waiting are dropped (the lab has stopped its server)."""
        self._waiting.clear()
        self.app.session.listening = self.app.session.starting = None

    def _run_waiting(self) -> None:
        if self.app.lab.starting is None:
            waiting, self._waiting = self._waiting, []
            for action in waiting:
                action()

    def _serve(self, server: Server) -> None:
        """``server`` is bound: say so where a failure was said, and start its accept loop."""
        app, config = self.app, server.config
        app.say_fixed("note.port_busy", "note.cannot_listen")  # a port in use since fixed: said no more
        app.session.listening = app.lab.listening
        if not is_loopback(config.host):
            app.say("note.exposed", "warning", 12, host=config.host)
        app.run_worker(server.serve_forever, name="accept", group="server", thread=True, exit_on_error=False)

    def _failed(self, config: ServerConfig, exc: BaseException | None) -> None:
        """The server could not listen as ``config`` says: one line and one notification."""
        app = self.app
        name, values = listen_failure(exc, config.host, config.port, app.lang)
        slot = "note.port_busy" if name == "port_time_wait" else ""  # withdrawn as a busy port's is
        app.say(f"note.{name}", "error", 8, slot=slot, **values)
