"""Benchmark: messages per second through ``understand()`` on one core.

Reads the labelled corpus (tests/fixtures/replies/*.eml) and, unless --corpus-only, the public
real-world mail (../shared/fixtures/public-mail/: bounces, auto-replies, broken MIME), then runs
``understand()`` over the whole mix, in one process, for several rounds, and prints the rate of
the median round. Target (issue 4): 1,000 messages/s.

    .venv/bin/python bench/understanding_speed.py
    .venv/bin/python bench/understanding_speed.py --rounds 5 --corpus-only
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from campaign.understanding import FirmContext, understand  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "replies"
PUBLIC = ROOT.parent / "shared" / "fixtures" / "public-mail"


def load(corpus_only: bool) -> list[bytes]:
    """The raw messages of the mix."""
    files = sorted(CORPUS.glob("*.eml"))
    if not corpus_only and PUBLIC.is_dir():
        files += sorted(p for p in PUBLIC.rglob("*") if p.is_file() and not p.name.startswith(("LICENSE", "README")))
    return [p.read_bytes() for p in files]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--corpus-only", action="store_true", help="only the labelled synthetic replies")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    messages = load(args.corpus_only)
    firm = FirmContext(secretariat="secretariat@cabinet-exemple.fr", domains=["cabinet-exemple.fr"])
    size = sum(len(m) for m in messages)
    for raw in messages[:50]:  # warm-up (regex compilation, imports)
        understand(raw, firm)
    rates = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        for raw in messages:
            understand(raw, firm)
        rates.append(len(messages) / (time.perf_counter() - start))
    print(f"{len(messages)} messages ({size / len(messages) / 1024:.1f} KiB average), {args.rounds} rounds, one core")
    print(f"understand(): {statistics.median(rates):,.0f} messages/s (median; min {min(rates):,.0f}, "
          f"max {max(rates):,.0f}); target 1,000/s")


if __name__ == "__main__":
    main()
