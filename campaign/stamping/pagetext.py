"""The text a reader sees on a page: characters outside the visible box do not count.

A print sheet carries a bleed, crop marks and a printer's slug line (job name, the number and
client code of whatever invoice was imposed with it) outside the CropBox, and some generators
park text beyond the MediaBox. pdfium extracts all of it like any other text, and the first
"Code client" on the page could then be the slug's: another client's reference in the memo.
"""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from campaign.stamping.geometry import Rect

FAR = 1e6  # points: strips this wide around the box reach any stray character
# Stands for text outside the page: neither a pattern's \s* nor a code's character class crosses it,
# so a label inside the page is never joined to a value outside it (or to the next line inside).
CUT = "\x00"


def visible_text(textpage: pdfium.PdfTextPage, box: Rect) -> str:
    """The page's text with every character outside ``box`` (user space) replaced by CUT.

    ``box`` is the visible box (CropBox clipped to MediaBox, see geometry.page_geometry); /Rotate
    and /UserUnit change how it is shown, not which user-space points it holds. Pages with no text
    outside it (nearly all) keep pdfium's own extraction, line breaks included.
    """
    text = textpage.get_text_range()
    if not _any_outside(textpage, box):
        return text
    return _inside_chars(textpage, box, text)


def _any_outside(textpage: pdfium.PdfTextPage, box: Rect) -> bool:
    x0, y0, x1, y1 = box
    strips = ((x0 - FAR, y0 - FAR, x0, y1 + FAR), (x1, y0 - FAR, x1 + FAR, y1 + FAR),
              (x0, y0 - FAR, x1, y0), (x0, y1, x1, y1 + FAR))
    # pdfium takes a character that overlaps a strip at all: one half outside is enough to look closer
    return any(textpage.get_text_bounded(*strip).strip() for strip in strips)


def _inside_chars(textpage: pdfium.PdfTextPage, box: Rect, text: str) -> str:
    """Character by character (only on pages with text outside): kept when its centre is inside."""
    count = textpage.count_chars()
    if len(text) != count:  # pdfium's text does not map one to one to its characters: ask for each
        text = "".join(chr(code) if 0 < (code := pdfium_c.FPDFText_GetUnicode(textpage, i)) <= 0x10FFFF else "\ufffd"
                       for i in range(count))
    x0, y0, x1, y1 = box
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    out: list[str] = []
    for index, char in enumerate(text):
        if char.isspace():  # pdfium's generated spaces and line breaks have no box worth testing
            out.append(char)
        elif not pdfium_c.FPDFText_GetCharBox(textpage, index, left, right, bottom, top):
            out.append(CUT)
        else:
            cx, cy = (left.value + right.value) / 2, (bottom.value + top.value) / 2
            out.append(char if x0 <= cx <= x1 and y0 <= cy <= y1 else CUT)
    return "".join(out)
