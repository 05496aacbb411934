"""`campaign stamp` end to end: batches, bad files, options, the report, the database, status."""

from __future__ import annotations

import csv
import hashlib
import os
from pathlib import Path

import pikepdf
import pytest
from typer.testing import CliRunner

from campaign.cli import app
from campaign.synthetic import make_clients, write_csv
from tests import pdf_factory as f
from tests.pdf_factory import page_texts as texts

pytestmark = pytest.mark.usefixtures("before_switch")   # the fixtures' 2027-03-01 stays ahead

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), env={"CAMPAIGN_DIR": None, "COLUMNS": "200"})


def report(out: Path) -> list[dict[str, str]]:
    with (out / "stamp-report.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture
def invoices(tmp_path: Path) -> Path:
    """A folder as the management software exports it, with good and bad files."""
    folder = tmp_path / "export"
    folder.mkdir()
    good = f.invoice_pdf([f.InvoiceSpec("F-101", "C0001", pages=2), f.InvoiceSpec("F-102", "C0002"),
                          f.InvoiceSpec("F-103", "ZZ999"), f.InvoiceSpec("F-104", None)])
    f.write(folder / "batch.pdf", good)
    f.write(folder / "single.pdf", f.invoice_pdf([f.InvoiceSpec("F-105", "C0003")]))
    f.write(folder / "owner-only.pdf", f.encrypted(f.invoice_pdf([f.InvoiceSpec("F-106", "C0004")])))
    f.write(folder / "locked.pdf", f.encrypted(good, user="user-secret"))
    f.write(folder / "empty.pdf", b"")
    f.write(folder / "letter.pdf", b"Dear client,\nthis is a text file named .pdf\n")
    f.write(folder / "cut.pdf", good[: len(good) // 2])
    return folder


@pytest.mark.integration
def test_batch_with_bad_files(campaign_dir: Path, invoices: Path, tmp_path: Path) -> None:
    clients = tmp_path / "clients.csv"
    write_csv(clients, make_clients(5))
    assert run("--campaign", str(campaign_dir), "clients", "import", str(clients)).exit_code == 0
    before = digests(invoices)
    out = tmp_path / "print"

    result = run("--campaign", str(campaign_dir), "stamp", str(invoices), "--out", str(out))

    assert result.exit_code == 1, result.output
    assert digests(invoices) == before, "an original was modified"
    assert "5 clients identified (4 in the client file)" in " ".join(result.output.split())  # not ZZ999
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    reasons = {"locked.pdf": "needs a password",  # owner-only "no changes" files: test_stamp_reading.py
               "empty.pdf": "is empty", "letter.pdf": "is not a PDF", "cut.pdf": "is truncated"}
    assert len(errors) == len(reasons)
    for name, reason in reasons.items():
        assert any(name in line and reason in line for line in errors), (name, errors)
        assert not (out / name).exists()
    assert sorted(p.name for p in out.iterdir()) == ["batch.pdf", "owner-only.pdf", "single.pdf", "stamp-report.csv"]
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "a temporary file was left behind"

    pages = [" ".join(t.split()) for t in texts(out / "batch.pdf")]  # memo lines break anywhere
    assert len(pages) == 5
    assert ["référence client" in t for t in pages] == [False, True, True, True, True]
    # C0001 is in the client file: its memo names the client and the engagement manager
    c1 = next(c for c in make_clients(5) if c.code == "C0001")
    assert "Votre référence client : C0001" in pages[1] and c1.manager in pages[1]
    assert "Votre référence client : ZZ999" in pages[3]  # unknown to the client file, code still printed
    assert "Votre référence client :" not in pages[4] and "(indiquée sur cette facture)" in pages[4]

    with pikepdf.open(out / "owner-only.pdf") as pdf:
        assert pdf.is_encrypted, "the owner password protection was dropped"
    assert "référence client C0004" in texts(out / "owner-only.pdf")[0]

    rows = report(out)  # a French campaign: French headers and oui/non
    assert list(rows[0]) == ["Fichier", "Page", "Facture", "Code client", "Mémo placé", "Emplacement", "Taille du texte", "QR code",
                             "Page réduite à", "Remarque"]
    assert {r["Mémo placé"] for r in rows} == {"oui", "non"} and {r["QR code"] for r in rows} <= {"oui", "non", ""}
    placed = [(r["Fichier"].rsplit("/", 1)[-1], r["Page"], r["Code client"]) for r in rows if r["Mémo placé"] == "oui"]
    assert placed == [("batch.pdf", "2", "C0001"), ("batch.pdf", "3", "C0002"), ("batch.pdf", "4", "ZZ999"),
                      ("batch.pdf", "5", ""), ("owner-only.pdf", "1", "C0004"), ("single.pdf", "1", "C0003")]
    assert {r["Fichier"].rsplit("/", 1)[-1] for r in rows if r["Remarque"]} == set(reasons)
    assert all(float(r["Taille du texte"]) >= 7 for r in rows if r["Mémo placé"] == "oui")

    from campaign.workspace import load_campaign

    with load_campaign(campaign_dir).open_store() as store:
        stamped = store.conn.execute("SELECT client_code, page, output_file FROM stamps ORDER BY id").fetchall()
        assert [(r[0], r[1]) for r in stamped] == [("C0001", 2), ("C0002", 3), ("ZZ999", 4), (None, 5),
                                                   ("C0004", 1), ("C0003", 1)]
        run_row = store.conn.execute("SELECT files, failed, invoices, memos FROM stamp_runs").fetchone()
        assert tuple(run_row) == (7, 4, 6, 6)
    status = run("--campaign", str(campaign_dir), "status")
    assert status.exit_code == 0
    lines = status.output.splitlines()
    assert any("Invoices stamped" in line and line.split()[-1] == "6" for line in lines), status.output
    assert any("Distinct clients told" in line and line.split()[-1] == "5" for line in lines)


@pytest.mark.integration
def test_dry_run_pages_and_pattern_options(campaign_dir: Path, tmp_path: Path) -> None:
    src = f.write(tmp_path / "two.pdf", f.invoice_pdf([f.InvoiceSpec("F-1", "C0001", pages=3),
                                                       f.InvoiceSpec("F-2", "C0002", pages=2)]))
    out = tmp_path / "out"
    dry = run("--campaign", str(campaign_dir), "stamp", str(src), "--out", str(out), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "would place 2 memos" in dry.output and not out.exists()
    from campaign.workspace import load_campaign

    with load_campaign(campaign_dir).open_store() as store:
        assert store.conn.execute("SELECT COUNT(*) FROM stamp_runs").fetchone()[0] == 0

    result = run("--campaign", str(campaign_dir), "stamp", str(src), "--out", str(out), "--pages", "first")
    assert result.exit_code == 0, result.output
    assert ["référence client" in t for t in texts(out / "two.pdf")] == [True, False, False, True, False]

    result = run("--campaign", str(campaign_dir), "stamp", str(src), "--out", str(out), "--pages", "all",
                 "--client-pattern", r"Page (\d)/")
    assert result.exit_code == 0, result.output
    # the page number now reads as a client code: every page is a new "invoice" with its own memo
    pages = texts(out / "two.pdf")
    assert all("référence client" in t for t in pages)
    assert "référence client 2" in " ".join(pages[1].split()).replace(" : ", " ")  # full or compact memo

    # no text at all (a scan): each page is its own invoice with the generic memo, and the run says so
    from reportlab.pdfgen import canvas

    scan = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(scan))
    for _ in range(3):
        c.rect(60, 500, 400, 250, fill=1)
        c.showPage()
    c.save()
    none = run("--campaign", str(campaign_dir), "stamp", str(scan), "--out", str(tmp_path / "none"))
    assert none.exit_code == 0 and "warning:" in none.output and "no text on any of its 3 pages" in none.output
    assert ["référence client" in t for t in texts(tmp_path / "none" / "scan.pdf")] == [True, True, True]

    for bad in (["--pages", "middle"], ["--client-pattern", "no group"]):
        refused = run("--campaign", str(campaign_dir), "stamp", str(src), "--out", str(out), *bad)
        assert refused.exit_code == 2 and "error:" in refused.output


def test_output_never_replaces_the_original(campaign_dir: Path, tmp_path: Path) -> None:
    src = f.write(tmp_path / "inv.pdf", f.invoice_pdf([f.InvoiceSpec("F-1", "C0001")]))
    before = src.read_bytes()
    result = run("--campaign", str(campaign_dir), "stamp", str(src), "--out", str(tmp_path))
    assert result.exit_code == 1 and "would be replaced by its own output" in result.output
    assert src.read_bytes() == before
    assert os.listdir(tmp_path).count("inv.pdf") == 1

    # --out inside the input folder: a second run does not stamp the first run's copies
    for _ in range(2):
        again = run("--campaign", str(campaign_dir), "stamp", str(tmp_path), "--out", str(tmp_path / "print"))
        assert again.exit_code == 0, again.output
        assert "1 file," in again.output
    assert src.read_bytes() == before


def test_clients_who_decided_get_no_memo(campaign_dir: Path, tmp_path: Path) -> None:
    """A client whose current review decision is 'refused' (or 'confirmed') gets no memo; the others do."""
    from campaign.review.decisions import Decision, record
    from campaign.workspace import load_campaign

    src = f.write(tmp_path / "inv.pdf", f.invoice_pdf([f.InvoiceSpec("F-1", "C0001"), f.InvoiceSpec("F-2", "C0002")]))
    with load_campaign(campaign_dir).open_store() as store, store.transaction():
        record(store, Decision("C0002", "refused", "tester", "test"))
        record(store, Decision("C0001", "remind", "tester", "test"))
    result = run("--campaign", str(campaign_dir), "stamp", str(src), "--out", str(tmp_path / "a"))
    assert result.exit_code == 0, result.output
    assert "no client is skipped" not in result.output
    pages = texts(tmp_path / "a" / "inv.pdf")
    assert "C0001" in pages[0] and "référence client" in pages[0]
    assert "référence client" not in pages[1]

    from campaign.stamping.clients import ClientDirectory

    with load_campaign(campaign_dir).open_store() as store:
        directory = ClientDirectory.open(store, ["confirmed", "refused"])
        assert directory.skip_active and directory.skipped == {"C0002": "refused"}
        assert ClientDirectory.open(store, []).skipped == {}


def _twins_and_invoices(campaign_dir: Path, tmp_path: Path, case_sensitive: bool) -> Path:
    """A client file with X0001 then x0001 (an attacker's row), and invoices printed for each spelling."""
    if case_sensitive:
        with (campaign_dir / "campaign.toml").open("a", encoding="utf-8") as toml:
            toml.write("\n[clients]\ncase_sensitive_codes = true\n")
    clients = tmp_path / "clients.csv"
    clients.write_bytes("Code client;Raison sociale\r\nX0001;GARAGE MARTIN\r\nx0001;USURPATEUR\r\n".encode("cp1252"))
    assert run("--campaign", str(campaign_dir), "clients", "import", str(clients)).exit_code == (
        0 if case_sensitive else 1)   # default: the case twin is skipped, with a warning
    return f.write(tmp_path / "inv.pdf", f.invoice_pdf([f.InvoiceSpec("F-1", "x0001"), f.InvoiceSpec("F-2", "X0001")]))


def test_a_code_printed_in_another_case_finds_the_client(campaign_dir: Path, tmp_path: Path) -> None:
    src = _twins_and_invoices(campaign_dir, tmp_path, case_sensitive=False)
    result = run("--campaign", str(campaign_dir), "stamp", str(src), "--out", str(tmp_path / "a"))
    assert result.exit_code == 0, result.output
    assert "1 client identified (1 in the client file)" in result.output
    pages = texts(tmp_path / "a" / "inv.pdf")
    assert all("X0001 (GARAGE MARTIN)" in page and "USURPATEUR" not in page for page in pages)


def test_case_sensitive_codes_stamp_each_spelling_for_its_own_client(campaign_dir: Path, tmp_path: Path) -> None:
    src = _twins_and_invoices(campaign_dir, tmp_path, case_sensitive=True)
    result = run("--campaign", str(campaign_dir), "stamp", str(src), "--out", str(tmp_path / "a"))
    assert result.exit_code == 0, result.output
    assert "2 clients identified (2 in the client file)" in result.output
    first, second = texts(tmp_path / "a" / "inv.pdf")
    assert "x0001 (USURPATEUR)" in first and "X0001 (GARAGE MARTIN)" in second


@pytest.mark.integration
def test_only_this_runs_own_temporary_files_are_removed(campaign_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    f.write(source / "single.pdf", f.invoice_pdf([f.InvoiceSpec("F-105", "C0003")]))
    out = tmp_path / "print"
    (out / "archives").mkdir(parents=True)
    ours = out / ".single.pdf.k3j9x_2a.tmp"  # what a run killed while writing single.pdf leaves
    theirs = [out / ".compta.20240131.tmp", out / "archives" / ".sauvegarde.backup_1.tmp",
              out / ".revue-2023.xlsx.k3j9x_2a.tmp", out / "archives" / ".single.pdf.k3j9x_2a.tmp"]
    for path in [ours, *theirs]:
        path.write_bytes(b"partial")
    result = run("--campaign", str(campaign_dir), "stamp", str(source), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert not ours.exists()
    assert all(path.exists() for path in theirs)


@pytest.mark.integration
def test_a_report_that_cannot_be_written_is_one_line_and_the_run_is_recorded_as_finished(
        campaign_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    f.write(source / "single.pdf", f.invoice_pdf([f.InvoiceSpec("F-105", "C0003")]))
    out = tmp_path / "print"
    (out / "stamp-report.csv").mkdir(parents=True)  # stands for the report held open by Excel
    result = run("--campaign", str(campaign_dir), "stamp", str(source), "--out", str(out))
    assert result.exit_code == 1
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "the stamped files are complete and recorded" in errors[0]
    assert (out / "single.pdf").exists()
    status = run("--campaign", str(campaign_dir), "status")
    assert "stopped before it finished" not in status.output


def test_stamp_refuses_a_past_switch_date_unless_allowed(campaign_dir: Path, tmp_path: Path, monkeypatch) -> None:
    src = f.write(tmp_path / "a.pdf", f.invoice_pdf([f.InvoiceSpec("F-1", "C0001")]))
    out = tmp_path / "print"
    monkeypatch.setenv("CAMPAIGN_NOW", "2027-03-15T10:00:00+01:00")
    refused = run("--campaign", str(campaign_dir), "stamp", str(src), "--out", str(out))
    assert refused.exit_code == 2, refused.output
    assert refused.stderr.strip().splitlines() == [
        f"error: {campaign_dir / 'campaign.toml'}: [campaign] switch_date 2027-03-01 is in the past (today is "
        "2027-03-15): invoices would announce a date gone by; set a later date in campaign.toml, or pass "
        "--allow-past-date"]
    assert not out.exists()
    allowed = run("--campaign", str(campaign_dir), "stamp", str(src), "--out", str(out), "--allow-past-date")
    assert allowed.exit_code == 0, allowed.output
    assert "warning: switch date 2027-03-01 has passed; kept (--allow-past-date)" in allowed.stderr and (out / "a.pdf").is_file()
    monkeypatch.setenv("CAMPAIGN_NOW", "2027-02-20T10:00:00+01:00")
    close = run("--campaign", str(campaign_dir), "stamp", str(src), "--out", str(tmp_path / "p2"), "--dry-run")
    assert close.exit_code == 0 and "switch date 2027-03-01 is 9 days away" in close.stderr


def test_a_title_column_genders_the_memo_and_no_title_keeps_it_neutral(campaign_dir: Path, tmp_path: Path) -> None:
    clients = tmp_path / "clients.csv"
    clients.write_bytes("Code client;Raison sociale;Responsable;Civilité responsable\r\n"
                        "C0001;Dupont Plomberie;Claire Fontaine;Mme\r\n"
                        "C0002;Martin Menuiserie;Marc Lemoine;M.\r\n"
                        "C0003;Garage Lefèvre;Dominique Roy;\r\n".encode("cp1252"))
    imported = run("--campaign", str(campaign_dir), "clients", "import", str(clients))
    assert imported.exit_code == 0 and 'manager\'s title <- "Civilité responsable"' in imported.output
    src = f.write(tmp_path / "in.pdf", f.invoice_pdf([f.InvoiceSpec("F-1", "C0001"), f.InvoiceSpec("F-2", "C0002"),
                                                      f.InvoiceSpec("F-3", "C0003")]))
    result = run("--campaign", str(campaign_dir), "stamp", str(src), "--out", str(tmp_path / "print"))
    assert result.exit_code == 0, result.output
    pages = [" ".join(text.split()) for text in texts(tmp_path / "print" / "in.pdf")]
    assert "vous enverra vos factures par e-mail" in pages[0]
    assert "Votre interlocutrice : Claire Fontaine." in pages[0]
    assert "Votre interlocuteur : Marc Lemoine." in pages[1]
    assert "Votre contact au cabinet : Dominique Roy." in pages[2]
