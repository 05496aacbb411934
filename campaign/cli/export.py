"""`campaign export`: the file for the management software's client import."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape

from campaign.cli.app import app, console, current_campaign, plural, refuse_own_file, reports_errors, writing


@app.command("export")
@reports_errors
def export(
    ctx: typer.Context,
    out: Optional[Path] = typer.Option(None, "--out", metavar="FILE",
                                       help="File to write (default: export-YYYYMMDD.csv in the campaign folder;"
                                            " a folder: that name in it)."),
    fmt: Optional[str] = typer.Option(None, "--format", metavar="csv|xlsx",
                                      help="File format (default: from --out's suffix, then \\[export] format, csv)."),
    encoding: Optional[str] = typer.Option(None, "--encoding", metavar="cp1252|utf-8-sig",
                                           help="CSV encoding (default: \\[export] encoding, cp1252)."),
    only: Optional[str] = typer.Option(None, "--only", metavar="decided|all",
                                       help="decided (default): clients a person decided for; all: every client, "
                                            "pending ones with their client-file e-mail."),
) -> None:
    """Write the client import file: code, name, SIREN, delivery mode, e-mail, copies, evidence.

    Example: campaign export --only decided --out import-clients.csv
    """
    from campaign import clock
    from campaign.cli.bars import progress_bars
    from campaign.export.export import consent_by_silence, run_export
    from campaign.export.settings import choose, export_settings
    from campaign.export.summary import pending_lines

    campaign = current_campaign(ctx)
    settings = export_settings(campaign.settings)
    into = out if out is not None and out.is_dir() else None   # a folder: the default name in it
    if out is not None and into is None:
        refuse_own_file(out)
    path, fmt, encoding, only = choose(settings, None if into else out, fmt, encoding, only, into or campaign.folder,
                                       clock.today())
    with writing(campaign, "export") as store, progress_bars() as on_progress:
        result = run_export(store, settings, path, fmt=fmt, encoding=encoding, only=only, on_progress=on_progress,
                            silence=consent_by_silence(store, campaign.settings, clock.today()))
    what = f"{fmt}, {encoding}" if fmt == "csv" else fmt
    console.print(f"Wrote {escape(str(result.path))} ({what}): {plural(result.rows, 'client')}", highlight=False,
                  soft_wrap=True,
                  emoji=False)
    for mode in ("email", "paper", "pending"):
        if mode != "pending" or only == "all":
            console.print(f"  {mode}: {result.modes.get(mode, 0)}", highlight=False)
    for line in pending_lines(result, only):
        console.print(line, highlight=False, markup=False)
    if result.transliterated:
        console.print(f"{plural(len(result.transliterated), 'cell')} had characters outside Windows-1252,"
                      " transliterated:",
                      highlight=False)
        for item in result.transliterated:
            who = item.code or "(header)"
            console.print(f"  {escape(who)} {escape(item.column)}: {escape(item.original)!r} -> "
                          f"{escape(item.written)!r}", highlight=False, soft_wrap=True, emoji=False)
    if result.by_silence:
        console.print(f"{plural(len(result.by_silence), 'client')} on e-mail without an answer: their request said"
                      " \\[requests] silence_means_consent's \"unless you tell us otherwise\" and did not bounce (evidence:"
                      " \"sans réponse à <request>\")", highlight=False, soft_wrap=True)
    if result.newer_reply:
        console.print("Exported by a decision older than the latest reply (review them with `campaign review export`): "
                      + escape(", ".join(result.newer_reply)),
                      highlight=False, soft_wrap=True)
    if result.rows == 0:
        console.print("No client to export: import the client file (`campaign clients import FILE`)"
                      + (" or record decisions (`campaign review import`)." if only == "decided" else "."),
                      highlight=False)
