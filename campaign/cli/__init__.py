"""Command-line interface: a thin layer over the importable ``campaign`` library."""

from __future__ import annotations

import sys
import warnings

from campaign.cli import clients as _clients  # noqa: F401  (registers commands)
from campaign.cli import export as _export  # noqa: F401
from campaign.cli import harvest as _harvest  # noqa: F401
from campaign.cli import match as _match  # noqa: F401
from campaign.cli import remind as _remind  # noqa: F401
from campaign.cli import review as _review  # noqa: F401
from campaign.cli import send as _send  # noqa: F401
from campaign.cli import setup as _setup  # noqa: F401
from campaign.cli import stamp as _stamp  # noqa: F401
from campaign.cli.app import app


def _one_line_warning(message, category, filename, lineno, file=None, line=None) -> None:  # noqa: ANN001
    """Library warnings (a setting renamed, ...) as one plain line on stderr, no source path."""
    print(f"warning: {message}", file=sys.stderr)


def main() -> None:
    """Entry point of the ``campaign`` console script."""
    warnings.showwarning = _one_line_warning
    app()


__all__ = ["app", "main"]
