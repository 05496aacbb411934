"""A whole `campaign stamp` run: inputs, outputs, the CSV report and the record in campaign.db."""

from __future__ import annotations

import contextlib
import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Generator, Iterable

from campaign.checkpoints import checkpoint
from campaign.atomic import FileInUse, atomic_write, make_output_dir, temporary_copies, sharing
from campaign.errors import UsageError
from campaign.clients.codes import case_sensitive
from campaign.stamping.clients import ClientDirectory
from campaign.stamping.settings import MemoSettings
from campaign.stamping.stamp import FileResult, Stamper, collect_inputs, now_iso, plan_outputs
from campaign.processes import cpu_count
from campaign.stamping.pool import Pool, page_count, worth_workers
from campaign.stamping.parallel import stamp_in_workers
from campaign.stamping.workers import ClientSnapshot, WorkerSetup
from campaign.store import Store
from campaign.text import guard_formula
from campaign.workspace import Campaign

REPORT_NAME = "stamp-report.csv"
REPORT_COLUMNS = ("file", "page", "invoice", "client code", "memo placed", "placement", "font size", "qr code",
                  "scaled", "error")
# What the people opening the report read, in the campaign's language (REPORT_COLUMNS order).
REPORT_HEADERS = {
    "fr": ("Fichier", "Page", "Facture", "Code client", "Mémo placé", "Emplacement", "Taille du texte", "QR code",
           "Page réduite à", "Remarque"),
    "en": REPORT_COLUMNS,
}
_YES_NO = {"fr": {"yes": "oui", "no": "non"}}
# placement.py's kinds, as a French reader gets them
_PLACEMENTS = {"fr": {"band": "bandeau en bas", "window": "à côté du contenu", "compact": "mémo court",
                      "margin": "dans la marge",
                      "shrunk": "page réduite"}}
# The stamper's notes, as a French reader gets them (a note not listed here is written as it is).
_FRENCH_NOTES = (
    (re.compile(r"^no memo: client confirmed$"), "pas de mémo : adresse e-mail du client déjà confirmée"),
    (re.compile(r"^no memo: client refused$"), "pas de mémo : le client garde le courrier"),
    (re.compile(r"^no memo: page boxes disagree \((.*) rendered, (.*) in the file\)$"),
     r"pas de mémo : dimensions de la page incohérentes (\1 affichée, \2 dans le fichier)"),
    (re.compile(r"^no memo: no blank area big enough, even with the content shrunk to (.*)$"),
     r"pas de mémo : pas assez de place libre, même avec la page réduite à \1"),
    (re.compile(r"^no memo: no blank area big enough inside the trim box .*$"),
     "pas de mémo : pas assez de place libre à l'intérieur du format fini (une page d'imprimeur n'est jamais réduite)"),
    (re.compile(r"^its permissions forbid changes: .*$"), "ses droits interdisent les modifications : mémo "
     "ajouté quand même (le fichier s'ouvre sans mot de passe), copie protégée comme l'original"),
)


@dataclass
class BatchReport:
    """What a run did, file by file."""

    files: list[FileResult] = field(default_factory=list)
    skip_active: bool = False
    report_path: Path | None = None
    report_error: str = ""  # the report could not be written (open in Excel): the stamped copies stand
    run_id: int | None = None
    in_client_file: int = 0  # of the client codes read, how many the client file has
    leftovers_removed: int = 0  # temporary files of an interrupted run deleted at the start

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.error]

    @property
    def pages(self) -> int:
        return sum(f.pages for f in self.files)

    @property
    def invoices(self) -> int:
        return sum(len(f.invoices) for f in self.files)

    @property
    def memos(self) -> int:
        return sum(f.memos for f in self.files)

    @property
    def clients(self) -> set[str]:
        return {inv.client for f in self.files for inv in f.invoices if inv.client}

    @property
    def scaled(self) -> int:
        return sum(1 for f in self.files for r in f.results if r.placed and r.scale < 1)

    @property
    def without_memo(self) -> int:
        return sum(1 for f in self.files for r in f.results if not r.placed)


def report_rows(report: BatchReport) -> list[dict[str, str]]:
    """One row per page chosen for a memo, and one per refused file."""
    rows = []
    for result in report.files:
        if result.error:
            rows.append({"file": str(result.source), "page": "", "invoice": "", "client code": "",
                         "memo placed": "no", "placement": "", "font size": "", "qr code": "", "scaled": "", "error": result.error})
            continue
        for page in result.results:
            rows.append({
                "file": str(result.source), "page": str(page.page), "invoice": page.invoice or "",
                "client code": page.client or "", "memo placed": "yes" if page.placed else "no",
                "placement": page.placement if page.placed else "",
                "font size": f"{page.font_size:g}" if page.font_size else "",
                "qr code": ("yes" if page.qr else "no") if page.placed else "",
                "scaled": f"{page.scale:.0%}" if page.placed and page.scale < 1 else "",
                "error": "; ".join(note for note in (page.note, result.note) if note),
            })
    return rows


def shown_row(row: dict[str, str], language: str) -> list[str]:
    """A report row's cells as written for ``language``: yes/no and the stamper's notes in French."""
    if language != "fr":
        return [row[key] for key in REPORT_COLUMNS]
    cells = []
    for key in REPORT_COLUMNS:
        value = _YES_NO["fr"].get(row[key], row[key]) if key in ("memo placed", "qr code") else row[key]
        if key == "placement":
            value = _PLACEMENTS["fr"].get(value, value)
        if key == "error":
            value = "; ".join(next((pattern.sub(french, part) for pattern, french in _FRENCH_NOTES
                                    if pattern.match(part)), part) for part in value.split("; "))
        cells.append(value)
    return cells


def write_report(report: BatchReport, out_dir: Path, language: str = "en") -> Path:
    """The CSV report in the output folder (UTF-8 with BOM and ';', as French Excel opens it)."""

    path = out_dir / REPORT_NAME
    with atomic_write(path, "w", encoding="utf-8-sig", newline="", output=True) as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(REPORT_HEADERS.get(language, REPORT_COLUMNS))
        # names and numbers read from invoices are outside text: a spreadsheet must not run them
        writer.writerows([guard_formula(cell) for cell in shown_row(row, language)] for row in report_rows(report))
    return path


def begin_run(store: Store, out_dir: Path, pages_rule: str, started: str) -> int:
    """Record that a run started (``finished_at`` stays empty if it never ends)."""
    with store.transaction() as conn:
        run_id = conn.execute("INSERT INTO stamp_runs (started_at, out_dir, pages_rule) VALUES (?, ?, ?)",
                              (started, str(out_dir), pages_rule)).lastrowid
    assert run_id is not None  # an INSERT always sets it
    return run_id


def record_file(store: Store, run_id: int, result: FileResult) -> None:
    """Record one written file's stamped invoices, straight after it was written.

    A run killed later still has a record of every stamped copy it left in the output folder.
    """
    if result.error:
        return
    by_invoice: dict[int, list] = {}
    for page in result.results:
        if page.placed:
            index = next(i for i, inv in enumerate(result.invoices) if page.page - 1 in inv.pages)
            by_invoice.setdefault(index, []).append(page)
    with store.transaction() as conn:
        for index, pages in by_invoice.items():
            invoice = result.invoices[index]
            conn.execute(
                "INSERT INTO stamps (run_id, client_code, invoice_number, source_file, output_file, page,"
                " memo_pages, stamped_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (run_id, invoice.client, invoice.number, str(result.source), str(result.output),
                 pages[0].page, len(pages), now_iso()))


def finish_run(store: Store, run_id: int, report: BatchReport) -> None:
    """Record the run's totals and its end."""
    with store.transaction() as conn:
        conn.execute("UPDATE stamp_runs SET files = ?, failed = ?, invoices = ?, memos = ?, scaled = ?,"
                     " finished_at = ? WHERE id = ?",
                     (len(report.files), len(report.failed), report.invoices, report.memos, report.scaled,
                      now_iso(), run_id))


def remove_leftovers(outputs: list[Path]) -> int:
    """Delete the temporary files an interrupted run left beside these outputs; how many.

    Only the names atomic_write gives a temporary copy of one of this run's own outputs
    (".facture.pdf.k3j9x_2a.tmp" beside "facture.pdf"), or of a worker's copy of one
    ("..facture.pdf.1a2b3c4d.tmp.k3j9x_2a.tmp", see campaign.stamping.parallel), are touched:
    nothing else in the folder.
    """
    removed = 0
    for output in outputs:
        for copy in temporary_copies(output):
            for path in [*temporary_copies(copy), copy]:
                if path.is_file():
                    with contextlib.suppress(OSError):  # held open by another program (Windows): leave it
                        path.unlink()
                        removed += 1
    return removed


def count_pages(paths: Iterable[Path]) -> list[int]:
    """Pages of each input, for the progress bar and the choice of workers (unreadable files: 0)."""
    return [page_count(path) for path in paths]


def stamped_files(setup: WorkerSetup, jobs: list[tuple[Path, Path]], pool: Pool | None,
                  on_pages: Callable[[int], None]) -> Generator[FileResult, None, None]:
    """Each job's result in order: in ``pool``'s workers, or here without one."""
    if pool is None:
        stamper = Stamper(setup.settings, setup.memo, setup.clients, pages=setup.pages, dry_run=setup.dry_run)
        for source, output in jobs:
            yield stamper.stamp_file(source, output, on_pages)
        return
    yield from stamp_in_workers(jobs, setup, pool.size, pool=pool, on_pages=on_pages)


def run_batch(campaign: Campaign, store: Store | None, inputs: list[Path], out_dir: Path, memo: MemoSettings, *,
              pages: str, dry_run: bool = False, on_start: Callable[[int], None] = lambda total: None,
              on_pages: Callable[[int], None] = lambda n: None,
              on_file: Callable[[FileResult], None] = lambda r: None, workers: int | None = None,
              pool: Pool | None = None) -> BatchReport:
    """Stamp every input into ``out_dir``; record the run unless ``dry_run``.

    Files are stamped in ``workers`` processes (default: one per core) when the batch is big
    enough (pool.worth_workers), in ``pool`` when the caller started them already (pool.prestart);
    the results, the records and the report come in file order whatever the number.
    """
    workers = cpu_count() if workers is None else workers
    try:
        planned = plan_outputs(collect_inputs(inputs, out_dir), out_dir)
        jobs = [(source, output) for source, output, refusal in planned if refusal is None]
        counts = count_pages(source for source, _ in jobs)
        if not worth_workers(pool.size if pool else workers, len(jobs), sum(counts)):
            if pool is not None:
                pool.close(wait=False)
            pool = None
        elif pool is None:
            pool = Pool(min(workers, len(jobs)))  # as early as can be: they load while the batch is prepared
    except BaseException:
        if pool is not None:
            pool.close(wait=False)
        raise
    with contextlib.ExitStack() as stack:
        if pool is not None:
            stack.callback(pool.close)
        return _run(campaign, store, planned, jobs, counts, out_dir, memo, pool, pages=pages, dry_run=dry_run,
                    on_start=on_start, on_pages=on_pages, on_file=on_file)


def _run(campaign: Campaign, store: Store | None, planned: list[tuple[Path, Path, str | None]],
         jobs: list[tuple[Path, Path]], counts: list[int], out_dir: Path, memo: MemoSettings, pool: Pool | None, *,
         pages: str, dry_run: bool, on_start: Callable[[int], None], on_pages: Callable[[int], None],
         on_file: Callable[[FileResult], None]) -> BatchReport:
    if not planned:
        raise UsageError("no PDF files among the inputs")
    if not dry_run:
        if out_dir.exists() and not out_dir.is_dir():
            raise UsageError(f"--out {out_dir} exists and is not a folder")
        make_output_dir(out_dir)
    started = now_iso()
    clients = ClientDirectory.open(store, memo.skip, case_sensitive(campaign.settings))
    snapshot = ClientSnapshot.of(clients) if pool is not None else clients
    setup = WorkerSetup(campaign.settings, memo, snapshot, pages, dry_run, sharing())
    if pool is not None:
        pool.configure(setup)  # the workers build their stamper while the run is recorded
    report = BatchReport(skip_active=clients.skip_active)
    if not dry_run:
        report.leftovers_removed = remove_leftovers([output for _, output, _ in planned] + [out_dir / REPORT_NAME])
        if store is not None:
            report.run_id = begin_run(store, out_dir, pages, started)
    if not dry_run:
        for folder in dict.fromkeys(output.parent for _, output in jobs):
            make_output_dir(folder)
    results = stamped_files(setup, jobs, pool, on_pages)
    on_start(sum(counts))
    with contextlib.closing(results):  # an error below stops the workers too
        for source, output, refusal in planned:
            result = FileResult(source=source, output=output, error=refusal) if refusal else next(results)
            report.files.append(result)
            if store is not None and report.run_id is not None:
                record_file(store, report.run_id, result)
            checkpoint("stamp.file")
            on_file(result)
    if store is not None:
        report.in_client_file = sum(clients.known(code) for code in report.clients)
    if not dry_run:
        if store is not None and report.run_id is not None:
            finish_run(store, report.run_id, report)
        try:
            report.report_path = write_report(report, out_dir, campaign.settings.language)
        except OSError as exc:  # e.g. the last report still open in Excel: the stamping is done
            reason = "open in another program (Excel?)" if isinstance(exc, FileInUse) else exc.strerror or str(exc)
            # not "run the command again": that would stamp every invoice a second time
            report.report_error = (f"{out_dir / REPORT_NAME}: the report could not be written ({reason}); the "
                                   "stamped files are complete and recorded")
    return report
