"""Where a lab's server and clients run: ``process`` (each in a process of its own, its events
streamed to this one) or ``thread`` (threads of this process); see :mod:`server_core.processes`.
Named here, apart from the engines, so a command can offer the choice without loading them."""

ENGINES = ("process", "thread")
