"""The whole campaign on the bundled synthetic sample data, step by step (`campaign demo`).

Every step calls the same library code as the commands, on files a real campaign would have:
the client file, invoice PDFs printed by the management software, and client replies saved as
.eml files (standing in for the IMAP mailbox). The review step is simulated: the workbook is
opened with openpyxl and filled in as a secretary would, then read back.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import openpyxl

from campaign.wording import plural
from campaign import clock
from campaign.config import CONFIG_NAME
from campaign.errors import UsageError
from campaign.export.export import run_export
from campaign.export.settings import choose, export_settings
from campaign import workflow
from campaign.matching.listing import matching_counts
from campaign.remind import DEFAULT_DIR, write_reminders
from campaign.resources import bundled
from campaign.review.importer import import_review
from campaign.review.rows import CLIENT, ReviewRow
from campaign.review.workbook import (DECISION_WORDS, KEYS, SHEET_NAMES, default_name, word,
                                      write_review_workbook)
from campaign.sending.compose import Composer
from campaign.sending.send import SendReport, due_requests, letters_for, send_letters
from campaign.sending.settings import SmtpSettings
from campaign.sending.smtp import Outgoing
from campaign.sheets import save_workbook
from campaign.stamping.batch import run_batch
from campaign.stamping.settings import memo_settings
from campaign.store import Store
from campaign.workspace import Campaign, init_campaign, load_campaign

FIRM = "Cabinet Exemple"
SECRETARIAT = "secretariat@cabinet-exemple.fr"
REVIEWER = "secretariat (demo)"

# What the simulated secretary writes in the comment column, per language (French, English).
_COMMENTS = {
    "confirmed": ("Vérifié : c'est bien le client", "Checked: this is the client"),
    "spoof": ("Expéditeur usurpé (DMARC) : adresse écartée après appel au client",
              "Forged sender (DMARC): address set aside after calling the client"),
    "tie": ("Deux clients possibles : appeler pour savoir lequel", "Two possible clients: call to find out which"),
    "autoreply": ("Réponse automatique : attendre la vraie réponse", "Automatic reply: wait for the real answer"),
    "unknown": ("Expéditeur inconnu du fichier client", "Sender not in the client file"),
}


@dataclass
class DemoOutputs:
    """Where the demo put everything."""

    folder: Path
    settings: Path
    database: Path
    stamped: Path
    stamp_report: Path | None = None
    review: Path | None = None
    reviewed: Path | None = None
    export: Path | None = None
    reminders: list[Path] = field(default_factory=list)


def open_demo_campaign(folder: Path, today: dt.date) -> tuple[Campaign, bool]:
    """The demo campaign in ``folder``: (campaign, created). Reuses a demo campaign already there."""
    if (folder / CONFIG_NAME).exists():
        return load_campaign(folder), False
    if folder.exists() and any(folder.iterdir()):
        raise UsageError(f"{folder} exists and is not empty: pass another folder for the demo")
    return init_campaign(folder, firm=FIRM, secretariat=SECRETARIAT, switch_date=today + dt.timedelta(days=90),
                         language="fr"), True


def simulate_review(store: Store, rows: list[ReviewRow], source: Path, target: Path, language: str) -> Path:
    """Fill the review sheet of ``source`` as a secretary would and save it as ``target``.

    Automatic links are accepted as pre-filled; a forged sender is refused; a reply that could be
    two clients is set to be chased; an out-of-office and an unknown sender are left undecided with
    a comment; any other proposal is accepted for its first candidate.
    """
    book = openpyxl.load_workbook(source)
    sheet = book[word(SHEET_NAMES, "review", language)]
    column = {key: n + 1 for n, key in enumerate(KEYS)}
    for number, row in enumerate(rows, start=2):
        code, decision, comment = _secretary(store, row)
        if code and not row.code:
            sheet.cell(number, column["code"]).value = code
        if decision and not row.decision:
            sheet.cell(number, column["decision"]).value = word(DECISION_WORDS, decision, language)
        if comment:
            sheet.cell(number, column["comment"]).value = word(_COMMENTS, comment, language)
    return save_workbook(book, target)


def _secretary(store: Store, row: ReviewRow) -> tuple[str, str, str]:
    """(client code, decision, comment key) a careful secretary would choose for one row."""
    if row.kind == CLIENT:
        if row.decision:
            return "", "", ""
        return "", "confirmed" if row.address else "refused", ""
    outcome = store.conn.execute("SELECT reasons, warnings FROM match_outcomes WHERE message_id = ?",
                                 (row.message_id,)).fetchone()
    codes = {w["code"] for part in outcome for w in json.loads(part)} if outcome else set()
    candidates = store.conn.execute("SELECT client_code, score FROM match_candidates WHERE message_id = ?"
                                    " ORDER BY rank", (row.message_id,)).fetchall()
    if not candidates:
        return "", "", "unknown"
    first = candidates[0][0]
    if "dmarc_fail" in codes:
        return first, "rejected", "spoof"
    if "autoreply" in codes:
        return "", "", "autoreply"
    if len(candidates) > 1 and candidates[1][1] == candidates[0][1]:
        return first, "remind", "tie"
    if row.address:
        return first, "confirmed", "confirmed"
    return first, "refused", ""


Say = Callable[[str], None]


def send_requests(campaign: Campaign, store: Store) -> tuple[SendReport, Path]:
    """E-mail the requests to a mail server started in this process for the demo (aiosmtpd, on
    127.0.0.1: nothing leaves the computer), and write, into a folder of the campaign, the reply one
    client makes to its request from another address ("oui, c'est la bonne adresse"), threaded to it
    as a mail program threads it. Returns the sending's report and that folder."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink

    folder = campaign.folder / "demo-mailbox"
    with socket.socket() as probe:  # a free port on this computer
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = Controller(Sink(), hostname="127.0.0.1", port=port)
    server.start()
    try:
        smtp = SmtpSettings(host="127.0.0.1", port=port, security="plain", per_minute=0)
        composer = Composer(campaign.settings, silence=False)
        letters = letters_for(composer, due_requests(store, firm=(campaign.settings.secretariat,
                                                                 list(campaign.settings.firm_domains))))
        report = send_letters(store, composer, letters, lambda: Outgoing(smtp))
    finally:
        server.stop()
    if letters and not (folder / "reply-to-request.eml").exists():
        letter, name = letters[-1]
        answer = EmailMessage()
        answer["From"] = f"Comptabilité <compta@{letter.to.rsplit('@', 1)[1]}>"
        answer["To"], answer["Subject"] = campaign.settings.secretariat, f"RE: {letter.subject}"
        answer["Date"] = format_datetime(dt.datetime.now().astimezone())
        answer["Message-ID"] = f"<demo-reply-{letter.header_id.split('.')[0]}@{letter.to.rsplit('@', 1)[1]}>"
        answer["In-Reply-To"] = answer["References"] = f"<{letter.header_id}>"
        answer.set_content("Bonjour,\n\nOui, c'est la bonne adresse, merci.\n\nLa comptabilité\n")
        folder.mkdir(exist_ok=True)
        (folder / "reply-to-request.eml").write_bytes(answer.as_bytes())
    folder.mkdir(exist_ok=True)
    return report, folder


def run_demo(folder: Path, *, today: dt.date | None = None, say: Say = lambda line: None) -> DemoOutputs:
    """Run every step of a campaign on the bundled sample data in ``folder``; ``say`` narrates."""
    today = today or clock.today()
    folder = Path(folder)
    data = bundled("data")
    campaign, created = open_demo_campaign(folder, today)
    say(f"{'Created' if created else 'Reusing'} the demo campaign in {campaign.folder}"
        f" (switch date {campaign.settings.switch_date:%Y-%m-%d})")
    language = campaign.settings.language
    out = DemoOutputs(campaign.folder, campaign.folder / CONFIG_NAME, campaign.folder / "campaign.db",
                      campaign.folder / "impression")
    with campaign.writer("demo") as store:
        imported, _ = workflow.import_clients(campaign, store, data / "clients.csv")
        say(f"1. Client file {data / 'clients.csv'}: {len(imported.added)} added, {len(imported.updated)} updated,"
            f" {imported.unchanged} unchanged, {plural(len(imported.warnings), 'warning')}")

        memo = memo_settings(campaign.settings)
        stamped = run_batch(campaign, store, [data / "invoices"], out.stamped, memo, pages=memo.pages)
        out.stamp_report = stamped.report_path
        say(f"2. Memo stamped onto {plural(len(stamped.files) - len(stamped.failed), 'invoice file')}"
            f" ({plural(stamped.pages, 'page')});"
            f" originals in {data / 'invoices'} untouched")

        sent, reply_folder = send_requests(campaign, store)
        say(f"3. Requests e-mailed to {plural(len(sent.sent), 'client')} with an address on file, through a mail"
            " server started on this computer for the demo (nothing leaves it); a second run sends none again")

        harvested = workflow.harvest(campaign, store, source=data / "replies")
        threaded = workflow.harvest(campaign, store, source=reply_folder)
        counts = matching_counts(store)
        say(f"4. Replies read from {data / 'replies'} and one reply to a request: {harvested.added + threaded.added}"
            f" new, {harvested.duplicates + threaded.duplicates} already read;"
            f" understood and matched: {counts.get('linked', 0)} linked, {counts.get('review', 0)} to review,"
            f" {counts.get('unmatched', 0)} with no client")

        out.review, rows = write_review_workbook(store, campaign.settings,
                                                 campaign.folder / default_name(language))
        say(f"5. Review workbook: {plural(len(rows), 'row')} to decide ({sum(r.auto for r in rows)} pre-filled from automatic"
            " links)")

        out.reviewed = simulate_review(store, rows, out.review, out.review.with_name(
            out.review.stem + ("-relue" if language == "fr" else "-reviewed") + ".xlsx"), language)
        report = import_review(store, campaign.settings, out.reviewed, by=REVIEWER)
        if report.problems:  # the simulated secretary makes no mistakes; if she did, say so
            raise UsageError("; ".join(report.problems))
        say(f"6. Simulated review read back: {plural(report.decisions, 'decision')} recorded,"
            f" {plural(report.links, 'reply', 'replies')} linked,"
            f" {report.rejections} set aside; left for later: {report.blank}")

        settings = export_settings(campaign.settings)
        path, fmt, encoding, only = choose(settings, None, None, None, None, campaign.folder, today)
        exported = run_export(store, settings, path, fmt=fmt, encoding=encoding, only=only)
        out.export = exported.path
        say(f"7. Client import file: {exported.rows} clients ({exported.modes.get('email', 0)} by e-mail,"
            f" {exported.modes.get('paper', 0)} on paper); {sum(exported.pending.values())} undecided left out, they"
            " stay on paper")

        lists, _nobody = write_reminders(store, campaign.folder / DEFAULT_DIR, language)
        out.reminders = [item.path for item in lists if item.path is not None]
        say(f"8. Reminder lists: {sum(len(item.rows) for item in lists)} clients to call,"
            f" {len(out.reminders)} engagement managers")
    return out

