"""One clock for the whole campaign: the time now, the firm's today, and a moment as people read it.

Times are stored as UTC ISO 8601 text. People see them in the firm's time zone (Europe/Paris),
"12/01/2027 10:22" in French, "2027-01-12 10:22" in English. Setting CAMPAIGN_NOW to an ISO 8601
moment ("2027-01-12T10:22:00+01:00") fixes the clock, so that tests and demos do not depend on the
day they run and no test breaks when the calendar passes a date written in it.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

FIRM_ZONE = ZoneInfo("Europe/Paris")  # needs the tzdata package on Windows (declared)
ENV_VAR = "CAMPAIGN_NOW"

_FORMATS = {"fr": ("%d/%m/%Y", "%d/%m/%Y %H:%M"), "en": ("%Y-%m-%d", "%Y-%m-%d %H:%M")}


def now() -> dt.datetime:
    """The current moment (UTC, to the second), or the one CAMPAIGN_NOW fixes."""
    fixed = os.environ.get(ENV_VAR, "").strip()
    if fixed:
        moment = dt.datetime.fromisoformat(fixed)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=FIRM_ZONE)
        return moment.astimezone(dt.timezone.utc).replace(microsecond=0)
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def utc_now() -> str:
    """Now, UTC, ISO 8601 to the second: what the database stores."""
    return now().isoformat(timespec="seconds")


def today() -> dt.date:
    """The firm's date today (Europe/Paris)."""
    return now().astimezone(FIRM_ZONE).date()


def local(moment: str | dt.datetime | None) -> dt.datetime | None:
    """A stored moment in the firm's time zone (one without a zone is taken as the firm's own, as
    CAMPAIGN_NOW is); None for an empty or unreadable one."""
    if not moment:
        return None
    if isinstance(moment, str):
        try:
            moment = dt.datetime.fromisoformat(moment)
        except ValueError:
            return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=FIRM_ZONE)
    return moment.astimezone(FIRM_ZONE)


def shown(moment: str | dt.datetime | None, language: str = "fr") -> str:
    """A stored moment as people read it: "12/01/2027 10:22" (French) or "2027-01-12 10:22"."""
    moment_here = local(moment)
    if moment_here is None:
        return str(moment or "")
    return moment_here.strftime(_FORMATS.get(language, _FORMATS["fr"])[1])


def shown_date(day: dt.date | str | None, language: str = "fr") -> str:
    """A date as people read it: "12/01/2027" (French) or "2027-01-12"."""
    if not day:
        return ""
    if isinstance(day, str):
        moment = local(day) if "T" in day else None
        day = moment.date() if moment else dt.date.fromisoformat(day[:10])
    return day.strftime(_FORMATS.get(language, _FORMATS["fr"])[0])
