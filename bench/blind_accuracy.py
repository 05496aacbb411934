"""Benchmark: reply understanding and matching on a blind labelled set (issue 11).

Usage:
  .venv/bin/python bench/blind_accuracy.py                          # every set under tests/fixtures/blind/
  .venv/bin/python bench/blind_accuracy.py tests/fixtures/blind/set1 --part test
  .venv/bin/python bench/blind_accuracy.py SET --code ../old-checkout   # score another checkout's code
  .venv/bin/python bench/blind_accuracy.py SET --misses             # list the dev part's misses
  .venv/bin/python bench/blind_accuracy.py --part dev --reasons     # why dev replies were not auto-linked

A set is a folder with ``clients.csv``, ``replies/*.eml``, ``labels.json`` and ``split.json``
({file name: "dev" | "test"}). It goes through the real command line, as a user would run it: a
fresh campaign (``campaign init``), ``clients import``, ``harvest --from replies/``, then
``campaign replies --format json`` and ``campaign match list --format json`` are read back and
scored against the labels. The six measures of issue 11:

- intent right: the reply's intent is the labelled one;
- billing addresses, precision and recall: the addresses and copies given, against the labelled
  ones, summed over messages;
- wrong automatic links: replies linked without a person to any client not in the truth;
- address replies linked automatically: address replies with a known client (and nothing a
  careful secretary must check) linked without a person to exactly the true clients;
- right client among the proposals: address and refusal replies with a known client whose every
  true client is linked or proposed.

The misses of the test part are never printed: nothing is tuned on it.
"""

from __future__ import annotations

import argparse
import csv
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from campaign.evaluation import MEASURES, score  # noqa: E402  (the scoring of this checkout, whatever --code runs)

SETS = ROOT / "tests" / "fixtures" / "blind"


def campaign(code: Path, *args: str, cwd: Path | None = None) -> str:
    """Run the ``campaign`` command of checkout ``code``; its standard output."""
    env = dict(os.environ, PYTHONPATH=str(code), COLUMNS="200", PYTHONUTF8="1")  # JSON with accents, on Windows too
    # run from a neutral folder: with -c, the current folder comes first on sys.path
    done = subprocess.run([sys.executable, "-c", "from campaign.cli import main; main()", *args],
                          cwd=cwd or tempfile.gettempdir(), env=env, capture_output=True, text=True, encoding="utf-8")
    if done.returncode not in (0, 1):
        sys.exit(f"campaign {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return done.stdout


def check_code(code: Path) -> None:
    """Stop unless ``campaign`` imports from ``code`` (the checkout asked for), its pipeline stages included (a
    stage that cannot import fails each message apart: every file would read "not harvested", not an error)."""
    probe = subprocess.run(
        [sys.executable, "-c", "import campaign, campaign.understanding.stage, campaign.matching.stage; "
                               "print(campaign.__file__)"], cwd=tempfile.gettempdir(),
        env=dict(os.environ, PYTHONPATH=str(code)), capture_output=True, text=True)
    if probe.returncode != 0:
        sys.exit(f"the code in {code} does not import: {probe.stderr.strip()[-500:]}")
    where = campaign(code, "--version") and probe.stdout.strip()
    if not Path(where).resolve().is_relative_to(code.resolve()):
        sys.exit(f"campaign imports from {where}, not from {code}")
    print(f"code: {code} ({where})")


def run_set(folder: Path, code: Path, settings: dict) -> dict[str, dict]:
    """{file name: {intent, addresses, status, linked_by, clients, candidates}} from the real CLI."""
    with tempfile.TemporaryDirectory(prefix="blind-") as work:
        return _run_set(folder, code, settings, Path(work) / "c")


def _run_set(folder: Path, code: Path, settings: dict, target: Path) -> dict[str, dict]:
    campaign(code, "init", str(target), "--firm", settings["firm"], "--secretariat", settings["secretariat"],
             "--switch-date", settings["switch_date"])
    if settings.get("auto_link_confidence"):  # calibration runs: another threshold in campaign.toml
        toml = target / "campaign.toml"
        toml.write_text(toml.read_text(encoding="utf-8").replace(
            "[matching]", f"[matching]\nauto_link_confidence = {settings['auto_link_confidence']}", 1), encoding="utf-8")
    campaign(code, "--campaign", str(target), "clients", "import", str(folder / "clients.csv"))
    campaign(code, "--campaign", str(target), "harvest", "--from", str(folder / "replies"))
    replies = json.loads(campaign(code, "--campaign", str(target), "replies", "--format", "json") or "[]")
    matches = json.loads(campaign(code, "--campaign", str(target), "match", "list", "--format", "json") or "[]")
    by_id = {m["message"]: m for m in matches}
    out = {}
    for row in replies:
        name = Path(row.get("file_name") or "").name
        given = [a[3:] if a.startswith("cc ") else a for a in row.get("addresses", [])]
        match = by_id.get(row["id"], {})
        out[name] = {"id": row["id"], "intent": row.get("intent", ""), "addresses": [a.lower() for a in given],
                     "status": match.get("status", "none"), "linked_by": match.get("linked_by", ""),
                     "clients": match.get("clients", []),
                     "candidates": [c.split()[0] for c in match.get("candidates", [])],
                     "reasons": match.get("reasons", [])}
    return out


def _not_linked_reasons(labels: dict, got: dict, names: list[str], codes: set[str]) -> list[str]:
    """The review reasons (client codes and figures blanked) of the address replies with a known client,
    nothing to check, that were not linked automatically to exactly their clients. ``codes``: the
    client file's codes, blanked whatever their shape (C1234, 411DUVAL2, 4110345)."""
    out = []
    known = re.compile(r"\b(" + "|".join(sorted(map(re.escape, codes), key=len, reverse=True)) + r")\b") if codes else None
    for name in names:
        label, result = labels[name], got.get(name, {})
        if label["intent"] != "address" or not label["clients"] or label.get("must_review"):
            continue
        if result.get("linked_by") == "auto" and set(result.get("clients", [])) == set(label["clients"]):
            continue
        reasons = result.get("reasons") or [f"status {result.get('status', 'none')}"]
        blanked = [known.sub("C…", r) if known else r for r in reasons]
        out.extend(dict.fromkeys(re.sub(r"\d+(\.\d+)?", "N", re.sub(r"\b[A-Z]{0,4}\d{3,6}\b", "C…", r)) for r in blanked))
    return out


def show(title: str, figures: dict) -> None:
    """Print one column of figures."""
    print(title)
    for measure in MEASURES:
        value, total = figures[measure]
        text = str(value) if total is None else (f"{100 * value / total:5.1f} %  ({value}/{total})" if total else "n/a")
        print(f"  {measure:<38} {text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="*", type=Path, help="set folders (default: every set under tests/fixtures/blind)")
    parser.add_argument("--part", choices=("dev", "test", "all"), default="all")
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose code to run (default: this one)")
    parser.add_argument("--misses", action="store_true", help="list the misses of the dev part")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    parser.add_argument("--confidence", type=float, help="auto_link_confidence to run with (calibration)")
    parser.add_argument("--reasons", action="store_true",
                        help="count why the dev part's address replies were not linked automatically (review reasons)")
    args = parser.parse_args()
    folders = [f.resolve() for f in args.sets] or sorted(p.parent for p in SETS.glob("*/labels.json"))
    check_code(args.code)
    report = {}
    why_not_linked: collections.Counter = collections.Counter()
    for folder in folders:
        labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
        split = json.loads((folder / "split.json").read_text(encoding="utf-8")) if (folder / "split.json").exists() \
            else {name: "dev" for name in labels}
        settings = json.loads((folder / "campaign.json").read_text(encoding="utf-8"))
        settings["auto_link_confidence"] = args.confidence
        got = run_set(folder, args.code.resolve(), settings)
        parts = ("dev", "test", "all") if args.part == "all" else (args.part,)
        for part in parts:
            names = sorted(n for n in labels if part == "all" or split.get(n) == part)
            figures, misses = score(labels, got, names)
            show(f"{folder.name} [{part}] {len(names)} replies", figures)
            report[f"{folder.name}/{part}"] = figures
            if args.misses and part == "dev":
                for name, why in misses:
                    print(f"    - {name} (message {got.get(name, {}).get('id')}): {why}")
            if args.reasons and part == "dev":
                with open(folder / "clients.csv", encoding="cp1252", newline="") as handle:
                    codes = {row["Code client"] for row in csv.DictReader(handle, delimiter=";")}
                why_not_linked.update(_not_linked_reasons(labels, got, names, codes))
    if args.reasons:
        print("why address replies of the dev part were not linked automatically (replies per reason):")
        for reason, count in why_not_linked.most_common(25):
            print(f"  {count:4d}  {reason}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
