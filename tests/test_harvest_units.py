"""Settings, records, purge, the pipeline hook and `reprocess`, without a server."""

from __future__ import annotations

import datetime as dt
import sqlite3
from concurrent.futures import Future
from email.utils import format_datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from campaign.cli import app
from campaign.errors import ConfigError
from campaign.mail import pipeline
from campaign.mail import messages
from campaign.mail.harvest import _ImapHarvest, harvest_files
from campaign.mail.imap_settings import parse_imap_settings
from campaign.mail.messages import load_message, make_record, normalise_message_id

runner = CliRunner()


def run(campaign_dir: Path, *args: str):
    return runner.invoke(app, ["--campaign", str(campaign_dir), *args], env={"CAMPAIGN_DIR": None, "COLUMNS": "200"})


def seed_files(folder: Path, n: int) -> Path:
    folder.mkdir(exist_ok=True)
    for i in range(n):
        (folder / f"{i}.eml").write_bytes(
            f"From: c{i}@exemple.fr\nSubject: s{i}\nMessage-ID: <{i}@exemple.fr>\n\nbody {i}\n".encode())
    return folder


@pytest.mark.parametrize("table, message", [
    ({}, "is empty"),
    ({"host": "imap.exemple.fr"}, "username is missing"),
    ({"host": "imap.exemple.fr", "username": "u", "password": "x"}, "password must not be in the file"),
    ({"host": "imap.exemple.fr", "username": "u", "security": "plain"}, "allowed only for 127.0.0.1"),
    ({"host": "h", "username": "u", "security": "tls"}, "security must be one of"),
    ({"host": "h", "username": "u", "port": 0}, "port must be between 1 and 65535"),
    ({"host": "h", "username": "u", "port": "993"}, "port must be a whole number"),
    ({"host": "h", "username": "u", "folders": []}, "folders must be a list"),
    ({"host": "h", "username": "u", "processed_folder": "INBOX"}, "also in folders"),
    ({"host": "h", "username": "u", "hots": "x"}, "unknown key 'hots'"),
    ({"host": "h", "username": "u", "auth": "kerberos"}, "auth must be one of password, oauth2"),
])
def test_bad_imap_settings_name_file_and_key(table, message):
    with pytest.raises(ConfigError) as err:
        parse_imap_settings(table, "campaign.toml")
    assert str(err.value).startswith("campaign.toml: [imap]")
    assert message in str(err.value)


def test_imap_defaults():
    s = parse_imap_settings({"host": "imap.exemple.fr", "username": "secretariat"}, "campaign.toml")
    assert (s.security, s.port, s.folders, s.read_only) == ("ssl", 993, ["INBOX"], True)
    assert s.password_env == "CAMPAIGN_IMAP_PASSWORD"
    assert parse_imap_settings({"host": "h", "username": "u", "security": "starttls"}, "x").port == 143
    assert not parse_imap_settings({"host": "h", "username": "u", "flag": "$Done"}, "x").read_only


def test_record_reads_awkward_headers():
    raw = (b"From: \"Dupont, Jean\" <Jean.Dupont@Exemple.FR>\r\nTo: a@x.fr, b@x.fr\r\nCc: A@X.FR\r\n"
           b"Subject: =?utf-8?b?UsOpcG9uc2U=?=\r\nMessage-ID:\r\n <abc@x>\r\nDate: not a date\r\n\r\nbody")
    record = make_record(raw, source_kind="eml", source="s")
    assert (record.sender, record.sender_name) == ("jean.dupont@exemple.fr", "Dupont, Jean")
    assert record.recipients == ["a@x.fr", "b@x.fr"]
    assert record.subject == "Réponse" and record.message_id == "abc@x" and record.date == ""
    assert normalise_message_id("  <a@b> <c@d>") == "a@b"



@pytest.mark.parametrize("subject, kept", [("=?utf-8?B?!!!notbase64?=", "=?utf-8?B?!!!notbase64?="),
                                           ("=?utf-8?Q?=ZZ?= et =?x-unknown?B?AAAA?=", "et"),
                                           ("Re: =?utf-8?B?UsOp?= =?utf-8?B?!!?=", "Re: R")])
def test_malformed_encoded_words_never_stop_a_harvest(campaign_dir, tmp_path, subject, kept):
    folder = seed_files(tmp_path / "m", 3)
    (folder / "bad.eml").write_bytes(f"From: x@exemple.fr\nSubject: {subject}\nMessage-ID: <bad@x>\n\nbody\n".encode())
    record = make_record((folder / "bad.eml").read_bytes(), source_kind="eml", source="s")
    assert kept in record.subject                        # what cannot be decoded stays as written
    result = run(campaign_dir, "harvest", "--from", str(folder))
    assert result.exit_code == 0, result.output
    with sqlite3.connect(campaign_dir / "campaign.db") as conn:
        assert conn.execute("SELECT count(*) FROM messages").fetchone()[0] == 4

def test_purge_raw_keeps_what_was_extracted(campaign_dir, tmp_path):
    run(campaign_dir, "harvest", "--from", str(seed_files(tmp_path / "m", 3)))
    with sqlite3.connect(campaign_dir / "campaign.db") as conn:
        blobs = [r[0] for r in conn.execute("SELECT raw FROM messages")]
    assert all(blob in (campaign_dir / "campaign.db").read_bytes() for blob in blobs)
    assert run(campaign_dir, "purge").exit_code == 2                      # must say what to purge
    early = run(campaign_dir, "purge", "--raw", "--before", "2000-01-01")
    assert "No raw message harvested before 2000-01-01 left to purge." in early.stdout
    result = run(campaign_dir, "purge", "--raw")
    assert result.exit_code == 0 and "Purged 3 raw messages." in result.stdout
    with sqlite3.connect(campaign_dir / "campaign.db") as conn:
        rows = conn.execute("SELECT raw, sender, subject, raw_purged_at FROM messages").fetchall()
    assert all(r[0] is None and r[1] and r[2] and r[3] for r in rows)
    assert not any(blob in (campaign_dir / "campaign.db").read_bytes() for blob in blobs)  # not in free pages
    assert (campaign_dir / "campaign.db").stat().st_mode & 0o077 == 0
    assert "Raw messages purged" in run(campaign_dir, "status").stdout


def test_reprocess_without_stages_says_there_is_nothing_to_run(campaign_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "_STAGES", {})   # without the installed understanding stage
    monkeypatch.setattr(pipeline, "_loaded", True)
    run(campaign_dir, "harvest", "--from", str(seed_files(tmp_path / "m", 2)))
    result = run(campaign_dir, "reprocess")
    assert result.exit_code == 0
    assert "Nothing to run: no pipeline stages are installed yet" in result.stdout
    assert "2 stored messages" in result.stdout
    assert run(campaign_dir, "replies", "--intent", "nonsense").exit_code == 2


@pytest.fixture
def stage(monkeypatch):
    monkeypatch.setattr(pipeline, "_STAGES", {})   # this test's stage alone
    monkeypatch.setattr(pipeline, "_loaded", True)
    seen: list[int] = []
    state = {"version": "1", "fail_on": None}

    def understand(context, message):
        if message.subject == state["fail_on"]:
            raise ValueError("cannot read this one")
        seen.append(message.id)
        assert message.email()["Subject"] == message.subject
        return "ok"

    pipeline.register("understand", state["version"])(understand)
    yield seen, state, understand
    pipeline.unregister("understand")


def test_new_messages_flow_through_stages_and_reprocess_reruns_on_new_version(campaign_dir, campaign, tmp_path, stage):
    seen, state, func = stage
    state["fail_on"] = "s1"
    with campaign.open_store() as store:
        report = harvest_files(store, seed_files(tmp_path / "m", 3))
        assert report.pipeline.ran == 2 and report.pipeline.failed == 1
        assert "stage understand: cannot read this one" in report.pipeline.errors[0]
        states = dict(store.conn.execute("SELECT subject, state FROM messages"))
    assert states == {"s0": "processed", "s1": "failed", "s2": "processed"}

    state["fail_on"] = None
    again = run(campaign_dir, "reprocess")                 # only the failed one is due
    assert again.exit_code == 0 and "1 stage run, 0 failed" in again.stdout
    assert run(campaign_dir, "reprocess").stdout.count("every stage is up to date") == 1

    pipeline.register("understand", "2")(func)             # rules improved: all are due again
    seen.clear()
    assert "3 stage runs" in run(campaign_dir, "reprocess").stdout
    assert len(seen) == 3
    assert run(campaign_dir, "reprocess", "--stage", "nope").exit_code == 2

    run(campaign_dir, "purge", "--raw")
    purged = run(campaign_dir, "reprocess", "--force")
    assert "3 messages skipped: their raw message was purged." in purged.stdout
    with campaign.open_store() as store:
        assert load_message(store, 1).raw is None


def test_silent_server_times_out_with_one_line_and_exit_1(campaign_dir):
    import socket
    import threading

    import tomlkit

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    accepted = []
    threading.Thread(target=lambda: accepted.extend(listener.accept() for _ in range(1)), daemon=True).start()
    path = campaign_dir / "campaign.toml"
    doc = tomlkit.parse(path.read_text(encoding="utf-8"))
    for key, value in {"host": "127.0.0.1", "port": listener.getsockname()[1], "security": "plain",
                       "username": "u", "timeout": 1, "retries": 0}.items():
        doc["imap"][key] = value
    path.write_text(tomlkit.dumps(doc), encoding="utf-8")
    try:
        result = runner.invoke(app, ["--campaign", str(campaign_dir), "harvest"],
                               env={"CAMPAIGN_DIR": None, "CAMPAIGN_IMAP_PASSWORD": "x", "COLUMNS": "200"})
    finally:
        listener.close()
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no answer within 1 s (timeout)" in lines[0] and "resumes" in lines[0]
    with sqlite3.connect(campaign_dir / "campaign.db") as conn:
        assert conn.execute("SELECT status FROM harvests").fetchone()[0] == "failed"


@given(st.datetimes(min_value=dt.datetime(100, 1, 1), max_value=dt.datetime(9998, 12, 31)),
       st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59), st.booleans())
def test_the_usual_date_shape_is_read_as_the_general_parser_reads_it(moment, minutes, weekday):
    written = format_datetime(moment.replace(microsecond=0, tzinfo=dt.timezone(dt.timedelta(minutes=minutes))))
    if not weekday:
        written = written.split(", ", 1)[1]
    assert messages._usual_date(written) is not None
    assert messages._usual_date(written) == messages._general_date(written)


@pytest.mark.parametrize("written", ["Tue, 3 Nov 2026 24:00:00 +0000", "Mon, 31 Feb 2026 10:00:00 +0000",
                                     "Tue, 3 Nov 2026 10:12:00 +9900", "3 Nov 26 10:12 +0100",
                                     "Tue, 3 Nov 2026 10:12:00 CET", "mardi 3 novembre 2026",
                                     "Mon, 01 Jan 0024 10:00:00 +0000", "1 Jan 0099 10:00 +0100"])
def test_other_date_shapes_are_left_to_the_general_parser(written):
    assert messages._usual_date(written) is None


def test_a_batch_takes_back_the_parts_the_helper_has_not_started():
    where = {"source_kind": "imap", "source": "a", "folder": "INBOX", "uidvalidity": 1}
    parts = []
    for uid in (1, 2, 3):
        raw = f"Message-ID: <m{uid}@x>\r\nSubject: s{uid}\r\n\r\nbody\r\n".encode()
        parts.append(([(uid, raw)], Future()))
    parts[0][1].set_running_or_notify_cancel()  # the helper is on the first part
    parts[0][1].set_result(messages.packed_records(parts[0][0], where))
    harvest = _ImapHarvest.__new__(_ImapHarvest)
    records = harvest._records(parts, where)
    assert [r.uid for r in records] == [1, 2, 3] and [r.message_id for r in records] == ["m1@x", "m2@x", "m3@x"]
    assert parts[1][1].cancelled() and parts[2][1].cancelled()
    assert all(r.compressed is not None and r.recipients_json == "[]" for r in records)
