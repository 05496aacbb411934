"""Hostile input through the real CLI: mail folders, client files and review workbooks built to break it.

Every hostile file is generated here (small files claiming huge things, garbage, hypothesis text),
then the commands run in ONE child process per batch (tests/hostile_driver.py) limited to 500 MB
of address space, each command timed. For every input: no traceback, exit 0 or 1 (never above 2),
no hang (the time per input is bench/hostile_text.py's to measure) and within the memory limit, one
line per problem, and the rest of the batch processed.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaign.review.workbook import COLUMNS
from campaign.sheets import clean_text
from campaign.synthetic import campaign_with_clients, make_clients
from campaign.workspace import init_campaign
from tests.conftest import PROJECT_ROOT
from tests.test_client_reading import FAR, claim, client_book
from tests.test_matching_store import run, seed

try:
    import resource
except ImportError:  # Windows: no address-space limit to run under
    resource = None  # type: ignore[assignment]

pytestmark = pytest.mark.skipif(resource is None, reason="resource.RLIMIT_AS is POSIX only")

MEMORY_LIMIT = 500 * 2**20
# A hang guard, not a speed figure (tests assert no timings: a loaded CI machine took 5.4 s over a
# harvest of 28 hostile files once): what an input costs is measured by bench/hostile_text.py
# against the 5 s; here only a runaway (a backtracking pattern, a quadratic walk) fails.
HANG_SECONDS = 60.0
EXCEL_CELL_CHARS = 32_767
FUZZ = settings(max_examples=6, derandomize=True, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
# All of unicode except lone surrogates, which no file can hold.
ANY_TEXT = st.characters(blacklist_categories=("Cs",))


# --- the child process -------------------------------------------------------------------------

@dataclass
class Outcome:
    """What one command did in the child."""

    label: str
    exit: int
    stdout: str
    stderr: str
    crash: str
    seconds: float
    peak_mb: float

    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def drive(work: Path, steps: list[tuple[str, list[str]]], *, timeout: float = 120) -> dict[str, Outcome]:
    """Run each (label, argv) as `campaign ARGV` in one child limited to 500 MB; outcomes by label."""
    plan, log = work / "plan.json", work / "log.jsonl"
    plan.write_text(json.dumps([{"label": label, "argv": argv} for label, argv in steps]), encoding="utf-8")
    log.write_text("", encoding="utf-8")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT), os.environ.get("PYTHONPATH", "")]),
           "COLUMNS": "300"}
    env.pop("CAMPAIGN_DIR", None)
    try:
        child = subprocess.run([sys.executable, "-m", "tests.hostile_driver", str(plan), str(log)],
                               capture_output=True, text=True, timeout=timeout, env=env, preexec_fn=limit,
                               cwd=PROJECT_ROOT)
    except subprocess.TimeoutExpired:
        started = [json.loads(line)["label"] for line in log.read_text(encoding="utf-8").splitlines()]
        pytest.fail(f"the batch took over {timeout} s; the last input started: {started[-1] if started else None}")
    assert child.returncode == 0, child.stderr[-3000:]
    outcomes = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if not record.pop("start", False):
            outcomes[record["label"]] = Outcome(**record)
    assert list(outcomes) == [label for label, _ in steps]
    return outcomes


def survived(outcome: Outcome, *, exits: tuple[int, ...] = (0, 1), summary: str = "") -> None:
    """No traceback, an expected exit code, no hang, and every problem on one line of its own.

    ``summary``: the start of a closing line the command may add after its errors.
    """
    assert not outcome.crash, f"{outcome.label}: {outcome.crash[-3000:]}"
    assert "Traceback" not in outcome.stderr and "MemoryError" not in outcome.stderr, outcome.stderr[-3000:]
    assert outcome.exit in exits, f"{outcome.label}: exit {outcome.exit}: {outcome.stderr[-2000:]}"
    assert outcome.seconds < HANG_SECONDS, f"{outcome.label}: {outcome.seconds:.1f} s (a hang?)"
    assert outcome.peak_mb < MEMORY_LIMIT / 2**20, f"{outcome.label}: {outcome.peak_mb:.0f} MB"
    for line in outcome.error_lines():
        assert line.startswith(("error: ", "warning: ")) or (summary and re.match(summary, line)), \
            f"{outcome.label}: {line[:300]}"


def cli(campaign_dir: Path, *args: str) -> list[str]:
    return ["--campaign", str(campaign_dir), *args]


# --- mail: a folder of good and hostile messages ---------------------------------------------------

CLIENTS = make_clients(6)


DESIGNATION = "Bonjour,\r\nMerci d'envoyer les factures à compta@exemple.fr\r\nCordialement\r\n".encode()


def message(subject: bytes = b"Adresse de facturation", body: bytes = DESIGNATION, *,
            sender: bytes = b"Client <client@exemple.fr>", extra: bytes = b"", msgid: bytes | None = None,
            content_type: bytes = b"text/plain; charset=utf-8") -> bytes:
    if msgid is None:  # the same content always gets the same id: reruns are reproducible
        msgid = b"<%s@exemple.fr>" % hashlib.sha1(subject + body + extra).hexdigest().encode()
    return (b"From: " + sender + b"\r\nTo: secretariat@example.fr\r\nSubject: " + subject +
            b"\r\nDate: Tue, 3 Nov 2026 09:00:00 +0100\r\nMessage-ID: " + msgid + b"\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: " + content_type + b"\r\n" + extra + b"\r\n" + body)


def good_mails() -> dict[str, bytes]:
    """Ordinary replies from clients: each must be stored, processed and given an intent."""
    out = {}
    for number, client in enumerate(CLIENTS[:3]):
        address = f"factures{number}@{client.email.split('@')[1]}"
        out[f"good-{number}.eml"] = message(
            f"Re: Adresse e-mail de facturation - {client.code}".encode(),
            f"Bonjour,\r\nMerci d'envoyer les factures à {address}\r\nCordialement\r\n".encode(),
            sender=f"<{client.email}>".encode(), msgid=f"<good-{number}@exemple.fr>".encode())
    return out


def nested(depth: int) -> bytes:
    parts = b"Content-Type: text/plain\r\n\r\nEnvoyez les factures a compta@exemple.fr\r\n"
    for level in range(depth):
        boundary = b"b%d" % level
        parts = (b"Content-Type: multipart/mixed; boundary=" + boundary + b"\r\n\r\n--" + boundary + b"\r\n"
                 + parts + b"\r\n--" + boundary + b"--\r\n")
    head, _, rest = parts.partition(b"\r\n\r\n")
    return message(b"nested", rest, content_type=head.split(b": ", 1)[1])


def hostile_mails() -> dict[str, bytes]:
    """Every kind of hostile mail file the issue names, generated (deterministic random bytes)."""
    rng = random.Random(12)
    garbage = bytes(rng.randrange(256) for _ in range(65_536))
    html = (b"<div><p><b><i><table><tr><td><a href='x" * 26_000) + b"<!-- never closed <script>"
    parts = b"".join(b"--z\r\nContent-Type: text/plain\r\n\r\npart %d\r\n" % n for n in range(5_000)) + b"--z--\r\n"
    return {
        "rfc2047-not-base64.eml": message(b"=?utf-8?B?!!!notbase64?="),
        "rfc2047-unknown-charset.eml": message(b"=?x-klingon?Q?caf=E9?= =?unknown-8bit?B?w6k=?=",
                                               sender=b"=?x-nope?B?SmVhbg==?= <jean@exemple.fr>"),
        "rfc2047-bad-escapes.eml": message(b"=?x?Q?=ZZ=4=?= =?utf-8?Q?=E9=ZZ=?= =?utf-8?Q?", extra=b"X-A: =?x?Q?=\r\n"),
        "subject-run.eml": message(b"a" * 200_000),
        "subject-ats.eml": message(b"@" * 200_000),
        "subject-digits.eml": message(b"0123456789" * 20_000),
        "subject-brackets.eml": message(b"<a@b.fr" * 28_600),
        "body-1mb.eml": message(body=b"facture adresse merci " * 48_000),
        "html-unclosed.eml": message(body=html, content_type=b"text/html; charset=utf-8"),
        "nested-1000.eml": nested(1_000),
        "parts-5000.eml": message(body=parts, content_type=b"multipart/mixed; boundary=z"),
        "boundary-missing.eml": message(body=b"--z\r\n\r\nx\r\n--z--\r\n", content_type=b"multipart/mixed"),
        "boundary-empty.eml": message(body=b"--\r\n\r\nx\r\n----\r\n", content_type=b'multipart/mixed; boundary=""'),
        "boundary-never-seen.eml": message(body=b"no part here\r\n", content_type=b"multipart/mixed; boundary=q"),
        "boundary-unclosed.eml": message(body=b"--q\r\nContent-Type: text/plain\r\n\r\nx\r\n--q\r\nContent-Type: mul",
                                         content_type=b"multipart/alternative; boundary=q"),
        "binary-garbage.eml": garbage,
        "headers-then-garbage.eml": message(body=garbage, content_type=b"application/octet-stream"),
        "nul-bytes.eml": message(b"Re:\x00 adresse\x00", b"Merci \x00\x00 d'envoyer\x00 a x@y.fr\x00",
                                 sender=b"Cl\x00ient <c\x00@exemple.fr>"),
        "bare-cr.eml": message(b"bare CR", b"Bonjour\rMerci d'envoyer les factures a cr@exemple.fr\r").replace(
            b"\r\n", b"\r"),
        "headers-only.eml": message(b"headers only").split(b"\r\n\r\n")[0].rstrip(b"\r\n"),
        "whitespace-only.eml": b"\r\n \t\r\n\r\n",
        "zero-bytes.eml": b"",
        "random-bytes.mbox": garbage,
        "from-then-garbage.mbox": b"From x@y Tue Nov  3 09:00:00 2026\n" + garbage.replace(b"\nFrom ", b"\n>From "),
        "not-ole.msg": b"this is not an OLE compound file at all",
        "ole-truncated.msg": bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 1_000,
        "bad-utf8-headers.eml": message(b"R\xe9ponse \xff\xfe\xc3\x28 caf\xe9",
                                        sender=b"Jos\xe9 \xc3 <jose@exemple.fr>",
                                        extra=b"X-Weird: \xed\xa0\x80 surrogate in UTF-8\r\n"),
        "to-10000.eml": message(b"many", extra=b"Cc: " + b", ".join(b"r%d@exemple.fr" % n for n in range(10_000))
                                + b"\r\n").replace(b"To: secretariat@example.fr",
                                                   b"To: " + b",\r\n ".join(b"<t%d@ex.fr>" % n for n in range(10_000))),
        "year-99999.eml": message(b"far future").replace(b"Tue, 3 Nov 2026", b"Mon, 1 Jan 99999"),
        "date-nonsense.eml": message(b"bad date").replace(b"Tue, 3 Nov 2026 09:00:00 +0100",
                                                          b"31 Feb 2026 25:61:99 +9999"),
        "msgid-100k.eml": message(b"huge id", msgid=b"<" + b"x" * 100_000 + b"@exemple.fr>"),
        "headers-20000.eml": message(b"many headers", extra=b"X-Junk: y\r\n" * 20_000),
    }


def mail_folder(folder: Path, mails: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in mails.items():
        (folder / name).write_bytes(data)
    return folder


def cells_over_excel_limit(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return [f"{sheet.title}!{cell.coordinate}" for sheet in book.worksheets for row in sheet.iter_rows()
                for cell in row if isinstance(cell.value, str) and len(cell.value) > EXCEL_CELL_CHARS]
    finally:
        book.close()


def harvest_then_everything_else(tmp_path: Path, mails: dict[str, bytes]) -> dict[str, Outcome]:
    """Each file harvested alone (timed), then the whole folder, again, and every later command."""
    one_by_one = campaign_with_clients(tmp_path / "alone", CLIENTS).folder
    whole = campaign_with_clients(tmp_path / "whole", CLIENTS).folder
    folder = mail_folder(tmp_path / "mail", mails)
    steps = [(f"alone {name}", cli(one_by_one, "harvest", "--from", str(folder / name))) for name in mails]
    steps += [("alone again", cli(one_by_one, "harvest", "--from", str(folder))),
              ("harvest", cli(whole, "harvest", "--from", str(folder))),
              ("harvest again", cli(whole, "harvest", "--from", str(folder))),
              ("replies", cli(whole, "replies", "--format", "json")),
              ("status", cli(whole, "status")),
              ("review export", cli(whole, "review", "export", "--out", str(tmp_path / "revue.xlsx"))),
              ("export csv", cli(whole, "export", "--out", str(tmp_path / "export.csv"))),
              ("export xlsx", cli(whole, "export", "--out", str(tmp_path / "export.xlsx")))]
    return drive(tmp_path, steps)


def check_batch(tmp_path: Path, good: dict[str, bytes], hostile: dict[str, bytes],
                outcomes: dict[str, Outcome]) -> None:
    for outcome in outcomes.values():
        survived(outcome)
    for name in good:
        assert outcomes[f"alone {name}"].exit == 0, outcomes[f"alone {name}"].stderr
    assert "0 new" in outcomes["alone again"].stdout

    harvest = outcomes["harvest"]
    assert "Nothing new" not in harvest.stdout
    again = outcomes["harvest again"]
    assert " 0 new" in again.stdout, again.stdout
    rows = json.loads(outcomes["replies"].stdout)
    stored: dict[str, list[dict]] = {}
    for row in rows:
        stored.setdefault(row["file_name"].split("#")[0], []).append(row)
    for name in good:
        assert [row["state"] for row in stored.get(name, [])] == ["processed"], name
        assert stored[name][0]["intent"], name
    errors = harvest.error_lines()
    for name in hostile:
        named = [line for line in errors if line.startswith(f"error: {name}")]
        kept = stored.get(name, [])
        if name.endswith(".mbox"):  # an mbox file may hold several messages
            assert kept or named, name
        else:
            assert len(kept) + len(named) == 1, (name, kept, named)
        assert all(row["state"] in ("processed", "failed") for row in kept), name
    for name in ("review export", "export csv", "export xlsx"):
        assert outcomes[name].exit == 0, outcomes[name].stderr
    assert cells_over_excel_limit(tmp_path / "revue.xlsx") == []
    assert cells_over_excel_limit(tmp_path / "export.xlsx") == []


def test_a_folder_of_hostile_mail_is_harvested_the_rest_kept_and_every_command_still_works(tmp_path):
    good, hostile = good_mails(), hostile_mails()
    check_batch(tmp_path, good, hostile, harvest_then_everything_else(tmp_path, {**good, **hostile}))


# --- client files -----------------------------------------------------------------------------------

CLIENT_HEADER = "Code client;Raison sociale;E-mail\r\n"


def client_rows(count: int, prefix: str = "H") -> str:
    return "".join(f"{prefix}{n:05d};Société {n};h{n}@exemple.fr\r\n" for n in range(count))


def inflated_book(path: Path, filler_mb: int, *, in_cell: bool = False) -> Path:
    """A client workbook whose sheet part unpacks to ``filler_mb`` MB more: a zip bomb, streamed.

    The filler is blanks between rows, or with ``in_cell`` the text of cell B4.
    """
    before, filler, after = (b'<row r="4"><c r="B4" t="inlineStr"><is><t>', b"x", b"</t></is></c></row>") \
        if in_cell else (b"", b" ", b"")
    client_book(path)
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    head, tail = parts.pop("xl/worksheets/sheet1.xml").split(b"</sheetData>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(head + before)
            for _ in range(filler_mb):
                part.write(filler * 2**20)
            part.write(after + b"</sheetData>" + tail)
    return path


def encrypted_book(path: Path) -> Path | None:
    """A password-protected client workbook (an OLE container, as Excel writes it), if msoffcrypto is here."""
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError:
        return None
    plain = client_book(path.with_name("plain-for-encryption.xlsx"))
    with plain.open("rb") as source, path.open("wb") as target:
        OOXMLFile(source).encrypt("secret", target)
    plain.unlink()
    return path


def hostile_client_files(folder: Path) -> dict[str, Path]:
    """Client files built to break the import, by name; every one generated here."""
    folder.mkdir(parents=True, exist_ok=True)
    garbage = random.Random(7).randbytes(20_000)
    texts = {
        "nul-bytes.csv": (CLIENT_HEADER + "C1;Du\x00pont;a@exemple.fr\r\nC\x002;Martin;m@exemple.fr\r\n").encode(),
        "field-1mb.csv": (CLIENT_HEADER + "C1;" + "A" * 1_000_000 + ";a@exemple.fr\r\n").encode(),
        "field-over-limit.csv": (CLIENT_HEADER + "C1;" + "A" * 1_048_577 + ";a@exemple.fr\r\n").encode(),
        "mixed-encodings.csv": CLIENT_HEADER.encode() + "C1;Société Générale;a@exemple.fr\r\n".encode("utf-8")
        + "C2;Cœur & Fils;c@exemple.fr\r\n".encode("cp1252"),
        "utf16-without-bom.csv": (CLIENT_HEADER + client_rows(5)).encode("utf-16-le"),
        "header-only.csv": CLIENT_HEADER.encode(),
        "columns-300.csv": (";".join(["Code client", "Raison sociale"] + [f"Col{n}" for n in range(298)]) + "\r\n"
                            + ";".join(["C1", "Dupont"] + ["x"] * 298) + "\r\n").encode(),
        "duplicate-headers.csv": b"Code client;Code client;Raison sociale;Raison sociale\r\nC1;C2;A;B\r\n",
        "codes-by-case.csv": (CLIENT_HEADER + "ab1;Dupont;a@exemple.fr\r\nAB1;DUPONT;b@exemple.fr\r\n"
                              "Ab1;Dupont bis;c@exemple.fr\r\n").encode(),
        "formulas.csv": (CLIENT_HEADER + 'F1;=HYPERLINK("http://evil.example","clic");f1@exemple.fr\r\n'
                         "F2;+cmd|' /C calc'!A0;@SUM(A1)\r\nF3;-3+4;=1+1\r\n").encode(),
        "rows-20000.csv": (CLIENT_HEADER + client_rows(20_000)).encode(),
        "random-bytes.csv": garbage,
        "empty.csv": b"",
        "csv-named-xlsx.xlsx": (CLIENT_HEADER + client_rows(3)).encode(),
    }
    files = {}
    for name, data in texts.items():
        (folder / name).write_bytes(data)
        files[name] = folder / name
    files["claims-whole-grid.xlsx"] = client_book(folder / "claims-whole-grid.xlsx")
    claim(files["claims-whole-grid.xlsx"], cell=FAR)
    files["cell-50mb.xlsx"] = client_book(folder / "cell-50mb.xlsx")
    claim(files["cell-50mb.xlsx"], cell="B4", value="x" * 50_000_000)
    files["zip-bomb.xlsx"] = inflated_book(folder / "zip-bomb.xlsx", 300)
    files["blanks-200mb.xlsx"] = inflated_book(folder / "blanks-200mb.xlsx", 200)
    files["cell-250mb.xlsx"] = inflated_book(folder / "cell-250mb.xlsx", 250, in_cell=True)  # under the part cap
    files["truncated.xlsx"] = folder / "truncated.xlsx"
    files["truncated.xlsx"].write_bytes(client_book(folder / "whole.xlsx").read_bytes()[:1500])
    files["xlsx-named-csv.csv"] = client_book(folder / "xlsx-named-csv.csv")
    encrypted = encrypted_book(folder / "encrypted.xlsx")
    if encrypted is not None:
        files["encrypted.xlsx"] = encrypted
    return files


# Refused whole, whatever else happens: nothing of theirs may reach the database.
MUST_REFUSE = {"field-over-limit.csv", "header-only.csv", "random-bytes.csv", "empty.csv", "claims-whole-grid.xlsx",
               "cell-50mb.xlsx", "cell-250mb.xlsx", "zip-bomb.xlsx", "truncated.xlsx", "encrypted.xlsx"}


def client_count(campaign_dir: Path) -> int:
    with sqlite3.connect(campaign_dir / "campaign.db") as conn:
        return conn.execute("SELECT COUNT(*) FROM clients").fetchone()[0]


def seeded_copies(tmp_path: Path, names) -> dict[str, Path]:
    """One copy per name of a campaign holding the six synthetic clients."""
    base = campaign_with_clients(tmp_path / "base", CLIENTS).folder
    return {name: Path(shutil.copytree(base, tmp_path / "campaigns" / name)) for name in names}


def check_client_import(name: str, path: Path, campaign_dir: Path, outcome: Outcome, *, must_add: bool = True) -> None:
    """One line naming the file and nothing changed, or an import (of at least one row if ``must_add``)."""
    survived(outcome)
    errors = [line for line in outcome.error_lines() if line.startswith("error: ")]
    if errors or name in MUST_REFUSE:
        assert len(outcome.error_lines()) == 1 and path.name in errors[0], (name, outcome.stderr[-2000:])
        assert client_count(campaign_dir) == len(CLIENTS), name
    else:
        assert client_count(campaign_dir) >= len(CLIENTS) + must_add, (name, outcome.stdout[-2000:])


def test_hostile_client_files_are_imported_or_refused_in_one_line_leaving_the_database_as_it_was(tmp_path):
    files = hostile_client_files(tmp_path / "files")
    campaigns = seeded_copies(tmp_path, files)
    steps = [(name, cli(campaigns[name], "clients", "import", str(path))) for name, path in files.items()]
    steps.append(("export formulas", cli(campaigns["formulas.csv"], "export", "--only", "all", "--out",
                                         str(tmp_path / "f.xlsx"))))
    outcomes = drive(tmp_path, steps)
    for name, path in files.items():
        check_client_import(name, path, campaigns[name], outcomes[name])
    assert client_count(campaigns["rows-20000.csv"]) == len(CLIENTS) + 20_000
    assert client_count(campaigns["codes-by-case.csv"]) == len(CLIENTS) + 1      # one client, three spellings
    survived(outcomes["export formulas"], exits=(0,))
    sheet = openpyxl.load_workbook(tmp_path / "f.xlsx").active
    typed = [cell for row in sheet.iter_rows() for cell in row if cell.value and str(cell.value)[0] in "=+-@"]
    assert len(typed) >= 3 and all(cell.data_type == "s" for cell in typed)    # text, never a formula


# --- review workbooks ------------------------------------------------------------------------------

REVIEW_SUMMARY = r"\d+ problems? in .*: nothing was applied|conflict: "
CELL = re.compile(r"Revue!\$?[A-Z]{1,3}[0-9]+")


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory) -> tuple[Path, Path]:
    """A campaign with replies to decide and its genuine review workbook (made once: copies are edited)."""
    work = tmp_path_factory.mktemp("reviewed")
    campaign_dir = work / "cabinet"
    init_campaign(campaign_dir, firm="Cabinet Exemple", secretariat="secretariat@cabinet-exemple.fr",
                  switch_date=dt.date(2027, 3, 1), language="fr")
    seed(campaign_dir, work)
    workbook = work / "revue.xlsx"
    assert run(campaign_dir, "review", "export", "--out", str(workbook)).exit_code == 0
    return campaign_dir, workbook


def review_copies(tmp_path: Path, campaign_dir: Path, names) -> dict[str, Path]:
    return {name: Path(shutil.copytree(campaign_dir, tmp_path / "campaigns" / name)) for name in names}


def check_review_import(outcome: Outcome, campaign_dir: Path, before: tuple) -> None:
    """Applied, or refused with every error on one line naming its file or cell and nothing applied."""
    survived(outcome, summary=REVIEW_SUMMARY)
    errors = [line for line in outcome.error_lines() if line.startswith("error: ")]
    if outcome.exit == 0:
        assert not errors, outcome.stderr
        return
    assert errors or "conflict: " in outcome.stderr, outcome.stderr
    if errors:
        assert decisions(campaign_dir) == before, outcome.label


def decisions(campaign_dir: Path) -> tuple:
    with sqlite3.connect(campaign_dir / "campaign.db") as conn:
        return tuple(tuple(conn.execute(f"SELECT * FROM {table} ORDER BY 1"))  # noqa: S608 - fixed names
                     for table in ("decisions", "link_decisions"))


def test_hostile_review_workbooks_are_refused_in_one_line_and_nothing_is_applied(tmp_path, reviewed):
    campaign_dir, genuine = reviewed
    files = {"random-bytes.xlsx": tmp_path / "random-bytes.xlsx", "csv-named-xlsx.xlsx": tmp_path / "csv.xlsx",
             "clients-not-review.xlsx": client_book(tmp_path / "clients.xlsx"),
             "far-column.xlsx": tmp_path / "far-column.xlsx", "truncated.xlsx": tmp_path / "truncated.xlsx"}
    files["random-bytes.xlsx"].write_bytes(random.Random(3).randbytes(30_000))
    files["csv-named-xlsx.xlsx"].write_bytes(b"Code client;D\xe9cision\r\nC0001;Valider\r\n")
    files["truncated.xlsx"].write_bytes(genuine.read_bytes()[:4000])
    shutil.copy(genuine, files["far-column.xlsx"])
    claim(files["far-column.xlsx"], sheet=openpyxl.load_workbook(genuine, read_only=True).sheetnames.index("Revue") + 1,
          cell="XFD2", value="Valider")   # a value 16,384 columns out, row 2 of the review sheet
    # Typed in Excel: a decision on two lines (Alt+Enter) and a 40,000-character address, quoted in one short line.
    files["two-lines.xlsx"] = typed(genuine, tmp_path / "two-lines.xlsx", "decision", 0, "Valider\nRefuser")
    files["long-address.xlsx"] = typed(genuine, tmp_path / "long-address.xlsx", "address", 1, "é" * 40_000)
    campaigns = review_copies(tmp_path, campaign_dir, files)
    before = decisions(campaign_dir)
    outcomes = drive(tmp_path, [(name, cli(campaigns[name], "review", "import", str(path)))
                                for name, path in files.items()])
    for name, path in files.items():
        outcome = outcomes[name]
        check_review_import(outcome, campaigns[name], before)
        if name == "far-column.xlsx" and outcome.exit == 0:          # a column without heading is not read
            continue
        assert outcome.exit == 1, (name, outcome.stderr)
        assert path.name in outcome.stderr or CELL.search(outcome.stderr), (name, outcome.stderr)
        assert len(outcome.error_lines()) <= 2, outcome.stderr        # the error, and the summary line
        assert len(outcome.error_lines()[0]) < 500, outcome.stderr[:600]


# --- hypothesis: generated text and bytes, through the same commands ---------------------------------

def text_mail(subject: str, name: str, body: str, encoding: str) -> bytes:
    def encoded(text: str) -> bytes:
        return text.encode(encoding, "replace")
    return message(encoded(subject), encoded(body), sender=encoded(name) + b" <x@exemple.fr>")


generated_mail = st.one_of(
    st.binary(max_size=2_000),
    st.builds(text_mail, st.text(ANY_TEXT, max_size=200), st.text(ANY_TEXT, max_size=80),
              st.text(ANY_TEXT, max_size=2_000), st.sampled_from(["utf-8", "cp1252", "utf-16"])),
    st.builds(lambda body: message(b"Re: facture", body), st.binary(max_size=2_000)),
)


@FUZZ
@given(st.lists(generated_mail, min_size=1, max_size=10, unique=True))
def test_generated_mail_is_stored_or_named_and_the_good_replies_go_through(mails):
    good = good_mails()
    generated = {f"gen-{number:02d}.eml": data for number, data in enumerate(mails)}
    with tempfile.TemporaryDirectory() as tmp:
        check_batch(Path(tmp), good, generated, harvest_then_everything_else(Path(tmp), {**good, **generated}))


def generated_client_files(folder: Path, rows: list[list[str]]) -> dict[str, Path]:
    """The same generated rows under a client header, as an xlsx, a UTF-8 CSV and a cp1252 CSV."""
    header = CLIENT_HEADER.strip().split(";")
    folder.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    for row in [header, *rows]:
        book.active.append([clean_text(value) for value in row])   # what an xlsx can hold
    book.save(folder / "generated.xlsx")
    files = {"generated.xlsx": folder / "generated.xlsx"}
    for encoding in ("utf-8", "cp1252"):
        text = io.StringIO()
        csv.writer(text, delimiter=";", lineterminator="\r\n").writerows([header, *rows])
        path = folder / f"generated-{encoding}.csv"
        path.write_bytes(text.getvalue().encode(encoding, "replace"))
        files[path.name] = path
    return files


@FUZZ
@given(st.lists(st.lists(st.text(ANY_TEXT, max_size=60), min_size=1, max_size=5), min_size=2, max_size=8))
def test_generated_client_cells_are_imported_or_refused_in_one_line(rows):
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        files = generated_client_files(work / "files", rows)
        campaigns = seeded_copies(work, files)
        outcomes = drive(work, [(name, cli(campaigns[name], "clients", "import", str(path)))
                                for name, path in files.items()])
        for name, path in files.items():
            check_client_import(name, path, campaigns[name], outcomes[name], must_add=False)


REVIEW_HEADINGS = {key: french for key, french, _english, _width in COLUMNS}
TYPED_INTO = ("decision", "address", "copies", "code")


def typed(genuine: Path, path: Path, column: str, row: int, text: str) -> Path:
    """A copy of the genuine export with ``text`` typed into ``column`` of data row ``row`` (wrapped)."""
    book = openpyxl.load_workbook(genuine)
    sheet = book["Revue"]
    number = [cell.value for cell in sheet[1]].index(REVIEW_HEADINGS[column]) + 1
    sheet.cell(2 + row % (sheet.max_row - 1), number).value = clean_text(text)  # "=..." stays a formula, as typed
    book.save(path)
    return path


# What a secretary might type, then anything at all: valid words with noise, several lines, formulas, too long.
typed_text = st.one_of(
    st.text(ANY_TEXT, min_size=1, max_size=80),
    st.builds(str.__add__, st.sampled_from(["Valider", "Refuser", "Courrier", "À relancer", "a@b.fr", "C0001"]),
              st.text(ANY_TEXT, max_size=20)),
    st.sampled_from(["a@b.fr\nc@d.fr", "a@b.fr; ;;c@d.fr,,", "=1+1", "=HYPERLINK(\"http://x\")", "@SUM(A1)",
                     "é" * 40_000, "compta@" + "x" * 300 + ".fr", " ", "\u200bValider\u00a0"]),
)


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(TYPED_INTO), st.integers(0, 20), typed_text), min_size=3, max_size=6))
def test_generated_text_typed_into_a_genuine_export_is_applied_or_refused_naming_the_cell(reviewed, edits):
    campaign_dir, genuine = reviewed
    before = decisions(campaign_dir)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        books = {f"typed-{n}.xlsx": typed(genuine, work / f"typed-{n}.xlsx", *edit) for n, edit in enumerate(edits)}
        campaigns = review_copies(work, campaign_dir, books)
        outcomes = drive(work, [(name, cli(campaigns[name], "review", "import", str(path), "--by", "Sophie"))
                                for name, path in books.items()])
        for name in books:
            outcome = outcomes[name]
            check_review_import(outcome, campaigns[name], before)
            for line in outcome.error_lines():
                assert not line.startswith("error: ") or CELL.search(line), line
