"""Reminder lists: per engagement manager, the clients to call, as one workbook each.

A client is on the list when it has not answered (status no_answer in
:func:`campaign.client_states.client_states`) or when a person decided to chase it (decision
"remind"). Each workbook gives what a manager needs on the phone: code, name, phone, the e-mail
addresses on file, city, when the memo went out, the last reply if any, why the client is listed,
and a blank "Notes" column.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError

from campaign import sheets
from campaign.atomic import make_output_dir
from campaign.clients.codes import code_key
from campaign.clock import shown_date
from campaign.errors import CampaignError, UsageError
from campaign.outbox import all_requests
from campaign.progress import is_to_call, local_day, manager_key, suspicious_changes
from campaign.client_states import client_states, current_decisions
from campaign.text import FILE_NAME_UNSAFE
from campaign.sheets import discard_sheet, save_workbook, text_cell
from campaign.store import Store
from campaign.clients.listing import client_fields

# (key, French header, English header, width): headers wrap on two lines (see HEADER_HEIGHT)
COLUMNS = (
    ("code", "Code client", "Client code", 11),
    ("name", "Raison sociale", "Name", 28),
    ("phone", "Téléphone", "Phone", 16),
    ("emails", "Adresses e-mail connues", "E-mail addresses on file", 30),
    ("city", "Ville", "City", 18),
    ("told", "Informé le", "Told on", 12),
    ("last_reply", "Dernière réponse", "Last reply", 12),
    ("reply", "Ce que dit la réponse", "What the reply says", 42),
    ("why", "Motif de l'appel", "Why call", 40),
    ("notes", "Notes", "Notes", 30),
)
HEADER_HEIGHT = 32       # points: two lines of bold 11-point text
LINE_HEIGHT = sheets.LINE_POINTS  # points per line of 11-point text (Excel and LibreOffice)
DATE_COLUMNS = {"told", "last_reply"}
ALERT_FONT, ALERT_FILL = Font(bold=True, color="9C0006"), PatternFill("solid", fgColor="FFC7CE")
_WORDS: dict[str, dict[str, Any]] = {  # a language's words: texts, and the intents' names
    "fr": {"sheet": "Relances", "prefix": "Relances", "no_manager": "sans responsable",
           "no_answer": "Pas de réponse au mémo : demander l'adresse e-mail pour les factures",
           "no_answer_emailed": "Pas de réponse au mémo ni à notre demande par e-mail du {day} : demander l'adresse "
                                "e-mail pour les factures",
           "question": "A posé une question : la rappeler pour y répondre et demander l'adresse",
           "rejected": "L'adresse reçue n'a pas été retenue à la revue : redemander la bonne adresse",
           "remind": "À relancer, demandé par {who}", "date_format": "DD/MM/YYYY",
           "forged": "Tentative de changement d'adresse suspecte le {day} : {sender} demande l'envoi des factures à "
                     "{addresses}, mais son expéditeur n'a pas pu être authentifié. Vérifier par téléphone avant "
                     "tout changement.",
           "bounced": "Notre demande par e-mail à {address} n'a pas été remise : cette adresse du fichier ne fonctionne "
                      "plus, demander la bonne",
           "intents": {"address": "Donne une adresse", "refusal": "Préfère le courrier", "question": "Question"}},
    "en": {"sheet": "To call", "prefix": "Reminders", "no_manager": "no manager",
           "no_answer": "No answer to the memo: ask for the e-mail address for invoices",
           "no_answer_emailed": "No answer to the memo nor to our e-mailed request of {day}: ask for the e-mail "
                                "address for invoices",
           "question": "Asked a question: call back to answer it and ask for the address",
           "rejected": "The address received was not kept at review: ask for the right one",
           "remind": "To chase, asked by {who}", "date_format": "YYYY-MM-DD",
           "forged": "Suspicious attempt to change the address on {day}: {sender} asks for invoices to go to "
                     "{addresses}, but the sender could not be authenticated. Check by phone before changing "
                     "anything.",
           "bounced": "Our e-mailed request to {address} was not delivered: that address on file no longer works, ask "
                      "for the right one",
           "intents": {"address": "Gives an address", "refusal": "Prefers paper", "question": "Question"}},
}
# A manager's name in a file name is cut to this many characters and UTF-8 bytes: Linux refuses
# names over 255 bytes, Windows paths over 260 characters, and the atomic write adds ~15 to the name.
_LABEL_CHARS = 60
_LABEL_BYTES = 120
_REPLY_CHARS = 300

_LAST_REPLY_SQL = (
    "SELECT client_code, intent, evidence, own_text, message_date, date, harvested_at FROM linked_replies"
    " ORDER BY COALESCE(NULLIF(message_date, ''), NULLIF(date, ''), harvested_at), message_id")


DEFAULT_DIR = "reminders"  # inside the campaign folder


@dataclass
class ReminderRow:
    """One client to call."""

    code: str
    name: str
    manager: str
    phone: str = ""
    emails: list[str] = field(default_factory=list)
    city: str = ""
    told: dt.date | None = None         # first memo stamped for this client, or first request e-mailed
    bounced: str = ""                   # the address on file our e-mailed request bounced from
    emailed: dt.date | None = None      # first request e-mailed to this client (campaign send)
    last_reply: dt.date | None = None   # latest reply linked to this client, if any
    reply: str = ""                     # what that reply says (kind, then its sentence or opening words)
    decision: str = ""                  # "remind" when a person asked to chase, "rejected", ...
    decided_by: str = ""
    comment: str = ""
    intent: str = ""                    # what the last linked reply is (address, refusal, question)
    forged: list[dict] = field(default_factory=list)   # address changes from a sender DMARC failed


@dataclass
class ManagerList:
    """One manager's clients to call and the file written for them."""

    manager: str                        # display spelling; "" = clients without a manager
    rows: list[ReminderRow]
    path: Path | None = None
    error: str = ""                     # one line when this list could not be written


def _first_memos(store: Store, case_sensitive: bool = False) -> dict[str, dt.date | None]:
    """{client code key (see code_key; the stamper stores the code as read): day of its first memo}."""
    first: dict[str, str] = {}
    for code, stamped_at in store.conn.execute(
            "SELECT client_code, MIN(stamped_at) FROM stamps WHERE client_code IS NOT NULL GROUP BY client_code"):
        key = code_key(code, case_sensitive)
        first[key] = min(first.get(key, stamped_at), stamped_at)
    return {code: local_day(when) for code, when in first.items()}


def _requests(store: Store) -> tuple[dict[str, dt.date | None], dict[str, str]]:
    """({client code: day of its first e-mailed request}, {client code: the address a request bounced from})."""
    asked: dict[str, dt.date | None] = {}
    bounced: dict[str, str] = {}
    for row in all_requests(store):
        if row.sent_at and row.client_code not in asked:
            asked[row.client_code] = local_day(row.sent_at)
        if row.bounced_at:
            bounced[row.client_code] = row.to_address
    return asked, bounced


def _last_replies(store: Store) -> dict[str, dict]:
    """Per client code, its latest linked reply (whatever it says)."""
    latest = {}
    for row in store.conn.execute(_LAST_REPLY_SQL):
        latest[row["client_code"]] = dict(row)
    return latest


def _reply_text(reply: dict, language: str) -> str:
    kind = _WORDS[language]["intents"].get(reply["intent"], reply["intent"])
    words = " ".join((reply["evidence"] or reply["own_text"] or "").split())
    if len(words) > _REPLY_CHARS:
        words = words[:_REPLY_CHARS - 1].rstrip() + "…"
    separator = " : " if language == "fr" else ": "
    return f"{kind}{separator}« {words} »" if words and language == "fr" else (
        f"{kind}{separator}\u201c{words}\u201d" if words else kind)


def reminder_rows(store: Store, language: str = "fr", case_sensitive: bool = False) -> list[ReminderRow]:
    """Every client in the file to call, in client-code order."""
    details = {row["code"]: row for row in client_fields(store, "code", "phone", "emails", "postcode", "city")}
    memos = _first_memos(store, case_sensitive)
    asked, bounced = _requests(store)
    replies = _last_replies(store)
    decisions = current_decisions(store)
    forged = suspicious_changes(store)
    rows = []
    for state in client_states(store):
        if not is_to_call(state, state.code in forged):
            continue
        info = details[state.code]
        row = ReminderRow(code=state.code, name=state.name, manager=state.manager.strip(), phone=info["phone"],
                          emails=json.loads(info["emails"]),
                          told=min((d for d in (memos.get(code_key(state.code, case_sensitive)), asked.get(state.code))
                                    if d), default=None),
                          bounced=bounced.get(state.code, ""), emailed=asked.get(state.code),
                          city=" ".join(p for p in (info["postcode"], info["city"]) if p))
        row.forged = forged.get(state.code, [])
        if state.decision in ("remind", "rejected"):
            row.decision, row.decided_by = state.decision, state.decided_by
            row.comment = decisions[state.code]["comment"]
        reply = replies.get(state.code)
        if reply is not None:
            row.last_reply = next((d for d in (local_day(v) for v in (reply["message_date"], reply["date"],
                                                                      reply["harvested_at"]) if v) if d), None)
            row.reply, row.intent = _reply_text(reply, language), reply["intent"]
        rows.append(row)
    return rows


def by_manager(rows: list[ReminderRow]) -> list[ManagerList]:
    """The rows grouped by engagement manager (case and accents do not split a manager), by name, no-manager last."""
    groups: dict[str, list[ReminderRow]] = {}
    spellings: dict[str, Counter] = {}
    for row in rows:
        key = manager_key(row.manager)
        groups.setdefault(key, []).append(row)
        spellings.setdefault(key, Counter())[row.manager] += 1
    lists = [ManagerList(spellings[key].most_common(1)[0][0] if key else "", items) for key, items in groups.items()]
    return sorted(lists, key=lambda item: (item.manager == "", manager_key(item.manager)))


def known_managers(store: Store) -> list[str]:
    """Engagement managers of the clients in the file (one spelling each), by name."""
    counts: dict[str, Counter] = {}
    for (name,) in client_fields(store, "manager"):
        counts.setdefault(manager_key(name), Counter())[name.strip()] += 1
    return sorted((c.most_common(1)[0][0] for key, c in counts.items() if key), key=manager_key)


def select_managers(asked: list[str], known: list[str], language: str = "fr") -> set[str]:
    """The manager keys asked for; an unknown name is a usage error that lists the known ones.

    "no manager" / "sans responsable" selects the clients without a manager.
    """
    keys = {manager_key(name): name for name in known}
    no_manager = {manager_key(words["no_manager"]) for words in _WORDS.values()}
    chosen = set()
    for name in asked:
        key = manager_key(name)
        if key in keys:
            chosen.add(key)
        elif key in no_manager:
            chosen.add("")
        else:
            listed = "; ".join(known) if known else "none (import a client file with a manager column)"
            raise UsageError(f"--manager {name!r}: no such engagement manager in the client file; known: {listed}"
                             f" (or {_WORDS[language]['no_manager']!r})")
    return chosen


def _shorten(label: str) -> str:
    """``label`` cut at a word where it can, ending in "…", to fit _LABEL_CHARS characters and _LABEL_BYTES bytes."""
    if len(label) <= _LABEL_CHARS and len(label.encode("utf-8")) <= _LABEL_BYTES:
        return label
    cut = label[:_LABEL_CHARS - 1]
    while len(cut.encode("utf-8")) > _LABEL_BYTES - 3:   # "…" is 3 bytes
        cut = cut[:-1]
    word = cut.rsplit(" ", 1)[0]
    return (word if len(word) >= len(cut) // 2 else cut).rstrip(". ") + "…"


def file_name(manager: str, language: str) -> str:
    """A file name Windows and Linux accept: accents kept, / \\ : * ? " < > | removed, a long name shortened."""
    words = _WORDS[language]
    label = FILE_NAME_UNSAFE.sub("", manager) if manager else words["no_manager"]
    label = " ".join(label.split()).rstrip(". ") or words["no_manager"]
    return f"{words['prefix']} - {_shorten(label)}.xlsx"


def _unique_names(lists: list[ManagerList], language: str) -> list[str]:
    """One file name per list; names equal once cleaned (or differing only in case) get ' (2)', ' (3)'."""
    taken: set[str] = set()
    names = []
    for item in lists:
        name = file_name(item.manager, language)
        stem, number = name[:-len(".xlsx")], 2
        while name.casefold() in taken:
            name = f"{stem} ({number}).xlsx"
            number += 1
        taken.add(name.casefold())
        names.append(name)
    return names


def _why(row: ReminderRow, language: str) -> str:
    """Why the manager calls, in plain words; a suspicious address change first, whatever else."""
    words = _WORDS[language]
    lines = [words["forged"].format(day=shown_date(attempt["day"], language) or "?", sender=attempt["sender"],
                                    addresses=", ".join(attempt["addresses"]) or "?") for attempt in row.forged]
    if row.bounced:
        lines.append(words["bounced"].format(address=row.bounced))
    if row.decision == "remind":
        why = words["remind"].format(who=row.decided_by or "?") if row.decided_by else words["remind"].split(",")[0]
        lines.append(why + (f" : {row.comment}" if language == "fr" and row.comment else
                            f": {row.comment}" if row.comment else ""))
    elif row.decision == "rejected":
        lines.append(words["rejected"])
    elif row.intent == "question":
        lines.append(words["question"])
    else:
        lines.append(words["no_answer_emailed"].format(day=shown_date(row.emailed, language)) if row.emailed
                     else words["no_answer"])
    return "\n".join(lines)


def row_height(values: dict[str, Any]) -> float:
    """The height (points) a row needs so that its wrapped text does not spill over the next row."""
    cells = [(values[key], width) for key, _, _, width in COLUMNS if isinstance(values[key], str)]
    return sheets.row_height(cells) or LINE_HEIGHT + 3


def write_list(rows: list[ReminderRow], path: Path, language: str = "fr") -> Path:
    """Write one manager's list: frozen header, filters, widths, printable landscape; outside values as text."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_WORDS[language]["sheet"])
    try:
        _fill(sheet, rows, language)
        return save_workbook(book, path)
    except BaseException:
        discard_sheet(sheet)   # else openpyxl leaves personal data in a temp file and lxml prints tracebacks
        raise


def _fill(sheet: Any, rows: list[ReminderRow], language: str) -> None:
    """Lay out ``sheet`` and append the header and one row per client."""
    words = _WORDS[language]
    for index, (_, _, _, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(COLUMNS))
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    sheets.print_fit_width(sheet)  # landscape A4, one page wide, the header on every page

    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    header = []
    for _, french, english, _ in COLUMNS:
        cell = text_cell(sheet, french if language == "fr" else english)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        header.append(cell)
    sheet.row_dimensions[1].height = HEADER_HEIGHT   # headers on two lines, never cut
    sheet.append(header)
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, row in enumerate(rows, start=2):
        values = {"code": row.code, "name": row.name, "phone": row.phone, "emails": "\n".join(row.emails),
                  "city": row.city, "told": row.told, "last_reply": row.last_reply, "reply": row.reply,
                  "why": _why(row, language), "notes": ""}
        sheet.row_dimensions[number].height = row_height(values)   # set before the row is written
        cells = []
        for key, *_ in COLUMNS:
            value = values[key]
            if key in DATE_COLUMNS:
                cell = WriteOnlyCell(sheet, value=value)   # our own dates: real dates, so filters sort them
                cell.number_format = words["date_format"]
            else:
                cell = text_cell(sheet, value)
            cell.alignment = wrap
            if key == "why" and row.forged:   # the manager must not miss it
                cell.font, cell.fill = ALERT_FONT, ALERT_FILL
            cells.append(cell)
        sheet.append(cells)


def write_reminders(store: Store, out_dir: Path, language: str = "fr", managers: list[str] | None = None,
                    case_sensitive: bool = False) -> tuple[list[ManagerList], list[str]]:
    """Write one workbook per engagement manager with clients to call into ``out_dir``.

    ``managers``: only these (matched ignoring case and accents); unknown names raise UsageError.
    Returns the lists written and the managers asked for (or all known) who have nobody to call.
    """
    known = known_managers(store)
    chosen = select_managers(managers, known, language) if managers else None
    lists = by_manager(reminder_rows(store, language, case_sensitive))
    if chosen is not None:
        lists = [item for item in lists if manager_key(item.manager) in chosen]
    spelling = {manager_key(name): name for name in known}
    for item in lists:
        item.manager = spelling.get(manager_key(item.manager), item.manager)
    with_rows = {manager_key(item.manager) for item in lists}
    wanted = [name for name in known if chosen is None or manager_key(name) in chosen]
    nobody = [name for name in wanted if manager_key(name) not in with_rows]
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir}: is a file; --out expects a folder for the workbooks")
    try:
        make_output_dir(out_dir)  # personal data: owner-only unless [files] mode shares it
    except OSError as exc:
        raise CampaignError(f"{exc.filename or out_dir}: cannot write the reminder workbooks ({exc.strerror or exc});"
                            " choose another --out folder") from None
    for item, name in zip(lists, _unique_names(lists, language)):
        try:
            item.path = write_list(item.rows, out_dir / name, language)
        except (OSError, ValueError, IllegalCharacterError) as exc:   # one list failing never stops the others
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else " ".join(str(exc).split())[:200]
            item.error = (str(exc) if isinstance(exc, CampaignError)   # open in Excel: its own one line
                          else f"{out_dir / name}: cannot write this reminder workbook ({reason}); check the folder")
    return lists, nobody
