"""A text's width in terminal cells, with rich's tables loaded only for a text that needs them."""

from __future__ import annotations


def text_width(text: str) -> int:
    """The terminal cells ``text`` takes: one a character for printable ASCII (the command line's
    English labels, measured without loading rich), else :func:`rich.cells.cell_len`'s count (a
    CJK character takes two, a control character none)."""
    if text.isascii() and text.isprintable():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)
