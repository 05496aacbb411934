"""Page geometry read with pikepdf: the visible box, /Rotate, and the map from what the reader
sees ("visual" space, origin at the bottom left of the page as displayed) to PDF user space.

pypdfium2's ``get_mediabox()``/``get_cropbox()`` ignore boxes inherited from the page tree and
fall back to US Letter, so boxes always come from pikepdf, which resolves inheritance.
"""

from __future__ import annotations

from dataclasses import dataclass

import pikepdf

Affine = tuple[float, float, float, float, float, float]
Rect = tuple[float, float, float, float]  # x0, y0, x1, y1


def compose(first: Affine, then: Affine) -> Affine:
    """The affine map that applies ``first`` and then ``then`` (PDF matrix convention)."""
    a1, b1, c1, d1, e1, f1 = first
    a2, b2, c2, d2, e2, f2 = then
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def apply(m: Affine, x: float, y: float) -> tuple[float, float]:
    """Transform one point."""
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def invert(m: Affine) -> Affine:
    """The inverse of an invertible affine map."""
    a, b, c, d, e, f = m
    det = a * d - b * c
    ia, ib, ic, id_ = d / det, -b / det, -c / det, a / det
    return (ia, ib, ic, id_, -(e * ia + f * ic), -(e * ib + f * id_))


def transform_rect(m: Affine, rect: Rect) -> Rect:
    """The axis-aligned bounds of a rectangle under ``m`` (exact for 90° rotations)."""
    x0, y0, x1, y1 = rect
    pts = [apply(m, x, y) for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


def _box(array: pikepdf.Object, fallback: Rect | None = None) -> Rect:
    """A page box as (x0, y0, x1, y1); a malformed one (three numbers, a name) gives ``fallback``."""
    try:
        x0, y0, x1, y1 = (float(v) for v in array)
    except (TypeError, ValueError):
        if fallback is None:
            raise ValueError("the page's MediaBox is not four numbers") from None
        return fallback
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _within(outer: Rect, inner: Rect) -> Rect:
    """``inner`` clipped to ``outer``; ``outer`` itself when they do not overlap (viewers ignore such a box)."""
    box = (max(outer[0], inner[0]), max(outer[1], inner[1]), min(outer[2], inner[2]), min(outer[3], inner[3]))
    return box if box[2] > box[0] and box[3] > box[1] else outer


def reading_box(page: pikepdf.Page) -> Rect:
    """Where an invoice's own text can be: the visible box, and within it the TrimBox when the page
    has one (a print-ready file without a CropBox shows its bleed and the printer's slug line)."""
    box = page_geometry(page).box
    trim = page.obj.get("/TrimBox")
    return _within(box, _box(trim, box)) if trim is not None else box


@dataclass(frozen=True)
class PageGeometry:
    """Where a page is and how it is shown."""

    box: Rect  # the visible box in user space: CropBox clipped to MediaBox
    rotation: int  # clockwise, one of 0, 90, 180, 270

    @property
    def size(self) -> tuple[float, float]:
        """(width, height) of the page as displayed, in points."""
        w, h = self.box[2] - self.box[0], self.box[3] - self.box[1]
        return (h, w) if self.rotation in (90, 270) else (w, h)

    @property
    def visual_to_user(self) -> Affine:
        """Map visual coordinates (origin bottom left of the displayed page) to user space."""
        x0, y0, x1, y1 = self.box
        return {
            0: (1.0, 0.0, 0.0, 1.0, x0, y0),
            90: (0.0, 1.0, -1.0, 0.0, x1, y0),
            180: (-1.0, 0.0, 0.0, -1.0, x1, y1),
            270: (0.0, -1.0, 1.0, 0.0, x0, y1),
        }[self.rotation]

    def to_user(self, rect: Rect) -> Rect:
        """A rectangle in visual coordinates, as a user-space rectangle."""
        return transform_rect(self.visual_to_user, rect)

    def shrink_toward_top(self, factor: float) -> Affine:
        """User-space ``cm`` that scales the content by ``factor`` about the top centre as displayed."""
        w, h = self.size
        visual = (factor, 0.0, 0.0, factor, w / 2 * (1 - factor), h * (1 - factor))
        to_user = self.visual_to_user
        return compose(compose(invert(to_user), visual), to_user)


def page_geometry(page: pikepdf.Page) -> PageGeometry:
    """Read a page's boxes and rotation (inherited values included)."""
    media = _box(page.mediabox)
    box = _within(media, _box(page.cropbox, media))  # a CropBox outside the MediaBox is ignored by viewers
    rotation = int(page.rotation) % 360
    if rotation % 90:
        rotation = 0  # not a multiple of 90: viewers ignore it
    return PageGeometry(box=box, rotation=rotation)


def beyond_trim(page: pikepdf.Page, geometry: PageGeometry, margin: float) -> list[Rect]:
    """The shown page's strips outside its TrimBox, widened by ``margin`` inside it, as displayed: a
    print-ready file without a CropBox shows its bleed, which the printer cuts off with any memo in it."""
    trim = reading_box(page)
    if trim == geometry.box:
        return []
    x0, y0, x1, y1 = transform_rect(invert(geometry.visual_to_user), trim)
    w, h = geometry.size
    return [(0.0, 0.0, x0 + margin, h), (x1 - margin, 0.0, w, h), (0.0, 0.0, w, y0 + margin), (0.0, y1 - margin, w, h)]


def annotation_rects(page: pikepdf.Page, geometry: PageGeometry) -> list[Rect]:
    """Where the page's annotations are, as displayed: links and fields count as content even
    when they draw nothing (a memo under a link would be clickable)."""
    to_visual = invert(geometry.visual_to_user)
    rects = []
    for annot in page.obj.get("/Annots", []):
        try:
            if annot.get("/Subtype") == pikepdf.Name.Popup or "/Rect" not in annot:
                continue
            rects.append(transform_rect(to_visual, _box(annot.Rect)))
        except (pikepdf.PdfError, TypeError, ValueError, AttributeError):
            continue  # a malformed annotation: the render still shows whatever it draws
    return rects
