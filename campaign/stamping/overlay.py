"""Putting a memo onto a page with pikepdf, without disturbing anything else on it.

The page's own content is wrapped in enough ``q``…``Q`` to survive stray ``Q`` operators and
unclosed ``q``/``cm`` (a content stream that leaves the graphics state changed would otherwise
move, scale or flip an appended overlay). Each distinct memo becomes one form XObject in the
output file, shared by every page that carries it.
"""

from __future__ import annotations

import io

import pikepdf

from campaign.stamping.geometry import Affine, Rect


def stack_balance(page: pikepdf.Page) -> tuple[int, int]:
    """(deficit, final): how far below its start the q/Q stack goes, and where it ends."""
    depth = low = 0
    for instruction in pikepdf.parse_content_stream(page, "q Q"):
        depth += 1 if str(instruction.operator) == "q" else -1
        low = min(low, depth)
    return -low, depth


def wrap_content(page: pikepdf.Page, transform: Affine | None = None) -> None:
    """Isolate the page's content in its own graphics state, optionally under a ``cm``."""
    try:
        deficit, final = stack_balance(page)
    except pikepdf.PdfError:
        deficit, final = 0, 0  # unparsable content: wrap once, as viewers would draw it
    pushes = 1 + deficit
    prefix = b"q\n" * pushes
    if transform is not None:
        prefix += ("%.6f %.6f %.6f %.6f %.4f %.4f cm\n" % transform).encode()
    page.contents_add(prefix, prepend=True)
    page.contents_add(b"\nQ" * max(pushes + final, 1) + b"\n", prepend=False)


class MemoObjects:
    """The memos of one output file as form XObjects, from a PDF with one memo a page."""

    def __init__(self, pdf: pikepdf.Pdf, drawings: bytes) -> None:
        self.pdf = pdf
        self._source = pikepdf.open(io.BytesIO(drawings))
        self._objects: dict[int, pikepdf.Object] = {}

    def get(self, index: int) -> pikepdf.Object:
        """The XObject of memo page ``index`` (copied into the output file once)."""
        if index not in self._objects:
            form = pikepdf.Page(self._source.pages[index]).as_form_xobject()
            self._objects[index] = self.pdf.copy_foreign(form)
        return self._objects[index]

    def close(self) -> None:
        """Release the memo PDF once the output file is written."""
        self._source.close()


def place(page: pikepdf.Page, xobject: pikepdf.Object, user_rect: Rect, transform: Affine | None = None) -> None:
    """Overlay ``xobject`` at ``user_rect`` (user space; drawn upright whatever the /Rotate)."""
    wrap_content(page, transform)
    # expand=False: the memo is drawn at its own size; a larger rect must not blow it up.
    page.add_overlay(xobject, pikepdf.Rectangle(*user_rect), push_stack=False, expand=False)
