"""`campaign export`: real CSV and xlsx files read back, built from a campaign made through the library.

Clients are imported from a client file, replies harvested from .eml files (understanding and
matching link them), and decisions recorded with campaign.review.decisions.record.
"""

from __future__ import annotations

import re

import csv
import dataclasses
import datetime as dt
import io
import json
import stat
from pathlib import Path

import openpyxl
from openpyxl.worksheet._writer import ALL_TEMP_FILES
import pytest

from campaign import clock
from campaign.clients.importer import import_client_file
from campaign.config import load_settings
from campaign.errors import ConfigError
from campaign.export import export as export_module
from campaign.export.settings import export_settings
from campaign.export.summary import pending_lines
from campaign.export.transliterate import to_cp1252
from campaign.export.write import guard_formula
from campaign.mail.harvest import harvest_files
from campaign.review.decisions import Decision, record
from campaign.synthetic import write_csv
from campaign.workspace import Campaign, init_campaign
from tests.test_matching_store import mail, run
from tests.test_progress import client

EVIL = '=HYPERLINK("http://evil.example","x")'
CLIENTS = [
    dataclasses.replace(client("C0001", "Łódź Import", "contact@lodz-import.example", "Claire Fontaine"),
                        siret="73282932000074"),                                          # confirmed, copies
    client("C0002", "Đặng Traiteur", "compta@dang-traiteur.example", "Claire Fontaine"),  # refused
    client("C0003", "İstanbul Kebab 😀", "", "Léa Perrot"),                               # silent
    client("C0004", EVIL, "roux@boulangerie-roux.example", "Léa Perrot"),                 # proposal only
    client("C0005", "Œuvres « Générales » €", "", ""),                                    # confirmed by phone
    client("C0006", "-Moins Cher", "", ""),                                               # to chase
]
FR_HEADER = ["Code client", "Raison sociale", "SIREN", "Mode d'envoi", "Adresse e-mail", "Copies",
             "Date de la preuve", "Référence de la preuve"]


def build(campaign: Campaign, tmp_path: Path) -> None:
    with campaign.open_store() as store:
        import_client_file(store, write_csv(tmp_path / "clients.csv", CLIENTS, encoding="utf-8"))
        box = tmp_path / "mail"
        mail(box, "c1", "Bonjour, c'est bien cette adresse pour nos factures.",
             sender="contact@lodz-import.example", date="Sun, 01 Nov 2026 23:30:00 +0000")  # 2 Nov in Paris
        mail(box, "c2", "Je préfère recevoir mes factures par courrier.",
             sender="compta@dang-traiteur.example", date="Wed, 04 Nov 2026 10:00:00 +0100")
        mail(box, "c4", "Bonjour, c'est bien cette adresse pour nos factures.",
             sender="roux@boulangerie-roux.example", date="Thu, 05 Nov 2026 10:00:00 +0100")
        assert harvest_files(store, box).pipeline.failed == 0
        ids = {row[0].split("@")[0].strip("<"): row[1] for row in store.conn.execute("SELECT message_id, id FROM messages")}
        with store.transaction():
            record(store, Decision("C0001", "confirmed", "sec1", "cli", address="contact@lodz-import.example",
                                   copies=["compta@lodz-import.example", "gérant@lodz-import.example"],
                                   message_id=ids["c1"], decided_at="2026-11-06T09:00:00+00:00"))
            record(store, Decision("C0002", "refused", "sec2", "cli", message_id=ids["c2"],
                                   decided_at="2026-11-07T09:00:00+00:00"))
            record(store, Decision("C0005", "confirmed", "sec1", "cli", address="oeuvres@example.fr",
                                   comment="au téléphone", decided_at="2026-11-08T09:00:00+00:00"))
            record(store, Decision("C0006", "remind", "sec1", "cli", decided_at="2026-11-08T09:00:00+00:00"))


def read_csv(path: Path, encoding: str = "cp1252") -> list[list[str]]:
    data = path.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n")          # CRLF only
    return list(csv.reader(io.StringIO(data.decode(encoding), newline=""), delimiter=";"))


def by_code(rows: list[list[str]]) -> dict[str, dict[str, str]]:
    header = rows[0]
    return {row[0]: dict(zip(header, row)) for row in rows[1:]}


def add_export_table(campaign_dir: Path, text: str) -> None:
    """Put ``text`` (starting with "[export]") in place of the empty [export] table campaign init writes."""
    path = campaign_dir / "campaign.toml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("[export]"))
    path.write_text("".join(lines[:at]) + text + "".join(lines[at + 1:]), encoding="utf-8")


def test_all_csv_is_cp1252_with_transliterations_reported(campaign, campaign_dir, tmp_path):
    build(campaign, tmp_path)
    result = run(campaign_dir, "export", "--only", "all")
    assert result.exit_code == 0, result.output
    path = campaign_dir / f"export-{clock.today():%Y%m%d}.csv"
    assert str(path) in result.stdout.replace("\n", "")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600                # personal data: owner only
    rows = read_csv(path)
    assert rows[0] == FR_HEADER
    got = by_code(rows)
    assert list(got) == ["C0001", "C0002", "C0003", "C0004", "C0005", "C0006"]
    lodz = got["C0001"]
    assert lodz["SIREN"] == "732829320" and got["C0002"]["SIREN"] == ""
    assert lodz["Raison sociale"] == "Lódz Import"                    # ó is in cp1252, Ł is not
    assert (lodz["Mode d'envoi"], lodz["Adresse e-mail"]) == ("email", "contact@lodz-import.example")
    assert lodz["Copies"] == "compta@lodz-import.example,gérant@lodz-import.example"
    assert lodz["Date de la preuve"] == "02/11/2026"                  # 23:30 UTC is the 2nd in Paris
    assert lodz["Référence de la preuve"] == "c1@client.example"
    assert (got["C0002"]["Raison sociale"], got["C0002"]["Mode d'envoi"]) == ("Dang Traiteur", "papier")
    # paper, yet the client file's address is kept: an update import must not blank it
    assert got["C0002"]["Adresse e-mail"] == "compta@dang-traiteur.example"
    assert got["C0002"]["Référence de la preuve"] == "c2@client.example"
    assert got["C0003"]["Raison sociale"] == "Istanbul Kebab :grinning:"
    # nobody confirmed the matcher's proposal for C0004, C0006 is to chase: pending, the file's address, no evidence
    for code, address in (("C0003", ""), ("C0004", "roux@boulangerie-roux.example"), ("C0006", "")):
        assert (got[code]["Mode d'envoi"], got[code]["Adresse e-mail"], got[code]["Référence de la preuve"]) == (
            "en attente", address, "")
    assert got["C0004"]["Raison sociale"] == "'" + EVIL               # guarded by default: Excel shows text
    assert got["C0006"]["Raison sociale"] == "'-Moins Cher"
    assert got["C0005"]["Raison sociale"] == "Œuvres « Générales » €"  # all in cp1252: untouched
    assert (got["C0005"]["Mode d'envoi"], got["C0005"]["Date de la preuve"]) == ("email", "")
    out = " ".join(result.stdout.split())
    assert "6 clients" in out and "email: 2" in out and "paper: 1" in out and "pending: 3" in out
    assert ("Listed 3 undecided clients as pending (1 no answer, 1 unconfirmed proposal, 1 to chase): they stay on"
            " paper until a person decides.") in out
    assert "Kept the client file's e-mail of 2 clients not on e-mail (never blanked)." in out
    assert "3 cells had characters outside Windows-1252" in out
    for code in ("C0001", "C0002", "C0003"):
        assert f"{code} Raison sociale:" in out
    assert "'İstanbul Kebab 😀' -> 'Istanbul Kebab :grinning:'" in out   # shown as written, not as an emoji
    assert "C0005" not in out and "older than the latest reply" not in out


def test_xlsx_keeps_every_character_and_formulas_stay_text(campaign, campaign_dir, tmp_path):
    build(campaign, tmp_path)
    path = tmp_path / "clients.xlsx"
    result = run(campaign_dir, "export", "--out", str(path), "--only", "all")   # the suffix chooses xlsx
    assert result.exit_code == 0, result.output
    assert "transliterated" not in result.stdout
    sheet = openpyxl.load_workbook(path).worksheets[0]
    rows = [[cell for cell in row] for row in sheet.iter_rows()]
    assert [c.value for c in rows[0]] == FR_HEADER
    names = {row[0].value: row[1] for row in rows[1:]}
    assert names["C0001"].value == "Łódź Import" and names["C0003"].value == "İstanbul Kebab 😀"
    assert names["C0004"].value == EVIL and names["C0004"].data_type == "s"
    assert names["C0006"].value == "-Moins Cher" and names["C0006"].data_type == "s"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_reply_newer_than_the_decision_is_reported_not_applied(campaign, campaign_dir, tmp_path):
    build(campaign, tmp_path)
    mail(tmp_path / "later", "c1b", "Nouvelle adresse pour les factures : factures@lodz-import.example",
         sender="contact@lodz-import.example", date="Fri, 20 Nov 2026 10:00:00 +0100")
    with campaign.open_store() as store:
        assert harvest_files(store, tmp_path / "later").pipeline.failed == 0
    path = tmp_path / "out.csv"
    result = run(campaign_dir, "export", "--out", str(path))
    assert result.exit_code == 0, result.output
    row = by_code(read_csv(path))["C0001"]
    assert (row["Adresse e-mail"], row["Référence de la preuve"]) == ("contact@lodz-import.example", "c1@client.example")
    out = " ".join(result.stdout.split())
    assert "Exported by a decision older than the latest reply (review them" in out and out.endswith("): C0001")


def test_by_default_only_decided_clients_and_no_address_is_blanked(campaign, campaign_dir, tmp_path):
    build(campaign, tmp_path)
    result = run(campaign_dir, "export")
    assert result.exit_code == 0, result.output
    got = by_code(read_csv(campaign_dir / f"export-{clock.today():%Y%m%d}.csv"))
    assert {code: row["Mode d'envoi"] for code, row in got.items()} == {
        "C0001": "email", "C0002": "papier", "C0005": "email"}
    # what an update import would do to the e-mail the client file holds: never blank it
    with campaign.open_store() as store:
        on_file = {code: json.loads(emails) for code, emails in store.conn.execute("SELECT code, emails FROM clients")}
    for code, row in got.items():
        assert row["Adresse e-mail"] or not on_file[code], code
    assert got["C0002"]["Adresse e-mail"] == "compta@dang-traiteur.example"
    assert "pending:" not in result.stdout
    out = " ".join(result.stdout.split())
    assert ("Left out 3 undecided clients (1 no answer, 1 unconfirmed proposal, 1 to chase): they stay on paper"
            " until a person decides; --only all lists them.") in out
    assert "Kept the client file's e-mail of 1 client not on e-mail (never blanked)." in out


def test_summary_says_nothing_when_everyone_decided():
    result = export_module.ExportResult(path=Path("x.csv"), format="csv", encoding="cp1252")
    assert pending_lines(result, "decided") == [] and pending_lines(result, "all") == []
    result.pending.update({"to_review": 2})
    assert pending_lines(result, "decided") == [
        "Left out 2 undecided clients (2 to review): they stay on paper until a person decides; --only all lists"
        " them."]


def test_configured_columns_headers_modes_encoding_and_guard(campaign, campaign_dir, tmp_path):
    build(campaign, tmp_path)
    add_export_table(campaign_dir, """[export]
columns = ["siren", {field = "code", header = "CodeClient"}, "email", "mode", "decided_by", "decided_at", "name"]
headers = {email = "EmailFacturation"}
encoding = "utf-8-sig"
formula_guard = false
date_format = "%Y-%m-%d"
[export.modes]
email = "E"
paper = "P"
pending = "N"
""")
    path = tmp_path / "custom.csv"
    result = run(campaign_dir, "export", "--out", str(path), "--only", "all")
    assert result.exit_code == 0, result.output
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = read_csv(path, "utf-8-sig")
    assert rows[0] == ["SIREN", "CodeClient", "EmailFacturation", "Mode d'envoi", "Décidé par", "Décidé le",
                       "Raison sociale"]
    got = {row[1]: row for row in rows[1:]}
    assert got["C0001"][2:] == ["contact@lodz-import.example", "E", "sec1", "2026-11-06", "Łódź Import"]
    assert got["C0002"][3:6] == ["P", "sec2", "2026-11-07"] and got["C0003"][3] == "N"
    assert got["C0004"][6] == EVIL and got["C0006"][6] == "-Moins Cher"   # guard off: literal for software import
    assert "transliterated" not in result.stdout                     # UTF-8 holds everything
    # the command line wins over campaign.toml
    assert run(campaign_dir, "export", "--out", str(path), "--encoding", "cp1252", "--only", "all").exit_code == 0
    assert read_csv(path)[1][6] == "Lódz Import"


def test_english_campaign_has_english_defaults(tmp_path):
    campaign = init_campaign(tmp_path / "en", firm="Firm", secretariat="office@firm.example",
                             switch_date=dt.date(2027, 3, 1), language="en")
    settings = export_settings(campaign.settings)
    assert [c.header for c in settings.columns][:4] == ["Client code", "Name", "SIREN", "Delivery mode"]
    assert settings.modes == {"email": "email", "paper": "paper", "pending": "pending"}
    assert (settings.format, settings.encoding, settings.only, settings.formula_guard) == (
        "csv", "cp1252", "decided", True)


@pytest.mark.parametrize("table, message", [
    ('columns = ["code", "fax"]', "unknown field 'fax'"),
    ('columns = ["code", "code"]', "field 'code' appears twice"),
    ('columns = []', "columns must be a non-empty list"),
    ('encoding = "latin-1"', "encoding must be one of cp1252, utf-8-sig"),
    ('colums = ["code"]', "unknown key 'colums'"),
    ('modes = {mail = "x"}', "[export.modes] unknown key 'mail': did you mean email?"),
    ('headers = {fax = "Fax"}', "[export.headers] unknown key 'fax': the keys are"),
    ('modes = "email"', "modes must be a table"),
    ('formula_guard = "yes"', "formula_guard must be true or false"),
])
def test_bad_export_table_is_a_one_line_config_error(campaign_dir, table, message):
    add_export_table(campaign_dir, "[export]\n" + table + "\n")
    with pytest.raises(ConfigError, match=re.escape(message)) as info:
        export_settings(load_settings(campaign_dir / "campaign.toml"))
    assert re.search(r"campaign\.toml: (line \d+: )?\[export", str(info.value)) and "\n" not in str(info.value)
    result = run(campaign_dir, "export")
    assert result.exit_code == 2 and message in result.output


@pytest.mark.parametrize("args, message", [
    (["--format", "pdf"], "--format must be one of csv, xlsx"),
    (["--encoding", "utf-16"], "--encoding must be one of cp1252, utf-8-sig"),
    (["--only", "some"], "--only must be one of all, decided"),
    (["--format", "xlsx", "--encoding", "cp1252"], "--encoding applies to CSV only"),
    (["--out", "x.xlsx", "--format", "csv"], "make them agree"),
    (["--out", "missing/x.csv"], "does not exist"),
])
def test_bad_options_exit_2_with_one_line(campaign_dir, tmp_path, args, message):
    args = [str(tmp_path / a) if a.startswith(("x.", "missing")) else a for a in args]
    result = run(campaign_dir, "export", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output and len(result.output.strip().splitlines()) == 1
    assert not list(campaign_dir.glob("export-*"))


def test_a_failed_export_leaves_the_previous_file_whole(campaign, campaign_dir, tmp_path, monkeypatch):
    build(campaign, tmp_path)
    path = tmp_path / "out.csv"
    assert run(campaign_dir, "export", "--out", str(path)).exit_code == 0
    before = path.read_bytes()
    real = export_module.values

    def failing(state, *args):
        if state.code == "C0004":
            raise OSError("disk full")
        return real(state, *args)

    monkeypatch.setattr(export_module, "values", failing)
    streamed = list(ALL_TEMP_FILES)          # openpyxl's own temporary files (rows of personal data)
    for fmt in ("csv", "xlsx"):
        target = path if fmt == "csv" else tmp_path / "out.xlsx"
        with pytest.raises(OSError):
            with campaign.open_store() as store:
                export_module.run_export(store, export_settings(campaign.settings), target, fmt=fmt,
                                         encoding="cp1252", only="all")
    assert path.read_bytes() == before and not (tmp_path / "out.xlsx").exists()
    assert ALL_TEMP_FILES == streamed
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []   # no temp file left


def test_transliteration_keeps_cp1252_and_never_drops():
    assert to_cp1252("Œuvre « été » 3 € – ‰") == ("Œuvre « été » 3 € – ‰", False)
    assert to_cp1252("e\u0301te\u0301") == ("été", False)             # decomposed accents compose, not replaced
    assert to_cp1252("Łódź") == ("Lódz", True)
    assert to_cp1252("Đặng") == ("Dang", True)
    assert to_cp1252("İstanbul") == ("Istanbul", True)
    assert to_cp1252("ok 🎉") == ("ok :tada:", True)
    written, replaced = to_cp1252("a\u0081b")                          # no cp1252 byte, no transliteration
    assert (written, replaced) == ("a?b", True)
    for value in ("Łódź", "中文", "🎉", "\u0081"):
        written, _ = to_cp1252(value)
        written.encode("cp1252")
        assert written


def test_formula_guard_prefixes_only_trigger_characters():
    assert [guard_formula(v) for v in ("=1+1", "+33 6", "-x", "@SUM(A1)", "\tx", "Dupont", "")] == [
        "'=1+1", "'+33 6", "'-x", "'@SUM(A1)", "'\tx", "Dupont", ""]


def test_the_documented_quadratus_example_works_as_written(campaign, campaign_dir, tmp_path):
    doc = (Path(__file__).resolve().parents[1] / "docs" / "export.md").read_text(encoding="utf-8")
    section = doc[doc.index("## Example: Cegid Quadratus"):]
    table = section[section.index("```toml\n") + len("```toml\n"):section.index("\n```", section.index("```toml"))]
    build(campaign, tmp_path)
    add_export_table(campaign_dir, table + "\n")
    result = run(campaign_dir, "export")
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(campaign_dir / f"export-{clock.today():%Y%m%d}.xlsx").worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Code", "Nom", "FacturesMail", "Email", "Date accord", "Référence accord"]
    got = {row[0]: row for row in rows[1:]}
    assert sorted(got) == ["C0001", "C0002", "C0005"]                     # decided clients only
    assert got["C0001"][2:4] == ["Oui", "contact@lodz-import.example"]
    assert got["C0002"][2:4] == ["Non", "compta@dang-traiteur.example"]  # paper, the file's address kept


def test_a_paper_clients_file_email_goes_back_whole_even_when_it_was_not_valid(campaign_dir, campaign, tmp_path):
    clients = [client("C0001", "Deux Adresses", "a@deux.example; b@deux.example", "Léa Perrot"),
               client("C0002", "Adresse Fausse", "nathalie.dupont82@laposte", "Léa Perrot")]
    with campaign.open_store() as store:
        import_client_file(store, write_csv(tmp_path / "clients.csv", clients, encoding="utf-8"))
        with store.transaction():
            for code in ("C0001", "C0002"):
                record(store, Decision(code, "refused", "sec1", "cli", decided_at="2026-11-07T09:00:00+00:00"))
    result = run(campaign_dir, "export", "--out", str(tmp_path / "export.csv"))
    assert result.exit_code == 0, result.output
    rows = by_code(read_csv(tmp_path / "export.csv"))
    assert rows["C0001"]["Adresse e-mail"] == "a@deux.example; b@deux.example"   # not shortened to the first
    assert rows["C0002"]["Adresse e-mail"] == "nathalie.dupont82@laposte"         # not blanked: as written


def test_an_output_never_replaces_the_campaigns_own_files(campaign_dir, campaign, tmp_path):
    before = (campaign_dir / "campaign.db").read_bytes()
    for command in (["export"], ["review", "export"]):
        for name in ("campaign.db", "campaign.toml", "review.key"):
            result = run(campaign_dir, *command, "--out", str(campaign_dir / name))
            assert result.exit_code == 2 and "one of the campaign's own files" in result.output, (command, name)
    assert (campaign_dir / "campaign.db").read_bytes() == before
