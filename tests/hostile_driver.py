"""Child process of the hostile-input suite: run many `campaign` commands in one process, timing each.

    python -m tests.hostile_driver PLAN.json LOG.jsonl

PLAN is a JSON list of {"label": ..., "argv": [...]}; each argv goes through the console script's
own entry point (`campaign.cli.main`), as `python -m campaign ARGV` would. One JSON line is
appended to LOG before each command ("start") and one after it, flushed at once, so a parent that
kills this process on timeout still knows which input hung. An exception escaping the CLI (the
traceback a user would see) is recorded and the next command still runs.
"""

from __future__ import annotations

import contextlib
import io
import json
import resource
import sys
import time
import traceback


def run_one(argv: list[str]) -> dict:
    """Run `campaign ARGV` here; its exit code, output, time and any escaping exception."""
    from campaign.cli import main

    out, err = io.StringIO(), io.StringIO()
    code, crash = 0, ""
    started = time.monotonic()
    sys.argv = ["campaign", *argv]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        except BaseException:  # noqa: BLE001 - what would reach the user as a traceback
            code, crash = -1, traceback.format_exc()
    seconds = time.monotonic() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"exit": code, "stdout": out.getvalue(), "stderr": err.getvalue(), "crash": crash,
            "seconds": seconds, "peak_mb": peak_mb}


def main() -> None:
    plan_path, log_path = sys.argv[1], sys.argv[2]
    with open(plan_path, encoding="utf-8") as handle:
        plan = json.load(handle)
    with open(log_path, "a", encoding="utf-8") as log:
        for step in plan:
            log.write(json.dumps({"label": step["label"], "start": True}) + "\n")
            log.flush()
            log.write(json.dumps({"label": step["label"], **run_one(step["argv"])}) + "\n")
            log.flush()


if __name__ == "__main__":
    main()
