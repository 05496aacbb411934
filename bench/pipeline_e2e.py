"""Benchmark: harvest + understanding + matching, end to end (issue 15: >= 600 messages/s, flat).

Usage: .venv/bin/python bench/pipeline_e2e.py [--clients 50000] [--replies 10000] [--one-by-one]

Builds a campaign with the synthetic client file (imported through the library, which also
indexes it for matching), writes --replies messages made from that file into one mbox (a quoted
memo under most replies, an HTML alternative on a third, the client reference in the subject or
the text, the signature's company, SIRETs, refusals, forwards by a manager, out-of-offices and
bounces), then times ``harvest_files`` on it: reading and storing every message, then the
pipeline (understanding, matching). Prints messages/s for the whole run and for the pipeline,
and the pipeline's time for the first and the last 1,000 messages (the cost per message must not
grow with the campaign). ``--one-by-one`` turns the stages' batch forms off (every message
through each stage alone, in this process), for comparison.
"""

from __future__ import annotations

import argparse
import datetime as dt
import mailbox
import random
import shutil
import sys
import tempfile
import time
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from campaign.clients.importer import import_client_file  # noqa: E402
from campaign.mail import pipeline  # noqa: E402
from campaign.mail.harvest import harvest_files  # noqa: E402
from campaign.matching.run import rematch_after_import  # noqa: E402
from campaign.synthetic import FIRST_NAMES, SURNAMES, make_clients, write_csv  # noqa: E402
from campaign.workspace import init_campaign  # noqa: E402

FIRM = "cabinet-exemple.fr"
MEMO = ("À partir du 1er mars 2027, Cabinet Exemple vous enverra vos factures par e-mail. Merci de nous indiquer "
        "l'adresse e-mail à laquelle vous souhaitez les recevoir en écrivant à secretariat@cabinet-exemple.fr, en "
        "rappelant votre référence client ({code}).")
WEBMAILS = ("gmail.com", "orange.fr", "wanadoo.fr", "free.fr", "laposte.net", "outlook.fr")


def slug(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isascii() and ch.isalnum())[:20] or "societe"


def reply(n: int, client, rng: random.Random, start: dt.datetime) -> EmailMessage:
    """One reply from ``client`` (or noise), shaped like those the firms receive."""
    person = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
    company = f"{client.legal_form} {client.name}".strip()
    own = client.email or f"contact@{slug(client.name)}.fr"
    given = f"factures@{slug(client.name)}.fr"
    kind = rng.random()
    sender = own if kind < 0.5 else f"{slug(person)}{n}@{rng.choice(WEBMAILS)}"
    subject = f"Re: Vos factures par e-mail - {client.code}" if rng.random() < 0.4 else "Re: factures par e-mail"
    if kind < 0.55:
        body = f"Bonjour,\n\nVous pouvez envoyer nos factures à {given}.\n\nCordialement,\n{person}\n{company}\n"
    elif kind < 0.7:
        body = (f"Bonjour,\n\nC'est bien cette adresse pour {company}, référence {client.code}.\n\n"
                f"{person}\n")
    elif kind < 0.78:
        body = f"Bonjour,\n\nNous préférons continuer à recevoir nos factures par courrier.\n\n{person}\n{company}\n"
    elif kind < 0.86 and client.siret:
        body = (f"Bonjour,\n\nMerci d'utiliser {given} pour la facturation.\n\n{person}\n{company}\n"
                f"SIRET {client.siret}\n")
    elif kind < 0.92:
        sender = client.manager_email or f"c.fontaine@{FIRM}"
        body = (f"Pour info, réponse de {company}.\n\n---------- Forwarded message ---------\n"
                f"De : {person} <{own}>\nDate : 2 déc. 2026\nObjet : factures\n\n"
                f"Bonjour, notre adresse de facturation : {given}\nCordialement\n")
    elif kind < 0.97:
        body = (f"Bonjour,\n\nJe suis absent jusqu'au {rng.randint(2, 28)} décembre. En cas d'urgence, "
                f"contactez le standard.\n\n{person}\n")
    else:
        body = "Bonjour,\n\nMerci, bien reçu.\n\nCordialement\n"
    if rng.random() < 0.8:
        memo = MEMO.format(code=client.code)
        body += f"\n\nLe 20/11/2026 à 10:12, Cabinet Exemple <secretariat@{FIRM}> a écrit :\n> " + memo + "\n"
    msg = EmailMessage()
    msg["From"] = f"{person} <{sender}>"
    msg["To"] = f"secretariat@{FIRM}"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(start + dt.timedelta(minutes=7 * n))
    msg["Message-ID"] = f"<bench{n}@{sender.rsplit('@', 1)[1]}>"
    if 0.92 <= kind < 0.97:
        msg["Auto-Submitted"] = "auto-replied"
    msg.set_content(body)
    if rng.random() < 0.33:
        html = "".join(f"<p>{line}</p>" for line in body.splitlines() if line)
        msg.add_alternative(f"<html><body>{html}</body></html>", subtype="html")
    return msg


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50_000)
    parser.add_argument("--replies", type=int, default=10_000)
    parser.add_argument("--one-by-one", action="store_true", help="each message through each stage alone")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-e2e-"))
    try:
        campaign = init_campaign(root / "c", firm="Cabinet Exemple", secretariat=f"secretariat@{FIRM}",
                                 switch_date=dt.date(2027, 3, 1))
        clients = make_clients(args.clients, seed=7)
        write_csv(root / "clients.csv", clients)
        rng = random.Random(7)
        box = mailbox.mbox(root / "replies.mbox")
        start = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone.utc)
        for n in range(args.replies):
            box.add(reply(n, rng.choice(clients), rng, start).as_bytes())
        box.flush()
        if args.one_by_one:
            for stage in pipeline.stages():
                stage.batch = stage.ahead = None
        with campaign.open_store() as store:
            import_client_file(store, root / "clients.csv")
            rematch_after_import(store, campaign.settings)  # indexes the client file, as `clients import` does
            ticks: list[tuple[float, int]] = []

            def progress(label: str, done: int, total: int | None) -> None:
                if label == pipeline.PROCESSING:
                    ticks.append((time.perf_counter(), done))

            began = time.perf_counter()
            report = harvest_files(store, root / "replies.mbox", on_progress=progress)
            elapsed = time.perf_counter() - began
            statuses = dict(store.conn.execute("SELECT status, COUNT(*) FROM match_outcomes GROUP BY status"))
        first = next(t for t, done in ticks if done >= 1000) - ticks[0][0]
        last = ticks[-1][0] - next(t for t, done in ticks if done >= ticks[-1][1] - 1000)
        stages = ticks[-1][0] - ticks[0][0]
        print(f"{report.added} messages x {args.clients} clients ({'one by one' if args.one_by_one else 'batches'}):"
              f" {elapsed:.2f} s, {report.added / elapsed:,.0f} messages/s end to end;"
              f" pipeline {stages:.2f} s ({report.added / stages:,.0f}/s); failed {report.pipeline.failed}")
        print(f"pipeline per 1,000 messages: first {first:.2f} s, last {last:.2f} s (x{last / first:.2f});"
              f" outcomes {statuses}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
