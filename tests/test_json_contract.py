"""The JSON listings keep the fields docs/json.md promises scripts, under format_version 1."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from campaign.understanding.reply import INTENTS
from tests.test_matching_store import mail, run, seed

DOC = Path(__file__).resolve().parents[1] / "docs" / "json.md"


def documented() -> dict[str, list[str]]:
    """{command: its fields in the order docs/json.md lists them}."""
    out: dict[str, list[str]] = {}
    command = ""
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"## `campaign (.+) --format json`", line)
        if heading:
            command = heading.group(1)
            out[command] = []
        field = re.match(r"\| `(\w+)` \|", line)
        if command and field:
            out[command].append(field.group(1))
    return out


def test_the_document_lists_the_four_listings():
    assert set(documented()) == {"replies", "match list", "clients list", "send list"}


@pytest.mark.parametrize("command", ["replies", "match list", "clients list"])
def test_each_listing_prints_exactly_the_documented_fields(campaign_dir, tmp_path, command):
    seed(campaign_dir, tmp_path)
    result = run(campaign_dir, *command.split(), "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows
    for row in rows:
        assert list(row) == documented()[command]
        assert row["format_version"] == 1
    if command == "replies":
        assert {row["intent"] for row in rows} <= set(INTENTS) | {""}
    if command == "match list":
        assert {row["status"] for row in rows} <= {"linked", "review", "unmatched", "skipped"}
        given = {r["id"]: [a for a in r["addresses"] if not a.startswith("cc ")]
                 for r in json.loads(run(campaign_dir, "replies", "--format", "json").stdout)}
        assert all(row["addresses"] == given[row["message"]] for row in rows)
        clients = {r["id"]: r["clients"] for r in json.loads(run(campaign_dir, "replies", "--format", "json").stdout)}
        assert any(row["clients"] for row in rows)
        assert all(sorted(row["clients"]) == clients[row["message"]] for row in rows)
        assert all(re.fullmatch(r"\S+ -?[\d.]+", c) for row in rows for c in row["candidates"])


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_listings_are_utf8_whatever_the_console_code_page(campaign_dir, tmp_path, fmt):
    """Windows redirects stdout in cp1252: a subject in Polish with an emoji must still come out,
    in UTF-8, not as a crash or as cp1252 bytes."""
    seed(campaign_dir, tmp_path)
    mail(tmp_path / "more", "emoji", "Bonjour, c'est bien cette adresse.", sender="compta@dupont-sas.example",
         date="Mon, 09 Nov 2026 10:00:00 +0100", subject="Re: faktury łódź 🙂 à")
    assert run(campaign_dir, "harvest", "--from", str(tmp_path / "more")).exit_code == 0
    exe = Path(sys.executable).with_name("campaign")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "campaign"]
    result = subprocess.run([*command, "--campaign", str(campaign_dir), "replies", "--format", fmt],
                            capture_output=True, timeout=60,
                            env={**os.environ, "PYTHONIOENCODING": "cp1252", "PYTHONUTF8": "0"})
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert "Re: faktury łódź 🙂 à" in result.stdout.decode("utf-8")
