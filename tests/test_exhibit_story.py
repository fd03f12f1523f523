"""An exhibit tells one story everywhere: on its screen, headless, in the file it is written to and
in that file opened again."""

from __future__ import annotations

from pathlib import Path

import pytest

from server_core import EventBus
from server_core.exhibits import run_exhibit
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
