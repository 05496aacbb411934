"""The review workbook secretaries decide in: instructions, review sheet, no answer, decisions, progress.

Written in openpyxl's write-only mode (50,000 clients stay well under a second per 10,000 rows and
little memory); everything the review sheet needs exists there: data validation, frozen panes,
filter, widths, row heights, print set-up, hidden key columns, a native chart.
Every value from outside (names, subjects, e-mail text, addresses) goes through
:func:`campaign.sheets.text_cell`, so "=HYPERLINK(...)" stays text; the client drop-down reads a
hidden list sheet of such text cells, never a formula built from outside text.

The review sheet reads left to right as a secretary works: who (code, name), what to decide, the
address and copies it concerns, the warnings and the phone number to check them, her comment; then
why the program thinks so; the technical detail last.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from campaign import clock
from campaign.config import Settings
from campaign.clock import utc_now
from campaign.progress import WEEK_HEADERS, collect_progress, week_label
from campaign.review.instructions import instructions_sheet
from campaign.review.rows import CLIENT, ReviewRow, review_rows
from campaign.review.signing import export_key, sign
from campaign.client_states import client_states, current_decisions
from campaign.review.words import (CONFIDENCE_WORDS, DECISION_HINTS, DECISION_WORDS, NO_CANDIDATE, SEE_ALERT,
                                   SHEET_NAMES, choice, source_text, word)
from campaign.sheets import print_fit_width, row_height, save_workbook, text_cell
from campaign.store import Store

# Review sheet columns: (key, French header, English header, width). The importer reads them by
# heading, so the headings of the columns it reads (code, address, copies, decision, comment and the
# hidden keys) never change: workbooks already handed out still import.
COLUMNS = (
    ("code", "Code client", "Client code", 13),
    ("name", "Raison sociale", "Name", 26),
    ("decision", "Décision", "Decision", 25),
    ("address", "Adresse e-mail", "E-mail address", 32),
    ("copies", "Copies", "Copies", 24),
    ("warnings", "Alertes", "Warnings", 44),
    ("phone", "Téléphone", "Phone", 15),
    ("comment", "Commentaire", "Comment", 26),
    ("confidence", "Confiance", "Confidence", 20),
    ("sentence", "Ce que dit la réponse", "What the reply says", 44),
    ("evidence", "Pourquoi ce client", "Why this client", 44),
    ("date", "Reçue le", "Received on", 16),
    ("sender", "Expéditeur", "Sender", 30),
    ("subject", "Objet", "Subject", 32),
    ("candidates", "Autres clients possibles", "Other possible clients", 28),
    ("detail", "Détail technique", "Technical detail", 60),
    ("message_id", "_message", "_message", 10),
    ("kind", "_type", "_kind", 8),
    ("exported_at", "_export", "_export", 22),
    ("original", "_client", "_client", 10),    # the client the row was exported for: a changed code re-links
    ("signature", "_sig", "_sig", 10),         # HMAC of the four keys above (campaign.review.signing)
)
KEYS = [c[0] for c in COLUMNS]
WIDTHS = {c[0]: c[3] for c in COLUMNS}
HIDDEN = {"message_id", "kind", "exported_at", "original", "signature"}
# Wrapped columns set the row's height; the technical detail stays on one line (read in the formula bar).
WRAPPED = {"name", "copies", "warnings", "comment", "confidence", "sentence", "evidence", "sender", "subject",
           "candidates"}
FROZEN = "C2"                                   # header row, code and name stay in view
PRINTED = "comment"                             # the last column printed: what she needs on paper
FILLS = {"high": "C6EFCE", "medium": "FFEB9C", "low": "FFC7CE", "alert": "F8CBAD", "danger": "FF8B8B"}


def column_letter(key: str) -> str:
    """Spreadsheet letter of a review-sheet column."""
    return get_column_letter(KEYS.index(key) + 1)


def default_name(language: str, now: dt.datetime | None = None) -> str:
    """revue-YYYYMMDD-HHMM.xlsx (French) or review-YYYYMMDD-HHMM.xlsx, in the firm's time."""
    now = now or clock.local(clock.now())
    return f"{'revue' if language == 'fr' else 'review'}-{now:%Y%m%d-%H%M}.xlsx"


_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")


def _header(sheet, titles: list[str], wrap: bool = False) -> None:
    cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font, cell.fill = _BOLD, _HEADER_FILL
        if wrap:
            cell.alignment = _WRAP
        cells.append(cell)
    sheet.append(cells)


def _layout(sheet, widths: list[int], rows: int, frozen: str = "A2") -> None:
    sheet.freeze_panes = frozen
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{max(rows + 1, 2)}"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def confidence_text(row: ReviewRow, language: str) -> str:
    """The matcher's confidence in plain words; a row with a warning says so."""
    text = word(CONFIDENCE_WORDS, row.confidence, language) if row.confidence else word(
        {"none": NO_CANDIDATE}, "none", language)
    return f"{text}, {word({'see': SEE_ALERT}, 'see', language)}" if row.warnings else text


def confidence_fill(row: ReviewRow) -> str:
    """The confidence cell's colour: never green on a row with a warning."""
    if row.warnings:
        return FILLS["danger" if row.danger else "alert"]
    return FILLS.get(row.confidence or "low", FILLS["low"])


def _review_values(row: ReviewRow, language: str, exported_at: str, secret: bytes) -> dict[str, object]:
    message_id = "" if row.message_id is None else str(row.message_id)
    code = row.code or row.suggested        # a reply row shows its best candidate, for a person to confirm
    return {
        "code": code, "name": row.name or row.suggested_name, "address": row.address,
        "copies": ", ".join(row.copies), "decision": word(DECISION_WORDS, row.decision, language),
        "confidence": confidence_text(row, language), "evidence": row.evidence,
        "date": clock.shown(row.date, language) if row.date else "", "sender": row.sender,
        "subject": row.subject, "sentence": row.sentence, "candidates": row.candidates,
        "warnings": row.warnings, "phone": row.phone, "comment": row.comment, "detail": row.detail,
        "message_id": message_id, "kind": row.kind, "exported_at": exported_at, "original": code,
        "signature": sign(secret, row.kind, message_id, code, exported_at),
    }


def _review_cells(sheet, row: ReviewRow, values: dict[str, object]) -> list[WriteOnlyCell]:
    cells = []
    for key in KEYS:
        cell = text_cell(sheet, values[key])
        cell.alignment = _WRAP if key in WRAPPED else _TOP
        if key == "confidence":
            cell.fill = PatternFill("solid", fgColor=confidence_fill(row))
        elif key == "warnings" and row.warnings:
            cell.fill = PatternFill("solid", fgColor=confidence_fill(row))
        cells.append(cell)
    return cells


def _validations(sheet, language: str, last: int, clients: int) -> None:
    """Drop-downs: the decision from its list, the client from the hidden list sheet (or typed)."""
    fr = language == "fr"
    decision_col, code_col = column_letter("decision"), column_letter("code")
    choices = ",".join(word(DECISION_WORDS, d, language) for d in DECISION_WORDS)
    prompt = "\n".join(f"{word(DECISION_WORDS, d, language)}{' :' if fr else ':'} {word(DECISION_HINTS, d, language)}"
                        for d in DECISION_WORDS)
    decisions = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True, showErrorMessage=True,
                               errorTitle=word(SHEET_NAMES, "review", language),
                               error=("Choisissez une décision dans la liste (voir l'onglet Instructions)" if fr
                                      else "Choose a decision from the list (see the Instructions sheet)"),
                               showInputMessage=True, promptTitle="Décision" if fr else "Decision",
                               prompt=prompt[:255])
    decisions.add(f"{decision_col}2:{decision_col}{last}")
    sheet.data_validations.append(decisions)  # write-only sheets lack add_data_validation
    if not clients:
        return
    lists = word(SHEET_NAMES, "lists", language)
    # no error alert: a code typed by hand ("C0105") is as good as the list's "C0105 — SCI du Parc"
    codes = DataValidation(type="list", formula1=f"'{lists}'!$A$2:$A${clients + 1}", allow_blank=True,
                           showErrorMessage=False, showInputMessage=True,
                           promptTitle="Client",
                           prompt=("Vérifiez le client proposé. Pour en changer, choisissez-le dans la liste "
                                   "(flèche) ou tapez son code." if fr else
                                   "Check the proposed client. To change it, choose it from the list (arrow) "
                                   "or type its code."))
    codes.add(f"{code_col}2:{code_col}{last}")
    sheet.data_validations.append(codes)


def _lists_sheet(book: Workbook, states, language: str) -> int:
    """The hidden sheet the client drop-down reads: "code — name" per client, as text; returns how many."""
    sheet = book.create_sheet(word(SHEET_NAMES, "lists", language))
    sheet.sheet_state = "hidden"
    sheet.column_dimensions["A"].width = 50
    sheet.append([text_cell(sheet, "Clients")])
    listed = 0
    for state in states:
        sheet.append([text_cell(sheet, choice(state.code, state.name))])
        listed += 1
    return listed


def _review_sheet(book: Workbook, rows: list[ReviewRow], language: str, exported_at: str, secret: bytes,
                  clients: int) -> None:
    sheet = book.create_sheet(word(SHEET_NAMES, "review", language))
    # write-only: views, widths, print set-up and row heights go out with the rows, so they come first
    _layout(sheet, [c[3] for c in COLUMNS], len(rows), FROZEN)
    for key in HIDDEN:
        sheet.column_dimensions[column_letter(key)].hidden = True
    print_fit_width(sheet)
    sheet.print_area = f"A1:{column_letter(PRINTED)}{len(rows) + 1}"
    titles = [c[1] if language == "fr" else c[2] for c in COLUMNS]
    sheet.row_dimensions[1].height = row_height((t, WIDTHS[k]) for t, k in zip(titles, KEYS)) or 20
    _header(sheet, titles, wrap=True)
    for number, row in enumerate(rows, start=2):
        values = _review_values(row, language, exported_at, secret)
        height = row_height((values[key], WIDTHS[key]) for key in WRAPPED)
        if height:
            sheet.row_dimensions[number].height = height
        sheet.append(_review_cells(sheet, row, values))
    _validations(sheet, language, max(len(rows) + 1, 2), clients)


def _table(book: Workbook, title: str, headers: list[str], widths: list[int], rows: list[list[object]]) -> None:
    sheet = book.create_sheet(title)
    _layout(sheet, widths, len(rows))
    print_fit_width(sheet)
    _header(sheet, headers)
    for values in rows:
        sheet.append([text_cell(sheet, v) for v in values])


def _silent_sheet(book: Workbook, states, language: str) -> None:
    fr = language == "fr"
    silent = sorted((s for s in states if s.status == "no_answer"), key=lambda s: (s.manager == "", s.manager, s.code))
    none = "(sans responsable)" if fr else "(no manager)"
    _table(book, word(SHEET_NAMES, "silent", language),
           ["Responsable", "Code client", "Raison sociale", "SIREN"] if fr
           else ["Engagement manager", "Client code", "Name", "SIREN"],
           [26, 12, 34, 12], [[s.manager or none, s.code, s.name, s.siren] for s in silent])


def _decided_sheet(book: Workbook, store: Store, names: dict[str, str], language: str) -> None:
    fr = language == "fr"
    rows = [[code, names.get(code, ""), word(DECISION_WORDS, d["decision"], language), d["address"],
             ", ".join(d["copies"]), d["decided_by"], clock.shown(d["decided_at"], language),
             source_text(d["source"], language), d["comment"]]
            for code, d in sorted(current_decisions(store).items())]
    _table(book, word(SHEET_NAMES, "decided", language),
           ["Code client", "Raison sociale", "Décision", "Adresse e-mail", "Copies", "Décidé par", "Décidé le",
            "Source", "Commentaire"] if fr else
           ["Client code", "Name", "Decision", "E-mail address", "Copies", "Decided by", "Decided at", "Source",
            "Comment"], [12, 30, 25, 32, 28, 16, 17, 40, 30], rows)


def _progress_sheet(book: Workbook, store: Store, settings: Settings, language: str) -> None:
    fr = language == "fr"
    progress = collect_progress(store, settings)
    total = progress.total
    sheet = book.create_sheet(word(SHEET_NAMES, "progress", language))
    labels = (("Clients", "Clients", total.clients), ("Informés (mémo)", "Told (memo)", total.told),
              ("Ont répondu", "Answered", total.answered), ("Adresses confirmées", "Confirmed", total.confirmed),
              ("Gardent le papier", "Keep paper", total.refused), ("À revoir", "To review", total.to_review),
              ("En attente", "Pending", total.pending), ("À appeler", "To call", total.to_call),
              ("Jours avant la bascule", "Days to the switch", progress.days_left))
    for letter, width in (("A", 26), ("B", 12), ("C", 20)):
        sheet.column_dimensions[letter].width = width
    _header(sheet, ["Indicateur", "Nombre"] if fr else ["Measure", "Count"])
    for label_fr, label_en, count in labels:
        sheet.append([label_fr if fr else label_en, count])
    sheet.append([])
    first = len(labels) + 3
    _header(sheet, list(WEEK_HEADERS["fr" if fr else "en"]))
    for week in progress.weeks:
        share = round(100 * week.clients_total / total.clients, 1) if total.clients else 0
        sheet.append([week_label(week.monday, language), week.replies, share])
    if not progress.weeks:
        return
    last = first + len(progress.weeks)
    bars = BarChart()
    bars.title = "Réponses par semaine" if fr else "Answers per week"
    bars.add_data(Reference(sheet, min_col=2, min_row=first, max_row=last), titles_from_data=True)
    bars.set_categories(Reference(sheet, min_col=1, min_row=first + 1, max_row=last))
    bars.y_axis.title = "Réponses" if fr else "Answers"
    line = LineChart()
    line.add_data(Reference(sheet, min_col=3, min_row=first, max_row=last), titles_from_data=True)
    line.y_axis.axId = 200
    line.y_axis.title = "% clients"
    line.y_axis.crosses = "max"
    bars += line
    bars.width, bars.height = 22, 10
    sheet.add_chart(bars, "E2")


def write_review_workbook(store: Store, settings: Settings, path: Path) -> tuple[Path, list[ReviewRow]]:
    """Write the review workbook to ``path`` (atomic, owner-only); returns the path and the review rows."""
    language = settings.language
    exported_at = utc_now()
    rows = review_rows(store, settings)
    states = client_states(store)
    book = Workbook(write_only=True)
    instructions_sheet(book, language)
    _review_sheet(book, rows, language, exported_at, export_key(store.path.parent), len(states))
    _silent_sheet(book, states, language)
    _decided_sheet(book, store, {s.code: s.name for s in states}, language)
    _progress_sheet(book, store, settings, language)
    _lists_sheet(book, states, language)
    book.properties.keywords = f"campaign-review exported_at={exported_at}"
    return save_workbook(book, path), rows


__all__ = ["CLIENT", "COLUMNS", "DECISION_WORDS", "KEYS", "SHEET_NAMES", "write_review_workbook", "default_name",
           "word"]
