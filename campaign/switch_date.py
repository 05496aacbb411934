"""The switch date printed on invoices: refused when past, a warning when too close.

A memo announcing "À partir du 1er janvier 2024" misleads every client who reads it, so
``campaign init`` and ``campaign stamp`` refuse a date before today (campaign.clock) unless told
``--allow-past-date`` (re-stamping a late invoice, say). Clients need time to answer: under four
weeks gets a one-line warning.
"""

from __future__ import annotations

import datetime as dt

from campaign import clock
from campaign.errors import UsageError

NOTICE_DAYS = 28  # four weeks' notice: the usual delay for a client to answer a memo


def check_switch_date(date: dt.date, where: str, *, allow_past: bool = False, fix: str = "") -> str | None:
    """A one-line warning when ``date`` is near (or past and allowed); UsageError when past and not allowed.

    ``where`` names the setting ("--switch-date", "campaign.toml: [campaign] switch_date"); ``fix``
    says how to change it.
    """
    today = clock.today()
    days = (date - today).days
    if days < 0:
        if not allow_past:
            raise UsageError(f"{where} {date:%Y-%m-%d} is in the past (today is {today:%Y-%m-%d}): invoices would "
                             f"announce a date gone by; {fix or 'give a later date'}, or pass --allow-past-date")
        return f"warning: switch date {date:%Y-%m-%d} has passed; kept (--allow-past-date)"
    if days < NOTICE_DAYS:
        when = "today" if days == 0 else f"{days} day{'s' if days > 1 else ''} away"
        return f"warning: switch date {date:%Y-%m-%d} is {when}, less than four weeks' notice"
    return None
