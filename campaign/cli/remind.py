"""`campaign remind`: one workbook per engagement manager with the clients to call."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from rich.markup import escape

from campaign.cli.app import app, console, current_campaign, err_console, plural, reports_errors, writing
from campaign.errors import EXIT_SOME_FAILED

# campaign.remind.DEFAULT_DIR, for the help text without loading openpyxl (tests/test_cli_startup.py
# checks that they agree)
DEFAULT_DIR = "reminders"


@app.command()
@reports_errors
def remind(
    ctx: typer.Context,
    manager: List[str] = typer.Option([], "--manager", metavar="NAME",
                                      help="Only this engagement manager (case and accents ignored; repeatable)."),
    out: Optional[Path] = typer.Option(None, "--out", metavar="DIR",
                                       help=f"Folder for the workbooks (default: the campaign's {DEFAULT_DIR}/)."),
) -> None:
    """Write, per engagement manager, the clients without an answer (or to chase) as an .xlsx to call from.

    Example: campaign remind --manager "Claire Fontaine"
    """
    from campaign.clients.codes import case_sensitive
    from campaign.remind import DEFAULT_DIR, write_reminders

    campaign = current_campaign(ctx)
    folder = out if out is not None else campaign.folder / DEFAULT_DIR
    with writing(campaign, "remind") as store:
        lists, nobody = write_reminders(store, folder, campaign.settings.language, manager,
                                        case_sensitive(campaign.settings))
    failed = [item for item in lists if item.error]
    for item in lists:
        who = item.manager or "(no manager)"
        if item.error:
            err_console.print(f"[bold red]error:[/] {escape(who)}: {escape(item.error)}", highlight=False,
                              soft_wrap=True)
            continue
        console.print(f"{escape(who)}: {plural(len(item.rows), 'client')} to call -> {escape(str(item.path))}",
                      highlight=False,
                      soft_wrap=True)
    for name in nobody:
        console.print(f"{escape(name)}: nobody to call (no file written)", highlight=False)
    total = sum(len(item.rows) for item in lists if not item.error)
    if not lists and not nobody:
        console.print("Nobody to call: every client has answered, or no client file was imported yet"
                      " (`campaign clients import FILE`).", highlight=False)
    written = plural(len(lists) - len(failed), "workbook")
    console.print(f"[bold]{plural(total, 'client')} to call, {written} in {escape(str(folder))}[/]",
                  highlight=False, soft_wrap=True)
    if failed:
        raise typer.Exit(EXIT_SOME_FAILED)
