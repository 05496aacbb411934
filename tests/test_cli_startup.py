"""`campaign --help` loads only the command line: the libraries a command needs load when it runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("pikepdf", "pypdfium2", "reportlab", "openpyxl", "rapidfuzz", "pandas", "imapclient", "email_validator",
         "campaign.config", "campaign.workspace", "campaign.stamping.batch")

PROBE = """
import json, runpy, sys
sys.argv = ["campaign", *sys.argv[1:]]
try:
    runpy.run_module("campaign", run_name="__main__")
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules)), file=sys.stderr)
"""


def loaded(*args: str) -> set[str]:
    """The modules ``campaign ARGS`` has imported when it ends."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, timeout=120)
    assert "Usage" in done.stdout, done.stdout + done.stderr
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("args", [("--help",), ("stamp", "--help"), ("clients", "import", "--help"),
                                  ("remind", "--help"), ("harvest", "--help")])
def test_help_loads_no_heavy_library(args):
    modules = loaded(*args)
    assert "typer" in modules  # the probe saw the command line run
    assert [name for name in HEAVY if name in modules] == []


def test_remind_help_names_the_library_default_folder():
    from campaign.cli import remind as command
    from campaign.remind import DEFAULT_DIR

    assert command.DEFAULT_DIR == DEFAULT_DIR
