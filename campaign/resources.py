"""Files shipped beside the code: the sample data and the memo templates."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled(name: str) -> Path:
    """Path of a top-level project folder (``data``, ``memo_templates``).

    A wheel carries them inside the package (``campaign/_bundled``); a source checkout or an
    editable install finds them at the repository root.
    """
    for candidate in (_PACKAGE / "_bundled" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the bundled folder '{name}' is missing from this installation; reinstall campaign")

