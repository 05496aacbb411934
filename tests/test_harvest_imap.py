"""IMAP harvest against a real Dovecot started on 127.0.0.1 by the tests (tests/dovecot.py).

Each test logs in as its own user (the static passdb accepts any name), so each has a fresh,
empty mailbox on the one server the module starts.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
import zlib
from pathlib import Path

import pytest
import tomlkit
from typer.testing import CliRunner

from campaign.cli import app
from campaign.mail.harvest import harvest_imap
from campaign.mail.imap_settings import parse_imap_settings
from campaign.workspace import load_campaign
from tests.dovecot import PASSWORD, dovecot  # noqa: F401  (fixture)

pytestmark = pytest.mark.integration
runner = CliRunner()


@pytest.fixture(autouse=True)
def running(dovecot):  # noqa: F811
    """Whatever a previous test did to the server, each test starts with it running."""
    if dovecot.process is None:
        dovecot.start()
    yield


@pytest.fixture
def user() -> str:
    return f"secretariat-{uuid.uuid4().hex[:8]}"


def configure(campaign_dir: Path, server, user: str, **imap) -> None:
    """Write the [imap] table of campaign.toml for this server and user."""
    path = campaign_dir / "campaign.toml"
    doc = tomlkit.parse(path.read_text(encoding="utf-8"))
    table = doc["imap"]
    values = {"host": "127.0.0.1", "port": server.plain_port, "security": "plain", "username": user,
              "batch_size": 3, "timeout": 10, "retries": 1, "retry_delay": 0.0}
    values.update(imap)
    for key, value in values.items():
        table[key] = value
    path.write_text(tomlkit.dumps(doc), encoding="utf-8")


def message(n: int, user: str, subject: str | None = None) -> bytes:
    """A synthetic client reply."""
    return (
        f"From: =?utf-8?q?Soci=C3=A9t=C3=A9_Client_{n}?= <compta{n}@client-{n}.example.fr>\r\n"
        f"To: {user}@cabinet-exemple.fr\r\n"
        f"Cc: gerant{n}@client-{n}.example.fr\r\n"
        f"Subject: {subject or f'Re: Envoi des factures par e-mail ({n})'}\r\n"
        f"Date: Mon, 2 Nov 2026 10:{n % 60:02d}:00 +0100\r\n"
        f"Message-ID: <reply-{n}.{user}@client-{n}.example.fr>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        f"Bonjour,\r\nVous pouvez envoyer nos factures à compta{n}@client-{n}.example.fr\r\n"
        "Bien cordialement\r\n"
    ).encode("utf-8")


def seed(server, user: str, numbers, folder: str = "INBOX", flags=()) -> None:
    imap = server.client(user)
    try:
        if not imap.folder_exists(folder):
            imap.create_folder(folder)
        imap.multiappend(folder, [{"msg": message(n, user), "flags": list(flags)} for n in numbers])
    finally:
        imap.logout()


def snapshot(server, user: str) -> dict:
    """Every folder: UIDVALIDITY and, per UID, flags and a hash of the message (read-only)."""
    imap = server.client(user)
    try:
        state = {}
        for _, _, name in imap.list_folders():
            info = imap.select_folder(name, readonly=True)
            uids = imap.search(["ALL"])
            data = imap.fetch(uids, ["FLAGS", "BODY.PEEK[]"]) if uids else {}
            state[name] = (info[b"UIDVALIDITY"], {
                uid: (sorted(d[b"FLAGS"]), hashlib.sha256(d[b"BODY[]"]).hexdigest()) for uid, d in data.items()})
        return state
    finally:
        imap.logout()


def cli(campaign_dir: Path, *args: str, password: str = PASSWORD, **env):
    environment = {"CAMPAIGN_DIR": None, "COLUMNS": "200", "CAMPAIGN_IMAP_PASSWORD": password}
    environment.update(env)
    return runner.invoke(app, ["--campaign", str(campaign_dir), *args], env=environment)


def harvest_directly(campaign_dir: Path, **kwargs):
    """harvest_imap() on the campaign's settings, for tests that need its hooks."""
    campaign = load_campaign(campaign_dir)
    settings = parse_imap_settings(campaign.settings.section("imap"), campaign.settings.path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CAMPAIGN_IMAP_PASSWORD", PASSWORD)
        with campaign.open_store() as store:
            return harvest_imap(store, settings, **kwargs)


def stored(campaign_dir: Path) -> list[sqlite3.Row]:
    conn = sqlite3.connect(campaign_dir / "campaign.db")
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute("SELECT * FROM messages ORDER BY id").fetchall()
    finally:
        conn.close()


def test_first_incremental_and_noop_harvest_leave_the_mailbox_as_it_was(dovecot, user, campaign_dir):
    seed(dovecot, user, range(1, 5))                         # unread
    seed(dovecot, user, range(5, 8), flags=[b"\\Seen", b"\\Flagged"])
    configure(campaign_dir, dovecot, user)
    before = snapshot(dovecot, user)

    first = cli(campaign_dir, "harvest")
    assert first.exit_code == 0, first.output
    assert "INBOX: 7 new, 0 already stored (up to UID 7)" in first.output
    assert snapshot(dovecot, user) == before                   # flags (\Seen too) and contents unchanged

    rows = stored(campaign_dir)
    assert [r["uid"] for r in rows] == list(range(1, 8))
    assert rows[0]["sender"] == "compta1@client-1.example.fr"
    assert rows[0]["sender_name"] == "Société Client 1"
    assert json.loads(rows[0]["recipients"]) == [f"{user}@cabinet-exemple.fr", "gerant1@client-1.example.fr"]
    assert rows[0]["date"] == "2026-11-02T09:01:00+00:00"
    assert zlib.decompress(rows[0]["raw"]) == message(1, user)   # evidence kept byte for byte
    assert PASSWORD.encode() not in (campaign_dir / "campaign.db").read_bytes()
    assert PASSWORD not in first.output

    again = cli(campaign_dir, "harvest")
    assert again.exit_code == 0, again.output
    assert "INBOX: no new mail (up to UID 7)." in again.output
    assert "Nothing new" in again.output
    assert len(stored(campaign_dir)) == 7

    seed(dovecot, user, [8, 9])
    more = cli(campaign_dir, "harvest")
    assert more.exit_code == 0, more.output
    assert "INBOX: 2 new, 0 already stored (up to UID 9)" in more.output
    assert [r["uid"] for r in stored(campaign_dir)] == list(range(1, 10))
    after = snapshot(dovecot, user)
    assert {uid: v for uid, v in after["INBOX"][1].items() if uid <= 7} == before["INBOX"][1]
    assert all(b"\\Seen" not in flags for flags, _ in (after["INBOX"][1][8], after["INBOX"][1][9]))

    listing = cli(campaign_dir, "replies", "--format", "json")
    assert listing.exit_code == 0, listing.output
    replies = json.loads(listing.stdout)
    assert [r["subject"] for r in replies][:2] == ["Re: Envoi des factures par e-mail (1)",
                                                   "Re: Envoi des factures par e-mail (2)"]
    assert {r["state"] for r in replies} == {"processed"}  # the understanding stage ran

    status = cli(campaign_dir, "status")
    assert "Messages harvested" in status.output and "9" in status.output


def test_uidvalidity_change_rescans_without_duplicates_or_misses(dovecot, user, campaign_dir):
    folder = "Réponses clients"
    seed(dovecot, user, [1])
    seed(dovecot, user, [10, 11, 12], folder=folder)
    configure(campaign_dir, dovecot, user, folders=["INBOX", folder])
    first = cli(campaign_dir, "harvest")
    assert first.exit_code == 0, first.output
    assert f"{folder}: 3 new" in first.output

    imap = dovecot.client(user)
    imap.delete_folder(folder)                                 # recreating it changes UIDVALIDITY
    imap.create_folder(folder)
    imap.logout()
    seed(dovecot, user, [10, 11, 12, 13], folder=folder)       # the same three, and one never seen

    second = cli(campaign_dir, "harvest")
    assert second.exit_code == 0, second.output
    assert "UIDVALIDITY changed" in second.output
    assert f"{folder}: 1 new, 3 already stored (up to UID 4)" in second.output
    ids = [r["message_id"] for r in stored(campaign_dir)]
    assert len(ids) == len(set(ids)) == 5
    assert f"reply-13.{user}@client-13.example.fr" in ids

    third = cli(campaign_dir, "harvest")
    assert "no new mail" in third.output and "UIDVALIDITY" not in third.output


def test_connection_dropped_mid_fetch_then_next_run_resumes(dovecot, user, campaign_dir):
    seed(dovecot, user, range(1, 11))
    configure(campaign_dir, dovecot, user)
    batches = []

    def kill_after_first_batch(folder, uids):
        batches.append(uids)
        if len(batches) == 1:
            dovecot.stop()                                    # the server goes away between batches

    sleeps = []
    report = harvest_directly(campaign_dir, on_batch=kill_after_first_batch, sleep=sleeps.append)
    assert report.exit_code == 1
    # batch 2 was fetched (and is parsed in the helper process) before batch 1 committed and the
    # server went away: it is committed too; batch 3 is not, and nothing is half-stored
    assert report.added == 6
    assert len(sleeps) == 1                                    # one retry, with back-off, then gave up
    assert "connection refused" in report.problems[0] or "dropped" in report.problems[0]
    assert "resumes" in report.problems[0]

    down = cli(campaign_dir, "harvest")                        # still down: one line, exit 1
    assert down.exit_code == 1
    assert "connection refused" in down.stderr and len(down.stderr.strip().splitlines()) == 1

    dovecot.start()
    resumed = cli(campaign_dir, "harvest")
    assert resumed.exit_code == 0, resumed.output
    assert "INBOX: 4 new, 0 already stored (up to UID 10)" in resumed.output
    assert [r["uid"] for r in stored(campaign_dir)] == list(range(1, 11))


def test_untrusted_certificate_refused_then_accepted_with_ca_file(dovecot, user, campaign_dir):
    seed(dovecot, user, [1, 2])
    configure(campaign_dir, dovecot, user, security="ssl", port=dovecot.ssl_port)
    refused = cli(campaign_dir, "harvest")
    assert refused.exit_code == 2
    assert "certificate not trusted" in refused.stderr and "--ca-file" in refused.stderr
    assert stored(campaign_dir) == []

    accepted = cli(campaign_dir, "harvest", "--ca-file", str(dovecot.ca_file))
    assert accepted.exit_code == 0, accepted.output
    assert "INBOX: 2 new" in accepted.output


def test_oauth2_over_starttls(dovecot, user, campaign_dir):
    # Dovecot's plain passdb takes the password as the XOAUTH2 token: the real SASL exchange runs.
    seed(dovecot, user, [1])
    configure(campaign_dir, dovecot, user, security="starttls", auth="oauth2", ca_file=str(dovecot.ca_file))
    result = cli(campaign_dir, "harvest", password="", CAMPAIGN_IMAP_TOKEN=PASSWORD)
    assert result.exit_code == 0, result.output
    assert "INBOX: 1 new" in result.output


def test_flag_and_move_only_when_configured_and_after_commit(dovecot, user, campaign_dir):
    seed(dovecot, user, [1, 2], flags=[b"\\Seen"])
    seed(dovecot, user, [3, 4])
    imap = dovecot.client(user)
    imap.create_folder("Traités")
    imap.logout()
    configure(campaign_dir, dovecot, user, flag="$CampaignHarvested", processed_folder="Traités")
    result = cli(campaign_dir, "harvest")
    assert result.exit_code == 0, result.output
    assert "4 new, 0 already stored (up to UID 4), 4 flagged, 4 moved" in result.output
    after = snapshot(dovecot, user)
    assert after["INBOX"][1] == {}
    moved = after["Traités"][1]
    assert len(moved) == 4 and all(b"$CampaignHarvested" in flags for flags, _ in moved.values())
    seen = [b"\\Seen" in flags for flags, _ in moved.values()]
    assert sorted(seen) == [False, False, True, True]          # \Seen untouched by the harvest
    assert len(stored(campaign_dir)) == 4


def test_missing_folder_reported_other_folders_harvested(dovecot, user, campaign_dir):
    seed(dovecot, user, [1, 2])
    configure(campaign_dir, dovecot, user, folders=["Nope", "INBOX"])
    result = cli(campaign_dir, "harvest")
    assert result.exit_code == 1
    assert "INBOX: 2 new" in result.output
    assert "folder 'Nope' cannot be opened" in result.stderr and "INBOX" in result.stderr
    assert len(stored(campaign_dir)) == 2


def test_helper_process_dying_loses_nothing(dovecot, user, campaign_dir, monkeypatch):
    import os
    import signal

    from campaign.mail import harvest as harvest_module

    pools = []

    class RecordedPool(harvest_module.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            pools.append(self)

    monkeypatch.setattr(harvest_module, "ProcessPoolExecutor", RecordedPool)
    seed(dovecot, user, range(1, 13))
    configure(campaign_dir, dovecot, user)
    killed = []

    def kill_helper(folder, uids):
        if pools and not killed:
            killed.extend(pools[0]._processes)
            for pid in killed:
                os.kill(pid, signal.SIGKILL)

    report = harvest_directly(campaign_dir, on_batch=kill_helper)
    assert killed, "the helper process was not used"
    assert report.exit_code == 0, report.problems
    assert [r["uid"] for r in stored(campaign_dir)] == list(range(1, 13))


# Failed logins make Dovecot delay later logins from 127.0.0.1 (auth penalty): keep these last.
def test_wrong_password_is_one_line_exit_2_and_never_shown(dovecot, user, campaign_dir):
    seed(dovecot, user, [1])
    configure(campaign_dir, dovecot, user)
    result = cli(campaign_dir, "harvest", password="not-the-password-42")
    assert result.exit_code == 2
    assert "login refused for " + user in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "not-the-password-42" not in result.output
    assert stored(campaign_dir) == []

    missing = cli(campaign_dir, "harvest", password="")
    assert missing.exit_code == 2
    assert "CAMPAIGN_IMAP_PASSWORD" in missing.stderr

    configure(campaign_dir, dovecot, user, auth="oauth2")
    bad = cli(campaign_dir, "harvest", password="", CAMPAIGN_IMAP_TOKEN="expired-token")
    assert bad.exit_code == 2 and "login refused" in bad.stderr and "token" in bad.stderr
