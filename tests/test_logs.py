"""The campaign's log (campaign.log): every command that writes says when it ran, what it did and
what went wrong, in the campaign folder, for the administrator of a scheduled harvest."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from campaign import logs
from campaign.resources import bundled
from tests.test_cli import run


@pytest.fixture(autouse=True)
def _closed_log():
    yield
    logs.close_log()


def test_an_import_and_a_harvest_are_traceable_in_the_log(campaign_dir: Path) -> None:
    data = bundled("data")
    assert run("--campaign", str(campaign_dir), "clients", "import", str(data / "clients.csv")).exit_code == 0
    assert run("--campaign", str(campaign_dir), "harvest", "--from", str(data / "replies")).exit_code == 0
    failed = run("--campaign", str(campaign_dir), "harvest", "--from", str(campaign_dir / "nowhere"))
    assert failed.exit_code == 2
    logs.close_log()

    text = (campaign_dir / logs.LOG_NAME).read_text(encoding="utf-8")
    lines = text.splitlines()
    assert any(" INFO clients import: started by " in line for line in lines)
    assert any(" INFO imported " in line and "60 added" in line for line in lines)
    assert any(" INFO harvest: done in " in line for line in lines)
    assert any(" INFO 14 messages read: 14 new, 0 already stored." in line for line in lines)
    assert any(" ERROR " in line and "nowhere: not found" in line for line in lines)
    if os.name == "posix":  # personal data: the owner's alone, as [files] mode = "private" says
        assert stat.S_IMODE((campaign_dir / logs.LOG_NAME).stat().st_mode) == 0o600


def test_verbose_adds_the_details(campaign_dir: Path) -> None:
    data = bundled("data")
    assert run("--campaign", str(campaign_dir), "--verbose", "clients", "import",
               str(data / "clients.csv")).exit_code == 0
    logs.close_log()
    text = (campaign_dir / logs.LOG_NAME).read_text(encoding="utf-8")
    assert " DEBUG clients import: command line " in text and str(campaign_dir) in text


def test_reading_commands_write_no_log(campaign_dir: Path) -> None:
    assert run("--campaign", str(campaign_dir), "status").exit_code == 0
    logs.close_log()
    assert not (campaign_dir / logs.LOG_NAME).exists()


def test_the_log_rotates_and_a_log_it_cannot_write_stops_nothing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 2000)
    path = logs.open_log(tmp_path, verbose=True)
    assert logs.logger.isEnabledFor(logging.DEBUG)
    for n in range(100):
        logs.logger.info("line %d %s", n, "x" * 60)
    logs.close_log()
    assert path.exists() and (tmp_path / f"{logs.LOG_NAME}.1").exists()
    assert len(list(tmp_path.glob(f"{logs.LOG_NAME}*"))) <= 1 + logs.BACKUPS
    # a folder that is gone (a share disconnected): the command goes on, the line is lost
    logs.open_log(tmp_path / "gone")
    logs.logger.error("nobody reads this")
    logs.close_log()
    assert not (tmp_path / "gone").exists()
