"""Authentication-Results (RFC 8601): the parser, and what the understanding stage keeps for matching."""

from __future__ import annotations

import json
from email.message import EmailMessage

import pytest

from campaign.errors import ConfigError
from campaign.mail.harvest import harvest_files
from campaign.understanding import authresults, stage
from campaign.understanding.mime import parse
from campaign.understanding.reply import FirmContext, understand
from tests.conftest import PUBLIC_MAIL

M365 = ("eur.prod.protection.outlook.com 1; spf=pass (sender IP is 192.0.2.10) smtp.mailfrom=client.example;"
        " dkim=pass (signature was verified) header.d=client.example;dmarc=pass action=none"
        " header.from=client.example;compauth=pass reason=100")
GMAIL = ("mx.google.com;\r\n       dkim=fail header.i=@old.example header.s=s1 header.b=AbC;\r\n"
         "       dkim=pass header.i=@client.example header.s=s2 header.b=dEf;\r\n"
         "       spf=softfail (google.com: domain of x@client.example does not designate 192.0.2.1 as permitted"
         " sender) smtp.mailfrom=x@client.example;\r\n       dmarc=FAIL (p=QUARANTINE sp=NONE dis=NONE)"
         " header.from=client.example")
RSPAMD = ('mx.cabinet-exemple.fr;\r\n\tdkim=none;\r\n\tdmarc=none;\r\n\tspf=neutral (mx.cabinet-exemple.fr:'
          ' 192.0.2.7 is neither permitted nor denied by domain of "a;b"@client.example)'
          ' smtp.mailfrom=x@client.example')


def message(*results: str, arc: str = "") -> EmailMessage:
    msg = EmailMessage()
    if arc:
        msg["ARC-Authentication-Results"] = arc
    for value in results:
        msg["Authentication-Results"] = value
    msg["From"], msg["To"], msg["Subject"] = "marie@client.example", "secretariat@cabinet-exemple.fr", "Re: factures"
    msg.set_content("Envoyez les factures à compta@client.example.\n\nCordialement,\nMarie Durand\nSARL Durand\n")
    return msg


def reparsed(msg: EmailMessage):
    return parse(bytes(msg))


@pytest.mark.parametrize("value, expected", [
    (M365, ("eur.prod.protection.outlook.com", "pass", "pass", "pass")),
    (GMAIL, ("mx.google.com", "fail", "pass", "softfail")),      # one passing DKIM signature is enough
    (RSPAMD, ("mx.cabinet-exemple.fr", "none", "none", "neutral")),  # ';' inside a comment/quote is no separator
    ("mx.example; none", ("mx.example", "", "", "")),
    ("mx.example (comment; spf=pass) ; SPF=TempError; DKIM=PermError (bad key)",
     ("mx.example", "", "permerror", "temperror")),
    ("mx.example; dkim=fail header.d=a.example; dkim=policy header.d=b.example", ("mx.example", "", "fail", "")),
    ("mx.example; spf=bestguesspass smtp.mailfrom=a.example", ("mx.example", "", "", "bestguesspass")),
    # Microsoft 365 as many tenants write it: no authserv-id, the first result first
    ("spf=pass (sender IP is 203.0.113.5) smtp.mailfrom=x.fr; dkim=pass (signature was verified) header.d=x.fr;"
     "dmarc=fail action=none header.from=x.fr;compauth=fail reason=000", ("", "fail", "pass", "pass")),
])
def test_one_header_is_read(value, expected):
    got = authresults.parse_header(value)
    assert (got.server, got.dmarc, got.dkim, got.spf) == expected


def test_folded_header_in_a_real_message_is_read_whole():
    raw = (f"Authentication-Results: {GMAIL}\r\nFrom: marie@client.example\r\nSubject: x\r\n\r\nbody\r\n").encode()
    got = authresults.read(parse(raw))
    assert got.as_dict() == {"server": "mx.google.com", "dmarc": "fail", "dkim": "pass", "spf": "softfail"}
    assert json.loads(got.to_json()) == got.as_dict()


def test_topmost_header_counts_and_a_forged_lower_one_is_ignored():
    forged = "mx.cabinet-exemple.fr; spf=pass; dkim=pass; dmarc=pass"  # written by the sender, below ours
    msg = EmailMessage()
    msg["Authentication-Results"] = "mx.cabinet-exemple.fr; spf=fail smtp.mailfrom=x; dmarc=fail"
    msg["Authentication-Results"] = forged
    got = authresults.read(reparsed(msg))
    assert (got.spf, got.dmarc, got.dkim) == ("fail", "fail", "")


def test_trusted_ids_pick_the_topmost_header_of_the_firms_server():
    msg = EmailMessage()
    msg["Authentication-Results"] = "filter.relay.example; spf=pass; dmarc=pass"
    msg["Authentication-Results"] = "MX.Cabinet-Exemple.fr; spf=fail; dmarc=fail"
    msg["Authentication-Results"] = "mx.cabinet-exemple.fr; spf=pass; dmarc=pass"  # lower: forgeable
    parsed = reparsed(msg)
    assert authresults.read(parsed).server == "filter.relay.example"
    got = authresults.read(parsed, ["mx.cabinet-exemple.fr"])
    assert (got.server, got.spf, got.dmarc) == ("mx.cabinet-exemple.fr", "fail", "fail")
    assert authresults.read(parsed, ["mx.other.example"]) == authresults.AuthResults()


def test_missing_header_and_arc_header_give_empty_results():
    assert authresults.read(reparsed(message())) == authresults.AuthResults()
    arc_only = message(arc="i=1; mx.google.com; dkim=pass; spf=pass; dmarc=pass")
    assert authresults.read(reparsed(arc_only)).as_dict() == {"server": "", "dmarc": "", "dkim": "", "spf": ""}


@pytest.mark.parametrize("name, expected", [
    ("mime-mailparser/mail_test_6.eml", ("mxs.test.it", "", "pass", "pass")),          # folded over 5 lines
    ("mime-mailparser/mail_test_17.eml", ("mailb.triara.com", "", "", "none")),   # "spf=None": lower-cased
    ("bounces-autoreplies-sisimai/lhost-yahoo-04.eml", ("mta1271.mail.bf1.yahoo.com", "", "pass", "")),
    ("bounces-autoreplies-sisimai/lhost-sendmail-26.eml", ("", "", "", "")),  # only in the attached original
])
def test_public_messages(name, expected):
    path = PUBLIC_MAIL / name
    if not path.exists():
        pytest.skip(f"{path} not in the shared fixtures")
    got = authresults.read(parse(path.read_bytes()))
    assert (got.server, got.dmarc, got.dkim, got.spf) == expected


def test_understanding_keeps_own_text_signature_and_auth():
    firm = FirmContext(secretariat="secretariat@cabinet-exemple.fr", authserv_ids=["mx.cabinet-exemple.fr"])
    result = understand(bytes(message("mx.cabinet-exemple.fr; dkim=pass; spf=pass; dmarc=pass")), firm)
    assert result.intent == "address"
    assert result.own_text == "Envoyez les factures à compta@client.example."
    assert "Marie Durand" in result.signature and "Marie" not in result.own_text
    assert result.auth == {"server": "mx.cabinet-exemple.fr", "dmarc": "pass", "dkim": "pass", "spf": "pass"}
    untrusted = understand(bytes(message("mx.sender.example; dmarc=pass")), firm)
    assert untrusted.auth == {"server": "", "dmarc": "", "dkim": "", "spf": ""}


def test_own_text_is_capped():
    msg = message()
    msg.set_content("Envoyez les factures à compta@client.example. " + "bla " * 3000)
    result = understand(bytes(msg), FirmContext(secretariat="secretariat@cabinet-exemple.fr"))
    assert len(result.own_text) == 4000 and result.own_text.startswith("Envoyez")


def test_authserv_ids_setting_is_checked(tmp_path):
    path = tmp_path / "campaign.toml"
    assert stage.parse_understanding_settings({"authserv_ids": ["MX.Cabinet-Exemple.fr "]}, path).authserv_ids == \
        ["mx.cabinet-exemple.fr"]
    for bad in ("mx.cabinet-exemple.fr", [""], [3]):
        with pytest.raises(ConfigError, match=r"campaign.toml: \[understanding\] authserv_ids must be a list"):
            stage.parse_understanding_settings({"authserv_ids": bad}, path)


def test_stage_stores_own_text_signature_and_auth(campaign_dir, campaign, tmp_path):
    toml = campaign_dir / "campaign.toml"
    toml.write_text(toml.read_text() + '\n[understanding]\nauthserv_ids = ["mx.cabinet-exemple.fr"]\n')
    folder = tmp_path / "mail"
    folder.mkdir()
    msg = message("mx.cabinet-exemple.fr; dkim=pass header.d=client.example; spf=fail smtp.mailfrom=x; dmarc=fail")
    msg["Message-ID"], msg["Date"] = "<auth1@client.example>", "Tue, 03 Nov 2026 10:00:00 +0100"
    (folder / "auth1.eml").write_bytes(bytes(msg))
    with campaign.open_store() as store:
        report = harvest_files(store, folder)
        assert report.pipeline.failed == 0
        (row,) = stage.current_replies(store).values()
        raw = store.conn.execute("SELECT auth FROM replies WHERE current = 1").fetchone()[0]
        latest = stage.latest_decisions(store)["marie@client.example"]
    assert row["own_text"] == "Envoyez les factures à compta@client.example."
    assert row["signature"].startswith("Cordialement") and "SARL Durand" in row["signature"]
    assert row["auth"] == {"server": "mx.cabinet-exemple.fr", "dmarc": "fail", "dkim": "pass", "spf": "fail"}
    assert json.loads(raw) == row["auth"] and latest["auth"] == row["auth"]
    assert row["stage_version"] == stage.STAGE_VERSION and int(stage.STAGE_VERSION) >= 5
