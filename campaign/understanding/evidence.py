"""What helps matching and reviewing: sentences, client references, SIREN/SIRET numbers, postal
addresses."""

from __future__ import annotations

import re

from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret
from stdnum.fr import tva as stdnum_tva

DEFAULT_REFERENCE_PATTERN = r"\b[Cc]\d{4,6}\b"

_NUMBER = re.compile(r"(?<![\d.,])(\d{3}[ .\u00a0]?\d{3}[ .\u00a0]?\d{3}(?:[ .\u00a0]?\d{5})?)(?![\d])")
_POSTAL = re.compile(
    r"\b\d{1,4}\s*(bis|ter)?,?\s+(rue|avenue|av\.|bd|boulevard|chemin|all[ée]e|place|impasse|route|quai|"
    r"cours|square|lieu-dit|r[ée]sidence|zone|za|zi|parc)\b|\b(bp|cs)\s*\d+\b|\b\d{5}\s+[A-ZÉÈ][\w'-]+"
    r"(\s+cedex)?\b", re.IGNORECASE)


_WRAPPED = re.compile(r"(?<=[^\n])\n(?=[^\n])")


def unwrap(text: str) -> str:
    """Lines of one paragraph joined ("merci d'envoyer les factures à\nadmin@x.fr" is one sentence);
    a blank line still ends it. Same length: positions stay valid."""
    return _WRAPPED.sub(" ", text)


WRAP_WIDTH = 60  # a line this long, ended by no stop, was wrapped by the mail client (at 72 or 76 columns)


def rejoined(text: str) -> str:
    """``text`` with the lines a mail client hard-wrapped joined again ("… rosario veut recevoir ses\nfactures
    directement sur x@": one sentence); list items, quotes and blank lines stay where they are."""
    lines = text.split("\n")
    out = [lines[0]]
    for previous, line in zip(lines, lines[1:]):
        if len(previous.rstrip()) >= WRAP_WIDTH and previous.rstrip()[-1] not in ".!?;:" \
                and line[:1] not in ("", " ", ">", "-", "*", "\u2022"):
            out[-1] = out[-1].rstrip() + " " + line
        else:
            out.append(line)
    return "\n".join(out)


def sentence_at(text: str, position: int) -> str:
    """The sentence of ``text`` around ``position`` (for evidence)."""
    window = max(0, position - 2000)
    start = window
    for m in _SENTENCE_BOUND.finditer(text, window, position):
        start = m.end() if m.group(0) != "\n" else m.start() + 1
    after = _SENTENCE_BOUND.search(text, position)
    end = after.start() + 1 if after else len(text)
    return " ".join(text[max(0, start):end].split())[:300]


# ". ", "! ", "? " or a line end; not the dot of "M. Pawlak", "Mme. X", "Dr. Y", "Ms. Tanaka", "Pr. Z"
_SENTENCE_BOUND = re.compile(r"(?<!\bM)(?<!Mme)(?<!Mr)(?<!Dr)(?<!St)(?<!\bMs)(?<!Mrs)(?<!Mlle)(?<!\bPr)[.!?](?= )|\n")


# Between two sentences, in any case: not after "M.", "Mme.", "Dr." ("voir M. Guérin" is one sentence)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])(?<!\b[mM]\.)(?<!\b[mM]me\.)(?<!\b[mM]r\.)(?<!\b[dD]r\.)(?<!\b[pP]r\.)\s+|\n")


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` (a line end ends one), stripped, without empty ones."""
    return [s.strip() for s in _SENTENCE_SPLIT.split(text) if s.strip()]


# "oui c'est bon, et idem pour la SCI": a yes, then another file's part
_CLAUSE = re.compile(r",\s*(?:et|mais|par contre|en revanche)\s+(?=(?:idem |pareil |aussi |de meme |de même )?(?:pour|concernant)\b)"
                     r"|;\s*")


def clauses(sentence: str) -> list[str]:
    """A sentence cut where it turns to another file ("ok pour cette adresse, et pareil pour la SCI") or at a
    semicolon, without empty pieces."""
    return [c for c in _CLAUSE.split(sentence) if c and c.strip()]


def references(text: str, pattern: str) -> list[str]:
    """Client references (``pattern``) quoted in ``text``, upper-cased, without repeats."""
    found: list[str] = []
    try:
        for m in re.finditer(pattern, text):
            value = m.group(0).upper()
            if value not in found:
                found.append(value)
    except re.error:
        return []
    return found[:10]


_VAT = re.compile(r"\bFR[ .\u00a0]?([0-9A-HJ-NP-Z]{2})[ .\u00a0]?(\d{3}[ .\u00a0]?\d{3}[ .\u00a0]?\d{3})\b", re.IGNORECASE)


def sirens(text: str) -> list[str]:
    """SIREN numbers (from SIREN, SIRET or French VAT number) with a valid check digit, in order, without repeats."""
    found: list[str] = []
    for m in _VAT.finditer(text):
        number = re.sub(r"\D", "", m.group(2))
        if stdnum_tva.is_valid("FR" + m.group(1).upper() + number) and number not in found:
            found.append(number)
    for m in _NUMBER.finditer(text):
        digits = re.sub(r"\D", "", m.group(1))
        number = ""
        if len(digits) == 14 and stdnum_siret.is_valid(digits):
            number = digits[:9]
        elif len(digits) == 9 and stdnum_siren.is_valid(digits):
            number = digits
        if number and number not in found and number != "000000000":
            found.append(number)
    return found[:10]


def has_postal_address(text: str) -> bool:
    """True when ``text`` seems to carry a street address (flagged, never taken as e-mail)."""
    return bool(_POSTAL.search(text))


_LEGAL_FORM = re.compile(r"\b(EI|EIRL|SARL|EURL|SARLU|SELARL|SA|SELAFA|SAS|SASU|SELAS|SPFPL|SNC|SCS|SCA|SCI|SCPI|SCP|"
                         r"SCM|SCEA|SCEV|EARL|GAEC|GFA|GIE|SCOP|CUMA|S\.A\.R\.L\.|S\.A\.S\.)\b")
_NAME_LINE = re.compile(r"^(?:(?:M\.|Mme|Dr|Me)\s+)?[A-ZÀ-Ý][a-zà-ÿ'-]+(?:[ -][A-ZÀ-Ý][A-Za-zà-ÿ'-]+){1,3}$")


def company_name(signature: str) -> str:
    """The company named in a signature: the first short line carrying a legal form ('' when none)."""
    for line in signature.split("\n")[:12]:
        line = line.strip(" -|*")
        if 2 < len(line) <= 80 and "@" not in line and _LEGAL_FORM.search(line):
            return line
    return ""


def person_name(signature: str) -> str:
    """The person's name in a signature: the first line that looks like "First Last" ('' when none)."""
    for line in signature.split("\n")[:6]:
        line = line.strip(" -,")
        if _NAME_LINE.match(line):
            return line
    return ""
