"""A Chinese form reads as Chinese: no label glues a Latin word to Chinese characters (the
``accept式`` a new user read as half-translated), a call's name keeps a blank beside the Chinese
that says what it is (``accept 方式``), and a label wider than the label column stays whole,
beside its field (``tests/app/test_app_form_says.py``: the form in view at 80x24)."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from tui_app.strings import CLI_HELP, TABLES
from tui_app.widgets.controls import CLIENT_FIELDS, LABEL_CELLS, SERVER_FIELDS

pytestmark = pytest.mark.timeout(30)

GLUED = re.compile(r"[A-Za-z][\u4e00-\u9fff]|[\u4e00-\u9fff][A-Za-z]")  # "accept式"
FORM = (*CLIENT_FIELDS, *SERVER_FIELDS)
NAMED = sorted({spec.label for spec in FORM} | {key for key in TABLES["zh"] if key.startswith("choice.")})


@pytest.mark.parametrize("key", NAMED)
def test_no_form_label_or_choice_name_glues_latin_to_chinese(key: str) -> None:
    said = TABLES["zh"][key]
    assert not GLUED.search(said), said
    assert re.search(r"[\u4e00-\u9fff]", said), f"{key}: {said} has no Chinese"


def test_no_chinese_text_or_help_glues_a_latin_word_to_chinese() -> None:
    texts = [*TABLES["zh"].values(), *CLI_HELP["zh"].values()]
    assert [text for text in texts if GLUED.search(text)] == []


def test_a_label_says_its_unit_as_a_word() -> None:
    """``保持秒`` read as a fragment: seconds are counted (``保持秒数``), as the help says them."""
    labels = {spec.id: TABLES["zh"][spec.label] for spec in FORM}
    assert labels["hold"].endswith("秒数") and labels["delay"].endswith("秒数"), labels


def test_the_labels_wider_than_their_column_are_those_that_name_the_call() -> None:
    wide = {spec.id for spec in FORM if cell_len(TABLES["zh"][spec.label]) > LABEL_CELLS}
    assert {"accept", "backlog"} <= wide  # named with the call's name, beside the Chinese
