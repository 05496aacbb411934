"""Blank space in the lower part of a page, found from a low-resolution render (pypdfium2).

Text positions alone miss lines, logos, images and form fields, so the page is rendered as
the reader sees it (rotation, crop box, annotations included) and every non-white pixel counts
as ink. A memo fits where a window of its size, plus a clearance, holds no ink.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol, Sequence

import numpy as np
import pypdfium2 as pdfium

from campaign.stamping.geometry import Rect

RENDER_SCALE = 0.5  # 36 dpi: one pixel is 2 points (0.7 mm); enough to see a hairline
INK_LEVEL = 250  # grey levels below this are ink (antialiased hairlines stay well below)
MM = 72 / 25.4


@dataclass
class InkMap:
    """Which pixels of the searched band hold ink; row 0 is the band's top."""

    ink: np.ndarray  # bool, (rows, cols)
    px_per_pt_x: float
    px_per_pt_y: float
    band_top: float  # visual y (points) of row 0's top edge
    width: float  # page width as displayed, points
    height: float  # page height as displayed, points


def render_ink(page: pdfium.PdfPage, fraction: float) -> InkMap:
    """Render the lower ``fraction`` of the page as displayed and mark its ink."""
    width, height = page.get_size()
    src_w = math.ceil(width * RENDER_SCALE)
    src_h = math.ceil(height * RENDER_SCALE)
    cut_top = height * (1 - fraction)
    bitmap = page.render(scale=RENDER_SCALE, crop=(0, 0, 0, cut_top), grayscale=True,
                         may_draw_forms=True, draw_annots=True)
    pixels = bitmap.to_numpy()
    if pixels.ndim == 3:  # pdfium picks BGRA for pages with transparency
        pixels = pixels[..., :3].min(axis=2)
    cut_px = math.ceil(cut_top * RENDER_SCALE)
    ink = pixels < INK_LEVEL
    bitmap.close()
    sy = src_h / height
    return InkMap(ink=ink, px_per_pt_x=src_w / width, px_per_pt_y=sy,
                  band_top=height - cut_px / sy, width=width, height=height)


def mark_rects(inkmap: InkMap, rects: Sequence[Rect]) -> None:
    """Count these visual rectangles as ink (e.g. annotations that draw nothing)."""
    rows, cols = inkmap.ink.shape
    for x0, y0, x1, y1 in rects:
        c0 = max(0, math.floor(x0 * inkmap.px_per_pt_x))
        c1 = min(cols, math.ceil(x1 * inkmap.px_per_pt_x))
        r0 = max(0, math.floor((inkmap.band_top - y1) * inkmap.px_per_pt_y))
        r1 = min(rows, math.ceil((inkmap.band_top - y0) * inkmap.px_per_pt_y))
        if c0 < c1 and r0 < r1:
            inkmap.ink[r0:r1, c0:c1] = True


def _blocked(inkmap: InkMap, margin: float) -> np.ndarray:
    """Ink plus the printer's unprintable margin at the sides and bottom."""
    blocked = inkmap.ink.copy()
    mx = math.ceil(margin * inkmap.px_per_pt_x)
    my = math.ceil(margin * inkmap.px_per_pt_y)
    if mx:
        blocked[:, :mx] = True
        blocked[:, blocked.shape[1] - mx:] = True
    if my:
        blocked[blocked.shape[0] - my:, :] = True
    return blocked


def shrunk_ink(inkmap: InkMap, factor: float) -> InkMap:
    """The ink map after scaling the page's content by ``factor`` about its top centre."""
    rows, cols = inkmap.ink.shape
    # Grow the ink by one pixel first, so that sampling the shrunk page cannot fall between
    # the pixels of a thin line.
    grown = inkmap.ink.copy()
    grown[1:, :] |= inkmap.ink[:-1, :]
    grown[:-1, :] |= inkmap.ink[1:, :]
    wide = grown.copy()
    wide[:, 1:] |= grown[:, :-1]
    wide[:, :-1] |= grown[:, 1:]
    cx = inkmap.width / 2
    xs_pt = (np.arange(cols) + 0.5) / inkmap.px_per_pt_x
    ys_pt = inkmap.band_top - (np.arange(rows) + 0.5) / inkmap.px_per_pt_y
    src_col = np.floor((cx + (xs_pt - cx) / factor) * inkmap.px_per_pt_x).astype(int)
    # content only moves up and inward when shrunk toward the top: the band's new content
    # comes from lower rows of the same band, never from above it
    src_row = np.floor((inkmap.band_top - (inkmap.height - (inkmap.height - ys_pt) / factor))
                       * inkmap.px_per_pt_y).astype(int)
    col_ok = (src_col >= 0) & (src_col < cols)
    row_ok = (src_row >= 0) & (src_row < rows)
    out = np.zeros_like(inkmap.ink)
    out[np.ix_(row_ok, col_ok)] = wide[np.ix_(src_row[row_ok], src_col[col_ok])]
    return InkMap(ink=out, px_per_pt_x=inkmap.px_per_pt_x, px_per_pt_y=inkmap.px_per_pt_y,
                  band_top=inkmap.band_top, width=inkmap.width, height=inkmap.height)


def _summed(mask: np.ndarray) -> np.ndarray:
    """Summed-area table: any window's ink count in four lookups."""
    rows, cols = mask.shape
    table = np.zeros((rows + 1, cols + 1), dtype=np.int32)
    np.cumsum(np.cumsum(mask, axis=0, dtype=np.int32), axis=1, out=table[1:, 1:])
    return table


class Sized(Protocol):
    width: float
    height: float


def find_place(inkmap: InkMap, sizes: Sequence[Sized], *, margin: float,
               clearance: float) -> tuple[int, Rect] | None:
    """The first size (in order) that fits in blank space, and where: (index, visual rect).

    ``sizes`` may compute its items lazily: they are read in order and only until one fits.

    The place chosen is the lowest one, then the leftmost: just above the legal footer on most
    invoices, beside a totals column when only part of the width is free.
    """
    blocked = _blocked(inkmap, margin)
    rows, cols = blocked.shape
    table = _summed(blocked)
    ink = _summed(inkmap.ink)
    sx, sy = inkmap.px_per_pt_x, inkmap.px_per_pt_y
    cx, cy = math.ceil(clearance * sx), math.ceil(clearance * sy)
    for index in range(len(sizes)):
        w, h = sizes[index].width, sizes[index].height
        if not (math.isfinite(w) and math.isfinite(h)):
            continue
        ww = math.ceil(w * sx) + 2 * cx + 1
        wh = math.ceil(h * sy) + 2 * cy + 1
        if ww > cols or wh > rows:
            continue
        sums = table[wh:, ww:] - table[:-wh, ww:] - table[wh:, :-ww] + table[:-wh, :-ww]
        free = sums == 0
        if free.any():
            # A gap between two columns of the same rows (inside a table) is not a place for
            # a memo: keep windows with no ink on at least one side of them.
            band = ink[wh:, :] - ink[:-wh, :]
            left = band[:, : cols - ww + 1] > 0
            right = (band[:, -1:] - band[:, ww:]) > 0
            free &= ~(left & right)
        if not free.any():
            continue
        row = int(np.flatnonzero(free.any(axis=1))[-1])
        col = int(np.flatnonzero(free[row])[0])
        left = (col + cx + 0.5) / sx
        top = inkmap.band_top - (row + cy + 0.5) / sy
        return index, (left, top - h, left + w, top)
    return None
