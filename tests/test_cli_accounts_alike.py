"""An exhibit's and an experiment's account read the same on the command line as in the app:
what is known before the run comes first, and the parts follow in one order."""

from __future__ import annotations

import json
import re

import pytest

from server_core.exhibits import MIN_N, make_exhibit
from server_core.exhibits import NAMES as EXHIBITS
from server_core.experiments import EXPERIMENTS, ExperimentResult, run_experiment
from tui_app import cli, exhibit_view
from tui_app.experiment_view import kept_whole, render
from tui_app.strings import TEXTS, tr
from tui_app.wrapping import NO_BREAK_SPACE, Wrapped


@pytest.mark.timeout(60)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_exhibits_words_come_before_its_observed_values_as_in_the_app(lang: str) -> None:
    """The app says "In plain words" right after the lanes, then "Observed": so does the command line."""
    shown = make_exhibit("forgotten-release", False, 2)
    result = shown.run()
    lines = exhibit_view.account(result, shown.bus.history, 100, lang)
    assert lines[:4] == exhibit_view.opening(result.name, False, 2, result.given, lang)
    colon = tr("text.colon", lang)
    words = next(i for i, line in enumerate(lines) if line.startswith(tr("exhibit.words", lang) + colon))
    observed = lines.index((tr("exhibit.observed", lang) + colon).rstrip())
    verdict = max(i for i, line in enumerate(lines) if line.startswith(tr("exhibit.as_predicted", lang)[:4]))
    assert words < observed < verdict, lines


def test_every_exhibit_is_known_before_it_runs() -> None:
    for name in EXHIBITS:
        shown = make_exhibit(name, True)
        heading, blank, prediction, end = exhibit_view.opening(name, True, shown.n, shown.given())
        assert str(shown.n) in heading and prediction.startswith("Prediction: ") and blank == end == ""


SINGULAR_AS_PLURAL = re.compile(r"(?<![\d.])1 (?:later )?(?:clients|transfers|handlers|rounds|bytes|calls)\b")


@pytest.mark.parametrize("safe", [False, True], ids=["unsafe", "safe"])
def test_every_exhibits_counts_agree_with_their_nouns_at_the_fewest_clients(safe: bool) -> None:
    """``the 1 later clients wait``: a count of one takes the singular, in every exhibit."""
    for name in EXHIBITS:
        shown = make_exhibit(name, safe, MIN_N)
        for lang in ("en", "zh"):
            said = "\n".join(exhibit_view.opening(name, safe, MIN_N, shown.given(), lang))
            assert not SINGULAR_AS_PLURAL.search(said), said
    given = make_exhibit("forgotten-release", False, 2).given()
    said = exhibit_view.prediction("forgotten-release", False, given)
    assert "the later client waits until it gives up" in said, said


def test_every_experiments_counts_agree_with_their_nouns_when_one() -> None:
    for key in [key for key in TEXTS if key.startswith("exp.")]:
        names = set(re.findall(r"\{(\w+)", TEXTS[key]))
        said = tr(key, "en", **{name: 1 for name in names})
        assert not SINGULAR_AS_PLURAL.search(said), said


@pytest.mark.parametrize(("n", "a_to_b", "b_to_a"), [(2, 1, 1), (3, 2, 1), (4, 2, 2)])
def test_the_deadlock_prediction_says_how_many_transfers_go_each_way(
    n: int, a_to_b: int, b_to_a: int
) -> None:
    for safe in (False, True):
        given = make_exhibit("deadlock", safe, n).given()
        english = exhibit_view.prediction("deadlock", safe, given, "en")
        assert f"{n} transfers, {a_to_b} from A to B and {b_to_a} from B to A" in english, english
        chinese = exhibit_view.prediction("deadlock", safe, given, "zh")
        assert f"{n}笔转账，{a_to_b}笔从 A 到 B，{b_to_a}笔从 B 到 A" in chinese, chinese
        assert "half" not in english and "一半" not in chinese


@pytest.fixture(scope="module")
def accounts() -> dict[str, ExperimentResult]:
    return {name: run_experiment(name) for name in ("backlog", "broadcast", "reuseaddr")}


def test_backlogs_description_and_prediction_say_the_same_of_later_clients(
    accounts: dict[str, ExperimentResult],
) -> None:
    """They time out (each connect waits at most its limit): neither text says they wait for room."""
    assert accounts["backlog"].observed["timed_out"] >= 1
    for lang, said in (("en", "time out"), ("zh", "超时")):
        about, predicted = tr("exp.backlog.about", lang), render(accounts["backlog"], lang).prediction
        assert said in about and said in predicted, lang
    assert "room" not in tr("exp.backlog.about", "en") and "空位" not in tr("exp.backlog.about", "zh")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_reuseaddr_says_its_refusal_in_one_wording_never_parted_by_a_line_break(
    accounts: dict[str, ExperimentResult], lang: str
) -> None:
    said = {"en": "address already in use", "zh": "地址已被占用"}[lang]
    account = render(accounts["reuseaddr"], lang)
    assert said in account.prediction
    refused = [line for line in [*account.steps, *account.observed] if said in line]
    assert len(refused) == 2, account  # the step and the Observed line
    assert "address in use" not in "\n".join([account.prediction, *account.steps, *account.observed])
    for width in range(24, 81):
        for line in [account.prediction, *refused]:
            rows = Wrapped(kept_whole(line, account.phrases)).lines(width)
            shown = [row.replace(NO_BREAK_SPACE, " ") for row in rows]
            assert any(said in row for row in shown) or lang == "zh", (width, shown)
    for line in [*account.steps, *account.observed]:  # zh: a port stands apart from its words
        assert not re.search(r"端口\d", line), line


def test_what_the_receiver_got_is_quoted_alike_in_both_languages(
    accounts: dict[str, ExperimentResult],
) -> None:
    for lang in ("en", "zh"):
        account = render(accounts["broadcast"], lang)
        quoted = [line for line in [*account.steps, *account.observed] if "“broadcast 1”" in line]
        assert len(quoted) == 2, (lang, account)


@pytest.mark.timeout(60)
def test_an_exhibit_and_an_experiment_are_named_in_chinese_as_every_choice_is(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``tcp-lab exhibit 死锁`` runs the deadlock exhibit, as ``--engine 线程`` takes thread."""
    parser = cli.build_parser(["exhibit"])
    assert parser.parse_args(["exhibit", "死锁", "--lang", "zh"]).name == "deadlock"
    parser = cli.build_parser(["experiment"])
    assert parser.parse_args(["experiment", "广播"]).name == "broadcast"
    done = ExperimentResult("broadcast", {}, [], {}, True)
    monkeypatch.setitem(EXPERIMENTS, "broadcast", lambda port: done)
    assert cli.main(["experiment", "广播", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["name"] == "broadcast"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["exhibit", "experiment"])
def test_the_help_lists_each_name_on_a_line_with_what_it_shows(
    command: str, lang: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    with pytest.raises(SystemExit):
        cli.main([command, "--help", "--lang", lang])
    shown = capsys.readouterr().out
    names, title = (EXHIBITS, "exhibit.{}.title") if command == "exhibit" else (EXPERIMENTS, "exp.{}.title")
    for name in names:
        named = f"{name} {tr(f'choice.{name}', 'zh')}" if lang == "zh" else name
        line = tr("cli.name_listed", lang, name=named, title=tr(title.format(name), lang))
        assert re.search(rf"^ +{re.escape(line)}$", shown, re.MULTILINE), (line, shown)


@pytest.mark.parametrize("width", [50, 60, 70, 80])
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["exhibit", "experiment"])
def test_a_wrapped_name_goes_on_further_in_than_the_next_name(
    command: str, lang: str, width: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 60 columns ``server while TIME_WAIT lingers`` stood under ``reuseaddr`` as a name of
    its own: every line of the list starts where a name starts only if it is a name."""
    monkeypatch.setenv("COLUMNS", str(width))
    with pytest.raises(SystemExit):
        cli.main([command, "--help", "--lang", lang])
    shown = capsys.readouterr().out.splitlines()
    heading = shown.index(next(line for line in shown if tr("cli.names_listed", lang)[:6] in line))
    names = NAMES_OF[command]
    first = next(i for i in range(heading + 1, len(shown)) if shown[i].lstrip().startswith(names[0]))
    column = len(shown[first]) - len(shown[first].lstrip())
    listed = shown[first : shown.index("", first)]
    starts = [line.lstrip() for line in listed if len(line) - len(line.lstrip()) == column]
    assert [start.split()[0] for start in starts] == list(names), listed
    assert all(len(line) - len(line.lstrip()) == column + 2 for line in listed if line.lstrip() not in starts)


NAMES_OF = {"exhibit": tuple(EXHIBITS), "experiment": tuple(EXPERIMENTS)}
