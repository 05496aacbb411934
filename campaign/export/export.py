"""The rows of the final export: one per client, from campaign.client_states.

Only a person's decision counts: a client whose current decision is "confirmed" is exported with
mode email, its address, copies and the evidence (date and Message-ID of the reply the decision rests
on); "refused" gives mode paper. Everyone else (no answer, a matcher's proposal nobody confirmed,
a rejected proposal, a client to chase) is pending: they stay on paper until a person decides.

With ``[requests] silence_means_consent = true`` and the switch date reached, a client who was asked
by e-mail (campaign send), whose request did not bounce and who has not answered at all is exported
with mode email and the address written to, its evidence "sans réponse à <the request's Message-ID>"
(and "decided by" the word for no answer): the request told them so.

The file is imported as an *update* of the management software's client file, so it must never
blank what that file holds: by default (``only="decided"``) pending clients are left out of it
altogether, and on every row that is not "email" the e-mail column carries the client file's own
address unchanged (never a designation: the mode column says how invoices go).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from campaign import clock
from campaign.clients.columns import email_cell
from campaign.config import Settings
from campaign.outbox import SENT, RequestRow, all_requests, latest_to
from campaign.sending.settings import request_settings
from campaign.export.settings import ExportSettings
from campaign.export.write import Changed, write_csv, write_xlsx
from campaign.client_states import ClientState, client_states
from campaign.store import Store
from campaign.ticks import OnProgress, counted, no_progress
from campaign.clients.listing import client_fields

SHEET_TITLE = "Clients"   # the same word in French and English


@dataclass
class ExportResult:
    """What was written."""

    path: Path
    format: str
    encoding: str
    rows: int = 0
    modes: Counter = field(default_factory=Counter)       # email | paper | pending -> rows
    transliterated: list[Changed] = field(default_factory=list)
    newer_reply: list[str] = field(default_factory=list)  # exported by a decision that a later reply may change
    pending: Counter = field(default_factory=Counter)     # why nobody decided (see pending_reason) -> clients
    file_email_kept: int = 0   # rows not on e-mail whose e-mail column is the client file's address
    by_silence: list[str] = field(default_factory=list)  # exported on e-mail because they did not answer a request


def export_mode(state: ClientState) -> str:
    """email, paper or pending: what a person decided, pending when nobody has."""
    if state.status == "decided" and state.decision == "confirmed" and state.address:
        return "email"
    if state.status == "decided" and state.decision == "refused":
        return "paper"
    return "pending"


def pending_reason(state: ClientState) -> str:
    """Why a pending client has no decision: no_answer, to_confirm, to_review or to_chase."""
    if state.status == "proposed":
        return "to_confirm"       # the matcher linked a reply; nobody confirmed it
    if state.status == "decided":
        return "to_chase"         # proposal turned down or client to chase
    if state.status == "review":
        return "to_review"
    return "no_answer"


def file_emails(store: Store) -> dict[str, str]:
    """{client code: the e-mail cell of the client file}, for the clients whose cell is not empty.

    Every address kept at import, "; "-separated; when none was valid, the cell as it was written:
    a row imported as an update must give the management software back what it holds, never less.
    """
    out = {}
    for code, emails, source in client_fields(store, "code", "emails", "source_row"):
        addresses = json.loads(emails)
        if addresses:
            out[code] = "; ".join(addresses)
            continue
        written = email_cell(json.loads(source))
        if written:
            out[code] = written
    return out


UNANSWERED = {"fr": "sans réponse", "en": "no answer"}
_UNANSWERED_REF = {"fr": "sans réponse à <{id}>", "en": "no answer to <{id}>"}


def consent_by_silence(store: Store, settings: Settings, today: dt.date) -> dict[str, RequestRow]:
    """{client code: the request whose silence counts as consent}: with [requests] silence_means_consent,
    from the switch date on, the latest message sent to each client whose request did not bounce, if it
    said "unless you tell us otherwise" (a request sent while the setting was off asked for an answer), went
    before the switch date, and went to the address the client file still gives."""
    if not request_settings(settings).silence_means_consent or today < settings.switch_date:
        return {}
    bounced = {row.client_code for row in all_requests(store) if row.bounced_at}
    on_file = {code: [e.lower() for e in json.loads(emails)] for code, emails in client_fields(store, "code", "emails")}
    switch = settings.switch_date.isoformat()
    # the address written to must still be the one on file (a newer one the firm learnt wins), and the request
    # must have gone before the switch date it announced
    return {code: row for code, row in latest_to(store).items()
            if row.state == SENT and row.silence and code not in bounced and (row.sent_at or "")[:10] < switch
            and row.to_address.lower() in on_file.get(code, [])[:1]}


def format_date(value: str, pattern: str) -> str:
    """An ISO 8601 timestamp as a date in Paris time ("" stays ""; unparseable text is kept as is)."""
    when = clock.local(value)
    return when.strftime(pattern) if when else value


def values(state: ClientState, mode: str, settings: ExportSettings, file_email: str = "") -> dict[str, str]:
    """Every exportable field of one client, as text (``file_email``: the client file's address)."""
    decided = mode != "pending"
    return {
        "code": state.code, "name": state.name, "siren": state.siren, "mode": settings.modes[mode],
        "email": state.address if mode == "email" else file_email,
        "copies": ",".join(state.copies) if mode == "email" else "",
        "evidence_date": format_date(state.evidence_date, settings.date_format) if decided else "",
        "evidence_ref": state.message_ref if decided else "",
        "decided_by": state.decided_by if decided else "",
        "decided_at": format_date(state.decided_at, settings.date_format) if decided else "",
        "manager": state.manager,
    }


def _silent(state: ClientState, request: RequestRow, language: str) -> ClientState:
    """The state of a client whose silence consents: e-mail to the address written to."""
    words = "fr" if language == "fr" else "en"
    return dataclasses.replace(state, status="decided", decision="confirmed", address=request.to_address, copies=[],
                               evidence_date=request.sent_at or "",
                               message_ref=_UNANSWERED_REF[words].format(id=request.header_id),
                               decided_by=UNANSWERED[words], decided_at="")


def export_rows(store: Store, settings: ExportSettings, only: str, result: ExportResult,
                silence: dict[str, RequestRow] | None = None) -> Iterator[tuple[str, list[str]]]:
    """(client code, cells in column order) per exported client; counts modes and newer replies into ``result``.
    ``silence``: the requests whose silence counts as consent (consent_by_silence)."""
    fields = [column.field for column in settings.columns]
    emails = file_emails(store)
    silence = silence or {}
    for state in client_states(store):
        mode = export_mode(state)
        if mode == "pending" and state.status == "no_answer" and state.code in silence:
            state, mode = _silent(state, silence[state.code], settings.language), "email"
            result.by_silence.append(state.code)
        if mode == "pending":
            result.pending[pending_reason(state)] += 1
            if only == "decided":
                continue
        result.modes[mode] += 1
        if mode != "pending" and state.newer_reply:
            result.newer_reply.append(state.code)
        file_email = emails.get(state.code, "") if mode != "email" else ""
        result.file_email_kept += bool(file_email) and "email" in fields
        cells = values(state, mode, settings, file_email)
        yield state.code, [cells[name] for name in fields]


def run_export(store: Store, settings: ExportSettings, path: Path, *, fmt: str, encoding: str,
               only: str, on_progress: OnProgress = no_progress,
               silence: dict[str, RequestRow] | None = None) -> ExportResult:
    """Write the export file to ``path`` (atomically, owner-only) and say what it holds."""
    result = ExportResult(path=Path(path), format=fmt, encoding=encoding if fmt == "csv" else "")
    headers = [column.header for column in settings.columns]
    rows = counted(export_rows(store, settings, only, result, silence), on_progress, "Writing clients")
    if fmt == "xlsx":
        result.transliterated = write_xlsx(result.path, headers, rows, sheet_title=SHEET_TITLE)
    else:
        result.transliterated = write_csv(result.path, headers, rows, encoding=encoding,
                                          formula_guard=settings.formula_guard)
    result.rows = sum(result.modes.values())
    return result
