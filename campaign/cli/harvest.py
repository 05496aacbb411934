"""`campaign harvest`, `replies`, `reprocess`, `purge`, `auth login` and `auth password`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import typer
from rich.markup import escape

from campaign.cli.app import (LIST_FORMAT, app, choice, choices_text, console, current_campaign, emit_rows, err_console, plural, reports_errors,
                              say_error, writing)
from campaign.cli.bars import progress_bars
from campaign.errors import EXIT_SOME_FAILED, UsageError
from campaign.logs import logger as log
from campaign.vocabulary import Intent, ListFormat, MessageState

if TYPE_CHECKING:  # imported when a command runs: the mail stack (imapclient, parsers) is slow to load
    from campaign.mail.harvest import HarvestReport
    from campaign.mail.pipeline import PipelineReport

auth_app = typer.Typer(help="Credentials for the mailboxes: IMAP for the harvest, SMTP for the requests (kept in the"
                       " system keyring).", no_args_is_help=True)
app.add_typer(auth_app, name="auth")



def _say(text: str) -> None:
    console.print(escape(text), highlight=False, soft_wrap=True)
    log.info("%s", text)


def _print_pipeline(report: PipelineReport | None) -> None:
    if report is None or not report.stages:
        return
    _say(f"Pipeline ({', '.join(report.stages)}): {plural(report.messages, 'message')}, "
         f"{plural(report.ran, 'stage run')}, "
         f"{report.failed} failed")
    for line in report.errors[:20]:
        err_console.print(f"[yellow]warning:[/] {escape(line)}", highlight=False, soft_wrap=True)
    for line in report.errors:
        log.warning("%s", line)


def print_harvest_report(report: HarvestReport) -> None:
    """Say what a harvest did, folder by folder, and every problem in one line each."""
    if report.interrupted or report.resumed:
        _say(f"An earlier run had been stopped before it finished: {plural(report.resumed, 'stored message')} it had "
             f"not processed were processed now.")
    for f in report.folders:
        if f.rescanned:
            _say(f"{f.folder}: UIDVALIDITY changed ({f.previous_uidvalidity} -> {f.uidvalidity}): the folder was "
                 f"read again; messages already stored were recognised by Message-ID + content hash")
        if f.error:
            continue
        if f.seen == 0:
            _say(f"{f.folder}: no new mail (up to UID {f.high_uid}).")
            continue
        line = f"{f.folder}: {f.added} new, {f.duplicates} already stored (up to UID {f.high_uid})"
        if f.flagged:
            line += f", {f.flagged} flagged"
        if f.moved:
            line += f", {f.moved} moved"
        _say(line + ".")
    if not report.folders:
        line = f"{plural(report.seen, 'message')} read: {report.added} new, {report.duplicates} already stored"
        if report.skipped_files:
            line += f", {plural(report.skipped_files, 'other file')} skipped"
        if report.failed:
            line += f", {report.failed} could not be read"
        _say(line + ".")
    if report.seen == 0 and not report.problems and not report.resumed:
        _say("Nothing new: nothing was changed.")
    for problem in report.problems:
        say_error(problem)
    _print_pipeline(report.pipeline)


@app.command()
@reports_errors
def harvest(
    ctx: typer.Context,
    from_: Optional[Path] = typer.Option(None, "--from", metavar="PATH",
                                         help="A folder of .eml/.msg files or an .mbox file instead of IMAP."),
    ca_file: Optional[Path] = typer.Option(None, "--ca-file", help="Trust this CA (PEM) for the server's certificate."),
    folder: List[str] = typer.Option([], "--folder", help="Read this IMAP folder instead of \\[imap] folders (repeatable)."),
) -> None:
    """Bring new replies into the campaign, exactly once (IMAP by default, read-only).

    Example: campaign harvest   (or: campaign harvest --from replies.mbox)
    """
    from campaign import workflow

    campaign = current_campaign(ctx)
    if from_ is not None and (ca_file or folder):
        raise UsageError("--ca-file and --folder apply to IMAP, not to --from")
    with writing(campaign, "harvest") as store, progress_bars() as on_progress:
        report = workflow.harvest(campaign, store, source=from_, folders=folder,
                                  ca_file=str(ca_file) if ca_file else None, on_progress=on_progress)
    print_harvest_report(report)
    if report.exit_code:
        raise typer.Exit(report.exit_code)


@app.command()
@reports_errors
def replies(
    ctx: typer.Context,
    fmt: ListFormat = LIST_FORMAT,
    status: Optional[MessageState] = typer.Option(None, "--status", parser=choice(MessageState), metavar="STATE",
                                                  help=f"Only messages in this processing state: "
                                                       f"{choices_text(MessageState)}."),
    intent: Optional[Intent] = typer.Option(None, "--intent", parser=choice(Intent), metavar="INTENT",
                                            help=f"Only replies of this intent: {choices_text(Intent)}."),
) -> None:
    """List the harvested messages.

    Example: campaign replies --intent address --format csv
    """
    from campaign.mail.messages import LIST_COLUMNS, list_messages
    from campaign.matching.listing import linked_clients
    from campaign.understanding.stage import current_replies

    campaign = current_campaign(ctx)
    with campaign.open_store() as store:
        rows = list_messages(store, state=status.value if status else None)
        understood = current_replies(store)
        linked = linked_clients(store)
    for row in rows:
        reply = understood.get(row["id"], {})
        row["intent"] = reply.get("intent", "")
        row["addresses"] = reply.get("addresses", []) + [f"cc {a}" for a in reply.get("copies", [])]
        row["evidence"] = reply.get("evidence", "")
        row["clients"] = linked.get(row["id"], [])
    if intent is not None:
        rows = [row for row in rows if row["intent"] == intent.value]
    if fmt is ListFormat.TABLE:  # read by a person: the firm's local date; csv and json keep the stored UTC moment
        from campaign import clock

        rows = [dict(row, date=clock.shown_date(row["date"])) for row in rows]
    columns = ("id", "date", "sender", "subject", "intent", "addresses", "clients") if fmt is ListFormat.TABLE \
        else LIST_COLUMNS + ("intent", "addresses", "evidence", "clients")
    emit_rows(rows, columns, fmt.value, title=plural(len(rows), "message"))


@app.command("reprocess")
@reports_errors
def reprocess_command(
    ctx: typer.Context,
    stage: Optional[str] = typer.Option(None, "--stage", help="Only this stage."),
    force: bool = typer.Option(False, "--force", help="Run even where the stage's version already ran."),
    status: Optional[MessageState] = typer.Option(None, "--status", parser=choice(MessageState), metavar="STATE",
                                                  help=f"Only messages in this state: {choices_text(MessageState)}."),
) -> None:
    """Run the pipeline stages again over stored messages (after their rules improved).

    Example: campaign reprocess --status failed
    """
    from campaign.mail.pipeline import stages
    from campaign.workflow import reprocess_messages

    known = [s.name for s in stages()]
    campaign = current_campaign(ctx)
    with writing(campaign, "reprocess") as store:
        count = store.conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0]
        if not known:
            _say(f"Nothing to run: no pipeline stages are installed yet (reply understanding and matching "
                 f"are separate features). {plural(count, 'stored message')} kept for them.")
            return
        if stage is not None and stage not in known:
            raise UsageError(f"--stage: no stage '{stage}' (installed: {', '.join(known)})")
        with progress_bars() as on_progress:
            report = reprocess_messages(campaign, store, only=stage, force=force,
                                        state=status.value if status else None, on_progress=on_progress)
    _print_pipeline(report)
    if report.skipped_purged:
        _say(f"{plural(report.skipped_purged, 'message')} skipped: their raw message was purged.")
    if report.ran == 0 and report.failed == 0:
        _say("Nothing to run: every stage is up to date on every message (use --force to run anyway).")
    if report.failed:
        raise typer.Exit(EXIT_SOME_FAILED)


@app.command()
@reports_errors
def purge(
    ctx: typer.Context,
    raw: bool = typer.Option(False, "--raw", help="Delete the stored raw messages (required)."),
    before: Optional[str] = typer.Option(None, "--before", metavar="DATE",
                                         help="Only messages harvested before this date (YYYY-MM-DD)."),
) -> None:
    """Delete stored raw messages once the campaign is reviewed; what was extracted stays.

    Example: campaign purge --raw --before 2027-06-01
    """
    from campaign.config import parse_date
    from campaign.mail.messages import purge_raw

    if not raw:
        raise UsageError("say what to purge: --raw (the stored raw messages)")
    when = parse_date(before, where="--before") if before else None
    campaign = current_campaign(ctx)
    with writing(campaign, "purge") as store:
        count = purge_raw(store, before=when)
    scope = f" harvested before {when.isoformat()}" if when else ""
    _say(f"Purged {count} raw messages{scope}." if count else f"No raw message{scope} left to purge.")


@auth_app.command("login")
@reports_errors
def auth_login(ctx: typer.Context) -> None:
    """Sign in to Microsoft 365 with a device code (once); tokens are kept in the keyring and refreshed.

    Example: campaign auth login
    """
    from campaign.mail.imap_settings import parse_imap_settings
    from campaign.mail.oauth import device_login

    from campaign.mail.oauth import SCOPES
    from campaign.sending.smtp import SMTP_SCOPES

    campaign = current_campaign(ctx)
    settings = parse_imap_settings(campaign.settings.section("imap"), campaign.settings.path)
    # with [smtp] auth = "xoauth2" the same sign-in lets `campaign send` send as the mailbox too
    smtp = str(campaign.settings.section("smtp").get("auth", "")).lower() == "xoauth2"
    account = device_login(settings, _say, SCOPES + SMTP_SCOPES if smtp else SCOPES)
    _say(f"Signed in as {account}; the harvest{' and the requests' if smtp else ''} now get"
         f"{'' if smtp else 's'} access tokens from the system keyring.")


@auth_app.command("password")
@reports_errors
def auth_password(
    ctx: typer.Context,
    smtp: bool = typer.Option(False, "--smtp", help="The \\[smtp] account's password (sending), not \\[imap]'s."),
) -> None:
    """Save the IMAP (or, with --smtp, the SMTP) password in the system keyring (asked for, never echoed).

    Example: campaign auth password --smtp
    """
    from campaign.mail.secrets import store_secret

    campaign = current_campaign(ctx)
    if smtp:
        from campaign.sending.settings import smtp_settings

        account = smtp_settings(campaign.settings)
        username, host = account.username, account.host
        if not username:
            raise UsageError("[smtp] has no username: this server is used without a password")
    else:
        from campaign.mail.imap_settings import parse_imap_settings

        imap = parse_imap_settings(campaign.settings.section("imap"), campaign.settings.path)
        username, host = imap.username, imap.host
    protocol = "smtp" if smtp else "imap"
    secret = typer.prompt(f"Password for {username} on {host}", hide_input=True)
    store_secret(username=username, host=host, secret=secret, protocol=protocol)
    _say(f"Saved in the system keyring (service campaign-{protocol}, entry {username}@{host}).")
