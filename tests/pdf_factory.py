"""Synthetic invoices of every page geometry the stamper must handle (reportlab + pikepdf).

Every invoice page has a header with a logo (an image and a filled shape), the client block,
"Facture n° …" and "Code client : …", a table with ruled lines, a totals box on the right and a
legal footer at the bottom. ``layout`` decides how much of the lower page is free:

- ``roomy``: a full-width blank band above the footer;
- ``partial``: the table and totals reach the footer on the right, the lower left is blank;
- ``full``: ink down to the footer everywhere (only shrinking the content makes room).

Geometries are produced from an upright page by pikepdf/qpdf operations (``flatten_rotation``,
box edits) so the expected appearance does not depend on the code under test.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from PIL import Image
from reportlab.lib.pagesizes import A4, letter, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

SIZES = {"a4": A4, "letter": letter, "a4-landscape": landscape(A4)}


@dataclass(frozen=True)
class InvoiceSpec:
    """One invoice in a file: its number, client code and page count."""

    number: str
    client: str | None
    pages: int = 1
    layout: str = "roomy"


def _logo() -> ImageReader:
    image = Image.new("RGB", (60, 30), (30, 80, 160))
    for x in range(0, 60, 6):
        for y in range(30):
            image.putpixel((x, y), (240, 200, 40))
    return ImageReader(image)


def draw_invoice_page(c: canvas.Canvas, size: tuple[float, float], spec: InvoiceSpec, page: int) -> None:
    """Draw one page of an invoice on an upright page of ``size``."""
    w, h = size
    c.drawImage(_logo(), 40, h - 80, width=90, height=45)
    c.setFillColorRGB(0.85, 0.1, 0.1)
    c.circle(w - 60, h - 55, 18, stroke=0, fill=1)
    c.setFillGray(0)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(150, h - 60, "Cabinet Exemple - Expertise comptable")
    c.setFont("Helvetica", 10)
    c.drawString(40, h - 110, f"Facture n° {spec.number}")
    if spec.client:
        c.drawString(40, h - 125, f"Code client : {spec.client}")
    c.drawString(w - 220, h - 110, "SARL Dupont Synthetique")
    c.drawString(w - 220, h - 125, "12 rue de l'Exemple, 75000 Paris")
    c.drawString(40, h - 140, f"Page {page}/{spec.pages}")
    last = page == spec.pages
    table_bottom = {"roomy": h * 0.55, "partial": 150, "full": 80}[spec.layout] if last else 80
    c.setLineWidth(0.5)
    c.line(40, h - 160, w - 40, h - 160)
    c.line(40, table_bottom, w - 40, table_bottom) if spec.layout != "partial" or not last else None
    y = h - 178
    row = 0
    while y > table_bottom + 12:
        if spec.layout == "partial" and last and y < h * 0.5:
            # lower rows only use the right-hand amount column
            c.drawRightString(w - 45, y, f"{(row + 1) * 37.5:,.2f} EUR")
        else:
            c.drawString(45, y, f"Mission comptable - ligne {row + 1}")
            c.drawRightString(w - 45, y, f"{(row + 1) * 37.5:,.2f} EUR")
        y -= 14
        row += 1
    if spec.layout == "partial" and last:
        c.rect(w * 0.55, 60, w * 0.45 - 40, h * 0.5 - 60, stroke=1, fill=0)
    if last and spec.layout == "roomy":
        c.rect(w - 230, table_bottom - 70, 190, 60, stroke=1, fill=0)
        c.drawString(w - 220, table_bottom - 30, "Total HT   1 250,00 EUR")
        c.drawString(w - 220, table_bottom - 45, "Total TTC  1 500,00 EUR")
    if spec.layout == "full" and last:
        c.setFillGray(0.93)
        c.rect(40, 70, w - 80, table_bottom - 60, stroke=0, fill=1)
        c.setFillGray(0)
    c.setFont("Helvetica", 6.5)
    c.drawCentredString(w / 2, 40, "Cabinet Exemple SAS au capital de 10 000 EUR - RCS Paris 000 000 000 - TVA FR00000000000")
    c.drawCentredString(w / 2, 31, "Pénalités de retard : trois fois le taux d'intérêt légal. Indemnité forfaitaire : 40 EUR.")


def invoice_pdf(invoices: list[InvoiceSpec], size: str = "a4") -> bytes:
    """A PDF holding ``invoices`` back to back, upright pages of ``size``."""
    buf = io.BytesIO()
    page_size = SIZES[size]
    c = canvas.Canvas(buf, pagesize=page_size, invariant=1)
    for spec in invoices:
        for page in range(1, spec.pages + 1):
            draw_invoice_page(c, page_size, spec, page)
            c.showPage()
    c.save()
    return buf.getvalue()


def _edit(data: bytes, edit) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        edit(pdf)
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def rotated(data: bytes, rotate: int) -> bytes:
    """Pages stored turned by ``rotate`` in user space with /Rotate set, so they still show upright."""
    def edit(pdf: pikepdf.Pdf) -> None:
        for page in pdf.pages:
            page.rotate((360 - rotate) % 360)
            page.flatten_rotation()  # qpdf bakes the turn into the content and boxes
            page.rotate(rotate)
    return _edit(data, edit)


def shifted(data: bytes, dx: float = 300, dy: float = -200) -> bytes:
    """MediaBox with a non-zero origin; the content moved with it."""
    def edit(pdf: pikepdf.Pdf) -> None:
        for page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.mediabox)
            page.contents_add(f"q 1 0 0 1 {dx} {dy} cm\n".encode(), prepend=True)
            page.contents_add(b"\nQ\n")
            page.mediabox = [x0 + dx, y0 + dy, x1 + dx, y1 + dy]
    return _edit(data, edit)


def cropped(data: bytes, bleed: float = 36) -> bytes:
    """A MediaBox larger than the CropBox, with ink (crop marks, a bar) outside the CropBox."""
    def edit(pdf: pikepdf.Pdf) -> None:
        for page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.mediabox)
            page.mediabox = [x0 - bleed, y0 - bleed, x1 + bleed, y1 + bleed]
            page.cropbox = [x0, y0, x1, y1]
            marks = (f"q 0 g {x0 - bleed} {y0 - bleed} {x1 - x0 + 2 * bleed} {bleed - 4} re f "
                     f"{x0 - 30} {y0 + 50} 20 400 re f Q\n")
            page.contents_add(marks.encode())
    return _edit(data, edit)


SLUG = "Facture n\xb0 F-SLUG-9   Code client : C9999   job 4711 sheet 3/8"


def print_sheet(data: bytes, bleed: float = 36, slug: str = SLUG,
                extra: tuple[tuple[float, float, str], ...] = ()) -> bytes:
    """A printer's sheet: the MediaBox grows by ``bleed`` around the page, now the CropBox, and
    carries crop marks and a slug line naming ANOTHER invoice and client, in the top margin and
    turned in the left one. It is drawn before the invoice, so its text comes first; ``extra``
    adds (x, y, text) at 7 pt, x and y from the visible page's lower-left corner (may be outside,
    beyond the MediaBox too, or across an edge)."""
    def edit(pdf: pikepdf.Pdf) -> None:
        font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                    BaseFont=pikepdf.Name.Helvetica,
                                                    Encoding=pikepdf.Name.WinAnsiEncoding))
        for page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.mediabox)
            name = page.add_resource(font, pikepdf.Name.Font, prefix="Slug")

            def text(x: float, y: float, words: str, turn: bool = False) -> str:
                escaped = words.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                matrix = f"0 1 -1 0 {x:.2f} {y:.2f}" if turn else f"1 0 0 1 {x:.2f} {y:.2f}"
                return f"BT {name} 7 Tf {matrix} Tm ({escaped}) Tj ET\n"

            ops = ["q 0 g"]
            ops += [text(x0, y1 + bleed / 2, slug), text(x0 - bleed / 2, y0 + 100, slug, turn=True)]
            ops += [text(x0 + dx, y0 + dy, words) for dx, dy, words in extra]
            for cx, cy, sx, sy in ((x0, y0, -1, -1), (x1, y0, 1, -1), (x0, y1, -1, 1), (x1, y1, 1, 1)):
                ops.append(f"0.3 w {cx + sx * 6:.2f} {cy:.2f} m {cx + sx * 30:.2f} {cy:.2f} l S "
                           f"{cx:.2f} {cy + sy * 6:.2f} m {cx:.2f} {cy + sy * 30:.2f} l S")
            ops.append("Q\n")
            page.contents_add("\n".join(ops).encode("latin-1"), prepend=True)
            page.mediabox = [x0 - bleed, y0 - bleed, x1 + bleed, y1 + bleed]
            page.cropbox = [x0, y0, x1, y1]
    return _edit(data, edit)


def user_unit(data: bytes, unit: float = 2.0) -> bytes:
    """Pages with /UserUnit ``unit``: boxes and content scaled by 1/unit, so a viewer that honours
    UserUnit shows them at their former size (pdfium ignores it and shows them smaller)."""
    def edit(pdf: pikepdf.Pdf) -> None:
        for page in pdf.pages:
            for key in ("/MediaBox", "/CropBox"):
                if key in page.obj:
                    page.obj[key] = pikepdf.Array([float(v) / unit for v in page.obj[key]])
            page.contents_add(f"q {1 / unit:.6f} 0 0 {1 / unit:.6f} 0 0 cm\n".encode(), prepend=True)
            page.contents_add(b"\nQ\n")
            page.obj.UserUnit = unit
    return _edit(data, edit)


def scanned_pdf(pages: int = 3, size: str = "a4") -> bytes:
    """Image-only pages, as a scanner writes them: a grey picture of an invoice, no text at all."""
    w, h = SIZES[size]
    image = Image.new("L", (int(w / 4), int(h / 4)), 255)
    for row in range(12, int(h / 4) // 2, 6):  # "lines of text" in the upper half only
        for x in range(10, int(w / 4) - 10):
            if (x // 7 + row) % 3:
                image.putpixel((x, row), 40)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(w, h), invariant=1)
    for _ in range(pages):
        c.drawImage(ImageReader(image), 0, h / 2, width=w, height=h / 2)
        c.showPage()
    c.save()
    return buf.getvalue()


def unbalanced(data: bytes) -> bytes:
    """Content that pops a state it never pushed and leaves a flipping ``cm`` in force."""
    def edit(pdf: pikepdf.Pdf) -> None:
        for page in pdf.pages:
            h = float(page.mediabox[3])
            page.contents_add(b"Q\n", prepend=True)
            # after the stray Q, this cm is at the outermost level: nothing restores it
            page.contents_add(f"\n1 0 0 -1 0 {h} cm 0.3 0 0 0.3 0 0 cm q\n".encode())
    return _edit(data, edit)


def with_extras(data: bytes) -> bytes:
    """Add what must survive: a Factur-X style attachment with /AF, annotations, a form field,
    XMP metadata with a PDF/A identification and an OutputIntent."""
    def edit(pdf: pikepdf.Pdf) -> None:
        spec = pikepdf.AttachedFileSpec(pdf, b"<?xml version='1.0'?><rsm:CrossIndustryInvoice/>",
                                        mime_type="text/xml", description="Factur-X invoice")
        pdf.attachments["factur-x.xml"] = spec
        spec.obj.AFRelationship = pikepdf.Name.Data
        pdf.Root.AF = pikepdf.Array([spec.obj])
        pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFA1,
            OutputConditionIdentifier="sRGB IEC61966-2.1"))])
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:title"] = "Facture synthetique"
            meta["pdfaid:part"] = "3"
            meta["pdfaid:conformance"] = "B"
        fields = []
        for page in pdf.pages:
            w = float(page.mediabox[2])
            link = pdf.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[40, 100, 200, 112], Border=[0, 0, 0],
                A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI="https://cabinet-exemple.invalid/")))
            appearance = pdf.make_stream(b"0 0 1 rg 0 0 120 18 re f", Type=pikepdf.Name.XObject,
                                         Subtype=pikepdf.Name.Form, BBox=[0, 0, 120, 18])
            field = pdf.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Tx,
                T="bon_pour_accord", Rect=[w - 170, 52, w - 50, 70], F=4,
                AP=pikepdf.Dictionary(N=appearance)))
            page.obj.Annots = pdf.make_indirect(pikepdf.Array([link, field]))
            fields.append(field)
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array(fields))
    return _edit(data, edit)


def encrypted(data: bytes, *, user: str = "", modify: bool = True, R: int = 6) -> bytes:
    """Encrypted with an owner password (and a user password when ``user`` is set)."""
    def edit(pdf: pikepdf.Pdf) -> None:
        pass
    with pikepdf.open(io.BytesIO(data)) as pdf:
        out = io.BytesIO()
        pdf.save(out, encryption=pikepdf.Encryption(
            owner="owner-secret", user=user, R=R,
            allow=pikepdf.Permissions(modify_other=modify, modify_annotation=modify, modify_form=modify)))
    return out.getvalue()


def inherited(content: bytes, media: tuple[float, float, float, float] = (0, 0, 595, 842), rotate: int = 0) -> bytes:
    """A hand-written PDF whose MediaBox and /Rotate live on the page tree, not on the page.

    Written byte by byte because pikepdf and reportlab both push inherited values down to pages.
    """
    stream = zlib.compress(content)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [%s] /Rotate %d "
        b"/Resources << /Font << /F1 5 0 R >> >> >>" % (" ".join(f"{v:g}" for v in media).encode(), rotate),
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def inherited_invoice_content(width: float, height: float, client: str = "C00777") -> bytes:
    """Content (Helvetica as /F1) of a simple upright invoice page of the given size."""
    ops = [
        "0.2 0.3 0.6 rg 40 %.1f 90 40 re f 0 g" % (height - 80),
        "BT /F1 10 Tf 40 %.1f Td (Facture n\\260 F-INH-1) Tj ET" % (height - 110),
        "BT /F1 10 Tf 40 %.1f Td (Code client : %s) Tj ET" % (height - 125, client),
        "0.5 w 40 %.1f m %.1f %.1f l S" % (height * 0.6, width - 40, height * 0.6),
        "BT /F1 6.5 Tf 60 35 Td (Cabinet Exemple SAS - RCS Paris 000 000 000) Tj ET",
    ]
    return "\n".join(ops).encode("latin-1")


def page_texts(path: Path) -> list[str]:
    """The text of each page of a PDF, as pypdfium2 extracts it."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def write(path: Path, data: bytes) -> Path:
    """Write test bytes to ``path`` and return it."""
    path.write_bytes(data)
    return path


# Pages from issue 14 whose only room is at the foot and not full-width (placement kinds).
FOOT_CASES = ("lower-left", "tight", "grey-panel", "totals-low", "framed-totals")
TOTALS = ("Total HT   1 250,00 EUR", "TVA 20 %    250,00 EUR", "Total TTC  1 500,00 EUR")


def foot_case_pdf(case: str, client: str = "C0420") -> bytes:
    """One A4 invoice page whose free room is one of FOOT_CASES:

    - ``lower-left``: a ~250 x 95 pt blank area at the lower left, the totals column running
      down to the footer rule on the right;
    - ``tight``: line items down to 42 pt above the footer rule, across the whole width;
    - ``grey-panel``: line items down to an empty light-grey panel at the foot (the only room);
    - ``totals-low``: a full-width blank gap between the line items and a totals column low on
      the right, blank beside the totals (the memo belongs beside them, not in the gap);
    - ``framed-totals``: the line items in a frame whose sides run down to the footer rule (its
      closing rule), the totals between dashed rules low on the right inside it, a ~255 x 125 pt
      blank area inside the frame left of them (as a Symtrax/iText invoice prints).
    """
    w, h = A4
    rule = 58.0  # the footer rule; legal lines below it
    items_bottom = {"lower-left": rule + 100, "tight": rule + 42, "grey-panel": 175,
                    "totals-low": 420, "framed-totals": rule + 130}[case]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.drawImage(_logo(), 40, h - 80, width=90, height=45)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(150, h - 60, "Cabinet Exemple - Expertise comptable")
    c.setFont("Helvetica", 10)
    c.drawString(40, h - 110, f"Facture n° F-{case.upper()}")
    c.drawString(40, h - 125, f"Code client : {client}")
    c.setLineWidth(0.5)
    c.line(40, h - 140, w - 40, h - 140)
    right_col = 300.0  # x where the totals column starts
    y, row = h - 158, 0
    while y - 3 > items_bottom:  # a row's descenders reach ~3 pt below its baseline
        c.drawString(45, y, f"Mission comptable - ligne {row + 1}")
        c.drawRightString(w - 45, y, f"{(row + 1) * 37.5:,.2f} EUR")
        y -= 14
        row += 1
    if case == "lower-left":
        c.rect(right_col, rule + 4, w - 40 - right_col, items_bottom - rule - 6, stroke=1, fill=0)
        for i, words in enumerate(TOTALS):
            c.drawString(right_col + 10, items_bottom - 20 - 25 * i, words)
    if case == "totals-low":
        c.rect(right_col, rule + 30, w - 40 - right_col, 110, stroke=1, fill=0)
        for i, words in enumerate(TOTALS):
            c.drawString(right_col + 10, rule + 110 - 25 * i, words)
    if case == "framed-totals":
        c.line(40, h - 140, 40, rule)
        c.line(w - 40, h - 140, w - 40, rule)
        c.setDash(2, 1)
        c.line(right_col, rule + 95, w - 40, rule + 95)
        c.line(right_col, rule + 12, w - 40, rule + 12)
        c.setDash()
        for i, words in enumerate(TOTALS):
            c.drawString(right_col + 10, rule + 75 - 25 * i, words)
    if case == "grey-panel":
        c.setFillGray(0.92)
        c.rect(40, rule + 6, w - 80, items_bottom - rule - 12, stroke=0, fill=1)
        c.setFillGray(0)
    c.line(40, rule, w - 40, rule)
    c.setFont("Helvetica", 6.5)
    c.drawCentredString(w / 2, rule - 12, "Cabinet Exemple SAS au capital de 10 000 EUR - RCS Paris 000 000 000")
    c.drawCentredString(w / 2, rule - 21, "Pénalités de retard : trois fois le taux d'intérêt légal. Indemnité : 40 EUR.")
    c.showPage()
    c.save()
    return buf.getvalue()


def dense_page_pdf(left: float = 80.0, right: float = 80.0, client: str = "C0420",
                   edge_note: bool = False) -> bytes:
    """One A4 invoice page filled from top to foot inside a frame, as Factur-X sample layouts print:
    boxes of text rows from 40 pt below the top to the footer, the frame ``left`` and ``right`` pt
    from the edges, the legal lines under it. No blank area big enough for a memo anywhere but the
    side margins. ``edge_note``: a line turned upward along the left edge (the generator's mark,
    as on ZUGFeRD samples) over most of the page's height, so the left margin is taken.
    """
    w, h = A4
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setLineWidth(0.8)
    top, bottom = h - 40, 52.0
    c.rect(left, bottom, w - left - right, top - bottom, stroke=1, fill=0)
    c.setFont("Helvetica", 9)
    c.drawString(left + 6, top - 16, "Facture n° F-DENSE-1")
    c.drawString(left + 6, top - 28, f"Code client : {client}")
    y, row = top - 44, 0
    while y > bottom + 8:
        if row % 8 == 0:
            c.line(left, y + 10, w - right, y + 10)
        c.drawString(left + 6, y, f"Prestation {row + 1} - mission comptable et sociale")
        c.drawRightString(w - right - 6, y, f"{(row + 1) * 37.5:,.2f} EUR")
        y -= 11
        row += 1
    c.setFont("Helvetica", 6.5)
    c.drawCentredString(w / 2, 42, "Cabinet Exemple SAS au capital de 10 000 EUR - RCS Paris 000 000 000")
    if edge_note:
        c.saveState()
        c.translate(left / 2, 120)
        c.rotate(90)
        c.setFont("Helvetica", 7)
        c.drawString(0, 0, "Exemple de facture dense - généré pour les tests de campagne - copie " * 2)
        c.restoreState()
    c.showPage()
    c.save()
    return buf.getvalue()
