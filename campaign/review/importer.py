"""Reading the review workbook back: check every edited cell, then apply all of it or nothing.

The workbook is untrusted input: its hidden key cells must carry the signature the export gave
them (:mod:`campaign.review.signing`), ids are ASCII digits within SQLite's integers, a heading
may appear once, and a formula in a cell that is read is refused (its cached value is not read).
Validation first, over the whole sheet: a wrong decision word, a bad address or an unknown client
code is listed with its cell (``Revue!E12``) and what to do, and nothing at all is applied. Then,
in one transaction: client codes typed on reply rows link the reply to that client, decisions are
recorded with who and which cell they came from. Repeats change nothing (counted as unchanged);
a decision taken after the workbook was exported is never overwritten (reported as a conflict).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from campaign.checkpoints import checkpoint
from campaign.clients.codes import ClientCodes, case_sensitive
from campaign.clients.records import check_email
from campaign.config import Settings
from campaign.errors import InputRefused
from campaign.matching.run import MatcherCache, record_verdict
from campaign.review.decisions import Decision, record, same_as_current
from campaign.review.rows import CLIENT, REPLY
from campaign.review.signing import import_key, verify
from campaign.review.workbook import COLUMNS, column_letter
from campaign.review.words import DECISION_WORDS, OLD_DECISION_WORDS, SHEET_NAMES, code_of_choice
from campaign.sheet_reading import Formula, cell_text, open_workbook, sheet_rows
from campaign.store import Store
from campaign.understanding.addresses import normalise
from campaign.user import login_name

_SPLIT = re.compile(r"[\s,;]+")
_ID = re.compile(r"[0-9]{1,19}", re.ASCII)
_REQUIRED = ("code", "address", "copies", "decision", "message_id", "kind", "exported_at", "original", "signature")


def _fold(text: str) -> str:
    """Lower case, no accents, single spaces: 'À  relancer ' and 'a relancer' are the same word."""
    text = unicodedata.normalize("NFKD", text).replace("’", "'").replace("‘", "'")  # LibreOffice's autocorrect
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


# today's words and the unambiguous ones of earlier versions ("Valider", "Courrier");
# "Refuser" used to mean "not this client"; people read it as "keeps paper": it is refused, naming both.
_AMBIGUOUS = {_fold(old): " or ".join(f"'{DECISION_WORDS[key][n]}'" for key in ("refused", "rejected"))
              for n, old in enumerate(("Refuser", "Reject"))}
_DECISIONS = {_fold(w): key for table in (OLD_DECISION_WORDS, DECISION_WORDS) for key, words in table.items()
              for w in words}
_HEADERS = {_fold(h): key for key, fr, en, _ in COLUMNS for h in (fr, en)}
_CHOICES_FR = ", ".join(f'"{w[0]}"' for w in DECISION_WORDS.values())
_CHOICES_EN = ", ".join(f'"{w[1]}"' for w in DECISION_WORDS.values())


@dataclass
class Action:
    """What one row asks for, once checked."""

    row: int
    kind: str
    exported_at: str
    decision: Decision | None = None
    link: tuple[int, str, str, str] | None = None  # (message id, client code, cell, link | reject)
    unlink: tuple[int, str, str, str] | None = None  # (message id, the exported client, cell, reject)


@dataclass
class ImportReport:
    """The outcome of one import."""

    links: int = 0
    rejections: int = 0                             # replies a person said are not the client's
    decisions: int = 0
    unchanged: int = 0
    blank: int = 0
    conflicts: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    dry_run: bool = False


def _text(value: object) -> str:
    return cell_text(value).strip()


def _shown(value: str) -> str:
    """A typed cell quoted in an error: on one line (Alt+Enter breaks it) and at most 80 characters."""
    text = " ".join(value.split())
    return text if len(text) <= 80 else text[:79] + "…"


def _address(value: str) -> tuple[str, str]:
    """(normalised address, '') or ('', reason)."""
    good = normalise(value)
    if good:
        return good, ""
    return "", check_email(value)[1] or "not a valid e-mail address"


@dataclass
class ReviewSheet:
    """The review sheet as read back: where each column is, and the text of every non-empty row."""

    title: str
    letters: dict[str, str]                      # column key -> letter in this workbook
    rows: list[tuple[int, dict[str, str]]]       # (row number, {column key: text})
    problems: list[str] = field(default_factory=list)

    def cell(self, key: str, number: int) -> str:
        """'Revue!E12': the cell of column ``key`` on row ``number``, wherever the column was moved."""
        return f"{self.title}!{self.letters.get(key) or column_letter(key)}{number}"


def _columns(path: Path, title: str, header: list[object]) -> dict[str, int]:
    """{column key: index} from the header row; two columns with one meaning are refused."""
    from openpyxl.utils import get_column_letter

    columns: dict[str, int] = {}
    for index, value in enumerate(header):
        key = _HEADERS.get(_fold(_text(value)))
        if key is None:
            continue
        if key in columns:
            first = columns[key]
            raise InputRefused(
                f"{path}: sheet {title}: columns {get_column_letter(first + 1)} ('{_shown(_text(header[first]))}')"
                f" and {get_column_letter(index + 1)} ('{_shown(_text(value))}') have the same heading; delete or"
                " rename one of them, then import again")
        columns[key] = index
    return columns


def read_rows(path: Path) -> ReviewSheet:
    """The review sheet of the workbook at ``path``; formulas in the cells read are listed as problems."""
    from openpyxl.utils import get_column_letter

    with open_workbook(path, formulas=True) as book:  # formulas visible: their cached values are not read
        names = [n for n in book.sheetnames if n in SHEET_NAMES["review"]]
        if not names:
            raise InputRefused(f"{path}: no sheet named {' or '.join(SHEET_NAMES['review'])}; "
                               "import the workbook `campaign review export` wrote")
        sheet = book[names[0]]
        rows = sheet_rows(path, sheet)
        header = next(rows, (1, []))[1]
        columns = _columns(path, sheet.title, header)
        if "signature" not in columns and "message_id" in columns:
            raise InputRefused(f"{path}: exported by an earlier version of campaign (no _sig column), so its"
                               " rows cannot be checked; export a fresh workbook with `campaign review export`"
                               " and copy the decisions into it")
        missing = [key for key in _REQUIRED if key not in columns]
        if missing:
            raise InputRefused(f"{path}: sheet {sheet.title} lacks the column(s) {', '.join(missing)}; "
                               "export a fresh workbook with `campaign review export`")
        out = ReviewSheet(sheet.title, {key: get_column_letter(i + 1) for key, i in columns.items()}, [])
        for number, values in rows:
            item = {}
            for key, i in columns.items():
                value = values[i] if i < len(values) else None
                if isinstance(value, Formula):
                    out.problems.append(f"{out.cell(key, number)}: holds a formula ({_shown(value.text[:40])});"
                                        " type the value itself, formulas are not read")
                item[key] = _text(value)
            if any(item.values()):
                out.rows.append((number, item))
        return out


def _id(text: str) -> int | None:
    """A database id typed in a hidden cell: ASCII digits only, within SQLite's 64-bit integers."""
    if not _ID.fullmatch(text):
        return None
    value = int(text)
    return value if value < 2 ** 63 else None


def plan(store: Store, path: Path, sheet: ReviewSheet, key: bytes, by: str,
         case_sensitive: bool = False) -> tuple[list[Action], list[str], int]:
    """Check every row; (actions, problems, blank rows)."""
    codes = ClientCodes.load(store, case_sensitive, in_file_only=True)
    actions, problems, blank = [], [], 0
    decided: dict[str, tuple[str, Decision]] = {}  # client code -> (cell, decision) of its first row
    cell = sheet.cell

    for number, item in sheet.rows:
        kind, raw_code, said = item.get("kind", ""), item.get("code", ""), item.get("decision", "")
        raw_id = item.get("message_id", "")
        message_id = _id(raw_id)
        if raw_id and message_id is None:
            problems.append(f"{cell('message_id', number)}: '{raw_id[:20]}' is not a message number; the hidden"
                            " key columns were changed: copy your decisions into a fresh `campaign review export`")
            continue
        if not verify(key, item.get("signature", ""), kind, raw_id, item.get("original", ""),
                      item.get("exported_at", "")):
            problems.append(f"{cell('signature', number)}: the hidden key cells of row {number} (_message, _type,"
                            " _export, _client) are not the ones exported; copy your decisions into a fresh"
                            " `campaign review export`")
            continue
        if kind not in (CLIENT, REPLY) or (kind == REPLY and message_id is None):
            problems.append(f"{cell('kind', number)}: the hidden key columns were changed; "
                            "copy your decisions into a fresh `campaign review export`")
            continue
        decision = ""
        if said:
            decision = _DECISIONS.get(_fold(said), "")
            if _fold(said) in _AMBIGUOUS:
                problems.append(f"{cell('decision', number)}: '{_shown(said)}' no longer exists, it could mean two"
                                f" things: choose {_AMBIGUOUS[_fold(said)]}")
            elif not decision:
                problems.append(f"{cell('decision', number)}: '{_shown(said)}' is not a decision; choose {_CHOICES_FR}"
                                f" (or {_CHOICES_EN}), or leave it blank")
        code = ""
        if raw_code:
            # typed ("c0105") or chosen from the drop-down ("C0105 — SCI du Parc")
            code = codes.find(raw_code) or codes.find(code_of_choice(raw_code)) or ""
            if not code:
                problems.append(f"{cell('code', number)}: client code '{_shown(raw_code)}' is not in the client file;"
                                " correct it (see the client file) or leave it blank")
        address, copies, bad = "", [], False
        if item.get("address"):
            address, reason = _address(item["address"])
            if reason:
                bad = True
                problems.append(f"{cell('address', number)}: '{_shown(item['address'])}' is not a valid e-mail address"
                                f" ({reason}); correct it")
        for piece in _SPLIT.split(item.get("copies", "")):
            if piece:
                good, reason = _address(piece)
                if reason:
                    bad = True
                    problems.append(f"{cell('copies', number)}: '{_shown(piece)}' is not a valid e-mail address"
                                    f" ({reason}); correct it (copies are separated by commas)")
                elif good not in copies:
                    copies.append(good)
        if decision == "confirmed" and not address and not bad:
            problems.append(f"{cell('address', number)}: '{_shown(said)}' needs the e-mail address to send invoices to;"
                            " type it, or choose another decision")
        if kind == CLIENT and not raw_code:
            problems.append(f"{cell('code', number)}: the client code was erased; type it back")
            continue
        if kind == REPLY and decision and not raw_code:
            problems.append(f"{cell('code', number)}: type the client code this reply comes from"
                            f" (see {cell('candidates', number)}), or clear the decision")
            continue
        original = item.get("original", "")
        # a reply row comes with its best candidate filled in: left as it is without a decision, it
        # links nothing (an unconfirmed guess); a code the secretary typed or chose links the reply
        suggested = kind == REPLY and bool(code and original) and codes.key(code) == codes.key(original)
        if not decision and not (kind == REPLY and raw_code and not suggested):
            blank += 1
            continue
        action = Action(number, kind, item.get("exported_at", ""))
        if decision == "rejected" and message_id is not None:
            # "Écarter : pas ce client", on a reply row or on a client row showing its linked reply: this
            # reply is not that client's (a spoof, a namesake). The client itself has not answered, so
            # no decision is recorded for it.
            action.link = (message_id, code, cell("code", number), "reject")
            actions.append(action)
            continue
        if kind == CLIENT and original and code and codes.key(code) != codes.key(original) and message_id is not None:
            # the secretary moved the reply to another client: the exported link was wrong
            action.unlink = (message_id, codes.find(original) or original, cell("code", number), "reject")
        if code and message_id is not None:
            action.link = (message_id, code, cell("code", number), "link")
        if decision and code:
            confirmed = decision == "confirmed"
            action.decision = Decision(code, decision, decided_by=by, source=f"workbook {path.name} "
                                       f"{cell('decision', number)}", address=address if confirmed else "",
                                       copies=copies if confirmed else [], message_id=message_id,
                                       comment=item.get("comment", ""))
            said_before = decided.setdefault(code, (cell("decision", number), action.decision))
            if said_before[1] is not action.decision and _says(said_before[1]) != _says(action.decision):
                problems.append(f"{cell('decision', number)}: {code} is also decided in {said_before[0]}, "
                                "differently; keep one decision for this client (clear the other)")
        actions.append(action)
    return actions, problems, blank


def _one_key_problem(path: Path, sheet: ReviewSheet, problems: list[str]) -> list[str]:
    """One line instead of one per row when no row's signature verifies: the key changed, not the rows."""
    unsigned = [p for p in problems if "are not the ones exported" in p]
    if len(unsigned) > 1 and len(unsigned) == len(sheet.rows):
        return [f"{path}: none of its {len(unsigned)} rows carries this campaign's signature: it was exported"
                " by another campaign, or before review.key was replaced; export a fresh workbook with"
                " `campaign review export` and copy the decisions into it"]
    return problems


def _says(decision: Decision) -> tuple:
    """What a decision tells the export (two rows saying the same thing do not contradict)."""
    return decision.decision, decision.address.lower(), sorted(c.lower() for c in decision.copies)


def _verdict(store: Store, message_id: int, code: str) -> str:
    """'link' when the reply is linked to the client (automatically or by a person), 'reject' when a
    person rejected that link last, else ''."""
    if store.conn.execute("SELECT 1 FROM match_candidates WHERE message_id = ? AND client_code = ? AND linked = 1",
                          (message_id, code)).fetchone() is not None:
        return "link"
    last = store.conn.execute("SELECT verdict FROM link_decisions WHERE message_id = ? AND client_code = ?"
                              " ORDER BY id DESC LIMIT 1", (message_id, code)).fetchone()
    return "reject" if last is not None and last[0] == "reject" else ""


class _DryRun(Exception):
    pass


def apply(store: Store, settings: Settings, actions: list[Action], report: ImportReport, by: str, path: Path) -> None:
    """Apply checked actions in one transaction (rolled back at the end of a dry run)."""
    try:
        with store.transaction():
            decided_here: set[str] = set()  # clients this workbook already decided (no conflict with itself)
            matchers = MatcherCache()  # the client index read once for every row's new match
            for action in actions:
                checkpoint("review.action")  # inside the import's transaction
                changed = conflict = False
                for verdict_of in (action.unlink, action.link):
                    if verdict_of is None:
                        continue
                    message_id, code, where, verdict = verdict_of
                    if _verdict(store, message_id, code) != verdict:
                        record_verdict(store, settings, message_id, code, verdict, who=by,
                                       source=f"workbook {path.name} {where}", matchers=matchers)
                        report.links += verdict == "link"
                        report.rejections += verdict == "reject"
                        changed = True
                if action.decision is not None:
                    outcome = _decide(store, action, report, decided_here)
                    changed, conflict = changed or outcome == "recorded", outcome == "conflict"
                if not changed and not conflict:
                    report.unchanged += 1
            if report.dry_run:
                raise _DryRun
    except _DryRun:
        pass


def _decide(store: Store, action: Action, report: ImportReport, decided_here: set[str]) -> str:
    """Record one decision: 'recorded', 'same' (a repeat) or 'conflict' (decided after the export)."""
    decision = action.decision
    if decision is None:
        return "same"  # the row decides nothing (the caller asks only for rows that do)
    if same_as_current(store, decision):
        return "same"
    if decision.client_code in decided_here:
        return "same"  # a second row of this workbook saying the same thing (plan() refused the others)
    current = store.conn.execute("SELECT decided_at, decided_by, source FROM decisions WHERE client_code = ?",
                                 (decision.client_code,)).fetchone()
    if current is not None and action.exported_at and current[0] > action.exported_at:
        report.conflicts.append(
            f"{decision.source.rsplit(' ', 1)[1]}: {decision.client_code} was decided again by {current[1]} on"
            f" {current[0]} ({current[2]}), after this workbook was exported ({action.exported_at}); skipped —"
            " export a fresh workbook to change it")
        return "conflict"
    record(store, decision)
    decided_here.add(decision.client_code)
    report.decisions += 1
    return "recorded"


def import_review(store: Store, settings: Settings, path: Path, *, by: str | None = None,
                  dry_run: bool = False) -> ImportReport:
    """Check the workbook at ``path`` and, when every cell is valid, apply it."""
    path = Path(path)
    who = by or login_name()
    sheet = read_rows(path)
    key = import_key(store.path.parent, path)
    actions, more, blank = plan(store, path, sheet, key, who, case_sensitive(settings))
    report = ImportReport(problems=sheet.problems + _one_key_problem(path, sheet, more), blank=blank,
                          dry_run=dry_run)
    if report.problems:
        return report
    apply(store, settings, actions, report, who, path)
    return report

