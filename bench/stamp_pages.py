"""Benchmark: `campaign stamp` pages per second, beside `qpdf --overlay` of a fixed footer.

Usage: .venv/bin/python bench/stamp_pages.py [--pages 500] [--file-pages 50] [--runs 3] [--memory-pages 2000]

Builds a batch of multi-invoice PDF files (1-3 pages an invoice, three layouts: a free band, only
a lower-left area free, no room without shrinking; 200 client codes, 150 of them in the client
file), then, on the same files, prints:

- ``campaign stamp`` through the command in a fresh process (start-up, workers, DB, report
  included), min and median of --runs runs;
- ``qpdf --overlay footer.pdf --repeat=1`` once per file as a user would run it: no detection,
  no placement, one fixed footer; it bounds what is possible; min and median of --runs runs;
- their ratio (best against best, median against median);
- ms/page per step, from a profile of one in-process run in one process (text extraction,
  render, blank-space search, QR code, memo drawing, overlay and save);
- that the placements are identical with one process and with one worker per core;
- the peak memory of a run of --pages and of --memory-pages pages (flat: files one at a time).

Needs Debian's qpdf (apt-get install qpdf) for the comparison; the tests do not.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reportlab.pdfgen import canvas  # noqa: E402

from campaign.clients.importer import import_client_file  # noqa: E402
from campaign.stamping.batch import report_rows, run_batch  # noqa: E402
from campaign.stamping.overlay import LIBRARY  # noqa: E402
from campaign.stamping.settings import memo_settings  # noqa: E402
from campaign.stamping.pool import cpu_count  # noqa: E402
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


def stamp_in_process(folder: Path, batch: Path, out: Path, workers: int | None = None) -> tuple[float, object]:
    LIBRARY.clear()  # each run starts cold, as the command does
    campaign = load_campaign(folder)
    with campaign.open_store() as store:
        start = time.perf_counter()
        report = run_batch(campaign, store, [batch], out, memo_settings(campaign.settings), pages="last",
                           workers=workers)
        return time.perf_counter() - start, report


# Step: (file part, function names); a step's time is its outermost function's cumulative time (the
# sum of them for the steps summed below).
STEPS = {
    "text extraction": ("pypdfium2", ("get_text_range", "get_textpage")),
    "render": ("campaign/stamping/space", ("render_ink",)),
    "blank-space search": ("campaign/stamping/space", ("find_place", "shrunk_ink", "mark_rects")),
    "QR code": ("campaign/stamping/memo", ("qr_matrix", "qr_path")),
    "memo drawing (QR included)": ("campaign/stamping/memo", ("draw_all",)),
    "overlay and save": ("", ("place", "save", "memo_objects")),
}


def step_times(folder: Path, batch: Path, out: Path) -> tuple[int, dict[str, float]]:
    """Pages, and seconds per step, of one in-process run in this process (cProfile)."""
    import cProfile
    import pstats

    profile = cProfile.Profile()
    profile.enable()
    _, report = stamp_in_process(folder, batch, out, workers=1)
    profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    seconds = {}
    for step, (where, names) in STEPS.items():
        found = [ct for (path, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.items()
                 if where in path.replace("\\", "/") and name in names
                 and (where or "stamping" in path or name == "save" and "pikepdf" in path)]
        seconds[step] = sum(found) if step in ("blank-space search", "overlay and save") else max(found, default=0.0)
    seconds["overlay and save"] -= seconds["memo drawing (QR included)"]  # memo_objects draws what is not kept
    return report.pages, seconds


def placements(report) -> list[tuple]:
    return [(row["file"], row["page"], row["memo placed"], row["font size"], row["qr code"], row["scaled"])
            for row in report_rows(report)] + [(f.source.name, r.page, r.rect) for f in report.files for r in f.results]


def summary(values: list[float]) -> str:
    return f"min {min(values):.2f} s, median {statistics.median(values):.2f} s"


def command_run(folder: Path, batch: Path, out: Path) -> float:
    exe = Path(sys.executable).with_name("campaign")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "campaign"]
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([*command, "--campaign", str(folder), "stamp", str(batch), "--out", str(out)],
                   check=True, capture_output=True)
    return time.perf_counter() - start


def qpdf_run(qpdf: str, files: list[Path], footer: Path, out: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    start = time.perf_counter()
    for path in files:
        subprocess.run([qpdf, str(path), "--overlay", str(footer), "--repeat=1", "--", str(out / path.name)],
                       check=True)
    return time.perf_counter() - start


def peak_memory(folder: Path, batch: Path, out: Path) -> tuple[int, float]:
    """(pages, peak RSS in MB of the largest process) of a run in a child process and its workers."""
    done = subprocess.run([sys.executable, __file__, "--child", str(folder), str(batch), str(out)],
                          check=True, capture_output=True, text=True)
    pages, peak_kb = done.stdout.split()
    return int(pages), int(peak_kb) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--file-pages", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--memory-pages", type=int, default=2000, help="0 to skip the memory run")
    parser.add_argument("--child", nargs=3, metavar=("CAMPAIGN", "BATCH", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:  # the memory run: stamp, then report the peak of this process and of its workers
        _, report = stamp_in_process(Path(args.child[0]), Path(args.child[1]), Path(args.child[2]))
        peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
        print(f"{report.pages} {peak}")
        return

    root = Path(tempfile.mkdtemp(prefix="bench-stamp-"))
    try:
        folder = new_campaign(root)
        batch = root / "batch"
        invoices = make_batch(batch, args.pages, args.file_pages)
        files = sorted(batch.glob("*.pdf"))
        print(f"batch: {args.pages} pages in {len(files)} files, {invoices} invoices; {cpu_count()} cores")

        command = [command_run(folder, batch, root / "out-cli") for _ in range(args.runs)]
        print(f"campaign stamp (command, start-up included), {args.runs} runs: {summary(command)}; "
              f"{args.pages / min(command):.0f} pages/s best, {args.pages / statistics.median(command):.0f} median")

        qpdf = shutil.which("qpdf")
        if qpdf:
            footer_pdf(root / "footer.pdf")
            q = [qpdf_run(qpdf, files, root / "footer.pdf", root / "out-qpdf") for _ in range(args.runs)]
            print(f"qpdf --overlay (fixed footer, {len(files)} runs of qpdf), {args.runs} runs: {summary(q)}; "
                  f"{args.pages / min(q):.0f} pages/s best, {args.pages / statistics.median(q):.0f} median")
            print(f"ratio campaign/qpdf through the command: {min(q) / min(command):.3f} best, "
                  f"{statistics.median(q) / statistics.median(command):.3f} median (target 0.35)")
        else:
            print("qpdf not installed: apt-get install qpdf for the comparison")

        one_seconds, one = stamp_in_process(folder, batch, root / "out-one", workers=1)
        many_seconds, many = stamp_in_process(folder, batch, root / "out-many")
        same = placements(one) == placements(many)
        print(f"in-process: one process {args.pages / one_seconds:.0f} pages/s, one worker per core "
              f"{args.pages / many_seconds:.0f} pages/s; {many.memos} memos, {len(many.clients)} clients, "
              f"{many.scaled} pages shrunk, {many.without_memo} without memo, {len(many.failed)} failed; "
              f"placements {'identical' if same else 'DIFFERENT'} in both modes")

        pages, seconds = step_times(folder, batch, root / "out-profile")
        print("ms/page, one process under cProfile (which slows Python code more than C code): "
              + ", ".join(f"{step} {1000 * s / pages:.2f}" for step, s in seconds.items()))

        if args.memory_pages:
            small = peak_memory(folder, batch, root / "out-mem-small")
            big = root / "big"
            make_batch(big, args.memory_pages, args.file_pages, seed=11)
            large = peak_memory(folder, big, root / "out-mem-big")
            print(f"peak RSS of the largest process: {small[1]:.0f} MB for {small[0]} pages, "
                  f"{large[1]:.0f} MB for {large[0]} pages")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
