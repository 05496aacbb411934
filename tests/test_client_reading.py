"""Encoding and separator detection, and reading CSV/XLSX cells as text."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Callable

import openpyxl
import pytest

try:
    import resource
except ImportError:  # Windows
    resource = None

from campaign.clients.reading import cell_text, detect_encoding, detect_separator, read_csv, read_table
from campaign.errors import InputRefused, UsageError
from tests.conftest import PROJECT_ROOT

TEXT = "Code client;Raison sociale;Ville\r\nC001;Société Générale des Eaux;Besançon\r\nC002;Cœur & Fils;Orléans\r\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("cp1252"), "cp1252"),
        (TEXT.encode("utf-16"), "utf-16"),
        ("Nom;Ville\r\nA\x81b;Lyon\r\n".encode("latin-1"), "iso-8859-1"),
        (b"Code;Nom\r\nC1;Dupont\r\n", "utf-8"),
    ],
)
def test_detect_encoding(data: bytes, expected: str) -> None:
    assert detect_encoding(data) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a;b;c\n1;2;3\n", ";"),
        ("a,b,c\n1,2,3\n", ","),
        ("a\tb\tc\n1\t2\t3\n", "\t"),
        # commas inside quoted names must not win over the real separator
        ('Code;Nom;Ville\nC1;"Dupont, Durand et Cie";Lyon\nC2;"A, B, C";Paris\n', ";"),
        # a title line above the header does not mislead the detection
        ("Liste des clients, au 28/11/2026\nCode;Nom;Ville\nC1;X;Y\nC2;Z;W\n", ";"),
    ],
)
def test_detect_separator(text: str, expected: str) -> None:
    assert detect_separator(text) == expected


def test_read_cp1252_csv_keeps_accents_and_row_numbers(tmp_path) -> None:
    path = tmp_path / "clients.csv"
    path.write_bytes(TEXT.encode("cp1252"))
    table = read_csv(path)
    assert "cp1252" in table.description and "';'" in table.description
    assert table.rows[1] == (2, ["C001", "Société Générale des Eaux", "Besançon"])
    assert table.rows[2][1][1] == "Cœur & Fils"  # œ is 0x9C in Windows-1252, absent from Latin-1


def test_read_csv_multiline_quoted_cell_keeps_record_numbering(tmp_path) -> None:
    path = tmp_path / "c.csv"
    path.write_text('Code;Adresse\nC1;"1 rue A\nBât. B"\nC2;2 rue B\n', encoding="utf-8")
    rows = read_csv(path).rows
    assert rows[1] == (2, ["C1", "1 rue A\nBât. B"])
    assert rows[2] == (3, ["C2", "2 rue B"])


def test_cell_text() -> None:
    assert cell_text(None) == ""
    assert cell_text(44312345600012) == "44312345600012"
    assert cell_text(75011.0) == "75011"
    assert cell_text(12.5) == "12.5"
    assert cell_text(dt.datetime(2027, 3, 1)) == "2027-03-01"


def test_read_table_refuses_what_it_cannot_read(tmp_path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(InputRefused, match="empty.csv: the file is empty"):
        read_table(empty)
    old_xls = tmp_path / "old.xls"
    old_xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(InputRefused, match="save it as .xlsx"):
        read_table(old_xls)
    fake_xlsx = tmp_path / "fake.xlsx"
    fake_xlsx.write_text("not a workbook")
    with pytest.raises(InputRefused, match="fake.xlsx: not a readable .xlsx"):
        read_table(fake_xlsx)
    with pytest.raises(UsageError, match="no such file"):
        read_table(tmp_path / "missing.csv")


def test_read_xlsx_by_content_and_sheet(tmp_path) -> None:
    path = tmp_path / "export.bin"  # detected by content, not by name
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["nothing here"])
    sheet = book.create_sheet("Clients")
    sheet.append(["Client code", "Company name", "SIRET"])
    sheet.append(["C1", "Dupont", 44306184100047])
    book.save(path)
    table = read_table(path, sheet="Clients")
    assert table.rows[1] == (2, ["C1", "Dupont", "44306184100047"])
    with pytest.raises(UsageError, match="no sheet named 'Nope'; sheets are: Notes, Clients"):
        read_table(path, sheet="Nope")


def _mixed_file(path, utf8_rows: set[int], count: int = 20):
    """A client CSV whose data rows in ``utf8_rows`` are UTF-8, the others Windows-1252 (two exports pasted)."""
    data = b"Code;Nom;Ville\r\n"
    for n in range(count):
        data += f"C{n:03d};Société Générale {n};Orléans\r\n".encode("utf-8" if n in utf8_rows else "cp1252")
    path.write_bytes(data)
    return path


def test_mixed_utf8_and_cp1252_lines_are_read_each_in_its_encoding_and_named(tmp_path) -> None:
    table = read_table(_mixed_file(tmp_path / "pasted.csv", {3, 7, 11}))
    assert [cells[1] for _, cells in table.rows[1:]] == [f"Société Générale {n}" for n in range(20)]
    assert {cells[2] for _, cells in table.rows[1:]} == {"Orléans"}          # no "OrlÃ©ans" stored
    assert table.description == "CSV, mixed UTF-8 and cp1252, read line by line, separator ';'"
    assert table.notes == ["mixed encodings: lines 5, 9, 13 are UTF-8 while the other accented lines are cp1252;"
                           " each line was read in its own encoding: check the names on those lines, or export the"
                           " file again in one encoding"]
    mostly_utf8 = read_table(_mixed_file(tmp_path / "mostly.csv", set(range(20)) - {0}))
    assert mostly_utf8.rows[1][1][1] == "Société Générale 0" and "line 2 is cp1252" in mostly_utf8.notes[0]
    many = read_table(_mixed_file(tmp_path / "many.csv", set(range(0, 40, 2)), count=40))
    assert "lines 2, 4, 6, 8, 10 and 15 more are UTF-8" in many.notes[0]


def test_one_encoding_files_have_no_note_and_encoding_option_wins(tmp_path) -> None:
    for enc in ("cp1252", "utf-8"):
        (tmp_path / f"{enc}.csv").write_bytes(TEXT.encode(enc))
        assert read_table(tmp_path / f"{enc}.csv").notes == []
    forced = read_table(_mixed_file(tmp_path / "pasted.csv", {3}), encoding="cp1252")
    assert forced.notes == [] and forced.rows[4][1][1] == "SociÃ©tÃ© GÃ©nÃ©rale 3"   # what was asked for


def test_long_unquoted_cell_is_read_and_an_over_long_one_refused_in_one_line(tmp_path) -> None:
    limit = csv.field_size_limit()
    long = tmp_path / "long.csv"
    long.write_text("Code;Nom;Notes\r\nC1;Dupont;" + "x" * 300_000 + "\r\nC2;Martin;\r\n", encoding="utf-8")
    table = read_table(long)
    assert [len(cells[2]) for _, cells in table.rows] == [5, 300_000, 0]
    assert table.description.endswith("separator ';'")
    from campaign.clients.reading import MAX_CELL_CHARS

    huge = tmp_path / "huge.csv"
    huge.write_text("Code;Nom\r\nC1;Dupont\r\nC2;" + "A" * (MAX_CELL_CHARS + 1) + "\r\n", encoding="utf-8")
    with pytest.raises(InputRefused) as refused:
        read_table(huge)
    message = str(refused.value)
    assert message.startswith(f"{huge}: line 3: a cell is longer than 1,048,576 characters") and "\n" not in message
    assert "export the file again" in message
    assert csv.field_size_limit() == limit                      # the process-wide limit is left as it was


# --- hostile workbooks: small files that claim huge things (generated here, never committed) ---

MEMORY_LIMIT = 500 * 2**20
FAR = "XFD1048576"  # the last cell a sheet can have


def patch_part(path: Path, name: str, edit: Callable[[str], str]) -> None:
    """Rewrite one XML part of the xlsx package at ``path`` with ``edit``."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[name] = edit(parts[name].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)


def claim(path: Path, *, sheet: int = 1, cell: str | None = FAR, value: str = "x", styled: bool = False) -> None:
    """Make a sheet claim A1:XFD1048576, and put ``value`` (or, if ``styled``, only a style) in ``cell``."""
    def edit(xml: str) -> str:
        xml, count = re.subn(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml)
        if not count:  # write-only sheets have none: it goes before sheetViews
            xml, count = re.subn("<sheetViews>", '<dimension ref="A1:XFD1048576"/><sheetViews>', xml, count=1)
        assert count == 1
        if cell is not None:
            number = re.sub(r"[A-Z]", "", cell)
            content = '<c r="%s" s="0"/>' % cell if styled else \
                f'<c r="{cell}" t="inlineStr"><is><t>{value}</t></is></c>'
            xml = xml.replace("</sheetData>", f'<row r="{number}">{content}</row></sheetData>')
        return xml
    patch_part(path, f"xl/worksheets/sheet{sheet}.xml", edit)


def client_book(path: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "Clients"
    book.active.append(["Code client", "Raison sociale", "E-mail"])
    book.active.append(["C1", "Dupont", "compta@dupont.example"])
    book.active.append(["C2", "Martin", "martin@martin.example"])
    book.save(path)
    return path


def run_limited(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """`python -m campaign ARGS` in a child process limited to 500 MB of address space."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT), os.environ.get("PYTHONPATH", "")]),
           "COLUMNS": "300"}
    env.pop("CAMPAIGN_DIR", None)
    return subprocess.run([sys.executable, "-m", "campaign", *args], capture_output=True, text=True,
                          timeout=timeout, env=env, preexec_fn=limit)


limited = pytest.mark.skipif(resource is None, reason="resource.RLIMIT_AS is POSIX only")


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


@limited
@pytest.mark.parametrize(("cell", "expected"), [
    (FAR, "sheet 'Clients', row 1048576: more than 200,000 rows"),
    ("AZ200000", None),                                  # within bounds: read, the far cell lands in _extra
    ("GS4", "sheet 'Clients', cell GS4: beyond column GR (200 columns)"),
    ("AZ200001", "sheet 'Clients', row 200001: more than 200,000 rows"),
])
def test_a_sheet_claiming_the_whole_grid_is_read_as_stored(campaign_dir, tmp_path, cell, expected) -> None:
    path = client_book(tmp_path / "clients.xlsx")
    claim(path, cell=cell)
    assert path.stat().st_size < 10_000
    result = run_limited("--campaign", str(campaign_dir), "clients", "import", str(path))
    if expected is None:  # a row without a code: that row skipped with a warning (exit 1), the rest imported
        assert "Traceback" not in result.stderr and result.returncode == 1, result.stderr
        assert "row 200000: no client code; row skipped" in result.stdout and "2 added" in result.stdout
        return
    assert result.returncode == 1
    line = one_line_error(result)
    assert str(path) in line and expected in line and "Ctrl+End" in line


@limited
@pytest.mark.parametrize("cell", [None, FAR])
def test_a_claimed_size_or_trailing_empty_cells_count_for_nothing(campaign_dir, tmp_path, cell) -> None:
    path = client_book(tmp_path / "clients.xlsx")
    claim(path, cell=cell, styled=True)                   # formatted but empty: Excel writes these
    result = run_limited("--campaign", str(campaign_dir), "clients", "import", str(path))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


@limited
def test_rows_of_formatted_empty_cells_far_right_are_skipped_quickly(campaign_dir, tmp_path) -> None:
    path = client_book(tmp_path / "clients.xlsx")
    rows = "".join(f'<row r="{n}"><c r="XFD{n}" s="0"/></row>' for n in range(4, 20_004))
    patch_part(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace("</sheetData>", rows + "</sheetData>"))
    # padded to column XFD, these 20,000 rows took five minutes; the timeout is generous on purpose
    result = run_limited("--campaign", str(campaign_dir), "clients", "import", str(path), timeout=60)
    assert result.returncode == 0, result.stderr
    assert "2 added" in result.stdout


@limited
def test_a_cell_longer_than_excel_allows_is_refused_naming_it(campaign_dir, tmp_path) -> None:
    path = client_book(tmp_path / "clients.xlsx")
    claim(path, cell="B4", value="x" * 50_000_000)        # 50 MB in one cell, ~50 KB on disk
    assert path.stat().st_size < 1_000_000
    result = run_limited("--campaign", str(campaign_dir), "clients", "import", str(path))
    assert result.returncode == 1
    line = one_line_error(result)
    assert "sheet 'Clients', cell B4: 50,000,000 characters, more than the 32,767 Excel allows" in line


def test_a_cell_at_excels_limit_is_read_whole(tmp_path) -> None:
    path = client_book(tmp_path / "clients.xlsx")
    claim(path, cell="D4", value="y" * 32_767)
    rows = dict(read_table(path).rows)
    assert rows[4] == ["", "", "", "y" * 32_767] and 5 not in rows  # row numbers kept, nothing invented


def test_a_part_unpacking_beyond_the_cap_is_refused_before_parsing(tmp_path, monkeypatch) -> None:
    import campaign.sheet_reading as sheet_reading
    path = client_book(tmp_path / "clients.xlsx")
    with zipfile.ZipFile(path) as archive:
        cap = max(info.file_size for info in archive.infolist()) + 100
    monkeypatch.setattr(sheet_reading, "MAX_PART_BYTES", cap)  # a zip bomb in miniature
    claim(path, cell="B4", value="z" * cap)
    with pytest.raises(InputRefused, match=r"part xl/worksheets/sheet1.xml unpacks to [0-9.]+ MB, more than"):
        read_table(path)
