"""The JSON listings keep the fields docs/json.md promises scripts, under format_version 1."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from campaign.understanding.reply import INTENTS
from tests.test_matching_store import run, seed

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


def test_the_document_lists_the_three_listings():
    assert set(documented()) == {"replies", "match list", "clients list"}


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
        assert all(re.fullmatch(r"\S+ -?[\d.]+", c) for row in rows for c in row["candidates"])
