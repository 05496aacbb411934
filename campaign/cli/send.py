"""`campaign send requests|follow-ups|list|settle`: ask clients by e-mail, each exactly once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import typer
from rich.markup import escape

from campaign.cli.app import (LIST_FORMAT, app, choice, choices_text, console, current_campaign, emit_rows, err_console, plural,
                              reports_errors, writing)
from campaign.cli.bars import progress_bars
from campaign.errors import EXIT_SOME_FAILED, ConfigError, UsageError
from campaign.vocabulary import ListFormat, RequestState

if TYPE_CHECKING:
    from campaign.sending.send import SendReport
    from campaign.sending.settings import SmtpSettings
    from campaign.store import Store
    from campaign.workspace import Campaign

send_app = typer.Typer(help="Ask clients whose file holds an e-mail address, by e-mail; follow up; list what went out.",
                       no_args_is_help=True)
app.add_typer(send_app, name="send")

_MANAGER = typer.Option([], "--manager", metavar="NAME",
                        help="Only this engagement manager's clients (case and accents ignored; repeatable).")
_LIMIT = typer.Option(None, "--limit", min=1, metavar="N", help="At most N messages this run (the rest next run).")
_PREVIEW = typer.Option(None, "--preview", metavar="DIR",
                        help="Write one .eml per client to DIR to read first; nothing is sent or recorded.")
_DRY = typer.Option(False, "--dry-run", help="Only count who would be written to.")


def _run(campaign: "Campaign", store: "Store", kind: str, managers: list[str], limit: int | None,
         preview_dir: Path | None, dry_run: bool, after: int = 0) -> "SendReport | None":
    from campaign import clock
    from campaign.remind import known_managers, select_managers
    from campaign import outbox
    from campaign.sending import send
    from campaign.sending.compose import Composer
    from campaign.sending.settings import ca_path, request_settings, smtp_settings
    from campaign.sending.smtp import Outgoing

    wanted = select_managers(managers, known_managers(store), campaign.settings.language) if managers else None
    firm = (campaign.settings.secretariat, list(campaign.settings.firm_domains))
    if clock.today() >= campaign.settings.switch_date:
        raise UsageError(f"the switch date {campaign.settings.switch_date:%d/%m/%Y} has come: a {kind} would announce a"
                         " date already past; move [campaign] switch_date if the campaign goes on")
    if kind == outbox.REQUEST:
        due = send.due_requests(store, managers=wanted, limit=limit, firm=firm)
    else:
        due = send.due_follow_ups(store, after_days=after, managers=wanted, limit=limit, firm=firm)
    if dry_run:
        console.print(f"{plural(len(due), kind)} would be sent (dry run: nothing sent).", highlight=False)
        try:
            smtp_settings(campaign.settings)
        except ConfigError as exc:
            console.print(f"Not ready to send: {escape(str(exc))}", highlight=False, soft_wrap=True)
        return None
    composer = Composer(campaign.settings, silence=request_settings(campaign.settings).silence_means_consent)
    letters = send.letters_for(composer, due)
    if preview_dir is not None:
        paths, problems = send.preview(composer, letters, preview_dir)
        for line in problems:
            err_console.print(f"[bold red]error:[/] {escape(line)}", highlight=False, soft_wrap=True)
        console.print(f"{plural(len(paths), kind)} written to {escape(str(preview_dir))} to read (nothing sent).",
                      highlight=False, soft_wrap=True)
        if problems:
            raise typer.Exit(EXIT_SOME_FAILED)
        return None
    smtp = smtp_settings(campaign.settings)
    interrupted = outbox.settle_interrupted(store)
    ca = ca_path(smtp, campaign.folder)
    sent_folder = _sent_folder(campaign, smtp.sent_folder)
    credential = _credential(campaign, smtp)
    try:
        with progress_bars() as on_progress:
            report = send.send_letters(store, composer, letters,
                                       lambda: Outgoing(smtp, ca_file=ca, credential=credential),
                                       per_minute=smtp.per_minute, batch_size=smtp.batch_size,
                                       on_progress=on_progress, kind=kind,
                                       keep=sent_folder.keep if sent_folder else None)
    finally:
        if sent_folder is not None:
            sent_folder.close()
    report.interrupted = interrupted
    return report


def _sent_folder(campaign: "Campaign", folder: str):  # noqa: ANN202
    """Where copies of the messages sent go ([smtp] sent_folder, through the [imap] mailbox), or None."""
    if not folder:
        return None
    from campaign.mail.imap_settings import parse_imap_settings
    from campaign.sending.sent_copy import SentFolder

    return SentFolder(parse_imap_settings(campaign.settings.section("imap"), campaign.settings.path), folder)


def _credential(campaign: "Campaign", smtp: "SmtpSettings"):  # noqa: ANN202
    """The SMTP password or token: environment, keyring, or the saved Microsoft sign-in ([imap] client_id)."""
    from campaign.sending.smtp import SMTP_SCOPES, secret

    def token() -> str | None:
        imap = campaign.settings.section("imap")
        if not imap.get("client_id"):
            return None
        from campaign.mail.imap_settings import parse_imap_settings
        from campaign.mail.oauth import silent_token

        return silent_token(parse_imap_settings(imap, campaign.settings.path), SMTP_SCOPES)

    return lambda: secret(smtp, token)


def _print(report: "SendReport") -> None:
    if report.interrupted:
        err_console.print(f"[bold yellow]warning:[/] {plural(report.interrupted, 'message')} of an interrupted run may or"
                          " may not have gone out; nothing is sent to those clients again until a person says"
                          " (campaign send list --state uncertain, then campaign send settle CODE)",
                          highlight=False, soft_wrap=True)
    for label, items in (("refused", report.refused), ("failed", report.failed), ("uncertain", report.uncertain)):
        for code, why in items:
            err_console.print(f"[bold red]{label}:[/] {escape(code)}: {escape(why)}", highlight=False, soft_wrap=True)
    if report.not_copied:
        err_console.print(f"[bold yellow]warning:[/] {plural(len(report.not_copied), 'message')} sent without a copy in"
                          f" the Sent folder ({escape(report.not_copied[0][1])})", highlight=False, soft_wrap=True)
    if report.stopped:
        err_console.print(f"[bold red]stopped:[/] {escape(report.stopped)}; the rest is sent by the next run",
                          highlight=False, soft_wrap=True)
    console.print(f"[bold]{plural(len(report.sent), report.kind)} sent[/] of {report.due} due; {len(report.refused)} refused,"
                  f" {len(report.failed)} to retry, {len(report.uncertain)} uncertain.", highlight=False)


def _send(ctx: typer.Context, kind: str, managers: list[str], limit: int | None, preview_dir: Path | None,
          dry_run: bool, after: int = 0) -> None:
    """One sending command: run, report, exit 1 when some message was not sent."""
    campaign = current_campaign(ctx)
    # a dry run or a preview records nothing: it does not make a harvest wait for the campaign's lock
    opened = campaign.open_store() if dry_run or preview_dir is not None else writing(campaign, f"send {kind}s")
    with opened as store:
        report = _run(campaign, store, kind, managers, limit, preview_dir, dry_run, after)
    if report is not None:
        _print(report)
        if not report.ok:
            raise typer.Exit(EXIT_SOME_FAILED)


@send_app.command("requests")
@reports_errors
def requests_command(ctx: typer.Context, manager: List[str] = _MANAGER, limit: Optional[int] = _LIMIT,
                     preview: Optional[Path] = _PREVIEW, dry_run: bool = _DRY) -> None:
    """E-mail the clients with an address on file who have not answered yet; never twice to one client.

    The message asks each client to confirm the address on file for invoices e-mailed from the switch date, to give another, or to keep paper (with \\[requests] silence_means_consent: the address is used unless they answer). Replies come back threaded and are linked to the client.

    Example: campaign send requests --preview apercu
    """
    _send(ctx, "request", manager, limit, preview, dry_run)


@send_app.command("follow-ups")
@reports_errors
def follow_ups_command(ctx: typer.Context,
                       after: int = typer.Option(..., "--after", min=1, metavar="DAYS",
                                                 help="Follow up requests sent at least DAYS ago and unanswered."),
                       manager: List[str] = _MANAGER, limit: Optional[int] = _LIMIT,
                       preview: Optional[Path] = _PREVIEW, dry_run: bool = _DRY) -> None:
    """E-mail a second message, quoting the first, to clients who have not answered a request.

    Example: campaign send follow-ups --after 21
    """
    _send(ctx, "follow-up", manager, limit, preview, dry_run, after)


@send_app.command("list")
@reports_errors
def list_command(
    ctx: typer.Context,
    state: Optional[RequestState] = typer.Option(None, parser=choice(RequestState), metavar="STATE",
                                                 help=f"Only messages in this state: {choices_text(RequestState)}."),
    fmt: ListFormat = LIST_FORMAT,
) -> None:
    """List the requests and follow-ups written, with what became of each (a bounce shows as "bounced").

    Example: campaign send list --state uncertain
    """
    from campaign import clock
    from campaign.outbox import request_listing

    campaign = current_campaign(ctx)
    with campaign.open_store() as store:
        rows = request_listing(store, state.value if state else None)
    if fmt is ListFormat.TABLE:  # one screen line per message; why it failed when that is what is asked
        rows = [dict(r, sent=clock.shown_date(r["sent"])) for r in rows]
        last = "detail" if state and state.value in ("refused", "failed", "uncertain", "bounced") else "sent"
        columns: tuple[str, ...] = ("client", "kind", "to", "state", last)
    else:
        columns = ("client", "kind", "to", "state", "sent", "bounced", "detail", "message_id")
    emit_rows(rows, columns, fmt.value, title=plural(len(rows), "message"))


@send_app.command("settle")
@reports_errors
def settle_command(
    ctx: typer.Context,
    code: str = typer.Argument(..., metavar="CODE", help="The client whose message is uncertain."),
    went_out: Optional[bool] = typer.Option(None, "--sent/--not-sent",
                                            help="--sent: it reached the client (found in the Sent folder, or the "
                                                 "client has it); --not-sent: it did not, the next run writes again."),
) -> None:
    """Say what became of a message an interrupted run left uncertain (--not-sent also lifts a refusal).

    Example: campaign send settle C0231 --not-sent
    """
    from campaign.clients.codes import case_sensitive
    from campaign.sending.send import settle
    from campaign.user import login_name

    if went_out is None:
        raise UsageError("say what became of it: --sent (it reached the client) or --not-sent (write again)")
    campaign = current_campaign(ctx)
    with writing(campaign, "send settle") as store:
        row = settle(store, code.strip(), went_out=went_out, who=login_name(),
                     case_sensitive=case_sensitive(campaign.settings))
    console.print(f"{escape(row.client_code)}: the {row.kind} of {dt.date.fromisoformat(row.prepared_at[:10]):%d/%m/%Y}"
                  f" to {escape(row.to_address)} is recorded as {'sent' if went_out else 'not sent'}.",
                  highlight=False, soft_wrap=True)
