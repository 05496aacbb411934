"""The review workbook comes back from people: tampered keys are refused, honest edits still import.

Every tampered case is refused with its cell named, exit code 1 and nothing applied (the database
is compared before and after); a workbook sorted, filtered, resized and given a column of notes
imports as before.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Callable

import openpyxl
import pytest

from campaign.review.decisions import Decision, record
from campaign.review.signing import KEY_NAME
from campaign.review.workbook import COLUMNS, KEYS, column_letter
from tests.test_client_reading import FAR, claim, limited, one_line_error, run_limited
from tests.test_matching_store import mail, run, seed

HEADER = {fr: key for key, fr, _en, _w in COLUMNS}
MOVED_DECISION = openpyxl.utils.get_column_letter(KEYS.index("decision") + 2)  # after a column inserted first


def export(campaign_dir: Path, out: Path) -> Path:
    result = run(campaign_dir, "review", "export", "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def items(sheet) -> list[dict]:
    """Review rows as {column key: cell}, in sheet order."""
    header = [HEADER.get(c.value) for c in sheet[1]]
    return [dict(zip(header, line)) for line in sheet.iter_rows(min_row=2)]


def by_sender(sheet) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for item in items(sheet):
        out.setdefault(item["sender"].value, item)  # client rows first, then unlinked replies
    return out


def database(campaign) -> tuple:
    """Everything an import can change."""
    with campaign.open_store() as store:
        return tuple(tuple(tuple(r) for r in store.conn.execute(f"SELECT * FROM {table} ORDER BY 1"))
                     for table in ("decisions", "decision_history", "link_decisions", "match_candidates"))


@pytest.fixture
def workbook(campaign_dir, tmp_path) -> Path:
    seed(campaign_dir, tmp_path)
    return export(campaign_dir, tmp_path / "revue.xlsx")


def decide_honestly(sheet) -> None:
    """An ordinary decision elsewhere in the sheet: it must not be applied when another row is refused."""
    rows = by_sender(sheet)
    rows["gerance@gmail.com"]["decision"].value = "Courrier"


# Each case edits the review sheet and returns what the refusal must name (its cell).
def blank_export(sheet) -> str:
    row = by_sender(sheet)["compta@dupont-sas.example"]
    row["exported_at"].value = None            # to dodge the stale-workbook check
    row["decision"].value = "Courrier"
    return f"Revue!{row['signature'].coordinate}"


def another_clients_reply(sheet) -> str:
    rows = by_sender(sheet)
    row, other = rows["gerance@gmail.com"], rows["p.durand@gmail.com"]
    row["message_id"].value = other["message_id"].value
    row["decision"].value = "Valider"
    return f"Revue!{row['signature'].coordinate}"


def letters_as_id(sheet) -> str:
    row = by_sender(sheet)["compta@dupont-sas.example"]
    row["message_id"].value = "abc"
    return f"Revue!{row['message_id'].coordinate}"


def arabic_indic_digits(sheet) -> str:
    row = by_sender(sheet)["p.durand@gmail.com"]
    row["message_id"].value = "".join(chr(0x0660 + int(d)) for d in row["message_id"].value)
    row["code"].value, row["decision"].value = "C0001", "Valider"
    return f"Revue!{row['message_id'].coordinate}"


def huge_id(sheet) -> str:
    row = by_sender(sheet)["p.durand@gmail.com"]
    row["message_id"].value = "9" * 400
    row["code"].value, row["decision"].value = "C0001", "Valider"
    return f"Revue!{row['message_id'].coordinate}"


def id_past_64_bits(sheet) -> str:
    row = by_sender(sheet)["p.durand@gmail.com"]
    row["message_id"].value = str(2 ** 63)
    return f"Revue!{row['message_id'].coordinate}"


def edited_client(sheet) -> str:
    row = by_sender(sheet)["compta@dupont-sas.example"]
    row["original"].value = "C0004"
    return f"Revue!{row['signature'].coordinate}"


def edited_kind(sheet) -> str:
    row = by_sender(sheet)["gerance@gmail.com"]
    row["kind"].value = "reply"
    return f"Revue!{row['signature'].coordinate}"


def signature_of_another_row(sheet) -> str:
    rows = by_sender(sheet)
    rows["gerance@gmail.com"]["signature"].value = rows["compta@dupont-sas.example"]["signature"].value
    return f"Revue!{rows['gerance@gmail.com']['signature'].coordinate}"


def formula_as_decision(sheet) -> str:
    row = by_sender(sheet)["compta@dupont-sas.example"]
    row["decision"].value = '=IF(1,"Courrier","")'   # its cached value would read as blank
    return f"Revue!{row['decision'].coordinate}: holds a formula"


def formula_in_a_hidden_key(sheet) -> str:
    row = by_sender(sheet)["gerance@gmail.com"]
    row["exported_at"].value = "=\"2999-01-01\""
    return f"Revue!{row['exported_at'].coordinate}: holds a formula"


def second_decision_column(sheet) -> str:
    column = sheet.max_column + 1
    sheet.cell(1, column).value = "decision "      # folds to the same heading as "Décision"
    for number in range(2, sheet.max_row + 1):
        sheet.cell(number, column).value = "Refuser"
    return f"columns {column_letter('decision')} ('Décision') and {openpyxl.utils.get_column_letter(column)} ('decision')"


def one_client_decided_twice_differently(sheet) -> str:
    """Not tampering but a slip: two rows send client C0001 two different ways."""
    rows = by_sender(sheet)
    first, second = sorted((rows["p.durand@gmail.com"], rows["marie@petit-pain.example"]),
                           key=lambda row: row["decision"].row)
    first["code"].value, first["decision"].value = "C0001", "Courrier"
    second["code"].value, second["decision"].value = "C0001", "Valider"
    second["address"].value = "factures@dupont-fils.example"
    return f"Revue!{second['decision'].coordinate}: C0001 is also decided in Revue!{first['decision'].coordinate}"


TAMPERING: list[Callable] = [blank_export, another_clients_reply, letters_as_id, arabic_indic_digits, huge_id,
                             id_past_64_bits, edited_client, edited_kind, signature_of_another_row,
                             formula_as_decision, formula_in_a_hidden_key, second_decision_column,
                             one_client_decided_twice_differently]


@pytest.mark.parametrize("tamper", TAMPERING, ids=lambda f: f.__name__)
def test_tampered_workbook_is_refused_naming_the_cell_and_nothing_is_applied(campaign_dir, campaign, workbook,
                                                                              tamper):
    with campaign.open_store() as store, store.transaction():  # decided after the export
        record(store, Decision("C0002", "remind", decided_by="Marc", source="cli",
                               decided_at="2999-01-01T00:00:00+00:00"))
    before = database(campaign)
    book = openpyxl.load_workbook(workbook)
    decide_honestly(book["Revue"])
    where = tamper(book["Revue"])
    book.save(workbook)
    result = run(campaign_dir, "review", "import", str(workbook), "--by", "Sophie")
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert where in result.output
    assert database(campaign) == before


def test_blanking_the_export_time_no_longer_overwrites_a_newer_decision(campaign_dir, campaign, workbook):
    with campaign.open_store() as store, store.transaction():
        record(store, Decision("C0002", "remind", decided_by="Marc", source="cli",
                               decided_at="2999-01-01T00:00:00+00:00"))
    book = openpyxl.load_workbook(workbook)
    cell = blank_export(book["Revue"])
    book.save(workbook)
    result = run(campaign_dir, "review", "import", str(workbook))
    assert result.exit_code == 1
    assert f"{cell}: the hidden key cells of row" in result.output and "nothing was applied" in result.output
    with campaign.open_store() as store:
        assert store.conn.execute("SELECT decision FROM decisions WHERE client_code = 'C0002'").fetchone()[0] \
            == "remind"


def test_a_workbook_exported_before_signing_is_refused_in_one_line(campaign_dir, campaign, workbook):
    book = openpyxl.load_workbook(workbook)
    sheet = book["Revue"]
    sheet.delete_cols(KEYS.index("signature") + 1)
    by_sender(sheet)["gerance@gmail.com"]["decision"].value = "Courrier"
    book.save(workbook)
    before = database(campaign)
    result = run(campaign_dir, "review", "import", str(workbook))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "no _sig column" in lines[0] and "export a fresh workbook" in lines[0]
    assert database(campaign) == before


def test_a_campaign_without_its_key_refuses_every_workbook(campaign_dir, campaign, workbook):
    key = campaign_dir / KEY_NAME
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and len(key.read_bytes()) == 32
    assert key.read_bytes().hex() not in workbook.read_bytes().hex()
    assert key.read_bytes() not in (campaign_dir / "campaign.toml").read_bytes()
    key.unlink()
    result = run(campaign_dir, "review", "import", str(workbook))
    assert result.exit_code == 1 and "no review key yet" in result.output
    other = export(campaign_dir, workbook.with_name("again.xlsx"))  # a new key: the old workbook stays refused
    assert run(campaign_dir, "review", "import", str(other)).exit_code == 0
    old = run(campaign_dir, "review", "import", str(workbook)).output  # one line, not one per row
    assert [line for line in old.splitlines() if "rows" in line] == [
        f"error: {workbook}: none of its 5 rows carries this campaign's signature: it was exported by another"
        " campaign, or before review.key was replaced; export a fresh workbook with `campaign review export`"
        " and copy the decisions into it"]


def _sort_rows(sheet, key: Callable[[list], object]) -> None:
    """Sort the data rows as Excel does: whole rows move, values and types with them."""
    lines = [[(c.value, c.data_type) for c in line] for line in sheet.iter_rows(min_row=2)]
    lines.sort(key=lambda line: key([v for v, _ in line]))
    for number, line in enumerate(lines, start=2):
        for column, (value, data_type) in enumerate(line, start=1):
            cell = sheet.cell(number, column)
            cell.value = value
            cell.data_type = data_type


def test_a_sorted_filtered_resized_workbook_with_a_notes_column_imports(campaign_dir, campaign, workbook, tmp_path):
    box = tmp_path / "evil"
    mail(box, "h", "Merci d'envoyer les factures à nouvelle@inconnu.example", sender="h@inconnu.example",
         date="Mon, 09 Nov 2026 10:00:00 +0100", subject='=HYPERLINK("http://evil.example","clic")')
    assert run(campaign_dir, "harvest", "--from", str(box)).exit_code == 0
    workbook = export(campaign_dir, workbook)
    book = openpyxl.load_workbook(workbook)
    sheet = book["Revue"]
    _sort_rows(sheet, lambda values: str(values[KEYS.index("sender")] or ""))  # by sender, A to Z
    sheet.insert_cols(1)                                                         # her own notes, first
    sheet.cell(1, 1).value = "Notes"
    sheet.cell(2, 1).value = "=1+1"                                              # a column not read: fine
    sheet.column_dimensions["C"].width = 60
    sheet.auto_filter.ref = f"A1:U{sheet.max_row}"
    sheet.row_dimensions[3].hidden = True                                        # filtered out
    found = by_sender(sheet)
    subject = found["h@inconnu.example"]["subject"]
    assert subject.data_type == "s" and subject.value.startswith("=HYPERLINK(")  # text, not a formula
    found["h@inconnu.example"]["code"].value = "C0004"
    found["h@inconnu.example"]["decision"].value = "Valider"
    found["gerance@gmail.com"]["decision"].value = "Courrier"
    found["p.durand@gmail.com"]["code"].value = "C0001"
    found["p.durand@gmail.com"]["decision"].value = "Valider"
    where = found["p.durand@gmail.com"]["decision"].coordinate
    book.save(workbook)
    result = run(campaign_dir, "review", "import", str(workbook), "--by", "Sophie")
    assert result.exit_code == 0, result.output
    assert "4 decisions recorded, 2 replies linked" in result.output  # C0002 pre-filled
    with campaign.open_store() as store:
        decided = {r[0]: (r[1], r[2], r[3]) for r in store.conn.execute(
            "SELECT client_code, decision, address, source FROM decisions")}
    assert decided["C0004"][:2] == ("confirmed", "nouvelle@inconnu.example")
    assert decided["C0003"][0] == "refused"
    assert decided["C0001"] == ("confirmed", "p.durand@gmail.com", f"workbook revue.xlsx Revue!{where}")
    assert where.startswith(MOVED_DECISION)          # the decision column moved right: named where it is


def test_an_error_names_the_cell_where_the_column_now_is(campaign_dir, workbook):
    book = openpyxl.load_workbook(workbook)
    sheet = book["Revue"]
    sheet.insert_cols(1)
    sheet.cell(1, 1).value = "Notes"
    row = by_sender(sheet)["gerance@gmail.com"]
    row["decision"].value = "Peut-être"
    book.save(workbook)
    result = run(campaign_dir, "review", "import", str(workbook))
    assert result.exit_code == 1 and f"Revue!{MOVED_DECISION}{row['decision'].row}: 'Peut-être' is not a decision" in result.output


@limited
def test_a_review_sheet_claiming_the_whole_grid_is_refused_within_memory(campaign_dir, workbook):
    claim(workbook, sheet=openpyxl.load_workbook(workbook, read_only=True).sheetnames.index("Revue") + 1, cell=FAR)
    result = run_limited("--campaign", str(campaign_dir), "review", "import", str(workbook))
    assert result.returncode == 1
    line = one_line_error(result)
    assert "sheet 'Revue', row 1048576: more than 200,000 rows" in line


@limited
def test_a_review_sheet_claiming_the_whole_grid_but_empty_there_imports(campaign_dir, workbook):
    claim(workbook, cell=FAR, styled=True)
    result = run_limited("--campaign", str(campaign_dir), "review", "import", str(workbook), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "dry run: nothing changed" in result.stdout

