"""The export formats, known from a file's name, without loading the exporters."""

from __future__ import annotations

import os

FORMATS = (".jsonl", ".csv", ".trace.json")


def export_format(path: str | os.PathLike[str]) -> str:
    """The format named by ``path``'s ending; ValueError naming the known ones otherwise."""
    name = os.path.basename(os.path.normpath(os.fspath(path))).lower()
    for suffix in sorted(FORMATS, key=len, reverse=True):
        if name.endswith(suffix) and len(name) > len(suffix):
            return suffix
    raise ValueError(f"cannot tell the format of {str(path)!r}: name it *{', *'.join(FORMATS)}")
