"""Row checks: codes, names, SIREN/SIRET, e-mail addresses."""

from __future__ import annotations

from campaign.clients.codes import code_key
from campaign.clients.columns import map_columns
from campaign.clients.records import build_records, check_company_ids

HEADERS = ["Code", "Nom", "SIREN", "SIRET", "E-mail", "CP", "E-mail responsable"]


def _build(*rows: list[str]):
    table = [(1, HEADERS)] + [(n, r) for n, r in enumerate(rows, start=2)]
    return build_records(table, map_columns(table, {}, source="f.csv"))


def test_valid_row_is_normalised() -> None:
    records, warnings, skipped = _build(
        ["C1", "Dupont", "443 061 841", "", "Compta@Dupont-BTP.EXAMPLE; direction@dupont-btp.example", "1000",
         "c.fontaine@cabinet-exemple.fr"])
    assert (warnings, skipped) == ([], 0)
    record = records[0]
    assert record.siren == "443061841"
    assert record.emails == ["Compta@dupont-btp.example", "direction@dupont-btp.example"]
    assert record.postcode == "01000"
    assert record.manager_email == "c.fontaine@cabinet-exemple.fr"
    assert record.source["Nom"] == "Dupont"


def test_each_problem_is_a_warning_with_its_row() -> None:
    records, warnings, skipped = _build(
        ["C1", "Dupont", "443061842", "", "", "", ""],          # SIREN check digit wrong
        ["C2", "", "", "", "pas-une-adresse", "", ""],           # no name, bad e-mail
        ["", "Sans code", "", "", "", "", ""],                  # no code: skipped
        ["C1", "Doublon", "", "", "", "", ""],                  # duplicate code: skipped
        ["C3", "Durand", "", "", "", "", "resp@@cabinet"],       # bad manager e-mail
        ["", "", "", "", "", "", ""],                           # blank line: ignored silently
    )
    assert [r.code for r in records] == ["C1", "C2", "C3"]
    assert skipped == 2
    text = [str(w) for w in warnings]
    assert text[0].startswith("row 2: SIREN '443061842' is not a valid SIREN")
    assert "row 3: client C2 has no name" in text[1]
    assert text[2].startswith("row 3: e-mail 'pas-une-adresse' is not valid")
    assert text[3] == "row 4: no client code; row skipped (fill in the code)"
    assert text[4] == "row 5: client code C1 already used on row 2; row skipped (codes must be unique)"
    assert text[5].startswith("row 6: manager's e-mail 'resp@@cabinet' is not valid")
    assert len(warnings) == 6
    assert records[1].emails == []


def test_company_ids() -> None:
    assert check_company_ids("", "443 061 841 00047") == ("443061841", "44306184100047", [])
    # a SIRET typed in the SIREN column
    assert check_company_ids("44306184100047", "") == ("443061841", "44306184100047", [])
    siren, siret, problems = check_company_ids("732829320", "44306184100047")
    assert problems == ["SIRET 44306184100047 does not start with SIREN 732829320"]
    _, _, problems = check_company_ids("", "44306184100048")
    assert problems and "is not a valid SIRET" in problems[0]


def test_extra_cells_are_reported_and_kept() -> None:
    records, warnings, _ = _build(["C1", "Dupont", "", "", "", "", "", "Lyon"])
    assert "8 cells but the header has 7" in str(warnings[0])
    assert records[0].source["_extra"] == "Lyon"


def test_code_in_another_case_is_a_duplicate_naming_both_rows() -> None:
    records, warnings, skipped = _build(
        ["X0001", "Dupont", "", "", "", "", ""],
        ["x0001", "Usurpateur", "", "", "", "", ""],
        ["X0001", "Doublon", "", "", "", "", ""],
    )
    assert [(r.code, r.name) for r in records] == [("X0001", "Dupont")] and skipped == 2
    assert str(warnings[0]).startswith("row 3: client code x0001 differs from X0001 on row 2 only in case;"
                                       " row skipped")
    assert "case_sensitive_codes = true" in str(warnings[0])
    assert str(warnings[1]) == "row 4: client code X0001 already used on row 2; row skipped (codes must be unique)"


def test_case_sensitive_codes_keep_both_spellings() -> None:
    table = [(1, HEADERS), (2, ["X0001", "Dupont", "", "", "", "", ""]), (3, ["x0001", "Durand", "", "", "", "", ""])]
    records, warnings, skipped = build_records(table, map_columns(table, {}, source="f.csv"), case_sensitive=True)
    assert [r.code for r in records] == ["X0001", "x0001"] and (warnings, skipped) == ([], 0)


def test_only_ascii_letters_fold() -> None:
    # 'ß'.upper() is 'SS' and 'ı'.upper() is 'I': folding those would merge codes that differ
    assert code_key("c0231") == "C0231" and code_key("dupo01") == "DUPO01"
    assert code_key("STRAßE1") != code_key("STRASSE1")
    assert code_key("ı01") != code_key("I01") and code_key("é01") == "é01"
    assert code_key("x0001", case_sensitive=True) == "x0001"
