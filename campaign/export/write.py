"""Writing the export file: CSV (";", CRLF, Windows-1252 or UTF-8 with BOM) or xlsx, atomically, with the [files] mode's permissions."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from openpyxl import Workbook

from campaign.atomic import atomic_write
from campaign.export.transliterate import to_cp1252
from campaign.sheets import discard_sheet, save_workbook, text_cell
from campaign.text import guard_formula

# OWASP's CSV-injection trigger characters (tab and carriage return included)


@dataclass
class Changed:
    """A cell whose text had to be transliterated to fit the file's encoding."""

    code: str        # the client's code ("" for the header row)
    column: str      # the column header
    original: str
    written: str


def write_csv(path: Path, headers: list[str], rows: Iterable[tuple[str, list[str]]], *, encoding: str = "cp1252",
              formula_guard: bool = True) -> list[Changed]:
    """Write ``rows`` ((client code, cell values)) under ``headers``; return the transliterated cells."""
    changed: list[Changed] = []

    def fit(code: str, column: str, value: str) -> str:
        if formula_guard:
            value = guard_formula(value)
        if encoding != "cp1252":
            return value
        written, replaced = to_cp1252(value)
        if replaced:
            changed.append(Changed(code, column, value, written))
        return written

    with atomic_write(path, "w", encoding=encoding, newline="", output=True) as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow([fit("", header, header) for header in headers])
        for code, values in rows:
            writer.writerow([fit(code, header, value) for header, value in zip(headers, values)])
    return changed


def write_xlsx(path: Path, headers: list[str], rows: Iterable[tuple[str, list[str]]], *,
               sheet_title: str = "Export") -> list[Changed]:
    """Write ``rows`` as an xlsx (write-only mode, every cell literal text); nothing needs transliterating."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title)
    sheet.append([text_cell(sheet, header) for header in headers])
    try:
        for _code, values in rows:
            sheet.append([text_cell(sheet, value) for value in values])
        save_workbook(book, path)
    except BaseException:
        discard_sheet(sheet)
        raise
    return []

