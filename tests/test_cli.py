"""End to end through the command line, as the firm's administrator runs it."""

from __future__ import annotations

import importlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from campaign.cli import app
from campaign.synthetic import EN_HEADERS, make_clients, write_csv, write_xlsx
from tests.conftest import PROJECT_ROOT, listed_csv

runner = CliRunner()
pytestmark = pytest.mark.usefixtures("before_switch")   # the fixtures' 2027-03-01 stays ahead


def run(*args: str, cwd: Path | None = None, env: dict | None = None):
    old = Path.cwd()
    if cwd:
        os.chdir(cwd)
    try:
        return runner.invoke(app, list(args), env=env or {"CAMPAIGN_DIR": None, "COLUMNS": "200"})
    finally:
        os.chdir(old)


@pytest.fixture
def folder(tmp_path) -> Path:
    result = run("init", str(tmp_path / "cabinet-2027"), "--firm", "Cabinet Exemple",
                 "--secretariat", "secretariat@cabinet-exemple.fr", "--switch-date", "2027-03-01")
    assert result.exit_code == 0, result.output
    return tmp_path / "cabinet-2027"


def test_init_then_import_cp1252_then_list_and_status(folder, tmp_path) -> None:
    clients = make_clients(25, seed=7)
    clients[3].name = "Société Générale d'Électricité Œuvre & Fils"
    path = write_csv(tmp_path / "export_clients.csv", clients, encoding="cp1252")
    assert b"\r\n" in path.read_bytes() and "É".encode("cp1252") in path.read_bytes()

    result = run("--campaign", str(folder), "clients", "import", str(path))
    assert result.exit_code == 0, result.output
    assert "25 added, 0 updated, 0 unchanged" in result.output
    assert "CSV, cp1252, separator ';'" in result.output

    listed = run("clients", "list", "--format", "json", cwd=folder)
    rows = json.loads(listed.stdout)
    assert listed.exit_code == 0 and len(rows) == 25
    assert rows[3]["name"] == "Société Générale d'Électricité Œuvre & Fils"

    as_csv = run("clients", "list", "--format", "csv", env={"CAMPAIGN_DIR": str(folder)})
    parsed = list(listed_csv(as_csv.stdout))
    assert [r["code"] for r in parsed] == [c.code for c in clients]

    status = run("--campaign", str(folder), "status")
    assert status.exit_code == 0
    assert "Cabinet Exemple" in status.output and "In the client file" in status.output
    assert "25 added" in status.output


def test_import_xlsx_with_english_headers(folder, tmp_path) -> None:
    clients = make_clients(9, seed=8)
    path = write_xlsx(tmp_path / "clients.xlsx", clients, headers=EN_HEADERS)
    result = run("--campaign", str(folder), "clients", "import", str(path))
    assert result.exit_code == 0, result.output
    assert "9 added" in result.output and "XLSX, sheet 'Clients'" in result.output
    rows = json.loads(run("--campaign", str(folder), "clients", "list", "--format", "json").stdout)
    assert {r["code"]: r["manager"] for r in rows} == {c.code: c.manager for c in clients}


def test_broken_file_is_refused_in_one_line_and_changes_nothing(folder, tmp_path) -> None:
    run("--campaign", str(folder), "clients", "import", str(write_csv(tmp_path / "a.csv", make_clients(5, seed=9))))
    db_before = (folder / "campaign.db").read_bytes()
    broken = tmp_path / "broken.csv"
    broken.write_bytes("Référence;Nom;Ville\r\nR-001;Dupont;Lyon\r\n".encode("cp1252"))
    result = run("--campaign", str(folder), "clients", "import", str(broken))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "broken.csv" in result.stderr and "--map" in result.stderr
    assert (folder / "campaign.db").read_bytes() == db_before

    # the same file with the column named explicitly goes in
    fixed = run("--campaign", str(folder), "clients", "import", str(broken), "--map", "code=Référence")
    assert fixed.exit_code == 0, fixed.output
    assert "1 added" in fixed.output and "5 no longer in the file" in fixed.output
    assert "is it a partial export?" in fixed.output


def test_skipped_rows_exit_1_with_row_numbers(folder, tmp_path) -> None:
    path = tmp_path / "dups.csv"
    path.write_text("Code client;Nom;SIREN\nC1;A;443061841\nC1;B;\nC2;C;123456789\n", encoding="utf-8")
    result = run("--campaign", str(folder), "clients", "import", str(path))
    assert result.exit_code == 1
    assert "row 3: client code C1 already used on row 2" in result.output
    assert "row 4: SIREN '123456789' is not a valid SIREN" in result.output


def test_usage_errors_exit_2(folder, tmp_path) -> None:
    no_campaign = run("status", cwd=tmp_path)
    assert no_campaign.exit_code == 2 and "no campaign in" in no_campaign.stderr
    assert run("--campaign", str(folder), "clients", "import", str(tmp_path / "none.csv")).exit_code == 2
    assert run("--campaign", str(folder), "clients", "import", "x.csv", "--map", "bogus=A").exit_code == 2
    again = run("init", str(folder), "--firm", "X", "--secretariat", "x@y.fr", "--switch-date", "2027-03-01")
    assert again.exit_code == 2 and "already exists" in again.stderr
    bad_date = run("init", str(tmp_path / "n"), "--firm", "X", "--secretariat", "x@y.fr", "--switch-date", "01/03/2027")
    assert bad_date.exit_code == 2 and "YYYY-MM-DD" in bad_date.stderr


def test_console_script_runs_the_demo(tmp_path) -> None:
    """The installed entry point, in a real subprocess, on the bundled sample data."""
    exe = Path(sys.executable).with_name("campaign")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "campaign"]
    result = subprocess.run([*command, "demo", str(tmp_path / "demo")], capture_output=True, text=True,
                            cwd=PROJECT_ROOT, timeout=120, env={**os.environ, "COLUMNS": "80"})
    assert result.returncode == 0, result.stderr
    steps = result.stdout.split("Campaign ")[0]
    # the step lines wrap between words at 80 columns, under their text
    assert all(len(line) <= 80 for line in steps.splitlines()), steps
    assert "60 added" in " ".join(steps.split())
    # the outputs named inside the campaign folder, named once: at 80 columns no name is cut in two
    listed = result.stdout.split("Where everything is, in")[1]
    assert "  impression/stamp-report.csv" in listed and "  campaign.log" in listed
    for step in ("Memo stamped", "Review workbook", "Simulated review read back", "Client import file", "Progress"):
        assert step in result.stdout
    assert (tmp_path / "demo" / "impression" / "stamp-report.csv").is_file()
    again = subprocess.run([*command, "demo", str(tmp_path / "demo")], capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "60 unchanged" in " ".join(again.stdout.split())


def test_csv_listing_guards_formulas_json_keeps_the_text(folder, tmp_path) -> None:
    clients = make_clients(5, seed=3)
    evil = ['=HYPERLINK("http://evil.example","x")', "+33 6 12 34 56 78", "-Moins Cher", "@SUM(A1:A9)"]
    for client, name in zip(clients, evil):
        client.name = name
    assert run("--campaign", str(folder), "clients", "import", str(write_csv(tmp_path / "c.csv", clients))).exit_code == 0
    as_csv = run("--campaign", str(folder), "clients", "list", "--format", "csv")
    assert as_csv.exit_code == 0, as_csv.output
    names = [row["name"] for row in listed_csv(as_csv.stdout)]
    assert names == ["'" + name for name in evil] + [clients[4].name]   # Excel shows these as text
    as_json = json.loads(run("--campaign", str(folder), "clients", "list", "--format", "json").stdout)
    assert [row["name"] for row in as_json][:4] == evil                  # JSON is not a spreadsheet


def test_import_of_pasted_encodings_warns_and_an_over_long_cell_is_one_line(folder, tmp_path) -> None:
    data = b"Code;Nom;Ville\r\n" + b"".join(
        f"C{n:03d};Société {n};Orléans\r\n".encode("utf-8" if n == 4 else "cp1252") for n in range(8))
    (tmp_path / "pasted.csv").write_bytes(data)
    result = run("--campaign", str(folder), "clients", "import", str(tmp_path / "pasted.csv"))
    assert result.exit_code == 0, result.output
    assert "mixed UTF-8 and cp1252" in result.stdout and "line 6 is UTF-8" in " ".join(result.stdout.split())
    rows = json.loads(run("--campaign", str(folder), "clients", "list", "--format", "json").stdout)
    assert [row["name"] for row in rows] == [f"Société {n}" for n in range(8)]

    (tmp_path / "huge.csv").write_text("Code;Nom\r\nC1;" + "A" * (1 << 21) + "\r\n", encoding="utf-8")
    refused = run("--campaign", str(folder), "clients", "import", str(tmp_path / "huge.csv"))
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and "huge.csv: line 2: a cell is longer than" in lines[0]


@pytest.mark.parametrize("now, args, code, said", [
    ("2027-03-02T08:00:00+01:00", [], 2, "--switch-date 2027-03-01 is in the past (today is 2027-03-02)"),
    ("2027-03-02T08:00:00+01:00", ["--allow-past-date"], 0, "warning: switch date 2027-03-01 has passed; kept (--allow-past-date)"),
    ("2027-02-10T08:00:00+01:00", [], 0, "warning: switch date 2027-03-01 is 19 days away, less than four weeks'"
                                         " notice"),
    ("2027-03-01T00:30:00+01:00", [], 0, "switch date 2027-03-01 is today"),   # just after midnight in Paris
    ("2027-02-01T08:00:00+01:00", [], 0, ""),                                   # four weeks: no warning
])
def test_init_refuses_a_past_switch_date_and_warns_when_close(tmp_path, monkeypatch, now, args, code, said) -> None:
    monkeypatch.setenv("CAMPAIGN_NOW", now)
    folder = tmp_path / "c"
    result = run("init", str(folder), "--firm", "X", "--secretariat", "x@y.fr", "--switch-date", "2027-03-01", *args)
    assert result.exit_code == code, result.output
    assert said in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == (1 if said else 0)
    assert folder.exists() == (code == 0)                       # refused: nothing created
    if code == 2:
        assert "pass --allow-past-date" in result.stderr


def _flat(text: str) -> str:
    """Help text as one line of words, without the panels' borders."""
    return " ".join(text.replace("│", " ").split())


def _all_commands(group, prefix=()):
    import typer.main

    command = typer.main.get_command(group) if not hasattr(group, "commands") else group
    for name, sub in command.commands.items():
        yield prefix + (name,), sub
        if hasattr(sub, "commands"):
            yield from _all_commands(sub, prefix + (name,))


def test_help_at_80_columns_keeps_brackets_shows_flags_plainly_and_lists_the_workflow_in_order() -> None:
    env = {"CAMPAIGN_DIR": None, "COLUMNS": "80"}
    top = runner.invoke(app, ["--help"], env=env).output
    assert "--help  <bool>" not in top and "<bool>" not in top
    commands = top[top.index("Commands"):]
    listed = [line[2:].split()[0] for line in commands.splitlines() if line.startswith("│ ") and line[2] != " "]
    assert listed[:11] == ["init", "clients", "stamp", "send", "harvest", "replies", "match", "review", "export",
                           "remind", "status"], listed
    harvest = runner.invoke(app, ["harvest", "--help"], env=env).output
    assert "instead of [imap] folders" in _flat(harvest) and "instead of  folders" not in harvest
    export = _flat(runner.invoke(app, ["export", "--help"], env=env).output)
    assert "then [export] format" in export and "[export] encoding" in export
    stamp = runner.invoke(app, ["stamp", "--help"], env=env).output
    assert "--dry-run" in stamp and "<bool>" not in stamp
    assert all(len(line) <= 80 for line in stamp.splitlines())


def test_every_command_has_an_example_and_no_unescaped_markup_in_its_help() -> None:
    for path, command in _all_commands(app):
        if hasattr(command, "commands"):
            continue
        assert "Example: campaign " in (command.help or ""), path
        shown = _flat(runner.invoke(app, [*path, "--help"], env={"COLUMNS": "80"}).output)
        assert "Example: campaign" in shown, path
        for param in command.params:
            text = getattr(param, "help", None) or ""
            for start in (i for i, ch in enumerate(text) if ch == "["):
                assert text[start - 1:start] == "\\", f"{path} {param.name}: escape '[' in {text!r}"


def test_clients_list_says_yes_not_true_and_bad_addresses_are_explained_in_plain_words(folder, tmp_path) -> None:
    clients = make_clients(3, seed=2)
    clients[0].email, clients[1].email = "compta.dupont", "jean(x)@exemple.fr"
    path = write_csv(tmp_path / "clients.csv", clients)
    imported = run("--campaign", str(folder), "clients", "import", str(path))
    flat = " ".join(imported.output.split())
    assert "e-mail 'compta.dupont' is not valid (the @ is missing)" in flat, imported.output
    assert "(a character not allowed before the @ ('(' ')'))" in flat and "@-sign" not in flat
    listed = run("--campaign", str(folder), "clients", "list")
    assert "True" not in listed.stdout and " yes " in listed.stdout
    as_json = json.loads(run("--campaign", str(folder), "clients", "list", "--format", "json").stdout)
    assert as_json[0]["in_file"] is True


def test_email_reasons_in_french_and_english() -> None:
    from campaign.clients.records import check_email

    assert check_email("jean@cabinet", "fr") == (None, "pas de point après le @ (comme dans cabinet.fr)")
    assert check_email("jean..d@x.fr", "en") == (None, "two dots in a row")
    assert check_email("Jean@Exemple.FR")[0] == "Jean@exemple.fr"


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell pipeline into head")
def test_a_reader_that_stops_early_gets_no_error_message(folder, tmp_path) -> None:
    """`campaign clients list --format csv | head -1`: the listing stops quietly when its reader
    goes away, instead of printing a misleading 'error: Broken pipe' about files."""
    assert run("--campaign", str(folder), "clients", "import",
               str(write_csv(tmp_path / "many.csv", make_clients(3000, seed=8)))).exit_code == 0
    exe = Path(sys.executable).with_name("campaign")
    command = f"'{exe}'" if exe.exists() else f"'{sys.executable}' -m campaign"
    result = subprocess.run(f"{command} --campaign '{folder}' clients list --format csv 2>'{tmp_path}/err' | head -1",
                            shell=True, capture_output=True, timeout=60, executable="/bin/bash")
    assert result.stdout.startswith("\ufeffcode;".encode()) and result.stdout.count(b"\n") == 1
    errors = (tmp_path / "err").read_bytes()
    assert b"error" not in errors.lower() and b"Traceback" not in errors


@pytest.mark.parametrize("width", [80, 120, 200])
def test_a_listing_fits_the_terminal_and_never_cuts_an_address_short(monkeypatch, width) -> None:
    """`campaign replies` at 80 columns: every line fits, each address is whole once its folded lines
    are joined, and the subject is what gives way (cut with an ellipsis, or left out)."""
    from rich.console import Console

    app_module = importlib.import_module("campaign.cli.app")

    out = io.StringIO()
    monkeypatch.setattr(app_module, "console", Console(width=width, file=out, color_system=None))
    rows = [{"id": n, "date": "02/11/2026", "sender": f"assistante.direction{n}@denis-restauration-traiteur.example",
             "subject": "Re: Vos factures par e-mail à partir du 1er mars 2027 " * 2, "intent": "address",
             "addresses": [f"factures{n}@denis-restauration-traiteur.example", "cc compta@cabinet-exterieur.example"],
             "clients": [f"C000{n}"]} for n in range(3)]
    app_module.emit_rows(rows, list(rows[0]), "table")
    lines = out.getvalue().splitlines()
    assert lines and all(len(line) <= width for line in lines)
    header = next(line for line in lines if line.lstrip().startswith("id "))
    names = header.split()
    starts = [header.index(f" {name} ") + 1 if n else header.index(name) for n, name in enumerate(names)]
    bounds = dict(zip(names, zip(starts, starts[1:] + [len(header)])))
    body = lines[lines.index(header) + 2:]

    def column(name: str) -> str:  # a column's folded lines joined back
        start, end = bounds[name]
        return "".join(line[start:end].strip() for line in body)

    for name in ("sender", "addresses", "clients"):
        for row in rows:
            assert (row[name] if isinstance(row[name], str) else row[name][0]) in column(name)
    assert "subject" not in names or "…" in column("subject")
    if width >= 200:
        assert all(any(row["sender"] in line for line in lines) for row in rows)  # room enough: one line each


@pytest.mark.parametrize("args, message", [
    (["replies", "--intent", "adress"], "'adress' is not one of address, refusal, question, autoreply, bounce, other: "
                                        "did you mean address?"),
    (["match", "list", "--status", "reveiw"], "did you mean review?"),
    (["clients", "list", "--format", "xml"], "'xml' is not one of table, csv, json"),
])
def test_a_wrong_choice_is_refused_with_the_one_meant(folder, args, message) -> None:
    result = run("--campaign", str(folder), *args)
    assert result.exit_code == 2
    flat = " ".join(line.strip("│ ") for line in result.output.splitlines())
    assert message in " ".join(flat.split()) and "Value error" not in flat


def test_choices_are_read_in_any_case(folder) -> None:
    result = run("--campaign", str(folder), "clients", "list", "--format", "JSON")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
