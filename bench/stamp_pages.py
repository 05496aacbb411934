"""Benchmark: `campaign stamp` pages per second, beside `qpdf --overlay` of a fixed footer.

Usage: .venv/bin/python bench/stamp_pages.py [--pages 500] [--file-pages 50] [--memory-pages 5000]

Builds a batch of multi-invoice PDF files (1-3 pages an invoice, three layouts: a free band, only
a lower-left area free, no room without shrinking; 200 client codes, 150 of them in the client
file), then times, on the same files:

- ``campaign stamp`` through the library (client detection, invoice boundaries, render and
  blank-space search, per-client memos with QR code, overlay, atomic writes, CSV report, DB);
- the same through the installed command in a fresh process (start-up included);
- ``qpdf --overlay footer.pdf --repeat=1`` per file: no detection, no placement, one fixed
  footer; it bounds what is possible.

Then stamps a --memory-pages batch in a child process and reports its peak RSS.
Needs Debian's qpdf (apt-get install qpdf) for the comparison; the tests do not.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reportlab.pdfgen import canvas  # noqa: E402

from campaign.clients.importer import import_client_file  # noqa: E402
from campaign.stamping.batch import run_batch  # noqa: E402
from campaign.stamping.settings import memo_settings  # noqa: E402
from campaign.synthetic import make_clients, write_csv  # noqa: E402
from campaign.workspace import init_campaign, load_campaign  # noqa: E402
from tests.pdf_factory import InvoiceSpec, invoice_pdf  # noqa: E402


def make_batch(folder: Path, pages: int, file_pages: int, seed: int = 7) -> int:
    """Write multi-invoice files totalling ``pages`` pages; return the number of invoices."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    done = invoices = number = 0
    while done < pages:
        specs, in_file = [], 0
        while in_file < min(file_pages, pages - done):
            count = min(rng.choice((1, 1, 1, 2, 2, 3)), file_pages - in_file, pages - done - in_file)
            layout = rng.choices(("roomy", "partial", "full"), weights=(6, 3, 1))[0]
            number += 1
            specs.append(InvoiceSpec(f"F2026-{number:05d}", f"C{rng.randint(1, 200):04d}", count, layout))
            in_file += count
        (folder / f"batch-{done // file_pages + 1:04d}.pdf").write_bytes(invoice_pdf(specs))
        done += in_file
        invoices += len(specs)
    return invoices


def footer_pdf(path: Path) -> None:
    """One A4 page with a fixed two-line footer memo, for qpdf --overlay."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595.27, 841.89))
    c.setFont("Helvetica", 7)
    c.drawString(40, 70, "From 1 March 2027 your invoices will be e-mailed: write to secretariat@cabinet.example")
    c.drawString(40, 61, "with your client reference to give us your e-mail address.")
    c.showPage()
    c.save()
    path.write_bytes(buf.getvalue())


def new_campaign(root: Path) -> Path:
    folder = root / "campaign"
    campaign = init_campaign(folder, firm="Cabinet Exemple", secretariat="secretariat@cabinet-exemple.fr",
                             switch_date=dt.date(2027, 3, 1))
    clients = root / "clients.csv"
    write_csv(clients, make_clients(150, seed=3))
    with campaign.open_store() as store:
        import_client_file(store, clients)
    return folder


def stamp_in_process(folder: Path, batch: Path, out: Path) -> tuple[float, object]:
    campaign = load_campaign(folder)
    with campaign.open_store() as store:
        start = time.perf_counter()
        report = run_batch(campaign, store, [batch], out, memo_settings(campaign.settings), pages="last")
        return time.perf_counter() - start, report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--file-pages", type=int, default=50)
    parser.add_argument("--memory-pages", type=int, default=5000, help="0 to skip the memory run")
    parser.add_argument("--child", nargs=3, metavar=("CAMPAIGN", "BATCH", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:  # the memory run: stamp only, report our own peak
        seconds, report = stamp_in_process(Path(args.child[0]), Path(args.child[1]), Path(args.child[2]))
        print(f"{report.pages} {seconds:.3f}")
        return

    root = Path(tempfile.mkdtemp(prefix="bench-stamp-"))
    try:
        folder = new_campaign(root)
        batch = root / "batch"
        invoices = make_batch(batch, args.pages, args.file_pages)
        files = sorted(batch.glob("*.pdf"))
        print(f"batch: {args.pages} pages in {len(files)} files, {invoices} invoices")

        seconds, report = stamp_in_process(folder, batch, root / "out-lib")
        print(f"campaign stamp (library): {seconds:.2f} s, {report.pages / seconds:.0f} pages/s; "
              f"{report.memos} memos, {len(report.clients)} clients, {report.scaled} pages shrunk, "
              f"{report.without_memo} without memo, {len(report.failed)} failed")

        exe = Path(sys.executable).with_name("campaign")
        start = time.perf_counter()
        subprocess.run([str(exe), "--campaign", str(folder), "stamp", str(batch), "--out", str(root / "out-cli")],
                       check=True, capture_output=True)
        cli = time.perf_counter() - start
        print(f"campaign stamp (command, start-up included): {cli:.2f} s, {args.pages / cli:.0f} pages/s")

        qpdf = shutil.which("qpdf")
        if qpdf:
            footer_pdf(root / "footer.pdf")
            (root / "out-qpdf").mkdir()
            start = time.perf_counter()
            for path in files:
                subprocess.run([qpdf, str(path), "--overlay", str(root / "footer.pdf"), "--repeat=1", "--",
                                str(root / "out-qpdf" / path.name)], check=True)
            q = time.perf_counter() - start
            print(f"qpdf --overlay (fixed footer, {len(files)} runs): {q:.2f} s, {args.pages / q:.0f} pages/s")
            print(f"ratio campaign/qpdf: {(report.pages / seconds) / (args.pages / q):.2f} (library), "
                  f"{(args.pages / cli) / (args.pages / q):.2f} (command)")
        else:
            print("qpdf not installed: apt-get install qpdf for the comparison")

        if args.memory_pages:
            big = root / "big"
            make_batch(big, args.memory_pages, args.file_pages, seed=11)
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            done = subprocess.run([sys.executable, __file__, "--child", str(folder), str(big), str(root / "out-big")],
                                  check=True, capture_output=True, text=True)
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            pages, secs = done.stdout.split()
            print(f"memory run: {pages} pages in {float(secs):.1f} s ({int(pages) / float(secs):.0f} pages/s), "
                  f"peak RSS {max(peak, before) / 1024:.0f} MB")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
