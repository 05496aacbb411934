"""`campaign match run|list|show|link|reject`: link replies to clients, and let a person decide."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import typer
from rich.markup import escape

from campaign.cli.app import LIST_FORMAT, app, choice, choices_text, console, current_campaign, emit_rows, plural, reports_errors, writing
from campaign.cli.bars import progress_bars
from campaign.errors import UsageError
from campaign.vocabulary import ListFormat, MatchStatus

if TYPE_CHECKING:  # imported when a command runs: the matcher loads rapidfuzz and the reply understanding
    from campaign.matching.run import MatchReport

match_app = typer.Typer(help="Link replies to the clients they speak for; see why; decide by hand.",
                        no_args_is_help=True)
app.add_typer(match_app, name="match")


def print_match_report(report: MatchReport) -> None:
    """One line per outcome status."""
    counts = report.counts
    console.print(
        f"Matched {plural(report.replies, 'reply', 'replies')} against {plural(report.clients, 'client')}: "
        f"[bold]{counts.get('linked', 0)} linked[/] ({report.auto} automatically, {report.person} by a person), "
        f"{counts.get('review', 0)} to review, {counts.get('unmatched', 0)} with no client, "
        f"{counts.get('skipped', 0)} not replies (automatic mail, noise).", highlight=False)


@match_app.command("run")
@reports_errors
def run_command(ctx: typer.Context) -> None:
    """Match every reply again (after a client-file re-import); people's decisions are kept.

    Example: campaign match run
    """
    from campaign.matching.run import match_all

    campaign = current_campaign(ctx)
    with writing(campaign, "match run") as store, progress_bars() as on_progress:
        report = match_all(store, campaign.settings, on_progress=on_progress)
    print_match_report(report)


@match_app.command("list")
@reports_errors
def list_command(
    ctx: typer.Context,
    status: Optional[MatchStatus] = typer.Option(None, parser=choice(MatchStatus), metavar="STATUS",
                                                 help=f"Only replies with this outcome: {choices_text(MatchStatus)}."),
    fmt: ListFormat = LIST_FORMAT,
) -> None:
    """List the replies with their outcome, linked clients and best candidates.

    Example: campaign match list --status review
    """
    from campaign import clock
    from campaign.matching.listing import list_outcomes

    campaign = current_campaign(ctx)
    with campaign.open_store() as store:
        rows = list_outcomes(store, status.value if status else None, "en")
    if fmt is ListFormat.TABLE:  # one screen line per reply: details are in `campaign match show`
        # linked clients, else the two best candidates marked "?": the scores are in `match show`
        rows = [dict(r, date=clock.shown_date(r["date"]), warnings=len(r["warnings"]),
                     clients=r["clients"] or [f"{c.split()[0]}?" for c in r["candidates"][:2]])
                for r in rows]
        columns: tuple[str, ...] = ("message", "date", "sender", "status", "clients", "warnings")
    else:
        columns = tuple(rows[0]) if rows else ("message",)
    emit_rows(rows, columns, fmt.value, title=plural(len(rows), "reply", "replies"))


@match_app.command("show")
@reports_errors
def show_command(
    ctx: typer.Context,
    message: int = typer.Argument(..., help="Message id (see `campaign match list`)."),
    language: str = typer.Option("en", help="en (default, as the rest of the command line) or fr (the "
                                            "evidence as the review workbook words it)."),
) -> None:
    """Show why a reply was linked or proposed: every candidate's evidence, in words.

    Example: campaign match show 42
    """
    # The command line speaks English: the labels and, by default, the evidence; only what the
    # client wrote (subject, quoted sentence) stays as written, between quotes.
    from rich.padding import Padding
    from rich.text import Text

    from campaign import clock
    from campaign.matching.listing import explain

    if language not in ("en", "fr"):
        raise UsageError(f"--language must be en or fr, not '{language}'")
    campaign = current_campaign(ctx)
    with campaign.open_store() as store:
        detail = explain(store, message, language)
    if detail is None:
        raise UsageError(f"message {message} has not been matched; see `campaign match list`")
    console.print(f"[bold]Message {message}[/] of {clock.shown(detail['date'], 'en')} from "
                  f"{escape(detail['sender'])}: “{escape(detail['subject'])}”", highlight=False)
    console.print(f"Intent {detail['intent']}: {escape(', '.join(detail['addresses']) or '-')}"
                  + (f" — “{escape(detail['sentence'])}”" if detail["sentence"] else ""), highlight=False)
    if detail["resolved"]:
        console.print(f"  {escape(detail['resolved'])}", highlight=False)
    how = f" ({detail['linked_by']})" if detail["linked_by"] else ""
    console.print(f"Outcome: [bold]{detail['status']}{how}[/]", highlight=False)
    for line in detail["reasons"]:
        console.print(f"  review: {escape(line)}", highlight=False)
    for line in detail["warnings"]:
        console.print(f"  [yellow]warning:[/] {escape(line)}", highlight=False)
    for candidate in detail["candidates"]:
        mark = "✔ " if candidate["linked"] else "  "
        console.print(f"{mark}{candidate['rank']}. {escape(candidate['code'])} {escape(candidate['name'])}: "
                      f"score {candidate['score']:g}", highlight=False)
        for line in candidate["evidence"]:
            console.print(Padding(Text(line), (0, 0, 0, 7), expand=False), highlight=False)  # wrapped lines stay indented
    for decision in detail["decisions"]:
        console.print(f"  decision: {decision['verdict']} {escape(decision['client_code'])} by "
                      f"{escape(decision['decided_by'])} on {clock.shown(decision['decided_at'], 'en')} "
                      f"({escape(decision['source'])})",
                      highlight=False)


def _decide(ctx: typer.Context, message: int, client: str, verdict: str, note: str, who: Optional[str]) -> None:
    from campaign.matching.run import record_verdict

    campaign = current_campaign(ctx)
    with writing(campaign, f"match {verdict}") as store:
        outcome = record_verdict(store, campaign.settings, message, client, verdict, who=who, note=note)
    linked = ", ".join(outcome.linked) or "no client"
    console.print(f"Message {message}: {verdict} {escape(client)} recorded; now {outcome.status} ({escape(linked)}).",
                  highlight=False)


@match_app.command("link")
@reports_errors
def link_command(
    ctx: typer.Context,
    message: int = typer.Argument(..., help="Message id."),
    client: str = typer.Argument(..., help="Client code."),
    note: str = typer.Option("", help="Why (kept in the history)."),
    who: Optional[str] = typer.Option(None, "--by", help="Who decides (default: your login name)."),
) -> None:
    """Link a reply to a client by hand; the matcher never changes it afterwards.

    Example: campaign match link 42 C0042 --note "confirmed by phone"
    """
    _decide(ctx, message, client, "link", note, who)


@match_app.command("reject")
@reports_errors
def reject_command(
    ctx: typer.Context,
    message: int = typer.Argument(..., help="Message id."),
    client: str = typer.Argument(..., help="Client code."),
    note: str = typer.Option("", help="Why (kept in the history)."),
    who: Optional[str] = typer.Option(None, "--by", help="Who decides (default: your login name)."),
) -> None:
    """Say a reply is not this client's: it will never be linked to it automatically.

    Example: campaign match reject 42 C0417 --note "same name, other firm"
    """
    _decide(ctx, message, client, "reject", note, who)
