"""An exhibit tells one story everywhere: on its screen, headless, in the file it is written to and
in that file opened again."""

from __future__ import annotations

from pathlib import Path

import pytest

from server_core import EventBus
from server_core.exhibits import make_exhibit, run_exhibit
from server_core.export import write_export
from tui_app import cli

QUICK = 0.1  # seconds a handler waits for a lock: short, so runs stay fast


def _code(argv: list[str]) -> int | str | None:
    try:
        return cli.main(argv)
    except SystemExit as exc:
        return exc.code


@pytest.mark.timeout(30)
@pytest.mark.parametrize("fmt", [".trace.json", ".csv"])
def test_open_refuses_the_labs_other_exports_saying_what_it_reads(
    fmt: str, tmp_path: Path, capfd: pytest.CaptureFixture[str], english_environment: None
) -> None:
    bus = EventBus()
    run_exhibit("torn-write", bus=bus, patience=QUICK)
    path = tmp_path / f"run{fmt}"
    write_export(path, bus.snapshot())
    assert _code(["open", str(path)]) == 2
    said = capfd.readouterr().err
    assert len(said.strip().splitlines()) == 1, said
    assert f"a {fmt} export of tcp-lab" in said and "open reads .jsonl recordings" in said, said
    assert "not a tcp-lab recording" not in said and "Traceback" not in said


@pytest.mark.timeout(30)
def test_the_other_export_refusal_is_said_in_chinese_too(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    bus = EventBus()
    run_exhibit("torn-write", bus=bus, patience=QUICK)
    path = tmp_path / "run.trace.json"
    write_export(path, bus.snapshot())
    assert _code(["open", str(path), "--lang", "zh"]) == 2
    said = capfd.readouterr().err
    assert ".trace.json" in said and ".jsonl" in said and "open 不读取它" in said, said


@pytest.mark.timeout(30)
def test_an_exhibits_recording_carries_what_it_was_and_what_it_showed(tmp_path: Path) -> None:
    from server_core.recording import read_recording
    from tui_app.exhibit_view import recorded

    bus = EventBus()
    result = run_exhibit("deadlock", bus=bus, patience=QUICK)
    path = tmp_path / "deadlock.jsonl"
    write_export(path, bus.snapshot())
    events = read_recording(path).events
    outcome = [e for e in events if e.kind == "outcome"]
    assert len(outcome) == 1 and outcome[0].extra == {
        "name": "deadlock",
        "variant": "unsafe",
        "n": result.n,
        "given": result.given,
        "observed": result.observed,
        "as_predicted": result.as_predicted,
    }
    said = "\n".join(recorded(events))
    assert "Exhibit: Deadlock: two locks, opposite orders (unsafe, 4 clients)" in said
    assert f"gave up waiting = {result.observed['gave_up']}" in said and "Prediction:" in said
    assert ("Outcome: as predicted" if result.as_predicted else "Outcome: NOT as predicted") in said
    assert "案例：" in "\n".join(recorded(events, "zh"))


@pytest.mark.timeout(30)
@pytest.mark.parametrize("name", ["deadlock", "forgotten-release"])
def test_an_exhibits_run_ends_before_its_server_stops_and_no_client_it_gave_up_on_is_ok(name: str) -> None:
    from server_core.summary import summarize

    bus = EventBus()
    result = run_exhibit(name, bus=bus, patience=QUICK)
    events = list(bus.snapshot())
    kinds = [(e.side, e.kind) for e in events]
    finished, stopped = kinds.index(("client", "finished")), kinds.index(("server", "stopped"))
    assert finished < stopped and events[finished].t <= events[stopped].t
    assert all(e.seq < events[finished].seq for e in events if e.side == "client" and e.client is not None)
    errors = [e for e in events if e.side == "client" and e.kind == "error"]
    gave_up = [e for e in errors if (e.text or "").startswith("gave up")]
    told = result.observed.get("gave_up", result.observed.get("stuck"))
    assert len(gave_up) == told and told > 0
    summary = summarize(events, result.n, 1)
    assert summary.failed == told and summary.ok == result.n - told


@pytest.mark.parametrize(
    ("lang", "forever", "palette_gives_up", "gives_up"),
    [
        ("en", "forever", "give up after {:g} s", "gives up after {} s"),
        ("zh", "永远", "等 {:g} 秒就放弃", "等{}秒就放弃"),
    ],
)
def test_the_deadlock_says_one_truth_in_the_palette_and_its_prediction(
    lang: str, forever: str, palette_gives_up: str, gives_up: str
) -> None:
    """The unsafe code would wait forever; the exhibit gives up after its patience to show it."""
    from server_core.exhibits import PATIENCE
    from tui_app.exhibit_view import prediction
    from tui_app.strings import tr

    palette = tr("exhibit.deadlock.palette.unsafe", lang)
    assert forever in palette and palette_gives_up.format(PATIENCE) in palette, palette
    given = {"n": 4, "patience": PATIENCE, "most": 3, "a_to_b": 2, "b_to_a": 2}
    said = prediction("deadlock", False, given, lang)
    assert forever in said and gives_up.format(PATIENCE) in said, said


# what a reader takes an ASCII glyph for in the app's drawing: the block glyph it looks like
LOOKS_LIKE = {"-": "─", "_": "─", "=": "═", "#": "█", "%": "▓", ".": "░", ":": "░"}


def test_each_glyph_means_one_thing_headless_and_in_the_app_and_each_legend_names_the_other() -> None:
    from tui_app import exhibit_lanes
    from tui_app.exhibit_view import BLOCKS, GLYPHS, STATES, legend

    for state in STATES:
        assert GLYPHS[state].isascii() and BLOCKS[state] in LOOKS_LIKE.get(GLYPHS[state], ""), state
        for other in STATES:
            if other != state:  # an ASCII glyph never looks like another state's block
                assert BLOCKS[other] not in LOOKS_LIKE.get(GLYPHS[state], ""), (state, other)
    assert {glyph for glyph, _, _ in exhibit_lanes.LOOKS.values()} == set(BLOCKS.values())
    headless = " ".join(legend("en", 200))
    assert "(in the app: ─ ░ █ ═ ▓)" in headless, headless
    assert "# holds a lock" in headless and "= between its read and its write" in headless
    in_app = exhibit_lanes.draw([], 200, None, "en").plain
    assert "(on the command line: - . # = %)" in in_app and "█ holds a lock" in in_app


def test_every_thread_drawn_in_a_deadlock_is_named_in_a_cycle_and_its_note_says_so() -> None:
    """h1 and h2 wait for each other; h1 gives up, h3 takes its lock and closes a second cycle
    with h2; h2 gives up, h3 is served."""
    from server_core import SERVER, Event
    from server_core.exhibits import ExhibitResult
    from tui_app import exhibit_view
    from tui_app.exhibit_view import DEADLOCKED

    def at(seq: int, t: float, kind: str, client: int | None, **extra: object) -> Event:
        return Event(seq, t, SERVER, kind, client, None, None, None, None, extra or None)

    first = {"cycle": ["handler-1", "handler-2"], "locks": ["B", "A"]}
    later = {"cycle": ["handler-3", "handler-2"], "locks": ["B", "A"]}
    events = [
        at(1, 0.0, "acquiring", 1, lock="A", thread="handler-1"),
        at(2, 0.0, "acquired", 1, lock="A", thread="handler-1"),
        at(3, 0.0, "acquiring", 2, lock="B", thread="handler-2"),
        at(4, 0.0, "acquired", 2, lock="B", thread="handler-2"),
        at(5, 0.01, "acquiring", 3, lock="A", thread="handler-3"),
        at(6, 0.01, "acquiring", 1, lock="B", thread="handler-1"),
        at(7, 0.01, "acquiring", 2, lock="A", thread="handler-2"),
        at(8, 0.01, "deadlock", None, **first),
        at(9, 1.0, "gave_up", 1, lock="B", thread="handler-1"),
        at(10, 1.0, "released", 1, lock="A", thread="handler-1"),
        at(11, 1.0, "acquired", 3, lock="A", thread="handler-3"),
        at(12, 1.0, "acquiring", 3, lock="B", thread="handler-3"),
        at(13, 1.0, "deadlock", None, **later),
        at(14, 1.01, "gave_up", 2, lock="A", thread="handler-2"),
        at(15, 1.01, "released", 2, lock="B", thread="handler-2"),
        at(16, 1.01, "acquired", 3, lock="B", thread="handler-3"),
        at(17, 1.01, "replied", 3),
    ]
    exhibit = make_exhibit("deadlock", n=3)
    exhibit.stage.graph.cycles = [(first["cycle"], first["locks"]), (later["cycle"], later["locks"])]
    observed, _ = exhibit.observe()
    assert observed["later_cycles"] == [["handler-3", "handler-2"]]
    result = ExhibitResult("deadlock", "unsafe", 3, {}, {**observed, "deadlocked": True}, True)
    drawn = exhibit_view.lanes(events, 40, result)
    named = exhibit_view.in_cycles(result.observed)
    for lane in drawn:
        if DEADLOCKED in lane.cells:
            assert lane.thread in named and "in the deadlock" in lane.note, lane
    assert drawn[2].note == "in the deadlock; then served, once the other gave up"
    shown = dict(exhibit_view.observed_lines(result, "en", events))
    assert shown["later wait cycles"] == "h3 | h2" and shown["threads in the wait cycle"] == "h1 | h2"


@pytest.mark.timeout(30)
@pytest.mark.parametrize("safe", [False, True])
def test_the_forgotten_release_error_is_drawn_inside_the_hold_at_every_width(safe: bool) -> None:
    """The bad request fails while handler 1 holds the lock, in both variants: its error comes
    before any release, and the ``!`` stands right of the taking, with the hold before it."""
    from tui_app import exhibit_view
    from tui_app.exhibit_view import ERROR, HOLDING

    bus = EventBus()
    result = run_exhibit("forgotten-release", safe=safe, bus=bus, patience=QUICK)
    events = list(bus.snapshot())
    own = [e.kind for e in events if e.client == 1 and e.side == "server"]
    assert "released" not in own[: own.index("error")] and "acquired" in own[: own.index("error")]
    for columns in (20, 57, 92):  # the app's lanes at 80 and 120 columns, the command line's
        first = exhibit_view.lanes(events, columns, result)[0]
        at = first.cells.index(ERROR)
        assert at > 0 and first.cells[at - 1] == HOLDING, (columns, first.cells)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("n", [2, 3, 5])
def test_the_torn_boards_example_is_true_for_any_n_and_said_in_both_languages(n: int) -> None:
    from tui_app.exhibit_view import prediction

    result = run_exhibit("torn-write", n=n, patience=QUICK)
    example = result.given["torn"]
    assert "".join(result.observed["board"]).startswith(example.removesuffix("…")), result.observed
    for lang, varies in (("en", "vary from run to run"), ("zh", "每次运行都不同")):
        said = prediction("torn-write", False, result.given, lang)
        assert example in said and varies in said, said


@pytest.mark.parametrize(("lang", "varies"), [("en", "varies from run to run"), ("zh", "每次运行都不同")])
def test_the_lost_update_says_which_deposits_are_lost_varies(lang: str, varies: str) -> None:
    from tui_app.exhibit_view import prediction

    given = {"n": 5, "amount": 10, "start": 100, "expected": 150, "patience": 1.0}
    assert varies in prediction("lost-update", False, given, lang)
