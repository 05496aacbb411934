"""Errors the CLI turns into one-line messages and exit codes."""

from __future__ import annotations

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2


class CampaignError(Exception):
    """A problem the user can fix; the message is one line that says what to do."""

    exit_code = EXIT_SOME_FAILED


class UsageError(CampaignError):
    """Bad options, bad configuration or no campaign found (exit code 2)."""

    exit_code = EXIT_USAGE


class ConfigError(UsageError):
    """campaign.toml is missing, unreadable or holds a bad value."""


class InputRefused(CampaignError):
    """An input file was refused as a whole; nothing was changed (exit code 1)."""
