"""Commands killed at deterministic points, then run again: nothing lost, nothing twice, nothing half.

Each command runs in a child process (``python -m campaign``) with CAMPAIGN_KILL_AT naming a
checkpoint (campaign/checkpoints.py) and how many passes to allow; the process kills itself there
with SIGKILL, as a power cut or the task manager would. Three points per command are drawn from
a seeded generator, so a failure names the point and replays. After the kill the same command
runs again without it, and the campaign must be whole: every message stored once and processed,
every import all or nothing, no temporary file left, SQLite's integrity check ok.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import uuid
from email.message import EmailMessage
from pathlib import Path

import pytest
import tomlkit

from campaign.demo import simulate_review
from campaign.mail.pipeline import stages as pipeline_stages
from campaign.review.workbook import write_review_workbook
from campaign.synthetic import make_clients, write_csv
from campaign.workspace import init_campaign, load_campaign
from tests.dovecot import PASSWORD, dovecot  # noqa: F401  (fixture)
from tests.pdf_factory import InvoiceSpec, invoice_pdf

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")]

ROOT = Path(__file__).resolve().parents[1]
SEED = 1212
REPLIES = 400  # two commit batches of the harvest, two transactions of the pipeline
CLIENTS = make_clients(200, seed=SEED)


def points(checkpoint: str, low: int, high: int, count: int = 3) -> list[str]:
    """``count`` kill points ``checkpoint:n`` with n drawn from [low, high] by the seeded generator."""
    rng = random.Random(f"{SEED}-{checkpoint}")
    return [f"{checkpoint}:{n}" for n in sorted(rng.sample(range(low, high + 1), count))]


def cli(folder: Path, *args: str, kill_at: str | None = None, **env: str) -> subprocess.CompletedProcess:
    """`campaign ARGS` on ``folder`` in a child process, killed at ``kill_at`` if given."""
    environment = {**os.environ, "CAMPAIGN_DIR": str(folder), "COLUMNS": "200", "CAMPAIGN_LOCK_WAIT": "30",
                   "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]), **env}
    environment.pop("CAMPAIGN_KILL_AT", None)
    if kill_at:
        environment["CAMPAIGN_KILL_AT"] = kill_at
    return subprocess.run([sys.executable, "-m", "campaign", *args], capture_output=True, text=True,
                          env=environment, timeout=300)


def killed(result: subprocess.CompletedProcess) -> bool:
    return result.returncode == -signal.SIGKILL


def reply(n: int) -> bytes:
    """Reply ``n``: client n % 200 gives an address (or, every seventh, asks to keep paper)."""
    client = CLIENTS[n % len(CLIENTS)]
    msg = EmailMessage()
    sender = client.email or f"contact{n}@client-{n}.example"
    msg["From"], msg["To"] = sender, "secretariat@cabinet-exemple.fr"
    msg["Subject"] = f"Re: Envoi des factures par e-mail - {client.code}"
    msg["Date"] = f"Mon, 2 Nov 2026 {8 + n // 60 % 10:02d}:{n % 60:02d}:00 +0100"
    msg["Message-ID"] = f"<kill-{n}@client.example>"
    if n % 7 == 0:
        msg.set_content(f"Bonjour,\nNous préférons garder les factures papier.\n{client.name}")
    else:
        msg.set_content(f"Bonjour,\nMerci d'envoyer nos factures à factures@{client.code.lower()}.example\n"
                        f"Cordialement,\n{client.name}")
    return bytes(msg)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A campaign with 200 clients, and 400 replies as .eml files beside it."""
    base = tmp_path_factory.mktemp("kills")
    folder = base / "cabinet"
    init_campaign(folder, firm="Cabinet Exemple", secretariat="secretariat@cabinet-exemple.fr",
                  switch_date=dt.date(2027, 3, 1), language="fr")
    write_csv(base / "clients.csv", CLIENTS)
    assert cli(folder, "clients", "import", str(base / "clients.csv")).returncode == 0
    (base / "replies").mkdir()
    for n in range(REPLIES):
        (base / "replies" / f"reply-{n:03d}.eml").write_bytes(reply(n))
    return folder


def fresh(template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "cabinet"
    shutil.copytree(template, folder)
    return folder


def check_whole(folder: Path) -> sqlite3.Connection:
    """The database passes SQLite's integrity check and no temporary file is left in the folder."""
    conn = sqlite3.connect(folder / "campaign.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert [p.name for p in folder.rglob("*.tmp")] == []
    return conn


def check_messages(conn: sqlite3.Connection, expected: int) -> None:
    """Every message stored exactly once, and every one processed."""
    assert conn.execute("SELECT COUNT(*), COUNT(DISTINCT message_id) FROM messages").fetchone() == (expected, expected)
    assert conn.execute("SELECT state, COUNT(*) FROM messages GROUP BY state").fetchall() == [("processed", expected)]
    stages = conn.execute("SELECT COUNT(*) FROM message_stages WHERE status = 'ok'").fetchone()[0]
    assert stages == len(pipeline_stages()) * expected  # understanding, matching, requests: once each
    assert conn.execute("SELECT COUNT(*) FROM harvests WHERE status = 'running'").fetchone()[0] == 0


@pytest.mark.parametrize("kill_at", points("harvest.commit", 1, 2, 1) + points("pipeline.message", 1, REPLIES, 2))
def test_harvest_from_files_killed_then_run_again(template, tmp_path, kill_at):
    folder = fresh(template, tmp_path)
    replies = template.parent / "replies"
    assert killed(cli(folder, "harvest", "--from", str(replies), kill_at=kill_at))
    again = cli(folder, "harvest", "--from", str(replies))
    assert again.returncode == 0, again.stderr
    assert "Traceback" not in again.stderr
    conn = check_whole(folder)
    check_messages(conn, REPLIES)
    assert conn.execute("SELECT status FROM harvests ORDER BY id").fetchall() == [("interrupted",), ("ok",)]
    assert "An earlier run had been stopped before it finished" in again.stdout
    third = cli(folder, "harvest", "--from", str(replies))
    assert f"0 new, {REPLIES} already stored" in third.stdout and third.returncode == 0
    assert "An earlier run" not in third.stdout


@pytest.mark.parametrize("kill_at", points("clients.row", 1, len(CLIENTS)))
def test_client_import_killed_is_all_or_nothing(tmp_path, kill_at):
    folder = tmp_path / "cabinet"
    init_campaign(folder, firm="Cabinet Exemple", secretariat="secretariat@cabinet-exemple.fr",
                  switch_date=dt.date(2027, 3, 1), language="fr")
    write_csv(tmp_path / "clients.csv", CLIENTS)
    assert killed(cli(folder, "clients", "import", str(tmp_path / "clients.csv"), kill_at=kill_at))
    conn = check_whole(folder)
    assert conn.execute("SELECT COUNT(*) FROM clients").fetchone()[0] == 0
    assert conn.execute("SELECT COUNT(*) FROM imports").fetchone()[0] == 0
    conn.close()
    again = cli(folder, "clients", "import", str(tmp_path / "clients.csv"))
    assert again.returncode == 0, again.stderr
    conn = check_whole(folder)
    assert conn.execute("SELECT COUNT(*) FROM clients").fetchone()[0] == len(CLIENTS)


@pytest.fixture(scope="module")
def reviewed(template, tmp_path_factory) -> tuple[Path, Path, dict[str, int]]:
    """The template after a harvest, with a review workbook filled in as the demo's secretary would,
    and the table counts an uninterrupted import of it leaves."""
    folder = tmp_path_factory.mktemp("reviewed") / "cabinet"
    shutil.copytree(template, folder)
    assert cli(folder, "harvest", "--from", str(template.parent / "replies")).returncode == 0
    campaign = load_campaign(folder)
    with campaign.open_store() as store:
        exported, rows = write_review_workbook(store, campaign.settings, folder / "revue.xlsx")
        workbook = simulate_review(store, rows, exported, folder / "revue-relue.xlsx", "fr")
    reference = folder.parent / "reference"
    shutil.copytree(folder, reference)
    result = cli(reference, "review", "import", str(workbook))
    assert result.returncode == 0, result.stderr
    return folder, workbook, decision_counts(reference)


def decision_counts(folder: Path) -> dict[str, int]:
    conn = sqlite3.connect(folder / "campaign.db")
    try:
        return {table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in ("decisions", "link_decisions")}
    finally:
        conn.close()


def test_the_reviewed_workbook_decides_enough_rows_to_kill_in_the_middle(reviewed):
    folder, _, after = reviewed
    assert after["decisions"] > 100 and decision_counts(folder) == {"decisions": 0, "link_decisions": 0}


@pytest.mark.parametrize("kill_at", points("review.action", 1, 100))
def test_review_import_killed_applies_nothing_then_everything(reviewed, tmp_path, kill_at):
    template_folder, workbook, after = reviewed
    folder = tmp_path / "cabinet"
    shutil.copytree(template_folder, folder)
    before = decision_counts(folder)
    assert killed(cli(folder, "review", "import", str(workbook), kill_at=kill_at))
    check_whole(folder).close()
    assert decision_counts(folder) == before
    again = cli(folder, "review", "import", str(workbook))
    assert again.returncode == 0, again.stderr
    check_whole(folder).close()
    assert decision_counts(folder) == after


def invoices(folder: Path, count: int = 12) -> Path:
    """``count`` one-page invoices for the first clients, as separate PDFs."""
    folder.mkdir()
    for n, client in enumerate(CLIENTS[:count]):
        (folder / f"facture-{n:02d}.pdf").write_bytes(invoice_pdf([InvoiceSpec(f"F2026-{n:04d}", client.code)]))
    return folder


@pytest.mark.parametrize("kill_at", points("stamp.file", 1, 11, 2) + points("atomic.replace", 1, 11, 1))
def test_stamp_killed_leaves_records_of_what_it_wrote_and_no_temporary_file(template, tmp_path, kill_at,
                                                                            before_switch):
    folder = fresh(template, tmp_path)
    source = invoices(tmp_path / "factures")
    before = {p.name: p.read_bytes() for p in source.iterdir()}
    out = tmp_path / "impression"
    assert killed(cli(folder, "stamp", str(source), "--out", str(out), kill_at=kill_at))
    conn = sqlite3.connect(folder / "campaign.db")
    written = {p.name for p in out.glob("*.pdf")}
    recorded = {Path(row[0]).name for row in conn.execute("SELECT DISTINCT output_file FROM stamps")}
    assert written <= recorded  # every stamped copy on disk has its record
    conn.close()
    again = cli(folder, "stamp", str(source), "--out", str(out))
    assert again.returncode == 0, again.stderr
    conn = check_whole(folder)
    assert [p.name for p in out.rglob("*.tmp")] == []
    assert {p.name for p in out.glob("*.pdf")} == set(before)
    assert conn.execute("SELECT COUNT(*) FROM stamp_runs WHERE finished_at IS NULL").fetchone()[0] == 1
    assert {p.name: p.read_bytes() for p in source.iterdir()} == before  # originals untouched


# -- IMAP ------------------------------------------------------------------------------------

def configure_imap(folder: Path, server, user: str) -> None:
    path = folder / "campaign.toml"
    doc = tomlkit.parse(path.read_text(encoding="utf-8"))
    for key, value in {"host": "127.0.0.1", "port": server.plain_port, "security": "plain", "username": user,
                       "batch_size": 50, "timeout": 10, "retries": 1, "retry_delay": 0.0}.items():
        doc["imap"][key] = value
    path.write_text(tomlkit.dumps(doc), encoding="utf-8")


IMAP_REPLIES = 300


@pytest.mark.parametrize("kill_at", points("harvest.commit", 1, 5, 2) + points("pipeline.message", 1, IMAP_REPLIES, 1))
def test_imap_harvest_killed_then_run_again(template, tmp_path, dovecot, kill_at):  # noqa: F811
    if dovecot.process is None:
        dovecot.start()
    user = f"secretariat-{uuid.uuid4().hex[:8]}"
    imap = dovecot.client(user)
    try:
        imap.multiappend("INBOX", [{"msg": reply(n), "flags": []} for n in range(IMAP_REPLIES)])
    finally:
        imap.logout()
    folder = fresh(template, tmp_path)
    configure_imap(folder, dovecot, user)
    assert killed(cli(folder, "harvest", kill_at=kill_at, CAMPAIGN_IMAP_PASSWORD=PASSWORD))
    again = cli(folder, "harvest", CAMPAIGN_IMAP_PASSWORD=PASSWORD)
    assert again.returncode == 0, again.stderr
    conn = check_whole(folder)
    check_messages(conn, IMAP_REPLIES)
    assert conn.execute("SELECT high_uid FROM imap_folders").fetchone()[0] == IMAP_REPLIES
    imap = dovecot.client(user)
    try:
        imap.select_folder("INBOX", readonly=True)
        assert imap.search(["SEEN"]) == []  # read with BODY.PEEK: still unread for the secretaries
    finally:
        imap.logout()
