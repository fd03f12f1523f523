"""The physical reference: ``bench/echo.c`` built at bench time, as a server and a load generator.

When a C compiler (``cc``) is present, :func:`binary` builds ``echo.c`` once per benchmark run
into a temporary directory (removed at exit) and returns its path; when not, None, and
:func:`note` says why, for the table's footer. Nothing built is ever kept in the repository.

:func:`generate` runs the C load generator: round trips or connection cycles, its connections
spread over several loopback source addresses (127.0.0.2, ...). It costs a few microseconds of
CPU per operation, far below any Python server's, so it measures the server and not itself (the
C server's row, driven by the same generator, shows how far it goes).
"""

from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import NamedTuple

SOURCE = Path(__file__).resolve().parent / "echo.c"
SOURCES = 8  # loopback source addresses the generator spreads its connections over
TIMEOUT = 60.0  # seconds a build or a generator run may take (a bound, not a target)

_built: dict[str, Path | None] = {}
_why_not = ""


class Load(NamedTuple):
    """What one generator run did: operations completed (done), their latency p50 and p99 (seconds)."""

    done: int
    p50: float
    p99: float


def binary() -> Path | None:
    """The built ``echo`` program, or None when there is no C compiler (or the build failed)."""
    global _why_not
    if "echo" in _built:
        return _built["echo"]
    compiler = shutil.which("cc")
    path: Path | None = None
    if compiler is None:
        _why_not = "no C compiler (cc) on this machine: the C reference was skipped"
    else:
        folder = Path(tempfile.mkdtemp(prefix="tcp-lab-bench-"))
        atexit.register(shutil.rmtree, folder, True)
        path = folder / "echo"
        built = subprocess.run(
            [compiler, "-O2", "-o", str(path), str(SOURCE)], capture_output=True, text=True, timeout=TIMEOUT
        )
        if built.returncode:
            _why_not = f"the C reference did not build: {built.stderr.strip()[:200]}"
            path = None
    _built["echo"] = path
    return path


def note() -> str:
    """One line for a table's footer: how the C reference was built, or why it is missing."""
    if binary() is None:
        return _why_not
    return "c-epoll: bench/echo.c built with cc -O2 into a temporary directory (one thread, epoll)"


def generate(mode: str, port: int, connections: int, seconds: float, sources: int = SOURCES) -> Load:
    """Run the C generator (``trips`` or ``cycles``) against ``port`` on 127.0.0.1 for ``seconds``
    with ``connections`` at once; RuntimeError if it fails or there is no C build."""
    program = binary()
    if program is None:
        raise RuntimeError(_why_not)
    args = [str(program), mode, str(port), str(connections), str(seconds), str(sources)]
    result = subprocess.run(args, capture_output=True, text=True, timeout=seconds + TIMEOUT)
    if result.returncode:
        raise RuntimeError(f"the C generator failed: {result.stderr.strip()[:200]}")
    count, p50, p99 = result.stdout.split()
    return Load(int(count), float(p50) / 1e6, float(p99) / 1e6)
