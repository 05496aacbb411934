"""The review workbook secretaries decide in: review sheet, clients without answer, decisions, progress.

Written in openpyxl's write-only mode (50,000 clients stay well under a second per 10,000 rows and
little memory); everything the review sheet needs exists there: data validation, conditional
formatting, frozen header, filter, widths, hidden key columns, a native chart.
Every value from outside (names, subjects, e-mail text, addresses) goes through
:func:`campaign.sheets.text_cell`, so "=HYPERLINK(...)" stays text.
"""

from __future__ import annotations

import math

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from campaign.config import Settings
from campaign.mail.messages import utc_now
from campaign.progress import WEEK_HEADERS, collect_progress, week_label
from campaign.review.rows import CLIENT, ReviewRow, review_rows
from campaign.review.signing import export_key, sign
from campaign.review.state import client_states, current_decisions
from campaign.sheets import save_workbook, text_cell
from campaign.store import Store

# Decision values as the workbook shows them, per language (French, English).
DECISION_WORDS = {
    "confirmed": ("Valider", "Confirm"),
    "rejected": ("Refuser", "Reject"),
    "refused": ("Courrier", "Keep posting"),
    "remind": ("À relancer", "Chase"),
}
CONFIDENCE_WORDS = {"high": ("élevée", "high"), "medium": ("moyenne", "medium"), "low": ("faible", "low")}

# Review sheet columns: (key, French header, English header, width). The importer reads them by key.
COLUMNS = (
    ("code", "Code client", "Client code", 12),
    ("name", "Raison sociale", "Name", 30),
    ("address", "Adresse e-mail", "E-mail address", 32),
    ("copies", "Copies", "Copies", 28),
    ("decision", "Décision", "Decision", 14),
    ("auto", "Auto", "Auto", 7),
    ("confidence", "Confiance", "Confidence", 14),
    ("evidence", "Indices", "Evidence", 60),
    ("date", "Date du message", "Message date", 19),
    ("sender", "Expéditeur", "Sender", 28),
    ("subject", "Objet", "Subject", 36),
    ("sentence", "Phrase citée", "Sentence quoted", 50),
    ("candidates", "Autres candidats", "Other candidates", 32),
    ("warnings", "Alertes", "Warnings", 44),
    ("comment", "Commentaire", "Comment", 30),
    ("message_id", "_message", "_message", 10),
    ("kind", "_type", "_kind", 8),
    ("exported_at", "_export", "_export", 22),
    ("original", "_client", "_client", 10),    # the client the row was exported for: a changed code re-links
    ("signature", "_sig", "_sig", 10),         # HMAC of the four keys above (campaign.review.signing)
)
KEYS = [c[0] for c in COLUMNS]
HIDDEN = {"message_id", "kind", "exported_at", "original", "signature"}
WRAPPED = {"evidence", "sentence", "candidates", "warnings", "copies"}
SHEET_NAMES = {"review": ("Revue", "Review"), "silent": ("Sans réponse", "No answer"),
               "decided": ("Décisions", "Decisions"), "progress": ("Avancement", "Progress")}
AUTO_MARK = "auto"


def word(table: dict, key: str, language: str) -> str:
    """``key`` in the campaign's language from a (French, English) table."""
    pair = table.get(key)
    return "" if pair is None else pair[0 if language == "fr" else 1]


def column_letter(key: str) -> str:
    """Spreadsheet letter of a review-sheet column."""
    return get_column_letter(KEYS.index(key) + 1)


def default_name(language: str, now: dt.datetime | None = None) -> str:
    """revue-YYYYMMDD-HHMM.xlsx (French) or review-YYYYMMDD-HHMM.xlsx."""
    now = now or dt.datetime.now()
    return f"{'revue' if language == 'fr' else 'review'}-{now:%Y%m%d-%H%M}.xlsx"


_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")


def _header(sheet, titles: list[str]) -> None:
    cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font, cell.fill = _BOLD, _HEADER_FILL
        cells.append(cell)
    sheet.append(cells)


def _layout(sheet, widths: list[int], rows: int) -> None:
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{max(rows + 1, 2)}"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _review_values(row: ReviewRow, language: str, exported_at: str, secret: bytes) -> dict[str, object]:
    message_id = "" if row.message_id is None else str(row.message_id)
    return {
        "code": row.code, "name": row.name, "address": row.address, "copies": ", ".join(row.copies),
        "decision": word(DECISION_WORDS, row.decision, language), "auto": AUTO_MARK if row.auto else "",
        "confidence": f"{word(CONFIDENCE_WORDS, row.confidence, language)} ({min(99, math.floor(row.probability * 100)):.0f} %)"
        if row.confidence else "",
        "evidence": row.evidence, "date": row.date, "sender": row.sender, "subject": row.subject,
        "sentence": row.sentence, "candidates": row.candidates, "warnings": row.warnings, "comment": row.comment,
        "message_id": message_id, "kind": row.kind, "exported_at": exported_at, "original": row.code,
        "signature": sign(secret, row.kind, message_id, row.code, exported_at),
    }


def _review_sheet(book: Workbook, rows: list[ReviewRow], language: str, exported_at: str, secret: bytes) -> None:
    sheet = book.create_sheet(word(SHEET_NAMES, "review", language))
    # write-only: views and column widths go out with the first row, so they come first
    _layout(sheet, [c[3] for c in COLUMNS], len(rows))
    for key in HIDDEN:
        sheet.column_dimensions[column_letter(key)].hidden = True
    _header(sheet, [c[1] if language == "fr" else c[2] for c in COLUMNS])
    for row in rows:
        values = _review_values(row, language, exported_at, secret)
        cells = []
        for key in KEYS:
            cell = text_cell(sheet, values[key])
            cell.alignment = _WRAP if key in WRAPPED else _TOP
            cells.append(cell)
        sheet.append(cells)
    last = max(len(rows) + 1, 2)
    choices = ",".join(word(DECISION_WORDS, d, language) for d in DECISION_WORDS)
    validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True, showErrorMessage=True,
                                errorTitle=word(SHEET_NAMES, "review", language),
                                error=("Choisissez une valeur de la liste" if language == "fr"
                                       else "Choose a value from the list"))
    validation.add(f"{column_letter('decision')}2:{column_letter('decision')}{last}")
    sheet.data_validations.append(validation)  # write-only sheets lack add_data_validation
    confidence_col, warnings_col = column_letter("confidence"), column_letter("warnings")
    colours = {"high": "C6EFCE", "medium": "FFEB9C", "low": "FFC7CE"}
    for level, colour in colours.items():
        text = word(CONFIDENCE_WORDS, level, language)
        sheet.conditional_formatting.add(
            f"{confidence_col}2:{confidence_col}{last}",
            FormulaRule(formula=[f'LEFT({confidence_col}2,{len(text)})="{text}"'],
                        fill=PatternFill("solid", bgColor=colour)))
    sheet.conditional_formatting.add(
        f"{warnings_col}2:{warnings_col}{last}",
        FormulaRule(formula=[f"LEN({warnings_col}2)>0"], fill=PatternFill("solid", bgColor="F8CBAD")))
    auto_col = column_letter("auto")
    sheet.conditional_formatting.add(
        f"{auto_col}2:{auto_col}{last}",
        FormulaRule(formula=[f'{auto_col}2="{AUTO_MARK}"'], font=Font(bold=True, color="1F4E78"),
                    fill=PatternFill("solid", bgColor="DDEBF7")))


def _table(book: Workbook, title: str, headers: list[str], widths: list[int], rows: list[list[object]]) -> None:
    sheet = book.create_sheet(title)
    _layout(sheet, widths, len(rows))
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
             ", ".join(d["copies"]), d["decided_by"], d["decided_at"], d["source"], d["comment"]]
            for code, d in sorted(current_decisions(store).items())]
    _table(book, word(SHEET_NAMES, "decided", language),
           ["Code client", "Raison sociale", "Décision", "Adresse e-mail", "Copies", "Décidé par", "Décidé le",
            "Source", "Commentaire"] if fr else
           ["Client code", "Name", "Decision", "E-mail address", "Copies", "Decided by", "Decided at", "Source",
            "Comment"], [12, 30, 14, 32, 28, 16, 22, 36, 30], rows)


def _progress_sheet(book: Workbook, store: Store, settings: Settings, language: str) -> None:
    fr = language == "fr"
    progress = collect_progress(store, settings)
    total = progress.total
    sheet = book.create_sheet(word(SHEET_NAMES, "progress", language))
    labels = (("Clients", "Clients", total.clients), ("Informés (mémo)", "Told (memo)", total.told),
              ("Ont répondu", "Answered", total.answered), ("Adresses confirmées", "Confirmed", total.confirmed),
              ("Courrier", "Keep posting", total.refused), ("À revoir", "To review", total.to_review),
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
    _review_sheet(book, rows, language, exported_at, export_key(store.path.parent))
    _silent_sheet(book, states, language)
    _decided_sheet(book, store, {s.code: s.name for s in states}, language)
    _progress_sheet(book, store, settings, language)
    book.properties.keywords = f"campaign-review exported_at={exported_at}"
    return save_workbook(book, path), rows


__all__ = ["CLIENT", "COLUMNS", "DECISION_WORDS", "KEYS", "write_review_workbook", "default_name", "word"]
