"""`campaign stamp`: print-ready copies of invoices with the campaign memo in their footer."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import typer
from rich.markup import escape

from campaign.cli.app import app, console, current_campaign, err_console, plural, reports_errors, writing
from campaign.errors import EXIT_SOME_FAILED, UsageError

if TYPE_CHECKING:  # imported when the command runs: pikepdf, pypdfium2 and reportlab are slow to load
    from campaign.stamping.batch import BatchReport
    from campaign.stamping.stamp import FileResult


SHOWN = 5  # items of a long list printed in the summary; the report file has them all


def _folded(items: list[str], total: int | None = None) -> str:
    """The first SHOWN items, then "and N more" (``total``: how many there are in all)."""
    total = len(items) if total is None else total
    more = f" and {total - SHOWN} more" if total > SHOWN else ""
    return "; ".join(items[:SHOWN]) + more


def print_summary(report: BatchReport, dry_run: bool) -> None:
    """Files, invoices, memos placed, clients identified, pages shrunk, failures; long lists folded."""
    verb = "Would place" if dry_run else "Placed"
    console.print(
        f"[bold]{plural(len(report.files), 'file')}, {plural(report.pages, 'page')}, "
        f"{plural(report.invoices, 'invoice')}: {verb.lower()} {plural(report.memos, 'memo')}; "
        f"{plural(len(report.clients), 'client')} identified "
        f"({report.in_client_file} in the client file); "
        f"{plural(report.scaled, 'page')} shrunk to make room; {plural(report.without_memo, 'page')} without a memo; "
        f"{plural(len(report.failed), 'file')} failed[/]", highlight=False)
    warned = [f"{result.source}: {result.warning}" for result in report.files if result.warning]
    for line in warned[:SHOWN]:
        console.print(f"[yellow]warning:[/] {escape(line)}", highlight=False)
    if len(warned) > SHOWN:
        console.print(f"[yellow]warning:[/] {len(warned) - SHOWN} more files with a warning", highlight=False)
    shrunk = [f"{result.source.name} p.{page.page} {page.scale:.0%}" for result in report.files
              for page in result.results if page.placed and page.scale < 1]
    if shrunk:
        console.print(f"Shrunk: {escape(_folded(shrunk))}", highlight=False)
    missing = [f"{result.source.name} p.{page.page}: {page.note.removeprefix('no memo: ')}" for result in report.files
               for page in result.results if not page.placed]
    if missing:
        console.print(f"[yellow]No memo:[/] {escape(_folded(missing))}", highlight=False)
    if not report.skip_active:
        console.print("Note: no review decisions yet, so no client is skipped as confirmed or refused.",
                      highlight=False)
    if report.report_path:
        details = " (every page, shrunk or without a memo, is listed there)" if shrunk or missing else ""
        console.print(f"Report: {escape(str(report.report_path))}{details}", highlight=False)
    if report.report_error:
        err_console.print(f"[bold red]error:[/] {escape(report.report_error)}", highlight=False, soft_wrap=True)
    if dry_run:
        console.print("Dry run: nothing was written.")


@app.command()
@reports_errors
def stamp(
    ctx: typer.Context,
    inputs: List[Path] = typer.Argument(..., help="Invoice PDF files or folders of them (never modified)."),
    out: Path = typer.Option(..., "--out", help="Folder for the stamped copies and stamp-report.csv."),
    pages: Optional[str] = typer.Option(None, help="Which pages of each invoice: last (default), all or first."),
    client_pattern: Optional[str] = typer.Option(
        None, "--client-pattern", metavar="REGEX",
        help="Regular expression finding the client code on a page; one capturing group around the code."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Find invoices, clients and places; write nothing."),
    allow_past_date: bool = typer.Option(False, "--allow-past-date",
                                         help="Stamp even though the switch date is before today."),
) -> None:
    """Stamp the campaign memo onto printed invoices, in blank space above the footer.

    Example: campaign stamp factures/2026-11 --out a-imprimer/2026-11
    """
    from campaign.stamping.pool import prestart

    pool = prestart(inputs)  # first: the workers load while this process does (0.3 s each)
    if pool is not None:
        ctx.call_on_close(pool.close)
    from campaign.cli.bars import progress_bars
    from campaign.stamping.batch import run_batch
    from campaign.stamping.settings import PAGE_CHOICES, check_pattern, memo_settings
    from campaign.switch_date import check_switch_date

    campaign = current_campaign(ctx)
    warning = check_switch_date(campaign.settings.switch_date, f"{campaign.settings.path}: [campaign] switch_date",
                                allow_past=allow_past_date, fix="set a later date in campaign.toml")
    if warning:
        err_console.print(warning, highlight=False, markup=False)
    memo = memo_settings(campaign.settings)
    if pages is not None:
        if pages not in PAGE_CHOICES:
            raise UsageError(f"--pages must be one of {', '.join(PAGE_CHOICES)}, not '{pages}'")
        memo.pages = pages
    if client_pattern is not None:
        memo.client_pattern = check_pattern(client_pattern, "--client-pattern")

    def failed(result: FileResult) -> None:
        if result.error:
            err_console.print(f"[bold red]error:[/] {escape(str(result.source))} {escape(result.error)}",
                              highlight=False, soft_wrap=True)

    with writing(campaign, "stamp") as store, progress_bars() as on_progress:
        pages_done, pages_total = 0, None  # the batch reports pages as they are done, not a count

        def start(total: int) -> None:
            nonlocal pages_total
            pages_total = total
            on_progress("Stamping pages", 0, total)

        def advance(count: int) -> None:
            nonlocal pages_done
            pages_done += count
            on_progress("Stamping pages", pages_done, pages_total)

        report = run_batch(campaign, store, inputs, out, memo, pages=memo.pages, dry_run=dry_run,
                           on_start=start, on_pages=advance, on_file=failed, pool=pool)
    print_summary(report, dry_run)
    if report.failed or report.report_error:
        raise typer.Exit(EXIT_SOME_FAILED)
