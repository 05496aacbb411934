"""Benchmark: match 10,000 replies against 50,000 clients (issue 5: under 15 s, under 1 GB).

Usage: .venv/bin/python bench/matching_speed.py [--clients 50000] [--replies 10000]

Builds a campaign with the synthetic client file (imported through the library), inserts
understood replies straight into the database (the understanding stage is measured by its own
benchmark), then times `match_all` twice, each time as a new command would: loading and indexing the clients
(the first run builds the index and saves it in the campaign's cache, the second loads it), reading
the replies, fuzzy names for the whole batch, scoring and deciding, and writing outcomes and
candidates. On Linux the batch is matched in one process per core (campaign.matching.parallel);
``CAMPAIGN_WORKERS=1`` times one process alone.
Replies are drawn from the clients: quoted reference, SIREN, address on file, company domain with
the signed company name, webmail with only a display name, and strangers. Peak RSS is the whole
process (the import included).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import shutil
import tempfile
import time
from pathlib import Path

from campaign.clients.importer import import_client_file
from campaign.matching import run as matching_run
from campaign.matching.parallel import workers
from campaign.synthetic import FIRST_NAMES, SURNAMES, make_clients, write_csv
from campaign.workspace import init_campaign


def reply_rows(clients, count: int, rng: random.Random):
    """(sender, name, company, refs, sirens, addresses, own_text) for ``count`` made-up replies."""
    for n in range(count):
        c = rng.choice(clients)
        kind = rng.random()
        domain = c.email.rsplit("@", 1)[1] if c.email else "gmail.com"
        person = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        if kind < 0.25:
            yield (f"x{n}@gmail.com", person, "", [c.code], [], [f"x{n}@gmail.com"], "Voici notre adresse.")
        elif kind < 0.35 and c.siret:
            yield (f"x{n}@gmail.com", person, "", [], [c.siret.replace(" ", "")[:9]], [f"x{n}@gmail.com"], "")
        elif kind < 0.6 and c.email:
            yield (c.email, person, "", [], [], [c.email], "C'est bien cette adresse.")
        elif kind < 0.8:
            yield (f"compta{n}@{domain}", person, f"{c.legal_form} {c.name}".strip(), [], [],
                   [f"compta{n}@{domain}"], f"Pour {c.name}, merci.")
        elif kind < 0.95:
            yield (f"y{n}@orange.fr", c.name, "", [], [], [f"y{n}@orange.fr"], "Envoyez à cette adresse.")
        else:
            yield (f"z{n}@inconnu{n}.example", f"Inconnu {n}", "", [], [], [f"z{n}@inconnu{n}.example"], "")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50_000)
    parser.add_argument("--replies", type=int, default=10_000)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-match-"))
    campaign = init_campaign(root / "c", firm="Bench", secretariat="secretariat@cabinet-exemple.fr",
                             switch_date=dt.date(2027, 3, 1))
    clients = make_clients(args.clients, seed=5)
    write_csv(root / "clients.csv", clients)
    rng = random.Random(5)
    with campaign.open_store() as store:
        import_client_file(store, root / "clients.csv")
        now = "2026-11-28T00:00:00+00:00"
        with store.transaction() as conn:
            conn.execute("INSERT INTO harvests (id, source, started_at) VALUES (1, 'bench', ?)", (now,))
            for n, (sender, name, company, refs, sirens, addresses, text) in enumerate(
                    reply_rows(clients, args.replies, rng), 1):
                date = f"2026-11-{1 + n % 28:02d}T10:00:00+00:00"
                conn.execute("INSERT INTO messages (id, dedup_key, raw_sha256, source_kind, source, date, sender,"
                             " subject, harvest_id, harvested_at) VALUES (?,?,?,?,?,?,?,?,1,?)",
                             (n, f"k{n}", "0", "eml", "bench", date, sender, "Re: factures par e-mail", now))
                conn.execute("INSERT INTO replies (message_id, intent, addresses, client_address, client_name,"
                             " company, refs, sirens, own_text, auth, message_date, stage_version, understood_at)"
                             " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                             (n, "address", json.dumps(addresses), sender, name, company, json.dumps(refs),
                              json.dumps(sirens), text, json.dumps({"dmarc": "pass"}), date, "bench", now))
        for run in ("first, index built", "next command, index loaded"):
            start = time.perf_counter()
            report = matching_run.match_all(store, campaign.settings)  # a new matcher, as in a new command
            elapsed = time.perf_counter() - start
            print(f"{report.replies} replies x {report.clients} clients, {run}: match_all {elapsed:.2f} s "
                  f"({report.replies / elapsed:,.0f} replies/s); outcomes {report.counts}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    forked = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the processes that matched a part
    print(f"peak RSS {peak:.0f} MB (a forked part's process: {forked:.0f} MB, its pages shared with this one's"
          f" until written); processes: {workers(args.replies)} (CAMPAIGN_WORKERS to set)")
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
