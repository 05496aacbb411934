"""Who runs a command: the login name, recorded with a person's decisions and in the campaign's log."""

from __future__ import annotations

import getpass


def login_name() -> str:
    """Who is deciding or running, when not told: the login name ("unknown" where there is none)."""
    try:
        return getpass.getuser()
    except Exception:  # no login name (containers, services): still record that someone did it
        return "unknown"
