"""The app on a recording: what it is a recording of, its runs' ends, and the replay keys.

The app reads a :class:`Playback` where it reads a live bus, so every pane fills through the
usual drain; this module adds what a live app learns from its own client runs (when a run has
finished, for a recording without ``finished`` events) and the replay: start again, pause, faster, slower, one
event at a time. Starting again empties the app's model so the panes fill once more.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from server_core import CLIENT, SERVER
from server_core.playback import Playback
from server_core.recording import Recording
from server_core.sockopts import format_options

from . import exhibit_view
from .connections import Changes
from .recording_cli import skipped
from .screens.timeline import TimelineScreen
from .session import Update
from .strings import named_choices, tr
from .widgets.following_log import TIME_CELLS
from .widgets.replay_keys import ReplayKeys

if TYPE_CHECKING:
    from textual.widget import Widget

    from .app import LabApp

SAID_FOR = 4.0  # seconds a key's answer stays in sight
APP_MARK = "tcp-lab"  # in a replay's events pane, in place of a time: a line of the app's own


class Replay:
    """A recording shown by ``app``: ``playback`` is what the app drains."""

    def __init__(self, recording: Recording) -> None:
        self.recording = recording
        self.playback = Playback(recording.events)
        self._runs: dict[int, int] = {}  # run -> seq of its last event
        self._app: LabApp | None = None  # the app showing it, once opened
        for event in recording.events:
            run = event.run if event.side == CLIENT else None
            if isinstance(run, int):
                self._runs[run] = event.seq

    def apply_update(self, update: Update) -> None:
        """Draw the panes that draw on a schedule of their own (the clients table, the
        conversation, the events) with the last update of a drain that brought events, as the
        status line's counters are: a table drawn up to half a second later had no row yet for
        a client the counters counted. Once a drain, not once a chunk: opening a long recording
        folds it a chunk at a time."""
        if update.batch and not self.playback.waiting and self._app is not None:
            self._app.table.draw()
            self._app.conversation.flush()
            self._app.events.flush()

    def opened(self, app: LabApp) -> None:
        """Set ``app`` up for the recording (its form pane, composed with the recorded settings,
        named so); what this version skipped of the file is said in the events pane, as every
        line of the app's own there, marked ``tcp-lab`` in place of a time (no line of the app
        looks recorded)."""
        self._app = app
        app.panes.append(self)  # after the others: it draws what they took
        app.controls.border_title = tr("pane.recorded", app.lang)
        app.events.untimed = APP_MARK.rjust(TIME_CELLS)  # the app's lines are no recorded events
        if said := skipped(self.recording, app.lang):
            app.events.note(said, self.playback.now())

    def widgets(self) -> list[Widget]:
        """What the app composes for a recording besides its panes: the replay keys' line,
        above the footer (which has no room for them). Composed with the rest, not mounted after
        it, so the first screen is drawn whole."""
        return [ReplayKeys(id="replay-keys")]

    def settings(self, lang: str) -> list[str]:
        """What the recording says of its settings: the server's (its ``listening`` event) and
        each run's (its ``launched`` event), one line each."""
        lines = [tr("recorded.read_only", lang), *exhibit_view.recorded(self.recording.events, lang)]
        for event in self.recording.events:
            extra = event.extra or {}
            if event.side == SERVER and event.kind == "listening":
                values = {"order": "-", "accept": "-", **extra, "local": event.local or "-"}
                values["options"] = format_options(extra.get("options") or {})
                lines.append(tr("server.listening", lang, **named_choices(values, lang)))
            elif event.side == CLIENT and event.kind == "launched":
                values = {"run": event.run, "n": 0, "order": "-", "hold": "-", **extra}
                lines.append(tr("client.launched", lang, **named_choices(values, lang)))
        return lines if len(lines) > 1 else [*lines, tr("recorded.none", lang)]

    def ended(self, through: int) -> list[int]:
        """The runs whose last event is at or before ``seq`` ``through``, the last one folded
        (a recording made before runs ended with a ``finished`` event says so only this way).
        Not what the playback has released: that is the whole recording at once when it opens,
        and the app folds it a chunk at a time."""
        return [run for run, last in sorted(self._runs.items()) if last <= through]

    def compare(self, app: LabApp) -> None:
        """The comparison key in a recording: its runs that ended so far, side by side, or why
        there are none to show (none recorded, none replayed to its end yet)."""
        if app.session.summaries:
            app.views.comparison(sorted(app.session.summaries))
        else:
            said = "replay.not_ended" if self._runs else "replay.no_run"
            app.say_failed("replay.compare", tr(said, app.lang), "information", SAID_FOR)

    def describe(self, lang: str) -> tuple[str, str, str]:
        """The status line's words: (the recording and where its replay stands, what it is a
        recording of, that in fewer words for a narrow line: how many runs); the counters go
        between them, so a narrow line still shows them."""
        events = self.recording.events
        parts = []
        listening = next((e for e in events if e.side == SERVER and e.kind == "listening"), None)
        if listening is not None:
            parts.append(tr("recording.server", lang, address=listening.local or "-"))
        elif SERVER in self.recording.sides:
            parts.append(tr("recording.handlers", lang))
        exhibit = next((e.extra for e in events if e.side == SERVER and e.kind == "exhibit"), None)
        short = tr("recording.runs_short", lang, runs=len(self._runs))
        if exhibit:  # what ran on that server: said first, and alone where the line is short
            variant = exhibit_view.variant_name(exhibit.get("variant") == "safe", lang)
            short = tr("recording.exhibit", lang, name=exhibit.get("name"), variant=variant)
            parts.insert(0, short)
        if self._runs:
            parts.append(tr("recording.runs", lang, runs=len(self._runs)))
        what = tr("recording.of", lang, what=tr("recording.and", lang).join(parts))
        head = tr("recording.status", lang, path=Path(self.recording.path).name)
        playback = self.playback
        if playback.playing or not playback.at_end:
            key = "recording.playing" if playback.playing else "recording.paused"
            at, end = f"{playback.position:.3f}", f"{events[-1].t:.3f}"
            head += "  " + tr(key, lang, speed=_speed(playback.speed), at=at, end=end)
        return head, what, short

    def act(self, app: LabApp, what: str) -> None:
        """One replay key: ``play`` (pause / go on / start again at the end), ``restart``,
        ``faster``, ``slower`` or ``step``; ``live``, a live lab's key, says why it does nothing."""
        playback = self.playback
        if what == "live":
            app.say_failed("replay.live_key", tr("replay.live_key", app.lang), "warning", SAID_FOR)
        elif what == "restart" or (what in ("play", "step") and playback.at_end):
            playback.rewind()
            _start_afresh(app)
            if what == "step":
                playback.step()
                return
            playback.play()
        elif what == "play":
            if playback.playing:
                playback.pause()
            else:
                playback.play()
        elif what == "step":
            playback.step()
        else:
            playback.change_speed(1 if what == "faster" else -1)


def _start_afresh(app: LabApp) -> None:
    """Empty the app's model and panes, so that a replay fills them from the start."""
    app.table.apply(Changes(removed=list(app.session.book.connections)))
    app.table.draw()
    app.session.reset()
    app.events.clear()
    app.conversation.select(None)
    if isinstance(app.screen, TimelineScreen):
        app.screen.view.model = app.session.timeline
        app.screen.view.refresh_view()


def _speed(factor: float) -> str:
    """A replay speed as a person reads it: ``1/16``, ``1/2``, ``1``, ``4``."""
    return str(Fraction(factor).limit_denominator(64))  # Fraction(2) is "2", Fraction(1, 16) "1/16"

