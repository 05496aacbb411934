"""`campaign stamp` in worker processes: the same report, records and copies as one file at a time.

The workers are started with "spawn", as on Windows: these tests run the Windows code path.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pikepdf
import pytest

from campaign.clients.importer import import_client_file
from campaign.stamping.batch import report_rows, run_batch
from campaign.stamping.settings import memo_settings
from campaign.stamping.workers import CRASHED, WORKER_POINT
from campaign.synthetic import make_clients, write_csv
from campaign.workspace import Campaign
from tests import pdf_factory as f

pytestmark = pytest.mark.usefixtures("before_switch")


@pytest.fixture(autouse=True)
def any_batch_in_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """These batches are small: workers are used for them all the same."""
    monkeypatch.setattr("campaign.stamping.pool.MIN_PAGES", 0)


@pytest.fixture
def batch(campaign: Campaign, tmp_path: Path) -> Path:
    """Seven files: several invoices and clients (known, unknown, none), layouts with and without room, bad files."""
    clients = tmp_path / "clients.csv"
    write_csv(clients, make_clients(6))
    with campaign.open_store() as store:
        import_client_file(store, clients)
    folder = tmp_path / "factures"
    folder.mkdir()
    f.write(folder / "a-lot.pdf", f.invoice_pdf([f.InvoiceSpec("F-1", "C0001", pages=2),
                                                 f.InvoiceSpec("F-2", "C0002", layout="partial"),
                                                 f.InvoiceSpec("F-3", "ZZ999"), f.InvoiceSpec("F-4", None)]))
    for n, layout in enumerate(("roomy", "partial", "full", "roomy")):
        f.write(folder / f"facture-{n:02d}.pdf", f.invoice_pdf([f.InvoiceSpec(f"F-1{n}", f"C000{n + 3}", 1, layout)]))
    f.write(folder / "letter.pdf", b"Dear client,\nthis is a text file named .pdf\n")
    (folder / "sub").mkdir()
    f.write(folder / "sub" / "z.pdf", f.invoice_pdf([f.InvoiceSpec("F-30", "c0001")]))  # the code in lower case
    return folder


def stamp(campaign: Campaign, batch: Path, out: Path, workers: int, **options):
    with campaign.open_store() as store:
        return run_batch(campaign, store, [batch], out, memo_settings(campaign.settings), pages="last",
                         workers=workers, **options)


def stamps(campaign: Campaign, run_id: int, out: Path) -> list[tuple]:
    conn = sqlite3.connect(campaign.folder / "campaign.db")
    rows = conn.execute("SELECT client_code, invoice_number, source_file, output_file, page, memo_pages FROM stamps"
                        " WHERE run_id = ? ORDER BY id", (run_id,)).fetchall()
    conn.close()
    return [(*row[:3], str(Path(row[3]).relative_to(out)), *row[4:]) for row in rows]


def shown(report) -> list[dict[str, str]]:
    return report_rows(report)


def pages(path: Path) -> list[tuple[bytes, str]]:
    """Each page's drawing instructions (where the memo is put) and text (what it says).

    The memo's form XObject gets a random resource name in every run, even one at a time.
    """
    with pikepdf.open(path) as pdf:
        streams = [re.sub(rb"/[^\s/]+ Do", b"/Memo Do", pikepdf.unparse_content_stream(pikepdf.parse_content_stream(p)))
                   for p in pdf.pages]
    return list(zip(streams, f.page_texts(path)))


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.rglob("*") if p.name.startswith("."))


@pytest.mark.integration
def test_workers_give_the_same_report_records_and_copies(campaign: Campaign, batch: Path, tmp_path: Path):
    one, two = tmp_path / "one", tmp_path / "two"
    alone = stamp(campaign, batch, one, workers=1)
    totals, done = [], []
    shared = stamp(campaign, batch, two, workers=2, on_start=totals.append, on_pages=done.append)

    assert shown(alone) == shown(shared)
    assert [r.rect for f_ in alone.files for r in f_.results] == [r.rect for f_ in shared.files for r in f_.results]
    assert len(shown(shared)) > 8 and [r.source.name for r in shared.files][:2] == ["a-lot.pdf", "facture-00.pdf"]
    assert [r.error for r in shared.files if r.error] == [r.error for r in alone.files if r.error] != []
    assert stamps(campaign, alone.run_id, one) == stamps(campaign, shared.run_id, two) != []
    written = sorted(p.relative_to(two) for p in two.rglob("*.pdf"))
    assert written == sorted(p.relative_to(one) for p in one.rglob("*.pdf"))
    assert Path("sub/z.pdf") in written
    for path in written:
        assert pages(one / path) == pages(two / path), path
    assert (one / "stamp-report.csv").read_bytes() == (two / "stamp-report.csv").read_bytes()
    assert leftovers(two) == []
    # progress as the workers finish pages: every page of the stamped files, not file by file
    assert totals == [shared.pages] and sum(done) == shared.pages
    assert len(done) > len([r for r in shared.files if not r.error])


@pytest.mark.integration
def test_a_file_that_kills_its_worker_fails_alone(campaign: Campaign, batch: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CAMPAIGN_KILL_AT", WORKER_POINT + "facture-01.pdf:1")  # the worker dies on this file
    out = tmp_path / "out"
    report = stamp(campaign, batch, out, workers=2)

    failed = {r.source.name: r.error for r in report.failed}
    assert failed == {"facture-01.pdf": CRASHED, "letter.pdf": failed.get("letter.pdf")}
    assert "is not a PDF" in failed["letter.pdf"]
    assert [r.source.name for r in report.files] == ["a-lot.pdf", "facture-00.pdf", "facture-01.pdf",
                                                     "facture-02.pdf", "facture-03.pdf", "letter.pdf", "z.pdf"]
    done = sorted(str(p.relative_to(out)) for p in out.rglob("*.pdf"))
    assert done == ["a-lot.pdf", "facture-00.pdf", "facture-02.pdf", "facture-03.pdf", "sub/z.pdf"]
    recorded = {Path(row[3]).name for row in stamps(campaign, report.run_id, out)}
    assert recorded == {"a-lot.pdf", "facture-00.pdf", "facture-02.pdf", "facture-03.pdf", "z.pdf"}
    assert leftovers(out) == []
    rows = [row for row in shown(report) if row["file"].endswith("facture-01.pdf")]
    assert rows == [dict(rows[0], error=CRASHED)] and rows[0]["memo placed"] == "no"


def test_leftovers_of_a_killed_worker_are_removed(tmp_path: Path):
    from campaign.stamping.batch import remove_leftovers

    out = tmp_path / "facture.pdf"
    names = [".facture.pdf.1a2b3c4d.tmp", "..facture.pdf.1a2b3c4d.tmp.k3j9x_2a.tmp"]
    kept = ["facture.pdf", ".autre.pdf.1a2b3c4d.tmp", "..facture.pdf.1a2b3c4d.tmp", "x.facture.pdf.1a2b3c4d.tmp"]
    for name in names + kept:
        (tmp_path / name).write_bytes(b"x")
    assert remove_leftovers([out]) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(kept)



def test_small_batches_and_single_files_start_no_worker(campaign: Campaign, batch: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch):
    from campaign.stamping import batch as batch_module, pool

    monkeypatch.setattr(pool, "MIN_PAGES", 40)  # the batch has fewer pages
    started = []
    monkeypatch.setattr(batch_module, "Pool", lambda size: started.append(size))
    report = stamp(campaign, batch, tmp_path / "out", workers=2)
    assert report.pages < 40 and report.memos > 5 and started == []
    assert pool.prestart([batch / "a-lot.pdf"], workers=2) is None  # one file
    assert pool.prestart([batch], workers=1) is None  # one core
    assert not pool.worth_workers(2, 1, 500) and not pool.worth_workers(2, 7, 39) and pool.worth_workers(2, 2, 40)
    monkeypatch.setattr(pool, "MIN_PAGES", 0)
    stamp(campaign, batch, tmp_path / "again", workers=2)
    assert started == [2]  # a big enough batch (here: any) gets them (this fake one none: stamped here)


@pytest.mark.integration
def test_workers_started_before_the_batch_stamp_it_or_stop_unused(campaign: Campaign, batch: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch):
    from campaign.stamping import pool

    monkeypatch.setattr(pool, "MIN_PAGES", 5)
    early = pool.prestart([batch], workers=2)
    assert early is not None and len(early._processes) == 2
    report = stamp(campaign, batch, tmp_path / "early", workers=2, pool=early)
    assert shown(report) == shown(stamp(campaign, batch, tmp_path / "here", workers=1))
    assert early.started()

    unused = pool.prestart([batch], workers=2)
    monkeypatch.setattr(pool, "MIN_PAGES", 10_000)  # the batch turns out too small: stamped here
    assert shown(stamp(campaign, batch, tmp_path / "small", workers=2, pool=unused)) == shown(report)
    for process in unused._processes:
        process.join(timeout=30)
        assert process.exitcode is not None  # stopped, not left waiting for work
    assert not unused.started()


def test_a_pool_whose_calls_were_cancelled_never_started():
    # a loaded machine: the pool is shut down before any worker took its first call, which shutdown cancels
    from concurrent.futures import Future
    from types import SimpleNamespace

    from campaign.stamping.pool import Pool

    cancelled, ran = Future(), Future()
    cancelled.cancel()
    ran.set_result(True)
    assert not Pool.started(SimpleNamespace(ready=[cancelled]))
    assert Pool.started(SimpleNamespace(ready=[cancelled, ran]))
