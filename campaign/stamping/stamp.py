"""The stamping batch: read each PDF, find its invoices and clients, place memos, write copies.

Files are handled one at a time and pages one at a time, so memory stays flat however long the
batch; renders are dropped as soon as the place is found.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pikepdf
import pypdfium2 as pdfium

from campaign.clock import utc_now
from campaign.atomic import atomic_write
from campaign.config import Settings
from campaign.stamping.clients import ClientDirectory
from campaign.stamping.geometry import annotation_rects, beyond_trim, page_geometry, reading_box
from campaign.stamping.invoices import Invoice, KeyReader, PageKeys, split_invoices
from campaign.stamping.memo import MM, MemoWriter
from campaign.stamping.overlay import memo_objects, place
from campaign.stamping.pagetext import visible_text
from campaign.stamping.placement import Placer, text_block
from campaign.stamping.settings import MemoSettings
from campaign.stamping.space import InkMap, mark_rects, render_ink


class BadInput(Exception):
    """A file that cannot be stamped; the message says why in a few words."""


@dataclass
class PageResult:
    """What happened on one page chosen for a memo."""

    page: int  # 1-based
    client: str | None
    invoice: str | None
    placed: bool = False
    font_size: float | None = None
    qr: bool = False
    scale: float = 1.0
    placement: str = ""  # band, window, compact, margin or shrunk (placement.py)
    note: str = ""  # why no memo, when none was placed
    rect: tuple[float, float, float, float] | None = None  # as displayed, from bottom left, in page units
    # (points, or /UserUnit: geometry.page_geometry's units)


@dataclass
class FileResult:
    """One input file's outcome."""

    source: Path
    output: Path
    pages: int = 0
    invoices: list[Invoice] = field(default_factory=list)
    results: list[PageResult] = field(default_factory=list)
    error: str | None = None
    warning: str | None = None
    note: str | None = None  # about the whole file, for the report (e.g. kept its permissions)

    @property
    def memos(self) -> int:
        return sum(r.placed for r in self.results)


def check_file(path: Path) -> None:
    """Refuse, in a few words, what is not a complete PDF before any library tries to repair it."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(1024)
            handle.seek(max(0, size - 4096))
            tail = handle.read()
    except OSError as exc:
        raise BadInput(f"cannot be read ({exc.strerror})") from None
    if size == 0:
        raise BadInput("is empty (0 bytes)")
    if b"%PDF-" not in head:
        raise BadInput("is not a PDF (no %PDF- header); export the invoice again as PDF")
    if b"%%EOF" not in tail:
        raise BadInput("is truncated (no %%EOF at the end); copy or export it again")


PROTECTED_NOTE = ("its permissions forbid changes: stamped all the same (it opens without a password), "
                  "saved with the same encryption, owner password and permissions")


def open_pdf(path: Path) -> pikepdf.Pdf:
    """Open with pikepdf, turning its exceptions into one-line reasons.

    A file with only an owner password opens: its permission flags (often set by the invoicing
    software) do not stop the firm stamping its own invoices; :func:`save_pdf` keeps them.
    """
    try:
        return pikepdf.open(path)
    except pikepdf.PasswordError:
        raise BadInput("needs a password to open; ask for an export without a password") from None
    except (pikepdf.PdfError, ValueError, RuntimeError) as exc:
        raise BadInput(f"is damaged and cannot be read ({_short(exc)})") from None


def protection_note(pdf: pikepdf.Pdf) -> str | None:
    """The report's note on a file whose permissions forbid changes, None for any other file."""
    return PROTECTED_NOTE if pdf.is_encrypted and not pdf.allow.modify_other else None


def save_pdf(pdf: pikepdf.Pdf, output: Path) -> None:
    """Write atomically; an encrypted file keeps its encryption exactly.

    ``encryption=True`` makes qpdf copy the original encryption dictionary and key: same method,
    same permissions, and the firm's owner password (unknown here) still unlocks the copy. A new
    ``pikepdf.Encryption`` would need that owner password, or would replace it.
    """
    with atomic_write(output, "wb", output=True) as handle:
        pdf.save(handle, encryption=bool(pdf.is_encrypted))


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 120 else text[:117] + "..."


class Stamper:
    """Stamps files one by one with the campaign's settings."""

    def __init__(self, settings: Settings, memo: MemoSettings, clients: ClientDirectory, *,
                 pages: str = "last", dry_run: bool = False) -> None:
        self.memo = memo
        self.writer = MemoWriter(settings, memo)
        self.placer = Placer(self.writer, margin=memo.margin_mm * MM, clearance=memo.clearance_mm * MM,
                             min_scale=memo.min_scale)
        self.clients = clients
        self.reader = KeyReader(memo.client_pattern, memo.invoice_pattern, clients.codes.case_sensitive,
                                known=clients.known)
        self.pages = pages
        self.dry_run = dry_run

    def stamp_file(self, source: Path, output: Path, on_page: Callable[[int], None] = lambda n: None) -> FileResult:
        """Stamp ``source`` into ``output`` (not written on a dry run or on error)."""
        result = FileResult(source=source, output=output)
        try:
            check_file(source)
            pdf = open_pdf(source)
        except BadInput as exc:
            result.error = str(exc)
            return result
        try:
            try:
                doc = pdfium.PdfDocument(str(source))
            except pdfium.PdfiumError as exc:
                raise BadInput(f"is damaged and cannot be rendered ({_short(exc)})") from None
            doc.init_forms()  # without it pdfium draws no form field, and a memo could cover one
            try:
                self._stamp(pdf, doc, result, on_page)
            finally:
                doc.close()
            if not self.dry_run:
                save_pdf(pdf, output)
            result.note = protection_note(pdf)
        except BadInput as exc:
            result.error = str(exc)
        except (pikepdf.PdfError, pdfium.PdfiumError) as exc:
            result.error = f"could not be stamped ({_short(exc)})"
        except OSError as exc:  # the copy could not be written (open in Excel, ...): the next file goes on
            result.error = f"could not be written: {exc}"
        except Exception as exc:  # a fault nobody foresaw in one file (a malformed box...) must not stop the batch
            result.error = f"could not be stamped ({type(exc).__name__}: {_short(exc)})"
        finally:
            pdf.close()
        return result

    def _stamp(self, pdf: pikepdf.Pdf, doc: pdfium.PdfDocument, result: FileResult,
               on_page: Callable[[int], None]) -> None:
        count = len(pdf.pages)
        if len(doc) != count:
            raise BadInput(f"is inconsistent ({count} pages for pikepdf, {len(doc)} for pdfium)")
        result.pages = count
        keys = [self._read_page(pdf, doc, index) for index in range(count)]
        result.invoices = split_invoices(keys)
        result.warning = unnamed_warning(keys, len(result.invoices))
        targets = {}
        for invoice in result.invoices:
            for index in invoice.targets(self.pages):
                targets[index] = invoice
        planned: list[tuple[PageResult, pikepdf.Page, object]] = []
        for index in range(count):
            target = targets.get(index)
            if target is not None:
                row, placement = self._plan_page(pdf, doc, index, target)
                result.results.append(row)
                if placement is not None:
                    planned.append((row, pikepdf.Page(pdf.pages[index]), placement))
            on_page(1)  # a page costs milliseconds: the progress bar moves with each
        if planned and not self.dry_run:
            self._apply(pdf, planned)

    def _read_page(self, pdf: pikepdf.Pdf, doc: pdfium.PdfDocument, index: int) -> PageKeys:
        """The client code and invoice number the visible page shows (nothing from its margins)."""
        box = reading_box(pikepdf.Page(pdf.pages[index]))
        page = doc[index]
        text = page.get_textpage()
        try:
            return self.reader.read(visible_text(text, box))
        finally:
            text.close()
            page.close()

    def _apply(self, pdf: pikepdf.Pdf, planned: list) -> None:
        """Overlay each page's memo; each distinct memo is drawn once per process (overlay.LIBRARY)."""
        objects = memo_objects(pdf, [shape for _, _, (shape, *_rest) in planned], self.writer.draw_all)
        for _row, page, (shape, geometry, visual_rect, scale) in planned:
            transform = geometry.shrink_toward_top(scale) if scale < 1.0 else None
            place(page, objects[shape], geometry.to_user(visual_rect), transform)

    def _plan_page(self, pdf: pikepdf.Pdf, doc: pdfium.PdfDocument, index: int,
                   invoice: Invoice) -> tuple[PageResult, tuple | None]:
        """Choose the memo, its shape and its place on one page (nothing is drawn yet)."""
        client_code = invoice.client
        row = PageResult(page=index + 1, client=client_code, invoice=invoice.number)
        skip = self.clients.skip_reason(client_code) if client_code else None
        if skip:
            row.note = f"no memo: client {skip}"
            return row, None
        client = self.clients.get(client_code) if client_code else None
        page = pikepdf.Page(pdf.pages[index])
        geometry = page_geometry(page)
        bleed = beyond_trim(page, geometry, self.placer.margin)
        unit = user_unit(page)

        def ink_of(fraction: float, rendered: pdfium.PdfPage | None = None) -> InkMap:
            """The ink of the page's lower ``fraction``, with what a memo must stay off marked, in points."""
            shown = rendered if rendered is not None else doc[index]
            try:
                ink = render_ink(shown, fraction)
            finally:
                if rendered is None:
                    shown.close()
            mark_rects(ink, annotation_rects(page, geometry))
            mark_rects(ink, bleed, fixed=True)
            return in_points(ink, unit) if unit != 1.0 else ink  # chosen in points, as the page is printed

        rendered = doc[index]
        try:
            shown = rendered.get_size()
            if any(abs(a - b) > 1.0 for a, b in zip(shown, geometry.size)):
                row.note = (f"no memo: page boxes disagree ({shown[0]:.0f}x{shown[1]:.0f} rendered, "
                            f"{geometry.size[0]:.0f}x{geometry.size[1]:.0f} in the file)")
                return row, None
            ink = ink_of(self.memo.search_fraction, rendered)
            block = text_block(rendered, geometry)
        finally:
            rendered.close()
        if unit != 1.0 and block is not None:
            block = (block[0] * unit, block[1] * unit)
        chosen = self.placer.choose(ink, block, client, shrink=not bleed, whole=lambda: ink_of(1.0))
        if chosen is None:
            row.note = ("no memo: no blank area big enough inside the trim box (a printer's sheet is never shrunk)"
                        if bleed else
                        f"no memo: no blank area big enough, even with the content shrunk to {self.memo.min_scale:.0%}")
            return row, None
        shape = chosen.shape
        row.placed, row.font_size, row.qr, row.scale = True, shape.font_size, shape.qr, chosen.scale
        row.placement = chosen.kind
        rect = tuple(v / unit for v in chosen.rect)
        row.rect = tuple(round(v, 2) for v in rect)  # type: ignore[assignment]
        return row, (shape, geometry, rect, chosen.scale)


def user_unit(page: pikepdf.Page) -> float:
    """The page's /UserUnit: how many points one unit of its user space is (1 when absent or invalid)."""
    try:
        unit = float(page.obj.get("/UserUnit", 1))
    except (TypeError, ValueError):
        return 1.0
    return unit if math.isfinite(unit) and unit > 0 else 1.0


def in_points(ink: InkMap, unit: float) -> InkMap:
    """``ink`` (rendered in user units, as pdfium does, ignoring /UserUnit) measured in points.

    A memo placed there in points and drawn at 1/``unit`` is printed at its own size where a
    viewer honours /UserUnit (pdfium, which does not, shows it smaller, like the rest of the page).
    """
    return dataclasses.replace(ink, px_per_pt_x=ink.px_per_pt_x / unit, px_per_pt_y=ink.px_per_pt_y / unit,
                               band_top=ink.band_top * unit, width=ink.width * unit, height=ink.height * unit)


def unnamed_warning(keys: list[PageKeys], invoices: int) -> str | None:
    """The warning for a file of several pages none of which names an invoice or client."""
    if len(keys) < 2 or any(k.client or k.invoice for k in keys):
        return None
    scans = sum(not k.words for k in keys)
    if scans == len(keys):
        return (f"no text on any of its {len(keys)} pages (a scan?): each page taken as its own invoice, "
                "with the generic memo")
    split = f" ({scans} without text, each its own invoice)" if scans else ""
    taken = "one invoice" if invoices == 1 else f"{invoices} invoices"
    return (f"no invoice number or client code found on any of its {len(keys)} pages{split}: taken as "
            f"{taken} with the generic memo (scanned file? see --client-pattern)")


def collect_inputs(inputs: Iterable[Path], out_dir: Path | None = None) -> list[tuple[Path, Path]]:
    """(file, path relative to the output folder) for every PDF named or found in a folder.

    A folder scan skips ``out_dir`` (``--out`` inside the export folder must not stamp the
    previous run's copies again).
    """
    skip = out_dir.resolve() if out_dir is not None else None
    found: list[tuple[Path, Path]] = []
    for item in inputs:
        if item.is_dir():
            for path in sorted(p for p in item.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf"):
                if skip is not None and path.resolve().is_relative_to(skip):
                    continue
                found.append((path, path.relative_to(item)))
        else:
            found.append((item, Path(item.name)))
    return found


def plan_outputs(inputs: list[tuple[Path, Path]], out_dir: Path) -> list[tuple[Path, Path, str | None]]:
    """(source, output, refusal) for each input: never write over an original or twice to one file."""
    planned: list[tuple[Path, Path, str | None]] = []
    taken: set[Path] = set()
    originals = {src.resolve() for src, _ in inputs if src.exists()}
    for source, relative in inputs:
        output = out_dir / relative
        resolved = output.resolve()
        if not source.exists():
            planned.append((source, output, "is not found"))
        elif resolved in originals:
            planned.append((source, output, f"would be replaced by its own output {output}; choose another --out"))
        elif resolved in taken:
            planned.append((source, output, f"has the same output name as another input ({output}); stamp it separately"))
        else:
            taken.add(resolved)
            planned.append((source, output, None))
    return planned


def now_iso() -> str:
    """The current UTC time, to the second."""
    return utc_now()
