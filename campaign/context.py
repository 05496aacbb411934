"""What one command works with, read once and handed to every step: the campaign's settings, its
database, and what the steps derive from them (the firm's addresses, the client index).

Built by the command (or campaign.workflow) at its start; the pipeline's stages receive it with
each batch instead of finding campaign.toml again beside the database, so nothing is kept between
commands in module-level caches keyed on a file's modification time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TypeVar

from campaign.config import CONFIG_NAME, Settings, load_settings
from campaign.store import Store

T = TypeVar("T")


@dataclass
class Context:
    """A campaign's database and settings for the length of one command."""

    store: Store
    _settings: Settings | None = None
    _derived: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def settings(self) -> Settings:
        """The campaign's settings: as the command read them, else campaign.toml beside the
        database, read on first use (a harvest whose stages need none never reads it)."""
        if self._settings is None:
            self._settings = load_settings(Path(self.store.path).parent / CONFIG_NAME)
        return self._settings

    def derived(self, key: str, make: Callable[[], T]) -> T:
        """What a step derives once per command (``key`` names it, prefixed with the step's name)."""
        if key not in self._derived:
            self._derived[key] = make()
        return self._derived[key]
