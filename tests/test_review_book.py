"""The review workbook as a secretary meets it, read back from the real file: column order, frozen
panes, drop-downs, print set-up, row heights, colours, instructions, plain words, decision words.
Where LibreOffice is installed, the workbook is also rendered to PDF and read back page by page."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from campaign.review import workbook as writer
from campaign.review.decisions import history
from campaign.review.rows import CLIENT, REPLY, ReviewRow
from campaign.client_states import client_states
from campaign.review.workbook import COLUMNS, FILLS, KEYS, WRAPPED, write_review_workbook
from campaign.review.words import OLD_DECISION_WORDS
from campaign.sheets import row_height, wrapped_lines
from campaign.workspace import init_campaign, load_campaign
from tests.test_matching_store import run, seed

HEADER = {title: key for key, fr, en, _w in COLUMNS for title in (fr, en)}
GREEN = FILLS["high"]


def export(folder: Path, out: Path) -> openpyxl.Workbook:
    result = run(folder, "review", "export", "--out", str(out))
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(out)


def items(sheet) -> list[dict]:
    """Review rows as {column key: cell}, in sheet order."""
    header = [HEADER.get(c.value) for c in sheet[1]]
    return [dict(zip(header, line)) for line in sheet.iter_rows(min_row=2)]


def fill(cell) -> str:
    return (cell.fill.fgColor.rgb or "")[-6:] if cell.fill and cell.fill.fill_type == "solid" else ""


def test_columns_read_left_to_right_with_code_and_name_frozen_and_print_set_up(campaign_dir, campaign, tmp_path):
    seed(campaign_dir, tmp_path)
    book = export(campaign_dir, tmp_path / "revue.xlsx")
    sheet = book["Revue"]
    keys = [HEADER.get(c.value) for c in sheet[1]]
    assert keys[:7] == ["code", "name", "decision", "address", "copies", "warnings", "phone"]
    assert keys.index("detail") == max(i for i, k in enumerate(keys) if k not in writer.HIDDEN)  # technical: last
    assert sheet.freeze_panes == "C2"                                  # header row, code and name stay in view
    setup = sheet.page_setup
    assert (setup.orientation, int(setup.paperSize), setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"                          # header repeated on each printed page
    with campaign.open_store() as store:
        phones = dict(store.conn.execute("SELECT code, phone FROM clients"))
    for item in items(sheet):
        assert (item["phone"].value or "") == phones[item["code"].value]


def test_client_drop_down_reads_a_hidden_text_list_and_reply_rows_come_with_their_best_candidate(
        campaign_dir, campaign, tmp_path):
    seed(campaign_dir, tmp_path)
    book = export(campaign_dir, tmp_path / "revue.xlsx")
    lists = book["Listes"]
    assert lists.sheet_state == "hidden"
    entries = [c.value for (c,) in lists.iter_rows(min_row=2, max_col=1)]
    assert "C0001 — DUPONT ET FILS" in entries and all(c.data_type == "s" for (c,) in lists.iter_rows(max_col=1))
    sheet = book["Revue"]
    by_list = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    code_col = writer.column_letter("code")
    codes = next(v for ref, v in by_list.items() if ref.startswith(f"{code_col}2"))
    assert codes.type == "list" and codes.formula1 == f"'Listes'!$A$2:$A${len(entries) + 1}"
    assert codes.showInputMessage and codes.prompt and not codes.showErrorMessage  # typing a code stays possible
    decisions = next(v for ref, v in by_list.items() if ref.startswith(f"{writer.column_letter('decision')}2"))
    assert decisions.showInputMessage and "Écarter" in decisions.prompt and len(decisions.prompt) <= 255
    reply = next(i for i in items(sheet) if i["sender"].value == "p.durand@gmail.com")
    assert (reply["code"].value, reply["name"].value) == ("C0001", "DUPONT ET FILS")


def test_row_heights_are_computed_from_the_text_and_the_column_widths(campaign_dir, campaign, tmp_path):
    seed(campaign_dir, tmp_path)
    sheet = export(campaign_dir, tmp_path / "revue.xlsx")["Revue"]
    widths = {key: sheet.column_dimensions[writer.column_letter(key)].width for key in KEYS}
    tall = 0
    for item in items(sheet):
        number = item["code"].row
        expected = row_height((item[key].value, widths[key]) for key in WRAPPED)
        assert sheet.row_dimensions[number].height == expected, number
        assert all(item[key].alignment.wrap_text for key in WRAPPED)
        lines = max(wrapped_lines(item[key].value or "", widths[key]) for key in WRAPPED)
        tall += lines > 1
        assert expected is None or expected >= lines * 15
    assert tall                                                   # the seeded replies do wrap
    assert wrapped_lines("mot " * 30, 20) > wrapped_lines("mot " * 30, 60) > 1


def test_no_green_beside_a_warning_and_a_forged_sender_shows_red(campaign_dir, campaign, tmp_path):
    seed(campaign_dir, tmp_path)
    sheet = export(campaign_dir, tmp_path / "revue.xlsx")["Revue"]
    rows = items(sheet)
    warned = [i for i in rows if i["warnings"].value]
    assert warned and any(fill(i["confidence"]) == GREEN for i in rows if not i["warnings"].value)
    for item in warned:
        assert fill(item["confidence"]) != GREEN and fill(item["warnings"]) in (FILLS["alert"], FILLS["danger"])
        assert "voir l'alerte" in item["confidence"].value
    spoof = next(i for i in rows if i["kind"].value == REPLY and i["sender"].value == "compta@dupont-sas.example")
    assert fill(spoof["confidence"]) == FILLS["danger"] and "usurpé" in spoof["warnings"].value


def test_visible_wording_is_plain_and_the_technical_detail_is_kept_last(campaign_dir, campaign, tmp_path):
    seed(campaign_dir, tmp_path)
    rows = items(export(campaign_dir, tmp_path / "revue.xlsx")["Revue"])
    plain = ("warnings", "evidence", "confidence", "candidates")
    for item in rows:
        for key in plain:
            text = item[key].value or ""
            assert not any(word in text for word in ("DMARC", "≈", "(+", "seuil", "%")), (key, text)
    assert any("(+" in (i["detail"].value or "") for i in rows)    # weights kept for whoever needs them
    assert any("DMARC fail" in (i["detail"].value or "") for i in rows)
    assert all("/" in i["date"].value and "T" not in i["date"].value for i in rows if i["date"].value)


@pytest.mark.parametrize("language, title, first", [("fr", "Instructions", "Comment remplir ce classeur"),
                                                    ("en", "Instructions", "How to fill in this workbook")])
def test_instructions_sheet_in_the_campaigns_language(tmp_path, language, title, first):
    folder = tmp_path / "firm"
    init_campaign(folder, firm="Cabinet Exemple", secretariat="secretariat@cabinet-exemple.fr",
                  switch_date=dt.date(2027, 3, 1), language=language)
    seed(folder, tmp_path)
    book = export(folder, tmp_path / "book.xlsx")
    assert book.sheetnames[0] == title
    texts = [c.value for (c,) in book[title].iter_rows(max_col=1)]
    assert texts[0] == first
    decisions = writer.DECISION_WORDS
    assert all(any(writer.word(decisions, key, language) in t for t in texts) for key in decisions)
    # printed portrait on A4 whole: LibreOffice ignores fit-to-width there and its fallback font
    # takes about 7.5 pt a character; the printable width is 210 mm less two 0.4 in margins
    printable = 210 / 25.4 * 72 - 2 * 0.4 * 72
    assert book[title].column_dimensions["A"].width * 7.5 <= printable
    assert book[title].page_setup.orientation == "portrait"


def _decide(campaign_dir: Path, tmp_path: Path, words: dict[str, tuple[str, str]]) -> object:
    """Export, write {sender: (code or None, decision word)} on each sender's first row, import."""
    path = tmp_path / "revue.xlsx"
    book = export(campaign_dir, path)
    rows = items(book["Revue"])
    for sender, (code, said) in words.items():
        kind, _, address = sender.partition(":")
        item = next(i for i in rows if i["sender"].value == address and i["kind"].value == kind)
        if code is not None:
            item["code"].value = code
        item["decision"].value = said
    book.save(path)
    return run(campaign_dir, "review", "import", str(path), "--by", "Sophie")


def test_new_decision_words_and_a_client_chosen_from_the_list_round_trip(campaign_dir, campaign, tmp_path):
    seed(campaign_dir, tmp_path)
    result = _decide(campaign_dir, tmp_path, {
        "client:gerance@gmail.com": (None, "Le client garde le papier"),
        "reply:p.durand@gmail.com": ("C0001 — DUPONT ET FILS", "Valider l'adresse e-mail"),   # from the list
        "reply:compta@dupont-sas.example": (None, "Écarter : pas ce client")})           # forged: not C0002's
    assert result.exit_code == 0, result.output
    with campaign.open_store() as store:
        states = {s.code: s for s in client_states(store)}
        verdicts = store.conn.execute("SELECT client_code, verdict FROM link_decisions").fetchall()
        decided = {h["client_code"]: h for h in history(store)}
    assert (states["C0003"].decision, states["C0003"].mode) == ("refused", "paper")
    assert (states["C0001"].decision, states["C0001"].address) == ("confirmed", "p.durand@gmail.com")
    assert ("C0002", "reject") in [tuple(v) for v in verdicts] and decided["C0002"]["decision"] != "rejected"
    sheet = export(campaign_dir, tmp_path / "again.xlsx")["Décisions"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["C0003"][2] == "Le client garde le papier"
    assert rows["C0003"][7].startswith("classeur revue.xlsx, cellule Revue!")   # source in French
    assert len(rows["C0003"][6]) == 16 and rows["C0003"][6][2] == "/"          # "12/01/2027 10:22"


@pytest.mark.parametrize("kind", sorted(OLD_DECISION_WORDS))
def test_words_of_workbooks_already_handed_out_are_still_read(campaign_dir, campaign, tmp_path, kind):
    seed(campaign_dir, tmp_path)
    french = OLD_DECISION_WORDS[kind][0]
    target = {"confirmed": "client:gerance@gmail.com", "refused": "client:gerance@gmail.com",
              "rejected": "reply:compta@dupont-sas.example"}[kind]
    if kind == "confirmed":
        path = tmp_path / "revue.xlsx"
        book = export(campaign_dir, path)
        item = next(i for i in items(book["Revue"]) if i["sender"].value == "gerance@gmail.com")
        item["decision"].value, item["address"].value = french, "gerance@gmail.com"
        book.save(path)
        result = run(campaign_dir, "review", "import", str(path), "--by", "Sophie")
    else:
        result = _decide(campaign_dir, tmp_path, {target: (None, french)})
    assert result.exit_code == 0, result.output
    with campaign.open_store() as store:
        states = {s.code: s for s in client_states(store)}
        verdicts = [tuple(v) for v in store.conn.execute("SELECT client_code, verdict FROM link_decisions")]
    if kind == "rejected":
        assert ("C0002", "reject") in verdicts                   # "Refuser" still sets the reply aside
    else:
        assert states["C0003"].decision == kind


def test_an_untouched_suggestion_links_nothing_and_a_wrong_word_lists_the_new_choices(campaign_dir, campaign,
                                                                                      tmp_path):
    seed(campaign_dir, tmp_path)
    wrong = _decide(campaign_dir, tmp_path, {"client:gerance@gmail.com": (None, "Peut-être")})
    assert wrong.exit_code == 1
    assert '"Le client garde le papier"' in wrong.output and '"Écarter : pas ce client"' in wrong.output
    path = tmp_path / "revue.xlsx"
    export(campaign_dir, path)
    result = run(campaign_dir, "review", "import", str(path), "--by", "Sophie")
    assert result.exit_code == 0, result.output
    with campaign.open_store() as store:
        assert store.conn.execute("SELECT COUNT(*) FROM link_decisions").fetchone()[0] == 0
        assert "C0001" not in {h["client_code"] for h in history(store)}   # the pre-filled guess stayed a guess
        assert history(store)                                               # the pre-filled auto rows did count


# --- LibreOffice render -----------------------------------------------------------------------------------

def _many_rows(count: int) -> list[ReviewRow]:
    long = "Bonjour, merci d'envoyer désormais nos factures à l'adresse ci-dessous, avec copie au gérant. " * 3
    return [ReviewRow(CLIENT if n % 2 else REPLY, code=f"C{n:04d}", name=f"Client synthétique {n}",
                      address=f"compta{n}@client{n}.example", copies=[f"gerant{n}@client{n}.example"],
                      decision="confirmed", confidence="high", probability=0.99, sentence=long,
                      evidence="L'expéditeur figure dans le fichier client.", date="2026-11-02T09:30:00+00:00",
                      sender=f"compta{n}@client{n}.example", subject="Re: vos factures par e-mail",
                      warnings="Message transféré par le cabinet." if n % 3 == 0 else "", message_id=n,
                      phone="01 23 45 67 89", detail="scores : " + "x" * 300)
            for n in range(1, count + 1)]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_prints_the_review_sheet_fitted_to_width_with_the_header_on_every_page(
        campaign_dir, campaign, tmp_path, monkeypatch):
    pdfium = pytest.importorskip("pypdfium2")
    seed(campaign_dir, tmp_path)
    monkeypatch.setattr(writer, "review_rows", lambda store, settings: _many_rows(80))
    with campaign.open_store() as store:
        path, _ = write_review_workbook(store, load_campaign(campaign_dir).settings, tmp_path / "revue.xlsx")
    out = tmp_path / "pdf"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
                    "--convert-to", "pdf", "--outdir", str(out), str(path)], check=True, capture_output=True,
                   timeout=300)
    pdf = pdfium.PdfDocument(str(out / "revue.pdf"))
    texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    review_pages = [t for t in texts if "Client synthétique" in t]
    # 80 rows of 3+ wrapped lines: several pages down, never split across pages sideways
    assert 3 <= len(review_pages) <= 30, len(review_pages)
    for text in review_pages:
        assert "Code client" in text and "Décision" in text and "Commentaire" in text   # header repeated, full width
        assert "Détail technique" not in text and "xxxxxxxx" not in text                 # technical: not printed
    assert len(pdf) <= len(review_pages) + 12                     # the other sheets stay a few pages
    numbers = sorted({int(w[1:]) for t in review_pages for w in t.split() if w.startswith("C0") and w[1:].isdigit()})
    assert numbers == list(range(1, 81))                           # every row printed, none cut off
