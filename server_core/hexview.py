"""A message as the bytes that travelled: hexadecimal beside the characters they encode.

``客户端`` is nine bytes, three for each character: :func:`hex_rows` shows them as
``e5 ae a2 e6 88 b7 e7 ab af  客户端``, a row never splitting a character, so the bytes of each
character are seen side by side with it.
"""

from __future__ import annotations

from .wire import printable

ROW = 16  # bytes per row at most


def characters(data: bytes) -> list[tuple[bytes, str]]:
    """``data`` cut into characters: (its bytes, how it is shown); a byte that starts no valid
    UTF-8 character stands alone, shown as ``\\xNN``; control characters are shown escaped."""
    found: list[tuple[bytes, str]] = []
    i = 0
    while i < len(data):
        for size in (1, 2, 3, 4):
            piece = data[i : i + size]
            try:
                found.append((piece, printable(piece.decode("utf-8"))))
                break
            except UnicodeDecodeError:
                continue
        else:
            piece = data[i : i + 1]
            found.append((piece, f"\\x{piece[0]:02x}"))
        i += len(piece)
    return found


# What a piece of a character a chunk boundary cut shows as, beside its bytes: a dotted circle,
# the placeholder of a missing character, never "…" (which ends text cut short for want of room).
CUT = "\u25cc"  # ◌


def chunk_pieces(data: bytes, carried: int = 0, unfinished: int = 0) -> list[tuple[bytes, str]]:
    """The characters of the bytes one chunk brought, as :func:`characters` gives them: ``data``
    is its text's bytes then those of its ``unfinished`` character (held back), the first
    ``carried`` of them came in earlier chunks and are left out; the part of a character on
    either side of the chunk's boundary shows as :data:`CUT`."""
    whole = len(data) - unfinished
    pieces: list[tuple[bytes, str]] = []
    at = 0
    for piece, shown in characters(data[:whole]):
        end = at + len(piece)
        if end > carried:
            pieces.append((piece[carried - at :], CUT) if at < carried else (piece, shown))
        at = end
    if unfinished and (held := data[max(carried, whole) :]):
        pieces.append((held, CUT))
    return pieces


def hex_rows(data: bytes, width: int = ROW, carried: int = 0, unfinished: int = 0) -> list[tuple[str, str]]:
    """``data`` as (hex, text) rows of at most ``width`` bytes (whole characters each): the
    bytes as two hex digits apart by spaces, and the characters they encode. ``carried`` and
    ``unfinished`` leave out and mark the bytes of characters a chunk did not bring whole
    (:func:`chunk_pieces`)."""
    rows: list[tuple[str, str]] = []
    hexes: list[str] = []
    text: list[str] = []
    pieces = chunk_pieces(data, carried, unfinished) if carried or unfinished else characters(data)
    for piece, shown in pieces:
        if hexes and len(hexes) + len(piece) > width:
            rows.append((" ".join(hexes), "".join(text)))
            hexes, text = [], []
        hexes += [f"{byte:02x}" for byte in piece]
        text.append(shown)
    if hexes:
        rows.append((" ".join(hexes), "".join(text)))
    return rows
