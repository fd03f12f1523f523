"""The engine runs without the TUI; the headless commands start without loading Textual."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["server_core", "tui_app.cli"])
def test_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], timeout=30).returncode == 0


def test_help_does_not_import_textual() -> None:
    code = (
        "import sys; from tui_app.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "sys.exit(3 if 'textual' in sys.modules else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0
    assert "serve" in result.stdout and "clients" in result.stdout
