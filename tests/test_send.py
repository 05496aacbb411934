"""Requests e-mailed to clients (issue 16), against a real SMTP server (aiosmtpd on 127.0.0.1):
what arrives, TLS and passwords, refusals, exactly once, threading of the replies, bounces."""

from __future__ import annotations

import json
import re
import sqlite3
import textwrap
from email.message import EmailMessage
from pathlib import Path

import pytest
import tomlkit
from typer.testing import CliRunner

from campaign.cli import app
from campaign.synthetic import make_clients, write_csv
from tests.dovecot import dovecot  # noqa: F401  (fixture)
from tests.smtp_server import PASSWORD, USER, start_smtp

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("before_switch")]
runner = CliRunner()
SECRETARIAT = "secretariat@cabinet-exemple.fr"


def run(folder: Path, *args: str, **env: str):
    return runner.invoke(app, ["--campaign", str(folder), *args], env={"COLUMNS": "200", **env})


def with_section(folder: Path, name: str, table: dict) -> None:
    path = folder / "campaign.toml"
    doc = tomlkit.parse(path.read_text(encoding="utf-8"))
    doc[name] = table
    path.write_text(tomlkit.dumps(doc), encoding="utf-8")


@pytest.fixture
def clients():
    found = [c for c in make_clients(40, seed=16) if c.email][:12]
    found[5].email = ""  # one client without an address on file: never written to
    return found


@pytest.fixture
def folder(campaign_dir: Path, tmp_path: Path, clients) -> Path:
    path = write_csv(tmp_path / "clients.csv", clients)
    assert run(campaign_dir, "clients", "import", str(path)).exit_code == 0
    return campaign_dir


@pytest.fixture
def smtp(tmp_path: Path):
    server = start_smtp(tmp_path / "smtp")
    yield server
    server.stop()


def harvest(folder: Path, tmp_path: Path, *messages: bytes | EmailMessage) -> None:
    box = tmp_path / f"box{len(list(tmp_path.glob('box*')))}"
    box.mkdir()
    for n, msg in enumerate(messages):
        (box / f"{n}.eml").write_bytes(msg if isinstance(msg, bytes) else msg.as_bytes())
    result = run(folder, "harvest", "--from", str(box))
    assert result.exit_code == 0, result.output


def requests_in(folder: Path) -> list[dict]:
    """`send list --format json`, its fields checked against docs/json.md each time."""
    from tests.test_json_contract import documented

    result = run(folder, "send", "list", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert all(list(row) == documented()["send list"] and row["format_version"] == 1 for row in rows)
    return rows


def reply(to_request: EmailMessage | None, sender: str, text: str, *, subject: str = "Re: Adresse e-mail pour les factures",
          headers: dict | None = None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, SECRETARIAT, subject
    msg["Date"] = "Wed, 18 Nov 2026 10:00:00 +0100"
    msg["Message-ID"] = f"<{abs(hash((sender, text)))}@client.example>"
    if to_request is not None:
        msg["In-Reply-To"] = to_request["Message-ID"]
        msg["References"] = to_request["Message-ID"]
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(text)
    return msg


def code_of(msg: EmailMessage) -> str:
    """The client reference a request's subject carries."""
    return msg["Subject"].rsplit("ref. ", 1)[1]


def one_request(folder: Path, smtp) -> tuple[EmailMessage, str]:
    """Send one request through ``smtp``: the message as received, and its client's code."""
    with_section(folder, "smtp", smtp.settings())
    assert run(folder, "send", "requests", "--limit", "1").exit_code == 0
    return smtp.messages[0].message, code_of(smtp.messages[0].message)


def matched(folder: Path) -> dict[str, dict]:
    result = run(folder, "match", "list", "--format", "json")
    assert result.exit_code == 0, result.output
    return {row["sender"]: row for row in json.loads(result.stdout)}


def test_requests_arrive_once_each_with_their_headers_and_threaded_replies_link(folder, tmp_path, smtp, clients):
    with_section(folder, "smtp", smtp.settings())
    dry = run(folder, "send", "requests", "--dry-run")
    assert dry.exit_code == 0 and "11 requests would be sent" in dry.output and not smtp.messages

    sent = run(folder, "send", "requests")
    assert sent.exit_code == 0, sent.output
    assert "11 requests sent of 11 due" in sent.output
    by_code = {c.code: c for c in clients}
    assert sorted(m.recipients[0] for m in smtp.messages) == sorted(c.email for c in clients if c.email)
    rows = {r["client"]: r for r in requests_in(folder)}
    for received in smtp.messages:
        msg = received.message
        code = code_of(msg)
        assert msg["Subject"] == f"Adresse e-mail pour les factures - ref. {code}"
        assert received.sender == SECRETARIAT and msg["Reply-To"] == SECRETARIAT
        assert msg["From"].addresses[0].addr_spec == SECRETARIAT and msg["From"].addresses[0].display_name == "Cabinet Exemple"
        assert msg["To"].addresses[0].addr_spec == by_code[code].email
        body = msg.get_content()
        assert f"l'adresse {by_code[code].email}" in body and "1er mars 2027" in body and f"référence client : {code}" in body
        assert rows[code]["message_id"] == msg["Message-ID"].strip("<>") and rows[code]["state"] == "sent"

    again = run(folder, "send", "requests")
    assert again.exit_code == 0 and "0 requests sent of 0 due" in again.output and len(smtp.messages) == 11
    delivered = sorted(m["Message-ID"] for m in smtp.handler.maildir)   # what the server delivered, read back
    assert delivered == sorted(f"<{r['message_id']}>" for r in rows.values())

    # a reply from another address than the one written to, quoting nothing: the client of the request,
    # and "oui, c'est bon" approves the address written to
    first = smtp.messages[0].message
    code = code_of(first)
    harvest(folder, tmp_path, reply(first, "quelquun.dautre@autre-domaine.example", "Bonjour, oui c'est bon pour nous.\nCordialement"))
    row = matched(folder)["quelquun.dautre@autre-domaine.example"]
    assert (row["status"], row["linked_by"], row["clients"]) == ("linked", "auto", [code])
    replies = json.loads(run(folder, "replies", "--format", "json").stdout)
    assert [r["addresses"] for r in replies if r["clients"] == [code]] == [[by_code[code].email]]
    shown = run(folder, "match", "show", str(row["message"]))
    assert "reply to our request of" in shown.output and code in shown.output
    assert "the address our e-mailed request proposed" in shown.output


def test_preview_writes_messages_to_read_and_records_nothing(folder, tmp_path, clients):
    out = tmp_path / "apercu"
    result = run(folder, "send", "requests", "--preview", str(out), "--limit", "3")
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.eml"))
    assert [f.stem for f in files] == sorted(c.code for c in clients if c.email)[:3]
    msg = EmailMessage()
    parsed = __import__("email").message_from_bytes(files[0].read_bytes(), policy=__import__("email").policy.default)
    assert parsed["Subject"].endswith(files[0].stem) and parsed["Message-ID"]
    del msg
    assert requests_in(folder) == []


def test_starttls_is_verified_and_the_password_stays_out_of_every_file(folder, tmp_path):
    server = start_smtp(tmp_path / "tls", security="starttls", auth=True)
    try:
        with_section(folder, "smtp", server.settings(username=USER))
        untrusted = run(folder, "send", "requests", "--limit", "1", CAMPAIGN_SMTP_PASSWORD=PASSWORD)
        assert untrusted.exit_code == 2 and "certificate is not trusted" in untrusted.output
        assert not server.messages and requests_in(folder) == []

        with_section(folder, "smtp", server.settings(username=USER, ca_file=str(server.ca_file)))
        no_password = run(folder, "send", "requests", "--limit", "1", CAMPAIGN_SMTP_PASSWORD="")
        assert no_password.exit_code == 2 and "CAMPAIGN_SMTP_PASSWORD" in no_password.output

        wrong = run(folder, "send", "requests", "--limit", "1", CAMPAIGN_SMTP_PASSWORD="not-it")
        assert wrong.exit_code == 2 and "login refused" in wrong.output and not server.messages

        sent = run(folder, "send", "requests", "--limit", "2", CAMPAIGN_SMTP_PASSWORD=PASSWORD)
        assert sent.exit_code == 0, sent.output
        assert len(server.messages) == 2 and server.handler.logins
    finally:
        server.stop()
    for path in folder.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path


def test_implicit_tls(folder, tmp_path):
    server = start_smtp(tmp_path / "ssl", security="ssl", auth=True)
    try:
        with_section(folder, "smtp", server.settings(username=USER, ca_file=str(server.ca_file)))
        sent = run(folder, "send", "requests", "--limit", "1", CAMPAIGN_SMTP_PASSWORD=PASSWORD)
        assert sent.exit_code == 0, sent.output
        assert len(server.messages) == 1
    finally:
        server.stop()


def test_settings_refuse_a_password_in_the_file_and_plain_text_to_another_host(folder):
    with_section(folder, "smtp", {"host": "smtp.example.fr", "security": "plain"})
    result = run(folder, "send", "requests")
    assert result.exit_code == 2 and "only for 127.0.0.1" in result.output
    with_section(folder, "smtp", {"host": "smtp.example.fr", "password": "x"})
    result = run(folder, "status")
    assert result.exit_code == 2 and "[smtp] password must not be in the file" in result.output
    with_section(folder, "smtp", {"host": "smtp.example.fr", "per_minut": 3})
    result = run(folder, "send", "requests", "--dry-run")
    assert result.exit_code == 2 and "did you mean per_minute?" in result.output


def test_a_refused_address_is_not_retried_and_a_temporary_failure_is(folder, tmp_path, smtp, clients):
    emails = sorted(c.email for c in clients if c.email)
    smtp.handler.refuse = {emails[0]: "550 5.1.1 no such user", emails[1]: "451 4.3.0 try again later"}
    with_section(folder, "smtp", smtp.settings())
    first = run(folder, "send", "requests")
    assert first.exit_code == 1
    assert "refused:" in first.output and "550 5.1.1 no such user" in first.output
    assert "9 requests sent of 11 due; 1 refused, 1 to retry" in first.output
    smtp.handler.refuse = {}
    second = run(folder, "send", "requests")
    assert second.exit_code == 0 and "1 request sent of 1 due" in second.output
    got = sorted(m.recipients[0] for m in smtp.messages)
    assert emails[0] not in got and got.count(emails[1]) == 1 and len(got) == 10
    listed = requests_in(folder)
    assert [r["detail"] for r in listed if r["state"] == "refused"] == [f"{emails[0]}: 550 5.1.1 no such user"]
    # the client file gives the refused client another address: asked again, there
    fixed = next(c for c in clients if c.email == emails[0])
    fixed.email = "nouvelle.adresse@client-corrige.example"
    assert run(folder, "clients", "import", str(write_csv(tmp_path / "clients2.csv", clients))).exit_code == 0
    third = run(folder, "send", "requests")
    assert "1 request sent of 1 due" in third.output and smtp.messages[-1].recipients == [fixed.email]


def test_a_server_that_will_not_send_as_the_secretariat_stops_the_run_as_a_configuration_error(folder, smtp):
    smtp.handler.refuse_sender = "553 5.7.1 Sender address rejected: not owned by user"
    with_section(folder, "smtp", smtp.settings())
    result = run(folder, "send", "requests")
    assert result.exit_code == 2 and "refuses to send as secretariat@cabinet-exemple.fr" in result.output
    assert [r["state"] for r in requests_in(folder)] == ["failed"] and not smtp.messages
    smtp.handler.refuse_sender = ""
    again = run(folder, "send", "requests")
    assert again.exit_code == 0 and "11 requests sent of 11 due" in again.output


def bounce_for(request: EmailMessage, recipient: str) -> bytes:
    return textwrap.dedent(f"""\
        From: Mail Delivery System <MAILER-DAEMON@mx.cabinet-exemple.fr>
        To: {SECRETARIAT}
        Subject: Undelivered Mail Returned to Sender
        Date: Thu, 19 Nov 2026 08:00:00 +0100
        Message-ID: <bounce-1@mx.cabinet-exemple.fr>
        Auto-Submitted: auto-replied
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

        --b1
        Content-Type: text/plain

        I'm sorry to have to inform you that your message could not be delivered.

        --b1
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.cabinet-exemple.fr

        Final-Recipient: rfc822; {recipient}
        Action: failed
        Status: 5.1.1

        --b1
        Content-Type: text/rfc822-headers

        From: Cabinet Exemple <{SECRETARIAT}>
        To: {recipient}
        Subject: {request['Subject']}
        Message-ID: {request['Message-ID']}

        --b1--
        """).replace("\n", "\r\n").encode()


def test_a_bounce_marks_its_request_and_a_threaded_out_of_office_links_nobody(folder, tmp_path, smtp):
    with_section(folder, "smtp", smtp.settings())
    assert run(folder, "send", "requests", "--limit", "3").exit_code == 0
    first, second = smtp.messages[0].message, smtp.messages[1].message
    away = reply(second, second["To"].addresses[0].addr_spec, "Je suis absent jusqu'au 30 novembre.",
                 subject="Réponse automatique : Adresse e-mail pour les factures",
                 headers={"Auto-Submitted": "auto-replied"})
    harvest(folder, tmp_path, bounce_for(first, first["To"].addresses[0].addr_spec), away)
    rows = {r["message_id"]: r for r in requests_in(folder)}
    assert rows[first["Message-ID"].strip("<>")]["bounced"] and rows[first["Message-ID"].strip("<>")]["state"] == "bounced"
    assert not rows[second["Message-ID"].strip("<>")]["bounced"]
    listed = json.loads(run(folder, "send", "list", "--state", "bounced", "--format", "json").stdout)
    assert [r["message_id"] for r in listed] == [first["Message-ID"].strip("<>")]
    assert all(row["status"] == "skipped" for row in matched(folder).values())


def test_a_threaded_reply_that_names_another_company_links_the_requested_one_and_proposes_the_other(
        folder, tmp_path, smtp, clients):
    request, code = one_request(folder, smtp)
    other = next(c for c in clients if c.code != code)
    text = (f"Bonjour,\nPour nous c'est d'accord, et envoyez aussi celles de {other.name} (réf. {other.code}) "
            "à compta@groupe.example\nCordialement")
    harvest(folder, tmp_path, reply(request, "direction@groupe.example", text))
    row = matched(folder)["direction@groupe.example"]
    assert row["status"] == "review" and row["clients"] == [code]
    assert other.code in " ".join(row["candidates"])
    # the address given may be the other company's: the secretary decides, nothing is pre-filled for her
    import openpyxl

    book = tmp_path / "revue.xlsx"
    assert run(folder, "review", "export", "--out", str(book)).exit_code == 0
    sheet = openpyxl.load_workbook(book)["Revue"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, values)) for values in sheet.iter_rows(min_row=2, values_only=True)]
    mine = [r for r in rows if r["Code client"] == code]
    assert mine and all(not r["Décision"] for r in mine)
    assert any("cite aussi" in (r["Alertes"] or "") for r in mine)


def test_an_out_of_office_threaded_to_a_request_that_names_an_address_links_nobody(folder, tmp_path, smtp):
    with_section(folder, "smtp", smtp.settings())
    assert run(folder, "send", "requests", "--limit", "1").exit_code == 0
    request = smtp.messages[0].message
    away = reply(request, request["To"].addresses[0].addr_spec,
                 "Je suis absente jusqu'au 9 novembre. En mon absence, écrivez à collegue@exemple-agence.example "
                 "pour les factures.", subject="Absente : Adresse e-mail pour les factures",
                 headers={"Auto-Submitted": "auto-replied"})
    harvest(folder, tmp_path, away)
    row = next(iter(matched(folder).values()))
    assert row["clients"] == [] and row["status"] != "linked"


def test_a_threaded_reply_whose_sender_fails_dmarc_goes_to_a_person(folder, tmp_path, smtp):
    with_section(folder, "smtp", smtp.settings())
    with_section(folder, "understanding", {"authserv_ids": ["mx.cabinet-exemple.fr"]})
    assert run(folder, "send", "requests", "--limit", "1").exit_code == 0
    request = smtp.messages[0].message
    forged = reply(request, "compta@usurpateur.example", "Merci d'envoyer désormais à paiements@usurpateur.example",
                   headers={"Authentication-Results": "mx.cabinet-exemple.fr; dmarc=fail header.from=usurpateur.example"})
    harvest(folder, tmp_path, forged)
    row = matched(folder)["compta@usurpateur.example"]
    assert row["status"] == "review" and row["clients"] == []


def test_follow_ups_quote_the_request_thread_to_it_and_go_once(folder, tmp_path, smtp, monkeypatch):
    with_section(folder, "smtp", smtp.settings())
    assert run(folder, "send", "requests", "--limit", "2").exit_code == 0
    too_soon = run(folder, "send", "follow-ups", "--after", "21")
    assert too_soon.exit_code == 0 and "0 follow-ups sent of 0 due" in too_soon.output
    answered = smtp.messages[1].message
    harvest(folder, tmp_path, reply(answered, answered["To"].addresses[0].addr_spec, "Oui, c'est la bonne adresse."))
    monkeypatch.setenv("CAMPAIGN_NOW", "2026-12-10T09:00:00+01:00")
    result = run(folder, "send", "follow-ups", "--after", "21")
    assert result.exit_code == 0 and "1 follow-up sent of 1 due" in result.output, result.output
    follow = smtp.messages[-1].message
    first = smtp.messages[0].message
    assert follow["In-Reply-To"] == first["Message-ID"] and follow["References"] == first["Message-ID"]
    assert follow["Subject"] == "Rappel : " + first["Subject"]
    assert "> Nous avons pour vous l'adresse" in follow.get_content()
    again = run(folder, "send", "follow-ups", "--after", "21")
    assert "0 follow-ups sent" in again.output and len(smtp.messages) == 3


def test_follow_up_days_are_the_firms_calendar_days_across_a_clock_change(folder, smtp, monkeypatch):
    # requests at 09:15 on 9 March, follow-ups at 09:15 three weeks later: the clocks went forward on the 28th, so
    # only 20 days and 23 hours have passed (requests-blind26 found every follow-up missing)
    with_section(folder, "smtp", smtp.settings())
    doc = tomlkit.parse((folder / "campaign.toml").read_text(encoding="utf-8"))
    doc["campaign"]["switch_date"] = tomlkit.date("2027-06-01")
    (folder / "campaign.toml").write_text(tomlkit.dumps(doc), encoding="utf-8")
    monkeypatch.setenv("CAMPAIGN_NOW", "2027-03-09T09:15:00+01:00")
    assert run(folder, "send", "requests", "--limit", "1").exit_code == 0
    monkeypatch.setenv("CAMPAIGN_NOW", "2027-03-29T23:30:00+02:00")
    early = run(folder, "send", "follow-ups", "--after", "21", "--dry-run")
    assert early.exit_code == 0 and "0 follow-ups would be sent" in early.output, early.output
    monkeypatch.setenv("CAMPAIGN_NOW", "2027-03-30T09:15:00+02:00")
    result = run(folder, "send", "follow-ups", "--after", "21")
    assert result.exit_code == 0 and "1 follow-up sent of 1 due" in result.output, result.output


def test_an_uncertain_message_is_listed_and_settled_by_a_person(folder, smtp):
    with_section(folder, "smtp", smtp.settings())
    db = sqlite3.connect(folder / "campaign.db")
    with db:
        db.execute("INSERT INTO requests (client_code, kind, header_id, to_address, subject, state, prepared_at)"
                   " SELECT code, 'request', 'x1.campaign@cabinet-exemple.fr', json_extract(emails, '$[0]'), 's',"
                   " 'prepared', '2026-11-16T08:00:00+00:00' FROM clients WHERE emails != '[]' ORDER BY code LIMIT 1")
    code = db.execute("SELECT client_code FROM requests").fetchone()[0]
    db.close()
    # listed as uncertain at once, before any other run settles it
    assert [r["client"] for r in requests_in(folder) if r["state"] == "uncertain"] == [code]
    result = run(folder, "send", "requests")
    assert result.exit_code == 0 and "of an interrupted run may or may not have gone out" in result.output
    assert "10 requests sent of 10 due" in result.output  # never to the uncertain one
    assert [r["client"] for r in requests_in(folder) if r["state"] == "uncertain"] == [code]
    unsaid = run(folder, "send", "settle", code)
    assert unsaid.exit_code == 2 and "--sent" in unsaid.output and "--not-sent" in unsaid.output
    settled = run(folder, "send", "settle", code.lower(), "--not-sent")   # codes are read as the file writes them
    assert settled.exit_code == 0, settled.output
    again = run(folder, "send", "requests")
    assert "1 request sent of 1 due" in again.output and len(smtp.messages) == 11
    assert run(folder, "send", "settle", code, "--sent").exit_code == 2  # nothing uncertain left


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGKILL"), reason="SIGKILL is POSIX only")
@pytest.mark.parametrize("kill_at", ["send.prepared:137", "send.accepted:311"])
def test_a_kill_while_sending_500_then_a_rerun_writes_to_each_client_once_or_lists_it(campaign_dir, tmp_path, smtp,
                                                                                      kill_at):
    from tests.test_kills import cli

    many = make_clients(500, seed=1616)
    for n, client in enumerate(many):
        client.email = client.email or f"contact{n}@client{n}.example"
    path = write_csv(tmp_path / "clients.csv", many)
    assert run(campaign_dir, "clients", "import", str(path)).exit_code == 0
    with_section(campaign_dir, "smtp", smtp.settings())
    killed = cli(campaign_dir, "send", "requests", kill_at=kill_at)
    assert killed.returncode in (-9, 137), killed.stderr
    rerun = cli(campaign_dir, "send", "requests")
    assert rerun.returncode == 0, rerun.stderr
    assert "of an interrupted run may or may not have gone out" in rerun.stderr
    received: dict[str, int] = {}   # per client, by the reference in the subject
    for message in smtp.messages:
        code = code_of(message.message)
        received[code] = received.get(code, 0) + 1
    rows = requests_in(campaign_dir)
    uncertain = {r["client"] for r in rows if r["state"] == "uncertain"}
    assert len(uncertain) == 1 and all(r["state"] in ("sent", "uncertain") for r in rows)
    assert max(received.values()) == 1                        # nobody written to twice
    for client in many:                                       # everyone else exactly once
        assert received.get(client.code, 0) == 1 or client.code in uncertain, client.code
    assert len(rows) == 500
    # the kill after the server accepted it: the uncertain one did go out; before: it did not
    assert received.get(next(iter(uncertain)), 0) == (1 if kill_at.startswith("send.accepted") else 0)


def test_a_copy_of_each_request_goes_to_the_sent_folder_and_a_missing_folder_only_warns(folder, smtp, dovecot):
    from tests.dovecot import PASSWORD as IMAP_PASSWORD

    user = f"secretariat-{abs(hash(str(folder))) % 10**8}"
    with_section(folder, "imap", {"host": "127.0.0.1", "port": dovecot.plain_port, "security": "plain",
                                  "username": user, "timeout": 10})
    with_section(folder, "smtp", smtp.settings(sent_folder="Sent"))
    imap = dovecot.client(user)
    try:
        imap.create_folder("Sent")
        result = run(folder, "send", "requests", "--limit", "2", CAMPAIGN_IMAP_PASSWORD=IMAP_PASSWORD)
        assert result.exit_code == 0 and "warning" not in result.output, result.output
        imap.select_folder("Sent", readonly=True)
        kept = imap.fetch(imap.search(), ["FLAGS", "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"])
        sent_ids = {m.message["Message-ID"] for m in smtp.messages}
        assert len(kept) == 2 and all(b"\\Seen" in item[b"FLAGS"] for item in kept.values())
        assert {item[b"BODY[HEADER.FIELDS (MESSAGE-ID)]"].decode().split(":", 1)[1].strip()
                for item in kept.values()} == sent_ids
    finally:
        imap.logout()
    with_section(folder, "smtp", smtp.settings(sent_folder="Envoyés"))
    result = run(folder, "send", "requests", "--limit", "1", CAMPAIGN_IMAP_PASSWORD=IMAP_PASSWORD)
    assert result.exit_code == 0 and "1 request sent" in result.output
    assert "sent without a copy in the Sent folder" in result.output and "'Envoyés' does not exist" in result.output


def test_with_silence_as_consent_the_silent_are_exported_to_the_address_written_to_and_the_bounced_are_called(
        folder, tmp_path, smtp, monkeypatch):
    import csv
    import io

    import openpyxl

    with_section(folder, "smtp", smtp.settings())
    with_section(folder, "requests", {"silence_means_consent": True})
    assert run(folder, "send", "requests", "--limit", "3").exit_code == 0
    bounced, silent, refusing = (m.message for m in smtp.messages)
    assert "Sauf avis contraire de votre part, nous les enverrons à l'adresse" in silent.get_content()
    code = {m["Message-ID"]: code_of(m) for m in (bounced, silent, refusing)}
    harvest(folder, tmp_path, bounce_for(bounced, bounced["To"].addresses[0].addr_spec),
            reply(refusing, refusing["To"].addresses[0].addr_spec, "Non merci, je préfère garder le courrier papier."))

    def exported() -> dict[str, list[str]]:
        out = tmp_path / f"export{len(list(tmp_path.glob('export*')))}.csv"
        result = run(folder, "export", "--only", "all", "--out", str(out))
        assert result.exit_code == 0, result.output
        rows = list(csv.reader(io.StringIO(out.read_bytes().decode("cp1252")), delimiter=";"))
        return {row[0]: row for row in rows[1:]}

    before = exported()   # before the switch date silence is not yet consent
    assert before[code[silent["Message-ID"]]][3] == "en attente"
    monkeypatch.setenv("CAMPAIGN_NOW", "2027-03-02T09:00:00+01:00")
    after = exported()
    row = after[code[silent["Message-ID"]]]
    assert row[3:5] == ["email", silent["To"].addresses[0].addr_spec]
    assert row[7] == f"sans réponse à {silent['Message-ID']}"   # the evidence column says it was silence
    assert after[code[bounced["Message-ID"]]][3] == "en attente"     # the request bounced: no consent
    assert after[code[refusing["Message-ID"]]][3] == "en attente"    # answered: a person decides

    result = run(folder, "remind")
    assert result.exit_code == 0, result.output
    whys = {}
    for path in (folder / "reminders").glob("*.xlsx"):
        sheet = openpyxl.load_workbook(path).worksheets[0]
        header = [c.value for c in sheet[1]]
        for values in sheet.iter_rows(min_row=2, values_only=True):
            whys[values[0]] = dict(zip(header, values))
    called = whys[code[bounced["Message-ID"]]]
    assert "n'a pas été remise" in called["Motif de l'appel"] and called["Informé le"] is not None
    silent_row = whys[code[silent["Message-ID"]]]      # asked by e-mail, no answer: the reason says so
    assert "ni à notre demande par e-mail du 16/11/2026" in silent_row["Motif de l'appel"]


def test_xoauth2_sends_the_token_from_the_environment(folder, tmp_path):
    from tests.smtp_server import TOKEN

    server = start_smtp(tmp_path / "oauth", security="starttls", auth=True)
    try:
        with_section(folder, "smtp", server.settings(username=USER, auth="xoauth2", ca_file=str(server.ca_file)))
        sent = run(folder, "send", "requests", "--limit", "1", CAMPAIGN_SMTP_TOKEN=TOKEN)
        assert sent.exit_code == 0, sent.output
        assert server.handler.logins == ["XOAUTH2"] and len(server.messages) == 1, (sent.output, server.handler.logins)
        expired = run(folder, "send", "requests", "--limit", "1", CAMPAIGN_SMTP_TOKEN="expired")
        assert expired.exit_code == 2 and "login refused" in expired.output and len(server.messages) == 1
    finally:
        server.stop()


def test_silence_is_no_consent_for_a_request_that_asked_for_an_answer(folder, tmp_path, smtp, monkeypatch):
    import csv
    import io

    with_section(folder, "smtp", smtp.settings())
    assert run(folder, "send", "requests", "--limit", "1").exit_code == 0   # silence_means_consent off: "merci de répondre"
    with_section(folder, "requests", {"silence_means_consent": True})      # turned on afterwards
    monkeypatch.setenv("CAMPAIGN_NOW", "2027-03-02T09:00:00+01:00")
    out = tmp_path / "export.csv"
    assert run(folder, "export", "--only", "all", "--out", str(out)).exit_code == 0
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("cp1252")), delimiter=";"))
    code = code_of(smtp.messages[0].message)
    assert {r[0]: r[3] for r in rows[1:]}[code] == "en attente"


def test_a_threaded_reply_that_speaks_only_of_another_client_links_nobody(folder, tmp_path, smtp, clients):
    request, code = one_request(folder, smtp)
    other = next(c for c in clients if c.code != code)
    text = (f"Bonjour,\nPetite précision : pour {other.name} (réf. {other.code}), l'ancienne adresse n'existe plus. "
            "Merci d'envoyer ses factures à direction@autre-societe.example.\nCordialement")
    harvest(folder, tmp_path, reply(request, "assistante@autre-societe.example", text))
    row = matched(folder)["assistante@autre-societe.example"]
    assert row["status"] == "review" and row["clients"] == []
    shown = run(folder, "match", "show", str(row["message"])).output
    assert f"answers our request to {code} but speaks of {other.code}" in " ".join(shown.split())


def test_a_threaded_reply_that_decides_nothing_is_still_its_clients_and_is_no_address(folder, tmp_path, smtp):
    with_section(folder, "smtp", smtp.settings())
    assert run(folder, "send", "requests", "--limit", "2").exit_code == 0
    first, second = (m.message for m in smtp.messages)
    codes = [code_of(m) for m in (first, second)]
    thanks = reply(first, first["To"].addresses[0].addr_spec, "Merci, bien reçu.",
                   subject="RE: " + first["Subject"])   # the QR code's subject, answered: no code was scanned
    later = reply(second, "accueil@client.example", "Bonjour,\nM. le gérant est en déplacement, je lui transmets votre "
                  "message et il reviendra vers vous.\nL'accueil")
    harvest(folder, tmp_path, thanks, later)
    replies = {r["sender"]: r for r in json.loads(run(folder, "replies", "--format", "json").stdout)}
    assert replies[first["To"].addresses[0].addr_spec]["intent"] == "other"
    rows = matched(folder)
    assert rows[first["To"].addresses[0].addr_spec]["clients"] == [codes[0]]
    assert rows["accueil@client.example"]["clients"] == [codes[1]]
    status = run(folder, "status").output
    # linked, yet no answer: "answered" counts what the progress counts (an address, a refusal, a question)
    assert re.search(r"Answered since\s+0\b", status) and re.search(r"Clients asked by e-mail\s+2\b", status)


def test_a_refusal_that_is_not_about_the_address_stops_the_run_and_refuses_nobody(folder, smtp, clients):
    emails = sorted(c.email for c in clients if c.email)
    smtp.handler.refuse = {emails[2]: "550 5.4.5 Daily user sending quota exceeded"}
    with_section(folder, "smtp", smtp.settings())
    first = run(folder, "send", "requests")
    assert first.exit_code == 1 and "stopped:" in first.output and "quota exceeded" in first.output
    went = int(re.search(r"(\d+) requests? sent of 11 due; 0 refused, 1 to retry", first.output).group(1))
    smtp.handler.refuse = {}
    smtp.handler.refuse_data = "554 5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException"
    second = run(folder, "send", "requests")
    left = 11 - went
    assert second.exit_code == 1 and "SendAsDenied" in second.output and f"0 requests sent of {left} due" in second.output
    smtp.handler.refuse_data = ""
    third = run(folder, "send", "requests")
    assert third.exit_code == 0 and f"{left} requests sent of {left} due" in third.output
    assert sorted(m.recipients[0] for m in smtp.messages) == emails    # everyone, once, in the end


def test_a_threaded_reply_giving_a_new_address_from_a_stranger_is_linked_but_checked(folder, tmp_path, smtp):
    import openpyxl

    with_section(folder, "smtp", smtp.settings())
    assert run(folder, "send", "requests", "--limit", "2").exit_code == 0
    stolen, own = (m.message for m in smtp.messages)
    codes = [code_of(m) for m in (stolen, own)]
    harvest(folder, tmp_path,
            reply(stolen, "compta@fournisseur-inconnu.example",
                  "Bonjour, merci d'envoyer désormais nos factures à paiement@fournisseur-inconnu.example"),
            reply(own, own["To"].addresses[0].addr_spec, "Bonjour, merci d'envoyer plutôt nos factures à "
                  f"factures@{own['To'].addresses[0].domain}"))
    rows = matched(folder)
    assert rows["compta@fournisseur-inconnu.example"]["clients"] == [codes[0]]
    assert rows["compta@fournisseur-inconnu.example"]["status"] == "review"
    assert rows[own["To"].addresses[0].addr_spec]["status"] == "linked"   # the mailbox written to: nothing to check
    book = tmp_path / "revue.xlsx"
    assert run(folder, "review", "export", "--out", str(book)).exit_code == 0
    sheet = openpyxl.load_workbook(book)["Revue"]
    header = [c.value for c in sheet[1]]
    rows_by_code = {}
    for values in sheet.iter_rows(min_row=2, values_only=True):
        row = dict(zip(header, values))
        rows_by_code.setdefault(row["Code client"], []).append(row)
    assert all(not r["Décision"] for r in rows_by_code[codes[0]])
    assert any("ne figure au dossier du client" in (r["Alertes"] or "") for r in rows_by_code[codes[0]])
    assert any(r["Décision"] for r in rows_by_code[codes[1]])


def test_no_request_to_the_firms_own_addresses_nor_after_the_switch_date(campaign_dir, tmp_path, smtp, monkeypatch):
    few = [c for c in make_clients(20, seed=5) if c.email][:3]
    few[0].email = "c.fontaine@cabinet-exemple.fr"         # the manager's address, written in the client's cell
    assert run(campaign_dir, "clients", "import", str(write_csv(tmp_path / "c.csv", few))).exit_code == 0
    with_section(campaign_dir, "smtp", smtp.settings())
    result = run(campaign_dir, "send", "requests")
    assert "2 requests sent of 2 due" in result.output
    assert "c.fontaine@cabinet-exemple.fr" not in [m.recipients[0] for m in smtp.messages]
    monkeypatch.setenv("CAMPAIGN_NOW", "2027-03-01T08:00:00+01:00")
    late = run(campaign_dir, "send", "follow-ups", "--after", "1")
    assert late.exit_code == 2 and "switch date 01/03/2027 has come" in late.output


def test_addresses_with_accents_go_in_ascii_where_they_can_and_are_refused_alone_where_they_cannot(
        campaign_dir, tmp_path):
    few = [c for c in make_clients(20, seed=6) if c.email][:3]
    few[0].email, few[1].email = "contact@café-crème.example", "jérôme@client.example"
    assert run(campaign_dir, "clients", "import", str(write_csv(tmp_path / "c.csv", few, encoding="utf-8"))
               ).exit_code == 0
    server = start_smtp(tmp_path / "ascii", utf8=False)
    try:
        with_section(campaign_dir, "smtp", server.settings())
        result = run(campaign_dir, "send", "requests")
        assert result.exit_code == 1 and "2 requests sent of 3 due; 1 refused" in " ".join(result.output.split())
        assert "no SMTPUTF8" in result.output
        got = {m.recipients[0] for m in server.messages}
        assert "contact@xn--caf-crme-60ag.example" in got and few[2].email in got
        assert [r["state"] for r in requests_in(campaign_dir) if r["to"] == "jérôme@client.example"] == ["refused"]
    finally:
        server.stop()
    # a server that speaks SMTPUTF8 takes it, once a person lifts the refusal
    server = start_smtp(tmp_path / "utf8")
    try:
        with_section(campaign_dir, "smtp", server.settings())
        assert run(campaign_dir, "send", "settle", few[1].code, "--not-sent").exit_code == 0
        again = run(campaign_dir, "send", "requests")
        assert again.exit_code == 0 and "1 request sent of 1 due" in again.output
        assert server.messages[0].recipients == ["jérôme@client.example"]
        assert server.messages[0].message["To"].addresses[0].username == "jérôme"
    finally:
        server.stop()


def test_a_bounce_for_another_address_that_quotes_a_request_marks_nothing(folder, tmp_path, smtp):
    with_section(folder, "smtp", smtp.settings())
    assert run(folder, "send", "requests", "--limit", "1").exit_code == 0
    request = smtp.messages[0].message
    harvest(folder, tmp_path, bounce_for(request, "quelquun.dautre@ailleurs.example"))
    assert [r["state"] for r in requests_in(folder)] == ["sent"]


def test_silence_is_no_consent_once_the_client_file_has_a_newer_address(folder, tmp_path, smtp, clients, monkeypatch):
    import csv
    import io

    with_section(folder, "smtp", smtp.settings())
    with_section(folder, "requests", {"silence_means_consent": True})
    assert run(folder, "send", "requests", "--limit", "2").exit_code == 0
    codes = [code_of(m.message) for m in smtp.messages]
    moved = next(c for c in clients if c.code == codes[0])
    moved.email = "nouvelle@adresse-connue.example"           # the firm learnt a newer address meanwhile
    assert run(folder, "clients", "import", str(write_csv(tmp_path / "c2.csv", clients))).exit_code == 0
    monkeypatch.setenv("CAMPAIGN_NOW", "2027-03-02T09:00:00+01:00")
    out = tmp_path / "export.csv"
    assert run(folder, "export", "--only", "all", "--out", str(out)).exit_code == 0
    modes = {r[0]: r[3] for r in list(csv.reader(io.StringIO(out.read_bytes().decode("cp1252")), delimiter=";"))[1:]}
    assert (modes[codes[0]], modes[codes[1]]) == ("en attente", "email")


def test_a_manager_saying_the_reply_is_for_another_file_not_his_links_nobody(folder, tmp_path, smtp, clients):
    request, code = one_request(folder, smtp)
    mine = next(c for c in clients if c.code == code)
    other = next(c for c in clients if c.code != code)
    forward = reply(request, "c.fontaine@cabinet-exemple.fr",
                    f"Attention c'est pour {other.name} pas pour lui : il demande que ses factures partent sur son "
                    f"adresse habituelle. Pour son dossier rien ne change.\n\n-----Message d'origine-----\n"
                    f"De : {mine.email}\nObjet : Re: {request['Subject']}\n\nPour {other.name}, envoyez plutôt sur "
                    f"mon adresse habituelle, {mine.email}.", subject="TR: Re: " + request["Subject"])
    harvest(folder, tmp_path, forward)
    row = next(iter(matched(folder).values()))
    assert row["clients"] == [] and row["status"] == "review"


def test_a_manager_relaying_a_phone_call_that_confirms_approves_the_address_written_to(folder, tmp_path, smtp, clients):
    request, code = one_request(folder, smtp)
    relay = EmailMessage()
    relay["From"], relay["To"] = "c.fontaine@cabinet-exemple.fr", SECRETARIAT
    relay["Subject"], relay["Date"] = "TR: " + request["Subject"], "Wed, 18 Nov 2026 10:00:00 +0100"
    relay["Message-ID"], relay["References"] = "<relay-1@cabinet-exemple.fr>", request["Message-ID"]
    relay.set_content("Le client m'a appelé, il confirme l'adresse ci-dessous.\n\nClaire\n\n-----Message d'origine-----\n"
                      f"De : Cabinet Exemple <{SECRETARIAT}>\nObjet : {request['Subject']}\n\n"
                      + request.get_content())
    harvest(folder, tmp_path, relay)
    replies = json.loads(run(folder, "replies", "--format", "json").stdout)
    written_to = next(c.email for c in clients if c.code == code)
    assert [(r["intent"], r["addresses"], r["clients"]) for r in replies] == [("address", [written_to], [code])]


def test_a_reply_deciding_nothing_that_names_another_file_stays_with_the_client_asked(folder, tmp_path, smtp, clients):
    request, code = one_request(folder, smtp)
    other = next(c for c in clients if c.code != code)
    harvest(folder, tmp_path, reply(request, "compta@cabinet-comptable.example",
                                    f"Bonjour, je vous ai déjà répondu le 25 novembre pour ce dossier (en réponse à "
                                    f"votre mail concernant {other.name}). Merci de vérifier de votre côté."))
    row = next(iter(matched(folder).values()))
    assert row["clients"] == [code]


@pytest.mark.parametrize("text", [
    "Pour l'entreprise, c'est la gérante qui va vous répondre à son retour. Par contre pour mon dossier perso, envoyez "
    "plutôt sur perso.quelquun@webmail.example",
    "Attention : c'est pour l'autre société, pas pour la holding. Il a répondu sur le mauvais message : envoyez tout à "
    "compta@groupe.example",
])
def test_a_reply_that_leaves_the_file_asked_to_someone_else_links_nobody(folder, tmp_path, smtp, text):
    request, code = one_request(folder, smtp)
    harvest(folder, tmp_path, reply(request, "quelquun@groupe.example", text))
    row = next(iter(matched(folder).values()))
    assert row["clients"] == [] and row["status"] == "review"


@pytest.mark.parametrize("text, linked", [
    ("Bonjour, pour le GFA, merci d'envoyer les factures à gfa.domaine@exemple-vignes.example", False),
    ("Pour notre autre société, envoyez plutôt à compta@autre-structure.example", False),
    ("Pour le magasin aussi, envoyez à compta@exemple-magasin.example", True),        # "aussi": this file too
])
def test_a_decision_scoped_to_another_kind_of_entity_is_not_the_file_asked(folder, tmp_path, smtp, text, linked):
    request, code = one_request(folder, smtp)
    harvest(folder, tmp_path, reply(request, "quelquun@exemple-vignes.example", text))
    row = next(iter(matched(folder).values()))
    assert row["clients"] == ([code] if linked else [])


@pytest.mark.parametrize("wording, linked", [
    # the decision is another entity's, the file asked is put off: nobody is linked
    ("Concernant la SCI des Tilleuls, merci d'envoyer à sci.tilleuls@exemple-sci.example. Pour {mine}, je "
     "reviens vers vous.", False),
    # a "vous pouvez" said of another entity is no yes for the file asked
    ("Pour la SCI qui possède les murs, vous pouvez utiliser mon adresse perso, proprio.sci@exemple-sci.example. "
     "Je vous réponds pour {mine} dans un second temps.", False),
    # our message named in passing names nobody; the other file by its reference
    ("Votre message adressé à {mine} m'a été transmis. Pour {other} (votre réf. {other_code}), le papier reste "
     "préférable, merci de ne rien changer. Pour {mine}, je vous répondrai plus tard.", False),
    # the file asked decides for itself, another is put off: the file asked stays linked
    ("C'est bon pour nous, vous pouvez envoyer à compta@exemple-sci.example. Pour la SCI, je reviens vers vous.",
     True),
    # (from a review of this reading: wordings that it first sent to a person, or linked wrongly)
    ("Nous restons au papier. Je vous tiens au courant si nous changeons d'avis.", True),
    ("Oui pour nous, et je vous réponds plus tard pour la SCI.", True),
    ("Nouvelle adresse : facturation@exemple-sci.example\nPour la SCI, plus tard.", True),
    ("OK. Pour la SCI, merci d'envoyer les factures à sci.moulin@exemple-sci.example.", False),
    ("Pour la SCI\nVous pouvez envoyer sur sci.moulin@exemple-sci.example", False),
    ("Pour la S.C.I. du Moulin, vous pouvez envoyer les factures à sci.moulin@exemple-sci.example.", False),
    ("Pour ce qui est de la SCI, vous pouvez envoyer à sci.moulin@exemple-sci.example.", False),
])
def test_whom_a_threaded_decision_is_for_is_read_sentence_by_sentence(folder, tmp_path, smtp, clients, wording, linked):
    request, code = one_request(folder, smtp)
    mine = next(c for c in clients if c.code == code)
    other = next(c for c in clients if c.code != code)
    text = "Bonjour,\n" + wording.format(mine=mine.name, other=other.name, other_code=other.code) + "\nCordialement"
    # from the address written to, quoting our request under Gmail's header as most replies do
    quoted = "\n".join("> " + line for line in request.get_content().strip().splitlines())
    text += f"\n\nLe mer. 18 nov. 2026 à 10:00, Cabinet Exemple <{SECRETARIAT}> a écrit :\n{quoted}"
    harvest(folder, tmp_path, reply(request, mine.email, text))
    row = next(iter(matched(folder).values()))
    assert row["clients"] == ([code] if linked else []), row


def test_a_staff_note_scoping_the_reply_to_another_entity_links_nobody(folder, tmp_path, smtp, clients):
    request, code = one_request(folder, smtp)
    mine = next(c for c in clients if c.code == code)
    forward = reply(request, "c.fontaine@cabinet-exemple.fr",
                    "Pour l'établissement de Pornic uniquement.\n\nClaire\n\n-----Message d'origine-----\n"
                    f"De : {mine.email}\nObjet : Re: {request['Subject']}\n\nBonjour, pour les factures merci "
                    "d'utiliser factures.pornic@exemple-sci.example", subject="TR: Re: " + request["Subject"])
    harvest(folder, tmp_path, forward)
    row = next(iter(matched(folder).values()))
    assert row["clients"] == [] and row["status"] == "review", row


# A client file whose clients are tied to one another (one workshop, one association and its training body,
# namesakes), as firms' files are; the replies below were first read wrongly on a blind set (requests-blind8)
TIED = """Code client;Raison sociale;Forme juridique;SIRET;Adresse;CP;Ville;Téléphone;E-mail
T0101;KERLANN Maud (Studio Kerlann);EI;;3 rue de la Fonderie;44200;Nantes;;studio.kerlann@exemple.example
T0102;GUIHENEUF Léa (Atelier Céramique Lune);EI;;3 rue de la Fonderie;44200;Nantes;;lea.guiheneuf@exemple.example
T0201;Les Ateliers du Sillon;Association;;22 rue du Sillon;44800;Saint-Herblain;;direction@sillon.example
T0202;Sillon Formation;Association;;22 rue du Sillon;44800;Saint-Herblain;;formation@sillon.example
T0301;Bouvier Paysages;SARL;;1 route de Vannes;44300;Nantes;;bouvier.f@exemple.example
T0302;BOUVIER Frédéric (kiné);EI;;4 rue Crébillon;44000;Nantes;;cabinet.bouvier@exemple.example
T0401;HERRMANN Jean-Paul;Particulier;;5 rue des Vignes;67000;Strasbourg;;jp.herrmann@exemple.example
T0402;HERRMANN Nathalie;Particulier;;5 rue des Vignes;67000;Strasbourg;;nathalie.herrmann@exemple.example
T0501;Harmonie d'Ingersheim;Association;;1 place de la Mairie;68040;Ingersheim;;harmonie@exemple.example
T0502;École de musique d'Ingersheim;Association;;1 place de la Mairie;68040;Ingersheim;;ecole@exemple.example
T0601;WALTER Gérard;Particulier;;3 rue du Moulin;67200;Strasbourg;;gerard.walter@exemple.example
T0602;Walter Informatique;SARL;;9 rue du Port;67100;Strasbourg;;contact@walter-informatique.example
T0701;BARNES & WHITFIELD GITES LLP;LLP;;Moulin de la Neste;65240;Arreau;;hello@gites.example
T0702;BARNES Richard et Sarah;Particulier;;Moulin de la Neste;65240;Arreau;;hello@gites.example
T0801;BAR-TABAC LE CENTRAL;SARL;;11 allées Niel;31600;Muret;;gilbert.ribes@exemple.example
T0802;RIBES Gilbert;Particulier;;4 chemin de la Saudrune;31120;Roques;;gilbert.ribes@exemple.example
T0901;FERREIRA PLOMBERIE;SARL;;27 route d'Eaunes;31600;Muret;;ferreira.plomberie@exemple.example
T0902;AU PAIN DORÉ;EURL;;2 place de la République;31600;Muret;;aupaindore@exemple.example
T1001;SCEA DU CLOS DES PINS;SCEA;;28 rue de la Vallée;37210;Vouvray;;contact@closdespins.example
T1002;GFA DES PINS;GFA;;28 rue de la Vallée;37210;Vouvray;;p.martin@closdespins.example
T1101;OPTIQUE LAMBERT;SARL;;61 rue Nationale;37000;Tours;;tours@optique-lambert.example
T1102;OPTIQUE LAMBERT;SARL;;14 rue du Commerce;41000;Blois;;blois@optique-lambert.example
T1201;GARAGE KERMAREC AUTOMOBILES;SARL;;117 avenue Maginot;37100;Tours;;garage.kermarec@exemple.example
T1202;KERMAREC LOCATION;SASU;;119 avenue Maginot;37100;Tours;;contact@kermarec-location.example
"""


def tied_request(folder: Path, tmp_path: Path, smtp, code: str) -> EmailMessage:
    """Import the TIED client file, send every client its request; the one client ``code`` received."""
    path = tmp_path / "tied.csv"
    path.write_text(TIED, encoding="utf-8")
    assert run(folder, "clients", "import", str(path)).exit_code == 0
    with_section(folder, "smtp", smtp.settings())
    assert run(folder, "send", "requests").exit_code == 0
    return next(m.message for m in smtp.messages if code_of(m.message) == code)


@pytest.mark.parametrize("code, sender, text, linked, proposed", [
    # a first name is enough to point at the client sharing the writer's workshop
    ("T0101", "studio.kerlann@exemple.example", "C'est parfait pour moi.\nLéa m'a dit que pour elle c'est ok aussi, "
     "vous pouvez envoyer ses factures sur cette même adresse.", ["T0101"], "T0102"),
    # "convient pour l'association" decides for the file asked; the other file is named by its reference
    ("T0201", "direction@sillon.example", "L'adresse direction@sillon.example convient pour l'association.\n"
     "Pour le dossier T0202, merci d'utiliser compta.formation@sillon.example.", ["T0201"], "T0202"),
    # a namesake received the request: what he decides is his own file's
    ("T0301", "bouvier.f@exemple.example", "Je pense qu'il y a une erreur : je n'ai aucun lien avec la société "
     "Bouvier Paysages, ce doit être un homonyme.\nPour mon cabinet, l'adresse cabinet.bouvier@exemple.example que "
     "vous avez est la bonne, vous pouvez y envoyer mes factures.", [], ""),
    # the wife writes from her husband's mailbox, on his thread, for her own file
    ("T0401", "jp.herrmann@exemple.example", "C'est Nathalie Herrmann, j'utilise la boîte de mon mari. Pour mon dossier "
     "à moi, vous pouvez m'envoyer les factures sur nathalie.herrmann@exemple.example.", [], "T0402"),
    # ... or shares it, and says who writes
    ("T0401", "jp.herrmann@exemple.example", "C'est Nathalie Herrmann qui vous répond, l'épouse de Jean-Paul (nous "
     "partageons cette adresse).\nPour mon dossier à moi, merci d'envoyer mes factures sur "
     "nathalie.herrmann@exemple.example\nJean-Paul vous répondra pour lui.", [], "T0402"),
    # a namesake: "je suis bien … mais celui de …", "je ne connais pas ce monsieur"
    ("T0302", "bouvier.f@exemple.example", "Il y a une erreur : je suis bien Frédéric Bouvier mais celui de Vannes, "
     "je ne connais pas ce monsieur. Pour mes factures, vous pouvez utiliser fbouvier.vannes@exemple.example.", [], ""),
    # the writer left the company asked: what he decides is his own file's
    ("T0602", "contact@walter-informatique.example", "Je ne suis plus gérant de Walter Informatique : j'ai cédé mes "
     "parts à mon associé au 1er novembre, c'est lui qu'il faut voir pour la société.\nEn revanche, pour mon dossier "
     "personnel, je préfère continuer à recevoir mes factures par courrier.", [], ""),
    # a grandson writes on the client's behalf, and relays his father's company's address
    ("T0601", "gerard.walter@exemple.example", "Je suis Léo, le petit-fils de M. Walter Gérard. Il m'a demandé de vous "
     "répondre parce qu'il ne sait pas se servir de l'ordinateur.\nIl préfère continuer à recevoir ses factures par "
     "la poste.\nIl dit aussi que pour l'entreprise de mon père (Walter Informatique) vous pouvez envoyer par mail à "
     "contact@walter-informatique.example, papa est d'accord.", ["T0601"], "T0602"),
    # (requests-blind12) put off in English for the file asked, an address for the couple's own file
    ("T0701", "hello@gites.example", "For the LLP I need to check with Sarah and our UK accountant first. I will come "
     "back to you after the holidays.\nFor our personal tax file (Richard & Sarah Barnes), please send the invoices to "
     "my own address rather than to the gites mailbox: richard.barnes@exemple.example", [], "T0702"),
    # the seller of the bar, from the mailbox both files share: his yes is for his own file
    ("T0801", "gilbert.ribes@exemple.example", "J'ai vendu le Central : les parts ont été cédées le 1er décembre, "
     "c'est Mme Martins la nouvelle gérante, elle va vous répondre pour le bar.\nPour mon dossier personnel par "
     "contre c'est d'accord, vous pouvez m'envoyer mes factures sur gilbert.ribes@exemple.example.", [], "T0802"),
    # the buyer says who she is for the file asked, and names the seller
    ("T0801", "sofia.martins@exemple.example", "Je suis la nouvelle gérante de la SARL Bar-Tabac Le Central depuis le "
     "rachat des parts. M. Ribes m'a fait suivre votre message.\nMerci d'envoyer désormais les factures du bar à "
     "barlecentral@exemple.example (et plus à M. Ribes).", ["T0801"], "T0802"),
    # an address the file holds for another client alone: that client is proposed
    ("T0901", "ferreira.plomberie@exemple.example", "ok pr la plomberie a cette adresse\net pr la boulangerie de ma "
     "femme (l ancienne boulangerie Marty place de la Republique) c est aupaindore@exemple.example pareil c est elle "
     "qui lit", ["T0901"], "T0902"),
    # "les factures des deux associations", in answer to the request to one of them: that one is among them
    ("T0501", "harmonie@exemple.example", "Je suis la trésorière de l'Harmonie et aussi de l'école de musique. Merci "
     "d'envoyer les factures des deux associations sur ma boîte : tresorerie.harmonie@exemple.example",
     ["T0501"], "T0502"),
    # (requests-blind13, each first linked to the file asked, or to nobody, wrongly)
    # a namesake: "celui-là c'est pas moi", his own file's reference
    ("T0302", "bouvier.f@exemple.example", "J ai reçu 2 mails de votre part. Celui ref T0302 c est pas moi, je suis "
     "Frédéric Bouvier paysagiste (dossier T0301). Pour mes factures a moi c est ok sur cette adresse.", [], "T0301"),
    # the sister association's secretary: the tied one's decision relayed, the file asked passed on to its treasurer
    ("T0501", "harmonie@exemple.example", "Je relève la boîte de l'Harmonie mais je ne m'occupe pas des factures, "
     "c'est notre trésorier qui gère, il est aussi trésorier de l'école. Il m'a dit que pour l'école de musique c'est "
     "bon sur ecole@exemple.example. Je lui transmets votre message pour l'Harmonie.", [], "T0502"),
    # "pour la boulangerie" from the bakery's owner may be its premises, or her other business: a person decides
    # (read as the company's own, it linked a plumber's file to his wife's shop in a hunt for wrong links)
    ("T0902", "marie.perso@webmail.example", "je réponds depuis mon adresse personnelle. Pour la boulangerie, d'accord "
     "pour recevoir les factures par email mais svp sur ma boite perso (celle-ci : marie.perso@webmail.example), "
     "aupaindore@exemple.example c'est pour les commandes.", [], ""),
    # a kind in brackets after a noun, or counted: the GFA's mailbox deciding for the SCEA, for "les 2 SCEA" (a hunt)
    ("T1002", "p.martin@closdespins.example", "pour l'exploitation (SCEA) c'est d'accord sur cette adresse.", [], ""),
    ("T1002", "p.martin@closdespins.example", "Pour les 2 SCEA c'est ok sur cette adresse.", [], ""),
    # "les deux autres sociétés", from the holding's mailbox: not the holding
    ("T1201", "garage.kermarec@exemple.example", "Pour les deux autres sociétés c'est ok sur compta@kermarec.example",
     [], ""),
    # "le domaine (SCEA)": the file asked by its own legal form, beside the GFA
    ("T1001", "contact@closdespins.example", "Pour le domaine (SCEA) et pour le GFA, merci d'envoyer les factures à "
     "p.martin@closdespins.example, c'est moi qui les traite.", ["T1001"], "T1002"),
    # "mon autre société": the company the file ties to the one asked
    ("T1201", "garage.kermarec@exemple.example", "c est bon pour le garage vous pouvez envoyer sur cette adresse. Vous "
     "pouvez faire de même pour mon autre société.", ["T1201"], "T1202"),
    # (requests-blind14) "votre message concerne plutôt notre …", the file asked's own answer put off; its name alone
    # in the signature decides nothing
    ("T0201", "direction@sillon.example", "Votre message concerne plutôt notre organisme de formation, Sillon Formation "
     "(votre réf. T0202), dont nous assurons le secrétariat : ses factures peuvent être envoyées à "
     "compta.formation@sillon.example.\nS'agissant de l'association elle-même, la question sera soumise au bureau, qui "
     "reviendra vers vous en janvier.\nService comptabilité\nLes Ateliers du Sillon", [], "T0202"),
    # a bookkeeper's list: the file asked's own item puts it off, the yes is its sister company's (a hunt)
    ("T1202", "compta@kermarec.example", "Voici pour vos deux dossiers :\n- Garage Kermarec : ok sur cette adresse\n"
     "- Kermarec Location : M. Kermarec doit me confirmer, je reviens vers vous.", [], "T1201"),
    # ... or says its yes is to come, which alone reads as a question (a second hunt)
    ("T1202", "compta@kermarec.example", "- Garage Kermarec : ok pour compta@kermarec.example\n- Kermarec Location : je "
     "vous confirme la semaine prochaine", [], "T1201"),
    # ... while "même chose pour l'optique de Blois" names the other shop by its town, not the file asked
    ("T1101", "tours@optique-lambert.example", "Merci d'envoyer les factures plutôt à compta@optique-lambert.example.\n"
     "Même chose pour l'optique de Blois (T1102), on fait la compta des deux au même endroit.", ["T1101"], "T1102"),
    # a sentence hard-wrapped at 72 columns is one sentence: the bakery's decision, after a word of another file
    ("T0202", "cabinet.gestion@webmail.example", "Je vous ai répondu le 15/12 sur le dossier des Ateliers du Sillon pour "
     "mes deux\nclients. Je vous remets l'info pour la formation : Marie veut recevoir ses\nfactures directement sur "
     "marie.sillon@webmail.example", ["T0202"], "T0201"),
    # (stop 38, from requests-blind15 to 20) the writer's own private file, on a company's thread whose own answer is
    # put off: another file's decision
    ("T0801", "gilbert.ribes@exemple.example", "Pour le bar, c'est mon associé qui s'occupe de l'administratif ; il "
     "vous répondra à son retour de congés.\nJ'en profite pour mon dossier personnel : merci d'utiliser plutôt "
     "gilbert.perso@webmail.example.", [], "T0802"),
    # what is about no file puts off, the rest is another file's
    ("T1002", "p.martin@closdespins.example", "Pour moi je préfère réfléchir encore un peu (je ne suis pas sûr de vouloir "
     "tout par mail), je reviens vers vous avant la fin du mois.\nPour la SCEA, c'est mon fils qui gère : vous pouvez "
     "utiliser son adresse pierre.martin@webmail.example.", [], "T1001"),
    # the writer cannot answer for the client asked, or says the message was not for her
    ("T0601", "gerard.walter@exemple.example", "Je ne m'occupe plus de son secrétariat depuis septembre, je ne peux "
     "donc pas vous répondre pour lui. Il faut voir directement avec lui.", [], ""),
    ("T1002", "p.martin@closdespins.example", "Je crois que ce message ne m'est pas vraiment destiné : le GFA, c'est mon "
     "beau-père qui s'en occupe. Je lui transmets et il vous répondra.\nEn revanche pour la SCEA, vous pouvez envoyer les "
     "factures à compta@closdespins.example.", [], "T1001"),
    ("T0601", "gerard.walter@exemple.example", "Je crois que ce message est pour mon fils, vous avez dû mettre mon "
     "adresse par erreur. Par contre pour Walter Informatique vous pouvez envoyer sur contact@walter-informatique.example",
     [], "T0602"),
    ("T0101", "studio.kerlann@exemple.example", "C'est Léa, je partage l'atelier. Je me permets de répondre pour moi : je "
     "suis aussi cliente chez vous pour ma céramique. Pour mes factures, merci d'utiliser lea.lune@webmail.example.\n"
     "Pour le studio, Maud vous répondra elle-même.", [], "T0102"),
    # ... while a namesake set aside beside the file asked's own yes is no wrong person
    ("T0301", "bouvier.f@exemple.example", "Je vous ai déjà répondu ! J'avais répondu sur le mail adressé à M. Frédéric "
     "Bouvier (un homonyme, rien à voir avec moi).\nDonc je redis : ok pour les factures de Bouvier Paysages sur cette "
     "adresse.", ["T0301"], "T0302"),
    # a yes, then "et pareil pour" another file: the yes is the file asked's
    ("T1001", "contact@closdespins.example", "OK pour cette adrese, et pareil pour le GFA.\nMon fils vous répondra pour "
     "son dossier à lui.", ["T1001"], "T1002"),
    # a private person's own invoices, beside the family's company, relayed by the manager
    ("T0802", "m.durand@cabinet-exemple.fr", "J'ai eu M. Ribes au téléphone : c'est le nouveau gérant qui a répondu pour "
     "le bar-tabac (Le Central), et il souhaite continuer à recevoir ses factures personnelles par courrier.", ["T0802"],
     "T0801"),
    # "j'ai vendu le bar": the seller's own private file is still hers to decide
    ("T0802", "gilbert.ribes@exemple.example", "J'ai vendu le bar début décembre, c'est le nouveau gérant du Central qui "
     "vous répondra. Pour mes factures à moi je préfère continuer à les recevoir par la poste.", ["T0802"], "T0801"),
    # "pour les deux," under the list of both companies
    ("T1201", "garage.kermarec@exemple.example", "Je vous réponds ici pour nos deux sociétés :\n- Garage Kermarec "
     "Automobiles\n- Kermarec Location\nPour les deux, merci d'envoyer les factures à factures@kermarec.example. "
     "L'adresse garage.kermarec@ reste valable pour nos échanges, mais pas pour les factures.", ["T1201"], "T1202"),
    # the shop asked, by its street, beside the other shop of the same name
    ("T1101", "tours@optique-lambert.example", "Oui pour le magasin rue Nationale c'est bien cette adresse.\nPour celui "
     "de Blois (votre réf. T1102), envoyez comme d'habitude sur blois@optique-lambert.example.", ["T1101"], "T1102"),
    # a couple's own answer put off, and a question for their son's business (named by its reference)
    ("T0702", "hello@gites.example", "Pour nous deux, je vous réponds la semaine prochaine, Richard est à l'hôpital pour "
     "son genou.\nNotre fils nous demande de vous poser une question pour les gîtes (réf. T0701) : pourriez-vous "
     "déposer les factures directement dans son logiciel plutôt que par mail ?", [], "T0701"),
    # (stop 38, requests-blind21 and 22) a stranger whose address is on file; a mother on her son's company's thread
    ("T0601", "gerard.walter@exemple.example", "Je crois que vous vous êtes trompés d'adresse, je ne connais pas de "
     "Gérard Walter. Merci de retirer mon adresse de votre fichier.", [], ""),
    ("T0602", "contact@walter-informatique.example", "Ce message concerne la société de mon fils Kevin, je lui fais "
     "suivre et il vous répondra lui-même.\nPour mon dossier à moi, vous pouvez m'envoyer mes factures à "
     "gerard.walter@exemple.example, ça me convient très bien.", [], "T0601"),
    # a staff note: "rien ne change" for the owner's own file, beside his wife's answer for the company asked
    ("T0701", "m.durand@cabinet-exemple.fr", "Pour info : Mme Barnes nous demande d'envoyer les factures des gîtes sur "
     "son adresse à elle, sarah.barnes@webmail.example ; rien ne change pour le dossier personnel de M. Barnes.",
     ["T0701"], "T0702"),
    # the one asked will be asked ("je lui demande dimanche"), the rest decides for another file
    ("T0601", "contact@walter-informatique.example", "Pour papa je vous redis, je lui demande dimanche, il préfère "
     "peut-être le courrier.\nPour l'informatique par contre je ne veux pas de facture par mail, je préfère le "
     "papier.", [], "T0602"),
    # "pour les factures de l'exploitation", from the farm on its landlord GFA's thread
    ("T1002", "p.martin@closdespins.example", "Ici l'exploitation. Nous sommes seulement fermiers des terres du GFA, "
     "qui appartient aux parents ; ils n'ont pas d'e-mail. Je leur en parle.\nPour les factures de l'exploitation, "
     "c'est OK sur contact@closdespins.example.", [], ""),
    # "pour l'ensemble du groupe" includes the file asked
    ("T1202", "contact@kermarec-location.example", "M. Kermarec vous a répondu pour l'ensemble du groupe le mois "
     "dernier : nos factures doivent aller à compta@kermarec.example.", ["T1202"], ""),
    # the writer's own private file, on the company's thread: the private person the file ties to it is proposed
    ("T0801", "gilbert.ribes@exemple.example", "ok pour facture par mail sur cette adresse pour le bar.\nAussi pour "
     "moi personel (pour declaration impot) vous pouvez envoyer meme adresse.", ["T0801"], "T0802"),
    # a company's thread answered only for the writer's own private file (a third hunt)
    ("T0801", "gilbert.ribes@exemple.example", "J'en profite pour mon dossier personnel : vous pouvez m'envoyer mes "
     "factures sur gilbert.perso@webmail.example, je la regarde plus souvent que celle-ci.", [], "T0802"),
])
def test_a_threaded_reply_about_tied_clients_links_the_file_asked_and_proposes_the_others(
        campaign_dir, tmp_path, smtp, code, sender, text, linked, proposed):
    request = tied_request(campaign_dir, tmp_path, smtp, code)
    harvest(campaign_dir, tmp_path, reply(request, sender, "Bonjour,\n" + text + "\nCordialement"))
    row = matched(campaign_dir)[sender]
    assert row["clients"] == linked and row["status"] == "review", row
    assert proposed in " ".join(row["candidates"]), row


@pytest.mark.parametrize("code, sender, text, address", [
    # the wife's shop is no client: the plumber's yes is for the address written to, hers is not his (a hunt for
    # wrong links; it was linked with her address filled in as his)
    ("T0901", "ferreira.plomberie@exemple.example", "c'est bon pour la plomberie à cette adresse. Pour le magasin de "
     "ma femme vous pouvez envoyer à lea.deco@webmail.example", "ferreira.plomberie@exemple.example"),
    # "M. Lambert me charge de vous confirmer son accord …, à son adresse habituelle" (requests-blind14)
    ("T1101", "assistante@optique-lambert.example", "M. Lambert me charge de vous confirmer son accord pour l'envoi de "
     "ses factures par e-mail, à son adresse habituelle.\nBien cordialement,\nJulie Marchand\nAssistante",
     "tours@optique-lambert.example"),
])
def test_a_threaded_yes_gives_the_address_it_is_for(campaign_dir, tmp_path, smtp, code, sender, text, address):
    request = tied_request(campaign_dir, tmp_path, smtp, code)
    harvest(campaign_dir, tmp_path, reply(request, sender, "Bonjour,\n" + text + "\nCordialement"))
    replies = json.loads(run(campaign_dir, "replies", "--format", "json").stdout)
    assert [(r["intent"], r["addresses"], r["clients"]) for r in replies] == [("address", [address], [code])]


@pytest.mark.parametrize("code, sender, text, intent, addresses", [
    # the company asked by its form: paper for it, an address for the other file
    ("T1001", "contact@closdespins.example", "Pour la SCEA on garde le courrier papier svp. Pour le GFA, vous pouvez "
     "envoyer sur p.martin@closdespins.example.", "refusal", []),
    # another legal form names another file, though the names share their words (a second hunt)
    ("T1001", "contact@closdespins.example", "Pour votre information, le GFA des Pins reste au courrier. Pour le Clos "
     "des Pins c'est d'accord sur cette adresse.", "address", ["contact@closdespins.example"]),
    # "pour moi" is no file: "c'est bon pour moi" is a yes (read as another file, it unlinked plain yeses)
    ("T1001", "contact@closdespins.example", "Pour la SCEA on garde le courrier papier svp. Pour moi, vous pouvez "
     "envoyer sur p.martin.perso@webmail.example.", "address", ["p.martin.perso@webmail.example"]),
    # ... or by a word of its name, the other file by its own (requests-blind14's shape: a winegrower's files)
    ("T0801", "gilbert.ribes@exemple.example", "Pour le bar-tabac je préfère garder le courrier papier.\nPour le "
     "GFA envoyez plutôt à gfa.ribes@exemple.example.", "refusal", []),
    # the other way round: the file asked (the bar) gets the address, the paper is the writer's own file's
    ("T0801", "gilbert.ribes@exemple.example", "Pour moi personnellement je préfère garder le courrier papier.\nPour le "
     "bar-tabac envoyez plutôt à compta.central@exemple.example.", "address", ["compta.central@exemple.example"]),
    # a bookkeeper's list, one item per client: the file asked's item first (requests-blind14)
    ("T1202", "cabinet.gestion@webmail.example", "Je tiens la comptabilité de plusieurs de vos clients, je vous réponds "
     "en une fois :\n- Garage Kermarec : M. Kermarec préfère recevoir directement, sur yann.kermarec@webmail.example ;"
     "\n- Kermarec Location : OK sur contact@kermarec-location.example\nBonne journée", "address",
     ["contact@kermarec-location.example", "yann.kermarec@webmail.example"]),
    # "pour moi" from a person asked may be someone else's own file (a spouse, an heir): read as before
    ("T0802", "gilbert.ribes@exemple.example", "Pour moi je préfère garder le courrier papier.\nPour le bar-tabac "
     "envoyez plutôt à compta.central@exemple.example.", "address", ["compta.central@exemple.example"]),
    # ... while "pour moi personnellement" on a private person's own thread is that file's (stop 37's weak spot)
    ("T0802", "gilbert.ribes@exemple.example", "Pour moi personnellement je préfère garder le courrier papier.\nPour le "
     "bar-tabac envoyez plutôt à compta.central@exemple.example.", "refusal", []),
])
def test_a_threaded_reply_deciding_apart_for_two_files_answers_the_file_asked_by_its_own_part(
        campaign_dir, tmp_path, smtp, code, sender, text, intent, addresses):
    request = tied_request(campaign_dir, tmp_path, smtp, code)
    harvest(campaign_dir, tmp_path, reply(request, sender, "Bonjour,\n" + text + "\nCordialement"))
    replies = json.loads(run(campaign_dir, "replies", "--format", "json").stdout)
    assert [(r["intent"], r["addresses"]) for r in replies] == [(intent, addresses)], replies


def test_a_manager_relaying_a_call_in_her_words_designates_the_shop_by_its_town(campaign_dir, tmp_path, smtp):
    # "au sujet de votre message : pour le magasin de Blois, …": what follows the colon is the client's decision
    # (requests-blind13; the other shop of the same name, in Tours, kept it from the file asked)
    request = tied_request(campaign_dir, tmp_path, smtp, "T1102")
    text = ("Bonjour,\nMme Lambert m'a appelée ce matin au sujet de votre message : pour le magasin de Blois, elle "
            "souhaite que les factures partent à compta@optique-lambert.example, et pas sur l'adresse du magasin qui "
            "est lue par les vendeurs. Elle n'a pas le temps de répondre elle-même, elle m'a demandé de vous "
            "transmettre.\nMerci,\nClaire Fontaine")
    harvest(campaign_dir, tmp_path, reply(request, "c.fontaine@cabinet-exemple.fr", text))
    row = next(iter(matched(campaign_dir).values()))
    assert row["clients"] == ["T1102"], row


def test_a_managers_note_saying_address_unchanged_keeps_the_file_asked_linked(campaign_dir, tmp_path, smtp):
    # "adresse inchangée" approves the address on file; it puts nothing off (requests-blind9)
    request = tied_request(campaign_dir, tmp_path, smtp, "T0602")
    text = ("Bonjour,\nPour mise à jour : Kevin est d'accord pour Walter Informatique, adresse inchangée.\n"
            "Par contre je n'ai rien vu passer pour le dossier de son père (T0601), à vérifier de votre côté.\nThomas\n\n"
            "De : Kevin Walter <contact@walter-informatique.example>\nEnvoyé : mercredi 2 décembre 2026 14:05\n"
            f"Objet : RE: {request['Subject']}\n\nSalut Thomas,\nOk pour moi, tu peux envoyer les factures sur "
            "contact@walter-informatique.example comme maintenant.\nKevin")
    harvest(campaign_dir, tmp_path, reply(request, "thomas.schneider@cabinet-exemple.fr", text,
                                          subject="TR: RE: " + request["Subject"]))
    row = next(iter(matched(campaign_dir).values()))
    assert row["clients"] == ["T0602"] and row["status"] == "review" and "T0601" in " ".join(row["candidates"]), row
