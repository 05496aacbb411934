"""The campaign at a glance: settings, clients, and what each stage has done so far."""

from __future__ import annotations

import datetime as dt
from campaign import clock
from campaign.mail.summary import replies_section
from campaign.matching.listing import matching_section
from campaign.progress import progress_section
from campaign.sections import StatusSection
from campaign.sending.summary import requests_section
from campaign.stamping.status import memo_section
from campaign.understanding.stage import understanding_section
from campaign.store import Store
from campaign.workspace import Campaign
from campaign.clients.listing import client_counts


def days_left(switch_date: dt.date, today: dt.date | None = None) -> int:
    """Days from today to the switch date (negative once it has passed)."""
    return (switch_date - (today or clock.today())).days


def collect_status(campaign: Campaign, store: Store, today: dt.date | None = None) -> list[StatusSection]:
    """Everything `campaign status` shows, as data."""
    s = campaign.settings
    left = days_left(s.switch_date, today)
    day = clock.shown_date(s.switch_date, s.language)
    when = f"{day} ({left} days left)" if left >= 0 else f"{day} (passed {-left} days ago)"
    sections = [StatusSection("Campaign", [
        ("Folder", str(campaign.folder)),
        ("Firm", s.firm),
        ("Secretariat mailbox", s.secretariat),
        ("Switch date", when),
        ("Language", s.language),
    ])]

    conn = store.conn
    counts = client_counts(store)
    total, in_file, with_email, managers = counts.known, counts.in_file, counts.with_email, counts.managers
    clients = StatusSection("Clients", [
        ("In the client file", str(in_file)),
        ("No longer in the file (kept)", str(total - in_file)),
        ("With an e-mail address in the file", str(with_email)),
        ("Engagement managers", str(managers)),
    ])
    last = conn.execute(
        "SELECT file_name, imported_at, added, updated, unchanged, missing, skipped, warnings"
        " FROM imports ORDER BY id DESC LIMIT 1").fetchone()
    if last is None:
        clients.lines.append(("Last import", "none yet: run `campaign clients import FILE`"))
    else:
        clients.lines.append(("Last import", f"{last['file_name']} on {clock.shown(last['imported_at'], s.language)}"))
        clients.lines.append(("  result", (
            f"{last['added']} added, {last['updated']} updated, {last['unchanged']} unchanged, "
            f"{last['missing']} no longer in the file, {last['skipped']} skipped, "
            f"{last['warnings']} warnings")))
    sections.append(clients)
    sections.append(replies_section(store, s.language))
    sections.append(understanding_section(store))
    sections.append(matching_section(store))
    sections.append(memo_section(store, s.language))
    sections.append(requests_section(store))
    sections.append(progress_section(store, s, today))
    return sections
