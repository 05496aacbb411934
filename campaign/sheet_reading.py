"""Reading workbooks from outside (client files, the review workbook) within fixed bounds.

A sheet's ``<dimension ref>`` is a claim, not a fact: a 5 KB file claiming ``A1:XFD1048576``
made openpyxl pad every row to 16,384 cells and materialise a million rows (15 GB). Here the
claim is dropped and rows are streamed as stored, empty rows skipped, and a sheet or cell larger
than any client list or review sheet is refused with the cell that crossed the line.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from campaign.errors import InputRefused

MAX_ROWS = 200_000          # last non-empty row; a firm has a few thousand clients
MAX_COLUMNS = 200           # last non-empty column (GR)
MAX_CELL_CHARS = 32_767     # Excel's own limit for one cell
MAX_PART_BYTES = 256 << 20  # one unpacked XML part; zip declared sizes bound what zipfile inflates


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula (seen only when a workbook is opened with ``formulas=True``)."""

    text: str


def cell_text(value: Any) -> str:
    """An Excel cell as the text a person sees (integral floats without '.0', dates ISO)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Formula):
        return value.text
    return str(value)


def _check_parts(path: Path, handle: Any) -> None:
    """Refuse a package whose XML parts unpack to more than any real workbook of ours (a zip bomb)."""
    with zipfile.ZipFile(handle) as archive:
        for info in archive.infolist():
            if info.filename.endswith((".xml", ".rels")) and info.file_size > MAX_PART_BYTES:
                raise InputRefused(
                    f"{path}: part {info.filename} unpacks to {info.file_size / 2**20:,.1f} MB, more than the"
                    f" {MAX_PART_BYTES / 2**20:,.0f} MB this reads; re-save the workbook from Excel, or export fewer rows")
    handle.seek(0)


@contextlib.contextmanager
def open_workbook(path: Path, *, formulas: bool = False) -> Iterator[Any]:
    """A read-only workbook at ``path``; ``formulas`` keeps formulas visible instead of cached values."""
    import openpyxl  # deferred: a CSV import should not pay for loading openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # a file object, not the name: openpyxl judges a name by its extension, and exports are
        # often saved under odd ones
        handle = Path(path).open("rb")
    except FileNotFoundError:
        raise InputRefused(f"{path}: no such file") from None
    except OSError as exc:
        raise InputRefused(f"{path}: cannot be opened ({exc.strerror})") from None
    with handle:
        try:
            _check_parts(path, handle)
            book = openpyxl.load_workbook(handle, read_only=True, data_only=not formulas)
        except InputRefused:
            raise
        except MemoryError:
            raise InputRefused(f"{path}: too large to read; re-save the workbook from Excel, or export fewer rows"
                               ) from None
        except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError,
                AttributeError, IndexError, SyntaxError) as exc:  # SyntaxError: XML parse errors
            raise InputRefused(
                f"{path}: not a readable .xlsx workbook ({exc}); re-save it from Excel as .xlsx") from None
        try:
            yield book
        finally:
            book.close()


def _too_far(path: Path, title: str, where: str, what: str) -> InputRefused:
    return InputRefused(f"{path}: sheet '{title}', {where}: {what}; delete what lies there (Ctrl+End in Excel"
                        " shows the last used cell) or split the file")


def _as_parsed(row: list, min_col: int = 1, max_col: int | None = None, values_only: bool = False) -> list:
    """Stand-in for ReadOnlyWorksheet._get_row: the row's cells as parsed, without padding."""
    return row


def _cells(row: Any) -> Iterator[tuple[int, Any, str]]:
    """(column, value, data type) of the cells present in one streamed row."""
    for cell in row:
        if isinstance(cell, dict):          # as parsed (see _as_parsed)
            yield cell["column"], cell["value"], cell["data_type"]
        elif getattr(cell, "column", None) is not None:  # padded cells, should openpyxl stop calling _get_row
            yield cell.column, cell.value, cell.data_type


def sheet_rows(path: Path, sheet: Any) -> Iterator[tuple[int, list[Any]]]:
    """(row number, values) of every non-empty row of a read-only ``sheet``, trailing empty cells cut.

    Formula cells come as :class:`Formula`. Raises InputRefused at the first row beyond MAX_ROWS,
    cell beyond MAX_COLUMNS or cell longer than MAX_CELL_CHARS.
    """
    from openpyxl.utils import get_column_letter

    sheet.reset_dimensions()  # the claimed size: padding rows to it is what exhausted memory
    # openpyxl still pads each row to its own last cell: one formatted empty cell in XFD makes
    # 16,384 cells a row (20,000 such rows took 5 minutes); the parsed cells are all we need
    sheet._get_row = _as_parsed
    try:
        for number, row in enumerate(sheet.iter_rows(), start=1):
            present = {column: Formula(str(value)) if data_type == "f" else value
                       for column, value, data_type in _cells(row) if value is not None and value != ""}
            if not present:
                continue
            if number > MAX_ROWS:
                raise _too_far(path, sheet.title, f"row {number}", f"more than {MAX_ROWS:,} rows")
            last = max(present)
            if last > MAX_COLUMNS:
                first = min(c for c in present if c > MAX_COLUMNS)
                raise _too_far(path, sheet.title, f"cell {get_column_letter(first)}{number}",
                               f"beyond column {get_column_letter(MAX_COLUMNS)} ({MAX_COLUMNS} columns)")
            values: list[Any] = [None] * last
            for column, value in present.items():
                text = value.text if isinstance(value, Formula) else value
                if isinstance(text, str) and len(text) > MAX_CELL_CHARS:
                    raise InputRefused(
                        f"{path}: sheet '{sheet.title}', cell {get_column_letter(column)}{number}: {len(text):,}"
                        f" characters, more than the {MAX_CELL_CHARS:,} Excel allows in a cell; shorten it")
                values[column - 1] = value
            yield number, values
    except MemoryError:
        raise InputRefused(f"{path}: sheet '{sheet.title}' is too large to read in memory; re-save it from"
                           " Excel, or export fewer rows") from None
    except (KeyError, ValueError, TypeError, SyntaxError, zipfile.BadZipFile, OSError) as exc:
        raise InputRefused(f"{path}: sheet '{sheet.title}' cannot be read ({exc}); re-save it from Excel as .xlsx"
                           ) from None
