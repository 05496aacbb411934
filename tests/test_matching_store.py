"""Matching in a real campaign: harvest .eml files, link, decide by hand, re-import the client file."""

from __future__ import annotations

import json
from email.message import EmailMessage
from pathlib import Path

from typer.testing import CliRunner

from campaign.cli import app
from campaign.synthetic import SyntheticClient, write_csv

SUBJECT = "Re: Vos factures par e-mail à partir du 1er mars 2027"


def run(campaign_dir: Path, *args: str):
    return CliRunner().invoke(app, ["--campaign", str(campaign_dir), *args], env={"CAMPAIGN_DIR": None, "COLUMNS": "200"})


def client(code: str, name: str, form: str, email: str, siret: str = "") -> SyntheticClient:
    return SyntheticClient(code, name, form, siret, "1 rue Pasteur", "75011", "Paris", "", email,
                           "Claire Fontaine", "c.fontaine@cabinet-exemple.fr")


CLIENTS = [
    client("C0001", "DUPONT ET FILS", "SARL", "contact@dupont-fils.example"),
    client("C0002", "DUPONT", "SAS", "compta@dupont-sas.example"),
    client("C0003", "SCI DUPONT IMMO", "SCI", ""),
    client("C0004", "Boulangerie Petit", "EURL", "petit.boulangerie@orange.fr"),
]


def mail(folder: Path, name: str, body: str, *, sender: str, date: str, subject: str = SUBJECT,
         dmarc: str | None = "pass") -> None:
    msg = EmailMessage()
    if dmarc:
        domain = sender.rsplit("@", 1)[1].strip(">")
        msg["Authentication-Results"] = f"mx.cabinet-exemple.fr; spf=pass smtp.mailfrom={domain}; dmarc={dmarc} header.from={domain}"
    msg["From"], msg["To"], msg["Subject"], msg["Date"] = sender, "secretariat@cabinet-exemple.fr", subject, date
    msg["Message-ID"] = f"<{name}@client.example>"
    msg.set_content(body)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.eml").write_bytes(bytes(msg))


def seed(campaign_dir: Path, tmp_path: Path) -> dict[str, int]:
    write_csv(tmp_path / "clients.csv", CLIENTS)
    assert run(campaign_dir, "clients", "import", str(tmp_path / "clients.csv")).exit_code == 0
    box = tmp_path / "mail"
    mail(box, "known", "Bonjour, c'est bien cette adresse pour nos factures.", sender="compta@dupont-sas.example",
         date="Mon, 02 Nov 2026 10:00:00 +0100")
    mail(box, "ref", "Merci d'envoyer les factures à gerance@gmail.com", sender="Jean Dupont <gerance@gmail.com>",
         date="Tue, 03 Nov 2026 10:00:00 +0100", subject="Adresse e-mail de facturation - C0003")
    mail(box, "webmail", "Vous pouvez envoyer nos factures à p.durand@gmail.com\n\nPaul Durand\nSARL Dupont et Fils",
         sender="Paul Durand <p.durand@gmail.com>", date="Wed, 04 Nov 2026 10:00:00 +0100")
    mail(box, "newdomain", "Merci d'utiliser factures@petit-pain.example pour les factures.",
         sender="marie@petit-pain.example", date="Thu, 05 Nov 2026 10:00:00 +0100")
    mail(box, "spoof", "Nouvelle adresse pour les factures : paiement@autre.example",
         sender="compta@dupont-sas.example", date="Fri, 06 Nov 2026 10:00:00 +0100", dmarc="fail")
    assert run(campaign_dir, "harvest", "--from", str(box)).exit_code == 0
    listing = json.loads(run(campaign_dir, "match", "list", "--format", "json").stdout)
    return {row["subject"] and row["sender"]: row["message"] for row in listing}


def outcomes(campaign_dir: Path) -> dict[str, dict]:
    result = run(campaign_dir, "match", "list", "--format", "json")
    assert result.exit_code == 0, result.output
    rows: dict[str, dict] = {}
    for row in json.loads(result.stdout):  # in date order: the first message of a sender wins (the spoof is later)
        rows.setdefault(row["sender"], row)
    return rows


def test_harvest_matches_each_reply_with_evidence(campaign_dir, tmp_path):
    seed(campaign_dir, tmp_path)
    rows = outcomes(campaign_dir)
    known = rows["compta@dupont-sas.example"]
    assert (known["status"], known["linked_by"], known["clients"]) == ("linked", "auto", ["C0002"])
    assert rows["gerance@gmail.com"]["clients"] == ["C0003"]
    assert rows["p.durand@gmail.com"]["status"] == "review"
    assert rows["p.durand@gmail.com"]["candidates"][0].startswith("C0001")
    # a domain nobody has on file, but that spells part of one client's name: proposed, never linked
    assert rows["marie@petit-pain.example"]["status"] == "review"
    assert rows["marie@petit-pain.example"]["candidates"][0].startswith("C0004")

    shown = run(campaign_dir, "match", "show", str(rows["gerance@gmail.com"]["message"]), "--language", "fr")
    assert shown.exit_code == 0 and "référence C0003 citée dans l'objet" in shown.output
    english = run(campaign_dir, "match", "show", str(known["message"]), "--language", "en")
    assert "sender compta@dupont-sas.example is on file for this client" in english.output
    status = run(campaign_dir, "status")
    assert "Matching" in status.output and "To review" in status.output


def test_failed_dmarc_goes_to_review_with_a_warning(campaign_dir, tmp_path):
    seed(campaign_dir, tmp_path)
    listing = json.loads(run(campaign_dir, "match", "list", "--status", "review", "--format", "json").stdout)
    spoof = next(r for r in listing if r["addresses"] == ["paiement@autre.example"])
    assert any("DMARC fail" in w for w in spoof["warnings"])
    assert "DMARC fail for compta@dupont-sas.example: the sender may be forged; check by phone before redirecting invoices" \
        in spoof["reasons"]
    assert spoof["clients"] == []


def test_reimport_updates_undecided_links_and_keeps_peoples_decisions(campaign_dir, tmp_path):
    seed(campaign_dir, tmp_path)
    rows = outcomes(campaign_dir)
    webmail = rows["p.durand@gmail.com"]["message"]
    decided = run(campaign_dir, "match", "link", str(webmail), "c0001", "--by", "anne", "--note", "called him")
    assert decided.exit_code == 0, decided.output
    assert outcomes(campaign_dir)["p.durand@gmail.com"]["linked_by"] == "person"

    # The firm's file now knows the bakery's new domain: the unmatched reply links on re-import.
    CLIENTS[3] = client("C0004", "Boulangerie Petit", "EURL", "contact@petit-pain.example")
    try:
        write_csv(tmp_path / "clients2.csv", CLIENTS)
    finally:
        CLIENTS[3] = client("C0004", "Boulangerie Petit", "EURL", "petit.boulangerie@orange.fr")
    again = run(campaign_dir, "clients", "import", str(tmp_path / "clients2.csv"))
    assert again.exit_code == 0 and "Matched 5 replies" in again.output
    rows = outcomes(campaign_dir)
    # The domain alone (+7) with an aligned DMARC pass (+2) reaches the auto-link score of 9.
    bakery = rows["marie@petit-pain.example"]
    assert (bakery["status"], bakery["linked_by"], bakery["clients"]) == ("linked", "auto", ["C0004"])
    person = rows["p.durand@gmail.com"]
    assert (person["status"], person["linked_by"], person["clients"]) == ("linked", "person", ["C0001"])
    assert run(campaign_dir, "match", "run").exit_code == 0
    assert outcomes(campaign_dir)["p.durand@gmail.com"]["clients"] == ["C0001"]


def test_rejecting_a_candidate_stops_its_automatic_link(campaign_dir, tmp_path):
    seed(campaign_dir, tmp_path)
    known = outcomes(campaign_dir)["compta@dupont-sas.example"]["message"]
    assert run(campaign_dir, "match", "reject", str(known), "C0002", "--by", "anne").exit_code == 0
    row = outcomes(campaign_dir)["compta@dupont-sas.example"]
    assert row["status"] == "unmatched" and row["clients"] == []
    shown = run(campaign_dir, "match", "show", str(known), "--language", "fr")
    assert "écarté par anne" in shown.output and "decision: reject C0002 by anne" in shown.output
    assert "+00:00" not in shown.output  # the moment in the firm's time, as on the decision line, not UTC ISO


def test_bad_decisions_are_refused_with_exit_2(campaign_dir, tmp_path):
    seed(campaign_dir, tmp_path)
    known = outcomes(campaign_dir)["compta@dupont-sas.example"]["message"]
    unknown_client = run(campaign_dir, "match", "link", str(known), "C9999")
    assert unknown_client.exit_code == 2 and "C9999" in unknown_client.output
    unknown_message = run(campaign_dir, "match", "link", "99999", "C0001")
    assert unknown_message.exit_code == 2 and "99999" in unknown_message.output
    assert run(campaign_dir, "match", "list", "--status", "maybe").exit_code == 2
    assert run(campaign_dir, "match", "show", "99999").exit_code == 2


def test_match_list_reads_at_80_columns(campaign_dir, tmp_path):
    seed(campaign_dir, tmp_path)
    result = CliRunner().invoke(app, ["--campaign", str(campaign_dir), "match", "list"],
                                env={"CAMPAIGN_DIR": None, "COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert all(len(line) <= 80 for line in lines)
    rows = [line.split() for line in lines if line.strip()[:1].isdigit() and "replies" not in line]
    assert rows and all(len(row) >= 4 and row[1].count("/") == 2 for row in rows)   # id and local date unwrapped
    assert any(row[3] == "linked" for row in rows) and "candidates" not in result.output
