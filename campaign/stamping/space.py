"""Blank space in the lower part of a page, found from a low-resolution render (pypdfium2).

Text positions alone miss lines, logos, images and form fields, so the page is rendered as
the reader sees it (rotation, crop box, annotations included) and every non-white pixel counts
as ink, except inside an even light tint (an empty grey panel at the foot): the memo has no
background of its own, so printing on such a panel covers nothing, while the panel's edges and
anything drawn in it stay ink. A memo fits where a window of its size, plus a clearance, holds
no ink, and a memo belongs at the foot: below everything in its columns except the legal footer.
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
TINT_LEVEL = 200  # an even area at least this light is a tint black text stays readable on
FOOTER_ZONE = 0.16  # a legal footer starts within this fraction of the page height from the bottom
FOOTER_HEIGHT = 48.0  # points: a footer taller than this is content (a totals column reaching down)
FOOTER_GAP = 6.0  # points of blank above a footer
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
    marked: np.ndarray | None = None  # bool, like ink: annotations that may draw nothing (links)
    dark: np.ndarray | None = None  # bool, like ink: darker than a tint (text, not a panel's edge)


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
    ink = (pixels < INK_LEVEL) & ~_even_tint(pixels)
    bitmap.close()
    sy = src_h / height
    return InkMap(ink=ink, px_per_pt_x=src_w / width, px_per_pt_y=sy,
                  band_top=height - cut_px / sy, width=width, height=height, dark=pixels < TINT_LEVEL)


def _even_tint(pixels: np.ndarray) -> np.ndarray:
    """Light pixels whose 3x3 neighbourhood has one grey level: inside a flat tint, not an edge,
    a line or a glyph (their antialiasing always changes the level next to them)."""
    padded = np.pad(pixels, 1, mode="edge")
    rows, cols = pixels.shape
    low, high = pixels.copy(), pixels.copy()
    for dy in range(3):
        for dx in range(3):
            window = padded[dy:dy + rows, dx:dx + cols]
            np.minimum(low, window, out=low)
            np.maximum(high, window, out=high)
    return (pixels >= TINT_LEVEL) & (high == low)


def content_floor(inkmap: InkMap) -> np.ndarray:
    """Per pixel column, the lowest row holding content that is not the legal footer (-1: none).

    A column's footer is its ink from the highest row that starts after FOOTER_GAP of blank,
    lies in the bottom FOOTER_ZONE of the page and within FOOTER_HEIGHT of the column's lowest
    ink: the legal lines and the rule above them. A totals column running down into the footer
    starts higher, so it stays content.
    """
    ink = inkmap.ink
    rows, _ = ink.shape
    sy = inkmap.px_per_pt_y
    gap = max(1, math.ceil(FOOTER_GAP * sy) - 1)  # blank rows; antialiasing eats about one
    sums = np.zeros((rows + gap + 1, ink.shape[1]), dtype=np.int32)
    np.cumsum(np.pad(ink, ((gap, 0), (0, 0))), axis=0, dtype=np.int32, out=sums[1:])
    blank_above = sums[gap:rows + gap] - sums[:rows] == 0  # the `gap` rows above each row hold no ink
    index = np.arange(rows)[:, None]
    has_ink = ink.any(axis=0)
    lowest = np.where(has_ink, rows - 1 - np.argmax(ink[::-1], axis=0), -1)
    zone_top = rows - FOOTER_ZONE * inkmap.height * sy
    starts = ink & blank_above & (index >= zone_top) & (index >= lowest[None, :] - FOOTER_HEIGHT * sy)
    footer_top = np.where(starts.any(axis=0), np.argmax(starts, axis=0), rows)
    above = ink & (index < footer_top[None, :])
    return np.where(above.any(axis=0), rows - 1 - np.argmax(above[::-1], axis=0), -1)


def mark_rects(inkmap: InkMap, rects: Sequence[Rect]) -> None:
    """Keep the memo off these visual rectangles (annotations that may draw nothing: a memo
    under a link would be clickable); unlike ink, they put no content below a memo."""
    rows, cols = inkmap.ink.shape
    if inkmap.marked is None:
        inkmap.marked = np.zeros_like(inkmap.ink)
    for x0, y0, x1, y1 in rects:
        c0 = max(0, math.floor(x0 * inkmap.px_per_pt_x))
        c1 = min(cols, math.ceil(x1 * inkmap.px_per_pt_x))
        r0 = max(0, math.floor((inkmap.band_top - y1) * inkmap.px_per_pt_y))
        r1 = min(rows, math.ceil((inkmap.band_top - y0) * inkmap.px_per_pt_y))
        if c0 < c1 and r0 < r1:
            inkmap.marked[r0:r1, c0:c1] = True


def _blocked(inkmap: InkMap, margin: float) -> np.ndarray:
    """Ink, annotations and the printer's unprintable margin at the sides and bottom."""
    blocked = inkmap.ink | inkmap.marked if inkmap.marked is not None else inkmap.ink.copy()
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

    def shrink(mask: np.ndarray) -> np.ndarray:
        # Grow the ink by one pixel first, so that sampling the shrunk page cannot fall between
        # the pixels of a thin line.
        grown = mask.copy()
        grown[1:, :] |= mask[:-1, :]
        grown[:-1, :] |= mask[1:, :]
        wide = grown.copy()
        wide[:, 1:] |= grown[:, :-1]
        wide[:, :-1] |= grown[:, 1:]
        out = np.zeros_like(mask)
        out[np.ix_(row_ok, col_ok)] = wide[np.ix_(src_row[row_ok], src_col[col_ok])]
        return out

    return InkMap(ink=shrink(inkmap.ink), px_per_pt_x=inkmap.px_per_pt_x, px_per_pt_y=inkmap.px_per_pt_y,
                  band_top=inkmap.band_top, width=inkmap.width, height=inkmap.height,
                  marked=None if inkmap.marked is None else shrink(inkmap.marked),
                  dark=None if inkmap.dark is None else shrink(inkmap.dark))


def _summed(mask: np.ndarray) -> np.ndarray:
    """Summed-area table: any window's ink count in four lookups."""
    rows, cols = mask.shape
    table = np.zeros((rows + 1, cols + 1), dtype=np.int32)
    np.cumsum(np.cumsum(mask, axis=0, dtype=np.int32), axis=1, out=table[1:, 1:])
    return table


class Sized(Protocol):
    width: float
    height: float


@dataclass
class SearchMap:
    """An ink map prepared for the window search: computed once per page (and per shrink step)."""

    inkmap: InkMap
    blocked: np.ndarray  # summed-area table of ink plus unprintable margins
    ink: np.ndarray  # summed-area table of dark ink and annotations (a tint panel's edges left out)
    floor: np.ndarray  # content_floor of each column


def search_map(inkmap: InkMap, margin: float) -> SearchMap:
    """Prepare ``inkmap`` for find_place."""
    marks = inkmap.ink if inkmap.dark is None else inkmap.dark
    if inkmap.marked is not None:
        marks = marks | inkmap.marked
    return SearchMap(inkmap, _summed(_blocked(inkmap, margin)), _summed(marks), content_floor(inkmap))


def find_place(space: SearchMap, sizes: Sequence[Sized], *, clearance: float,
               left: float | None = None, right: float | None = None,
               exact: bool = False) -> tuple[int, Rect] | None:
    """The first size (in order) that fits in blank space at the foot, and where: (index, visual rect).

    ``sizes`` may compute its items lazily: they are read in order and only until one fits.
    A window fits when it (with ``clearance`` around) holds no ink and nothing but the footer
    lies below it in its columns (a memo between the line items and the totals is mid-page).

    The memo stays between ``left`` and ``right`` (the invoice's text margins) when given. The
    place chosen is the lowest one, then the leftmost (on ``left`` when free there); with
    ``exact`` only on ``left``.
    """
    inkmap, table, ink = space.inkmap, space.blocked, space.ink
    rows, cols = inkmap.ink.shape
    sx, sy = inkmap.px_per_pt_x, inkmap.px_per_pt_y
    cx, cy = math.ceil(clearance * sx), math.ceil(clearance * sy)
    aligned = None if left is None else math.floor(left * sx - cx - 0.5)
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
            # a memo: keep windows with no ink on at least one side of them (inside a tint
            # panel, its light edges on both sides are fine).
            band = ink[wh:, :] - ink[:-wh, :]
            ink_left = band[:, : cols - ww + 1] > 0
            ink_right = (band[:, -1:] - band[:, ww:]) > 0
            free &= ~(ink_left & ink_right)
            # at the foot: the window's top row is below the content of each of its columns
            floor = np.lib.stride_tricks.sliding_window_view(space.floor, ww).max(axis=1)
            free &= np.arange(rows - wh + 1)[:, None] > floor[None, :]
            if aligned is not None:
                free[:, :max(0, aligned)] = False
            if right is not None:
                # the memo's right edge, (col + cx + 0.5) / sx + w, within the right margin
                free[:, max(0, math.floor((right - w) * sx - cx - 0.5) + 1):] = False
        if exact:
            if aligned is None or not 0 <= aligned < free.shape[1] or not free[:, aligned].any():
                continue
            row, col = int(np.flatnonzero(free[:, aligned])[-1]), aligned
        elif free.any():
            row = int(np.flatnonzero(free.any(axis=1))[-1])
            on_margin = aligned is not None and 0 <= aligned < free.shape[1] and free[row, aligned]
            col = aligned if on_margin else int(np.flatnonzero(free[row])[0])
        else:
            continue
        x = left if col == aligned and left is not None else (col + cx + 0.5) / sx
        top = inkmap.band_top - (row + cy + 0.5) / sy
        return index, (x, top - h, x + w, top)
    return None
