"""How far the campaign has got: per engagement manager and overall, plus answers per week.

Counts rest on :func:`campaign.client_states.client_states` (clients in the file) and on the
``stamps`` table. Each client in the file falls in exactly one of four groups:

- confirmed: a person confirmed its e-mail address (decision "confirmed");
- refused: a person recorded that it keeps posted invoices (decision "refused");
- to review: a linked reply proposes an address or a refusal, or a reply naming it waits for review;
- pending: everything else (no answer yet, a rejected proposal, a decision to chase).

Besides: *told* = a memo was stamped on one of its invoices, or a request was e-mailed to it
(campaign send); *answered* = a linked reply (address,
refusal or question) or a confirmed/refused decision; *to call* = the reminder list of
:mod:`campaign.remind` (status no_answer, plus decision "remind"); *covered* = confirmed + refused,
the share of clients whose delivery mode a person has settled. "Covered" means that and only that,
in `campaign status` and in the workbook; the weekly figures count clients who *answered*.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field

from campaign import clock
from campaign.clients.codes import case_sensitive, code_key
from campaign.clients.columns import normalise_header
from campaign.config import Settings
from campaign.matching.decide import MATCHED_INTENTS
from campaign.outbox import all_requests
from campaign.sections import TableSection
from campaign.client_states import ClientState, client_states
from campaign.store import Store
from campaign.vocabulary import Decision

ANSWER_DECISIONS = (Decision.CONFIRMED.value, Decision.REFUSED.value)  # the client answered, in words or through a person
Answer = tuple[str, int, dt.date | None]  # a linked answer: (client code, message id, day)

# Every linked reply that is an answer (automatic mail linked for the address it gives is not).
_LINKED_ANSWERS_SQL = (
    "SELECT client_code, message_id, message_date, date, harvested_at FROM linked_replies"
    f" WHERE intent IN ({', '.join('?' for _ in MATCHED_INTENTS)})")


@dataclass
class ManagerProgress:
    """The counts of one engagement manager's clients (or of all clients)."""

    manager: str                       # as written in the client file; "" = no manager
    clients: int = 0
    told: int = 0
    answered: int = 0
    confirmed: int = 0
    refused: int = 0
    to_review: int = 0
    pending: int = 0
    to_call: int = 0

    @property
    def covered(self) -> float:
        """Share of clients whose delivery mode a person has settled (0 when there are none)."""
        return (self.confirmed + self.refused) / self.clients if self.clients else 0.0

    def add(self, other: "ManagerProgress") -> None:
        """Add ``other``'s counts to these."""
        for name in ("clients", "told", "answered", "confirmed", "refused", "to_review", "pending", "to_call"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class WeekAnswers:
    """Answers received in one ISO week."""

    week: str            # "2026-W45" (for sorting and machines; people read week_label)
    monday: dt.date
    replies: int         # linked answer messages dated that week
    new_clients: int     # clients whose first answer is dated that week
    clients_total: int   # clients answered by the end of that week


@dataclass
class Progress:
    """Everything `campaign status` shows about progress."""

    managers: list[ManagerProgress]
    total: ManagerProgress
    switch_date: dt.date
    days_left: int
    weeks: list[WeekAnswers] = field(default_factory=list)
    stamped_unknown: int = 0       # distinct codes stamped that are not clients in the file
    undated_answers: int = 0       # linked answers without any usable date (left out of the weeks)


def manager_key(name: str) -> str:
    """How managers are told apart: case, accents, punctuation and spacing do not count."""
    return normalise_header(name)


def is_to_call(state: ClientState, suspicious: bool = False) -> bool:
    """Whether the client belongs on its manager's reminder list.

    ``suspicious``: someone whose sender failed DMARC asked to send its invoices elsewhere (see
    suspicious_changes); the manager checks that by phone, whatever else was decided.
    """
    # a proposal turned down ("Refuser") leaves the client without an address: call them too
    return suspicious or state.status == "no_answer" or state.decision in ("remind", "rejected")


# Replies asking to send invoices elsewhere whose sender failed DMARC, by the client they name best.
_SUSPICIOUS_SQL = (
    "SELECT c.client_code, r.addresses, r.message_date, m.date, m.harvested_at, m.sender FROM match_outcomes o"
    " JOIN match_candidates c ON c.message_id = o.message_id AND c.rank = 1 AND c.linked = 0"
    " JOIN replies r ON r.id = o.reply_id JOIN messages m ON m.id = o.message_id"
    " WHERE r.current = 1 AND r.intent = 'address' AND o.warnings LIKE '%\"dmarc_fail\"%' ORDER BY o.message_id")


def suspicious_changes(store: Store) -> dict[str, list[dict]]:
    """{client code: [{day, sender, addresses}]}: address changes asked by a sender that failed DMARC."""
    found: dict[str, list[dict]] = {}
    for row in store.conn.execute(_SUSPICIOUS_SQL):
        day = next((d for d in (local_day(v) for v in tuple(row)[2:5] if v) if d), None)
        found.setdefault(row["client_code"], []).append(
            {"day": day, "sender": row["sender"], "addresses": json.loads(row["addresses"] or "[]")})
    return found


def group(state: ClientState) -> str:
    """confirmed | refused | to_review | pending (the four groups are disjoint and cover every client)."""
    if state.decision in ANSWER_DECISIONS:
        return state.decision
    if state.status in ("proposed", "review"):
        return "to_review"
    return "pending"


def stamped_codes(store: Store, case_sensitive: bool = False) -> set[str]:
    """The keys (see code_key) of the client codes that got at least one memo.

    The stamper stores the code as read on the invoice, so compare by key, as it finds clients.
    """
    return {code_key(r[0], case_sensitive) for r in store.conn.execute(
        "SELECT DISTINCT client_code FROM stamps WHERE client_code IS NOT NULL")}


def local_day(value: str) -> dt.date | None:
    """The French calendar day of a stored ISO 8601 time (UTC in the database); None if unreadable."""
    moment = clock.local(value if isinstance(value, str) else None)
    return moment.date() if moment else None


def _answer_date(row: tuple) -> dt.date | None:
    """A linked reply's day: its Date header, else when it was harvested."""
    for value in row[2:]:
        day = local_day(value) if value else None
        if day is not None:
            return day
    return None


def linked_answers(store: Store) -> list[Answer]:
    """(client code, message id, date) of every linked answer."""
    return [(row[0], row[1], _answer_date(tuple(row)))
            for row in store.conn.execute(_LINKED_ANSWERS_SQL, MATCHED_INTENTS)]


def answers_per_week(answers: list[Answer], clients: set[str] | None = None) -> list[WeekAnswers]:
    """Answers per ISO week, from the first week with an answer to the last, weeks without any included.

    ``clients``: count only these client codes (default: all).
    """
    dated = [(code, msg, day) for code, msg, day in answers if day is not None and (clients is None or code in clients)]
    if not dated:
        return []
    messages: dict[dt.date, set[int]] = {}
    first: dict[str, dt.date] = {}
    for code, msg, day in dated:
        monday = day - dt.timedelta(days=day.weekday())
        messages.setdefault(monday, set()).add(msg)
        if code not in first or day < first[code]:
            first[code] = day
    firsts = Counter(day - dt.timedelta(days=day.weekday()) for day in first.values())
    weeks, running = [], 0
    monday, last = min(messages), max(messages)
    while monday <= last:
        year, number, _ = monday.isocalendar()
        running += firsts.get(monday, 0)
        weeks.append(WeekAnswers(f"{year}-W{number:02d}", monday, len(messages.get(monday, ())),
                                 firsts.get(monday, 0), running))
        monday += dt.timedelta(days=7)
    return weeks


def collect_progress(store: Store, settings: Settings, today: dt.date | None = None) -> Progress:
    """Counts per engagement manager (by name, no-manager last) and overall."""
    states = client_states(store)
    codes_rule = case_sensitive(settings)
    stamped = stamped_codes(store, codes_rule)
    asked = {row.client_code for row in all_requests(store) if row.sent_at}
    answers = linked_answers(store)
    answered_by_reply = {code for code, _, _ in answers}
    suspicious = suspicious_changes(store)
    spelling: dict[str, Counter] = {}
    rows: dict[str, ManagerProgress] = {}
    for state in states:
        key = manager_key(state.manager)
        spelling.setdefault(key, Counter())[state.manager.strip()] += 1
        row = rows.setdefault(key, ManagerProgress(""))
        row.clients += 1
        row.told += code_key(state.code, codes_rule) in stamped or state.code in asked
        row.answered += state.code in answered_by_reply or state.decision in ANSWER_DECISIONS
        setattr(row, group(state), getattr(row, group(state)) + 1)
        row.to_call += is_to_call(state, state.code in suspicious)
    for key, row in rows.items():
        row.manager = spelling[key].most_common(1)[0][0] if key else ""
    managers = sorted(rows.values(), key=lambda r: (r.manager == "", manager_key(r.manager)))
    total = ManagerProgress("")
    for row in managers:
        total.add(row)
    in_file = {s.code for s in states}
    left = (settings.switch_date - (today or clock.today())).days
    return Progress(managers=managers, total=total, switch_date=settings.switch_date, days_left=left,
                    weeks=answers_per_week(answers, in_file),
                    stamped_unknown=len(stamped - {code_key(code, codes_rule) for code in in_file}),
                    undated_answers=sum(1 for code, _, day in answers if day is None and code in in_file))


def week_label(monday: dt.date, language: str = "fr") -> str:
    """A week as people read it: "semaine du 02/11/2026" or "week of 2026-11-02"."""
    return f"{'semaine du' if language == 'fr' else 'week of'} {clock.shown_date(monday, language)}"


# The weekly table of the workbook's progress sheet: clients who answered, not "covered" (see above).
WEEK_HEADERS = {"fr": ("Semaine", "Réponses", "Clients ayant répondu (%)"),
                "en": ("Week", "Answers", "Clients who answered (%)")}


def switch_text(days_left: int) -> str:
    """'N days left', 'today' or 'switch date passed N days ago'."""
    if days_left > 0:
        return f"{days_left} day{'s' if days_left != 1 else ''} left"
    if days_left == 0:
        return "today"
    return f"switch date passed {-days_left} day{'s' if days_left != -1 else ''} ago"


PROGRESS_COLUMNS = ("Manager", "Clients", "Told", "Answers", "Confirmed", "Refused", "Review",
                    "Pending", "To call", "Covered")
# The same columns in a narrow terminal, where full headers would squeeze the managers' names.
SHORT_COLUMNS = ("Manager", "Clients", "Told", "Ans.", "Conf.", "Ref.", "Rev.", "Pend.", "Call", "Cov.")
SHORT_LEGEND = ("Ans. answered, Conf. addresses confirmed, Ref. refusals (keep posting), Rev. to review, "
                "Pend. pending, Call to call, Cov. covered")


def progress_row(row: ManagerProgress, label: str | None = None) -> list[str]:
    """One table row, in PROGRESS_COLUMNS order."""
    return [(row.manager or "(no manager)") if label is None else label, str(row.clients), str(row.told),
            str(row.answered), str(row.confirmed), str(row.refused), str(row.to_review), str(row.pending),
            str(row.to_call), f"{row.covered:.0%}"]


def progress_section(store: Store, settings: Settings, today: dt.date | None = None) -> TableSection:
    """The "Progress" section of `campaign status`: summary lines and a table per engagement manager."""
    progress = collect_progress(store, settings, today)
    total, language = progress.total, settings.language
    section = TableSection("Progress", [
        ("Switch date", f"{clock.shown_date(progress.switch_date, language)}: {switch_text(progress.days_left)}"),
        ("Clients told (memo or e-mail)", f"{total.told} of {total.clients}"),
        ("Answered", str(total.answered)),
        ("Addresses confirmed", str(total.confirmed)),
        ("Refusals (keep posting)", str(total.refused)),
        ("To review", str(total.to_review)),
        ("Pending", str(total.pending)),
        ("Covered (mode settled by a person)", f"{total.covered:.1%}"),
        ("To call (`campaign remind`)", str(total.to_call)),
    ])
    if progress.stamped_unknown:
        section.lines.append(("Stamped codes not in the client file", str(progress.stamped_unknown)))
    day = today or clock.today()
    monday = day - dt.timedelta(days=day.weekday())
    this_week = next((week.replies for week in progress.weeks if week.monday == monday), 0)
    section.lines.append(("Answers this week", f"{this_week} (week of {clock.shown_date(monday, language)})"))
    if progress.undated_answers:
        section.lines.append(("Answers without a date (left out of the weeks)", str(progress.undated_answers)))
    section.columns, section.short_columns, section.legend = list(PROGRESS_COLUMNS), list(SHORT_COLUMNS), SHORT_LEGEND
    section.rows = [progress_row(row) for row in progress.managers]
    if len(progress.managers) > 1:
        section.rows.append(progress_row(total, "All"))
    return section
