"""Writing spreadsheets people open: outside text stays text, files are saved atomically.

openpyxl stores any string that starts with "=" as a formula; a client's subject line
"=HYPERLINK(...)" must reach the secretary as the text it is. :func:`text_cell` forces the string
type and sets Excel's quote prefix, so the cell stays text even after someone edits it.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Iterable
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


# Row heights. Neither LibreOffice nor Excel sizes a row openpyxl wrote to the text it wraps (the
# text spills over the rows below), so the writer computes them. A column width counts the digits of
# the default font (Calibri 11) it holds; text averages wider than a digit, and much wider where
# Calibri is missing (LibreOffice on Linux falls back to DejaVu Sans), hence the fill below 1.
WRAP_FILL = 0.95            # characters of ordinary text per unit of column width, at worst
LINE_POINTS = 15.0          # one line of an 11-point font, in points (Excel's default row height)
MAX_ROW_POINTS = 409.0      # Excel's largest row height


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a wrapped cell ``width`` characters wide (greedy word wrap)."""
    capacity = max(1, math.floor(width * WRAP_FILL))
    lines = 0
    for paragraph in str(text).split("\n"):
        used = 0
        lines += 1
        for word in paragraph.split():
            length = len(word)
            if used and used + 1 + length <= capacity:
                used += 1 + length
                continue
            if used:
                lines += 1                      # the word starts the next line
            while length > capacity:            # a word longer than a line is cut
                length -= capacity
                lines += 1
            used = length
    return max(lines, 1)


def row_height(cells: Iterable[tuple[Any, float]]) -> float | None:
    """The height (points) that fits every (text, column width) of a row's wrapped cells; None for one line."""
    lines = max((wrapped_lines(text, width) for text, width in cells if text), default=1)
    return None if lines <= 1 else min(MAX_ROW_POINTS, lines * LINE_POINTS + 3)


def print_fit_width(sheet: Any, *, title_rows: str | None = "1:1", orientation: str = "landscape") -> None:
    """Print set-up for a table: A4 (landscape by default), all columns on the page's width, header on each page."""
    sheet.page_setup.orientation = orientation
    sheet.page_setup.paperSize = 9  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5


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
