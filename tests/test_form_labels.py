"""A Chinese form reads as Chinese: no label glues a Latin word to Chinese characters (the
``accept式`` a new user read as half-translated), a call's name keeps a blank beside the Chinese
that says what it is, and every label beside its field fits the label column, so that the values
start in one column (``tests/app/test_app_form_says.py``: the form in view at 80x24, lined up)."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from tui_app.strings import CLI_HELP, TABLES
from tui_app.widgets.controls import CLIENT_FIELDS, LABEL_CELLS, SERVER_FIELDS, WIDE

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


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_label_beside_its_field_fits_the_label_column(lang: str) -> None:
    """``accept 方式`` and ``backlog 队列长度`` were wider than the label column: their values
    started in other columns than the others', and the backlog field was the narrowest."""
    wide = {spec.id: TABLES[lang][spec.label] for spec in FORM if spec.id not in WIDE}
    assert {key: label for key, label in wide.items() if cell_len(label) > LABEL_CELLS} == {}
