"""The review workbook round trip: export, edit as a secretary would (mistakes included), import."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import openpyxl

from campaign.review.decisions import Decision, history, record
from campaign.client_states import client_states
from campaign.review.workbook import COLUMNS, KEYS, column_letter
from campaign.workspace import init_campaign, load_campaign
from tests.test_matching_store import mail, run, seed
from tests.test_workbook_tampering import items

HEADER = {fr: key for key, fr, _en, _w in COLUMNS}


def export(campaign_dir: Path, out: Path) -> Path:
    result = run(campaign_dir, "review", "export", "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def rows(book) -> dict[str, dict]:
    """Review-sheet rows by sender, each {column key: cell}."""
    sheet = book["Revue"]
    header = [HEADER[c.value] for c in sheet[1]]
    out = {}
    for line in sheet.iter_rows(min_row=2):
        item = dict(zip(header, line))
        out.setdefault(item["sender"].value, item)  # client rows come first, then unlinked replies
    return out


def states(campaign) -> dict:
    with campaign.open_store() as store:
        return {s.code: s for s in client_states(store)}


def test_export_lists_what_to_decide_with_prefilled_auto_rows(campaign_dir, campaign, tmp_path):
    seed(campaign_dir, tmp_path)
    path = export(campaign_dir, tmp_path / "revue.xlsx")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Instructions", "Revue", "Sans réponse", "Décisions", "Avancement", "Listes"]
    sheet = book["Revue"]
    assert [c.value for c in sheet[1]][:3] == ["Code client", "Raison sociale", "Décision"]
    assert sheet.freeze_panes == "C2" and sheet.auto_filter.ref.startswith("A1:")
    assert sheet.column_dimensions[column_letter("message_id")].hidden  # message id key column
    validation = sheet.data_validations.dataValidation[0]
    assert validation.formula1 == ('"Valider l\'adresse e-mail,Le client garde le papier,Écarter : pas ce client,'
                                   'À relancer"') and "C2" in str(validation.sqref)
    found = rows(book)
    auto = found["compta@dupont-sas.example"]
    assert (auto["code"].value, auto["decision"].value) == ("C0002", "Valider l'adresse e-mail")
    review = found["p.durand@gmail.com"]                 # not linked: the best candidate, for her to confirm
    assert (review["code"].value, review["kind"].value, review["original"].value) == ("C0001", "reply", "C0001")
    assert review["name"].value
    assert review["decision"].value in ("", None)
    warnings = [line[KEYS.index("warnings")].value or "" for line in sheet.iter_rows(min_row=2)]
    assert any("usurpé" in w and "Appelez le client" in w for w in warnings)  # the spoofed reply is flagged
    assert not any("DMARC" in w for w in warnings)                 # in words, not protocol names
    assert book["Avancement"]._charts                               # native chart
    silent = [r[1].value for r in book["Sans réponse"].iter_rows(min_row=2)]
    expected = {code for code, s in states(campaign).items() if s.status == "no_answer"}
    assert set(silent) == expected and "C0002" not in silent  # C0002 answered (linked automatically)


def test_mistakes_are_all_listed_and_nothing_is_applied(campaign_dir, campaign, tmp_path):
    seed(campaign_dir, tmp_path)
    path = export(campaign_dir, tmp_path / "revue.xlsx")
    book = openpyxl.load_workbook(path)
    found = rows(book)
    review, auto = found["p.durand@gmail.com"], found["compta@dupont-sas.example"]
    review["code"].value = "C9999"                               # unknown client
    review["decision"].value = "Validé"                          # not a decision
    auto["address"].value = "compta@@dupont"                    # bad address
    book.save(path)
    result = run(campaign_dir, "review", "import", str(path))
    assert result.exit_code == 1
    cells = {f"Revue!{review['code'].coordinate}", f"Revue!{review['decision'].coordinate}",
             f"Revue!{auto['address'].coordinate}"}
    for cell in cells:
        assert cell in result.output
    assert "nothing was applied" in result.output
    with campaign.open_store() as store:
        assert history(store) == []


def test_round_trip_records_decisions_links_and_repeats_nothing(campaign_dir, campaign, tmp_path):
    seed(campaign_dir, tmp_path)
    path = export(campaign_dir, tmp_path / "revue.xlsx")
    book = openpyxl.load_workbook(path)
    found = rows(book)
    review = found["p.durand@gmail.com"]
    review["code"].value = " c0001 "                             # typed by hand, lower case
    review["decision"].value = "valider "                        # spaces and lower case
    review["copies"].value = "p.durand@gmail.com; compta@dupont-fils.example"
    known = found["gerance@gmail.com"]
    known["decision"].value = "Keep posting"                     # English word in a French workbook
    known["comment"].value = "appelée le 12, confirme le courrier"
    book.save(path)

    dry = run(campaign_dir, "review", "import", str(path), "--by", "Sophie", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "dry run: nothing changed" in dry.stdout
    with campaign.open_store() as store:
        assert history(store) == []
        assert store.conn.execute("SELECT COUNT(*) FROM link_decisions").fetchone()[0] == 0

    result = run(campaign_dir, "review", "import", str(path), "--by", "Sophie")
    assert result.exit_code == 0, result.output
    assert "1 reply linked" in result.stdout
    now = states(campaign)
    assert (now["C0001"].decision, now["C0001"].address) == ("confirmed", "p.durand@gmail.com")
    assert now["C0001"].copies == ["p.durand@gmail.com", "compta@dupont-fils.example"]
    assert (now["C0003"].decision, now["C0003"].mode) == ("refused", "paper")
    assert now["C0002"].decision == "confirmed"                  # pre-filled auto row accepted as is
    with campaign.open_store() as store:
        sources = {h["client_code"]: h for h in history(store)}
        links = store.conn.execute("SELECT client_code, source FROM link_decisions").fetchall()
    assert sources["C0001"]["decided_by"] == "Sophie"
    assert sources["C0001"]["source"] == f"workbook revue.xlsx Revue!{review['decision'].coordinate}"
    assert sources["C0003"]["comment"] == "appelée le 12, confirme le courrier"
    assert [tuple(r) for r in links] == [("C0001", f"workbook revue.xlsx Revue!{review['code'].coordinate}")]

    again = run(campaign_dir, "review", "import", str(path), "--by", "Sophie")
    assert again.exit_code == 0, again.output
    assert "0 decisions recorded" in again.stdout and "unchanged" in again.stdout
    with campaign.open_store() as store:
        assert len(history(store)) == len(sources)

    later = export(campaign_dir, tmp_path / "later.xlsx")         # decisions kept, listed on their sheet
    decided = [r[0].value for r in openpyxl.load_workbook(later)["Décisions"].iter_rows(min_row=2)]
    assert {"C0001", "C0002", "C0003"} <= set(decided)


def test_stale_workbook_does_not_overwrite_a_newer_decision(campaign_dir, campaign, tmp_path):
    seed(campaign_dir, tmp_path)
    path = export(campaign_dir, tmp_path / "revue.xlsx")
    with campaign.open_store() as store, store.transaction():
        record(store, Decision("C0002", "remind", decided_by="Marc", source="cli",
                               decided_at="2999-01-01T00:00:00+00:00"))
    book = openpyxl.load_workbook(path)
    row = rows(book)["compta@dupont-sas.example"]
    book.save(path)
    result = run(campaign_dir, "review", "import", str(path))
    assert result.exit_code == 1
    assert f"Revue!{row['decision'].coordinate}: C0002 was decided again by Marc" in result.output
    assert states(campaign)["C0002"].decision == "remind"


def test_outside_text_stays_text(campaign_dir, campaign, tmp_path):
    seed(campaign_dir, tmp_path)
    box = tmp_path / "evil"
    for name, subject in (("h", '=HYPERLINK("http://evil.example","clic")'), ("p", "+33 6 12 34 56 78"),
                          ("s", "@SUM(1+1)*cmd|' /C calc'!A0")):
        mail(box, name, "Merci d'envoyer les factures à nouvelle@inconnu.example", sender=f"{name}@inconnu.example",
             date="Mon, 09 Nov 2026 10:00:00 +0100", subject=subject)
    assert run(campaign_dir, "harvest", "--from", str(box)).exit_code == 0
    path = export(campaign_dir, tmp_path / "revue.xlsx")
    found = rows(openpyxl.load_workbook(path))
    for name, start in (("h", "=HYPERLINK("), ("p", "+33"), ("s", "@SUM(")):
        cell = found[f"{name}@inconnu.example"]["subject"]
        assert cell.data_type == "s" and cell.value.startswith(start)


def test_out_of_office_naming_an_invoice_address_is_reviewed_and_plain_ones_are_not(campaign_dir, campaign, tmp_path):
    seed(campaign_dir, tmp_path)
    box = tmp_path / "away"
    for name, body in (("billing", "Je suis absent. Pour les factures : factures@dupont-sas.example"),
                       ("plain", "Je suis absent. Pour toute urgence, contactez accueil@dupont-sas.example.")):
        mail(box, name, body, sender=f"{name}@dupont-sas.example", date="Tue, 10 Nov 2026 10:00:00 +0100",
             subject="Réponse automatique : absent du bureau")
        message = box / f"{name}.eml"
        message.write_bytes(b"Auto-Submitted: auto-replied\r\n" + message.read_bytes())
    assert run(campaign_dir, "harvest", "--from", str(box)).exit_code == 0
    found = rows(openpyxl.load_workbook(export(campaign_dir, tmp_path / "revue.xlsx")))
    away = found["billing@dupont-sas.example"]
    assert away["address"].value == "factures@dupont-sas.example" and away["decision"].value in ("", None)
    assert away["warnings"].value.lower().count("réponse automatique qui cite une adresse") == 1
    assert "plain@dupont-sas.example" not in found


def test_refusing_a_reply_sets_it_aside_without_deciding_for_the_client(campaign_dir, campaign, tmp_path):
    seed(campaign_dir, tmp_path)
    path = export(campaign_dir, tmp_path / "revue.xlsx")
    book = openpyxl.load_workbook(path)
    spoof = next(item for item in items(book["Revue"]) if item["address"].value == "paiement@autre.example")
    spoof["code"].value, spoof["decision"].value = "C0002", "Écarter : pas ce client"   # forged: not C0002's
    book.save(path)
    result = run(campaign_dir, "review", "import", str(path), "--by", "Sophie")
    assert result.exit_code == 0, result.output
    assert "1 set aside as not the client's" in result.stdout
    with campaign.open_store() as store:
        verdicts = store.conn.execute("SELECT client_code, verdict, decided_by FROM link_decisions").fetchall()
        assert [tuple(v) for v in verdicts] == [("C0002", "reject", "Sophie")]
        assert "C0002" not in {h["client_code"] for h in history(store) if h["decision"] == "rejected"}
    assert states(campaign)["C0002"].address == "compta@dupont-sas.example"   # the genuine reply still counts
    assert "paiement@autre.example" not in [r["address"] for r in _review_sheet(export(campaign_dir, tmp_path / "b.xlsx"))]
    again = run(campaign_dir, "review", "import", str(path), "--by", "Sophie")
    assert "0 set aside" in again.stdout


def _review_sheet(path: Path) -> list[dict]:
    return [{key: cell.value for key, cell in item.items()} for item in items(openpyxl.load_workbook(path)["Revue"])]


def test_moving_a_reply_to_another_client_undoes_the_exported_link(campaign_dir, campaign, tmp_path):
    seed(campaign_dir, tmp_path)
    path = export(campaign_dir, tmp_path / "revue.xlsx")
    book = openpyxl.load_workbook(path)
    auto = rows(book)["compta@dupont-sas.example"]               # linked to C0002 automatically
    assert book["Revue"].column_dimensions["S"].hidden           # the exported client code, hidden
    auto["code"].value = "C0001"                                  # "no: this is Dupont et Fils' reply"
    book.save(path)
    result = run(campaign_dir, "review", "import", str(path), "--by", "Sophie")
    assert result.exit_code == 0, result.output
    with campaign.open_store() as store:
        verdicts = [tuple(r) for r in store.conn.execute("SELECT client_code, verdict FROM link_decisions ORDER BY id")]
    assert verdicts == [("C0002", "reject"), ("C0001", "link")]
    now = states(campaign)
    assert (now["C0001"].decision, now["C0001"].address) == ("confirmed", "compta@dupont-sas.example")
    assert now["C0002"].address == "" and now["C0002"].decision == ""
    again = run(campaign_dir, "review", "import", str(path), "--by", "Sophie")
    assert "0 decisions recorded, 0 replies linked, 0 set aside" in again.stdout


def test_an_english_campaign_gets_an_english_workbook(tmp_path):
    folder = tmp_path / "firm"
    init_campaign(folder, firm="Example LLP", secretariat="secretariat@cabinet-exemple.fr",
                  switch_date=dt.date(2027, 3, 1), language="en")
    seed(folder, tmp_path)
    path = export(folder, tmp_path / "review.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Instructions", "Review", "No answer", "Decisions", "Progress", "Lists"]
    sheet = book["Review"]
    header = {en: key for key, _fr, en, _w in COLUMNS}
    titles = [c.value for c in sheet[1]]
    assert titles[:4] == ["Client code", "Name", "Decision", "E-mail address"]
    assert sheet.data_validations.dataValidation[0].formula1 == ('"Confirm the e-mail address,Client keeps paper,'
                                                                 'Set aside: not this client,Chase"')
    found = {}
    for line in sheet.iter_rows(min_row=2):
        item = dict(zip([header[t] for t in titles], line))
        found.setdefault(item["sender"].value, item)
    auto = found["compta@dupont-sas.example"]
    assert auto["decision"].value == "Confirm the e-mail address"
    assert auto["confidence"].value.startswith("very likely")
    assert "is on file for this client" in auto["evidence"].value
    found["gerance@gmail.com"]["decision"].value = "Chase"
    book.save(path)
    result = run(folder, "review", "import", str(path), "--by", "Ann")
    assert result.exit_code == 0, result.output
    with load_campaign(folder).open_store() as store:
        assert {s.code: s.decision for s in client_states(store)}["C0003"] == "remind"


def _twin_codes(campaign_dir: Path, tmp_path: Path, case_sensitive: bool) -> None:
    """The seeded campaign whose client file also lists X0001 and, later, x0001 (an attacker's row)."""
    from campaign.synthetic import write_csv
    from tests.test_matching_store import CLIENTS, client

    if case_sensitive:
        with (campaign_dir / "campaign.toml").open("a", encoding="utf-8") as toml:
            toml.write("\n[clients]\ncase_sensitive_codes = true\n")
    seed(campaign_dir, tmp_path)
    twins = [client("X0001", "GARAGE MARTIN", "SARL", ""), client("x0001", "USURPATEUR", "SARL", "")]
    write_csv(tmp_path / "twins.csv", CLIENTS + twins)
    assert run(campaign_dir, "clients", "import", str(tmp_path / "twins.csv")).exit_code == (0 if case_sensitive else 1)


def _decide_by_typing(campaign_dir: Path, tmp_path: Path, typed: str) -> dict:
    path = export(campaign_dir, tmp_path / "revue.xlsx")
    book = openpyxl.load_workbook(path)
    review = rows(book)["p.durand@gmail.com"]
    review["code"].value, review["decision"].value = typed, "Valider"
    book.save(path)
    result = run(campaign_dir, "review", "import", str(path), "--by", "Sophie")
    assert result.exit_code == 0, result.output
    with load_campaign(campaign_dir).open_store() as store:
        return {h["client_code"]: h["decision"] for h in history(store)}


def test_a_code_typed_in_another_case_reaches_the_client_on_file(campaign_dir, campaign, tmp_path):
    _twin_codes(campaign_dir, tmp_path, case_sensitive=False)
    with campaign.open_store() as store:
        assert [r[0] for r in store.conn.execute("SELECT code FROM clients WHERE code LIKE 'x0001'")] == ["X0001"]
    decided = _decide_by_typing(campaign_dir, tmp_path, "x0001")
    assert decided.get("X0001") == "confirmed" and "x0001" not in decided


def test_case_sensitive_codes_send_each_spelling_to_its_own_client(campaign_dir, campaign, tmp_path):
    _twin_codes(campaign_dir, tmp_path, case_sensitive=True)
    decided = _decide_by_typing(campaign_dir, tmp_path, "X0001")
    assert decided.get("X0001") == "confirmed" and "x0001" not in decided


def test_the_old_ambiguous_refuser_is_refused_naming_both_meanings(campaign_dir, campaign, tmp_path):
    seed(campaign_dir, tmp_path)
    path = export(campaign_dir, tmp_path / "revue.xlsx")
    book = openpyxl.load_workbook(path)
    first = items(book["Revue"])[0]
    first["decision"].value = "Refuser"
    book.save(path)
    result = run(campaign_dir, "review", "import", str(path))
    assert result.exit_code == 1
    assert ("'Refuser' no longer exists, it could mean two things: choose 'Le client garde le papier' or"
            " 'Écarter : pas ce client'") in " ".join(result.output.split())


def test_setting_aside_a_client_rows_reply_unlinks_it_and_decides_nothing(campaign_dir, campaign, tmp_path):
    seed(campaign_dir, tmp_path)
    path = export(campaign_dir, tmp_path / "revue.xlsx")
    book = openpyxl.load_workbook(path)
    row = next(item for item in items(book["Revue"]) if item["kind"].value == "client" and item["message_id"].value)
    code, message = row["code"].value.split()[0], int(row["message_id"].value)
    row["decision"].value = "Écarter : pas ce client"
    book.save(path)
    result = run(campaign_dir, "review", "import", str(path), "--by", "Sophie")
    assert result.exit_code == 0, result.output
    with campaign.open_store() as store:
        linked = store.conn.execute("SELECT linked FROM match_candidates WHERE message_id = ? AND client_code = ?",
                                    (message, code)).fetchone()
        assert linked is None or linked[0] == 0
        assert code not in {h["client_code"] for h in history(store) if h["decision"] == "rejected"}
