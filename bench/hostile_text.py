"""Time the harvest's stages (understanding + matching) on hostile texts, one message at a time.

Each input is a 200 KB subject or body built to make a regular expression backtrack (long runs
without spaces, thousands of '@', capitalised words, quote markers, nested HTML...). A message
must go through every stage in well under 5 s, whatever it holds.

    python bench/hostile_text.py            # every pattern, subject and body
    python bench/hostile_text.py --size 50000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from campaign.mail.harvest import harvest_files  # noqa: E402
from campaign.synthetic import campaign_with_clients, make_clients  # noqa: E402

KINDS = ("subject", "body", "html")

PATTERNS: dict[str, str] = {
    "no-space run": "a",
    "at signs": "@",
    "a@ pairs": "a@",
    "dots": "a.",
    "spaces": " ",
    "words": "mot ",
    "capitalised words": "Durand ",
    "capitalised de": "Durand de ",
    "digits": "1",
    "street numbers": "12 rue ",
    "url": "http://",
    "www": "www.",
    "address-like": "x@y.",
    "angle brackets": "<a@b.fr",
    "encoded words": "=?utf-8?B?",
    "quote markers": "> ",
    "newlines + quotes": "\n> ",
    "greetings": "\nBonjour ",
    "pour le": "pour le ",
    "siren digits": "123 456 789 ",
    "dashes": "-",
    "apostrophes": "l'",
    "at + spaces": "a @ b . ",
    "arobase words": " arobase point ",
    "html tags": "<div>",
    "wrote lines": "\nLe 1 janv. 2027, X a écrit :",
}


def message(kind: str, text: str) -> bytes:
    """One reply with the hostile text as its subject (folded as sent), plain body or HTML body."""
    subject = " ".join(text.split()) or "x" if kind == "subject" else "Adresse de facturation"
    body = "Voici mon adresse : compta@example.org"
    if kind == "body":
        body = text
    elif kind == "html":
        body = f"<html><body>{text}</body></html>"
    subtype = "html" if kind == "html" else "plain"
    head = (f"From: client@example.org\r\nTo: secretariat@cabinet.example\r\nSubject: {subject}\r\n"
            f"Message-ID: <{abs(hash((kind, text)))}@example.org>\r\nMIME-Version: 1.0\r\n"
            f"Content-Type: text/{subtype}; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
    return head.encode() + body.replace("\n", "\r\n").encode("utf-8")


def cases(size: int) -> list[tuple[str, bytes]]:
    """(name, raw message) for every pattern, as subject, plain body and HTML body."""
    out = []
    for name, unit in PATTERNS.items():
        text = (unit * (size // len(unit) + 1))[:size]
        for kind in KINDS:
            out.append((f"{name} in {kind}", message(kind, text)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200_000, help="characters per hostile text")
    parser.add_argument("--clients", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        campaign = campaign_with_clients(Path(tmp) / "c", make_clients(args.clients))
        worst = 0.0
        with campaign.open_store() as store:
            for number, (name, raw) in enumerate(cases(args.size)):
                folder = Path(tmp) / f"m{number}"
                folder.mkdir()
                (folder / "reply.eml").write_bytes(raw)
                start = time.perf_counter()
                report = harvest_files(store, folder)
                took = time.perf_counter() - start
                worst = max(worst, took)
                failed = report.pipeline.failed if report.pipeline else "-"
                print(f"{took:7.3f} s  {name:35s} failed stages: {failed}", flush=True)
        print(f"worst: {worst:.3f} s over {len(cases(args.size))} messages of {args.size} characters")


if __name__ == "__main__":
    main()
