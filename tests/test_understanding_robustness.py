"""No input crashes reply understanding: mutated, truncated, nested, huge and binary messages.

A message that cannot be understood comes back as ``other`` with a reason; public real-world
bounces and automatic replies are classified and never yield an address.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaign.understanding import INTENTS, FirmContext, understand
from campaign.understanding.addresses import is_firm
from tests.conftest import PROJECT_ROOT, PUBLIC_MAIL

FIRM = FirmContext(secretariat="secretariat@cabinet-exemple.fr", domains=["cabinet-exemple.fr"])
CORPUS = sorted((PROJECT_ROOT / "tests" / "fixtures" / "replies").glob("*.eml"))
SAMPLES = [p.read_bytes() for p in CORPUS[::7]] or [
    b"From: a@b.example\r\nSubject: Re: factures\r\n\r\nOK pour cette adresse.\r\n"]
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(raw: bytes) -> None:
    """understand() returned a well-formed result and no firm address."""
    r = understand(raw, FIRM)
    assert r.intent in INTENTS
    for value in vars(r).values():   # storable: no lone surrogates from undecodable 8-bit bytes
        for text in (value if isinstance(value, list) else [value]):
            if isinstance(text, str):
                text.encode("utf-8")
    assert not any(is_firm(a, FIRM.secretariat, FIRM.domains) for a in r.addresses + r.copies)
    if r.intent in ("bounce", "other") and r.flags and "undecodable" in r.flags:
        assert r.reason
    if r.intent == "bounce":
        assert r.addresses == [] and r.copies == []


@FAST
@given(st.sampled_from(SAMPLES), st.data())
def test_truncated_messages(raw, data):
    check(raw[: data.draw(st.integers(0, len(raw)))])


@FAST
@given(st.sampled_from(SAMPLES), st.lists(st.tuples(st.integers(0, 10_000), st.binary(min_size=1, max_size=8)),
                                           max_size=12))
def test_mutated_messages(raw, edits):
    data = bytearray(raw)
    for position, chunk in edits:
        at = position % (len(data) + 1)
        data[at:at + len(chunk)] = chunk
    check(bytes(data))


@FAST
@given(st.binary(max_size=3000))
def test_binary_garbage(raw):
    check(raw)
    check(b"From: x@y.example\r\nSubject: Re: factures\r\n\r\n" + raw)
    check(b"From: " + raw[:40].replace(b"\n", b" ") + b" <x@y.example>\r\nSubject: " + raw[40:80].replace(b"\n", b" ")
          + b"\r\n\r\nOK")


@FAST
@given(st.text(max_size=40), st.sampled_from(["text/plain", "text/html", "multipart/mixed", "message/rfc822"]),
       st.sampled_from(["base64", "quoted-printable", "8bit", "x-unknown", "7bit"]))
def test_invalid_charsets_and_encodings(charset, ctype, cte):
    header = f'Content-Type: {ctype}; charset="{charset}"\r\nContent-Transfer-Encoding: {cte}\r\n'
    check(b"From: a@b.example\r\nSubject: Re: factures\r\n" + header.encode("utf-8", "replace")
          + b"\r\nd\xe9j\xe0 envoy\xe9 \xc3\xa0 compta@b.example ====\r\n")


def nested(depth: int) -> bytes:
    """A message with ``depth`` nested multiparts around one text part."""
    head = b"From: a@b.example\r\nSubject: Re: factures\r\n"
    parts = b"Content-Type: text/plain\r\n\r\nEnvoyez les factures \xe0 compta@b.example\r\n"
    for level in range(depth):
        boundary = f"b{level}".encode()
        parts = (b"Content-Type: multipart/mixed; boundary=" + boundary + b"\r\n\r\n--" + boundary + b"\r\n"
                 + parts + b"\r\n--" + boundary + b"--\r\n")
    return head + parts


@pytest.mark.parametrize("depth", [1, 30, 200])
def test_deeply_nested_multiparts(depth):
    check(nested(depth))


def test_huge_headers_and_many_parts():
    huge = b"From: a@b.example\r\nSubject: " + b"x" * 200_000 + b"\r\n" + b"X-Junk: y\r\n" * 20_000 + b"\r\nOK\r\n"
    check(huge)
    many = [b"From: a@b.example\r\nSubject: s\r\nContent-Type: multipart/mixed; boundary=z\r\n\r\n"]
    many += [b"--z\r\nContent-Type: text/plain\r\n\r\npart\r\n"] * 2000
    check(b"".join(many) + b"--z--\r\n")


def test_not_a_message_is_other_with_a_reason():
    r = understand(b"\x00\x01\x02 not mail", FIRM)
    assert r.intent == "other" and r.reason


def test_a_crash_inside_is_kept_as_other_with_the_reason(monkeypatch):
    from campaign.understanding import reply

    def broken(_raw):
        raise ValueError("boom")

    monkeypatch.setattr(reply, "parse", broken)
    r = understand(b"From: a@b.example\r\n\r\nx", FIRM)
    assert r.intent == "other" and "boom" in r.reason and "undecodable" in r.flags


SISIMAI = PUBLIC_MAIL / "bounces-autoreplies-sisimai"


@pytest.mark.skipif(not SISIMAI.is_dir(), reason="public mail fixtures not present")
def test_public_bounces_and_autoreplies_are_classified_and_give_no_address():
    wrong = []
    for path in sorted(SISIMAI.glob("*.eml")):
        r = understand(path.read_bytes(), FIRM)
        expected = {"lhost": {"bounce"}, "rhost": {"bounce"}, "rfc3464": {"bounce"}, "rfc3834": {"autoreply"},
                    "arf": {"other", "bounce"}}.get(path.name.split("-")[0])
        if (expected and r.intent not in expected) or r.addresses or r.copies:
            wrong.append((path.name, r.intent, r.addresses + r.copies))
    assert wrong == []


@pytest.mark.skipif(not PUBLIC_MAIL.is_dir(), reason="public mail fixtures not present")
def test_other_public_mail_gives_no_address():
    found = []
    for path in sorted(PUBLIC_MAIL.glob("mime-*/*")) + sorted(PUBLIC_MAIL.glob("french-replies-*/*")):
        if path.is_file() and not path.name.startswith(("LICENSE", "README")):
            r = understand(path.read_bytes(), FIRM)
            if r.addresses or r.copies:
                found.append((str(Path(path.parent.name) / path.name), r.addresses + r.copies))
    assert found == []


def test_a_designation_above_thousands_of_pasted_addresses_is_read_from_the_first_ones():
    from tests.test_understanding_units import mail
    body = "Merci d'envoyer les factures à compta@durand-btp.example.\n\n" + "liste@x.example, " * 3000
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses[:1]) == ("address", ["compta@durand-btp.example"])
