"""`campaign init`, `campaign status` and `campaign demo`."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from campaign import __version__
from campaign.cli.app import app, console, current_campaign, err_console, reports_errors
from campaign.logs import logger as log
from campaign.logs import open_log
from campaign.user import login_name

if TYPE_CHECKING:  # imported when a command runs: status and the demo load the whole library
    from campaign.sections import StatusSection, TableSection


def _switch_date(value: str) -> dt.date:
    from campaign.config import parse_date

    return parse_date(value, where="--switch-date")


@app.command()
@reports_errors
def init(
    folder: Path = typer.Argument(..., help="Folder for the new campaign (created if needed)."),
    firm: str = typer.Option(..., help="The firm's name, as printed on the memo."),
    secretariat: str = typer.Option(..., help="The mailbox clients answer to."),
    switch_date: str = typer.Option(..., help="From this date invoices are e-mailed (YYYY-MM-DD)."),
    language: str = typer.Option("fr", help="fr or en: language of the memo and the workbook."),
    allow_past_date: bool = typer.Option(False, "--allow-past-date", help="Accept a switch date before today."),
) -> None:
    """Create a campaign folder: campaign.toml (settings) and campaign.db (state).

    Example: campaign init cabinet-2027 --firm "Cabinet Exemple" --secretariat factures@cabinet.fr --switch-date 2027-03-01
    """
    from campaign.switch_date import check_switch_date
    from campaign.workspace import init_campaign

    date = _switch_date(switch_date)
    warning = check_switch_date(date, "--switch-date", allow_past=allow_past_date)
    campaign = init_campaign(folder, firm=firm, secretariat=secretariat, switch_date=date, language=language)
    if warning:
        err_console.print(warning, highlight=False, markup=False)
    console.print(f"Created campaign in {campaign.folder}", highlight=False)
    # one command that runs as is in PowerShell, cmd and POSIX shells (no `cd … &&`)
    console.print(f"Next: campaign --campaign \"{escape(str(folder))}\" clients import YOUR_CLIENT_FILE.csv",
                  highlight=False, soft_wrap=True)


def print_status(sections: list[StatusSection]) -> None:
    """Show status sections as rich tables."""
    from rich.table import Table
    from rich.text import Text

    from campaign.sections import TableSection

    for section in sections:
        table = Table(title=section.title, title_justify="left", show_header=False, box=None, padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        for label, value in section.lines:
            table.add_row(Text(label), Text(value))
        console.print(table)
        if isinstance(section, TableSection) and section.rows:  # a section with a table too
            print_grid(section)


NAME_ROOM = 20  # the managers' column: room for most names on one line


def print_grid(section: TableSection) -> None:
    """The section's table; short headers and their legend when the full ones leave names no room."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    columns, legend = section.columns, ""
    full = NAME_ROOM + sum(max(len(c), *(len(r[i]) for r in section.rows)) + 1 for i, c in enumerate(columns) if i)
    if full > console.width and section.short_columns:
        columns, legend = section.short_columns, section.legend
    # one space between columns so that ten columns fit an 80-character terminal
    grid = Table(box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 0))
    grid.add_column(columns[0], overflow="fold", min_width=10)
    for column in columns[1:]:
        grid.add_column(column, justify="right", no_wrap=True)
    for row in section.rows:
        grid.add_row(*(Text(cell) for cell in row))
    console.print(grid)
    if legend:
        console.print(Text(legend, style="dim"))


@app.command()
@reports_errors
def status(ctx: typer.Context) -> None:
    """Show the campaign's settings, clients and progress.

    Example: campaign --campaign cabinet-2027 status
    """
    from campaign.status import collect_status

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

    Example: campaign demo campaign-demo
    """
    from rich.table import Table
    from rich.text import Text

    from campaign.demo import run_demo
    from campaign.status import collect_status
    from campaign.workspace import load_campaign

    said: list[str] = []

    def say(line: str) -> None:
        # wrapped between words, under the step's text ("2. Memo stamped …" at 80 columns), not cut mid-word
        number = line.split(" ", 1)[0]
        indent = " " * (len(number) + 1) if number[:-1].isdigit() and number.endswith(".") else ""
        for piece in textwrap.wrap(line, width=max(console.width, 40), subsequent_indent=indent,
                                   break_on_hyphens=False) or [""]:
            console.print(escape(piece), highlight=False, soft_wrap=True)
        said.append(line)

    out = run_demo(folder, say=say)
    # the demo's campaign keeps the log a real one would (it did not exist when the demo began)
    log_path = open_log(out.folder)
    log.info("demo: run by %s (campaign %s)", login_name(), __version__)
    for line in said:
        log.info("demo: %s", line)
    campaign = load_campaign(out.folder)
    with campaign.open_store() as store:
        print_status(collect_status(campaign, store))
    home = Path(out.folder).resolve()
    # each file named inside the campaign folder, which is named once: the lines fit 80 columns
    table = Table(title=f"Where everything is, in {escape(str(home))}", title_justify="left", show_header=False,
                  box=None, padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for label, path in (("Settings", out.settings), ("Database", out.database),
                        ("Stamped invoices (to print)", out.stamped), ("Stamping report", out.stamp_report),
                        ("Review workbook (as exported)", out.review), ("Review workbook (as reviewed)", out.reviewed),
                        ("Client import file", out.export), *(("Reminder list", p) for p in out.reminders),
                        ("Log", log_path)):
        if path is not None:
            table.add_row(label, Text(_inside(Path(path), home)))
    console.print(table)
    console.print(f"Try: campaign --campaign {escape(str(folder))} match list", highlight=False)


def _inside(path: Path, folder: Path) -> str:
    """``path`` as written from ``folder`` when it is inside it (its own name when it is the folder)."""
    try:
        return str(path.resolve().relative_to(folder)) or "."
    except ValueError:
        return str(path)

