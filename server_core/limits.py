"""The process's file-descriptor limit: how many sockets the server may hold at once."""

from __future__ import annotations

import contextlib
import os

try:
    import resource
except ImportError:  # not on every platform
    resource = None  # type: ignore[assignment]


def raise_descriptor_limit() -> int | None:
    """Raise the soft RLIMIT_NOFILE to the hard limit where allowed; return the soft limit now.

    None when the platform has no such limit. Never raises: a refusal keeps the old limit.
    """
    if resource is None:
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 1 << 20)
        with contextlib.suppress(OSError, ValueError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    return None if soft == resource.RLIM_INFINITY else soft


def open_reserve() -> int | None:
    """A spare descriptor to give back when the process runs out; None when none is free."""
    try:
        return os.open(os.devnull, os.O_RDONLY)
    except OSError:
        return None


def close_reserve(fd: int | None) -> None:
    """Give the spare descriptor back to the process (None: nothing to do)."""
    if fd is not None:
        os.close(fd)
