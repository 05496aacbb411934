"""Benchmark: `campaign review export` and `campaign review import` for 50,000 clients.

Builds a throw-away campaign with N synthetic clients, then inserts (directly, as the matcher
would store them) one reply per client for 40 % of them: 30 % auto-linked address replies, 5 %
auto-linked refusals, 5 % replies in review with three candidates; 10 % of clients already have a
decision. Times :func:`write_review_workbook` and the import of that same file (every pre-filled
row becomes a decision), then a second import (all unchanged), and reports peak memory (ru_maxrss,
whole process).

    .venv/bin/python bench/review_workbook.py              # 50,000 clients
    .venv/bin/python bench/review_workbook.py --clients 10000

Measured (2 cores, 2026-11-29): 50,000 clients, 20,000 rows: export 8.57 s, import 5.06 s
(17,500 decisions), re-import 4.84 s (all unchanged), peak RSS 261 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import tempfile
import time
from pathlib import Path

from campaign.review.decisions import Decision, record
from campaign.review.importer import import_review
from campaign.review.workbook import write_review_workbook
from campaign.synthetic import campaign_with_clients, make_clients

NOW = "2026-11-20T08:00:00+00:00"


def seed_replies(store, codes: list[str]) -> None:
    """Messages, replies, outcomes and candidates as the pipeline stores them."""
    conn = store.conn
    harvest = conn.execute("INSERT INTO harvests (source, started_at, status) VALUES ('file:bench', ?, 'ok')",
                           (NOW,)).lastrowid
    evidence = json.dumps([{"signal": "known_sender", "weight": 10, "args": {"address": "x@example.fr"}}])
    for index, code in enumerate(codes[: len(codes) * 2 // 5]):
        kind = index % 8                      # 0-5 address, 6 refusal, 7 review
        day = dt.date(2026, 10, 1) + dt.timedelta(days=index % 50)
        date = f"{day.isoformat()}T09:00:00+00:00"
        message = conn.execute(
            "INSERT INTO messages (dedup_key, message_id, raw_sha256, source_kind, source, date, sender, subject,"
            " harvest_id, harvested_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (f"m{index}", f"m{index}@client.example", f"h{index}", "eml", "bench", date, f"compta{index}@client.example",
             "Re: Vos factures par e-mail", harvest, NOW)).lastrowid
        intent = "refusal" if kind == 6 else "address"
        reply = conn.execute(
            "INSERT INTO replies (message_id, intent, addresses, evidence, message_date, stage_version, understood_at)"
            " VALUES (?,?,?,?,?,?,?)",
            (message, intent, json.dumps([] if kind == 6 else [f"factures{index}@client.example"]),
             "Merci d'envoyer les factures à cette adresse.", date, "bench", NOW)).lastrowid
        status = "review" if kind == 7 else "linked"
        conn.execute("INSERT INTO match_outcomes (message_id, reply_id, status, linked_by, score, warnings,"
                     " matcher_version, matched_at) VALUES (?,?,?,?,?,?,?,?)",
                     (message, reply, status, "" if kind == 7 else "auto", 12 if kind < 7 else 5,
                      json.dumps([{"code": "postal_address", "args": {}}]) if index % 20 == 0 else "[]", "bench", NOW))
        others = [code] + ([codes[(index + 1) % len(codes)], codes[(index + 2) % len(codes)]] if kind == 7 else [])
        conn.executemany("INSERT INTO match_candidates (message_id, client_code, rank, score, linked, evidence)"
                         " VALUES (?,?,?,?,?,?)",
                         [(message, other, rank, 12 - rank, int(kind != 7 and rank == 1), evidence)
                          for rank, other in enumerate(others, start=1)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        clients = make_clients(args.clients)
        campaign = campaign_with_clients(folder, clients)
        with campaign.open_store() as store:
            codes = [c.code for c in clients]
            with store.transaction():
                seed_replies(store, codes)
                for code in codes[-len(codes) // 10:]:
                    record(store, Decision(code, "remind", decided_by="bench", source="bench", decided_at=NOW))
            start = time.perf_counter()
            path, rows = write_review_workbook(store, campaign.settings, folder / "revue.xlsx")
            exporting = time.perf_counter() - start
            size = path.stat().st_size / 1e6
            start = time.perf_counter()
            first = import_review(store, campaign.settings, path, by="bench")
            importing = time.perf_counter() - start
            start = time.perf_counter()
            second = import_review(store, campaign.settings, path, by="bench")
            again = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.clients} clients: review export {exporting:.2f} s ({len(rows)} rows, {size:.1f} MB); "
          f"import {importing:.2f} s ({first.decisions} decisions, {len(first.problems)} problems); "
          f"re-import {again:.2f} s ({second.unchanged} unchanged, {second.decisions} decisions); "
          f"peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
