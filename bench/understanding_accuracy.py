"""Benchmark: accuracy of reply understanding (issue 4) on the labelled corpus and public mail.

Runs ``campaign.understanding.understand`` on

- every ``tests/fixtures/replies/*.eml`` and compares with ``labels.json``: intent accuracy
  (overall, per expected intent, confusion list), address precision and recall over
  ``addresses ∪ copies`` (a predicted address is correct when it is in the labelled set),
  main-address exactness, copy placement, client address / forwarder, expected flags,
  references and SIRENs where labelled;
- the public real-world mail in ``../shared/fixtures/public-mail/`` by rule: sisimai
  ``lhost-*``/``rhost-*`` (and ``rfc3464-*``) must be ``bounce``, ``rfc3834-*`` ``autoreply``,
  ``arf-*`` ``other`` or ``bounce``, and none of them may yield an address; ``mime-*`` must not
  crash nor propose a firm address (known DSNs there must be ``bounce``); ``french-replies-*``
  bodies are wrapped in minimal headers and must not crash nor propose a firm address.

Addresses are compared case-insensitively. Targets (issue 4): intent accuracy >= 97 %,
address precision >= 99 %, recall >= 95 %.

    .venv/bin/python bench/understanding_accuracy.py
    .venv/bin/python bench/understanding_accuracy.py --no-public --failures /tmp/understanding_failures.txt

The report and every failure are also written to ``--failures`` (default
/tmp/understanding_failures.txt), rewritten on each run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIXTURES = ROOT / "tests" / "fixtures" / "replies"
PUBLIC = ROOT.parent / "shared" / "fixtures" / "public-mail"
SECRETARIAT = "secretariat@cabinet-exemple.fr"
FIRM_DOMAINS = ("cabinet-exemple.fr",)
INTENTS = ("address", "refusal", "question", "autoreply", "bounce", "other")
TARGETS = {"intent_accuracy": 0.97, "precision": 0.99, "recall": 0.95}
# DSNs among the MIME test messages (checked by hand: multipart/report delivery-status or an MTA failure text).
KNOWN_DSN = {"mime-cpython": {"msg_05.txt", "msg_16.txt", "msg_25.txt", "msg_43.txt"},
             "mime-flanker": {"bounce__broken-mime.eml", "bounce__delayed.eml", "bounce__gmail-invalid-address.eml",
                              "bounce__gmail-no-dns.eml", "bounce__mailbox-full.eml", "bounce__no-mx.eml",
                              "bounce__office365.eml", "bounce__zed.eml"}}


def load_engine():
    """The engine's ``understand`` and a FirmContext for the corpus firm; exit 2 if missing."""
    try:
        from campaign.understanding import FirmContext, understand
    except ImportError as exc:
        raise SystemExit(f"error: campaign.understanding is not importable ({exc}); "
                         "the understanding engine (issue 4) must exist before this benchmark can run") from exc
    return understand, FirmContext(secretariat=SECRETARIAT, domains=list(FIRM_DOMAINS))


def norm(address: str) -> str:
    return address.strip().casefold()


def is_firm(address: str) -> bool:
    a = norm(address)
    domain = a.rpartition("@")[2]
    return a == SECRETARIAT or any(domain == d or domain.endswith("." + d) for d in FIRM_DOMAINS)


def run_one(understand, firm, raw: bytes):
    """(result, error text): the engine must never raise; an exception is recorded as a crash."""
    try:
        return understand(raw, firm), ""
    except Exception:  # noqa: BLE001 - any exception is a finding to report
        return None, traceback.format_exc(limit=3).strip().splitlines()[-1]


@dataclass
class CorpusScore:
    n: int = 0
    intent_ok: int = 0
    per_intent: Counter = field(default_factory=Counter)
    per_intent_ok: Counter = field(default_factory=Counter)
    confusion: list = field(default_factory=list)  # (file, expected, got)
    tp: int = 0
    fp: int = 0
    fn: int = 0
    main_total: int = 0
    main_ok: int = 0
    role_errors: int = 0
    checks: Counter = field(default_factory=Counter)      # name -> labelled count
    checks_ok: Counter = field(default_factory=Counter)   # name -> correct count
    firm_proposed: list = field(default_factory=list)
    crashes: list = field(default_factory=list)
    failures: list = field(default_factory=list)          # detailed text per failing message

    @property
    def intent_accuracy(self) -> float:
        return self.intent_ok / self.n if self.n else 0.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def load_labels() -> dict[str, dict]:
    return json.loads((FIXTURES / "labels.json").read_text(encoding="utf-8"))


def score_corpus(understand, firm, labels: dict[str, dict] | None = None) -> CorpusScore:
    """Score the engine on the labelled corpus."""
    labels = load_labels() if labels is None else labels
    s = CorpusScore()
    for name, label in sorted(labels.items()):
        raw = (FIXTURES / name).read_bytes()
        result, error = run_one(understand, firm, raw)
        problems: list[str] = []
        s.n += 1
        expected = label["intent"]
        s.per_intent[expected] += 1
        if result is None:
            s.crashes.append((name, error))
            s.confusion.append((name, expected, "CRASH"))
            s.fn += len(label.get("addresses", [])) + len(label.get("copies", []))
            s.failures.append(f"{name}: CRASH {error}\n    note: {label.get('note', '')}")
            continue
        got = getattr(result, "intent", None)
        if got == expected:
            s.intent_ok += 1
            s.per_intent_ok[expected] += 1
        else:
            s.confusion.append((name, expected, got))
            problems.append(f"intent: expected {expected}, got {got}")
        pred_main = [norm(a) for a in getattr(result, "addresses", [])]
        pred_copies = [norm(a) for a in getattr(result, "copies", [])]
        firm_hits = [a for a in pred_main + pred_copies if is_firm(a)]
        if firm_hits:
            s.firm_proposed.append((name, firm_hits))
            problems.append(f"firm address proposed: {firm_hits}")
        if "addresses" in label:
            exp_main = [norm(a) for a in label["addresses"]]
            exp_copies = [norm(a) for a in label.get("copies", [])]
            exp, pred = set(exp_main) | set(exp_copies), set(pred_main) | set(pred_copies)
            s.tp += len(pred & exp)
            s.fp += len(pred - exp)
            s.fn += len(exp - pred)
            if pred - exp:
                problems.append(f"WRONG address(es) proposed: {sorted(pred - exp)}")
            if exp - pred:
                problems.append(f"missed address(es): {sorted(exp - pred)}")
            if exp_main:
                s.main_total += 1
                if pred_main[:1] == exp_main[:1]:
                    s.main_ok += 1
                else:
                    problems.append(f"main address: expected {exp_main[0]}, got {pred_main[:1] or 'none'}")
            misplaced = (set(pred_main) & set(exp_copies)) | (set(pred_copies) & set(exp_main))
            if misplaced:
                s.role_errors += len(misplaced)
                problems.append(f"copy/main swapped: {sorted(misplaced)}")
        for key in ("client_address", "forwarded_by"):
            if key in label:
                s.checks[key] += 1
                value = norm(getattr(result, key, "") or "")
                if value == norm(label[key]):
                    s.checks_ok[key] += 1
                else:
                    problems.append(f"{key}: expected {label[key]!r}, got {value!r}")
        if "flags" in label:
            s.checks["flags"] += 1
            missing = set(label["flags"]) - set(getattr(result, "flags", []))
            if not missing:
                s.checks_ok["flags"] += 1
            else:
                problems.append(f"missing flag(s): {sorted(missing)}")
        if "mentioned" in label:
            s.checks["mentioned"] += 1
            got = (getattr(result, "context", {}) or {}).get("mentioned", [])
            if got == label["mentioned"]:
                s.checks_ok["mentioned"] += 1
            else:
                problems.append(f"mentioned: expected {label['mentioned']}, got {got}")
        for key in ("references", "sirens"):
            if key in label:
                s.checks[key] += 1
                if set(label[key]) <= set(getattr(result, key, [])):
                    s.checks_ok[key] += 1
                else:
                    problems.append(f"{key}: expected {label[key]}, got {getattr(result, key, [])}")
        if problems:
            s.failures.append(
                f"{name}:\n    " + "\n    ".join(problems) +
                f"\n    note: {label.get('note', '')}"
                f"\n    got: intent={got} addresses={getattr(result, 'addresses', None)} copies={getattr(result, 'copies', None)} "
                f"client={getattr(result, 'client_address', None)!r} fwd={getattr(result, 'forwarded_by', None)!r} "
                f"flags={getattr(result, 'flags', None)} reason={getattr(result, 'reason', '')!r}"
                f"\n    evidence: {getattr(result, 'evidence', '')!r}")
    return s


@dataclass
class Rule:
    name: str
    total: int = 0
    passed: int = 0
    failures: list = field(default_factory=list)

    def check(self, ok: bool, what: str) -> None:
        self.total += 1
        if ok:
            self.passed += 1
        else:
            self.failures.append(what)


def wrap_body(body: bytes, name: str) -> bytes:
    """A bare reply body (no headers) as a minimal message from a client to the firm."""
    head = (f"From: Client Exemple <client@client-exemple.example>\r\nTo: {SECRETARIAT}\r\n"
            "Subject: Re: Vos factures par e-mail\r\nDate: Tue, 3 Nov 2026 10:00:00 +0100\r\n"
            f"Message-ID: <{name}@client-exemple.example>\r\nMIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
    return head.encode() + body


def score_public(understand, firm) -> list[Rule]:
    """Apply the public-mail rules; each rule lists its failing files."""
    rules = {k: Rule(k) for k in (
        "sisimai lhost-*/rhost-* => bounce", "sisimai rfc3464-* => bounce (ours)",
        "sisimai rfc3834-* => autoreply", "sisimai arf-* => other|bounce",
        "sisimai: no address proposed", "mime-*: no crash", "mime-*: no firm address proposed",
        "mime-*: known DSNs => bounce (ours)", "french-replies-*: no crash, no firm address")}
    if not PUBLIC.is_dir():
        print(f"warning: {PUBLIC} not found; public-mail rules skipped", file=sys.stderr)
        return []
    for path in sorted((PUBLIC / "bounces-autoreplies-sisimai").glob("*.eml")):
        r, err = run_one(understand, firm, path.read_bytes())
        intent = getattr(r, "intent", "CRASH")
        stem = path.name
        if stem.startswith(("lhost-", "rhost-")):
            rules["sisimai lhost-*/rhost-* => bounce"].check(intent == "bounce", f"{stem}: got {intent} {err}")
        elif stem.startswith("rfc3464-"):
            rules["sisimai rfc3464-* => bounce (ours)"].check(intent == "bounce", f"{stem}: got {intent} {err}")
        elif stem.startswith("rfc3834-"):
            rules["sisimai rfc3834-* => autoreply"].check(intent == "autoreply", f"{stem}: got {intent} {err}")
        elif stem.startswith("arf-"):
            rules["sisimai arf-* => other|bounce"].check(intent in ("other", "bounce"), f"{stem}: got {intent} {err}")
        found = [] if r is None else list(r.addresses) + list(r.copies)
        rules["sisimai: no address proposed"].check(r is not None and not found, f"{stem}: {found or err}")
    for folder in sorted(PUBLIC.glob("mime-*")):
        for path in sorted(folder.iterdir()):
            if path.name.startswith("LICENSE"):
                continue
            r, err = run_one(understand, firm, path.read_bytes())
            label = f"{folder.name}/{path.name}"
            rules["mime-*: no crash"].check(r is not None, f"{label}: {err}")
            firm_hits = [] if r is None else [a for a in list(r.addresses) + list(r.copies) if is_firm(a)]
            rules["mime-*: no firm address proposed"].check(not firm_hits, f"{label}: {firm_hits}")
            if path.name in KNOWN_DSN.get(folder.name, ()):
                rules["mime-*: known DSNs => bounce (ours)"].check(
                    getattr(r, "intent", None) == "bounce", f"{label}: got {getattr(r, 'intent', 'CRASH')}")
    for folder in sorted(PUBLIC.glob("french-replies-*")):
        for path in sorted(folder.iterdir()):
            if path.name.startswith("LICENSE"):
                continue
            r, err = run_one(understand, firm, wrap_body(path.read_bytes(), path.stem))
            firm_hits = [] if r is None else [a for a in list(r.addresses) + list(r.copies) if is_firm(a)]
            rules["french-replies-*: no crash, no firm address"].check(
                r is not None and not firm_hits, f"{folder.name}/{path.name}: {err or firm_hits}")
    return [r for r in rules.values() if r.total]


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def corpus_summary(labels: dict[str, dict]) -> list[str]:
    by_intent = Counter(l["intent"] for l in labels.values())
    by_feature = Counter(f for l in labels.values() for f in l.get("features", []))
    lines = [f"corpus: {len(labels)} messages; by intent: " +
             ", ".join(f"{k} {by_intent[k]}" for k in INTENTS)]
    lines.append("by feature: " + ", ".join(f"{k} {v}" for k, v in sorted(by_feature.items())))
    return lines


def report(s: CorpusScore, rules: list[Rule], labels: dict[str, dict], seconds: float) -> list[str]:
    out = corpus_summary(labels)
    out.append("")
    out.append(f"intent accuracy: {pct(s.intent_accuracy)} ({s.intent_ok}/{s.n}); target {pct(TARGETS['intent_accuracy'])}")
    for k in INTENTS:
        if s.per_intent[k]:
            out.append(f"  {k:<10} {pct(s.per_intent_ok[k] / s.per_intent[k]):>6} ({s.per_intent_ok[k]}/{s.per_intent[k]})")
    out.append(f"address precision: {pct(s.precision)} (correct {s.tp}, wrong {s.fp}); target {pct(TARGETS['precision'])}")
    out.append(f"address recall:    {pct(s.recall)} (found {s.tp}, missed {s.fn}); target {pct(TARGETS['recall'])}")
    if s.main_total:
        out.append(f"main address exact: {pct(s.main_ok / s.main_total)} ({s.main_ok}/{s.main_total}); copy/main swaps: {s.role_errors}")
    for key in ("client_address", "forwarded_by", "flags", "mentioned", "references", "sirens"):
        if s.checks[key]:
            out.append(f"{key}: {s.checks_ok[key]}/{s.checks[key]} correct where labelled")
    out.append(f"firm address proposed: {len(s.firm_proposed)} message(s); crashes: {len(s.crashes)}")
    if s.confusion:
        out.append("intent confusions (file, expected, got):")
        out += [f"  {f}  {e} -> {g}" for f, e, g in s.confusion]
    if rules:
        out.append("")
        out.append("public mail rules:")
        for r in rules:
            out.append(f"  {r.name}: {r.passed}/{r.total}" + ("" if r.passed == r.total else "  FAIL"))
    out.append(f"\n({len(labels)} corpus messages in {seconds:.1f}s)")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-public", action="store_true", help="skip the public-mail rules")
    ap.add_argument("--failures", type=Path, default=Path("/tmp/understanding_failures.txt"),
                    help="where to write the report with every failure (rewritten each run)")
    ap.add_argument("--feature", help="score only the corpus messages carrying this feature (e.g. holdout-2)")
    args = ap.parse_args(argv)
    understand, firm = load_engine()
    labels = load_labels()
    if args.feature:
        labels = {k: v for k, v in labels.items() if args.feature in v.get("features", [])}
    t0 = time.perf_counter()
    s = score_corpus(understand, firm, labels)
    seconds = time.perf_counter() - t0
    rules = [] if args.no_public else score_public(understand, firm)
    lines = report(s, rules, labels, seconds)
    print("\n".join(lines))
    stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    command = " ".join([".venv/bin/python", "bench/understanding_accuracy.py", *(sys.argv[1:] if argv is None else argv)])
    detail = [f"# {command}  ({stamp}); labelling rules: tests/fixtures/replies/README.md", ""] + lines
    detail += ["", f"=== corpus failures ({len(s.failures)} messages) ==="] + s.failures
    for r in rules:
        if r.failures:
            detail += ["", f"=== public rule failed: {r.name} ({r.total - r.passed}) ==="] + [f"  {f}" for f in r.failures]
    args.failures.write_text("\n".join(detail) + "\n", encoding="utf-8")
    print(f"failures written to {args.failures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
