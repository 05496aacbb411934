"""The typer application and what every command shares: finding the campaign, errors, output."""

from __future__ import annotations

import contextlib
import csv
import enum
import functools
import io
import json
import os
import sqlite3
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Optional, TypeVar

import typer
import typer.core
from rich.console import Console
from rich.markup import escape

from campaign import __version__
from campaign.atomic import set_sharing
from campaign.errors import CampaignError, UsageError
from campaign.vocabulary import ListFormat
from campaign.logs import logger as log
from campaign.logs import open_log
from campaign.text import guard_formula
from campaign.user import login_name
from campaign.wording import plural  # noqa: F401  (the commands import it from here)

if TYPE_CHECKING:  # `campaign --help` must not pay for the settings checks and the database layer
    from campaign.store import Store
    from campaign.workspace import Campaign

# The order of `campaign --help`: the order of a campaign's work, then the occasional commands.
WORKFLOW = ("init", "clients", "stamp", "send", "harvest", "replies", "match", "review", "export", "remind", "status",
            "reprocess", "purge", "auth", "demo")


class WorkflowGroup(typer.core.TyperGroup):
    """The top-level command group, listing its commands in WORKFLOW order."""

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        order = {name: index for index, name in enumerate(WORKFLOW)}
        return sorted(names, key=lambda name: order.get(name, len(order)))


def _plain_flags() -> None:
    """Show flags as flags: typer 0.29 prints a type after each one ("--dry-run <bool>", "--help <bool>")."""
    option = getattr(typer.core, "TyperOption", None)
    shown = getattr(option, "display_type_rich", None)
    if option is None or shown is None or getattr(shown, "plain_flags", False):
        return

    def display_type_rich(self: Any, ctx: Any) -> str | None:
        return None if self.is_flag else shown(self, ctx)

    display_type_rich.plain_flags = True  # type: ignore[attr-defined]
    option.display_type_rich = display_type_rich


_plain_flags()

app = typer.Typer(
    name="campaign",
    cls=WorkflowGroup,
    help="Switch a firm's clients from posted to e-mailed invoices: memo, harvest, match, review, export.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # locals could hold a password
)
console = Console()
err_console = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])
E = TypeVar("E", bound=enum.Enum)


def choice(kind: type[E]) -> Callable[[Any], E]:
    """typer's parser for an option taking one of ``kind``'s values, any case: a wrong one is refused
    with the values and the one probably meant (typer's own refusal began 'Value error,' and guessed
    nothing)."""
    def parse(value: Any) -> E:
        if isinstance(value, kind):
            return value
        for member in kind:
            if member.value == str(value).strip().lower():
                return member
        from campaign.settings_model import closest  # only on a mistake

        values = [str(member.value) for member in kind]
        meant = closest(str(value).lower(), values)
        raise typer.BadParameter(f"'{value}' is not one of {', '.join(values)}"
                                 + (f": did you mean {meant}?" if meant else ""))
    return parse


def choices_text(kind: type[enum.Enum]) -> str:
    """'a, b or c': an option's values, for its help (a metavar listing them is cut mid-word at 80 columns)."""
    values = [str(member.value) for member in kind]
    return ", ".join(values[:-1]) + " or " + values[-1]


# --format of every listing command (one option object serves them all, as typer allows)
LIST_FORMAT = typer.Option(ListFormat.TABLE, "--format", parser=choice(ListFormat), metavar="FORMAT",
                           help=f"How to print the list: {choices_text(ListFormat)}.")
EXIT_INTERRUPTED = 130  # what shells report for a command stopped by Ctrl+C


def _version(value: bool) -> None:
    if value:
        typer.echo(f"campaign {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    campaign_dir: Optional[str] = typer.Option(
        None, "--campaign", envvar="CAMPAIGN_DIR", metavar="DIR",
        help="Campaign folder (default: $CAMPAIGN_DIR, then the current folder).",
    ),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
    verbose: bool = typer.Option(False, "--verbose", help="Write details to campaign.log too (debug level)."),
) -> None:
    """Run an invoice e-mail campaign from its folder (campaign.toml + campaign.db)."""
    ctx.obj = {"campaign_dir": campaign_dir, "verbose": verbose}


def current_campaign(ctx: typer.Context) -> Campaign:
    """The campaign named by --campaign, $CAMPAIGN_DIR or the current folder.

    Its ``[files] mode`` decides, from here on, who may open the outputs the command writes.
    """
    from campaign.settings_check import check_keys
    from campaign.workspace import load_campaign

    options = ctx.find_root().obj or {}
    campaign = load_campaign(options.get("campaign_dir"))
    check_keys(campaign.settings)  # a misspelt key anywhere stops every command, with its line
    set_sharing(campaign.settings.files_mode)
    open_log(campaign.folder, verbose=bool(options.get("verbose")), sharing=campaign.settings.files_mode)
    return campaign


def out_file(out: Path | None, folder: Path, default: str) -> Path:
    """Where an ``--out FILE`` option writes: the default name in ``folder`` when none is given, or in
    ``out`` when it is a folder (as ``cp`` does); a file in a folder that does not exist is refused."""
    if out is None:
        return folder / default
    if out.is_dir():
        return out / default
    if not out.parent.is_dir():
        raise UsageError(f"--out {out}: the folder {out.parent} does not exist; create it or choose another")
    refuse_own_file(out)
    return out


# The campaign's own files: an output written over one of them would destroy the campaign.
_OWN_FILES = ("campaign.db", "campaign.db-journal", "campaign.db-wal", "campaign.db-shm", "campaign.toml",
              "review.key", "campaign.lock", "campaign.lock.json")


def refuse_own_file(out: Path) -> None:
    """Refuse an ``--out`` that names one of a campaign's own files (its database, settings, key)."""
    if out.name.lower() in _OWN_FILES:
        raise UsageError(f"--out {out}: that is one of the campaign's own files; choose another name")


@contextlib.contextmanager
def writing(campaign: Campaign, command: str) -> Iterator[Store]:
    """The campaign's database, for a command that writes: one writer at a time."""

    def waiting(line: str) -> None:
        err_console.print(escape(line), highlight=False, soft_wrap=True)
        log.info("%s: %s", command, line)

    started = time.monotonic()
    log.info("%s: started by %s (campaign %s)", command, login_name(), __version__)
    # passwords never come on the command line (environment or keyring), so it may be written down
    log.debug("%s: command line %s; folder %s; Python %s on %s", command, " ".join(sys.argv[1:]), campaign.folder,
              sys.version.split()[0], sys.platform)
    try:
        with campaign.writer(command, on_wait=waiting) as store:
            yield store
    except KeyboardInterrupt:
        log.warning("%s: stopped by Ctrl+C after %.1f s", command, time.monotonic() - started)
        raise
    except BaseException as exc:
        log.error("%s: ended on %s after %.1f s", command, type(exc).__name__, time.monotonic() - started)
        raise
    log.info("%s: done in %.1f s", command, time.monotonic() - started)


def _busy(exc: sqlite3.OperationalError) -> CampaignError | None:
    """A one-line error for SQLite's "database is locked" (a writer outside campaign's lock)."""
    if "locked" in str(exc) or "busy" in str(exc):
        return CampaignError("the campaign database stayed locked by another program for 30 s (a copy "
                             "tool, an antivirus, a second campaign version?); run the command again")
    return None


def os_error_line(exc: OSError) -> str:
    """One line for a file the system refused: a locked or unreadable input, a full disk."""
    where = f"{exc.filename}: " if exc.filename else ""
    if isinstance(exc, PermissionError):
        return (f"{where}cannot be opened: it is open in another program (Excel?) or you may not read it; close it"
                " or check its permissions, and run the command again")
    return f"{where}{exc.strerror or exc}; check the file and the folder, and run the command again"


def say_error(line: str) -> None:
    """One problem, on stderr and in the campaign's log."""
    err_console.print(f"[bold red]error:[/] {escape(line)}", highlight=False, soft_wrap=True)
    log.error("%s", line)


def reports_errors(func: F) -> F:
    """Turn a CampaignError into 'error: …' on stderr and its exit code (1, or 2 for usage)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except sqlite3.OperationalError as exc:
            error = _busy(exc)
            if error is None:
                raise
            say_error(str(error))
            raise typer.Exit(error.exit_code) from None
        except CampaignError as exc:
            say_error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:  # the reader of our output went away (`| head`): nothing to say to it
            with contextlib.suppress(OSError):  # and nothing more to write at exit (Python's own advice)
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(1) from None
        except OSError as exc:  # a file we read or write, refused by the system: one line, no traceback
            say_error(os_error_line(exc))
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            err_console.print("stopped (Ctrl+C): what was committed is kept; run the same command again to "
                              "finish", highlight=False, soft_wrap=True)
            raise typer.Exit(EXIT_INTERRUPTED) from None

    return wrapper  # type: ignore[return-value]


def _write_utf8(text: str) -> None:
    """``text`` on stdout in UTF-8 whatever the console's code page (Windows redirects stdout in
    cp1252, which cannot write every name or subject): what scripts read is UTF-8 everywhere."""
    out = getattr(sys.stdout, "buffer", None)
    if out is None:  # a stream without bytes underneath (an embedding program's): its own encoding
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    out.write(text.encode("utf-8", "surrogateescape"))
    out.flush()


JSON_VERSION = 1  # docs/json.md: a field renamed or removed makes it 2; fields added keep it


ADDRESS_WIDTH = 40  # a long column (sender, addresses) is given at most this, then folds
SHORT = 12  # a column whose cells are all this short (ids, dates, states, codes) is never wrapped


def _column_widths(columns: list[str], shown: list[list[str]], width: int, squeeze: Iterable[str]) -> list[int]:
    """Each column's width in a table of ``width`` characters; 0 leaves it out.

    Short columns get their longest cell; long ones (senders, addresses) theirs too when that leaves
    room for the rest, else up to ADDRESS_WIDTH; the ``squeeze`` ones (subjects: whole in `match show`)
    what is left, cut with an ellipsis, and are left out when less than 8 characters are left.
    """
    longest = [max([len(column)] + [len(line) for cells in shown for line in cells[n].split("\n")])
               for n, column in enumerate(columns)]
    squeezed = [n for n, column in enumerate(columns) if column in squeeze]
    long = [n for n in range(len(columns)) if longest[n] > SHORT and n not in squeezed]
    out = [0 if n in squeezed or n in long else longest[n] for n in range(len(columns))]

    def room(shown_columns: int) -> int:  # a space each side of every column, and a rule between them
        return width - 1 - 3 * (shown_columns - 1) - 1 - sum(out)

    wanted = {n: longest[n] for n in long}
    if room(len(columns)) - sum(wanted.values()) < 8 * len(squeezed):
        wanted = {n: min(longest[n], ADDRESS_WIDTH) for n in long}
    left = room(len(columns)) - sum(wanted.values())
    if squeezed and left >= 8 * len(squeezed):
        for n in squeezed:
            out[n] = min(longest[n], left // len(squeezed))
    else:
        left = room(len(columns) - len(squeezed)) - sum(wanted.values())
    share = max(10, room(len(columns) - len(squeezed)) // len(long)) if long else 0
    for n in long:  # too narrow: the long columns share the room, folding, never below 10 characters
        out[n] = wanted[n] if left >= 0 else min(wanted[n], share)
    return out


def emit_rows(rows: list[dict[str, Any]], columns: Iterable[str], fmt: str, title: str | None = None,
              squeeze: Iterable[str] = ("subject",)) -> None:
    """Print rows as a rich table, CSV or JSON on stdout.

    The CSV is for people opening it in a spreadsheet, not for software import (scripts read the
    JSON): ';'-separated and UTF-8 with a byte-order mark, which is what Excel in a French locale
    needs to open it in columns with its accents; text cells that a spreadsheet would run as
    formulas (names, subjects come from outside) get the export's "'" guard.
    """
    from rich.table import Table
    from rich.text import Text


    columns = list(columns)
    if fmt == "json":
        # scripts read these fields (docs/json.md): each object says which contract it keeps
        _write_utf8(json.dumps([{**row, "format_version": JSON_VERSION} for row in rows], ensure_ascii=False,
                               indent=2) + "\n")
    elif fmt == "csv":
        text = io.StringIO("\ufeff")
        text.seek(0, io.SEEK_END)
        writer = csv.writer(text, delimiter=";", lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            values = ("; ".join(v) if isinstance(v, list) else v for v in (row[c] for c in columns))
            writer.writerow([guard_formula(v) if isinstance(v, str) else v for v in values])
        _write_utf8(text.getvalue())
    elif fmt == "table":
        from rich import box

        # a list (addresses, clients) one item per line, so that an address is never split across two
        shown = [["\n".join(v) if isinstance(v, list) else str(v) for v in (row[c] for c in columns)] for row in rows]
        widths = _column_widths(columns, shown, console.width, squeeze)
        table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False)
        for n, column in enumerate(columns):
            if widths[n] == 0:
                continue
            squeezed = column in squeeze
            table.add_column(column, width=widths[n], no_wrap=squeezed, overflow="ellipsis" if squeezed else "fold")
        shown = [[cells[n] for n in range(len(columns)) if widths[n]] for cells in shown]
        for cells in shown:
            table.add_row(*(Text(cell) for cell in cells))
        console.print(table)
    else:
        raise typer.BadParameter(f"unknown format '{fmt}': use table, csv or json", param_hint="--format")
