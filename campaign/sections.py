"""What `campaign status` shows, section by section, as data: each step builds its own section
(campaign.status gathers them), so the steps import this module and nothing above them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class StatusSection:
    """A titled list of (label, value) lines."""

    title: str
    lines: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class TableSection(StatusSection):
    """A status section with a table under its lines (`campaign status` prints both)."""

    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    short_columns: list[str] = field(default_factory=list)   # for a narrow terminal, explained by legend
    legend: str = ""
