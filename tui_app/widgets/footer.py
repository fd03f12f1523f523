"""A footer that shows only the keys it has room for, each whole.

Textual's footer scrolls its keys sideways and lets the command palette's key (docked right)
cover the last ones: a key's words were cut in the middle and a wide character under the edge
was blanked ("命  面板"). This one hides, from the end, every key that would not fit whole; the
help screen (``?``) lists them all. Quit and help stay whatever the width: room is kept for them
first.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

GAP = 1  # cells between two keys (the compact footer's margin)
PALETTE = "-command-palette"
ALWAYS = frozenset({"quit", "help"})  # actions whose keys the footer never hides


def always_shown(key: FooterKey) -> bool:
    """Whether ``key`` is one the footer keeps at any width: the palette's, quit's or help's."""
    return key.has_class(PALETTE) or key.action.removeprefix("app.") in ALWAYS


def key_width(key: FooterKey) -> int:
    """Cells a compact footer key takes: its key, a space and its words, then the gap."""
    words = f" {key.description}" if key.description else ""
    return cell_len(key.key_display) + cell_len(words) + GAP


class FittingFooter(Footer):
    """A compact :class:`Footer` that hides the keys that would be cut."""

    async def recompose(self) -> None:
        await super().recompose()
        self.fit()

    def on_resize(self) -> None:
        self.fit()

    def fit(self) -> None:
        """Show the keys that fit whole in the footer's width, in order, after room is kept for
        those always shown (:func:`always_shown`); hide the rest."""
        keys = list(self.query(FooterKey))
        room = self.size.width - sum(key_width(k) + k.has_class(PALETTE) for k in keys if always_shown(k))
        for key in keys:
            if always_shown(key):
                continue
            room -= key_width(key)
            key.display = room >= 0
