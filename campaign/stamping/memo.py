"""The memo: its text (jinja2 template + babel date), its layouts, and its drawing.

Drawing a memo with reportlab costs milliseconds, so each distinct (text, layout) is drawn once
per process and reused by every file that shows it (overlay.MemoLibrary keeps the drawings). The QR code comes
from segno (a maintained encoder) and is drawn once per client as a form XObject that every
layout of that client's memo shows.
"""

from __future__ import annotations

import functools
import io
import itertools
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import jinja2
import segno
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from campaign.letters import ClientInfo, format_switch_date, title_gender  # noqa: F401  (imported from here too)
from campaign.vocabulary import SUBJECTS
from campaign.config import Settings
from campaign.errors import ConfigError
from campaign.resources import bundled
from campaign.stamping.settings import MemoSettings

FONT_NAME = "CampaignMemoSans"
MM = 72 / 25.4
PAD = 4.0  # points between the memo's frame and its text
QR_MODULE = 0.5 * MM  # zbarimg reads 0.5 mm modules at 150 dpi; 0.36 mm ones it did not
QR_QUIET = 4  # modules of blank around the code, as the QR specification asks
QR_INSET = 1.0  # points between the frame and the quiet zone
PARAGRAPH_GAP = 0.4  # of a line's leading: paragraphs are set apart without a whole blank line

@dataclass(frozen=True)
class MemoText:
    """The words of one memo and the payload of its QR code (None: the words mention no code)."""

    paragraphs: tuple[str, ...]
    qr_data: str | None
    client_code: str | None
    compact: bool = False


@dataclass(frozen=True)
class Shape:
    """One layout of a memo: its size in points, font size, lines and whether it shows the QR code.

    ``lines`` holds "" between paragraphs. ``qr`` is true exactly when the words mention the code.
    ``turn``: 90 for a memo turned to read upward (in a left margin), 270 downward (a right one);
    its box on the page is then ``height`` wide and ``width`` tall.
    """

    memo: MemoText
    width: float
    height: float
    font_size: float
    lines: tuple[str, ...]
    turn: int = 0

    @property
    def qr(self) -> bool:
        return self.memo.qr_data is not None

    @property
    def text_lines(self) -> int:
        return sum(1 for line in self.lines if line)

    @property
    def drawing(self) -> tuple:
        """What the drawing depends on: shapes equal here draw the same memo, whoever they are for."""
        return (self.lines, self.font_size, self.width, self.height, self.memo.qr_data, self.turn)


@functools.lru_cache(maxsize=None)
def font_path() -> Path:
    """The bundled TrueType font, registered with reportlab once (embedded, so PDF/A-friendly)."""
    path = bundled("memo_templates") / "fonts" / "DejaVuSans.ttf"
    pdfmetrics.registerFont(TTFont(FONT_NAME, str(path)))
    return path


def mailto(secretariat: str, language: str, client_code: str | None) -> str:
    """A mailto: link whose subject carries the client reference, so a reply is matched exactly."""
    subject = SUBJECTS.get(language, SUBJECTS["en"])
    if client_code:
        subject += f" - ref. {client_code}"
    return f"mailto:{secretariat}?subject={quote(subject)}"


class MemoWriter:
    """Writes the memo of each client from the campaign's settings; caches everything it lays out."""

    def __init__(self, settings: Settings, memo: MemoSettings) -> None:
        self.settings = settings
        self.memo = memo
        self.language = settings.language
        if memo.template is not None:
            folder, name = memo.template.parent, memo.template.name
        else:
            folder, name = bundled("memo_templates"), f"{self.language}.txt.j2"
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=False,
                                 undefined=jinja2.StrictUndefined, keep_trailing_newline=False)
        try:
            self.template = env.get_template(name)
        except jinja2.TemplateError as exc:
            raise ConfigError(f"{folder / name}: memo template cannot be read ({exc})") from None
        font_path()
        self._texts: dict[tuple, MemoText] = {}
        self._layouts: dict[tuple, Shape] = {}
        self._space = pdfmetrics.stringWidth(" ", FONT_NAME, 1.0)
        self._words: dict[str, float] = {}  # width of each word at 1 pt: the window search wraps one text many times
        self._measures: dict[MemoText, tuple] = {}

    def text(self, client: ClientInfo | None, *, qr: bool = True, compact: bool = False) -> MemoText:
        """The memo for ``client`` (None: the generic memo), worded for a layout with or without
        the QR code (never with it when the settings turn it off), in full or compact."""
        qr = qr and self.memo.qr and not compact
        key = (client.code if client else None, qr, compact)
        if key not in self._texts:
            try:
                raw = self.template.render(
                    firm=self.settings.firm, secretariat=self.settings.secretariat,
                    switch_date=format_switch_date(self.settings.switch_date, self.language),
                    qr=qr, compact=compact, client=client, language=self.language)
            except jinja2.TemplateError as exc:
                raise ConfigError(f"{self.template.filename}: memo template failed ({exc})") from None
            paragraphs = tuple(" ".join(p.split()) for p in raw.split("\n\n") if p.strip())
            qr_data = mailto(self.settings.secretariat, self.language, key[0]) if qr else None
            self._texts[key] = MemoText(paragraphs, qr_data, key[0], compact)
        return self._texts[key]

    def font_sizes(self) -> list[float]:
        """The font sizes allowed by the settings, largest first, in half points."""
        sizes, size = [], self.memo.max_font_size
        while size >= self.memo.min_font_size - 1e-9:
            sizes.append(round(size, 1))
            size -= 0.5
        return sizes

    def layout(self, memo: MemoText, font_size: float, width: float) -> Shape:
        """``memo`` wrapped to ``width`` points at ``font_size`` (height inf: a word does not fit)."""
        key = (memo, font_size, round(width, 1))
        if key not in self._layouts:
            self._layouts[key] = self._wrap(memo, font_size, width)
        return self._layouts[key]

    def _measured(self, memo: MemoText) -> tuple[tuple[tuple[str, ...], tuple[float, ...], float], ...]:
        """Each paragraph's words, their widths at 1 pt and the widest (measured once per memo: the
        search wraps one memo to dozens of widths and sizes)."""
        found = self._measures.get(memo)
        if found is None:
            paragraphs = []
            for paragraph in memo.paragraphs:
                words = tuple(paragraph.split(" "))
                widths = []
                for word in words:
                    w = self._words.get(word)
                    if w is None:
                        w = self._words[word] = pdfmetrics.stringWidth(word, FONT_NAME, 1.0)
                    widths.append(w)
                paragraphs.append((words, tuple(widths), max(widths)))
            found = self._measures[memo] = tuple(paragraphs)
        return found

    def _wrap(self, memo: MemoText, font_size: float, width: float) -> Shape:
        side = qr_block(memo.qr_data) if memo.qr_data else 0.0
        limit = (width - 2 * PAD - (side + QR_INSET - PAD if side else 0.0)) / font_size
        space = self._space
        lines: list[str] = []
        for i, (words, widths, widest) in enumerate(self._measured(memo)):
            if widest > limit:  # a word wider than the memo (a long address): this layout cannot hold it
                return Shape(memo, width, float("inf"), font_size, ())
            if i:
                lines.append("")
            start, used = 0, 0.0
            for j, w in enumerate(widths):
                if j > start and used + space + w > limit:
                    lines.append(" ".join(words[start:j]))
                    start, used = j, 0.0
                used += (space if j > start else 0.0) + w
            lines.append(" ".join(words[start:]))
        height = max(_text_height(lines, font_size) + 2 * PAD, side + 2 * QR_INSET if side else 0.0)
        return Shape(memo, width, height, font_size, tuple(lines))

    def draw_all(self, wanted: list[Shape]) -> bytes:
        """One PDF with a page per shape, each page exactly the memo's size.

        Drawing every memo of a file into one document embeds the font subset once, draws each
        client's QR code once (a form that each of its layouts shows), and the file's overlay
        copies both once.
        """
        buf = io.BytesIO()
        # ASCII85 wrapping of the compressed streams is reportlab's default and costs more
        # than the drawing; this PDF is read back at once by pikepdf, never mailed as text.
        saved, rl_config.useA85 = rl_config.useA85, 0
        try:
            c = canvas.Canvas(buf, invariant=1, pageCompression=1)
            c.setTitle("memo")
            forms: dict[str, str] = {}
            for shape in wanted:
                data = shape.memo.qr_data
                if data and data not in forms:
                    forms[data] = f"qr{len(forms)}"
                    count, path = qr_path(data)
                    c.beginForm(forms[data], 0, 0, count, count)
                    c.addLiteral(path)  # public API: the code as one preformatted, cached path
                    c.endForm()
            for shape in wanted:
                if shape.turn:
                    c.setPageSize((shape.height, shape.width))
                    # the memo's own lower left goes to the page's lower right (read upward) or upper left
                    c.translate(*((shape.height, 0) if shape.turn == 90 else (0, shape.width)))
                    c.rotate(shape.turn)
                else:
                    c.setPageSize((shape.width, shape.height))
                _draw(c, shape, forms.get(shape.memo.qr_data or ""))
                c.showPage()
            c.save()
        finally:
            rl_config.useA85 = saved
        return buf.getvalue()


def _leading(font_size: float) -> float:
    return round(font_size * 1.2, 2)


def _text_height(lines: list[str] | tuple[str, ...], font_size: float) -> float:
    leading = _leading(font_size)
    gaps = sum(1 for line in lines if not line)
    return leading * (len(lines) - gaps) + leading * PARAGRAPH_GAP * gaps


def _draw(c: canvas.Canvas, shape: Shape, qr_form: str | None) -> None:
    c.setStrokeGray(0.35)
    c.setLineWidth(0.6)
    c.roundRect(0.5, 0.5, shape.width - 1, shape.height - 1, 3, stroke=1, fill=0)
    c.setFillGray(0)
    c.setFont(FONT_NAME, shape.font_size)
    leading = _leading(shape.font_size)
    y = shape.height - PAD - shape.font_size
    for line in shape.lines:
        if line:
            c.drawString(PAD, y, line)
            y -= leading
        else:
            y -= leading * PARAGRAPH_GAP
    if qr_form is not None and shape.memo.qr_data:
        count, _ = qr_path(shape.memo.qr_data)
        block = qr_block(shape.memo.qr_data)
        c.saveState()
        c.translate(shape.width - QR_INSET - block + QR_QUIET * QR_MODULE,
                    (shape.height - block) / 2 + QR_QUIET * QR_MODULE)
        c.scale(QR_MODULE, QR_MODULE)
        c.doForm(qr_form)
        c.restoreState()


QR_MASK = 2  # (column % 3 == 0): one fixed, valid mask; see qr_matrix


@functools.lru_cache(maxsize=4096)
def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """The dark/light modules of a QR code (error correction M or better, never a Micro QR).

    The mask is fixed: any of the eight is valid and every reader decodes it, and scoring all
    eight (what an encoder does by default) is 90 % of segno's time, 9 ms a client.
    """
    code = segno.make(data, error="m", micro=False, mask=QR_MASK)
    return tuple(tuple(bool(m) for m in row) for row in code.matrix)


def qr_block(data: str) -> float:
    """The side in points of the QR code with its quiet zone."""
    return (len(qr_matrix(data)) + 2 * QR_QUIET) * QR_MODULE


@functools.lru_cache(maxsize=4096)
def qr_path(data: str) -> tuple[int, str]:
    """(modules a side, the code as one filled path in module units, row 0 at the top)."""
    modules = qr_matrix(data)
    count = len(modules)
    ops = []
    for r, row in enumerate(modules):
        col = 0
        for dark, run in itertools.groupby(row):
            length = sum(1 for _ in run)
            if dark:
                ops.append(f"{col} {count - r - 1} {length} 1 re")
            col += length
    return count, "0 g\n" + "\n".join(ops) + "\nf"
