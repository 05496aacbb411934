"""`campaign remind`: one real workbook per engagement manager, read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import openpyxl
import pytest

from campaign.errors import UsageError
from campaign.remind import ManagerList, _unique_names, file_name, reminder_rows, select_managers
from campaign.workspace import init_campaign
from tests.test_progress import CLAIRE, LEA, build, run

FR_HEADER = ["Code client", "Raison sociale", "Téléphone", "Adresses e-mail connues", "Ville", "Informé le",
             "Dernière réponse", "Ce que dit la réponse", "Motif de l'appel", "Notes"]


def read(path: Path) -> tuple[openpyxl.worksheet.worksheet.Worksheet, list[dict]]:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    return sheet, [{h: cell for h, cell in zip(header, row)} for row in rows[1:]]


def test_one_workbook_per_manager_lists_who_to_call(campaign, campaign_dir, tmp_path):
    build(campaign, tmp_path)
    out = tmp_path / "calls"
    result = run(campaign_dir, "remind", "--out", str(out))
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in out.iterdir())
    assert files == ["Relances - Claire Fontaine.xlsx", "Relances - Léa Perrot.xlsx",
                     "Relances - sans responsable.xlsx"]
    assert "4 clients to call, 3 workbooks" in result.stdout

    sheet, rows = read(out / "Relances - Léa Perrot.xlsx")
    assert sheet.title == "Relances"
    assert [c.value for c in next(sheet.iter_rows(max_row=1))] == FR_HEADER
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:J3"
    assert sheet.column_dimensions["B"].width >= 28 and sheet.column_dimensions["J"].width >= 30
    assert [r["Code client"].value for r in rows] == ["C0004", "C0005"]
    question, chase = rows
    assert question["Adresses e-mail connues"].value == "roux@boulangerie-roux.example"
    assert question["Ville"].value == "75011 Paris" and question["Téléphone"].value == "01 23 45 67 89"
    assert question["Informé le"].value.date() == dt.date(2026, 10, 20)
    assert question["Informé le"].number_format == "DD/MM/YYYY"
    assert question["Dernière réponse"].value.date() == dt.date(2026, 11, 18)
    assert question["Ce que dit la réponse"].value.startswith("Question : « Pouvez-vous m'expliquer la réforme")
    assert question["Motif de l'appel"].value.startswith("A posé une question : la rappeler")
    assert question["Notes"].value is None
    assert chase["Motif de l'appel"].value == "À relancer, demandé par sec1 : rappeler après le 15"
    assert chase["Informé le"].value is None and chase["Dernière réponse"].value is None
    # outside values that look like formulas stay text
    assert chase["Raison sociale"].value == '=HYPERLINK("http://evil.example","x")'
    assert chase["Raison sociale"].data_type == "s" and chase["Téléphone"].value == "+33 6 12 34 56 78"

    _, alone = read(out / "Relances - sans responsable.xlsx")
    assert [(r["Code client"].value, r["Raison sociale"].value) for r in alone] == [("C0007", "@SUM(A1:A9)")]
    assert alone[0]["Raison sociale"].data_type == "s" and alone[0]["Raison sociale"].quotePrefix  # Excel keeps it text
    _, claire = read(out / "Relances - Claire Fontaine.xlsx")     # "claire FONTAINE" is the same manager
    assert [r["Code client"].value for r in claire] == ["C0003"]
    for path in out.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600         # personal data: owner only


def test_manager_option_ignores_case_and_accents_and_refuses_unknown_names(campaign, campaign_dir, tmp_path):
    build(campaign, tmp_path)
    out = tmp_path / "calls"
    result = run(campaign_dir, "remind", "--manager", "lea PERROT", "--manager", "Sans Responsable", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["Relances - Léa Perrot.xlsx", "Relances - sans responsable.xlsx"]

    bad = run(campaign_dir, "remind", "--manager", "Claire Fontane", "--out", str(tmp_path / "none"))
    assert bad.exit_code == 2
    assert "Claire Fontane" in bad.output and f"{CLAIRE}; {LEA}" in bad.output
    assert not (tmp_path / "none").exists()
    (tmp_path / "a-file").write_text("x")
    not_a_folder = run(campaign_dir, "remind", "--out", str(tmp_path / "a-file"))
    assert not_a_folder.exit_code == 2 and "a-file: is a file" in not_a_folder.output


def test_default_folder_and_managers_with_nobody_to_call(campaign, campaign_dir, tmp_path):
    build(campaign, tmp_path)
    from campaign.review.decisions import Decision, record
    with campaign.open_store() as store, store.transaction():
        record(store, Decision("C0003", "refused", "sec1", "cli"))
    result = run(campaign_dir, "remind", "--manager", CLAIRE)
    assert result.exit_code == 0, result.output
    assert f"{CLAIRE}: nobody to call" in result.stdout
    assert not (campaign_dir / "reminders").exists() or not any((campaign_dir / "reminders").iterdir())
    assert run(campaign_dir, "remind").exit_code == 0
    assert len(list((campaign_dir / "reminders").iterdir())) == 2


def test_english_campaign_gets_english_workbooks(tmp_path):
    folder = tmp_path / "firm"
    campaign = init_campaign(folder, firm="Example LLP", secretariat="office@example-llp.example",
                             switch_date=dt.date(2027, 3, 1), language="en")
    build(campaign, tmp_path)
    out = tmp_path / "calls"
    assert run(folder, "remind", "--manager", "no manager", "--manager", "Lea Perrot", "--out", str(out)).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["Reminders - Léa Perrot.xlsx", "Reminders - no manager.xlsx"]
    sheet, rows = read(out / "Reminders - Léa Perrot.xlsx")
    assert sheet.title == "To call"
    assert [c.value for c in next(sheet.iter_rows(max_row=1))][:3] == ["Client code", "Name", "Phone"]
    assert rows[0]["Why call"].value.startswith("Asked a question: call back")
    assert rows[1]["Why call"].value.startswith("To chase, asked by sec1")
    assert rows[0]["Told on"].number_format == "YYYY-MM-DD"


def test_file_names_are_safe_for_windows_and_distinct():
    assert file_name('Marie/Ève: "A*B?" <c>|', "fr") == "Relances - MarieÈve AB c.xlsx"
    assert file_name("", "en") == "Reminders - no manager.xlsx"
    assert file_name("...", "fr") == "Relances - sans responsable.xlsx"
    lists = [ManagerList(name, []) for name in ("A/B", "AB", "ab", "")]
    assert _unique_names(lists, "fr") == ["Relances - AB.xlsx", "Relances - AB (2).xlsx", "Relances - ab (3).xlsx",
                                          "Relances - sans responsable.xlsx"]


def test_select_managers():
    known = ["Claire Fontaine", "Léa Perrot"]
    assert select_managers(["LÉA  perrot", "no manager"], known) == {"lea perrot", ""}
    with pytest.raises(UsageError, match="known: Claire Fontaine; Léa Perrot"):
        select_managers(["Zoé"], known)


def test_reminder_rows_follow_client_states(campaign, tmp_path):
    build(campaign, tmp_path)
    with campaign.open_store() as store:
        rows = {row.code: row for row in reminder_rows(store)}
    assert sorted(rows) == ["C0003", "C0004", "C0005", "C0007"]   # not the confirmed, refused or proposed ones
    assert rows["C0003"].told == dt.date(2026, 10, 20) and rows["C0003"].last_reply is None
    assert rows["C0005"].decision == "remind" and rows["C0005"].comment == "rappeler après le 15"


def _long_managers(campaign, tmp_path, names: list[str]) -> None:
    """One silent client per manager name (so each gets a list)."""
    from campaign.clients.importer import import_client_file
    from campaign.synthetic import write_csv
    from tests.test_progress import client

    clients = [client(f"C{n:04d}", f"Client {n}", "", name) for n, name in enumerate(names)]
    with campaign.open_store() as store:
        import_client_file(store, write_csv(tmp_path / "clients.csv", clients))


def test_long_manager_names_get_short_file_names_and_every_list_is_written(campaign, campaign_dir, tmp_path):
    names = ["Anne Roy", "Bruno Roy", "Chloé Roy"] + [f"{letter} " + "Éloïse-Marguerite " * 11 for letter in "DEFGHIJ"]
    names[-1] = names[-2][:-1] + "x"        # shares its first 60 characters with the one before
    _long_managers(campaign, tmp_path, names)
    out = tmp_path / "calls"
    result = run(campaign_dir, "remind", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "10 clients to call, 10 workbooks" in result.stdout
    files = sorted(out.iterdir())
    assert len(files) == 10 and len({p.name.casefold() for p in files}) == 10
    for path in files:
        assert len(path.name) <= 80 and len(path.name.encode()) <= 150, path.name
        sheet, rows = read(path)
        assert sheet.title == "Relances" and len(rows) == 1
    stem = "Relances - I Éloïse-Marguerite Éloïse-Marguerite Éloïse-Marguerite…"
    assert {f"{stem}.xlsx", f"{stem} (2).xlsx"} <= {p.name for p in files}


def test_one_list_that_cannot_be_written_does_not_stop_the_others(campaign, campaign_dir, tmp_path):
    _long_managers(campaign, tmp_path, ["Anne Roy", "Bruno Roy", "Chloé Roy"])
    out = tmp_path / "calls"
    (out / "Relances - Anne Roy.xlsx").mkdir(parents=True)      # a folder where Anne's workbook goes
    result = run(campaign_dir, "remind", "--out", str(out))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith("error: Anne Roy: ") and "Relances - Anne Roy.xlsx" in errors[0]
    assert "Traceback" not in result.output
    assert "2 clients to call, 2 workbooks" in result.stdout
    for name in ("Bruno Roy", "Chloé Roy"):
        assert len(read(out / f"Relances - {name}.xlsx")[1]) == 1
    assert sorted(p.name for p in out.iterdir()) == ["Relances - Anne Roy.xlsx", "Relances - Bruno Roy.xlsx",
                                                     "Relances - Chloé Roy.xlsx"]   # no temp file left behind


def test_file_name_of_a_long_or_odd_manager_name():
    long = file_name("Marie-Ève " * 30, "fr")
    assert long.startswith("Relances - Marie-Ève Marie-Ève") and long.endswith("….xlsx")
    assert len(long) <= len("Relances - .xlsx") + 60
    assert len(file_name("😀" * 100, "fr").encode()) <= len("Relances - .xlsx") + 120
    assert file_name("A\x7fB\tC", "fr") == "Relances - ABC.xlsx"


def test_a_forged_address_change_is_shown_and_rows_are_tall_enough(campaign, campaign_dir, tmp_path):
    from campaign.mail.harvest import harvest_files
    from campaign.remind import COLUMNS, LINE_HEIGHT
    from campaign.sheets import wrapped_lines as text_lines
    from tests.test_matching_store import mail

    build(campaign, tmp_path)
    box = tmp_path / "forged"   # C0004's address, but the receiving server says the sender is forged
    mail(box, "f1", "Merci d'envoyer désormais nos factures à paiement.roux@gmx.fr",
         sender="roux@boulangerie-roux.example", date="Tue, 12 Jan 2027 10:22:00 +0100", dmarc="fail")
    with campaign.open_store() as store:
        harvest_files(store, box)
    out = tmp_path / "calls"
    reminded = run(campaign_dir, "remind", "--out", str(out))
    assert reminded.exit_code == 0 and "4 clients to call" in reminded.stdout   # C0004 stays on the list
    with campaign.open_store() as store:
        from campaign.progress import collect_progress

        assert collect_progress(store, campaign.settings).total.to_call == 4       # the same figure in status
    sheet, rows = read(out / "Relances - Léa Perrot.xlsx")
    roux = next(r for r in rows if r["Code client"].value == "C0004")
    why = roux["Motif de l'appel"]
    assert why.value.startswith("Tentative de changement d'adresse suspecte le 12/01/2027 : "
                                "roux@boulangerie-roux.example demande l'envoi des factures à paiement.roux@gmx.fr")
    assert "Vérifier par téléphone" in why.value and why.font.b and why.fill.fgColor.rgb.endswith("FFC7CE")
    assert "dmarc" not in why.value.lower()
    # every row is as tall as its most wrapped cell; the header takes two lines
    assert sheet.row_dimensions[1].height >= 2 * LINE_HEIGHT
    widths = {header: width for _, header, _, width in COLUMNS}
    for row in rows:
        needed = max(text_lines(cell.value, widths[h]) for h, cell in row.items() if isinstance(cell.value, str))
        assert sheet.row_dimensions[row["Code client"].row].height >= needed * LINE_HEIGHT
    assert sheet.row_dimensions[roux["Code client"].row].height >= 5 * LINE_HEIGHT
    for header, width in widths.items():   # a header's longest word fits its column: no cut header
        assert max(len(word) for word in header.split()) <= width, header


