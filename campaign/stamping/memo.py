"""The memo: its text (jinja2 template + babel date), its candidate shapes, and its drawing.

Drawing a memo with reportlab costs milliseconds, so each distinct (text, shape) is drawn once
and reused; a batch of 500 pages has a few dozen distinct memos, not 500.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import jinja2
from babel.dates import format_date
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

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
SUBJECTS = {"fr": "Adresse e-mail pour les factures", "en": "E-mail address for invoices"}


@dataclass(frozen=True)
class ClientInfo:
    """What the memo may say about the invoice's client."""

    code: str
    name: str = ""
    manager: str = ""
    manager_email: str = ""


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
        self._shapes: dict[MemoText, list[Shape]] = {}
        self._drawn: dict[tuple[MemoText, Shape], bytes] = {}

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

    def shapes(self, memo: MemoText) -> list[Shape]:
        """Every layout of ``memo``, in order of preference: with a QR code, larger type, wider."""
        if memo not in self._shapes:
            shapes = []
            size = self.memo.max_font_size
            sizes = []
            while size >= self.memo.min_font_size - 1e-9:
                sizes.append(round(size, 1))
                size -= 0.5
            qr_options = (True, False) if memo.qr_data else (False,)
            for with_qr in qr_options:
                for font_size in sizes:
                    for width_mm in WIDTHS_MM:
                        shapes.append(self._layout(memo, font_size, width_mm * MM, with_qr))
            self._shapes[memo] = shapes
        return self._shapes[memo]

    def _layout(self, memo: MemoText, font_size: float, width: float, with_qr: bool) -> Shape:
        text_width = width - 2 * PAD - (QR_SIDE + QR_GAP if with_qr else 0)
        lines: list[str] = []
        for i, paragraph in enumerate(memo.paragraphs):
            if i:
                lines.append("")
            lines.extend(simpleSplit(paragraph, FONT_NAME, font_size, text_width))
        text_height = _leading(font_size) * len(lines)
        height = max(text_height, QR_SIDE if with_qr else 0) + 2 * PAD
        return Shape(width=width, height=height, font_size=font_size, qr=with_qr, lines=tuple(lines))

    def draw(self, memo: MemoText, shape: Shape) -> bytes:
        """A one-page PDF exactly the memo's size, drawn once per distinct memo and shape."""
        key = (memo, shape)
        if key not in self._drawn:
            self._drawn[key] = _draw(memo, shape)
        return self._drawn[key]


def _leading(font_size: float) -> float:
    return round(font_size * 1.2, 2)


def _draw(memo: MemoText, shape: Shape) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(shape.width, shape.height), invariant=1, pageCompression=1)
    c.setTitle("memo")
    c.setStrokeGray(0.35)
    c.setLineWidth(0.6)
    c.roundRect(0.5, 0.5, shape.width - 1, shape.height - 1, 3, stroke=1, fill=0)
    c.setFillGray(0)
    c.setFont(FONT_NAME, shape.font_size)
    leading = _leading(shape.font_size)
    y = shape.height - PAD - shape.font_size  # first baseline
    for line in shape.lines:
        if line:
            c.drawString(PAD, y, line)
        y -= leading
    if shape.qr and memo.qr_data:
        widget = QrCodeWidget(memo.qr_data, barLevel="M", barBorder=1)
        x0, y0, x1, y1 = widget.getBounds()
        drawing = Drawing(QR_SIDE, QR_SIDE, transform=[QR_SIDE / (x1 - x0), 0, 0, QR_SIDE / (y1 - y0), 0, 0])
        drawing.add(widget)
        renderPDF.draw(drawing, c, shape.width - PAD - QR_SIDE, (shape.height - QR_SIDE) / 2)
    c.showPage()
    c.save()
    return buf.getvalue()
