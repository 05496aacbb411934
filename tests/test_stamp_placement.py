"""Placement on every page geometry, checked on real renders before and after stamping.

For each geometry the stamped copy is rendered with pypdfium2 and compared with the original:
the pixels that changed must have been blank, must lie inside the rectangle the stamper reports
(so the memo is neither flipped nor misplaced), and must be wider than tall (upright). The memo
text and the client reference must be extractable from the stamped pages only; page count,
sizes, attachments, annotations, metadata and OutputIntents must be unchanged.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import numpy as np
import pikepdf
import pypdfium2 as pdfium
import pytest

from campaign.stamping.clients import ClientDirectory
from campaign.stamping.settings import memo_settings
from campaign.stamping.stamp import Stamper
from tests import pdf_factory as f
from tests.pdf_factory import page_texts

SCALE = 1.0  # 72 dpi for the checks: finer than the stamper's own 36 dpi search
MEMO_MARK = "Votre référence client"

BATCH = [f.InvoiceSpec("F2026-001", "C001"), f.InvoiceSpec("F2026-002", "C002", pages=2, layout="partial"),
         f.InvoiceSpec("F2026-003", "C003")]
BASE = f.invoice_pdf(BATCH)

GEOMETRIES = {
    "a4": lambda: BASE,
    "letter": lambda: f.invoice_pdf(BATCH, "letter"),
    "landscape": lambda: f.invoice_pdf(BATCH, "a4-landscape"),
    "rotate90": lambda: f.rotated(BASE, 90),
    "rotate180": lambda: f.rotated(BASE, 180),
    "rotate270": lambda: f.rotated(BASE, 270),
    "origin": lambda: f.shifted(BASE),
    "cropbox": lambda: f.cropped(BASE),
    "unbalanced-q": lambda: f.unbalanced(BASE),
    "inherited-rotate90": lambda: f.inherited(f.inherited_invoice_content(595, 842), rotate=90),
    "inherited-origin": lambda: f.inherited(f.inherited_invoice_content(595, 842), media=(0, 0, 595, 842)),
    "extras": lambda: f.with_extras(BASE),
}


def render(path: Path) -> list[np.ndarray]:
    doc = pdfium.PdfDocument(str(path))
    doc.init_forms()  # draw form fields as a viewer does
    try:
        return [doc[i].render(scale=SCALE, grayscale=True, may_draw_forms=True).to_numpy().copy()
                for i in range(len(doc))]
    finally:
        doc.close()


def boxes(path: Path) -> list[tuple]:
    with pikepdf.open(path) as pdf:
        return [(tuple(float(v) for v in p.mediabox), tuple(float(v) for v in p.cropbox), p.rotation)
                for p in pdf.pages]


@pytest.fixture(scope="module")
def stamper(tmp_path_factory) -> Stamper:
    import datetime as dt

    from campaign.workspace import init_campaign

    folder = tmp_path_factory.mktemp("campaign") / "cabinet"
    campaign = init_campaign(folder, firm="Cabinet Exemple", secretariat="secretariat@cabinet-exemple.fr",
                             switch_date=dt.date(2027, 3, 1))
    return Stamper(campaign.settings, memo_settings(campaign.settings), ClientDirectory.open(None, []))


def changed_pixels_check(before: np.ndarray, after: np.ndarray, rect, page_height: float) -> None:
    assert before.shape == after.shape
    changed = np.abs(before.astype(int) - after.astype(int)) > 8
    assert changed.any(), "the memo left no visible mark"
    # everything that changed was blank (pure white or nearly) in the original
    assert (before[changed] >= 250).all(), "the memo covers something"
    rows, cols = np.nonzero(changed)
    x0, y0, x1, y1 = rect
    top_px, bottom_px = (page_height - y1) * SCALE, (page_height - y0) * SCALE
    assert cols.min() >= math.floor(x0 * SCALE) - 1 and cols.max() <= math.ceil(x1 * SCALE) + 1
    assert rows.min() >= math.floor(top_px) - 1 and rows.max() <= math.ceil(bottom_px) + 1
    assert (cols.max() - cols.min()) > (rows.max() - rows.min()), "memo is not upright"
    assert rows.min() > before.shape[0] * 0.4, "memo is not in the lower part of the page"


@pytest.mark.integration
@pytest.mark.parametrize("name", sorted(GEOMETRIES))
def test_memo_only_in_blank_space(name: str, stamper: Stamper, tmp_path: Path) -> None:
    source = f.write(tmp_path / f"{name}.pdf", GEOMETRIES[name]())
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    output = tmp_path / "out" / f"{name}.pdf"
    output.parent.mkdir()
    result = stamper.stamp_file(source, output)
    assert result.error is None
    assert hashlib.sha256(source.read_bytes()).hexdigest() == digest, "the original was modified"

    before, after = render(source), render(output)
    assert len(before) == len(after)
    assert boxes(source) == boxes(output)
    placed = {r.page - 1: r for r in result.results if r.placed}
    assert placed, result.results
    for r in placed.values():
        assert r.scale == 1.0  # every page here has room without shrinking
        assert r.font_size >= 7
    texts_before, texts_after = page_texts(source), page_texts(output)
    for index in range(len(before)):
        if index in placed:
            height = before[index].shape[0] / SCALE
            changed_pixels_check(before[index], after[index], placed[index].rect, height)
            client = placed[index].client
            words = " ".join(texts_after[index].split())  # a narrow memo breaks lines anywhere
            assert f"{MEMO_MARK} : {client}" in words
            assert "adresse e-mail" in words
        else:
            assert np.array_equal(before[index], after[index])
            assert MEMO_MARK not in texts_after[index]
            assert texts_after[index] == texts_before[index]


def test_batch_pages_are_the_last_page_of_each_invoice(stamper: Stamper, tmp_path: Path) -> None:
    source = f.write(tmp_path / "batch.pdf", BASE)
    result = stamper.stamp_file(source, tmp_path / "batch-out.pdf")
    assert [(r.page, r.client, r.invoice) for r in result.results] == [
        (1, "C001", "F2026-001"), (3, "C002", "F2026-002"), (4, "C003", "F2026-003")]
    partial = result.results[1]
    assert partial.placed and partial.rect[2] < 595 * 0.6, "partial layout: memo belongs in the lower left"


@pytest.mark.integration
def test_extras_survive(stamper: Stamper, tmp_path: Path) -> None:
    source = f.write(tmp_path / "facturx.pdf", f.with_extras(BASE))
    output = tmp_path / "facturx-out.pdf"
    result = stamper.stamp_file(source, output)
    assert result.error is None
    with pikepdf.open(source) as pdf:
        for row in result.results:
            # a viewer draws annotations over the page, so pixels cannot show a memo under a
            # form field or a link: check the rectangles themselves
            for annot in pdf.pages[row.page - 1].Annots:
                ax0, ay0, ax1, ay1 = (float(v) for v in annot.Rect)
                x0, y0, x1, y1 = row.rect
                assert x1 <= ax0 or ax1 <= x0 or y1 <= ay0 or ay1 <= y0, (row, list(annot.Rect))
    with pikepdf.open(source) as old, pikepdf.open(output) as new:
        assert new.attachments["factur-x.xml"].get_file().read_bytes() == \
            old.attachments["factur-x.xml"].get_file().read_bytes()
        assert len(new.Root.AF) == 1 and new.Root.AF[0].F == "factur-x.xml"
        assert new.Root.OutputIntents[0].S == pikepdf.Name.GTS_PDFA1
        meta_old, meta_new = old.open_metadata(), new.open_metadata()
        assert meta_new["pdfaid:part"] == "3" and meta_new["dc:title"] == meta_old["dc:title"]
        assert len(new.Root.AcroForm.Fields) == len(old.Root.AcroForm.Fields)
        for p_old, p_new in zip(old.pages, new.pages):
            assert [str(a.Subtype) for a in p_new.Annots] == [str(a.Subtype) for a in p_old.Annots]
            assert [list(a.Rect) for a in p_new.Annots] == [list(a.Rect) for a in p_old.Annots]
        # one form XObject per distinct memo, and the font is embedded
        forms = {objgen for page in new.pages for objgen in
                 (x.objgen for x in page.resources.get("/XObject", {}).values()
                  if x.get("/Subtype") == pikepdf.Name.Form)}
        assert len(forms) == 3  # three clients, three memos
        fonts = [fnt for page in new.pages for x in page.resources.get("/XObject", {}).values()
                 for fnt in x.get("/Resources", {}).get("/Font", {}).values()]
        assert fonts and all("/FontFile2" in fnt.DescendantFonts[0].FontDescriptor for fnt in fonts
                             if "/DescendantFonts" in fnt)


@pytest.mark.integration
def test_full_page_is_shrunk_not_covered(stamper: Stamper, tmp_path: Path) -> None:
    source = f.write(tmp_path / "full.pdf", f.invoice_pdf([f.InvoiceSpec("F9", "C009", layout="full")]))
    output = tmp_path / "full-out.pdf"
    result = stamper.stamp_file(source, output)
    (row,) = result.results
    assert row.placed and 0.9 <= row.scale < 1.0
    # the same page with the memo made invisible shows only the shrunk content: it must be
    # blank where the memo is
    with pikepdf.open(output) as pdf:
        page = pdf.pages[0]
        with pikepdf.open(source) as original:
            old_names = set(original.pages[0].resources.get("/XObject", {}).keys())
        for name, xobj in page.resources.XObject.items():
            if name not in old_names:
                xobj.write(b"")
        pdf.save(tmp_path / "shrunk-only.pdf")
    (shrunk,), (stamped,) = render(tmp_path / "shrunk-only.pdf"), render(output)
    height = shrunk.shape[0] / SCALE
    changed_pixels_check(shrunk, stamped, row.rect, height)
    texts = " ".join(page_texts(output)[0].split())
    assert "Mission comptable - ligne 1" in texts and "référence client C009" in texts


@pytest.mark.integration
def test_qr_code_decodes_to_the_clients_mailto(stamper: Stamper, tmp_path: Path) -> None:
    """Decode the printed QR code with zbar (Debian zbar-tools, installed by scripts/test)."""
    import shutil
    import subprocess

    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        pytest.skip("zbarimg not installed (apt-get install zbar-tools; scripts/test does it)")
    source = f.write(tmp_path / "qr.pdf", f.rotated(f.invoice_pdf([f.InvoiceSpec("F-7", "C0042")]), 90))
    output = tmp_path / "qr-out.pdf"
    assert stamper.stamp_file(source, output).results[0].qr
    doc = pdfium.PdfDocument(str(output))
    doc[0].render(scale=150 / 72).to_pil().save(tmp_path / "page.png")  # an office scan, not a close-up
    doc.close()
    decoded = subprocess.run([zbarimg, "-q", "--raw", str(tmp_path / "page.png")], capture_output=True, text=True)
    assert decoded.stdout.strip() == ("mailto:secretariat@cabinet-exemple.fr?subject="
                                      "Adresse%20e-mail%20pour%20les%20factures%20-%20ref.%20C0042")
