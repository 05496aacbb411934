"""Unit tests of the stamping parts: geometry, invoice boundaries, settings, memo text, q/Q balance."""

from __future__ import annotations

import datetime as dt
import io
import math
from urllib.parse import unquote

import pikepdf
import pytest

from campaign.config import Settings
from campaign.errors import ConfigError
from campaign.stamping.geometry import PageGeometry, apply, compose, invert, page_geometry
from campaign.stamping.invoices import KeyReader, PageKeys, split_invoices
from campaign.stamping.memo import ClientInfo, MemoWriter, format_switch_date, mailto
from campaign.stamping.overlay import stack_balance, wrap_content
from campaign.stamping.settings import DEFAULT_CLIENT_PATTERN, DEFAULT_INVOICE_PATTERN, memo_settings


def settings(tmp_path, memo: dict | None = None, language: str = "fr") -> Settings:
    return Settings(path=tmp_path / "campaign.toml", firm="Cabinet Exemple",
                    secretariat="secretariat@cabinet-exemple.fr", switch_date=dt.date(2027, 3, 1),
                    language=language, sections={"memo": memo or {}})


@pytest.mark.parametrize("rotation, corner", [
    # where the displayed page's bottom-left corner lies in user space, box (100, 50)-(700, 900)
    (0, (100, 50)), (90, (700, 50)), (180, (700, 900)), (270, (100, 900)),
])
def test_visual_bottom_left_corner_in_user_space(rotation, corner):
    geometry = PageGeometry(box=(100, 50, 700, 900), rotation=rotation)
    assert apply(geometry.visual_to_user, 0, 0) == pytest.approx(corner)
    w, h = geometry.size
    assert (w, h) == ((850, 600) if rotation in (90, 270) else (600, 850))
    # the displayed top-right corner is the opposite user corner
    opposite = apply(geometry.visual_to_user, w, h)
    assert {opposite[0], corner[0]} == {100, 700} and {opposite[1], corner[1]} == {50, 900}


def test_shrink_toward_top_keeps_top_centre_fixed():
    for rotation in (0, 90, 180, 270):
        g = PageGeometry(box=(10, 20, 610, 862), rotation=rotation)
        w, h = g.size
        m = g.shrink_toward_top(0.9)
        top_centre = apply(g.visual_to_user, w / 2, h)
        assert apply(m, *top_centre) == pytest.approx(top_centre)
        bottom = apply(g.visual_to_user, w / 2, 0)
        moved = apply(invert(g.visual_to_user), *apply(m, *bottom))
        assert moved == pytest.approx((w / 2, h * 0.1))
    m = (2.0, 0.0, 0.0, 3.0, 5.0, 7.0)
    assert compose(m, invert(m)) == pytest.approx((1, 0, 0, 1, 0, 0))


def test_page_geometry_reads_inherited_and_crops(tmp_path):
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(600, 800))
    page = pdf.pages[0]
    page.mediabox = [0, 0, 600, 800]
    page.cropbox = [-50, 100, 500, 900]  # partly outside the MediaBox: clipped
    page.rotate(-90)
    g = page_geometry(page)
    assert g.box == (0, 100, 500, 800) and g.rotation == 270


def test_invoice_boundaries_from_numbers_and_codes():
    reader = KeyReader(DEFAULT_CLIENT_PATTERN, DEFAULT_INVOICE_PATTERN)
    texts = [
        "Facture n° F-001\r\nCode client : c0001\r\nPage 1/2",
        "Page 2/2 suite",  # continuation page: no number, no code
        "FACTURE N° F-002\nRéf. client : C0002",
        "Invoice No. F-003\nClient code is not here\nCode client: C0002",  # same client, new number
        "Facture numéro F-003\u00a0\nCode client\u00a0: C0002",  # same invoice, page 2
    ]
    keys = [reader.read(t) for t in texts]
    assert keys[0] == PageKeys(client="C0001", invoice="F-001")
    assert keys[1] == PageKeys(client=None, invoice=None)
    invoices = split_invoices(keys)
    assert [inv.pages for inv in invoices] == [[0, 1], [2], [3, 4]]
    assert [(inv.client, inv.number) for inv in invoices] == [("C0001", "F-001"), ("C0002", "F-002"),
                                                             ("C0002", "F-003")]
    assert invoices[0].targets("last") == [1] and invoices[0].targets("first") == [0]
    assert invoices[2].targets("all") == [3, 4]


def test_memo_settings_checked(tmp_path):
    assert memo_settings(settings(tmp_path)).pages == "last"
    for bad, message in [({"pages": "middle"}, "pages"), ({"client_pattern": "Code ("}, "client_pattern"),
                         ({"client_pattern": "Code client"}, "capturing group"), ({"min_scale": 0.5}, "min_scale"),
                         ({"max_font_size": 6}, "max_font_size"), ({"skip": ["everyone"]}, "skip"),
                         ({"colour": "red"}, "unknown key"), ({"template": "missing.j2"}, "not found")]:
        with pytest.raises(ConfigError, match=message):
            memo_settings(settings(tmp_path, bad))


def test_french_memo_text(tmp_path):
    writer = MemoWriter(settings(tmp_path), memo_settings(settings(tmp_path)))
    client = writer.text(ClientInfo(code="C0042", name="SARL Dupont", manager="Marc Lemoine",
                                    manager_email="m.lemoine@cabinet-exemple.fr"))
    text = " ".join(client.paragraphs)
    assert "1er mars 2027" in text and "adresse e-mail" in text and "adresse de facturation" not in text
    assert "référence client C0042" in text and "SARL Dupont" in text and "Marc Lemoine" in text
    assert unquote(client.qr_data) == ("mailto:secretariat@cabinet-exemple.fr?subject="
                                       "Adresse e-mail pour les factures - ref. C0042")
    generic = writer.text(None)
    assert "C0042" not in " ".join(generic.paragraphs) and "référence client" in " ".join(generic.paragraphs)
    assert writer.text(None) is generic  # cached
    with_qr = writer.layout(client, 9.0, 500)
    assert with_qr.qr and writer.layout(client, 9.0, 500) is with_qr  # laid out once
    assert writer.font_sizes() == [9.0, 8.5, 8.0, 7.5, 7.0]
    assert "scannant ce code" in text
    # the words follow the layout: no code drawn, none mentioned
    plain = writer.text(ClientInfo(code="C0042"), qr=False)
    assert plain.qr_data is None and "scannant" not in " ".join(plain.paragraphs)
    compact = writer.text(ClientInfo(code="C0042"), compact=True)
    assert compact.qr_data is None and "référence client C0042" in " ".join(compact.paragraphs)
    assert writer.layout(compact, 8.0, 500).text_lines <= 3
    narrow = writer.layout(writer.text(None, qr=False), 7.0, 200)
    drawn = pikepdf.open(io.BytesIO(writer.draw_all([with_qr, narrow])))
    assert len(drawn.pages) == 2
    assert [float(v) for v in drawn.pages[0].mediabox][2:] == pytest.approx([with_qr.width, with_qr.height])
    assert [float(v) for v in drawn.pages[1].mediabox][2:] == pytest.approx([narrow.width, narrow.height])
    # the QR code is a form XObject of its own, drawn with the public canvas API
    forms = [x for x in drawn.pages[0].Resources.XObject.values() if x.Subtype == pikepdf.Name.Form]
    assert len(forms) == 1 and b" Do" in drawn.pages[0].Contents.read_bytes()
    assert b" Do" not in drawn.pages[1].Contents.read_bytes()  # a layout without the code
    long_word = writer.text(ClientInfo(code="C" + "9" * 200))
    assert not any(math.isfinite(writer.layout(long_word, size, 510).height)  # never overflows its frame
                   for size in writer.font_sizes())


def test_qr_settings_off_means_no_code_and_no_mention(tmp_path):
    writer = MemoWriter(settings(tmp_path), memo_settings(settings(tmp_path, {"qr": False})))
    memo = writer.text(ClientInfo(code="C7"), qr=True)
    assert memo.qr_data is None and "scannant" not in " ".join(memo.paragraphs)
    assert memo is writer.text(ClientInfo(code="C7"), qr=False)


def test_qr_modules_and_quiet_zone():
    from campaign.stamping.memo import QR_MODULE, QR_QUIET, qr_block, qr_matrix, qr_path

    data = mailto("secretariat@cabinet-exemple.fr", "fr", "C0042")
    count = len(qr_matrix(data))
    assert QR_MODULE == pytest.approx(0.5 * 72 / 25.4) and QR_QUIET == 4
    assert qr_block(data) == pytest.approx((count + 8) * QR_MODULE)
    assert qr_path(data)[0] == count and qr_path(data) is qr_path(data)  # cached per client


@pytest.mark.parametrize("title, words", [
    ("", "Votre contact au cabinet : Claire Fontaine (c.fontaine@cabinet-exemple.fr)."),   # no title column
    ("Mme", "Votre interlocutrice : Claire Fontaine"),
    (" madame ", "Votre interlocutrice : Claire Fontaine"),
    ("M.", "Votre interlocuteur : Claire Fontaine"),
    ("Monsieur", "Votre interlocuteur : Claire Fontaine"),
    ("Dr", "Votre contact au cabinet : Claire Fontaine"),          # a title that does not say: neutral
    ("Me", "Votre contact au cabinet : Claire Fontaine"),
])
def test_memo_names_the_manager_neutrally_unless_a_title_says(tmp_path, title, words):
    writer = MemoWriter(settings(tmp_path), memo_settings(settings(tmp_path)))
    text = " ".join(writer.text(ClientInfo(code="C1", manager="Claire Fontaine", manager_title=title,
                                           manager_email="c.fontaine@cabinet-exemple.fr")).paragraphs)
    assert words in text
    assert sum(text.count(way) for way in ("Votre interlocutrice :", "Votre interlocuteur :",
                                           "Votre contact au cabinet :")) == 1


@pytest.mark.parametrize("language, right, wrong", [
    ("fr", "Cabinet Exemple vous enverra vos factures par e-mail", ("ses factures", "dites-le-nous")),
    ("en", "Cabinet Exemple will send you your invoices by e-mail", ("its invoices",)),
])
def test_memo_says_your_invoices(tmp_path, language, right, wrong):
    writer = MemoWriter(settings(tmp_path, language=language), memo_settings(settings(tmp_path)))
    for client in (None, ClientInfo("C1", manager="Sam Roy", manager_title="Mx")):
        text = " ".join(writer.text(client).paragraphs)
        assert right in text and not any(w in text for w in wrong)
    if language == "en":
        assert "Your contact at the firm: Sam Roy." in " ".join(writer.text(ClientInfo("C2", manager="Sam Roy")).paragraphs)


def test_english_memo_and_own_template(tmp_path):
    en = MemoWriter(settings(tmp_path, language="en"), memo_settings(settings(tmp_path)))
    assert "March 1, 2027" in " ".join(en.text(None).paragraphs)
    assert format_switch_date(dt.date(2027, 3, 2), "fr") == "2 mars 2027"
    own = tmp_path / "mine.txt.j2"
    own.write_text("Dès le {{ switch_date }}, écrivez à {{ secretariat }} ({{ client.code if client else '?' }}).")
    writer = MemoWriter(settings(tmp_path), memo_settings(settings(tmp_path, {"template": "mine.txt.j2"})))
    assert writer.text(ClientInfo("C1")).paragraphs == ("Dès le 1er mars 2027, écrivez à secretariat@cabinet-exemple.fr (C1).",)
    assert mailto("a@b.fr", "en", None) == "mailto:a@b.fr?subject=E-mail%20address%20for%20invoices"


def test_wrap_content_balances_stray_and_unclosed_states():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]
    page.contents_add(pdf.make_stream(b"Q Q 1 0 0 1 5 5 cm q q"))
    assert stack_balance(page) == (2, 0)
    wrap_content(page, (0.9, 0, 0, 0.9, 0, 10))
    page.contents_coalesce()
    depth, low = 0, 0
    for op in pikepdf.parse_content_stream(page, "q Q"):
        depth += 1 if str(op.operator) == "q" else -1
        low = min(low, depth)
    assert low >= 0 and depth == 0  # never underflows, ends where it started
    assert b"0.900000 0.000000 0.000000 0.900000 0.0000 10.0000 cm" in page.obj.Contents.read_bytes()


def _stamper(tmp_path):
    from campaign.stamping.clients import ClientDirectory
    from campaign.stamping.stamp import Stamper

    return Stamper(settings(tmp_path), memo_settings(settings(tmp_path)), ClientDirectory.open(None, []))


def test_memo_library_draws_each_shape_once_and_drops_the_least_used(tmp_path):
    from campaign.stamping.overlay import MemoLibrary

    writer = MemoWriter(settings(tmp_path), memo_settings(settings(tmp_path)))
    a, b, c = (writer.layout(writer.text(ClientInfo(code=code)), 9.0, 500) for code in ("C1", "C2", "C3"))
    # another client's writer, same drawing: the same form
    twin = MemoWriter(settings(tmp_path), memo_settings(settings(tmp_path))).layout(
        writer.text(ClientInfo(code="C1")), 9.0, 500)
    drawn: list[list] = []

    def draw(shapes):
        drawn.append(list(shapes))
        return writer.draw_all(shapes)

    library = MemoLibrary(limit=2)
    first = library.forms([a, b, a], draw)
    assert drawn == [[a, b]] and first[0] is first[2]
    assert library.forms([twin], draw)[0] is first[0] and len(drawn) == 1  # kept: not drawn again
    library.forms([c], draw)  # b is the least recently used: dropped
    assert drawn[-1] == [c] and len(library) == 2
    library.forms([b], draw)
    assert drawn[-1] == [b] and len(library) == 2  # a dropped: its PDF (a's and b's) is closed
    with pytest.raises(Exception):
        first[0].read_bytes()
    every = library.forms([a, b, c], draw)  # more shapes in use than the limit: all kept while in use
    assert len(library) == 3 and all(form.read_bytes() for form in every)
    # b's PDF is kept for b; c (kept in another one) is drawn again with a: two font subsets in a file, not three
    assert drawn[-1] == [a, c]
    library.clear()
    assert len(library) == 0


def test_memos_reused_from_an_earlier_file_render_the_same(tmp_path):
    """A file stamped after another one, with some memos drawn for that one, looks the same as alone."""
    import pypdfium2 as pdfium

    from campaign.stamping.overlay import LIBRARY
    from tests import pdf_factory as f

    earlier = f.write(tmp_path / "earlier.pdf", f.invoice_pdf([f.InvoiceSpec("F-1", "C0001"),
                                                               f.InvoiceSpec("F-2", "C0002", layout="partial")]))
    later = f.write(tmp_path / "later.pdf", f.invoice_pdf([f.InvoiceSpec("F-3", "C0001"), f.InvoiceSpec("F-4", "C0003"),
                                                           f.InvoiceSpec("F-5", "C0002", layout="partial")]))
    stamper = _stamper(tmp_path)

    def renders(path):
        doc = pdfium.PdfDocument(str(path))
        try:
            return [doc[i].render(scale=1.5, grayscale=True).to_numpy().copy() for i in range(len(doc))]
        finally:
            doc.close()

    LIBRARY.clear()
    assert stamper.stamp_file(later, tmp_path / "alone.pdf").memos == 3
    alone = renders(tmp_path / "alone.pdf")
    LIBRARY.clear()
    assert stamper.stamp_file(earlier, tmp_path / "earlier-out.pdf").memos == 2
    kept = len(LIBRARY)
    assert stamper.stamp_file(later, tmp_path / "after.pdf").memos == 3
    assert len(LIBRARY) == kept + 1  # only C0003's memo was drawn for the later file
    after = renders(tmp_path / "after.pdf")
    assert len(after) == len(alone) == 3
    for one, two in zip(alone, after):
        assert (one != 255).sum() > 1000 and np_equal(one, two)
    LIBRARY.clear()


def np_equal(one, two) -> bool:
    return one.shape == two.shape and bool((one == two).all())


def _memo_matrix(path) -> tuple[list[float], float]:
    """The matrix the memo's form is drawn with (the last ``cm`` before its ``Do``), and its /UserUnit."""
    with pikepdf.open(path) as pdf:
        page = pdf.pages[-1]
        matrix = None
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) == "cm":
                matrix = [float(v) for v in operands]
            elif str(operator) == "Do":
                drawn = matrix
        return drawn, float(page.obj.get("/UserUnit", 1))


@pytest.mark.parametrize("unit", [2.0, 0.5])
def test_memo_on_a_user_unit_page_is_printed_at_its_own_size(tmp_path, unit):
    """pdfium ignores /UserUnit: the memo is placed in points and drawn at 1/UserUnit."""
    from tests import pdf_factory as f

    plain = f.invoice_pdf([f.InvoiceSpec("F-1", "C0001")])
    stamper = _stamper(tmp_path)
    normal = stamper.stamp_file(f.write(tmp_path / "plain.pdf", plain), tmp_path / "plain-out.pdf")
    scaled = stamper.stamp_file(f.write(tmp_path / "unit.pdf", f.user_unit(plain, unit)), tmp_path / "unit-out.pdf")
    (one,), (two,) = normal.results, scaled.results
    assert one.placed and two.placed and (one.placement, one.font_size) == (two.placement, two.font_size)
    # the same place on the printed page, in points (the render in user units is coarser or finer)
    assert [v * unit for v in two.rect] == pytest.approx(one.rect, abs=4 * max(unit, 1))
    (a, b, c, d, _, _), page_unit = _memo_matrix(tmp_path / "plain-out.pdf")
    assert (a, b, c, d) == pytest.approx((1, 0, 0, 1)) and page_unit == 1
    (a, b, c, d, e, f_), page_unit = _memo_matrix(tmp_path / "unit-out.pdf")
    assert page_unit == unit and (a, b, c, d) == pytest.approx((1 / unit, 0, 0, 1 / unit))
    # where it lands: the report's rect, in the page's units
    assert (e, f_) == pytest.approx(two.rect[:2], abs=0.5)
