"""Bench: `campaign stamp` on the public invoice corpus, file by file.

Usage: .venv/bin/python bench/public_invoices.py [--corpus DIR] [--png DIR]

Stamps every PDF of the corpus (../shared/fixtures/public-invoices by default, see
tests/fixtures/public-invoices/SOURCES.md) into a temporary folder with a campaign of five
synthetic clients, then prints per file: the generator, pages, the placement (full band /
shrunk / none, or the refusal) and any fault the rendered comparison finds (ink under the memo,
changes outside it, lost words, attachments or PDF/A identification not kept); then the totals
and the shrink rate against the issue's goal. With --png, writes each stamped memo page there
(150 dpi) to look at.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402

from tests import test_public_invoices as corpus  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=corpus.CORPUS)
    parser.add_argument("--png", type=Path, help="folder for images of the stamped memo pages")
    args = parser.parse_args()
    files = sorted(args.corpus.glob("*.pdf"))
    if not files:
        print(f"no PDF in {args.corpus}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as work:
        out, report = corpus.stamp_corpus(Path(work), files)
        checks = [corpus.check_file(p, out, report) for p in files]
        if args.png:
            write_images(checks, out, args.png)
    print(f"{'file':58} {'generator':34} {'pages':>5}  placement")
    kinds: Counter = Counter()
    faulty = 0
    for check in checks:
        kind = f"refused: {check.error}" if check.error else check.placement()
        kinds["refused" if check.error else kind] += 1
        print(f"{check.name[:58]:58} {check.generator[:34]:34} {len(check.pages):5}  {kind}")
        faults = check.problems + [f"p{p.page}: {f}" for p in check.pages for f in corpus.page_faults(p)]
        faulty += bool(faults)
        for fault in faults:
            print(f"{'':60}FAULT {fault}")
    shrunk, total = corpus.shrink_rate(checks)
    print(f"\n{len(checks)} files, {sum(len(c.pages) for c in checks)} pages: "
          + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))
    print(f"files with content covered, moved or lost: {faulty}")
    print(f"shrink rate: {shrunk}/{total} = {shrunk / max(total, 1):.1%} (goal < {corpus.SHRINK_GOAL:.0%})")
    return 0


def write_images(checks: list, out: Path, folder: Path) -> None:
    """Each stamped memo page as a PNG, named after its file and page."""
    folder.mkdir(parents=True, exist_ok=True)
    for check in checks:
        if check.error:
            continue
        doc = pdfium.PdfDocument(str(out / check.name))
        for page in check.pages:
            if page.placement != "none":
                image = doc[page.page - 1].render(scale=150 / 72).to_pil()
                image.save(folder / f"{Path(check.name).stem}-p{page.page}-{page.placement.replace(' ', '-')}.png")
        doc.close()


if __name__ == "__main__":
    sys.exit(main())
