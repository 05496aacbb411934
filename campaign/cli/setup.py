"""`campaign init`, `campaign status` and `campaign demo`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import typer
from rich import box
from rich.table import Table
from rich.text import Text

from campaign.cli.app import app, console, current_campaign, reports_errors
from campaign.cli.clients import print_import_report
from campaign.clients.importer import import_client_file
from campaign.config import CONFIG_NAME, parse_date
from campaign.errors import UsageError
from campaign.resources import sample_client_file
from campaign.status import StatusSection, collect_status
from campaign.workspace import Campaign, init_campaign, load_campaign


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
    console.print(f"Next: cd {folder} && campaign clients import YOUR_CLIENT_FILE.csv", highlight=False)


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
    """Run the campaign on the bundled synthetic sample data and show where everything is."""
    if (folder / CONFIG_NAME).exists():
        campaign: Campaign = load_campaign(folder)
        console.print(f"Using the existing demo campaign in {campaign.folder}", highlight=False)
    elif folder.exists() and any(folder.iterdir()):
        raise UsageError(f"{folder} exists and is not empty: pass another folder for the demo")
    else:
        campaign = init_campaign(folder, firm="Cabinet Exemple", secretariat="secretariat@cabinet-exemple.fr",
                                 switch_date=dt.date.today() + dt.timedelta(days=90), language="fr")
        console.print(f"Created demo campaign in {campaign.folder}", highlight=False)
    sample = sample_client_file()
    with campaign.open_store() as store:
        report = import_client_file(store, sample)
        print_import_report(report, limit=10)
        print_status(collect_status(campaign, store))
    console.print(f"\nSettings: {campaign.folder / CONFIG_NAME}\nDatabase: {campaign.folder / 'campaign.db'}", highlight=False)
    console.print(f"Try: campaign --campaign {folder} clients list", highlight=False)
