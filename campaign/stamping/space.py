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
from dataclasses import dataclass, field
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
RULE_LENGTH = 36.0  # points: a thin vertical stroke this long is a frame line, not text
RULE_WIDTH = 1.5  # points: the widest stroke taken for a line
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
    fixed: np.ndarray | None = None  # bool, like ink: parts of the sheet itself (the bleed), which
    #                                  shrinking the content does not move


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


def mark_rects(inkmap: InkMap, rects: Sequence[Rect], *, fixed: bool = False) -> None:
    """Keep the memo off these visual rectangles (annotations that may draw nothing: a memo
    under a link would be clickable); unlike ink, they put no content below a memo. ``fixed``:
    they belong to the sheet (the bleed), not to the content, and stay put when it is shrunk."""
    rows, cols = inkmap.ink.shape
    if not rects:
        return
    if fixed:
        if inkmap.fixed is None:
            inkmap.fixed = np.zeros_like(inkmap.ink)
        target = inkmap.fixed
    else:
        if inkmap.marked is None:
            inkmap.marked = np.zeros_like(inkmap.ink)
        target = inkmap.marked
    for x0, y0, x1, y1 in rects:
        c0 = max(0, math.floor(x0 * inkmap.px_per_pt_x))
        c1 = min(cols, math.ceil(x1 * inkmap.px_per_pt_x))
        r0 = max(0, math.floor((inkmap.band_top - y1) * inkmap.px_per_pt_y))
        r1 = min(rows, math.ceil((inkmap.band_top - y0) * inkmap.px_per_pt_y))
        if c0 < c1 and r0 < r1:
            target[r0:r1, c0:c1] = True


def _blocked(inkmap: InkMap, margin: float) -> np.ndarray:
    """Ink, annotations and the printer's unprintable margin at the sides and bottom."""
    blocked = inkmap.ink | inkmap.marked if inkmap.marked is not None else inkmap.ink.copy()
    if inkmap.fixed is not None:
        blocked |= inkmap.fixed
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
                  dark=None if inkmap.dark is None else shrink(inkmap.dark), fixed=inkmap.fixed)


def _summed(mask: np.ndarray) -> np.ndarray:
    """Summed-area table: any window's ink count in four lookups."""
    rows, cols = mask.shape
    table = np.zeros((rows + 1, cols + 1), dtype=np.int32)
    np.cumsum(np.cumsum(mask, axis=0, dtype=np.int32), axis=1, out=table[1:, 1:])
    return table


def _window_ink(table: np.ndarray, top: int, wh: int, ww: int, lo: int, hi: int) -> np.ndarray:
    """From a summed-area table: the ink in each window of ``wh`` x ``ww`` pixels whose top row is ``top`` or
    lower and whose left column is in [lo, hi) (rows x columns)."""
    bottom = table.shape[0] - wh  # one past the last top row
    return (table[top + wh:, lo + ww:hi + ww] - table[top:bottom, lo + ww:hi + ww]
            - table[top + wh:, lo:hi] + table[top:bottom, lo:hi])


def _in_runs(mask: np.ndarray, length: int) -> np.ndarray:
    """The pixels of ``mask`` in a run of at least ``length`` along its first axis (by doubling:
    a handful of whole-array operations instead of a pass per pixel)."""
    start, span = mask, 1  # start[r]: mask holds from r for span rows
    while span * 2 <= length:
        start = start[:-span] & start[span:]
        span *= 2
    if span < length:
        start = start[:span - length] & start[length - span:]
    cover = np.zeros_like(mask)  # then spread each start down the run it begins
    cover[:start.shape[0]] = start
    span = 1
    while span < length:
        step = min(span, length - span)
        cover[step:] |= cover[:-step].copy()
        span += step
    return cover


def _vertical_rules(marks: np.ndarray, inkmap: InkMap) -> np.ndarray:
    """The pixels of thin vertical lines (a frame's sides, a column rule): runs of at least
    RULE_LENGTH down one column, at most RULE_WIDTH wide. Text, at any size an invoice uses,
    breaks between lines; images and bars are wider."""
    rows, cols = marks.shape
    length = math.ceil(RULE_LENGTH * inkmap.px_per_pt_y)
    if length > rows:
        return np.zeros_like(marks)
    long = _in_runs(marks, length)
    # this many columns side by side: a bar (a line straddles one more pixel than its width)
    wide = math.ceil(RULE_WIDTH * inkmap.px_per_pt_x) + 2
    if wide > cols:
        return long
    bar = _in_runs(long.T, wide).T
    return long & ~bar


def _sliding(values: np.ndarray, width: int, reduce) -> np.ndarray:
    """``reduce`` (np.min or np.max) of each run of ``width`` consecutive values."""
    return reduce(np.lib.stride_tricks.sliding_window_view(values, width), axis=1)


class Sized(Protocol):
    width: float
    height: float


@dataclass
class SearchMap:
    """An ink map prepared for the window search: computed once per page (and per shrink step)."""

    inkmap: InkMap
    blocked: np.ndarray  # summed-area table of ink plus unprintable margins
    # per row, the first and last column of its dark ink or annotations (a tint panel's edges
    # left out); cols and -1 for none
    first_mark: np.ndarray
    last_mark: np.ndarray
    floor: np.ndarray  # content_floor of each column
    floors: dict[int, np.ndarray] = field(default_factory=dict)  # window width: floor_under
    # (ww, lo, hi): the lowest window height known to fit nowhere in those columns
    too_tall: dict[tuple[int, int, int], int] = field(default_factory=dict)

    def floor_under(self, ww: int) -> np.ndarray:
        """Per window left column, the lowest content row over its ``ww`` columns (kept: the
        search asks for many sizes of a few widths)."""
        if ww not in self.floors:
            self.floors[ww] = _sliding(self.floor, ww, np.max)
        return self.floors[ww]

    def free(self, wh: int, ww: int, lo: int, hi: int) -> tuple[int, np.ndarray] | None:
        """The free windows of ``wh`` x ``ww`` pixels whose left column is in [lo, hi): the first
        row that can be free, and which windows are, from that row down (bool rows x columns);
        None when none is.

        A window is free when it holds nothing blocked, its top row is below the content of
        its columns, and there is no ink on at least one side of it in its rows. Only the rows
        below the content floor are computed: most of the map is above it. A window free at
        some place stays free there when made lower, so a height that fits nowhere rules out
        every taller one in the same columns: the search tries many.
        """
        key = (ww, lo, hi)
        limit = self.too_tall.get(key)
        if limit is None:
            floor = self.floor_under(ww)[lo:hi]
            limit = self.too_tall[key] = self.blocked.shape[0] - int(floor.min()) - 1  # no row left
        if wh >= limit:
            return None
        floor = self.floor_under(ww)[lo:hi]
        top = int(floor.min()) + 1
        bottom = self.blocked.shape[0] - wh  # one past the last top row
        free = _window_ink(self.blocked, top, wh, ww, lo, hi) == 0
        if free.any():
            free &= np.arange(top, bottom)[:, None] > floor[None, :]
        if free.any():
            # A gap between two columns of the same rows (inside a table) is not a place for
            # a memo: keep windows with no ink on at least one side of them (inside a tint
            # panel, its light edges on both sides are fine; inside a frame, its sides).
            first = _sliding(self.first_mark[top:bottom + wh - 1], wh, np.min)[:, None]
            last = _sliding(self.last_mark[top:bottom + wh - 1], wh, np.max)[:, None]
            col = np.arange(lo, hi)
            free &= ~((first < col) & (last >= col + ww))
        if not free.any():
            self.too_tall[key] = wh
            return None
        return top, free


def search_map(inkmap: InkMap, margin: float) -> SearchMap:
    """Prepare ``inkmap`` for find_place."""
    marks = inkmap.ink if inkmap.dark is None else inkmap.dark
    # a table's frame beside a window is not a column of the table: only what the frame holds
    # (text, figures) makes the window a gap between columns
    marks = marks & ~_vertical_rules(marks, inkmap)
    if inkmap.marked is not None:
        marks = marks | inkmap.marked
    cols = marks.shape[1]
    has = marks.any(axis=1)
    first = np.where(has, np.argmax(marks, axis=1), cols)
    last = np.where(has, cols - 1 - np.argmax(marks[:, ::-1], axis=1), -1)
    return SearchMap(inkmap, _summed(_blocked(inkmap, margin)), first, last, content_floor(inkmap))


def find_place(space: SearchMap, sizes: Sequence[Sized], *, clearance: float,
               left: float | None = None, right: float | None = None,
               exact: bool = False) -> tuple[int, Rect] | None:
    """The first size (in order) that fits in blank space at the foot, and where: (index, visual rect).

    ``sizes`` may compute its items lazily: they are read in order and only until one fits.
    A window fits when it (with ``clearance`` around) holds no ink and nothing but the footer
    lies below it in its columns (a memo between the line items and the totals is mid-page).
    A gap between two columns of the same rows (inside a table) is not a place for a memo
    either: a window needs no ink on at least one side of it in its rows (a tint panel's light
    edges and a frame's sides do not count: a blank corner of a framed table is a place).

    The memo stays between ``left`` and ``right`` (the invoice's text margins) when given. The
    place chosen is the lowest one, then the leftmost (on ``left`` when free there); with
    ``exact`` only on ``left``.
    """
    inkmap = space.inkmap
    rows, cols = inkmap.ink.shape
    sx, sy = inkmap.px_per_pt_x, inkmap.px_per_pt_y
    cx, cy = math.ceil(clearance * sx), math.ceil(clearance * sy)
    aligned = None if left is None else math.floor(left * sx - cx - 0.5)
    for index in range(len(sizes)):
        size = sizes[index]  # once: a lazy sequence lays it out on each read
        w, h = size.width, size.height
        if not (math.isfinite(w) and math.isfinite(h)):
            continue
        ww = math.ceil(w * sx) + 2 * cx + 1
        wh = math.ceil(h * sy) + 2 * cy + 1
        if ww > cols or wh > rows:
            continue
        # left columns allowed: from the left margin on, and the memo's right edge,
        # (col + cx + 0.5) / sx + w, within the right margin
        lo = 0 if aligned is None else max(0, aligned)
        hi = cols - ww + 1
        if right is not None:
            hi = min(hi, max(0, math.floor((right - w) * sx - cx - 0.5) + 1))
        if exact:
            if aligned is None or not 0 <= aligned < hi:
                continue
            lo, hi = aligned, aligned + 1
        if lo >= hi:
            continue
        found = space.free(wh, ww, lo, hi)
        if found is None:
            continue
        top, free = found
        any_rows = np.flatnonzero(free.any(axis=1))
        last = int(any_rows[-1])
        row = top + last
        on_margin = aligned is not None and aligned == lo and free[last, 0]
        col = lo if on_margin else lo + int(np.flatnonzero(free[last])[0])  # on the margin, lo is aligned
        x = left if col == aligned and left is not None else (col + cx + 0.5) / sx
        top_pt = inkmap.band_top - (row + cy + 0.5) / sy
        return index, (x, top_pt - h, x + w, top_pt)
    return None


# Filing holes are centred 12 mm from the left edge, 5-6 mm wide, two or four of them (80 mm apart, the four-ring
# binders French offices file invoices in) along most of the page's height
PUNCH_EDGE = 16 * MM


def find_margin(inkmap: InkMap, sizes: Sequence[Sized], *, margin: float, clearance: float,
                inner: tuple[float, float]) -> tuple[int, Rect, str] | None:
    """The first size (in order) that fits turned a quarter in a side margin of the whole page,
    and where: (index, visual rect of the turned memo, "right" or "left").

    ``inkmap`` covers the whole page; ``inner`` is the (left, right) edge of the invoice's text
    block. A margin memo lies between the page's edge and everything printed in its rows, and
    outside the text block, so it covers nothing and sits beside the content the way printed
    forms carry a line turned along their edge; the printer's margin is kept on all four sides.
    Its size's width runs along the page height. The right margin comes first (text reading
    downward): the left one is where invoices are punched for filing, so a memo there keeps clear
    of the holes. In each margin, the window nearest the page's edge, then the lowest.
    """
    rows, cols = inkmap.ink.shape
    sx, sy = inkmap.px_per_pt_x, inkmap.px_per_pt_y
    cx, cy = math.ceil(clearance * sx), math.ceil(clearance * sy)
    blocked = _blocked(inkmap, margin)
    blocked[:math.ceil(margin * sy), :] = True  # the top edge too: the whole page is searched
    punched = blocked.copy()
    punched[:, :math.ceil(PUNCH_EDGE * sx)] = True
    content = inkmap.ink | inkmap.marked if inkmap.marked is not None else inkmap.ink
    has = content.any(axis=1)
    first = np.where(has, np.argmax(content, axis=1), cols)  # per row, where its print starts and ends
    last = np.where(has, cols - 1 - np.argmax(content[:, ::-1], axis=1), -1)
    tables = {"right": _summed(blocked), "left": _summed(punched)}
    inner_left = math.floor(inner[0] * sx)  # a window's columns end before this one
    inner_right = math.ceil(inner[1] * sx)  # and start at or after this one
    for index in range(len(sizes)):
        size = sizes[index]
        w, h = size.width, size.height
        if not (math.isfinite(w) and math.isfinite(h)):
            continue
        ww = math.ceil(h * sx) + 2 * cx + 1  # across the page: the memo's height
        wh = math.ceil(w * sy) + 2 * cy + 1  # along it: its lines
        if wh > rows:
            continue
        for side, lo, hi in (("right", inner_right, cols - ww + 1), ("left", 0, inner_left - ww + 1)):
            if lo >= hi:
                continue
            free = _window_ink(tables[side], 0, wh, ww, lo, hi) == 0
            col_index = np.arange(lo, hi)[None, :]
            if side == "left":  # nothing printed between the window and the edge: all of it is to the right
                free &= col_index + ww <= _sliding(first, wh, np.min)[:, None]
            else:
                free &= col_index > _sliding(last, wh, np.max)[:, None]
            if not free.any():
                continue
            any_cols = np.flatnonzero(free.any(axis=0))
            col = int(any_cols[0] if side == "left" else any_cols[-1])
            row = int(np.flatnonzero(free[:, col])[-1])
            x = (lo + col + cx + 0.5) / sx
            top = inkmap.band_top - (row + cy + 0.5) / sy
            return index, (x, top - w, x + h, top), side
    return None
