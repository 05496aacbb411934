"""Benchmark: progress counts (`campaign status`) and reminder workbooks (`campaign remind`) at scale.

Builds a throw-away campaign with N synthetic clients (campaign.synthetic, six engagement
managers), records a memo for 80 % of them as stamps rows, then times
:func:`campaign.progress.collect_progress` and :func:`campaign.remind.write_reminders` (every
client is still to call, the largest lists) and reports peak memory (ru_maxrss: the whole process,
client import included).

    .venv/bin/python bench/progress_remind.py              # 50,000 clients
    .venv/bin/python bench/progress_remind.py --clients 10000
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from campaign.progress import collect_progress
from campaign.remind import write_reminders
from campaign.synthetic import campaign_with_clients, make_clients


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        clients = make_clients(args.clients)
        campaign = campaign_with_clients(folder, clients)
        with campaign.open_store() as store:
            with store.transaction() as conn:
                run = conn.execute("INSERT INTO stamp_runs (started_at, out_dir, pages_rule)"
                                   " VALUES ('2026-10-01T08:00:00+00:00', 'out', 'last')").lastrowid
                conn.executemany(
                    "INSERT INTO stamps (run_id, client_code, source_file, output_file, page, stamped_at)"
                    " VALUES (?, ?, 'in.pdf', 'out.pdf', 1, '2026-10-01T08:00:00+00:00')",
                    [(run, client.code) for client in clients[: len(clients) * 4 // 5]])
            start = time.perf_counter()
            progress = collect_progress(store, campaign.settings)
            counting = time.perf_counter() - start
            start = time.perf_counter()
            lists, _ = write_reminders(store, folder / "reminders")
            writing = time.perf_counter() - start
    rows = sum(len(item.rows) for item in lists)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.clients} clients ({len(progress.managers)} managers, {progress.total.told} told): "
          f"collect_progress {counting:.2f} s; write_reminders {writing:.2f} s "
          f"({len(lists)} workbooks, {rows} rows); peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
