"""`campaign init`, `campaign status` and `campaign demo`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer
from rich import box
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from campaign.cli.app import app, console, current_campaign, reports_errors
from campaign.config import parse_date
from campaign.demo import run_demo
from campaign.status import StatusSection, collect_status
from campaign.workspace import init_campaign, load_campaign


def _switch_date(value: str) -> dt.date:
    return parse_date(value, where="--switch-date")


@app.command()
@reports_errors
def init(
    folder: Path = typer.Argument(..., help="Folder for the new campaign (created if needed)."),
    firm: str = typer.Option(..., help="The firm's name, as printed on the memo."),
    secretariat: str = typer.Option(..., help="The mailbox clients answer to."),
    switch_date: str = typer.Option(..., help="From this date invoices are e-mailed (YYYY-MM-DD)."),
    language: str = typer.Option("fr", help="fr or en: language of the memo and the workbook."),
) -> None:
    """Create a campaign folder: campaign.toml (settings) and campaign.db (state)."""
    campaign = init_campaign(folder, firm=firm, secretariat=secretariat,
                             switch_date=_switch_date(switch_date), language=language)
    console.print(f"Created campaign in {campaign.folder}", highlight=False)
    # one command that runs as is in PowerShell, cmd and POSIX shells (no `cd … &&`)
    console.print(f"Next: campaign --campaign \"{escape(str(folder))}\" clients import YOUR_CLIENT_FILE.csv",
                  highlight=False, soft_wrap=True)


def print_status(sections: list[StatusSection]) -> None:
    """Show status sections as rich tables."""
    for section in sections:
        table = Table(title=section.title, title_justify="left", show_header=False, box=None, padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        for label, value in section.lines:
            table.add_row(Text(label), Text(value))
        console.print(table)
        if getattr(section, "rows", None):  # a section with a table too (campaign.progress.TableSection)
            # one space between columns so that ten columns fit an 80-character terminal
            grid = Table(box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 0))
            grid.add_column(section.columns[0], overflow="fold", min_width=10)
            for column in section.columns[1:]:
                grid.add_column(column, justify="right", no_wrap=True)
            for row in section.rows:
                grid.add_row(*(Text(cell) for cell in row))
            console.print(grid)


@app.command()
@reports_errors
def status(ctx: typer.Context) -> None:
    """Show the campaign's settings, clients and progress."""
    campaign = current_campaign(ctx)
    with campaign.open_store() as store:
        print_status(collect_status(campaign, store))


@app.command()
@reports_errors
def demo(
    folder: Path = typer.Argument(Path("campaign-demo"), help="Folder for the demo campaign."),
) -> None:
    """Run a whole campaign on the bundled synthetic sample data and show where everything is.

    Init, client import, memo stamping, harvesting replies (.eml files), understanding, matching,
    the review workbook, a simulated review read back, the final export, reminders and status.
    """
    out = run_demo(folder, say=lambda line: console.print(escape(line), highlight=False, soft_wrap=True))
    campaign = load_campaign(out.folder)
    with campaign.open_store() as store:
        print_status(collect_status(campaign, store))
    table = Table(title="Where everything is", title_justify="left", show_header=False, box=None, padding=(0, 2))
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for label, path in (("Settings", out.settings), ("Database", out.database),
                        ("Stamped invoices (to print)", out.stamped), ("Stamping report", out.stamp_report),
                        ("Review workbook (as exported)", out.review), ("Review workbook (as reviewed)", out.reviewed),
                        ("Client import file", out.export), *(("Reminder list", p) for p in out.reminders)):
        if path is not None:
            table.add_row(label, Text(str(path)))
    console.print(table)
    console.print(f"Try: campaign --campaign {escape(str(folder))} match list", highlight=False)
