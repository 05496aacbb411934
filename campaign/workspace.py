"""A campaign folder: campaign.toml + campaign.db, found from an option, the environment or cwd."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from campaign.config import CONFIG_NAME, Settings, load_settings, write_new_config
from campaign.errors import UsageError
from campaign.lock import campaign_lock
from campaign.store import Store, open_store

ENV_VAR = "CAMPAIGN_DIR"


@dataclass
class Campaign:
    """An existing campaign folder with its checked settings."""

    folder: Path
    settings: Settings

    def open_store(self) -> Store:
        """Open the campaign database (migrating it forward if needed)."""
        return open_store(self.folder)

    @contextlib.contextmanager
    def writer(self, command: str, *, on_wait: Callable[[str], None] | None = None) -> Iterator[Store]:
        """The database, opened by ``command`` while it holds the campaign's writer lock."""
        with campaign_lock(self.folder, command, on_wait=on_wait), self.open_store() as store:
            yield store


def find_folder(option: str | os.PathLike[str] | None, cwd: Path | None = None) -> Path:
    """The campaign folder: ``--campaign``, then $CAMPAIGN_DIR, then the current folder."""
    if option:
        folder, how = Path(option), "--campaign"
    elif os.environ.get(ENV_VAR):
        folder, how = Path(os.environ[ENV_VAR]), f"${ENV_VAR}"
    else:
        folder, how = (cwd or Path.cwd()), "the current folder"
    if not (folder / CONFIG_NAME).is_file():
        raise UsageError(
            f"no campaign in {folder} ({how}): no {CONFIG_NAME} there; "
            "run `campaign init DIR` or pass --campaign DIR"
        )
    return folder.resolve()


def load_campaign(option: str | os.PathLike[str] | None = None) -> Campaign:
    """Find and load the campaign the user means."""
    folder = find_folder(option)
    return Campaign(folder=folder, settings=load_settings(folder / CONFIG_NAME))


def init_campaign(
    folder: Path, *, firm: str, secretariat: str, switch_date: dt.date, language: str = "fr"
) -> Campaign:
    """Create a campaign folder with campaign.toml and an empty, migrated campaign.db."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} exists and is not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    write_new_config(folder, firm, secretariat, switch_date, language)
    with open_store(folder, create=True):
        pass
    return Campaign(folder=folder.resolve(), settings=load_settings(folder / CONFIG_NAME))
