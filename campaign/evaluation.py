"""Scoring reply understanding and matching against labelled replies (issue 11's six measures).

Labels are one object per message file: ``intent``, ``addresses``, ``copies``, ``clients``,
``must_review``. Outcomes are what the campaign made of each file: ``intent``, ``addresses``
(copies included), ``linked_by``, ``clients`` (linked) and ``candidates`` (proposed). Used by
``bench/blind_accuracy.py`` and by the suite's guard on the frozen blind set; a firm can score its
own labelled sample the same way.
"""

from __future__ import annotations

import collections
import json
from pathlib import Path

from campaign.store import Store


def outcomes_from_store(store: Store) -> dict[str, dict]:
    """{file name: outcome} for every harvested message, as ``campaign replies`` and ``match list`` show them."""
    sql = ("SELECT m.id, m.file_name, r.intent, r.addresses, r.copies, o.status, o.linked_by FROM messages m"
           " LEFT JOIN replies r ON r.message_id = m.id AND r.current = 1"
           " LEFT JOIN match_outcomes o ON o.message_id = m.id")
    out = {}
    for message_id, file_name, intent, addresses, copies, status, linked_by in store.conn.execute(sql):
        candidates = store.conn.execute("SELECT client_code, linked FROM match_candidates WHERE message_id = ?"
                                        " ORDER BY rank", (message_id,)).fetchall()
        out[Path(file_name or "").name] = {
            "id": message_id, "intent": intent or "",
            "addresses": [a.lower() for a in json.loads(addresses or "[]") + json.loads(copies or "[]")],
            "status": status or "none", "linked_by": linked_by or "",
            "clients": [c for c, linked in candidates if linked], "candidates": [c for c, _ in candidates]}
    return out


MEASURES = ("intent right", "address precision", "address recall", "wrong automatic links",
            "address replies linked automatically", "right client among the proposals")


def score(labels: dict, got: dict, names: list[str]) -> tuple[dict, list[tuple[str, str]]]:
    """The six measures over ``names`` and the misses (file, what went wrong)."""
    c: collections.Counter[str] = collections.Counter()
    misses = []
    for name in names:
        label = labels[name]
        result = got.get(name)
        if result is None:
            misses.append((name, "not harvested"))
            result = {"intent": "", "addresses": [], "status": "none", "linked_by": "", "clients": [],
                      "candidates": []}
        c["messages"] += 1
        if result["intent"] == label["intent"]:
            c["intent_ok"] += 1
        else:
            misses.append((name, f"intent {result['intent']} (truth {label['intent']})"))
        truth_addresses = {a.lower() for a in label.get("addresses", []) + label.get("copies", [])}
        given = set(result["addresses"])
        c["given"] += len(given)
        c["given_ok"] += len(given & truth_addresses)
        c["truth_addresses"] += len(truth_addresses)
        if given != truth_addresses:
            misses.append((name, f"addresses {sorted(given)} (truth {sorted(truth_addresses)})"))
        truth = set(label.get("clients", []))
        auto = result["linked_by"] == "auto"
        if auto and set(result["clients"]) - truth:
            c["wrong_auto"] += 1
            misses.append((name, f"WRONG AUTOMATIC LINK {result['clients']} (truth {sorted(truth)})"))
        if label["intent"] == "address" and truth and not label.get("must_review"):
            c["address_known"] += 1
            if auto and set(result["clients"]) == truth:
                c["address_auto"] += 1
            else:
                misses.append((name, f"not linked automatically: {result['status']} {result['clients']}"
                                     f" candidates {result['candidates'][:4]} (truth {sorted(truth)})"))
        if label["intent"] in ("address", "refusal") and truth:
            c["decision_known"] += 1
            if truth <= set(result["clients"]) | set(result["candidates"]):
                c["in_proposals"] += 1
            else:
                misses.append((name, f"right client not proposed: {result['candidates'][:5]} (truth {sorted(truth)})"))
    figures = {
        "intent right": (c["intent_ok"], c["messages"]),
        "address precision": (c["given_ok"], c["given"]),
        "address recall": (c["given_ok"], c["truth_addresses"]),
        "wrong automatic links": (c["wrong_auto"], None),
        "address replies linked automatically": (c["address_auto"], c["address_known"]),
        "right client among the proposals": (c["in_proposals"], c["decision_known"]),
    }
    return figures, misses
