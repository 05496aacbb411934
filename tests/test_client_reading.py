"""Encoding and separator detection, and reading CSV/XLSX cells as text."""

from __future__ import annotations

import codecs
import datetime as dt

import openpyxl
import pytest

from campaign.clients.reading import cell_text, detect_encoding, detect_separator, read_csv, read_table
from campaign.errors import InputRefused, UsageError

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
