"""The understanding stage: harvested messages are understood and stored; `campaign replies` shows them."""

from __future__ import annotations

import json
from email.message import EmailMessage
from pathlib import Path

import pytest
from typer.testing import CliRunner

from campaign.cli import app
from campaign.errors import ConfigError
from campaign.mail import pipeline
from campaign.mail.harvest import harvest_files
from campaign.understanding import stage

SUBJECT = "Re: Vos factures par e-mail à partir du 1er mars 2027"


def run(campaign_dir: Path, *args: str):
    return CliRunner().invoke(app, ["--campaign", str(campaign_dir), *args], env={"CAMPAIGN_DIR": None, "COLUMNS": "200"})


def write(folder: Path, name: str, body: str, *, sender: str, date: str) -> None:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"], msg["Date"] = sender, "secretariat@cabinet-exemple.fr", SUBJECT, date
    msg["Message-ID"] = f"<{name}@client.example>"
    msg.set_content(body)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.eml").write_bytes(bytes(msg))


def seed(folder: Path) -> Path:
    write(folder, "a1", "Je préfère recevoir mes factures par courrier.", sender="marie@client.example",
          date="Tue, 03 Nov 2026 10:00:00 +0100")
    write(folder, "a2", "Finalement, envoyez les factures à compta@client.example.", sender="marie@client.example",
          date="Tue, 10 Nov 2026 10:00:00 +0100")
    write(folder, "b1", "Pouvez-vous m'expliquer la réforme de la facture électronique ?",
          sender="paul@autre.example", date="Wed, 04 Nov 2026 10:00:00 +0100")
    return folder


def test_harvest_runs_the_stage_and_replies_shows_and_filters_intents(campaign_dir, campaign, tmp_path):
    with campaign.open_store() as store:
        report = harvest_files(store, seed(tmp_path / "mail"))
        assert "understanding" in report.pipeline.stages and report.pipeline.failed == 0
        rows = {r["message_id"]: r for r in stage.current_replies(store).values()}
        assert len(rows) == 3
        latest = stage.latest_decisions(store)
    assert latest["marie@client.example"]["intent"] == "address"          # the later message wins
    assert latest["marie@client.example"]["addresses"] == ["compta@client.example"]
    assert "paul@autre.example" not in latest                              # a question decides nothing

    listing = run(campaign_dir, "replies", "--format", "json", "--intent", "refusal")
    assert listing.exit_code == 0, listing.output
    refused = json.loads(listing.stdout)
    assert [r["sender"] for r in refused] == ["marie@client.example"]
    assert "courrier" in refused[0]["evidence"]
    table = run(campaign_dir, "replies")
    assert "compta@client.example" in table.stdout and "question" in table.stdout
    assert run(campaign_dir, "replies", "--intent", "maybe").exit_code == 2


def test_reprocess_keeps_the_history_of_each_message(campaign_dir, campaign, tmp_path, monkeypatch):
    with campaign.open_store() as store:
        harvest_files(store, seed(tmp_path / "mail"))
    monkeypatch.setitem(pipeline._STAGES, stage.STAGE_NAME,
                        pipeline.Stage(stage.STAGE_NAME, "test-2", stage.run, 10))
    assert run(campaign_dir, "reprocess").exit_code == 0
    with campaign.open_store() as store:
        counts = store.conn.execute("SELECT COUNT(*), SUM(current) FROM replies").fetchone()
        versions = {r[0] for r in store.conn.execute("SELECT stage_version FROM replies WHERE current = 1")}
    assert tuple(counts) == (6, 3) and versions == {stage.STAGE_VERSION}  # save() records the module's version


def test_bad_reference_pattern_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match=r"\[understanding\] reference_pattern"):
        stage.parse_understanding_settings({"reference_pattern": "C(\\d"}, tmp_path / "campaign.toml")
