"""The lean FETCH returns the very bytes imapclient's does, against a real Dovecot, and falls back
to imapclient on any answer it does not fully understand."""

from __future__ import annotations

import logging
import uuid

import pytest

from campaign.errors import CampaignError
from campaign.mail import fetch
from tests.dovecot import dovecot  # noqa: F401  (fixture)
from tests.test_harvest_imap import message

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def running(dovecot):  # noqa: F811
    if dovecot.process is None:
        dovecot.start()
    yield


def seeded(server, count: int):
    user = f"fetch-{uuid.uuid4().hex[:8]}"
    imap = server.client(user)
    bodies = [message(n, user) for n in range(count)]
    bodies.append(b"Subject: big\r\n\r\n" + b"line with ) and { braces } and UID 99 BODY[] {3}\r\n" * 20000)
    bodies.append("Subject: =?utf-8?q?caf=C3=A9?=\r\n\r\nOù ça ?\r\n".encode("utf-8"))
    imap.multiappend("INBOX", [{"msg": body} for body in bodies])
    imap.select_folder("INBOX")
    return imap, sorted(imap.search(["ALL"]))


def test_lean_fetch_gives_the_same_bytes_as_imapclient(dovecot):  # noqa: F811
    imap, uids = seeded(dovecot, 30)
    try:
        lean = fetch._lean_fetch(imap._imap, uids)
        general = {uid: data[b"BODY[]"] for uid, data in imap.fetch(uids, ["BODY.PEEK[]"]).items()}
        assert lean is not None and lean == general and len(lean) == 32
        assert fetch.fetch_bodies(imap, uids[:5]) == {uid: general[uid] for uid in uids[:5]}
        imap.delete_messages(uids[:2])
        imap.expunge()
        assert set(fetch.fetch_bodies(imap, uids)) == set(uids[2:])  # expunged since the search: absent
        assert b"\\Seen" not in imap.get_flags(uids[2:4])[uids[2]]  # read with PEEK: still unread
    finally:
        imap.logout()


class OddServer:
    """imaplib's answer in a shape the lean reader refuses: a literal that is not the body."""

    def uid(self, command, uids, items):
        return "OK", [(b"1 (UID 7 BODY[HEADER] {4}", b"x\r\n\r\n"), b")"]


class General:
    _imap = OddServer()

    def fetch(self, uids, items):
        return {7: {b"BODY[]": b"the general parser's bytes"}}


def test_an_answer_the_lean_reader_does_not_understand_goes_to_imapclient():
    assert fetch.fetch_bodies(General(), [7]) == {7: b"the general parser's bytes"}


class QuotedBody:
    """A server that sends one body as a quoted string: the lean reader must not skip it."""

    def uid(self, command, uids, items):
        return "OK", [(b"1 (UID 5 BODY[] {6}", b"hello\n"), b")", b'2 (UID 6 BODY[] "short")']


class QuotedGeneral:
    _imap = QuotedBody()

    def fetch(self, uids, items):
        return {5: {b"BODY[]": b"hello\n"}, 6: {b"BODY[]": b"short"}}


class NilGeneral(QuotedGeneral):
    def fetch(self, uids, items):
        return {5: {b"BODY[]": b"hello\n"}, 6: {b"BODY[]": None}}


def test_a_body_not_sent_as_a_literal_is_read_by_imapclient_never_dropped():
    assert fetch.fetch_bodies(QuotedGeneral(), [5, 6]) == {5: b"hello\n", 6: b"short"}


def test_a_message_sent_without_content_stops_the_batch():
    with pytest.raises(CampaignError, match="UID 6"):
        fetch.fetch_bodies(NilGeneral(), [5, 6])


class Scripted:
    """imaplib's connection as the lean reader uses it, answering from a script of lines and literals."""

    class abort(Exception):  # noqa: N801  (imaplib's name)
        pass

    def __init__(self, *answer: bytes, debug: int = 5) -> None:
        self.answer, self.debug, self.tagged_commands = list(answer), debug, {}
        self.sent: list[tuple] = []
        self.levels_seen: list[int] = []

    def _command(self, *args):
        self.sent.append(args)
        self.tagged_commands[b"A001"] = None
        return b"A001"

    def _get_line(self) -> bytes:
        self.levels_seen.append(self.debug)
        return self.answer.pop(0)

    def read(self, size: int) -> bytes:
        chunk = self.answer.pop(0)
        return chunk[:size]

    def uid(self, command, uids, items):  # imaplib's own loop, only used with debug logging on
        return "OK", [(b"1 (UID 5 BODY[] {2}", b"hi"), b")"]


def test_the_lean_reader_reads_literals_skips_unsolicited_lines_and_restores_imaplib():
    imap = Scripted(b"* 3 EXISTS", b"* 1 FETCH (UID 5 BODY[] {5}", b"hello", b")",
                    b"* 2 FETCH (FLAGS (\\Seen))", b"* 2 FETCH (BODY[] {3}", b"abc", b" UID 6)",
                    b"* 3 FETCH (UID 7 BODY[] {0}", b"", b" MODSEQ (12))",
                    b"A001 OK Fetch completed.")
    assert fetch._lean_fetch(imap, [5, 6, 7]) == {5: b"hello", 6: b"abc", 7: b""}
    assert imap.sent == [("UID", "FETCH", "5,6,7", "(UID BODY.PEEK[])")]
    assert imap.tagged_commands == {} and imap.debug == 5 and set(imap.levels_seen) == {0}


def test_the_lean_reader_leaves_to_imapclient_what_it_does_not_understand():
    two_literals = Scripted(b"* 1 FETCH (UID 5 BODY[] {2}", b"hi", b" BODY[HEADER] {1}", b"h", b")", b"A001 OK")
    assert fetch._lean_fetch(two_literals, [5]) is None and two_literals.answer == []  # all read: in step
    refused = Scripted(b"A001 NO [SERVERBUG] try later")
    assert fetch._lean_fetch(refused, [5]) is None


@pytest.mark.parametrize("answer, words", [
    ((b"* 1 FETCH (UID 5 BODY[] {9}", b"cut"), "closed in the middle"),
    ((b"* BYE server shutting down",), "shutting down"),
])
def test_a_connection_lost_mid_answer_is_an_abort_with_imaplib_restored(answer, words):
    imap = Scripted(*answer)
    with pytest.raises(Scripted.abort, match=words):
        fetch._lean_fetch(imap, [5])
    assert imap.debug == 5


def test_with_imaplib_debug_logging_asked_for_the_answer_goes_through_imaplib(caplog):
    imap = Scripted(b"A001 OK")
    with caplog.at_level(logging.DEBUG, logger="imapclient.imaplib"):
        assert fetch._lean_fetch(imap, [5]) == {5: b"hi"}
    assert imap.sent == []
