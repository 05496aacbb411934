"""`harvest --from`: folders of .eml/.msg files and .mbox files, exactly once, bad files reported."""

from __future__ import annotations

import mailbox
import random
import shutil
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from campaign.cli import app
from campaign.mail.harvest import harvest_files
from campaign.mail.mailfiles import FileProblem, iter_mail_files
from campaign.mail.messages import content_hash
from tests.conftest import PUBLIC_MAIL, listed_csv, needs_public_mail

runner = CliRunner()


def reply(n: int, *, crlf: bool = False) -> bytes:
    text = (f"From: Client {n} <client{n}@exemple-{n}.fr>\nTo: secretariat@cabinet-exemple.fr\n"
            f"Subject: =?iso-8859-1?q?R=E9ponse_{n}?=\nDate: Tue, 3 Nov 2026 09:00:00 +0100\n"
            f"Message-ID: <m{n}@exemple-{n}.fr>\n\nMerci d'envoyer les factures à compta@exemple-{n}.fr\n")
    data = text.encode("utf-8")
    return data.replace(b"\n", b"\r\n") if crlf else data


def run(campaign_dir: Path, *args: str):
    return runner.invoke(app, ["--campaign", str(campaign_dir), *args], env={"CAMPAIGN_DIR": None, "COLUMNS": "200"})


def count(campaign_dir: Path) -> int:
    with sqlite3.connect(campaign_dir / "campaign.db") as conn:
        return conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0]


def test_eml_folder_harvested_once_and_bad_files_reported(campaign_dir, tmp_path):
    folder = tmp_path / "drag-and-drop"
    (folder / "sub").mkdir(parents=True)
    for n in range(3):
        (folder / f"reply{n}.eml").write_bytes(reply(n))
    (folder / "sub" / "reply3.EML").write_bytes(reply(3))
    (folder / "notes.txt").write_text("not mail")
    (folder / "empty.eml").write_bytes(b"")
    (folder / "broken.msg").write_bytes(b"this is not an OLE file")
    (folder / "garbage.eml").write_bytes(b"\x00\x01 just bytes, no header at all")

    first = run(campaign_dir, "harvest", "--from", str(folder))
    assert first.exit_code == 1                       # some files failed, the rest was kept
    assert "4 messages read: 4 new, 0 already stored, 1 other file skipped, 3 could not be read" in first.stdout
    errors = first.stderr.strip().splitlines()
    assert len(errors) == 3
    assert any(line.startswith("error: broken.msg: not a readable Outlook .msg file") for line in errors)
    assert any(line.startswith("error: empty.eml: is empty") for line in errors)
    assert any("garbage.eml: does not look like an e-mail" in line for line in errors)
    assert count(campaign_dir) == 4

    second = run(campaign_dir, "harvest", "--from", str(folder))
    assert "4 messages read: 0 new, 4 already stored" in second.stdout
    assert count(campaign_dir) == 4

    rows = run(campaign_dir, "replies", "--format", "csv").stdout.splitlines()
    assert rows[0].startswith("\ufeffid;date;sender;sender_name;recipients;subject;message_id")
    assert "Réponse 0" in rows[1] and "client0@exemple-0.fr" in rows[1] and "sub/reply3.EML" in rows[4]


def test_mbox_and_eml_copies_of_one_message_are_stored_once(campaign_dir, tmp_path):
    box_path = tmp_path / "export.mbox"
    box = mailbox.mbox(box_path)
    for n in range(5):
        box.add(reply(n))
    box.flush()
    box.close()
    eml = tmp_path / "eml"
    eml.mkdir()
    (eml / "same-as-mbox-2.eml").write_bytes(reply(2, crlf=True))   # CRLF copy, as IMAP would give it
    (eml / "new.eml").write_bytes(reply(9))

    with_mbox = run(campaign_dir, "harvest", "--from", str(box_path))
    assert with_mbox.exit_code == 0, with_mbox.output
    assert "5 messages read: 5 new" in with_mbox.stdout
    with_eml = run(campaign_dir, "harvest", "--from", str(eml))
    assert "2 messages read: 1 new, 1 already stored" in with_eml.stdout
    assert count(campaign_dir) == 6
    assert run(campaign_dir, "harvest", "--from", str(box_path)).stdout.count("0 new, 5 already stored") == 1


def test_same_message_id_different_content_both_kept(campaign, tmp_path):
    (tmp_path / "a.eml").write_bytes(reply(1))
    (tmp_path / "b.eml").write_bytes(reply(1).replace(b"Merci", b"Bonjour, merci"))
    with campaign.open_store() as store:
        report = harvest_files(store, tmp_path)
    assert (report.added, report.duplicates) == (2, 0)


@needs_public_mail
def test_public_mail_fixtures_read_without_crash():
    messages = problems = 0
    for item in iter_mail_files(PUBLIC_MAIL / "mime-mailparser"):
        if isinstance(item, FileProblem):
            problems += 1
            assert str(item).count("\n") == 0
        else:
            messages += 1
            assert item.raw_sha256 == content_hash(item.raw)
    assert messages >= 10


def test_missing_path_is_a_usage_error(campaign_dir, tmp_path):
    result = run(campaign_dir, "harvest", "--from", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "nowhere: not found" in result.stderr


@needs_public_mail
def test_real_bounce_files_harvest(campaign, tmp_path):
    source = tmp_path / "bounces"
    source.mkdir()
    for path in sorted((PUBLIC_MAIL / "bounces-autoreplies-sisimai").glob("rfc3834-*.eml"))[:5]:
        shutil.copy(path, source / path.name)
    with campaign.open_store() as store:
        report = harvest_files(store, source)
        assert report.added == 5 and report.failed == 0
        senders = [r[0] for r in store.conn.execute("SELECT sender FROM messages")]
    assert all("@" in s for s in senders)


def test_replies_csv_guards_a_formula_subject(campaign_dir, tmp_path):
    folder = tmp_path / "mail"
    folder.mkdir()
    evil = reply(1).replace(b"Subject: =?iso-8859-1?q?R=E9ponse_1?=", b"Subject: =cmd|' /C calc'!A0")
    (folder / "evil.eml").write_bytes(evil)
    (folder / "plain.eml").write_bytes(reply(2))
    assert run(campaign_dir, "harvest", "--from", str(folder)).exit_code == 0
    result = run(campaign_dir, "replies", "--format", "csv")
    assert result.exit_code == 0, result.output
    subjects = sorted(row["subject"] for row in listed_csv(result.stdout))
    assert subjects == ["'=cmd|' /C calc'!A0", "Réponse 2"]


def _random_bytes(size: int, seed: int) -> bytes:
    """Bytes with no line starting 'From ' (so no mbox separator, by construction)."""
    return random.Random(seed).randbytes(size).replace(b"\nFrom ", b"\nFrom_")


def test_random_bytes_given_as_mbox_is_reported_not_nothing_new(campaign_dir, tmp_path):
    path = tmp_path / "export.mbox"
    path.write_bytes(_random_bytes(200_000, seed=12))
    result = run(campaign_dir, "harvest", "--from", str(path))
    assert result.exit_code == 1, result.output
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("error: export.mbox: not an mbox file")
    assert "export the mail folder again as .mbox" in errors[0]
    assert count(campaign_dir) == 0


def test_mbox_with_garbage_between_messages_keeps_the_good_ones(campaign_dir, tmp_path):
    def entry(n: int) -> bytes:
        return f"From client{n}@exemple-{n}.fr Tue Nov  3 09:00:00 2026\n".encode() + reply(n) + b"\n"

    garbage = _random_bytes(5_000, seed=1).replace(b"\n", b" ") + b"\n"
    path = tmp_path / "damaged.mbox"
    path.write_bytes(garbage + entry(1) + garbage + entry(2) + b"From nobody Tue Nov  3 09:00:00 2026\n" + garbage
                     + entry(3))
    items = list(iter_mail_files(path))
    good = [item for item in items if not isinstance(item, FileProblem)]
    bad = [str(item) for item in items if isinstance(item, FileProblem)]
    assert sorted(item.message_id for item in good) == ["m1@exemple-1.fr", "m2@exemple-2.fr", "m3@exemple-3.fr"]
    assert bad == ["damaged.mbox#3: does not look like an e-mail (no usual header)"]
