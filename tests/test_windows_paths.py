"""Windows code paths, run on Linux by faking what Windows lacks or does differently.

- Python before 3.13 on Windows has no ``os.fchmod``; ``os.chmod`` there only toggles the
  read-only bit (no effect on who may read), and some shares refuse it outright.
- Excel keeps a workbook it shows open: replacing that file raises PermissionError.
- File names must be ones Windows accepts (no reserved device names, no <>:"/\\|?*, no trailing
  dot or space).
Plus what a Windows user does: a campaign.toml saved by Notepad (see tests/test_config.py), an
``--out`` that names a folder, and ``[files] mode`` for a firm sharing its outputs on a server.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PureWindowsPath

import openpyxl
import pytest
from typer.testing import CliRunner

from campaign import atomic
from campaign.cli import app
from campaign.remind import DEFAULT_DIR, file_name
from campaign.synthetic import make_clients, write_csv
from campaign.workspace import load_campaign
from tests import pdf_factory as f
from tests.test_progress import build

_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
_FORBIDDEN = set('<>:"/\\|?*') | {chr(i) for i in range(32)}


@pytest.fixture(autouse=True)
def _private_again():
    """The sharing mode is process-wide (set by each command): leave it as the other tests expect."""
    yield
    atomic.set_sharing(atomic.PRIVATE)


def run(*args: str):
    return CliRunner().invoke(app, list(args), env={"CAMPAIGN_DIR": None, "COLUMNS": "80"})


def cli(campaign_dir: Path, *args: str):
    return run("--campaign", str(campaign_dir), *args)


def error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error:")]


def set_mode(campaign_dir: Path, mode: str) -> None:
    path = campaign_dir / "campaign.toml"
    text = path.read_text(encoding="utf-8")
    assert 'mode = "private"' in text
    path.write_text(text.replace('mode = "private"', f'mode = "{mode}"'), encoding="utf-8")


def perms(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def windows_chmod(monkeypatch, behaviour: str) -> list[str]:
    """No os.fchmod (Windows before 3.13); os.chmod recorded and then real, without effect, or refused."""
    monkeypatch.delattr(os, "fchmod", raising=False)
    calls: list[str] = []
    real = os.chmod

    def chmod(path, mode, *args, **kwargs):  # noqa: ANN001
        calls.append(str(path))
        if behaviour == "refused":
            raise PermissionError(1, "Operation not permitted", str(path))
        if behaviour == "real":
            real(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "chmod", chmod)
    return calls


def lock_for_writing(monkeypatch, *names: str) -> None:
    """Replacing a file with one of ``names`` fails as on Windows while Excel holds it open."""
    real = os.replace

    def replace(src, dst, *args, **kwargs):  # noqa: ANN001
        if Path(dst).name in names:
            raise PermissionError(13, "The process cannot access the file because it is being used by another"
                                      " process", str(dst))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


def no_temporary_left(folder: Path) -> bool:
    return not [p for p in folder.rglob("*.tmp")]


# --- no os.fchmod, os.chmod without effect or refused -------------------------------------------------------------

def test_without_fchmod_the_group_mode_still_reaches_the_outputs_and_secrets_stay_owner_only(
        campaign, campaign_dir, tmp_path, monkeypatch):
    build(campaign, tmp_path)
    set_mode(campaign_dir, "group")
    calls = windows_chmod(monkeypatch, "real")
    out = tmp_path / "partage"

    review = cli(campaign_dir, "review", "export", "--out", str(out / "revue.xlsx"))
    assert review.exit_code == 2   # the folder does not exist yet: one line, nothing written
    assert error_lines(review.output) == [f"error: --out {out / 'revue.xlsx'}: the folder {out} does not exist; create "
                                          "it or choose another"]
    assert cli(campaign_dir, "remind", "--out", str(out)).exit_code == 0
    assert cli(campaign_dir, "review", "export", "--out", str(out / "revue.xlsx")).exit_code == 0
    assert cli(campaign_dir, "export", "--out", str(out / "export.csv")).exit_code == 0

    assert calls, "os.chmod was never called: the fallback for a missing os.fchmod is not used"
    assert perms(out) == 0o770                                     # the folder the secretaries open
    written = sorted(out.iterdir())
    assert len(written) == 5   # three reminder lists, the review workbook, the export
    for path in written:
        assert perms(path) == 0o660, path.name
    for secret in ("campaign.db", "review.key", "campaign.lock"):
        assert perms(campaign_dir / secret) == 0o600, secret
    assert not (campaign_dir / "campaign.lock.json").exists()  # removed when the last command let go


@pytest.mark.parametrize("behaviour", ["no effect", "refused"])
def test_init_and_outputs_work_where_chmod_does_nothing_or_is_refused(tmp_path, monkeypatch, behaviour):
    windows_chmod(monkeypatch, behaviour)
    folder = tmp_path / "Mon cabinet"
    made = run("init", str(folder), "--firm", "Cabinet Étoile", "--secretariat", "secretariat@etoile.example",
               "--switch-date", "2099-03-01")
    assert made.exit_code == 0, made.output
    assert f'campaign --campaign "{folder}" clients import' in made.output   # runs as is in PowerShell
    set_mode(folder, "group")
    build(load_campaign(folder), tmp_path)
    for args in (("review", "export"), ("remind",), ("export",)):
        result = cli(folder, *args)
        assert result.exit_code == 0, result.output
    assert len(list(folder.glob("revue-*.xlsx"))) == 1 and len(list(folder.glob("export-*.csv"))) == 1
    assert len(list((folder / DEFAULT_DIR).glob("*.xlsx"))) == 3
    assert no_temporary_left(folder)


# --- a file held open by Excel ----------------------------------------------------------------------------------

EXCEL = "is open in another program (Excel?): close it and run the command again"


def test_a_review_workbook_open_in_excel_gives_one_line_and_keeps_the_old_one(campaign, campaign_dir, tmp_path,
                                                                             monkeypatch):
    build(campaign, tmp_path)
    path = tmp_path / "revue.xlsx"
    assert cli(campaign_dir, "review", "export", "--out", str(path)).exit_code == 0
    before = path.read_bytes()
    lock_for_writing(monkeypatch, "revue.xlsx")

    result = cli(campaign_dir, "review", "export", "--out", str(path))

    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"error: {path} {EXCEL}"]
    assert path.read_bytes() == before and no_temporary_left(tmp_path)


def test_the_export_open_in_excel_gives_one_line(campaign, campaign_dir, tmp_path, monkeypatch):
    build(campaign, tmp_path)
    path = tmp_path / "export.csv"
    path.write_bytes(b"ancien fichier\r\n")
    lock_for_writing(monkeypatch, "export.csv")

    result = cli(campaign_dir, "export", "--out", str(path))

    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"error: {path} {EXCEL}"]
    assert path.read_bytes() == b"ancien fichier\r\n" and no_temporary_left(tmp_path)


def test_reminder_lists_go_on_past_one_open_in_excel(campaign, campaign_dir, tmp_path, monkeypatch):
    build(campaign, tmp_path)
    out = tmp_path / "appels"
    lock_for_writing(monkeypatch, "Relances - Léa Perrot.xlsx")

    result = cli(campaign_dir, "remind", "--out", str(out))

    assert result.exit_code == 1
    assert error_lines(result.output) == [f"error: Léa Perrot: {out / 'Relances - Léa Perrot.xlsx'} {EXCEL}"]
    assert sorted(p.name for p in out.iterdir()) == ["Relances - Claire Fontaine.xlsx",
                                                     "Relances - sans responsable.xlsx"]
    assert "2 clients to call, 2 workbooks in" in result.output


@pytest.mark.integration
def test_stamping_goes_on_past_a_stamped_copy_open_in_a_viewer(campaign_dir, tmp_path, monkeypatch):
    assert cli(campaign_dir, "clients", "import", str(write_csv(tmp_path / "c.csv", make_clients(3)))).exit_code == 0
    inputs = tmp_path / "factures"
    inputs.mkdir()
    f.write(inputs / "a.pdf", f.invoice_pdf([f.InvoiceSpec("F-1", "C0001")]))
    f.write(inputs / "b.pdf", f.invoice_pdf([f.InvoiceSpec("F-2", "C0002")]))
    out = tmp_path / "impression"
    lock_for_writing(monkeypatch, "a.pdf")

    result = cli(campaign_dir, "stamp", str(inputs), "--out", str(out))

    assert result.exit_code == 1
    assert error_lines(result.output) == [f"error: {inputs / 'a.pdf'} could not be written: {out / 'a.pdf'} {EXCEL}"]
    assert sorted(p.name for p in out.iterdir()) == ["b.pdf", "stamp-report.csv"]
    assert "2 files, 2 pages, 2 invoices" in result.output and "1 file failed" in result.output
    assert no_temporary_left(out)


@pytest.mark.integration
def test_a_stamp_report_open_in_excel_leaves_the_stamped_copies_recorded(campaign_dir, tmp_path, monkeypatch):
    inputs = tmp_path / "factures"
    inputs.mkdir()
    f.write(inputs / "a.pdf", f.invoice_pdf([f.InvoiceSpec("F-1", "C0001")]))
    out = tmp_path / "impression"
    lock_for_writing(monkeypatch, "stamp-report.csv")

    result = cli(campaign_dir, "stamp", str(inputs), "--out", str(out))

    assert result.exit_code == 1
    assert error_lines(result.output) == [f"error: {out / 'stamp-report.csv'}: the report could not be written (open"
                                          " in another program (Excel?)); the stamped files are complete and recorded"]
    assert "1 file, 1 page, 1 invoice: placed 1 memo" in " ".join(result.output.split())
    assert sorted(p.name for p in out.iterdir()) == ["a.pdf"]
    with load_campaign(campaign_dir).open_store() as store:   # the run is finished and its stamp recorded
        runs = [tuple(r) for r in store.conn.execute("SELECT files, finished_at IS NOT NULL FROM stamp_runs")]
        assert runs == [(1, 1)]
        assert store.conn.execute("SELECT COUNT(*) FROM stamps").fetchone()[0] == 1


def test_an_input_locked_by_another_program_gives_one_line(campaign_dir, tmp_path, monkeypatch):
    clients = write_csv(tmp_path / "clients.csv", make_clients(3))
    real_open = Path.open

    def locked_open(self, *args, **kwargs):  # noqa: ANN001
        if self.name == "clients.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", locked_open)
    result = cli(campaign_dir, "clients", "import", str(clients))

    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"error: {clients}: cannot be opened: it is open in another program (Excel?) or you may not read it; close"
        " it or check its permissions, and run the command again"]


# --- --out naming a folder --------------------------------------------------------------------------------------

def test_out_naming_a_folder_writes_the_usual_file_name_in_it(campaign, campaign_dir, tmp_path):
    build(campaign, tmp_path)
    folder = tmp_path / "Documents"
    folder.mkdir()

    review = cli(campaign_dir, "review", "export", "--out", str(folder))
    export = cli(campaign_dir, "export", "--out", str(folder), "--format", "xlsx")

    assert review.exit_code == 0 and export.exit_code == 0, review.output + export.output
    [workbook] = folder.glob("revue-*.xlsx")
    [exported] = folder.glob("export-*.xlsx")
    assert openpyxl.load_workbook(workbook).sheetnames and openpyxl.load_workbook(exported).sheetnames
    assert str(workbook) in " ".join(review.output.split()) and str(exported) in " ".join(export.output.split())


# --- plurals ------------------------------------------------------------------------------------------------------

def test_counts_of_one_are_singular(campaign, campaign_dir, tmp_path):
    build(campaign, tmp_path)
    result = cli(campaign_dir, "remind", "--manager", "Claire Fontaine", "--out", str(tmp_path / "one"))
    assert result.exit_code == 0
    assert "1 client to call, 1 workbook in" in " ".join(result.output.split())
    assert "1 clients" not in result.output and "1 workbooks" not in result.output


# --- file names Windows accepts ---------------------------------------------------------------------------------

@pytest.mark.parametrize("manager", ["CON", "nul", "COM1", "LPT9 ", "Dupont.", "  Martin . . ", "..", "\x00",
                                     'a<b>c:"d/e\\f|g?h*', "Ève " + "Lefèvre-Dubois " * 20, "\u00a0"])
def test_reminder_file_names_are_names_windows_accepts(manager: str) -> None:
    name = file_name(manager, "fr")
    windows = PureWindowsPath(r"C:\Users\secretariat\Documents\Campagne 2027\relances") / name
    assert windows.name == name and windows.suffix == ".xlsx"
    stem = name.split(".")[0].strip().upper()
    assert stem not in _RESERVED and not (set(name) & _FORBIDDEN)
    assert not name[:-len(".xlsx")].endswith((".", " ")) and len(str(windows)) < 260
