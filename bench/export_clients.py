"""Benchmark: `campaign export` (CSV and xlsx) for N clients, time and peak memory of the command.

Builds a throw-away campaign with N synthetic clients (campaign.synthetic, imported as a client
file; 1 % of the names get characters outside Windows-1252 so the transliteration runs), gives 60 %
of them a person's decision resting on a stored message (45 % confirmed, a third of those with two
copies, 10 % refused, 5 % to chase), then runs the real command in a child process per format and
reports its wall time and peak RSS (GNU time, /usr/bin/time from Debian's `time` package).

    .venv/bin/python bench/export_clients.py              # 50,000 clients
    .venv/bin/python bench/export_clients.py --clients 10000
"""

from __future__ import annotations

import argparse
import dataclasses
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from campaign.review.decisions import Decision, record
from campaign.synthetic import campaign_with_clients, make_clients

WHEN = "2026-11-10T09:00:00+00:00"
GNU_TIME = "/usr/bin/time"


def build(folder: Path, count: int) -> Path:
    """A campaign with ``count`` clients, 60 % of them decided; returns its folder."""
    clients = make_clients(count)
    clients = [dataclasses.replace(c, name=c.name.replace("e", "ę", 1)) if i % 100 == 0 else c
               for i, c in enumerate(clients)]
    campaign = campaign_with_clients(folder, clients, encoding="utf-8")
    with campaign.open_store() as store:
        with store.transaction() as conn:
            harvest = conn.execute("INSERT INTO harvests (source, started_at) VALUES ('file:/bench', ?)",
                                   (WHEN,)).lastrowid
            for i, client in enumerate(clients):
                share = i % 20                       # 0-8 confirmed, 9-10 refused, 11 remind, 12-19 nothing
                if share >= 12:
                    continue
                message = conn.execute(
                    "INSERT INTO messages (dedup_key, message_id, raw_sha256, source_kind, source, date, sender,"
                    " harvest_id, harvested_at) VALUES (?, ?, '0', 'eml', 'bench', ?, ?, ?, ?)",
                    (f"m{i}", f"m{i}@client.example", "2026-11-02T09:00:00+00:00", client.email or "x@example.fr",
                     harvest, WHEN)).lastrowid
                if share <= 8:
                    copies = [f"copie{n}@example.fr" for n in range(2)] if share % 3 == 0 else []
                    decision = Decision(client.code, "confirmed", "bench", "bench", address=client.email or
                                        f"{client.code.lower()}@example.fr", copies=copies, message_id=message,
                                        decided_at=WHEN)
                elif share <= 10:
                    decision = Decision(client.code, "refused", "bench", "bench", message_id=message, decided_at=WHEN)
                else:
                    decision = Decision(client.code, "remind", "bench", "bench", decided_at=WHEN)
                record(store, decision)
    return campaign.folder


def timed(args: list[str]) -> tuple[float, float, str]:
    """Run ``args`` under GNU time; its wall time (s), its own peak RSS (MB) and its output.

    GNU time forks from its own small process: os.wait4 on a child of this (large) process would
    count the memory the child shared with it before exec.
    """
    if not Path(GNU_TIME).exists():
        sys.exit(f"{GNU_TIME} is missing: apt-get install time")
    start = time.perf_counter()
    child = subprocess.run([GNU_TIME, "-f", "PEAK_KB %M", *args], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if child.returncode != 0:
        sys.exit(f"export failed ({child.returncode}):\n{child.stdout}{child.stderr}")
    peak_kb = int(child.stderr.strip().splitlines()[-1].split()[-1])
    return elapsed, peak_kb / 1024, child.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50_000)
    args = parser.parse_args()
    campaign_cli = str(Path(sys.executable).with_name("campaign"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = build(Path(tmp), args.clients)
        for fmt in ("csv", "xlsx"):
            out = Path(tmp) / f"export.{fmt}"
            seconds, peak, output = timed([campaign_cli, "--campaign", str(folder), "export", "--out", str(out)])
            first = output.splitlines()[0] if output else ""
            modes = " ".join(line.strip() for line in output.splitlines()[1:4])
            changed = next((line.split(" cells")[0] for line in output.splitlines() if "cells had" in line), "0")
            print(f"{args.clients} clients, {fmt}: {seconds:.2f} s, peak RSS {peak:.0f} MB, "
                  f"{out.stat().st_size / 1e6:.1f} MB file; {modes}; {changed} cells transliterated")
            assert first.startswith("Wrote "), output


if __name__ == "__main__":
    main()
