"""`campaign stamp` on real invoices from other software, checked by rendering before and after.

The PDFs come from public projects (Factur-X/ZUGFeRD toolkits, web shops, ERPs, report servers,
Word, LibreOffice, LaTeX; A4, Letter, odd sizes; PDF/A with attachments; one encrypted, one
signed); tests/fixtures/public-invoices/SOURCES.md lists each one's source and licence. Being
data fetched from other projects, the files live beside the project, in
``../shared/fixtures/public-invoices/`` (or where CAMPAIGN_PUBLIC_INVOICES points); the tests
skip when that folder is missing.

For every stamped page: the memo's box (the bounding box of the pixels the stamp changed, at
72 dpi grayscale) held no ink before, pages without a memo are unchanged, no word of the page's
text is lost, and the page count, attachments and PDF/A identification are kept. Shrunk pages
move as a whole, so only their text is compared.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pikepdf
import pypdfium2 as pdfium
import pytest

from tests.conftest import SHARED

CORPUS = Path(os.environ.get("CAMPAIGN_PUBLIC_INVOICES") or SHARED / "fixtures" / "public-invoices")
SHRINK_GOAL = 0.05          # issue 14: fewer than 5 % of the invoices shrunk
SHRINK_TODAY = 0.10         # 3 of 38 since the margin placement (5 of 38 before it, 6 of 37 before issue 14's work)
INK = 160                   # a pixel darker than this (0-255) is content a reader would miss
CHANGED = 40                # a pixel that moved by more than this was changed by the stamp
MAX_MEMO_SHARE = 0.35       # a "memo box" larger than this share of the page means the page moved
FULL_WIDTH = 0.6            # a memo box narrower than this share of the page width is a window
CAMPAIGN_NOW = "2026-11-16T09:00:00+01:00"


@dataclass
class PageCheck:
    """What stamping did to one page."""

    page: int                     # 1-based
    placement: str                # "full band", "window" (narrower), "compact", "margin", "shrunk", "none" (no memo)
    changed: int = 0              # pixels changed by the stamp
    box: tuple[int, int, int, int] | None = None  # memo box in pixels (x0, y0, x1, y1), top-left origin
    covered: int = 0              # pixels that were ink before, inside the memo box
    box_share: float = 0.0        # memo box area / page area
    lost_words: list[str] = field(default_factory=list)


@dataclass
class FileCheck:
    """One corpus file: its stamped copy compared with the original."""

    name: str
    generator: str
    pages: list[PageCheck] = field(default_factory=list)
    error: str = ""               # the stamper's refusal, if any
    problems: list[str] = field(default_factory=list)  # page count, attachments, PDF/A

    def placement(self) -> str:
        kinds = {p.placement for p in self.pages}
        return next((kind for kind in ("shrunk", "margin", "compact", "window", "full band") if kind in kinds), "none")


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else []


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def generator(path: Path) -> str:
    """The producing software as the file says (Creator / Producer)."""
    with pikepdf.open(path) as pdf:
        info = pdf.docinfo
        names = [str(info.get(key, "")).strip() for key in ("/Creator", "/Producer")]
    return " / ".join(dict.fromkeys(n for n in names if n)) or "unknown"


def identity(path: Path) -> tuple[int, int, tuple[str, str]]:
    """Page count, attachment count and PDF/A part and conformance."""
    with pikepdf.open(path) as pdf:
        meta = pdf.open_metadata()
        pdfa = (str(meta.get("pdfaid:part") or ""), str(meta.get("pdfaid:conformance") or ""))
        return len(pdf.pages), len(pdf.attachments), pdfa


def render(page: pdfium.PdfPage) -> np.ndarray:
    """The page as displayed, 72 dpi, grayscale 0-255."""
    bitmap = page.render(scale=1, grayscale=True, may_draw_forms=True, draw_annots=True)
    pixels = bitmap.to_numpy()
    if pixels.ndim == 3:  # pdfium picks BGRA for pages with transparency
        pixels = pixels[..., :3].min(axis=2)
    return pixels.astype(np.int16)


def words(page: pdfium.PdfPage) -> Counter:
    text = page.get_textpage()
    try:
        return Counter(text.get_text_range().split())
    finally:
        text.close()


def compare_page(before: pdfium.PdfPage, after: pdfium.PdfPage, number: int, placement: str) -> PageCheck:
    """Pixels and words of one page before and after stamping."""
    check = PageCheck(page=number, placement=placement)
    check.lost_words = sorted((words(before) - words(after)).elements())
    if placement == "shrunk":
        return check
    old, new = render(before), render(after)
    if old.shape != new.shape:
        check.changed = old.size
        return check
    changed = np.abs(old - new) > CHANGED
    check.changed = int(changed.sum())
    if not check.changed:
        return check
    rows, cols = np.nonzero(changed)
    x0, y0, x1, y1 = int(cols.min()), int(rows.min()), int(cols.max()) + 1, int(rows.max()) + 1
    check.box = (x0, y0, x1, y1)
    check.box_share = (x1 - x0) * (y1 - y0) / old.size
    if placement == "full band" and x1 - x0 < FULL_WIDTH * old.shape[1]:
        check.placement = "window"
    # one pixel in from the box's edge: the memo's frame is anti-aliased onto its neighbours
    inside = old[y0 + 1:y1 - 1, x0 + 1:x1 - 1]
    check.covered = int((inside < INK).sum())
    return check


def read_report(out: Path) -> dict[tuple[str, int], dict[str, str]]:
    """stamp-report.csv rows by (file name, page); file-level refusals under page 0."""
    from campaign.stamping.batch import REPORT_COLUMNS, REPORT_HEADERS

    with (out / "stamp-report.csv").open(encoding="utf-8-sig", newline="") as handle:
        header, *lines = list(csv.reader(handle, delimiter=";"))
    keys = next(REPORT_COLUMNS for shown in REPORT_HEADERS.values() if tuple(header) == tuple(shown))
    rows = [dict(zip(keys, line)) for line in lines]
    return {(Path(r["file"]).name, int(r["page"] or 0)): r for r in rows}


def placement_of(row: dict[str, str] | None) -> str:
    """The report's placement kind, as the checks name it (a band narrower than FULL_WIDTH is a window)."""
    from campaign.stamping.batch import _PLACEMENTS

    if row is None or row["memo placed"] not in ("yes", "oui"):
        return "none"
    kind = {shown: kind for kind, shown in _PLACEMENTS["fr"].items()}.get(row["placement"], row["placement"])
    if row["scaled"]:
        return "shrunk"
    return "full band" if kind == "band" else kind


def check_file(source: Path, out: Path, report: dict[tuple[str, int], dict[str, str]]) -> FileCheck:
    """Compare one original with its stamped copy, page by page."""
    result = FileCheck(name=source.name, generator=generator(source))
    refusal = report.get((source.name, 0))
    stamped = out / source.name
    if refusal is not None or not stamped.exists():
        result.error = refusal["error"] if refusal else "no stamped copy"
        return result
    before_id, after_id = identity(source), identity(stamped)
    for label, old, new in zip(("pages", "attachments", "PDF/A"), before_id, after_id):
        if old != new:
            result.problems.append(f"{label} {old} -> {new}")
    before, after = pdfium.PdfDocument(str(source)), pdfium.PdfDocument(str(stamped))
    try:
        for index in range(min(len(before), len(after))):
            placement = placement_of(report.get((source.name, index + 1)))
            result.pages.append(compare_page(before[index], after[index], index + 1, placement))
    finally:
        before.close()
        after.close()
    return result


def page_faults(page: PageCheck) -> list[str]:
    """What is wrong with a stamped page: content covered, moved or lost."""
    faults = []
    if page.placement == "none" and page.changed:
        faults.append(f"{page.changed} pixels changed on a page without a memo")
    if page.covered:
        faults.append(f"memo box {page.box} covers {page.covered} ink pixels")
    if page.box_share > MAX_MEMO_SHARE:
        faults.append(f"changes spread over {page.box_share:.0%} of the page")
    if page.lost_words:
        faults.append(f"words lost: {' '.join(page.lost_words[:8])}")
    return faults


def stamp_corpus(work: Path, files: list[Path]) -> tuple[Path, dict]:
    """`campaign stamp` on copies of the corpus; the output folder and the report."""
    from typer.testing import CliRunner

    from campaign.cli import app
    from campaign.synthetic import make_clients, write_csv
    from campaign.workspace import init_campaign

    runner = CliRunner()
    env = {"CAMPAIGN_DIR": None, "COLUMNS": "200", "CAMPAIGN_NOW": CAMPAIGN_NOW}
    folder = work / "cabinet"
    init_campaign(folder, firm="Cabinet Exemple", secretariat="secretariat@cabinet-exemple.fr",
                  switch_date=dt.date(2027, 3, 1), language="fr")
    clients = write_csv(work / "clients.csv", make_clients(5))
    imported = runner.invoke(app, ["--campaign", str(folder), "clients", "import", str(clients)], env=env)
    assert imported.exit_code == 0, imported.output
    out = work / "print"
    result = runner.invoke(app, ["--campaign", str(folder), "stamp", *map(str, files), "--out", str(out)], env=env)
    assert result.exit_code in (0, 1), result.output
    return out, read_report(out)


def shrink_rate(checks: list[FileCheck]) -> tuple[int, int]:
    """(invoices shrunk, invoices): a file whose memo needed a shrunk page counts once."""
    stamped = [c for c in checks if not c.error]
    return sum(c.placement() == "shrunk" for c in stamped), len(stamped)


pytestmark = pytest.mark.integration
needs_corpus = pytest.mark.skipif(not corpus_files(), reason=f"public invoice corpus not found at {CORPUS}")


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[FileCheck], dict[str, str], dict[str, str]]:
    files = corpus_files()
    hashes = {p.name: digest(p) for p in files}
    out, report = stamp_corpus(tmp_path_factory.mktemp("public-invoices"), files)
    checks = [check_file(p, out, report) for p in files]
    return checks, hashes, {p.name: digest(p) for p in files}


def _page(draw) -> pdfium.PdfPage:
    """A one-page A4 PDF drawn by ``draw(canvas)``, opened with pdfium."""
    import io

    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(595, 842))
    draw(c)
    c.save()
    return pdfium.PdfDocument(buffer.getvalue())[0]


def _invoice(c, skip_line: int | None = None) -> None:
    for line in range(20):
        if line != skip_line:
            c.drawString(60, 780 - 24 * line, f"Line {line} Widget 12.00 EUR total {line * 12}.00")


def _memo(y: float):
    def draw(c) -> None:
        _invoice(c)
        c.setFillGray(1)
        c.roundRect(40, y, 515, 50, 3, stroke=1, fill=1)
        c.setFillGray(0)
        c.drawString(50, y + 20, "Memo: send your e-mail address")
    return draw


def test_checks_catch_covered_and_lost_content() -> None:
    """The comparison flags a memo over text and a missing line, and passes a memo on blank paper."""
    before = _page(_invoice)
    clean = compare_page(before, _page(_memo(100)), 1, "full band")
    assert clean.changed and page_faults(clean) == [] and clean.placement == "full band"
    covering = compare_page(before, _page(_memo(500)), 1, "full band")
    assert covering.covered > 100 and any("covers" in f for f in page_faults(covering))
    assert not covering.lost_words  # hidden text is still extracted: only the render shows it covered
    missing = compare_page(before, _page(lambda c: _invoice(c, skip_line=3)), 1, "none")
    assert missing.lost_words == ["12.00", "3", "36.00", "EUR", "Line", "Widget", "total"]
    assert any("without a memo" in f for f in page_faults(missing))


@needs_corpus
def test_corpus_is_varied() -> None:
    files = corpus_files()
    assert 25 <= len(files) <= 40
    sizes = Counter(pdfium.PdfDocument(str(p))[0].get_size() for p in files)
    assert len(sizes) >= 3, sizes  # A4, Letter and at least one odd size
    assert sum(identity(p)[1] > 0 for p in files) >= 10  # Factur-X / ZUGFeRD attachments


@needs_corpus
def test_originals_untouched(corpus_run) -> None:
    _checks, before, after = corpus_run
    assert before == after


@needs_corpus
def test_refusals_today(corpus_run) -> None:
    """Today only owner-password files whose permissions forbid changes are refused."""
    checks, *_ = corpus_run
    refused = {c.name: c.error for c in checks if c.error}
    assert all("permissions forbid" in error for error in refused.values()), refused


@needs_corpus
def test_every_file_stamped(corpus_run) -> None:
    checks, *_ = corpus_run
    refused = {c.name: c.error for c in checks if c.error}
    assert not refused


@needs_corpus
def test_nothing_covered_or_lost(corpus_run) -> None:
    checks, *_ = corpus_run
    faults = {f"{c.name} p{p.page}": page_faults(p) for c in checks for p in c.pages if page_faults(p)}
    faults.update({c.name: c.problems for c in checks if c.problems})
    assert not faults


@needs_corpus
def test_every_invoice_gets_a_memo(corpus_run) -> None:
    checks, *_ = corpus_run
    assert [c.name for c in checks if not c.error and c.placement() == "none"] == []


@needs_corpus
def test_shrink_rate_today(corpus_run) -> None:
    checks, *_ = corpus_run
    shrunk, total = shrink_rate(checks)
    assert shrunk / total < SHRINK_TODAY, f"{shrunk} of {total} invoices shrunk"


@needs_corpus
@pytest.mark.xfail(reason="issue 14: three FeRD/Factur-X sample pages have no blank area at the foot or in a margin "
                   "wide enough (remove once fixed)", strict=False)
def test_shrink_rate_goal(corpus_run) -> None:
    checks, *_ = corpus_run
    shrunk, total = shrink_rate(checks)
    assert shrunk / total < SHRINK_GOAL, f"{shrunk} of {total} invoices shrunk"
