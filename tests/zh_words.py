"""Which Latin words Chinese text may show: the tests of the screens and of the tables share it."""

from __future__ import annotations

import re

# Words a Chinese screen may show in Latin letters: protocol and socket terms, Python names, the
# values typed into fields (modes, accept modes), key names and the program's own name.
ALLOWED = {
    "TCP", "UDP", "ACK", "TIME_WAIT", "keep-alive", "EAGAIN", "Linux", "Nagle",
    "accept", "backlog", "recv", "join",
    "threading.Lock", "threading.Semaphore", "queue.Queue", "BlockingIOError", "PermissionError",
    "free", "lock", "semaphore", "queue", "sequential", "blocking", "timeout", "nonblocking",
    "thread", "process",  # --engine's values
    "reuse", "new",  # --threads' values
    "main", "timeline", "comparison",  # --view's values
    "en", "zh",  # --lang's values
    "NAME", "VALUE", "ctrl", "esc", "escape", "Esc", "Tab", "Enter", "Home", "End", "Shift", "tcp-lab", "p95",
    "max", "with", "acquire", "release", "add", "ten",  # code, and an exhibit's request "add ten"
}  # fmt: skip
SOCKET_OPTION = re.compile(r"(SO|TCP)_[A-Z]+")
OPTION = re.compile(r"--[a-z][a-z-]*")  # a command-line option (--engine, --export): typed as it is
NAME = re.compile(r"r\d+(\.\d+)?")  # a client's name, r2.1: the second run's first client
THREAD = re.compile(r"handler-\d+")  # a handler thread's name, as the server names it
LANE = re.compile(r"h\d+(-h\d+)?")  # an exhibit handler as its lane names it (h1), or a run (h1-h3)


def english(text: str, allowed: set[str] = ALLOWED) -> list[str]:
    """The words of two letters or more in ``text`` that are not ``allowed`` in Chinese."""
    words = re.findall(r"[A-Za-z][A-Za-z0-9_.\-]*[A-Za-z0-9]", OPTION.sub(" ", text))
    named = (SOCKET_OPTION, NAME, THREAD, LANE)
    kept = {w for w in words if w in allowed or any(pattern.fullmatch(w) for pattern in named)}
    return sorted(set(words) - kept)
