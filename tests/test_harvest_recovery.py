"""What a harvest does after something went wrong: a run killed earlier, a message no parser
reads, a stage that fails, a database held by another program, hostile text in the rules."""

from __future__ import annotations

import sqlite3

import pytest
import typer

from campaign.cli.app import reports_errors
from campaign.mail import messages, pipeline
from campaign.mail.harvest import harvest_files
from campaign.mail.summary import replies_section
from campaign.matching.index import _NEAR_MAX_LENGTH, build_index
from campaign.understanding.mime import html_to_text
from tests.test_harvest_units import run, seed_files


def states(store) -> dict[str, int]:
    return dict(store.conn.execute("SELECT state, COUNT(*) FROM messages GROUP BY state").fetchall())


def test_a_run_finishes_what_an_earlier_run_stored_but_never_processed(campaign, tmp_path):
    with campaign.open_store() as store:
        first = harvest_files(store, seed_files(tmp_path / "box", 5), run_stages=False)  # as if killed here
        store.conn.execute("UPDATE harvests SET status = 'running', finished_at = NULL")
        assert states(store) == {"new": 5} and first.pipeline is None
        again = harvest_files(store, tmp_path / "box")
        assert (again.added, again.resumed, again.interrupted) == (0, 5, 1)
        assert states(store) == {"processed": 5}
        assert [r[0] for r in store.conn.execute("SELECT status FROM harvests ORDER BY id")] == ["interrupted", "ok"]


def test_the_command_says_it_finished_an_interrupted_run_instead_of_nothing_new(campaign_dir, campaign, tmp_path):
    with campaign.open_store() as store:
        harvest_files(store, seed_files(tmp_path / "box", 3), run_stages=False)
    result = run(campaign_dir, "harvest", "--from", str(tmp_path / "box"))
    assert result.exit_code == 0, result.output
    assert "3 stored messages it had not processed were processed now" in result.output
    assert "Nothing new" not in result.output
    (tmp_path / "empty").mkdir()
    assert "Nothing new: nothing was changed." in run(campaign_dir, "harvest", "--from", str(tmp_path / "empty")).output


def test_a_message_no_parser_reads_is_stored_with_its_location(monkeypatch):
    def broken(raw: bytes) -> dict:
        raise RecursionError("the header parser gave up")

    monkeypatch.setattr(messages, "read_headers", broken)
    record = messages.make_record(b"Subject: x\r\n\r\nbody", source_kind="imap", source="a@b", folder="INBOX", uid=7)
    assert (record.uid, record.folder, record.subject) == (7, "INBOX", "")
    assert record.raw_sha256 == messages.content_hash(b"Subject: x\r\n\r\nbody")


def test_status_names_failed_messages_by_file_and_says_what_to_run(campaign, tmp_path, monkeypatch):
    def failing(context, message):
        raise ValueError("cannot read this one")

    monkeypatch.setitem(pipeline._STAGES, "zz-test", pipeline.Stage("zz-test", "1", failing, order=999))
    with campaign.open_store() as store:
        harvest_files(store, seed_files(tmp_path / "box", 2))
        lines = dict(replies_section(store).lines)
    assert lines["  state failed"] == "2"
    assert lines["  failed: message 1"] == "0.eml: zz-test: cannot read this one"
    assert "`campaign reprocess --status failed`" in lines["  after a fix"]


def test_messages_left_unprocessed_are_counted_in_status(campaign, tmp_path):
    with campaign.open_store() as store:
        harvest_files(store, seed_files(tmp_path / "box", 2), run_stages=False)
        lines = dict(replies_section(store).lines)
    assert lines["  not processed yet"].startswith("2: the next `campaign harvest` processes them")


def test_a_database_locked_by_another_program_is_one_line(capsys):
    @reports_errors
    def command() -> None:
        raise sqlite3.OperationalError("database is locked")

    with pytest.raises(typer.Exit) as exit_:
        command()
    assert exit_.value.exit_code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: the campaign database stayed locked")


def test_other_sqlite_errors_are_not_hidden():
    @reports_errors
    def command() -> None:
        raise sqlite3.OperationalError("no such table: clients")

    with pytest.raises(sqlite3.OperationalError):
        command()


def test_unclosed_tags_in_html_are_text_and_the_rest_still_read():
    assert html_to_text("<p>a < b <b>gras</b> <a href='mailto:x@y.fr'>x@y.fr</a></p> fin <x") == \
        "a < b gras x@y.fr\nfin <x"
    assert html_to_text("<div>Bonjour <<b>compta@client.example</b></div>") == "Bonjour <compta@client.example"


def test_no_spelling_neighbour_is_looked_for_in_a_word_longer_than_any_name():
    index = build_index([])
    assert index.near("x" * (_NEAR_MAX_LENGTH + 1)) == ""
    assert index.near("a" * 200_000) == ""  # used to cost the word's length squared: 10 s


def test_ctrl_c_during_processing_marks_the_run_interrupted_and_says_so(campaign_dir, campaign, tmp_path,
                                                                        monkeypatch):
    def interrupted(context, message):
        raise KeyboardInterrupt

    monkeypatch.setitem(pipeline._STAGES, "zz-test", pipeline.Stage("zz-test", "1", interrupted, order=999))
    result = run(campaign_dir, "harvest", "--from", str(seed_files(tmp_path / "box", 3)))
    assert result.exit_code == 130
    assert result.output.strip().splitlines()[-1].startswith("stopped (Ctrl+C): what was committed is kept")
    with campaign.open_store() as store:
        assert [row[0] for row in store.conn.execute("SELECT status FROM harvests")] == ["interrupted"]
        assert states(store) == {"new": 3}
