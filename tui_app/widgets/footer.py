"""A footer that shows only the keys it has room for, each whole.

Textual's footer scrolls its keys sideways and lets the command palette's key (docked right)
cover the last ones: a key's words were cut in the middle and a wide character under the edge
was blanked ("命  面板"). This one hides, from the end, every key that would not fit whole; the
help screen (``?``) lists them all. Escape (back, or leave a field), quit and help stay whatever
the width: room is kept for them first, and quit and help come last. A pair of keys (zoom in and
out, previous and next run) is shown together or not at all. On any screen but the main one, the
footer shows that screen's own keys (``Esc back``) first, then those of the app's keys that work
there (the timeline and the comparison take them all: ``t`` and ``c`` first) in the room left.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from rich.cells import cell_len
from textual.dom import NoScreen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from ..language import AppLanguage
from ..strings import tr

GAP = 1  # cells between two keys (the compact footer's margin)
PALETTE = "-command-palette"
ALWAYS = frozenset({"quit", "help"})  # actions whose keys the footer never hides
# The room goes to the keys in one order, in both languages and at any width, each shown whole
# where it is in the footer: first those named in none of these groups (the launches f and l,
# the comparison c, which launches runs too, step mode p and, while it is on, its threads pane's
# focus key), then each group in turn: the other client orders (the lesson's launches), the lab's
# other two screens (experiments, exhibits), the timeline, the export, the stops and the server. A
# key of a later group shows only where every earlier group's keys do: an 80-column footer that
# shows the export's key shows the comparison's (it once showed w but not c in Chinese; at 80
# columns in English the experiments' e took the room of p, which the lesson's step mode needs
# more), one that shows a screen's key shows every launch key (at 120 columns the English footer
# showed the exhibits and the export but not u and o), and one that shows the timeline's shows
# both screens' (at 120 columns the English footer showed t but not b: no exhibits up to 120).
ORDERS = frozenset({"launch('semaphore')", "launch('queue')", "launch('sequential')"})
LATER = (
    ORDERS,
    frozenset({"experiments", "exhibits"}),
    frozenset({"timeline"}),
    frozenset({"export"}),
    frozenset({"stop_clients", "start_server", "stop_server"}),  # each also a button
)
# On a screen other than the main one, after its own keys: the app's keys to the screens of runs
SCREENS = frozenset({"timeline", "compare"})
# keys that say one thing between them (in, out; earlier, later; previous, next): shown together
# or not at all, where the first of them gets its room
PAIRS = (
    ("zoom(2)", "zoom(0.5)"),
    ("pan(-1)", "pan(1)"),
    ("step_run(-1)", "step_run(1)"),
    ("start_server", "stop_server"),
    ("replay('faster')", "replay('slower')"),
)
PARTNERS = {one: other for pair in PAIRS for one, other in (pair, pair[::-1])}
# a pair's words for both, when the pair does not fit whole with each key's own: its first key
# bare, then the second with these ("[ ] runs" in place of "[ previous run ] next run")
JOINT = {"step_run(-1)": "key.runs"}


def last(key: FooterKey) -> bool:
    """Whether ``key`` is quit's or help's: the footer keeps them at any width, at the end."""
    return key.action.removeprefix("app.") in ALWAYS


def always_shown(key: FooterKey) -> bool:
    """Whether ``key`` is one the footer keeps at any width: Escape's, the palette's, quit's or
    help's."""
    return key.has_class(PALETTE) or key.key == "escape" or last(key)


def own_key(key: FooterKey) -> bool:
    """Whether ``key`` belongs to the footer's screen (or a widget on it), not to the app."""
    active = key.screen.active_bindings.get(key.key)
    return active is None or active.node is not key.app


def rank(key: FooterKey, main: bool = True) -> int:
    """When ``key`` gets its room: 0 first, then each group of :data:`LATER` in turn; on a screen
    other than the main one (not ``main``), that screen's own keys first, then the app's keys to
    :data:`SCREENS`, then the others in the main screen's order."""
    action = key.action.removeprefix("app.")
    later = next((n for n, keys in enumerate(LATER, 1) if action in keys), 0)
    if main:
        return later
    if own_key(key):
        return 0
    return 1 if action in SCREENS else 2 + later


def action_name(key: FooterKey) -> str:
    """``key``'s action without the namespace it was bound in: ``zoom(2)``, ``start_server``."""
    namespace, _, name = key.action.rpartition(".")
    return name if namespace in ("app", "screen") else key.action


def key_width(key: FooterKey) -> int:
    """Cells a compact footer key takes: its key, a space and its words, then the gap."""
    words = f" {key.description}" if key.description else ""
    return cell_len(key.key_display) + cell_len(words) + GAP


class FittingFooter(Footer, AppLanguage):
    """A compact :class:`Footer` that hides the keys that would be cut."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._words: WeakKeyDictionary[FooterKey, str] = WeakKeyDictionary()  # a key's own, while joint
        self._composed: tuple[object, ...] = ()  # what the keys shown were composed from

    async def recompose(self) -> None:
        """As Textual's, but only when the keys to show have changed (:meth:`shown`): Textual's
        footer composes its keys again at every change of focus, and restyled the whole footer
        to show the same keys at each Tab (a walk of the form spent a fifth of its time there)."""
        try:
            shown = self.shown()
        except NoScreen:
            return  # a footer being removed with its screen: nothing to compose
        if shown == self._composed:
            return
        self._composed = shown
        await super().recompose()
        self.fit()

    def shown(self) -> tuple[object, ...]:
        """What the footer's keys are composed from: each shown binding's key, words, action,
        group and whether it is enabled, the command palette's key, and the footer's own style."""
        bindings = self.screen.active_bindings
        palette = bindings.get(self.app.COMMAND_PALETTE_BINDING)
        keys = tuple(
            (binding.key, binding.description, binding.action, binding.group, enabled, tooltip)
            for _node, binding, enabled, tooltip in bindings.values()
            if binding.show
        )
        return (self._bindings_ready, self.compact, self.show_command_palette, keys, palette and palette[1:])

    def on_resize(self) -> None:
        self.fit()

    def fit(self) -> None:
        """Show the keys that fit whole in the footer's width, in order, after room is kept for
        those always shown (:func:`always_shown`), by :func:`rank` (the later ones in the room
        the others leave, and only while every earlier rank is shown whole); hide the rest."""
        if not self.is_attached or self.parent is None:
            return  # a footer being removed with its screen: nothing to fit
        keys = self._in_order(list(self.query(FooterKey)))
        for key, words in list(self._words.items()):  # each key's own words, before they are measured
            self._say(key, words)
        main = not self.app.screen_stack or self.screen is self.app.screen_stack[0]
        room = self.size.width - sum(key_width(k) + k.has_class(PALETTE) for k in keys if always_shown(k))
        by_action = {action_name(key): key for key in keys}
        placed: set[FooterKey] = set()
        cut_at: int | None = None  # the first rank a key of which had no room
        for key in sorted(keys, key=lambda key: rank(key, main)):  # the later ones in the room left
            if always_shown(key) or key in placed:
                continue
            partner = by_action.get(PARTNERS.get(action_name(key), ""))
            together = [key] if partner is None or always_shown(partner) else [key, partner]
            width = sum(map(key_width, together))
            if width > room and len(together) == 2 and (joint := JOINT.get(action_name(key))):
                width = self._join(key, together[1], tr(joint, self.lang), room)
            fits = width <= room and (cut_at is None or rank(key, main) == cut_at)
            for one in together:  # a pair: both or neither (PAIRS)
                one.display = fits
                placed.add(one)
            room -= width if fits else 0
            if not fits and cut_at is None:
                cut_at = rank(key, main)

    def _join(self, first: FooterKey, second: FooterKey, words: str, room: int) -> int:
        """Say the pair ``first``, ``second`` as one (``[ ] runs``) if that fits in ``room``
        cells; the cells the pair takes as it is said now."""
        joint = cell_len(first.key_display) + GAP + cell_len(second.key_display) + 1 + cell_len(words) + GAP
        if joint > room:
            return key_width(first) + key_width(second)
        self._say(first, "")
        self._say(second, words)
        return joint

    def _say(self, key: FooterKey, words: str) -> None:
        """Give ``key`` the ``words`` after it, keeping its own (to say again when there is room)."""
        own = self._words.setdefault(key, key.description)
        if words == own:
            del self._words[key]
        if key.description != words:
            key.description = words
            key.refresh(layout=True)

    def _in_order(self, keys: list[FooterKey]) -> list[FooterKey]:
        """``keys`` with help's and quit's moved after the others (the palette's stays last)."""
        others = [key for key in keys if not last(key) and not key.has_class(PALETTE)]
        ending = sorted((key for key in keys if last(key)), key=lambda key: key.action.endswith("quit"))
        palette = [key for key in keys if key.has_class(PALETTE)]
        if others and ending and keys != others + ending + palette:
            for key in reversed(ending):
                self.move_child(key, after=others[-1])
        return others + ending + palette
