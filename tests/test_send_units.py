"""Small parts of the e-mailed requests, without a server: what a message answers, what a bounce
returns, the pace, the messages' headers, the [smtp] settings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from campaign.config import Settings
from campaign.errors import ConfigError
from campaign.letters import ClientInfo
from campaign.outbox import RequestRow
from campaign.sending.compose import Composer
from campaign.sending.send import Pace
from campaign.sending.settings import smtp_settings
from campaign.understanding.threads import bounce_refs, thread_ids


def settings(language: str = "fr", **sections: dict) -> Settings:
    return Settings(path=Path("campaign.toml"), firm="Cabinet Exemple", secretariat="secretariat@cabinet-exemple.fr",
                    switch_date=dt.date(2027, 3, 1), language=language, sections=sections)


def test_thread_ids_read_folded_references_and_a_forward_attached_whole():
    raw = (b"From: a@x.fr\r\nIn-Reply-To: <r1@x.fr>\r\nReferences: <q1.campaign@cab.fr>\r\n <r1@x.fr>\r\n"
           b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: message/rfc822\r\n\r\n"
           b"From: client@y.fr\r\nIn-Reply-To: <q2.campaign@cab.fr>\r\n\r\nOui\r\n--b--\r\n")
    assert thread_ids(raw) == ["r1@x.fr", "q1.campaign@cab.fr", "q2.campaign@cab.fr"]
    assert thread_ids(b"From: a@x.fr\nSubject: no thread\n\nReferences: none in the text\n") == []


@pytest.mark.parametrize("newline", [b"\r\n", b"\n"])
def test_a_bounce_names_the_request_by_its_returned_headers_its_envelope_id_or_its_recipient(newline):
    raw = newline.join([
        b"From: MAILER-DAEMON@mx.fr", b"Message-ID: <own@mx.fr>", b"", b"--b",
        b"Content-Type: message/delivery-status", b"", b"Original-Envelope-Id: q3.campaign@cab.fr", b"",
        b"Final-Recipient: rfc822; Compta@Client.FR", b"Action: failed", b"", b"--b",
        b"Content-Type: text/rfc822-headers", b"", b"Message-ID:", b" <q4.campaign@cab.fr>", b"--b--", b""])
    ids, recipients = bounce_refs(raw)
    assert set(ids) == {"q3.campaign@cab.fr", "q4.campaign@cab.fr"} and "own@mx.fr" not in ids
    assert recipients == ["compta@client.fr"]


def test_the_pace_spaces_messages_evenly_and_no_cap_never_waits():
    now, slept = [100.0], []

    def sleep(seconds: float) -> None:
        slept.append(round(seconds, 3))
        now[0] += seconds

    pace = Pace(30, clock=lambda: now[0], sleep=sleep)
    for _ in range(4):
        pace.wait()
    assert slept == [2.0, 2.0, 2.0]
    now[0] += 10  # a slow server: no sleeping to catch up, no burst either
    pace.wait()
    assert slept == [2.0, 2.0, 2.0]
    free = Pace(0, clock=lambda: now[0], sleep=sleep)
    free.wait(), free.wait()
    assert len(slept) == 3


def test_a_request_and_its_follow_up_carry_the_reference_the_thread_and_the_language():
    client = ClientInfo("C0042", "SARL Exemple", "Claire Fontaine", "c.fontaine@cabinet-exemple.fr", "Mme")
    composer = Composer(settings(), silence=False)
    letter = composer.request(client, "compta@exemple.example")
    msg = composer.message(letter, name=client.name)
    assert msg["Subject"] == "Adresse e-mail pour les factures - ref. C0042"
    assert msg["Message-ID"] == f"<{letter.header_id}>" and len(f"Message-ID: {msg['Message-ID']}") <= 78
    assert msg["Reply-To"] == "secretariat@cabinet-exemple.fr" and msg["Content-Language"] == "fr"
    assert "Votre interlocutrice : Claire Fontaine" in msg.get_content() and "In-Reply-To" not in msg
    first = RequestRow(7, "C0042", "request", letter.header_id, letter.to, letter.subject, "sent",
                       sent_at="2026-11-16T08:00:00+00:00")
    follow = composer.message(composer.follow_up(client, first))
    assert follow["In-Reply-To"] == f"<{letter.header_id}>" and follow["Subject"].startswith("Rappel : ")
    assert "16 novembre 2026" in follow.get_content()
    english = Composer(settings("en"), silence=True)
    text = english.message(english.request(client, "compta@exemple.example")).get_content()
    assert "Unless you tell us otherwise" in text and "March 1, 2027" in text
    assert composer.request(client, "x@y.fr").header_id != letter.header_id
    broken = ClientInfo("C0043", "SARL Exemple\r\nBcc: intrus@pirate.example")   # a cell with line breaks
    header = composer.message(composer.request(broken, "a@b.example"), name=broken.name)["To"]
    assert str(header) == '"SARL Exemple Bcc: intrus@pirate.example" <a@b.example>' and len(header.addresses) == 1


def test_smtp_settings_defaults_and_refusals():
    ssl = smtp_settings(settings(smtp={"host": "smtp.office365.com", "security": "starttls", "username": "s@c.fr"}))
    assert (ssl.port, ssl.per_minute, ssl.auth) == (587, 30, "password")
    assert smtp_settings(settings(smtp={"host": "ssl0.ovh.net"})).port == 465
    for table, words in (({"host": "smtp.x.fr", "security": "plain"}, "only for 127.0.0.1"),
                         ({"host": "smtp.x.fr", "auth": "xoauth2"}, "needs username"),
                         ({"host": "smtp.x.fr", "security": "tls"}, "security must be one of"),
                         ({"host": "smtp.x.fr", "per_minute": -1}, "per_minute must be between"),
                         ({}, "host is missing")):
        with pytest.raises(ConfigError, match=words):
            smtp_settings(settings(smtp=table))


def test_preview_file_names_are_safe_unique_and_never_a_windows_device():
    from campaign.sending.send import eml_name

    taken: set[str] = set()
    names = [eml_name(code, taken) for code in ("A/1", "A:1", "a_1", "CON", "nul.2", "x" * 300, "../../etc", " . ")]
    assert names[:3] == ["A_1.eml", "A_1 (2).eml", "a_1 (3).eml"]
    assert names[3:5] == ["_CON.eml", "_nul.2.eml"] and len(names[5]) == 84
    assert names[6] == "_.._etc.eml" and names[7] == "client.eml"


def test_a_subject_is_one_line_whatever_the_code():
    from campaign.sending.compose import subject_for

    assert subject_for("fr", "X\nBcc: y@z.example") == "Adresse e-mail pour les factures - ref. X Bcc: y@z.example"
