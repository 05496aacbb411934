"""The name stored for a reply is its client's: a manager's note or a forward carries the forwarder's display name,
and the firm's staff share surnames with clients (round 15 of issue 11)."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage

from campaign.clients.importer import import_client_file
from campaign.mail.harvest import harvest_files
from campaign.workspace import init_campaign


def _write(path, sender: str, subject: str, body: str) -> None:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "factures@cabinet-exemple.fr", subject
    msg["Date"] = "Tue, 03 Nov 2026 10:12:00 +0100"
    msg["Message-ID"] = f"<{path.stem}@example.test>"
    msg.set_content(body)
    path.write_bytes(bytes(msg))


def test_a_managers_note_stores_no_name_of_hers_as_the_clients(tmp_path):
    campaign = init_campaign(tmp_path / "c", firm="Cabinet Exemple", secretariat="factures@cabinet-exemple.fr",
                             switch_date=dt.date(2027, 3, 1))
    (tmp_path / "clients.csv").write_text(
        "Code client;Raison sociale;Prénom;Forme juridique;Ville;E-mail\r\n"
        "229903;VERSTRAETE;Julie;;FOURNES-EN-WEPPES;\r\n"
        "254602;ROSSI;Christine;;BERGUES;\r\n", encoding="cp1252")
    replies = tmp_path / "replies"
    replies.mkdir()
    _write(replies / "relay.eml", "Julien Verstraete <j.verstraete@cabinet-exemple.fr>", "Mme Rossi - factures par mail",
           "Bonjour,\n\nMme Rossi (Bergues) m'a appelé ce matin : elle veut recevoir ses factures par mail sur "
           "rossi.christine.bergues@orange.fr.\n\nJulien")
    _write(replies / "own.eml", "Christine Rossi <c.rossi59@orange.fr>", "factures",
           "Bonjour, vous pouvez envoyer mes factures sur cette adresse.")
    with campaign.open_store() as store:
        import_client_file(store, tmp_path / "clients.csv")
        harvest_files(store, replies)
        names = dict(store.conn.execute("SELECT m.file_name, r.client_name FROM messages m JOIN replies r"
                                        " ON r.message_id = m.id AND r.current = 1"))
        linked = [code for (code,) in store.conn.execute("SELECT client_code FROM match_candidates c JOIN messages m"
                                                          " ON m.id = c.message_id WHERE m.file_name LIKE '%relay.eml'")]
    assert {k.rsplit("/", 1)[-1]: v for k, v in names.items()} == {"relay.eml": "", "own.eml": "Christine Rossi"}
    assert "229903" not in linked
