"""Benchmark: matching accuracy on the labelled set (issue 5).

Usage:
  .venv/bin/python bench/matching_accuracy.py                 # the committed set (tests/fixtures/matching)
  .venv/bin/python bench/matching_accuracy.py --seed 2 --seed 3   # fresh sets from make_set.py (holdouts)
  .venv/bin/python bench/matching_accuracy.py --misses        # list every reply not auto-linked right

Each set goes through the real pipeline: a fresh campaign, `clients import` of clients.csv, then a
harvest of replies/*.eml, which runs understanding and matching. Scored against labels.json:
- wrong auto-links: replies auto-linked to any client not in the truth (the target is zero);
- auto-linked: address replies with a known client whose links are exactly the truth (>= 80%);
- in proposals: replies with a known client whose every true client is linked or proposed (>= 98%);
- must-review replies (spoof, conflict) linked without a person, even to the right client;
- replies with no true client that got linked (wrong) or left unmatched / in review.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from campaign.clients.importer import import_client_file
from campaign.mail.harvest import harvest_files
from campaign.workspace import init_campaign

SET = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "matching"


def outcomes_by_file(folder: Path) -> dict[str, dict]:
    """Run the pipeline over one labelled set; {file name: outcome with linked and proposed codes}."""
    with tempfile.TemporaryDirectory(prefix="bench-matching-") as root:
        return _outcomes(folder, Path(root))


def _outcomes(folder: Path, root: Path) -> dict[str, dict]:
    campaign = init_campaign(root / "c", firm="Cabinet Exemple", secretariat="secretariat@cabinet-exemple.fr",
                             switch_date=dt.date(2027, 3, 1))
    with campaign.open_store() as store:
        import_client_file(store, folder / "clients.csv")
        harvest_files(store, folder / "replies")
        out = {}
        for row in store.conn.execute(
                "SELECT m.file_name, o.status, o.linked_by, o.message_id FROM match_outcomes o"
                " JOIN messages m ON m.id = o.message_id"):
            candidates = store.conn.execute("SELECT client_code, linked FROM match_candidates WHERE message_id = ?"
                                            " ORDER BY rank", (row[3],)).fetchall()
            out[Path(row[0]).name] = {"status": row[1], "linked_by": row[2],
                                      "linked": sorted(c for c, linked in candidates if linked),
                                      "proposed": [c for c, _ in candidates], "message": row[3]}
    return out


def score(folder: Path, show_misses: bool) -> dict:
    """Score one set and print its figures."""
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    got = outcomes_by_file(folder)
    counts = collections.Counter()
    kinds: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    misses = []
    for name, label in sorted(labels.items()):
        truth = sorted(label["clients"])
        result = got.get(name, {"status": "missing", "linked_by": "", "linked": [], "proposed": []})
        auto = result["linked_by"] == "auto"
        kind = kinds[label.get("kind", "?")]
        kind["replies"] += 1
        counts["replies"] += 1
        if auto and set(result["linked"]) - set(truth):
            counts["wrong_auto"] += 1
            kind["wrong_auto"] += 1
            misses.append((name, "WRONG AUTO-LINK", truth, result))
        if label.get("must_review") and auto:
            counts["must_review_auto"] += 1
            misses.append((name, "must review, linked automatically", truth, result))
        if not truth:
            counts["no_client"] += 1
            counts["no_client_linked"] += bool(result["linked"])
            continue
        counts["known"] += 1
        proposed = set(result["linked"]) | set(result["proposed"])
        if set(truth) <= proposed:
            counts["in_proposals"] += 1
            kind["in_proposals"] += 1
        else:
            misses.append((name, "right client not proposed", truth, result))
        if label["intent"] == "address" and not label.get("must_review"):
            counts["address"] += 1
            kind["address"] += 1
            if auto and result["linked"] == truth:
                counts["auto_right"] += 1
                kind["auto_right"] += 1
            elif show_misses:
                misses.append((name, f"not auto-linked ({result['status']})", truth, result))
    pct = lambda a, b: f"{100 * a / b:.1f}%" if b else "n/a"  # noqa: E731
    print(f"{folder}: {counts['replies']} replies ({counts['known']} with a known client, "
          f"{counts['no_client']} with none)")
    print(f"  wrong auto-links: {counts['wrong_auto']}")
    print(f"  address replies auto-linked to exactly the right clients: {counts['auto_right']}/{counts['address']}"
          f" = {pct(counts['auto_right'], counts['address'])}")
    print(f"  right clients among the proposals: {counts['in_proposals']}/{counts['known']}"
          f" = {pct(counts['in_proposals'], counts['known'])}")
    print(f"  must-review replies linked automatically: {counts['must_review_auto']}")
    print(f"  replies with no true client that got linked: {counts['no_client_linked']}/{counts['no_client']}")
    print("  by kind (auto-linked right / address replies, in proposals / replies, wrong auto):")
    for name, kind in sorted(kinds.items()):
        print(f"    {name:<16} {kind['auto_right']:>3}/{kind['address']:<3}  {kind['in_proposals']:>3}/"
              f"{kind['replies']:<3}  {kind['wrong_auto']}")
    for name, why, truth, result in misses:
        print(f"  - {name}: {why}; truth {truth}, got {result['status']}/{result['linked_by']} "
              f"linked {result['linked']} proposed {result['proposed'][:4]} (message {result.get('message')})")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, action="append", help="score a fresh set written by make_set.py")
    parser.add_argument("--misses", action="store_true", help="also list address replies not auto-linked")
    args = parser.parse_args()
    folders = []
    for seed in args.seed or []:
        out = Path(tempfile.mkdtemp(prefix=f"matching-set-{seed}-"))
        subprocess.run([sys.executable, str(SET / "make_set.py"), "--seed", str(seed), "--out", str(out)], check=True)
        folders.append(out)
    for folder in folders or [SET]:
        score(folder, args.misses)


if __name__ == "__main__":
    main()
