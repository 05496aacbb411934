"""The memo: its text (jinja2 template + babel date), its candidate shapes, and its drawing.

Drawing a memo with reportlab costs milliseconds, so each distinct (text, shape) is drawn once
and reused; a batch of 500 pages has a few dozen distinct memos, not 500.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import itertools
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import jinja2
from babel.dates import format_date
from reportlab import rl_config
from reportlab.graphics.barcode import qrencoder
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from campaign.stamping.subjects import SUBJECTS
from campaign.config import Settings
from campaign.errors import ConfigError
from campaign.resources import bundled
from campaign.stamping.settings import MemoSettings

FONT_NAME = "CampaignMemoSans"
MM = 72 / 25.4
PAD = 4.0  # points between the memo's frame and its text
QR_SIDE = 44.0  # 15.5 mm: a phone reads a ~40-module code of this size at arm's length
QR_GAP = 5.0
WIDTHS_MM = (180, 150, 125, 100, 80)  # candidate memo widths, widest first

# Titles (folded: lower case, no dot) that say how to address the engagement manager. Anything
# else ("Dr", "Me", a blank) gives the neutral wording: a guess would be wrong for someone.
_TITLES = {
    "f": {"mme", "madame", "mlle", "mademoiselle", "mrs", "ms", "miss"},
    "m": {"m", "monsieur", "mr", "mister"},
}


def title_gender(title: str) -> str:
    """"f" or "m" when ``title`` is a title such as "Mme" or "M.", else "" (say it neutrally)."""
    folded = title.strip().lower().replace(".", "").strip()
    return next((gender for gender, titles in _TITLES.items() if folded in titles), "")


@dataclass(frozen=True)
class ClientInfo:
    """What the memo may say about the invoice's client."""

    code: str
    name: str = ""
    manager: str = ""
    manager_email: str = ""
    manager_title: str = ""   # as the client file writes it; optional

    @property
    def manager_gender(self) -> str:
        """"f", "m" or "" (no title column, or a title that does not say): templates word it from this."""
        return title_gender(self.manager_title)


@dataclass(frozen=True)
class MemoText:
    """The words of one memo and the payload of its QR code."""

    paragraphs: tuple[str, ...]
    qr_data: str | None
    client_code: str | None


@dataclass(frozen=True)
class Shape:
    """One way to lay out a memo: its size in points, font size and whether it has a QR code."""

    width: float
    height: float
    font_size: float
    qr: bool
    lines: tuple[str, ...]


def format_switch_date(date: dt.date, language: str) -> str:
    """The switch date as a reader expects it: "1er mars 2027", "March 1, 2027"."""
    if language == "fr" and date.day == 1:
        return "1er " + format_date(date, "MMMM y", locale="fr")
    return format_date(date, "long", locale=language)


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
    """Writes the memo of each client from the campaign's settings; caches everything it draws."""

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
        self._texts: dict[str | None, MemoText] = {}
        self._shapes: dict[MemoText, ShapeList] = {}

    def text(self, client: ClientInfo | None) -> MemoText:
        """The memo for ``client`` (None: the generic memo)."""
        key = client.code if client else None
        if key not in self._texts:
            try:
                raw = self.template.render(
                    firm=self.settings.firm, secretariat=self.settings.secretariat,
                    switch_date=format_switch_date(self.settings.switch_date, self.language),
                    qr=self.memo.qr, client=client, language=self.language)
            except jinja2.TemplateError as exc:
                raise ConfigError(f"{self.template.filename}: memo template failed ({exc})") from None
            paragraphs = tuple(" ".join(p.split()) for p in raw.split("\n\n") if p.strip())
            qr_data = mailto(self.settings.secretariat, self.language, key) if self.memo.qr else None
            self._texts[key] = MemoText(paragraphs, qr_data, key)
        return self._texts[key]

    def shapes(self, memo: MemoText) -> "ShapeList":
        """Every layout of ``memo``, in order of preference: with a QR code, larger type, wider."""
        if memo not in self._shapes:
            sizes = []
            size = self.memo.max_font_size
            while size >= self.memo.min_font_size - 1e-9:
                sizes.append(round(size, 1))
                size -= 0.5
            qr_options = (True, False) if memo.qr_data else (False,)
            specs = [(font_size, width_mm * MM, with_qr)
                     for with_qr in qr_options for font_size in sizes for width_mm in WIDTHS_MM]
            self._shapes[memo] = ShapeList(memo, specs)
        return self._shapes[memo]

    def draw_all(self, wanted: list[tuple[MemoText, Shape]]) -> bytes:
        """One PDF with a page per (memo, shape), each page exactly the memo's size.

        Drawing every memo of a file into one document embeds the font subset once, and the
        file's overlay copies it once.
        """
        buf = io.BytesIO()
        # ASCII85 wrapping of the compressed streams is reportlab's default and costs more
        # than the drawing; this PDF is read back at once by pikepdf, never mailed as text.
        saved, rl_config.useA85 = rl_config.useA85, 0
        try:
            c = canvas.Canvas(buf, invariant=1, pageCompression=1)
            c.setTitle("memo")
            for memo, shape in wanted:
                c.setPageSize((shape.width, shape.height))
                _draw(c, memo, shape)
                c.showPage()
            c.save()
        finally:
            rl_config.useA85 = saved
        return buf.getvalue()


class ShapeList:
    """The layouts of one memo, computed only when asked for: most pages take the first."""

    def __init__(self, memo: MemoText, specs: list[tuple[float, float, bool]]) -> None:
        self.memo = memo
        self.specs = specs
        self._done: dict[int, Shape] = {}
        space = pdfmetrics.stringWidth(" ", FONT_NAME, 1.0)
        self._space = space
        self._words = [[(w, pdfmetrics.stringWidth(w, FONT_NAME, 1.0)) for w in p.split(" ")]
                       for p in memo.paragraphs]

    def __len__(self) -> int:
        return len(self.specs)

    def __getitem__(self, index: int) -> Shape:
        if index not in self._done:
            self._done[index] = self._layout(*self.specs[index])
        return self._done[index]

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def _layout(self, font_size: float, width: float, with_qr: bool) -> Shape:
        limit = (width - 2 * PAD - (QR_SIDE + QR_GAP if with_qr else 0)) / font_size
        lines: list[str] = []
        for i, words in enumerate(self._words):
            if i:
                lines.append("")
            line: list[str] = []
            used = 0.0
            for word, w in words:
                if w > limit:  # a word wider than the memo (a long address): this shape cannot hold it
                    return Shape(width=width, height=float("inf"), font_size=font_size, qr=with_qr, lines=())
                if line and used + self._space + w > limit:
                    lines.append(" ".join(line))
                    line, used = [], 0.0
                used += (self._space if line else 0.0) + w
                line.append(word)
            if line:
                lines.append(" ".join(line))
        text_height = _leading(font_size) * len(lines)
        height = max(text_height, QR_SIDE if with_qr else 0) + 2 * PAD
        return Shape(width=width, height=height, font_size=font_size, qr=with_qr, lines=tuple(lines))


def _leading(font_size: float) -> float:
    return round(font_size * 1.2, 2)


def _draw(c: canvas.Canvas, memo: MemoText, shape: Shape) -> None:
    c.setStrokeGray(0.35)
    c.setLineWidth(0.6)
    c.roundRect(0.5, 0.5, shape.width - 1, shape.height - 1, 3, stroke=1, fill=0)
    c.setFillGray(0)
    text = c.beginText(PAD, shape.height - PAD - shape.font_size)
    text.setFont(FONT_NAME, shape.font_size, _leading(shape.font_size))
    for line in shape.lines:
        text.textLine(line)
    c.drawText(text)
    if shape.qr and memo.qr_data:
        _draw_qr(c, memo.qr_data, shape.width - PAD - QR_SIDE, (shape.height - QR_SIDE) / 2, QR_SIDE)


QR_MASK = 0  # any mask pattern decodes; searching the "best" one costs 16 ms of pure Python a code


@functools.lru_cache(maxsize=4096)
def qr_modules(data: str) -> tuple[tuple[bool, ...], ...]:
    """The dark/light modules of a QR code (error correction M) for ``data``."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(data)
    code.version = code.calculate_version()
    code.makeImpl(False, QR_MASK)
    return tuple(tuple(bool(m) for m in row) for row in code.modules)


@functools.lru_cache(maxsize=4096)
def _qr_path(data: str, side: float, border: int = 1) -> str:
    """The QR code as one filled path at the origin: a rectangle per run of dark modules."""
    modules = qr_modules(data)
    count = len(modules)
    box = side / (count + 2 * border)
    ops = []
    for r, row in enumerate(modules):
        top = side - (r + border + 1) * box
        col = 0
        for dark, run in itertools.groupby(row):
            length = sum(1 for _ in run)
            if dark:
                ops.append(f"{(col + border) * box:.3f} {top:.3f} {length * box:.3f} {box:.3f} re")
            col += length
    return "\n".join(ops) + "\nf"


def _draw_qr(c: canvas.Canvas, data: str, x: float, y: float, side: float) -> None:
    """Draw the QR code of ``data`` with its lower left corner at (x, y)."""
    c.saveState()
    c.translate(x, y)
    # reportlab formats path operators number by number in Python; a QR code has hundreds of
    # runs, so its path goes in as one preformatted (and cached) block.
    c._code.append(_qr_path(data, side))
    c.restoreState()
