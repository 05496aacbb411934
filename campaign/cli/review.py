"""`campaign review export` and `campaign review import`: the secretaries' workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape

from campaign.cli.app import app, console, current_campaign, err_console, out_file, plural, reports_errors, writing

review_app = typer.Typer(help="The review workbook: export it for the secretaries, import their decisions.",
                         no_args_is_help=True)
app.add_typer(review_app, name="review")


@review_app.command("export")
@reports_errors
def export_review(
    ctx: typer.Context,
    out: Optional[Path] = typer.Option(None, "--out", metavar="FILE.xlsx",
                                       help="Where to write it (default: revue-YYYYMMDD-HHMM.xlsx in the campaign"
                                            " folder; a folder: that name in it)."),
) -> None:
    """Write the review workbook (\\[files] mode): rows to decide, clients without answer, decisions, progress.

    Example: campaign review export --out revue.xlsx
    """
    from campaign.review.workbook import default_name, write_review_workbook

    campaign = current_campaign(ctx)
    path = out_file(out, campaign.folder, default_name(campaign.settings.language))
    with writing(campaign, "review export") as store:
        path, rows = write_review_workbook(store, campaign.settings, path)
    auto = sum(1 for r in rows if r.auto)
    console.print(f"{plural(len(rows), 'row')} to review ({auto} pre-filled from automatic links)"
                  f" -> {escape(str(path))}",
                  highlight=False, soft_wrap=True)


@review_app.command("import")
@reports_errors
def import_workbook(
    ctx: typer.Context,
    file: Path = typer.Argument(..., metavar="FILE.xlsx", help="A workbook written by `campaign review export`."),
    by: Optional[str] = typer.Option(None, "--by", metavar="NAME", help="Who decided (default: your login name)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check and count, change nothing."),
) -> None:
    """Check every edited cell, then apply every decision (or nothing when a cell is wrong).

    Example: campaign review import revue.xlsx --dry-run
    """
    from campaign.review.importer import import_review

    campaign = current_campaign(ctx)
    with writing(campaign, "review import") as store:
        report = import_review(store, campaign.settings, file, by=by, dry_run=dry_run)
    if report.problems:
        for problem in report.problems:
            err_console.print(f"error: {escape(problem)}", highlight=False, soft_wrap=True)
        err_console.print(f"{plural(len(report.problems), 'problem')} in {escape(str(file))}: nothing was applied;"
                          f" correct {'it' if len(report.problems) == 1 else 'them'} and import again",
                          highlight=False, soft_wrap=True)
        raise typer.Exit(1)
    for conflict in report.conflicts:
        err_console.print(f"conflict: {escape(conflict)}", highlight=False, soft_wrap=True)
    verb = "would be" if dry_run else ""
    console.print(f"{plural(report.decisions, 'decision')} {verb} recorded, {plural(report.links, 'reply', 'replies')}"
                  f" {verb} linked, {report.rejections} {verb} set aside as not the client's,"
                  f" {report.unchanged} unchanged, {plural(len(report.conflicts), 'conflict')} skipped,"
                  f" {plural(report.blank, 'row')} left"
                  f" blank{' (dry run: nothing changed)' if dry_run else ''}".replace("  ", " "), highlight=False)
    if report.conflicts:
        raise typer.Exit(1)
