"""Benchmark: replies to e-mailed requests (issue 16) on the frozen blind set
tests/fixtures/requests-blind (45 messages written and labelled blind: replies from the address
written to and from others, forwards by managers, replies naming other clients, automatic replies,
bounces), run through a real campaign: requests sent to a local SMTP server, the replies harvested.

    .venv/bin/python bench/threaded_replies.py [SET] [--labels labels-blind.json] [--misses]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} % ({part}/{whole})" if whole else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", default="labels.json", help="labels file of the set (the writer's, or the blind "
                                                                "labeller's labels-blind.json)")
    parser.add_argument("--misses", action="store_true", help="list what differs from the labels")
    parser.add_argument("set", nargs="?", type=Path, help="the set's folder (default tests/fixtures/requests-blind)")
    args = parser.parse_args()
    from tests.threaded_set import SET, run_set

    with tempfile.TemporaryDirectory() as tmp:
        s = run_set(Path(tmp), args.labels, args.set or SET)
    print(f"replies threaded to a request, linked to exactly their client   {_pct(s.linked_right, s.replies)}")
    print(f"... of which linked with nothing left to check (pre-filled)    {_pct(s.settled, s.replies)}")
    print(f"wrong automatic links                                          {s.wrong_links}")
    print(f"replies also naming other clients, sent to review with them   {_pct(s.others_proposed, s.with_others)}")
    print(f"automatic replies left unlinked                                {_pct(s.automatic_unlinked, s.automatic)}")
    print(f"bounces that mark their request                                {_pct(s.bounces_marked, s.bounces)}")
    print(f"intent right (replies)                                         {_pct(s.intents_right, s.intents)}")
    print(f"address right (address replies)                                {_pct(s.addresses_right, s.addresses)}")
    if args.misses:
        for line in s.misses:
            print("  " + line)


if __name__ == "__main__":
    main()
