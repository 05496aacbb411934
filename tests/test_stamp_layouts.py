"""Placement kinds on pages whose only room is at the foot and not full-width (issue 14).

Each page is stamped and rendered before and after: the memo may change only pixels that were
blank (or an even light tint) inside the rectangle the stamper reports, never shrinks these
pages, and takes the kind a person would choose.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
import subprocess
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

from campaign.stamping.memo import ClientInfo
from campaign.stamping.space import InkMap, SearchMap, find_place, search_map
from campaign.stamping.stamp import PageResult, Stamper
from tests import pdf_factory as f
from tests.pdf_factory import page_texts
from tests.test_stamp_placement import SCALE, render, stamper  # noqa: F401  (fixture)

EXPECTED = {"lower-left": {"window", "compact"}, "tight": {"compact"}, "grey-panel": {"band", "window"},
            "totals-low": {"window"}, "framed-totals": {"window"}}
QR_WORDS = "scannant ce code"


def stamp(stamper: Stamper, tmp_path: Path, case: str) -> tuple[Path, Path, PageResult]:
    source = f.write(tmp_path / f"{case}.pdf", f.foot_case_pdf(case))
    output = tmp_path / f"{case}-out.pdf"
    result = stamper.stamp_file(source, output)
    assert result.error is None
    (row,) = result.results
    return source, output, row


def changed_only_in(before: np.ndarray, after: np.ndarray, rect, light: int) -> None:
    changed = np.abs(before.astype(int) - after.astype(int)) > 8
    assert changed.any()
    assert (before[changed] >= light).all(), "the memo covers printed text or lines"
    rows, cols = np.nonzero(changed)
    x0, y0, x1, y1 = rect
    height = before.shape[0] / SCALE
    assert cols.min() >= np.floor(x0 * SCALE) - 1 and cols.max() <= np.ceil(x1 * SCALE) + 1
    assert rows.min() >= np.floor((height - y1) * SCALE) - 1 and rows.max() <= np.ceil((height - y0) * SCALE) + 1


@pytest.mark.integration
@pytest.mark.parametrize("case", f.FOOT_CASES)
def test_foot_cases_are_not_shrunk(case: str, stamper: Stamper, tmp_path: Path) -> None:
    source, output, row = stamp(stamper, tmp_path, case)
    assert row.placed and row.scale == 1.0 and row.placement in EXPECTED[case], row
    assert row.font_size >= 7
    (before,), (after,) = render(source), render(output)
    # the grey panel is printed on (the memo has no background); everywhere else only white
    changed_only_in(before, after, row.rect, 200 if case == "grey-panel" else 250)
    words = " ".join(page_texts(output)[0].split())
    assert "référence client C0420" in words or "référence client : C0420" in words
    assert (QR_WORDS in words) == row.qr, "the memo mentions a code it did not draw (or the reverse)"


def test_memo_beside_low_totals_not_above_them(stamper: Stamper, tmp_path: Path) -> None:
    *_, row = stamp(stamper, tmp_path, "totals-low")
    totals_top = 58 + 30 + 110
    assert row.rect[1] < totals_top and row.rect[2] <= 300, "the memo sits mid-page, above the totals"


def test_memo_inside_the_table_frame_left_of_the_totals(stamper: Stamper, tmp_path: Path) -> None:
    *_, row = stamp(stamper, tmp_path, "framed-totals")
    x0, y0, x1, y1 = row.rect
    # inside the frame (sides at x=40 and 555, closing rule at y=58), left of the totals (x=300),
    # below the last line item (its descenders end near y=185)
    assert 40 < x0 and x1 < 300 and 58 < y0 and y1 < 185, row


def _framed_gap(text_left: bool) -> SearchMap:
    """A 36 dpi ink map: a frame's left side, a column of text on the right, a blank gap between
    them; with ``text_left`` a column of text inside the frame left of the gap too."""
    ink = np.zeros((100, 200), dtype=bool)
    ink[:, 10] = True  # the frame's side, down the whole band
    for row in range(2, 90, 7):  # text lines: 4 px tall, 3 px apart
        ink[row:row + 4, 140:190] = True
        if text_left:
            ink[row:row + 4, 14:30] = True
    return search_map(InkMap(ink=ink, px_per_pt_x=0.5, px_per_pt_y=0.5, band_top=200.0, width=400.0,
                             height=400.0, dark=ink), margin=0.0)


@dataclass
class Box:
    width: float
    height: float


def test_a_frame_side_is_not_a_table_column() -> None:
    # beside the frame's side only, the blank is a place; between two columns of text, it is a
    # gap inside the table even with the frame around it
    found = find_place(_framed_gap(text_left=False), [Box(120, 60)], clearance=2.0)
    assert found is not None and 22 < found[1][0] and found[1][2] < 280
    assert find_place(_framed_gap(text_left=True), [Box(120, 60)], clearance=2.0) is None


def test_memo_box_on_the_invoice_text_margin(stamper: Stamper, tmp_path: Path) -> None:
    for case in ("tight", "lower-left"):
        *_, row = stamp(stamper, tmp_path, case)
        assert row.rect[0] == pytest.approx(45, abs=1.5), row  # the line items start at x=45


@pytest.mark.integration
def test_qr_decodes_at_150_dpi_with_its_quiet_zone(stamper: Stamper, tmp_path: Path) -> None:
    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        pytest.skip("zbarimg not installed (apt-get install zbar-tools; scripts/test does it)")
    _, output, row = stamp(stamper, tmp_path, "grey-panel")
    assert row.qr
    doc = pdfium.PdfDocument(str(output))
    doc[0].render(scale=150 / 72).to_pil().save(tmp_path / "page.png")
    doc.close()
    decoded = subprocess.run([zbarimg, "-q", "--raw", str(tmp_path / "page.png")], capture_output=True, text=True)
    assert decoded.stdout.strip().endswith("ref.%20C0420")


def test_one_qr_form_per_client(stamper: Stamper, tmp_path: Path) -> None:
    import pikepdf

    batch = [f.InvoiceSpec("F1", "C1"), f.InvoiceSpec("F2", "C1"), f.InvoiceSpec("F3", "C2")]
    source = f.write(tmp_path / "b.pdf", f.invoice_pdf(batch))
    stamper.stamp_file(source, tmp_path / "b-out.pdf")
    with pikepdf.open(tmp_path / "b-out.pdf") as pdf:
        qr_forms = set()
        for page in pdf.pages:
            for memo in page.Resources.XObject.values():
                for name, inner in memo.get("/Resources", {}).get("/XObject", {}).items():
                    if "qr" in str(name):
                        qr_forms.add(inner.objgen)
        assert len(qr_forms) == 2  # two clients, two codes, shared by their pages


def test_compact_text_keeps_the_reference_and_the_choice_of_paper(stamper: Stamper) -> None:
    memo = stamper.writer.text(ClientInfo("C77"), compact=True)
    assert memo.qr_data is None and "C77" in " ".join(memo.paragraphs)
    assert "préférez le courrier" in " ".join(memo.paragraphs)  # a short memo still offers to keep paper


def stamp_dense(stamper: Stamper, tmp_path: Path, name: str, **kwargs) -> tuple[Path, Path, PageResult]:
    source = f.write(tmp_path / f"{name}.pdf", f.dense_page_pdf(**kwargs))
    output = tmp_path / f"{name}-out.pdf"
    result = stamper.stamp_file(source, output)
    assert result.error is None
    (row,) = result.results
    return source, output, row


def reading_direction(output: Path, words: str) -> tuple[float, float]:
    """(dx, dy) from the first to the last character of ``words`` on the stamped page, as displayed."""
    doc = pdfium.PdfDocument(str(output))
    try:
        text = doc[0].get_textpage()
        start = text.get_text_range().index(words)
        x0, y0, *_ = text.get_charbox(start)
        x1, y1, *_ = text.get_charbox(start + len(words) - 1)
        dx, dy = x1 - x0, y1 - y0  # in user space: turned clockwise by /Rotate when displayed
        return {0: (dx, dy), 90: (dy, -dx), 180: (-dx, -dy), 270: (-dy, dx)}[doc[0].get_rotation()]
    finally:
        doc.close()


@pytest.mark.integration
@pytest.mark.parametrize("kwargs, side", [
    ({}, "right"),                                   # the right margin first: the left one is punched for filing
    ({"edge_note": True}, "right"),                  # the left one holds the generator's turned line anyway
    ({"left": 100, "right": 40}, "left"),            # only the left one is wide enough: clear of the holes
], ids=["right-margin", "left-taken", "left-margin"])
def test_a_page_filled_to_its_foot_takes_the_memo_in_a_margin_not_shrunk(
        kwargs: dict, side: str, stamper: Stamper, tmp_path: Path) -> None:
    source, output, row = stamp_dense(stamper, tmp_path, "dense", **kwargs)
    assert row.placed and row.placement == "margin" and row.scale == 1.0, row
    assert not row.qr and row.font_size >= 7
    x0, y0, x1, y1 = row.rect
    width, height, mm = 595.28, 841.89, 72 / 25.4
    left, right = kwargs.get("left", 80), kwargs.get("right", 80)
    if side == "right":  # reading downward
        assert x0 >= width - right and x1 <= width - 8 * mm, row
    else:  # reading upward, off the filing holes (centred 12 mm from the edge)
        assert x1 <= left and x0 >= 16 * mm, row
    assert y0 >= 8 * mm and y1 <= height - 8 * mm, "inside the printer's margin at both ends"
    assert y1 - y0 > 3 * (x1 - x0), "a margin memo runs along the page"
    assert y1 - y0 <= 180 * mm + 1, "its lines no longer than a band's"
    (before,), (after,) = render(source), render(output)
    changed_only_in(before, after, row.rect, 250)  # nothing of the invoice covered, nothing moved
    words = " ".join(page_texts(output)[0].split())
    assert "C0420" in words and QR_WORDS not in words
    dx, dy = reading_direction(output, "partir")
    assert abs(dx) < 2 and (dy < -2 if side == "right" else dy > 2), (dx, dy)


@pytest.mark.integration
def test_a_margin_memo_keeps_the_printers_margin_at_the_top(stamper: Stamper, tmp_path: Path) -> None:
    # a mark low in each margin (an envelope machine's) pushes the memo up: not into the top 8 mm (review)
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(f.dense_page_pdf())) as pdf:
        pdf.pages[0].contents_add(b"q 0.5 g 30 30 25 110 re f 540 30 25 110 re f Q\n")
        buffer = io.BytesIO()
        pdf.save(buffer)
    source = f.write(tmp_path / "marked.pdf", buffer.getvalue())
    (row,) = stamper.stamp_file(source, tmp_path / "marked-out.pdf").results
    assert row.placed and (row.placement != "margin" or row.rect[3] <= 841.89 - 8 * 72 / 25.4 + 0.5), row


@pytest.mark.integration
def test_no_margin_memo_between_columns_of_a_picture(stamper: Stamper, tmp_path: Path) -> None:
    # line items pasted as a picture with a blank gutter, the text only at its right: the gutter is no margin
    import io

    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    width, height = A4
    image = Image.new("L", (1070, 1400), 255)
    draw = ImageDraw.Draw(image)
    for r in range(0, 1400, 22):
        draw.rectangle((10, r + 4, 10 + 300 + (r * 7) % 180, r + 14), fill=40)
        draw.rectangle((720, r + 4, 1060, r + 14), fill=40)
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    c.drawImage(ImageReader(image), 30, 60, width=535, height=700)
    c.setFont("Helvetica", 10)
    for k, (words, amount) in enumerate((("Facture n° F-IMG-3", "1 250,00 EUR"), ("Code client : C0420", "250,00 EUR"),
                                         ("Date : 01/12/2026", "1 500,00 EUR"), ("Échéance : 31/12/2026", "EUR"))):
        c.drawString(330, height - 40 - 14 * k, words)
        c.drawRightString(560, height - 40 - 14 * k, amount)
    c.setFont("Helvetica", 6.5)
    c.drawString(330, 40, "Cabinet Exemple SAS - RCS Paris 000 000 000")
    c.showPage()
    c.save()
    source = f.write(tmp_path / "picture.pdf", buffer.getvalue())
    (row,) = stamper.stamp_file(source, tmp_path / "picture-out.pdf").results
    assert not (row.placement == "margin" and 30 < row.rect[0] and row.rect[2] < 565), row


@pytest.mark.integration
def test_margins_too_narrow_for_a_memo_still_shrink(stamper: Stamper, tmp_path: Path) -> None:
    *_, row = stamp_dense(stamper, tmp_path, "narrow", left=40, right=40)
    assert row.placed and row.placement == "shrunk" and row.scale < 1.0, row


@pytest.mark.integration
@pytest.mark.parametrize("turn", [90, 270])
def test_margin_memo_on_a_rotated_page_is_upright_as_displayed(turn: int, stamper: Stamper, tmp_path: Path) -> None:
    source = f.write(tmp_path / "turned.pdf", f.rotated(f.dense_page_pdf(), turn))
    output = tmp_path / "turned-out.pdf"
    (row,) = stamper.stamp_file(source, output).results
    assert row.placement == "margin" and row.rect[0] >= 595.28 - 80, row
    (before,), (after,) = render(source), render(output)
    changed_only_in(before, after, row.rect, 250)
    dx, dy = reading_direction(output, "partir")
    assert abs(dx) < 2 and dy < -2, (dx, dy)  # reads downward as the page is displayed, in the right margin
