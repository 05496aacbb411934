"""`campaign clients import` and `campaign clients list`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import typer
from rich.markup import escape

from campaign.cli.app import LIST_FORMAT, app, console, current_campaign, emit_rows, plural, reports_errors, writing
from campaign.cli.bars import PausableBars
from campaign.cli.match import print_match_report
from campaign.errors import EXIT_SOME_FAILED
from campaign.logs import logger as log
from campaign.vocabulary import ListFormat

if TYPE_CHECKING:  # imported when a command runs: openpyxl and the matcher are slow to load
    from campaign.clients.importer import ImportReport

clients_app = typer.Typer(help="The firm's client file: import it, list what the campaign knows.", no_args_is_help=True)
app.add_typer(clients_app, name="clients")

_SEPARATORS = {"semicolon": ";", ";": ";", "comma": ",", ",": ",", "tab": "\t", "\\t": "\t"}


def _listed(codes: list[str], limit: int = 10) -> str:
    shown = ", ".join(codes[:limit])
    return shown + (f" and {len(codes) - limit} more" if len(codes) > limit else "")


def print_import_report(report: ImportReport, limit: int = 50) -> None:
    """Say what an import did: columns used, counts, codes no longer in the file, warnings."""
    verb = "Would import" if report.dry_run else "Imported"
    console.print(f"{verb} {escape(str(report.path))} ({escape(report.description)}, "
                  f"header on row {report.columns.header_row}, {plural(report.rows_read, 'client row')})",
                  highlight=False)
    console.print("Columns: " + escape("; ".join(report.columns.describe())), highlight=False)
    if report.columns.unmapped:
        console.print("Not used (kept in each client's source row): "
                      + escape(", ".join(f'"{h}"' for h in report.columns.unmapped)), highlight=False)
    for note in report.columns.notes:
        console.print(f"Note: {escape(note)}", highlight=False)
    counts = (f"{len(report.added)} added, {len(report.updated)} updated, {report.unchanged} unchanged, "
              f"{len(report.missing)} no longer in the file (kept, marked), {plural(report.skipped, 'row')} skipped, "
              f"{plural(len(report.warnings), 'warning')}")
    console.print(f"[bold]{escape(counts)}[/]", highlight=False)
    log.info("%s %s: %s", verb.lower(), report.path, counts)
    for warning in report.warnings:
        log.warning("%s: %s", report.path, warning)
    if report.returned:
        console.print(f"Back in the file: {escape(_listed(report.returned))}", highlight=False)
    if report.missing:
        console.print(f"No longer in the file: {escape(_listed(report.missing))}", highlight=False)
    for warning in report.warnings[:limit]:
        console.print(f"[yellow]warning:[/] {escape(str(report.path))}: {escape(str(warning))}", highlight=False)
    if len(report.warnings) > limit:
        console.print(f"... and {len(report.warnings) - limit} more (all are stored in campaign.db)",
                      highlight=False)
    if report.dry_run:
        console.print("Dry run: nothing was changed.")


@clients_app.command("import")
@reports_errors
def import_command(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="The client list exported from the management software (.csv or .xlsx)."),
    map_: List[str] = typer.Option([], "--map", metavar="FIELD=COLUMN",
                                   help="Take FIELD from COLUMN, e.g. --map code=\"Réf.\" (repeatable)."),
    sheet: Optional[str] = typer.Option(None, help="Sheet of an .xlsx file (default: the first)."),
    encoding: Optional[str] = typer.Option(None, help="CSV encoding (default: detected; e.g. cp1252, utf-8)."),
    separator: Optional[str] = typer.Option(None, help="CSV separator: semicolon, comma or tab (default: detected)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check the file and report, change nothing."),
) -> None:
    """Import or update the client file; re-importing updates by client code and keeps everything learned.

    Example: campaign clients import export_clients.csv --dry-run
    """
    from campaign import workflow
    from campaign.clients.columns import parse_overrides

    sep = None
    if separator is not None:
        if separator.lower() not in _SEPARATORS:
            raise typer.BadParameter("use semicolon, comma or tab", param_hint="--separator")
        sep = _SEPARATORS[separator.lower()]
    overrides = parse_overrides(map_)
    campaign = current_campaign(ctx)
    with writing(campaign, "clients import") as store, PausableBars() as on_progress:
        on_progress(f"Reading {file.name}", 0, None)   # one step (the file is read whole): a spinner

        def imported(report) -> None:
            on_progress.pause()  # the report printed on a clean line, the matching's bar below it
            print_import_report(report)

        report, matched = workflow.import_clients(campaign, store, file, overrides=overrides, sheet=sheet,
                                                  encoding=encoding, separator=sep, dry_run=dry_run,
                                                  on_imported=imported, on_progress=on_progress)
    if matched is not None:
        print_match_report(matched)
    if report.skipped:
        raise typer.Exit(EXIT_SOME_FAILED)


@clients_app.command("list")
@reports_errors
def list_command(
    ctx: typer.Context,
    fmt: ListFormat = LIST_FORMAT,
    manager: Optional[str] = typer.Option(None, help="Only this engagement manager's clients."),
    current: bool = typer.Option(False, "--current", help="Only clients still in the client file."),
) -> None:
    """List the clients the campaign knows.

    Example: campaign clients list --manager "Claire Fontaine" --format csv
    """
    from campaign.clients.listing import LIST_COLUMNS, list_clients

    campaign = current_campaign(ctx)
    with campaign.open_store() as store:
        rows = list_clients(store, include_missing=not current, manager=manager)
    if fmt is not ListFormat.JSON:  # JSON keeps true/false for programs; people read yes/no
        rows = [dict(row, in_file="yes" if row["in_file"] else "no (kept)") for row in rows]
    columns = ("code", "name", "siren", "emails", "manager", "in_file") if fmt is ListFormat.TABLE else LIST_COLUMNS
    emit_rows(rows, columns, fmt.value, title=plural(len(rows), "client"))
