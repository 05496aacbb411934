"""Fixtures shared by the whole suite."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from campaign.workspace import Campaign, init_campaign

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED = PROJECT_ROOT.parent / "shared"
PUBLIC_MAIL = SHARED / "fixtures" / "public-mail"
# The public mail corpus lives beside the project (../shared), not in it: a clone alone skips these.
needs_public_mail = pytest.mark.skipif(not PUBLIC_MAIL.is_dir(), reason=f"public mail fixtures not at {PUBLIC_MAIL}")


def listed_csv(text: str) -> list[dict[str, str]]:
    """The rows of a `--format csv` listing, read as Excel reads it: a byte-order mark, then ';'."""
    assert text.startswith("\ufeff"), "the listing's CSV lost its byte-order mark"
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


@pytest.fixture
def campaign_dir(tmp_path: Path) -> Path:
    """A fresh campaign folder (French, switch date 2027-03-01)."""
    folder = tmp_path / "cabinet"
    init_campaign(folder, firm="Cabinet Exemple", secretariat="secretariat@cabinet-exemple.fr",
                  switch_date=dt.date(2027, 3, 1), language="fr")
    return folder


BEFORE_SWITCH = "2026-11-16T09:00:00+01:00"   # 15 weeks before the fixtures' switch date 2027-03-01


@pytest.fixture
def before_switch(monkeypatch: pytest.MonkeyPatch) -> str:
    """The campaign clock set well before 2027-03-01, so that `init` and `stamp` accept that date whatever day it is."""
    monkeypatch.setenv("CAMPAIGN_NOW", BEFORE_SWITCH)
    return BEFORE_SWITCH


@pytest.fixture
def campaign(campaign_dir: Path) -> Campaign:
    """The loaded campaign of ``campaign_dir``."""
    from campaign.workspace import load_campaign

    return load_campaign(campaign_dir)
