"""Writing spreadsheets people open: outside text stays text, files are saved atomically.

openpyxl stores any string that starts with "=" as a formula; a client's subject line
"=HYPERLINK(...)" must reach the secretary as the text it is. :func:`text_cell` forces the string
type and sets Excel's quote prefix, so the cell stays text even after someone edits it.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any

from openpyxl.cell import WriteOnlyCell

from campaign.atomic import atomic_write

# Characters XML 1.0 forbids (openpyxl raises IllegalCharacterError on them).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(value: str) -> str:
    """``value`` without the control characters a workbook cannot hold."""
    return _ILLEGAL.sub("", value)


def text_cell(sheet: Any, value: Any, style: Any = None) -> WriteOnlyCell:
    """A write-only cell holding ``value`` as literal text (never a formula)."""
    cell = WriteOnlyCell(sheet, value=clean_text("" if value is None else str(value)))
    cell.data_type = "s"
    cell.quotePrefix = True
    if style is not None:
        cell.style = style
    return cell


def set_text(cell: Any, value: Any) -> None:
    """Put ``value`` into an ordinary (not write-only) cell as literal text."""
    cell.value = clean_text("" if value is None else str(value))
    cell.data_type = "s"
    cell.quotePrefix = True


def save_workbook(book: Any, path: Path, *, private: bool = False) -> Path:
    """Save ``book`` to ``path`` atomically (temp + rename), as an output people open.

    Its permissions follow ``[files] mode`` (owner-only unless the firm shares it with the group,
    see :mod:`campaign.atomic`); ``private`` keeps it owner-only whatever the mode.
    """
    path = Path(path)
    with atomic_write(path, "wb", private=private, output=not private) as handle:
        book.save(handle)
    return path


def discard_sheet(sheet: Any) -> None:
    """Close a write-only sheet abandoned half-way and delete the temporary file openpyxl streamed it to.

    openpyxl streams write-only rows to a file in the system temp folder and removes it only at save
    or at exit (and an unclosed sheet prints lxml tracebacks when collected); rows hold personal
    data, so a write that fails removes it at once.
    """
    with contextlib.suppress(Exception):
        sheet.close()
    writer = getattr(sheet, "_writer", None)
    if writer is not None:
        with contextlib.suppress(Exception):
            writer.cleanup()
