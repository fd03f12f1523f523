"""A text's width in terminal cells, with rich's tables loaded only for a text that needs them, and
the width of the terminal a descriptor writes to."""

from __future__ import annotations

import os


def text_width(text: str) -> int:
    """The terminal cells ``text`` takes: one a character for printable ASCII (the command line's
    English labels, measured without loading rich), else :func:`rich.cells.cell_len`'s count (a
    CJK character takes two, a control character none)."""
    if text.isascii() and text.isprintable():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def terminal_columns(fd: int) -> int:
    """The columns of the terminal ``fd`` writes to, read as :func:`shutil.get_terminal_size` reads
    standard output's: ``COLUMNS`` when it holds a positive whole number, else the terminal's own
    size, else 80 (a terminal that says 0, or ``fd`` no terminal at all). Read each time: a
    terminal may be resized."""
    with_env = os.environ.get("COLUMNS", "")
    if with_env.isdigit() and int(with_env) > 0:
        return int(with_env)
    try:
        return os.get_terminal_size(fd).columns or 80
    except OSError:
        return 80
