"""Where a memo goes on a page, tried in the order a person would choose, shrinking last.

1. ``band``: the full memo across the invoice's text block, at the foot of the page;
2. ``window``: the full memo wrapped to a narrower free window at the foot (beside a totals
   column), with its QR code beside it or without one when it does not fit;
3. ``compact``: two or three lines keeping the client reference, no QR code, in a low band;
4. ``margin``: the memo without its QR code (or the compact one) turned a quarter in a side
   margin of the page, between the edge and everything printed, as printed forms carry a line
   along their edge: a page filled to its foot (framed Factur-X layouts) keeps its content where
   it is; the right margin first (the left one is punched for filing);
5. ``shrunk``: the page's content scaled down (never below the settings' minimum) and 1-3 tried
   again on the room that makes.

The memo's left edge sits on the invoice's own text margin whenever that place is free.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Callable, Sequence

import pypdfium2 as pdfium

from campaign.stamping.geometry import PageGeometry, Rect, invert, transform_rect
from campaign.stamping.memo import MM, ClientInfo, MemoWriter, Shape
from campaign.stamping.space import InkMap, SearchMap, find_margin, find_place, search_map, shrunk_ink

SCALE_STEPS = (0.97, 0.94, 0.92, 0.90)
BAND_MAX = 180 * MM  # wider lines are hard to follow on landscape pages
WINDOW_MIN = 60 * MM  # narrower, the full memo runs to too many lines
WINDOW_STEP = 10 * MM
COMPACT_LINES = 3
COMPACT_CLEARANCE = 1.0 * MM  # the compact memo is for tight gaps: keep less blank around it
SHARED_EDGE = 2.0  # points: text lines starting within this of each other share a margin


@dataclass(frozen=True)
class Placement:
    """The memo chosen for a page and where it goes, as displayed."""

    kind: str  # band, window, compact, margin or shrunk
    shape: Shape
    rect: Rect
    scale: float = 1.0


class _Lazy(Sequence):
    """Shapes laid out only when find_place reads them: most pages take the first."""

    def __init__(self, makers: Sequence[Callable[[], Shape]]) -> None:
        self._makers = makers

    def __len__(self) -> int:
        return len(self._makers)

    def __getitem__(self, index):
        return self._makers[index]()


def text_block(page: pdfium.PdfPage, geometry: PageGeometry) -> tuple[float, float] | None:
    """The left and right edges (visual x) of the page's text block, or None (no text).

    An edge is the outermost one that at least three text runs share, so a stray word or a
    logo's caption does not move it; otherwise the outermost text.
    """
    width, height = geometry.size
    to_visual = invert(geometry.visual_to_user)
    textpage = page.get_textpage()
    try:
        rects = [transform_rect(to_visual, textpage.get_rect(i)) for i in range(textpage.count_rects())]
    finally:
        textpage.close()
    rects = [r for r in rects if r[0] >= 0 and r[2] <= width and r[1] >= 0 and r[3] <= height and r[2] > r[0]]
    if not rects:
        return None
    lefts, rights = sorted(r[0] for r in rects), sorted((r[2] for r in rects), reverse=True)
    left = next((x for x in lefts if sum(abs(x - y) <= SHARED_EDGE for y in lefts) >= 3), lefts[0])
    right = next((x for x in rights if sum(abs(x - y) <= SHARED_EDGE for y in rights) >= 3), rights[0])
    return (left, right) if right - left > WINDOW_MIN else None


class Placer:
    """Chooses memo placements for a campaign's memos."""

    def __init__(self, writer: MemoWriter, *, margin: float, clearance: float, min_scale: float) -> None:
        self.writer = writer
        self.margin = margin
        self.clearance = clearance
        self.min_scale = min_scale

    def choose(self, ink: InkMap, block: tuple[float, float] | None,
               client: ClientInfo | None, *, shrink: bool = True,
               whole: Callable[[], InkMap] | None = None) -> Placement | None:
        """The first placement that fits on the page whose lower part ``ink`` shows; ``shrink``:
        whether the content may be shrunk to make room (not on a printer's sheet, whose crop marks
        and bleed would move with it); ``whole``: the ink of the whole page, for the side margins
        (rendered only for a page with no room at its foot)."""
        found = self._fit(search_map(ink, self.margin), block, client)
        if found is None and whole is not None and block is not None:
            found = self._margin(whole(), block, client)
        if found is not None or not shrink:
            return found
        for factor in SCALE_STEPS:
            if factor < self.min_scale - 1e-9:
                break
            centre = ink.width / 2
            scaled = None if block is None else tuple(centre + (x - centre) * factor for x in block)
            found = self._fit(search_map(shrunk_ink(ink, factor), self.margin), scaled, client)
            if found is not None:
                return Placement("shrunk", found.shape, found.rect, factor)
        return None

    def _fit(self, space: SearchMap, block, client: ClientInfo | None) -> Placement | None:
        if block is None:
            left, right = self.margin, space.inkmap.width - self.margin
        else:
            left, right = block
        band = min(right - left, BAND_MAX)
        texts = [self.writer.text(client, qr=True), self.writer.text(client, qr=False)]
        texts = list(dict.fromkeys(texts))  # the settings may turn the QR code off
        fonts = self.writer.font_sizes()
        widths = [band]
        while widths[-1] - WINDOW_STEP >= WINDOW_MIN:
            widths.append(widths[-1] - WINDOW_STEP)
        layout = self.writer.layout
        tries = [
            ("band", [(m, f, band) for m in texts for f in fonts], self.clearance, block is not None),
            ("window", [(m, f, w) for m in texts for f in fonts for w in widths[1:]], self.clearance, False),
            ("compact", [(self.writer.text(client, compact=True), f, w) for f in fonts for w in widths],
             min(self.clearance, COMPACT_CLEARANCE), False),
        ]
        for kind, specs, clearance, exact in tries:
            if kind == "compact":
                makers = [lambda s=s: _at_most(layout(*s), COMPACT_LINES) for s in specs]
            else:
                makers = [lambda s=s: layout(*s) for s in specs]
            sizes = _Lazy(makers)
            found = find_place(space, sizes, clearance=clearance, left=left, right=left + band, exact=exact)
            if found is not None:
                return Placement(kind, sizes[found[0]], found[1])
        return None

    def _margin(self, ink: InkMap, block: tuple[float, float], client: ClientInfo | None) -> Placement | None:
        """The memo turned in a side margin: without its QR code (a margin is narrow), then compact; each
        font size from the largest, its lines as long as a band's at most (longer ones, read sideways, are
        hard to follow: a page whose margin holds only those is shrunk instead)."""
        length = min(ink.height - 2 * (self.margin + self.clearance) - 2, BAND_MAX)
        if length < WINDOW_MIN:
            return None
        layout = self.writer.layout
        full = self.writer.text(client, qr=False)
        compact = self.writer.text(client, compact=True)
        makers = [lambda s=(full, f, length): layout(*s) for f in self.writer.font_sizes()]
        makers += [lambda s=(compact, f, length): _at_most(layout(*s), COMPACT_LINES) for f in self.writer.font_sizes()]
        sizes = _Lazy(makers)
        found = find_margin(ink, sizes, margin=self.margin, clearance=self.clearance, inner=block)
        if found is None:
            return None
        index, rect, side = found
        return Placement("margin", dataclasses.replace(sizes[index], turn=90 if side == "left" else 270), rect)


def _at_most(shape: Shape, lines: int) -> Shape:
    """``shape``, or one that fits nowhere when it runs to more than ``lines`` lines."""
    if shape.text_lines <= lines:
        return shape
    return Shape(shape.memo, shape.width, float("inf"), shape.font_size, ())
