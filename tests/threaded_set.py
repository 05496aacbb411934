"""The blind set of replies to e-mailed requests (tests/fixtures/requests-blind), run as a firm would:
a campaign of its 40 clients, requests sent to a real SMTP server (aiosmtpd), follow-ups three weeks
later, then the replies harvested with the placeholders of their threading headers replaced by the
Message-IDs the requests really got. Scored against the frozen labels.

Used by tests/test_send_threaded_set.py (the floors) and bench/threaded_replies.py (the figures).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import tomlkit
from typer.testing import CliRunner

from campaign.cli import app
from campaign.workspace import init_campaign
from tests.smtp_server import start_smtp

SETS = Path(__file__).resolve().parent / "fixtures"
SET = SETS / "requests-blind"
_PLACEHOLDER = re.compile(rb"\{\{(REQUEST|FOLLOWUP|TO):([A-Za-z0-9/._-]+)\}\}")


@dataclass
class Scores:
    """What the set's replies became, against the labels."""

    replies: int = 0          # a person's reply that speaks for its requested client
    linked_right: int = 0     # ... linked automatically to exactly the clients labelled
    settled: int = 0          # ... of which nothing is left to check (status linked: pre-filled for review)
    wrong_links: int = 0      # messages linked to a client the labels do not give
    with_others: int = 0      # replies that also name other clients
    others_proposed: int = 0  # ... sent to review with every other client named among the candidates
    automatic: int = 0
    automatic_unlinked: int = 0
    bounces: int = 0
    bounces_marked: int = 0   # the request they return marked bounced
    intents: int = 0
    intents_right: int = 0
    addresses: int = 0        # address replies
    addresses_right: int = 0  # ... whose first address is the one labelled
    misses: list[str] = field(default_factory=list)


def _run(folder: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["--campaign", str(folder), *args], env={"COLUMNS": "200"})
    if result.exit_code != 0:
        raise AssertionError(f"campaign {' '.join(args)}: exit {result.exit_code}\n{result.output}")
    return result.output


def run_set(work: Path, labels_file: str = "labels.json", folder_of_set: Path = SET) -> Scores:
    """Build the campaign under ``work``, send, harvest, and score; CAMPAIGN_NOW is set and restored here.
    The set's campaign.json names its firm, secretariat mailbox, and the days its writer dated the requests
    ("sent") and the follow-ups ("followed", 21 days or more later) in the messages it quotes; optionally the
    switch date its requests announce ("switch", default 2027-03-01) and when the replies are harvested
    ("harvested", default 2026-12-31, after its last reply)."""
    labels = json.loads((folder_of_set / labels_file).read_text(encoding="utf-8"))
    firm = json.loads((folder_of_set / "campaign.json").read_text(encoding="utf-8"))
    saved = os.environ.get("CAMPAIGN_NOW")
    server = start_smtp(work / "smtp")
    try:
        os.environ["CAMPAIGN_NOW"] = firm["sent"]  # the day the set's writer says the requests went
        folder = work / "cabinet"
        switch = dt.date.fromisoformat(firm.get("switch", "2027-03-01"))
        init_campaign(folder, firm=firm["firm"], secretariat=firm["secretariat"], switch_date=switch,
                      language="fr")
        doc = tomlkit.parse((folder / "campaign.toml").read_text(encoding="utf-8"))
        doc["smtp"] = server.settings()
        (folder / "campaign.toml").write_text(tomlkit.dumps(doc), encoding="utf-8")
        _run(folder, "clients", "import", str(folder_of_set / "clients.csv"))
        _run(folder, "send", "requests")
        os.environ["CAMPAIGN_NOW"] = firm["followed"]
        _run(folder, "send", "follow-ups", "--after", "21")
        db = sqlite3.connect(folder / "campaign.db")
        ids = {(("REQUEST" if kind == "request" else "FOLLOWUP"), code): header
               for code, kind, header in db.execute("SELECT client_code, kind, header_id FROM requests")}
        ids.update({("TO", code): to for code, to in db.execute("SELECT client_code, to_address FROM requests")})
        db.close()
        box = work / "mailbox"
        box.mkdir()
        for path in sorted((folder_of_set / "replies").glob("*.eml")):
            raw = _PLACEHOLDER.sub(lambda m: ids[(m.group(1).decode(), m.group(2).decode())].encode(), path.read_bytes())
            (box / path.name).write_bytes(raw)
        os.environ["CAMPAIGN_NOW"] = firm.get("harvested", "2026-12-31T09:00:00+01:00")  # after the last reply
        _run(folder, "harvest", "--from", str(box))
        return score(folder, labels)
    finally:
        server.stop()
        if saved is None:
            os.environ.pop("CAMPAIGN_NOW", None)
        else:
            os.environ["CAMPAIGN_NOW"] = saved


def score(folder: Path, labels: dict) -> Scores:
    """The campaign's outcomes for each labelled file."""
    db = sqlite3.connect(folder / "campaign.db")
    by_file = {Path(name).name: mid for mid, name in db.execute("SELECT id, file_name FROM messages")}
    scores = Scores()
    for name, label in sorted(labels.items()):
        mid = by_file[name]
        status = (db.execute("SELECT status FROM match_outcomes WHERE message_id = ?", (mid,)).fetchone() or ["none"])[0]
        linked = sorted(r[0] for r in db.execute(
            "SELECT client_code FROM match_candidates WHERE message_id = ? AND linked = 1", (mid,)))
        proposed = {r[0] for r in db.execute("SELECT client_code FROM match_candidates WHERE message_id = ?", (mid,))}
        intent, addresses = db.execute("SELECT intent, addresses FROM replies WHERE message_id = ? AND current = 1",
                                       (mid,)).fetchone()
        wrong = sorted(set(linked) - set(label["should_link"]))
        if wrong:
            scores.wrong_links += 1
            scores.misses.append(f"{name}: WRONG link {wrong} ({label['note']})")
        if label["kind"] == "reply" and label["should_link"]:
            scores.replies += 1
            if linked == sorted(label["should_link"]):
                scores.linked_right += 1
                scores.settled += status == "linked"
            else:
                scores.misses.append(f"{name}: linked {linked or 'nobody'} ({status}), labels {label['should_link']}"
                                     f" ({label['note']})")
            if label["also_named"]:
                scores.with_others += 1
                if status == "review" and set(label["also_named"]) <= proposed:
                    scores.others_proposed += 1
                else:
                    scores.misses.append(f"{name}: others {label['also_named']} not all proposed for review"
                                         f" ({status}, candidates {sorted(proposed)})")
        elif label["kind"] == "automatic":
            scores.automatic += 1
            scores.automatic_unlinked += not linked
        elif label["kind"] == "bounce":
            scores.bounces += 1
            bounced = db.execute("SELECT COUNT(*) FROM requests WHERE client_code = ? AND bounced_at IS NOT NULL",
                                 (label["requested"],)).fetchone()[0]
            scores.bounces_marked += bounced > 0
            if not bounced:
                scores.misses.append(f"{name}: bounce of {label['requested']}'s request not marked ({label['note']})")
        if label["kind"] == "reply":
            scores.intents += 1
            scores.intents_right += intent == label["intent"]
            if intent != label["intent"]:
                scores.misses.append(f"{name}: intent {intent}, labels {label['intent']} ({label['note']})")
            if label["intent"] == "address" and label.get("address"):
                scores.addresses += 1
                expected = label["address"]
                if expected.upper().startswith("{{TO:"):  # (a labeller lower-cased every address, this one too)
                    expected = db.execute("SELECT to_address FROM requests WHERE client_code = ? COLLATE NOCASE LIMIT 1",
                                          (expected[5:-2],)).fetchone()[0]
                got = json.loads(addresses)
                scores.addresses_right += bool(got) and got[0].lower() == expected.lower()
                if not got or got[0].lower() != expected.lower():
                    scores.misses.append(f"{name}: address {got}, labels {expected} ({label['note']})")
    db.close()
    return scores
