"""Read a client file (CSV in any common French encoding and separator, or XLSX) into rows of text.

The stdlib ``csv`` reader and openpyxl are used directly rather than through pandas so that every
row keeps its spreadsheet row number (header = row 1) for error messages, and a ragged row is
reported instead of failing the whole file.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from campaign.errors import InputRefused, UsageError
from campaign.sheet_reading import cell_text, open_workbook, sheet_rows

SEPARATORS = (";", ",", "\t")
SEPARATOR_NAMES = {";": "';'", ",": "','", "\t": "tab", "|": "'|'"}
_SNIFF_LINES = 50
# The longest cell read. The stdlib's default (131,072 characters) made a long cell a traceback.
# 1 MiB is 32 times Excel's cell limit (32,767), so a long notes column from management software
# fits, and costs nothing (the file is in memory already); a longer cell is a quote never closed
# or not a client list, and is refused in one line.
MAX_CELL_CHARS = 1 << 20
_LINES_NAMED = 5


@dataclass
class RawTable:
    """The cells of a client file as text, before any column is interpreted."""

    path: Path
    description: str                      # e.g. "CSV, cp1252, ';'" — said back to the user
    rows: list[tuple[int, list[str]]]     # (spreadsheet row number, cells)
    notes: list[str] = field(default_factory=list)


def detect_encoding(data: bytes) -> str:
    """Guess the encoding of a CSV export: BOMs first, then strict UTF-8, then Windows-1252.

    French Windows software writes Windows-1252; ISO-8859-1 differs from it only in the
    0x80-0x9F range, where Windows-1252 has five undefined bytes, so a file using them is Latin-1.
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "iso-8859-1"


@contextlib.contextmanager
def _cell_limit(limit: int = MAX_CELL_CHARS) -> Iterator[None]:
    """``csv.field_size_limit`` set to ``limit`` inside the block only (it is process-wide)."""
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def detect_separator(text: str) -> str:
    """Pick the separator that splits the first lines into the most consistent, widest rows."""
    sample_lines = [line for line in text.splitlines()[: _SNIFF_LINES * 2] if line.strip()][:_SNIFF_LINES]
    if not sample_lines:
        return ";"
    best, best_score = ";", (-1.0, 0)
    for sep in SEPARATORS:
        try:
            with _cell_limit():
                counts = [len(row) for row in csv.reader(sample_lines, delimiter=sep)]
        except csv.Error:      # an over-long cell: read_csv says where
            continue
        widths = [c for c in counts if c > 1]
        if not widths:
            continue
        mode = max(set(widths), key=widths.count)
        score = (widths.count(mode) / len(counts), mode)
        if score > best_score:
            best, best_score = sep, score
    return best


def _named(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:_LINES_NAMED])
    return shown + (f" and {len(numbers) - _LINES_NAMED} more" if len(numbers) > _LINES_NAMED else "")


def decode_mixed(data: bytes, other: str) -> tuple[str, str] | None:
    """(text, warning) for a file mixing UTF-8 lines with ``other`` (Windows-1252) lines, else None.

    Such a file comes from pasting one export into another. Each line is decoded in its own
    encoding, which is unambiguous in practice: French Windows-1252 text ("é" = E9 then a letter)
    is never valid UTF-8, and UTF-8 read as Windows-1252 would store "Ã©". The warning names the
    lines of the less common encoding so that a person can check them.
    """
    lines = data.splitlines(keepends=True)
    utf8: list[int] = []
    rest: list[int] = []
    for number, line in enumerate(lines, start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8.append(number)
        except UnicodeDecodeError:
            rest.append(number)
    if not utf8 or not rest:
        return None
    marked = set(utf8)
    text = "".join(line.decode("utf-8" if n in marked else other) for n, line in enumerate(lines, start=1))
    few, name = (utf8, "UTF-8") if len(utf8) <= len(rest) else (rest, other)
    lines_are = f"lines {_named(few)} are" if len(few) > 1 else f"line {few[0]} is"
    others = "UTF-8" if name == other else other
    return text, (f"mixed encodings: {lines_are} {name} while the other accented lines are {others}; each line"
                  " was read in its own encoding: check the names on those lines, or export the file again in one"
                  " encoding")


def _clean(cells: Iterable[str]) -> list[str]:
    return [cell.replace("\u00a0", " ").strip() for cell in cells]


def read_csv(path: Path, *, encoding: str | None = None, separator: str | None = None) -> RawTable:
    """Read a delimited text file; ``encoding``/``separator`` override detection."""
    data = path.read_bytes()
    enc = encoding or detect_encoding(data)
    notes: list[str] = []
    mixed = decode_mixed(data, enc) if encoding is None and enc in ("cp1252", "iso-8859-1") else None
    try:
        text = data.decode(enc) if mixed is None else mixed[0]
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputRefused(f"{path}: cannot be read as {enc} ({exc}); pass --encoding") from None
    if "\x00" in text:
        raise InputRefused(f"{path}: holds binary data, not a CSV export; export the client list as CSV or XLSX")
    sep = separator or detect_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    try:
        with _cell_limit():
            rows = [(number, _clean(cells)) for number, cells in enumerate(reader, start=1)]
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise InputRefused(
                f"{path}: line {reader.line_num}: a cell is longer than {MAX_CELL_CHARS:,} characters, which no client"
                " list holds (often a quote opened and never closed); check that line or export the file again"
            ) from None
        raise InputRefused(f"{path}: row {reader.line_num}: {exc}; check the quotes on that line") from None
    shown = {"utf-8-sig": "UTF-8 with BOM", "utf-16": "UTF-16"}.get(enc, enc)
    if mixed is not None:
        shown = f"mixed UTF-8 and {enc}, read line by line"
        notes.append(mixed[1])
    return RawTable(path=path, description=f"CSV, {shown}, separator {SEPARATOR_NAMES.get(sep, repr(sep))}", rows=rows,
                    notes=notes)


def read_xlsx(path: Path, *, sheet: str | None = None) -> RawTable:
    """Read one sheet of a workbook (``sheet`` by name, else the first one), within the bounds of
    :mod:`campaign.sheet_reading`; empty rows are left out (row numbers stay those of the sheet)."""
    with open_workbook(path) as book:
        if sheet is None:
            ws = book.worksheets[0]
        elif sheet in book.sheetnames:
            ws = book[sheet]
        else:
            raise UsageError(f"{path}: no sheet named '{sheet}'; sheets are: {', '.join(book.sheetnames)}")
        rows = [(number, _clean(cell_text(v) for v in values)) for number, values in sheet_rows(path, ws)]
        return RawTable(path=path, description=f"XLSX, sheet '{ws.title}'", rows=rows)


def read_table(
    path: Path, *, sheet: str | None = None, encoding: str | None = None, separator: str | None = None
) -> RawTable:
    """Read a client file of any supported kind, chosen by its content as much as its name."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise InputRefused(f"{path}: the file is empty; export the client list again")
    with path.open("rb") as handle:
        head = handle.read(8)
    suffix = path.suffix.lower()
    if head.startswith(b"PK\x03\x04"):
        return read_xlsx(path, sheet=sheet)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputRefused(f"{path}: old Excel .xls format; open it in Excel and save it as .xlsx or CSV")
    if suffix in (".xlsx", ".xlsm"):
        raise InputRefused(f"{path}: not a readable .xlsx workbook; re-save it from Excel as .xlsx")
    if suffix in (".pdf", ".ods", ".mdb", ".accdb"):
        raise InputRefused(f"{path}: {suffix} files are not supported; export the client list as CSV or XLSX")
    return read_csv(path, encoding=encoding, separator=separator)
