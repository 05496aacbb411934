"""What the stamper reads from an invoice: only the visible page, real invoice numbers, and
owner-password files stamped with their protection kept.

A wrong client reference printed in a memo is the worst mistake stamping can make: every test
here checks the code in the memo drawn on the stamped page (read back with pypdfium2), or in
the stamps table, not only what the reader returned.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from typer.testing import CliRunner

from campaign.cli import app
from campaign.stamping.geometry import invert, page_geometry, reading_box, transform_rect
from campaign.stamping.invoices import KeyReader, PageKeys, split_invoices
from campaign.stamping.pagetext import CUT, _inside_chars, visible_text
from campaign.stamping.settings import DEFAULT_CLIENT_PATTERN, DEFAULT_INVOICE_PATTERN
from campaign.synthetic import make_clients, write_csv
from tests import pdf_factory as f
from tests.pdf_factory import page_texts
from tests.test_stamp_placement import stamper  # noqa: F401  (fixture: a Stamper with no client file)

MEMO = "Votre référence client : "
BATCH = [f.InvoiceSpec("F2026-001", "C0001"), f.InvoiceSpec("F2026-002", "C0002", pages=2),
         f.InvoiceSpec("F2026-003", "C0003")]
MEMO_PAGES = [0, 2, 3]  # the last page of each invoice
SHEET = f.print_sheet(f.invoice_pdf(BATCH))

SHEETS = {
    "bleed+slug": lambda: SHEET,
    "rotate90": lambda: f.rotated(SHEET, 90),
    "rotate180": lambda: f.rotated(SHEET, 180),
    "rotate270": lambda: f.rotated(SHEET, 270),
    "userunit": lambda: f.user_unit(SHEET, 2.0),
    "userunit-rotate90": lambda: f.user_unit(f.rotated(SHEET, 90), 2.0),
    "origin": lambda: f.print_sheet(f.shifted(f.invoice_pdf(BATCH))),
    "beyond-mediabox": lambda: f.print_sheet(f.invoice_pdf(BATCH), slug="job 4711",
                                             extra=((20, -300, f.SLUG), (700, 400, f.SLUG))),
}


def memo_codes(texts: list[str]) -> list[str | None]:
    """The client reference each stamped page's memo names (None: no client memo on the page)."""
    found = []
    for text in texts:
        start = text.find(MEMO)
        found.append(text[start + len(MEMO):].split()[0] if start >= 0 else None)
    return found


@pytest.mark.parametrize("name", list(SHEETS))
def test_print_sheet_reads_the_invoice_not_the_slug_line(stamper, tmp_path: Path, name: str) -> None:
    src = f.write(tmp_path / "sheet.pdf", SHEETS[name]())
    assert "C9999" in page_texts(src)[0], "the fixture lost its slug line"
    out = tmp_path / "out.pdf"

    result = stamper.stamp_file(src, out)

    assert result.error is None, result.error
    assert [(inv.pages, inv.number, inv.client) for inv in result.invoices] == [
        ([0], "F2026-001", "C0001"), ([1, 2], "F2026-002", "C0002"), ([3], "F2026-003", "C0003")]
    assert all(r.placed for r in result.results), [r.note for r in result.results]
    codes = memo_codes(page_texts(out))
    assert codes == ["C0001", None, "C0002", "C0003"], codes
    # the memo lies inside the visible page (the crop box), not in the bleed
    with pikepdf.open(out) as pdf:
        for row in result.results:
            w, h = page_geometry(pdf.pages[row.page - 1]).size
            x0, y0, x1, y1 = row.rect
            assert 0 <= x0 < x1 <= w and 0 <= y0 < y1 <= h


def _textpage_of(data: bytes, tmp_path: Path):
    src = f.write(tmp_path / "one.pdf", data)
    with pikepdf.open(src) as pdf:
        box = page_geometry(pdf.pages[0]).box
    doc = pdfium.PdfDocument(str(src))
    return doc, doc[0].get_textpage(), box


def test_label_inside_value_outside_is_no_code(tmp_path: Path) -> None:
    label = "Code client : "
    w = f.SIZES["a4"][0]
    x = w - stringWidth(label, "Helvetica", 7) + 1  # the label ends inside, the code starts past the edge
    data = f.print_sheet(f.invoice_pdf([f.InvoiceSpec("F-7", None)]), slug="job",
                         extra=((x, 700, label + "C9999 2026"),))
    doc, text, box = _textpage_of(data, tmp_path)
    try:
        seen = visible_text(text, box)
        assert label.strip() in seen and "C9999" not in seen and CUT in seen
        assert "C9999" in text.get_text_range()  # pdfium itself reads it
        assert _inside_chars(text, box, "") == seen  # the path for text that is not one to one with chars
        keys = KeyReader(DEFAULT_CLIENT_PATTERN, DEFAULT_INVOICE_PATTERN).read(seen)
        assert keys == PageKeys(client=None, invoice="F-7")
    finally:
        text.close()
        doc.close()


def test_ordinary_page_keeps_pdfiums_text(tmp_path: Path) -> None:
    """No text outside the page: the extraction is pdfium's own, unchanged."""
    doc, text, box = _textpage_of(f.invoice_pdf([f.InvoiceSpec("F-8", "C0008")]), tmp_path)
    try:
        assert visible_text(text, box) == text.get_text_range()
    finally:
        text.close()
        doc.close()


@pytest.mark.parametrize("text, invoice", [
    ("INVOICE N°\r\nDATE\r\n12/03/2026\r\nBUYER", None),
    ("Invoice No.\r\nBUYER\r\nSELLER", None),
    ("FACTURE N° : DATE 12/03/2026\r\nFacture n° FA-2026-17", "FA-2026-17"),
    ("Invoice #\r\nINVOICE\r\nInvoice number: 2026/0042", "2026/0042"),
    ("Facture numéro N°", None),
])
def test_labels_are_not_invoice_numbers(text: str, invoice: str | None) -> None:
    assert KeyReader(DEFAULT_CLIENT_PATTERN, DEFAULT_INVOICE_PATTERN).read(text).invoice == invoice


def test_a_code_without_digit_only_when_the_client_file_has_it() -> None:
    header = "Code client\r\nDate\r\nÉchéance\r\nDUPONT\r\n"
    plain = KeyReader(DEFAULT_CLIENT_PATTERN, DEFAULT_INVOICE_PATTERN)
    assert plain.read(header).client is None  # never "DATE" as a client's reference
    assert plain.read("Réf. client : Date\r\nCode client : C0042").client == "C0042"
    known = KeyReader(DEFAULT_CLIENT_PATTERN, DEFAULT_INVOICE_PATTERN, known=lambda code: code.upper() == "DUPONT")
    assert known.read("Code client : dupont").client == "DUPONT"
    assert known.read(header).client is None


def test_pages_without_text_are_each_an_invoice_unless_the_file_names_invoices() -> None:
    scan, text = PageKeys(None, None, words=False), PageKeys(None, None)
    assert [inv.pages for inv in split_invoices([scan] * 3)] == [[0], [1], [2]]
    # a scanned annex after a named invoice belongs to it
    named = PageKeys("C0001", "F-1")
    assert [inv.pages for inv in split_invoices([named, scan, PageKeys("C0002", "F-2"), scan])] == [[0, 1], [2, 3]]
    # unnamed text pages still run on; a scan among them stands alone
    assert [inv.pages for inv in split_invoices([text, text, scan, text])] == [[0, 1], [2, 3]]


def test_scanned_pages_each_get_the_generic_memo(stamper, tmp_path: Path) -> None:
    src = f.write(tmp_path / "scans.pdf", f.scanned_pdf(3))
    out = tmp_path / "out.pdf"
    result = stamper.stamp_file(src, out)
    assert result.error is None and [inv.pages for inv in result.invoices] == [[0], [1], [2]]
    assert result.warning and "no text on any of its 3 pages" in result.warning
    assert [r.placed for r in result.results] == [True] * 3
    texts = page_texts(out)
    assert all("(indiquée sur cette facture)" in " ".join(t.split()) and MEMO not in t for t in texts)


def test_scanned_print_sheets_ignore_their_slug_lines(stamper, tmp_path: Path) -> None:
    """Text only outside the crop box: the pages are scans, each its own unknown invoice."""
    src = f.write(tmp_path / "scans.pdf", f.print_sheet(f.scanned_pdf(2)))
    result = stamper.stamp_file(src, tmp_path / "out.pdf")
    assert [(inv.pages, inv.client, inv.number) for inv in result.invoices] == [([0], None, None), ([1], None, None)]
    assert memo_codes(page_texts(tmp_path / "out.pdf")) == [None, None]


def test_scanned_annex_page_joins_the_invoice_before_but_gets_no_memo(stamper, tmp_path: Path) -> None:
    """The scan may be another client's invoice: the memo stays on the invoice's last page with text."""
    invoice = pikepdf.open(f"{f.write(tmp_path / 'a.pdf', f.invoice_pdf([f.InvoiceSpec('F-9', 'C0009')]))}")
    with invoice, pikepdf.open(f.write(tmp_path / "s.pdf", f.scanned_pdf(1))) as scan:
        invoice.pages.extend(scan.pages)
        invoice.save(tmp_path / "mixed.pdf")
    result = stamper.stamp_file(tmp_path / "mixed.pdf", tmp_path / "out.pdf")
    assert [(inv.pages, inv.client) for inv in result.invoices] == [([0, 1], "C0009")] and result.warning is None
    assert memo_codes(page_texts(tmp_path / "out.pdf")) == ["C0009", None]


@pytest.mark.parametrize("revision", [4, 6])
def test_no_changes_permission_is_stamped_and_kept(stamper, tmp_path: Path, revision: int) -> None:
    data = f.encrypted(f.invoice_pdf([f.InvoiceSpec("F-11", "C0011")]), modify=False, R=revision)
    src = f.write(tmp_path / "no-changes.pdf", data)
    out = tmp_path / "out.pdf"

    result = stamper.stamp_file(src, out)

    assert result.error is None and result.note and "permissions forbid changes" in result.note
    assert src.read_bytes() == data
    assert memo_codes(page_texts(out)) == ["C0011"]
    with pikepdf.open(src) as before, pikepdf.open(out) as after:
        assert after.is_encrypted and after.allow == before.allow and not after.allow.modify_other
        assert after.encryption.R == before.encryption.R == revision
        assert after.encryption.stream_method == before.encryption.stream_method
    with pikepdf.open(out, password="owner-secret") as owner:  # the firm's owner password still works
        assert owner.owner_password_matched


def test_user_password_is_refused_in_one_line(stamper, tmp_path: Path) -> None:
    data = f.encrypted(f.invoice_pdf([f.InvoiceSpec("F-12", "C0012")]), user="user-secret", modify=False)
    result = stamper.stamp_file(f.write(tmp_path / "locked.pdf", data), tmp_path / "out.pdf")
    assert result.error and "needs a password" in result.error and "\n" not in result.error
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.integration
@pytest.mark.usefixtures("before_switch")
def test_command_records_the_right_clients_and_notes_protected_files(campaign_dir: Path, tmp_path: Path) -> None:
    clients = tmp_path / "clients.csv"
    write_csv(clients, make_clients(5))
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, ["--campaign", str(campaign_dir), *args], env={"CAMPAIGN_DIR": None, "COLUMNS": "200"})

    assert run("clients", "import", str(clients)).exit_code == 0
    folder = tmp_path / "export"
    folder.mkdir()
    f.write(folder / "sheet.pdf", f.rotated(SHEET, 90))
    f.write(folder / "protected.pdf", f.encrypted(f.invoice_pdf([f.InvoiceSpec("F-20", "C0004")]), modify=False))
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    out = tmp_path / "print"

    result = run("stamp", str(folder), "--out", str(out))

    assert result.exit_code == 0, result.output
    assert before == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    from campaign.workspace import load_campaign

    with load_campaign(campaign_dir).open_store() as store:
        rows = store.conn.execute("SELECT client_code, invoice_number, page FROM stamps ORDER BY id").fetchall()
    assert [tuple(r) for r in rows] == [("C0004", "F-20", 1), ("C0001", "F2026-001", 1),
                                        ("C0002", "F2026-002", 3), ("C0003", "F2026-003", 4)]
    with (out / "stamp-report.csv").open(encoding="utf-8-sig", newline="") as handle:
        report = list(csv.DictReader(handle, delimiter=";"))
    notes = {r["Fichier"].rsplit("/", 1)[-1]: r["Remarque"] for r in report}
    assert notes["sheet.pdf"] == "" and notes["protected.pdf"].startswith("ses droits interdisent les modifications")
    assert {r["Code client"] for r in report} == {"C0001", "C0002", "C0003", "C0004"}


@pytest.mark.parametrize("layout,bleed", [("roomy", 36), ("full", 72)])
def test_a_print_ready_file_with_a_trimbox_and_no_cropbox_reads_inside_the_trim(stamper, tmp_path: Path,
                                                                                layout: str, bleed: float) -> None:
    """Print shops' files: bleed and slug line shown (no CropBox), the finished page in /TrimBox.
    ("full": the invoice fills its page down to the legal footer, the bleed below it is blank.)"""
    batch = [dataclasses.replace(spec, layout=layout) for spec in BATCH]
    sheet = pikepdf.open(f.write(tmp_path / "sheet.pdf", f.print_sheet(f.invoice_pdf(batch), bleed=bleed)))
    with sheet:
        for page in sheet.pages:
            page.obj["/TrimBox"] = page.obj["/CropBox"]
            del page.obj["/CropBox"]
        sheet.save(tmp_path / "trim.pdf")
    result = stamper.stamp_file(tmp_path / "trim.pdf", tmp_path / "out.pdf")
    assert result.error is None
    assert [inv.client for inv in result.invoices] == [spec.client for spec in BATCH]
    assert f.SLUG not in {inv.number for inv in result.invoices}
    # the memo lies inside the trimmed page, clear of the bleed the printer cuts off
    with pikepdf.open(tmp_path / "trim.pdf") as pdf:
        geometry = page_geometry(pdf.pages[0])
        tx0, ty0, tx1, ty1 = transform_rect(invert(geometry.visual_to_user), reading_box(pdf.pages[0]))
    assert (tx0, ty0) != (0, 0), "the fixture has no bleed"
    placed = [r for r in result.results if r.placed]
    # never shrunk: the crop marks and the bleed would move with the content
    assert all(r.scale == 1.0 for r in placed)
    assert placed or all("trim box" in r.note for r in result.results)
    for row in placed:
        x0, y0, x1, y1 = row.rect
        assert tx0 <= x0 < x1 <= tx1 and ty0 <= y0 < y1 <= ty1, (row.rect, (tx0, ty0, tx1, ty1))


@pytest.mark.parametrize("box", [[0, 0, 500], ["/A4", 0, 0, 0]])
def test_a_malformed_page_box_never_stops_the_batch(stamper, tmp_path: Path, box) -> None:
    with pikepdf.open(f.write(tmp_path / "a.pdf", f.invoice_pdf([f.InvoiceSpec("F-1", "C0001")]))) as pdf:
        pdf.pages[0].obj["/CropBox"] = pikepdf.Array([pikepdf.Name(v) if isinstance(v, str) else v for v in box])
        pdf.save(tmp_path / "crop.pdf")
        pdf.pages[0].obj["/MediaBox"] = pikepdf.Array([0, 0, 500])
        pdf.save(tmp_path / "media.pdf")
    assert stamper.stamp_file(tmp_path / "crop.pdf", tmp_path / "crop-out.pdf").error is None
    media = stamper.stamp_file(tmp_path / "media.pdf", tmp_path / "media-out.pdf")  # returns, never raises
    assert media.error is None or "\n" not in media.error
