"""Putting a memo onto a page with pikepdf, without disturbing anything else on it.

The page's own content is wrapped in enough ``q``…``Q`` to survive stray ``Q`` operators and
unclosed ``q``/``cm`` (a content stream that leaves the graphics state changed would otherwise
move, scale or flip an appended overlay). Each distinct memo becomes one form XObject in the
output file, shared by every page that carries it, copied from drawings kept for the process.
"""

from __future__ import annotations

import io
from collections import Counter, OrderedDict
from typing import Callable, Hashable, Sequence

import pikepdf

from campaign.stamping.geometry import Affine, Rect
from campaign.stamping.memo import Shape


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


class MemoLibrary:
    """The memos drawn in this process, as form XObjects that every output file copies.

    A client's memo drawn for one file is reused for the next: only the shapes not kept yet are
    drawn, together, in one small PDF (the font subset and each client's QR code once). A file
    copies one font subset per small PDF it takes shapes from, so it takes them from two at
    most: the one holding most of its shapes, and a new one where the rest are drawn again.
    At most ``limit`` shapes are kept, the least recently used dropped first; a small PDF is
    closed once none of its shapes is kept. Files are stamped one at a time and copy only the
    shapes asked for last, which are never dropped while they are in use.
    """

    def __init__(self, limit: int = 256) -> None:
        self.limit = limit
        self._forms: OrderedDict[Hashable, tuple[pikepdf.Pdf, pikepdf.Object]] = OrderedDict()
        self._kept: Counter[int] = Counter()  # id of each small PDF: its shapes still kept

    def forms(self, shapes: Sequence[Shape], draw: Callable[[list[Shape]], bytes]) -> list[pikepdf.Object]:
        """The form XObject of each shape, drawing with ``draw`` (one PDF page a shape) those not kept."""
        keys = [shape.drawing for shape in shapes]
        wanted = dict(zip(keys, shapes))
        held = Counter(id(self._forms[key][0]) for key in wanted if key in self._forms)
        base = held.most_common(1)[0][0] if held else None
        redraw = [shape for key, shape in wanted.items() if key not in self._forms or id(self._forms[key][0]) != base]
        if redraw:
            source = pikepdf.open(io.BytesIO(draw(redraw)))
            for page, shape in zip(source.pages, redraw):
                if shape.drawing in self._forms:
                    self._release(self._forms[shape.drawing][0])
                self._forms[shape.drawing] = (source, pikepdf.Page(page).as_form_xobject())
            self._kept[id(source)] = len(redraw)
        for key in wanted:
            self._forms.move_to_end(key)
        while len(self._forms) > max(self.limit, len(wanted)):  # the shapes just asked for are the newest
            self._release(self._forms.popitem(last=False)[1][0])
        return [self._forms[key][1] for key in keys]

    def _release(self, source: pikepdf.Pdf) -> None:
        """One shape less kept from ``source``; closed with the last (no file copies from it again)."""
        self._kept[id(source)] -= 1
        if not self._kept[id(source)]:
            del self._kept[id(source)]
            source.close()

    def __len__(self) -> int:
        return len(self._forms)

    def clear(self) -> None:
        """Forget every drawing (a benchmark's cold start; tests)."""
        for source in {id(source): source for source, _ in self._forms.values()}.values():
            source.close()
        self._forms.clear()
        self._kept.clear()


LIBRARY = MemoLibrary()  # one per process: a worker keeps its drawings from one file to the next


def memo_objects(pdf: pikepdf.Pdf, shapes: Sequence[Shape], draw: Callable[[list[Shape]], bytes]
                 ) -> dict[Shape, pikepdf.Object]:
    """Each distinct shape's memo as a form XObject of ``pdf`` (copied in once, its font once)."""
    distinct = list(dict.fromkeys(shapes))
    return {shape: pdf.copy_foreign(form) for shape, form in zip(distinct, LIBRARY.forms(distinct, draw))}


def place(page: pikepdf.Page, xobject: pikepdf.Object, user_rect: Rect, transform: Affine | None = None) -> None:
    """Overlay ``xobject`` at ``user_rect`` (user space; drawn upright whatever the /Rotate)."""
    wrap_content(page, transform)
    # expand=False: the memo is drawn at its own size; a larger rect must not blow it up.
    page.add_overlay(xobject, pikepdf.Rectangle(*user_rect), push_stack=False,
                     expand=False)  # type: ignore[call-arg]  # pikepdf's stub lacks shrink/expand
