"""Finding e-mail addresses in text as people write them, obfuscated or not, and checking them.

"compta [at] durand.fr", "compta arobase durand point fr", "compta @ durand . fr" and mailto
targets all come out as ``compta@durand.fr``; every candidate is then checked with
email-validator (syntax only, no network) and lower-cased.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from email_validator import EmailNotValidError, validate_email

_LOCAL = r"[A-Za-z0-9](?:[A-Za-z0-9._%+'-]{0,63}[A-Za-z0-9_%+-])?"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?"
_TLD = r"[A-Za-z]{2,24}"

# Plain addresses (the common case, cheap to find).
_PLAIN = re.compile(rf"(?<![\w.%+'-])({_LOCAL})@((?:{_LABEL}\.)+{_TLD})(?![\w-]|\.[A-Za-z0-9])")

# Obfuscated: the @ written as [at], (at), {at}, arobase, " @ " ...
_AT = r"(?:\s*@\s*|\s*[\[\(\{<]\s*(?:at|arr?obase|@|chez)\s*[\]\)\}>]\s*|\s+(?:arr?obase|at|a commercial|at sign|chez)\s+|\s*\(a\)\s*)"
_DOT = r"(?:\.|\s+\.\s+|\s*[\[\(\{<]\s*(?:dot|point|\.)\s*[\]\)\}>]\s*|\s+(?:dot|point)\s+)"
_OBFUSCATED = re.compile(
    rf"(?<![\w.%+'-])({_LOCAL}){_AT}((?:{_LABEL}{_DOT})+{_TLD})(?![\w-]|\.[A-Za-z0-9])", re.IGNORECASE)
# Spaced all through: "sophie . gaudin35 @ orange . fr"
_SPACED = re.compile(rf"(?<![\w.%+'-])({_LOCAL}(?:\s+\.\s+{_LOCAL}){{1,3}})\s+@\s+((?:{_LABEL}\s*\.\s*)+{_TLD})(?![\w-])",
                     re.IGNORECASE)
# Dictated: "epicerie point pastel arobase orange point fr"
_WORDED = re.compile(rf"(?<![\w.%+'-])({_LOCAL}(?:\s+(?:point|dot)\s+{_LOCAL}){{1,3}})\s+(?:arr?obase|at|chez|@)\s+"
                     rf"((?:{_LABEL}\s+(?:point|dot)\s+)+{_TLD})(?![\w-])", re.IGNORECASE)
_DOT_SPLIT = re.compile(rf"{_DOT}", re.IGNORECASE)
# Wrapped by the sender's mail program at a line's end: "comptabilite@transports-\nlemoine.fr" (a
# domain cannot end in "-", nor a domain without its TLD in "."), "compta_\nfournisseurs@x.fr"
_WRAPPED_DOMAIN = re.compile(rf"(?<![\w.%+'-])({_LOCAL})@([A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?-|{_LABEL}\.)"
                             rf"[ \t]*\r?\n[ \t>]*((?:{_LABEL}\.)*{_TLD})(?![\w-]|\.[A-Za-z0-9])")
# ...or cut inside a word of its domain by a hard wrap ("facturation@alpesmaritimesdemenageme\nntplus.eu"): the part
# before the line's end has no dot, so it was no address on its own
_WRAPPED_MID = re.compile(rf"(?<![\w.%+'-])({_LOCAL})@([A-Za-z0-9][A-Za-z0-9-]{{2,}})\r?\n[ \t>]*"
                          rf"(?!www\.)([A-Za-z0-9][A-Za-z0-9-]*(?:\.{_LABEL})*\.({_TLD}))(?![\w@-]|\.[A-Za-z0-9])")
_WRAPPED_LOCAL = re.compile(rf"(?<![\w.%+'-])([A-Za-z0-9][A-Za-z0-9._%+'-]*[_-])\r?\n[ \t>]*({_LOCAL})@"
                            rf"((?:{_LABEL}\.)+{_TLD})(?![\w-]|\.[A-Za-z0-9])")

# The TLDs accepted for the loosest spelling ("x at y dot fr"): English text says "at" a lot.
_COMMON_TLDS = frozenset("fr com net org eu be ch lu de uk io info biz example test re gp mq nc pf yt pm "
                         "es it nl pt ca us co".split())


# Words that stand before a stray "@" in running text; never taken as a local part.
_WORDS = frozenset("or and et ou the to at de du des le la les par pour sur via chez avec mail email "
                   "e-mail courriel adresse address write send "
                   # "c'est @orange.fr et pas @oragne.fr": a domain corrected in words
                   "c'est cest est pas non mais plutot bien donc que qui en a au aux ni sinon is not but".split())


@dataclass
class Found:
    """An address found in a text, with where it was."""

    address: str
    start: int
    end: int
    obfuscated: bool


@lru_cache(maxsize=4096)
def normalise(address: str) -> str:
    """The address checked and normalised (lower-cased), or '' when it is not valid.

    ``test_environment`` lets the reserved ``.test`` domain through (synthetic fixtures use it).
    """
    address = address.strip().strip(".,;:<>()[]\"'")
    if address.count("@") != 1:
        return ""
    local, domain = address.split("@")
    try:
        checked = validate_email(f"{local}@{domain.lower()}", check_deliverability=False,
                                 allow_smtputf8=False, test_environment=True)
    except (EmailNotValidError, ValueError, UnicodeError):
        return ""
    # Local parts are case-sensitive in theory only: every provider a firm's clients use folds them,
    # and one spelling per address keeps "Compta@" and "compta@" one address on file.
    return f"{checked.local_part.lower()}@{checked.domain.lower()}"


def find_addresses(text: str) -> list[Found]:
    """Every valid address in ``text``, in order of appearance, de-obfuscated."""
    found: list[Found] = []
    taken: list[tuple[int, int]] = []
    if "@" in text and "\n" in text:
        for pattern in (_WRAPPED_DOMAIN, _WRAPPED_LOCAL, _WRAPPED_MID):
            for m in pattern.finditer(text):
                if pattern is _WRAPPED_MID and m.group(4).lower() not in _COMMON_TLDS:
                    continue  # ("jean@durand-btp\nMerci.Bonne journée": a word, not the rest of the domain)
                first, second, third = m.groups()[:3]
                addr = normalise(f"{first}{second}@{third}" if pattern is _WRAPPED_LOCAL else f"{first}@{second}{third}")
                if addr and not _overlaps(taken, m.start(), m.end()):
                    found.append(Found(addr, m.start(), m.end(), True))
                    bisect.insort(taken, (m.start(), m.end()))
    if "@" in text:
        for m in _PLAIN.finditer(text):
            if taken and _overlaps(taken, m.start(), m.end()):
                continue
            addr = normalise(f"{m.group(1)}@{m.group(2)}")
            if addr:
                found.append(Found(addr, m.start(), m.end(), False))
                bisect.insort(taken, (m.start(), m.end()))
    if " @ " in text:
        for m in _SPACED.finditer(text):
            if _overlaps(taken, m.start(), m.end()):
                continue
            addr = normalise(re.sub(r"\s+", "", m.group(0)))
            if addr:
                found.append(Found(addr, m.start(), m.end(), True))
                bisect.insort(taken, (m.start(), m.end()))
    lowered = text.lower()
    if " point " in lowered or " dot " in lowered:
        for m in _WORDED.finditer(text):
            if _overlaps(taken, m.start(), m.end()):
                continue
            local = re.sub(r"\s+(?:point|dot)\s+", ".", m.group(1), flags=re.IGNORECASE)
            domain = re.sub(r"\s+(?:point|dot)\s+", ".", m.group(2), flags=re.IGNORECASE)
            addr = normalise(f"{local}@{domain}") if domain.rsplit(".", 1)[-1].lower() in _COMMON_TLDS else ""
            if addr:
                found.append(Found(addr, m.start(), m.end(), True))
                bisect.insort(taken, (m.start(), m.end()))
    if "robase" in lowered:  # (also "arrobase", as often typed)
        for found_dictated in _dictated(text):
            if not _overlaps(taken, found_dictated.start, found_dictated.end):
                found.append(found_dictated)
                bisect.insort(taken, (found_dictated.start, found_dictated.end))
    if any(word in lowered for word in ("at", "robase", "@", "(a)", "chez")):
        position = 0
        while True:
            # search, not finditer: a rejected candidate ("email at pat.oconnor") must not hide the
            # real one that overlaps it ("pat.oconnor (at) eircom (dot) net")
            hit = _OBFUSCATED.search(text, position)
            if hit is None:
                break
            position = hit.start() + 1
            if _overlaps(taken, hit.start(), hit.end()):
                continue
            addr = _deobfuscated(hit)
            if addr:
                found.append(Found(addr, hit.start(), hit.end(), True))
                bisect.insort(taken, (hit.start(), hit.end()))
                position = hit.end()
    found.sort(key=lambda f: f.start)
    if found and "@" in text:
        found = _domains_corrected(text, found)
    if len(found) > 1 and any(f.obfuscated for f in found):
        # "pollet, 73, arobase gmail point com, donc stephanie.pollet73@gmail.com": the dictation's tail read alone
        # is a piece of the address written in full beside it (not "marie" beside "anne-marie": a whole word)
        cut = [f.address.partition("@") for f in found]
        found = [f for f, (local, _, domain) in zip(found, cut) if not f.obfuscated or not any(
            d == domain and len(l) > len(local) and l.endswith(local) and l[-len(local) - 1] not in "-_"
            for l, _, d in cut)]
    return found


# Spelt out on the phone: "p point sturm, arobase, boucherie tiret sturm point e u"
_SPOKEN_SEPARATORS = {"point": ".", "dot": ".", "tiret": "-", "underscore": "_", "tiretbas": "_"}
_UNDERSCORE = re.compile(r"tiret (du )?bas", re.IGNORECASE)
_DICTATION_ASIDES = re.compile(r",|\b(en (chiffres?|lettres|toutes lettres|minuscules?|majuscules?)|"
                               r"tout attach[ée]e?s?|attach[ée]e?s?|sans espaces?|sans accents?|in (figures|digits))\b",
                               re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?|[^\w\s]", re.ASCII)  # "earl.leboulch arobase ..."


def _dictated(text: str) -> list[Found]:
    """Addresses dictated word by word around "arobase", separators said as "point", "tiret"."""
    out: list[Found] = []
    # "tiret bas" is one separator: written as one word of the same length, so positions stay right
    text = _UNDERSCORE.sub(lambda m: "tiretbas".ljust(len(m.group(0))), text)
    # "hubert, point, ginette, tiret, 21 en chiffres, arobase orange point fr": the pauses and the
    # asides of a dictation are not part of it (blanked to the same length)
    text = _DICTATION_ASIDES.sub(lambda m: " " * len(m.group(0)), text)
    for at in re.finditer(r"\barr?obase\b", text, re.IGNORECASE):
        left = [(m.group(0), m.start() + max(0, at.start() - 100))
                for m in _TOKEN.finditer(text[max(0, at.start() - 100):at.start()])]
        right = [(m.group(0), m.start() + at.end()) for m in _TOKEN.finditer(text[at.end():at.end() + 120])]
        local, start = _spoken_run(list(reversed(left)), backwards=True)
        domain, end = _spoken_run(right, backwards=False)
        if not local or "." not in domain or domain.rsplit(".", 1)[1] not in _COMMON_TLDS:
            continue
        address = normalise(f"{local}@{domain}")
        if address:
            out.append(Found(address, start, end, True))
    return out


def _spoken_run(tokens: list[tuple[str, int]], *, backwards: bool) -> tuple[str, int]:
    """The words of one spoken address part, from the "arobase" outwards, and where it ends."""
    tokens = [(t.lower(), at) for t, at in tokens]
    while tokens and tokens[0][0] == ",":
        tokens.pop(0)
    pieces: list[str] = []
    edge = -1
    index = 0
    while index < len(tokens) and _spoken_word(tokens[index][0]) and tokens[index][0] not in _SPOKEN_SEPARATORS:
        word, at = tokens[index]
        pieces.append(word)
        edge = at if backwards else at + len(word)
        index += 1
        # "point e u": the letters of a spelt label run together
        while index < len(tokens) and len(word) == 1 and len(tokens[index][0]) == 1 and _spoken_word(tokens[index][0]) \
                and tokens[index][0].isalpha():
            word, at = tokens[index]
            pieces[-1] = word + pieces[-1] if backwards else pieces[-1] + word
            edge = at if backwards else at + 1
            index += 1
        if index + 1 < len(tokens) and tokens[index][0] in _SPOKEN_SEPARATORS and _spoken_word(tokens[index + 1][0]) \
                and tokens[index + 1][0] not in _SPOKEN_SEPARATORS:
            pieces.append(_SPOKEN_SEPARATORS[tokens[index][0]])
            index += 1
        else:
            break
    if backwards:
        pieces.reverse()
    return "".join(pieces), edge


def _spoken_word(token: str) -> bool:
    """Whether a token can be part of an address said aloud: ASCII letters and digits ("à" in "envoyez à
    p point sturm" is French, not a letter of the address)."""
    return token[0].isascii() and token[0].isalnum()


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps a span of ``taken`` (sorted, non-overlapping): a bisect, not a scan."""
    at = bisect.bisect_left(taken, (start, start))
    return any(s < end and start < e for s, e in taken[max(0, at - 1):at + 1])


# "marie.roux@oragne.fr, pardon c'est @orange.fr et pas @oragne.fr", "it's @gmail.com not @gmial.com": the right domain
# first, the one it replaces second; or "pas @oragne.fr mais @orange.fr"
_DOMAIN = rf"@\s*((?:{_LABEL}\.)+{_TLD})\b"
_RIGHT_THEN_WRONG = re.compile(rf"{_DOMAIN}(?:\s+(?:maintenant|desormais|désormais|now))?\s*,?\s*(?:et |and |mais |but )?"
                               rf"(?:pas|non|not|au lieu de|instead of)\s+{_DOMAIN}", re.IGNORECASE)
_WRONG_THEN_RIGHT = re.compile(rf"(?:pas|non|not)\s+{_DOMAIN}\s*,?\s*(?:mais|but|plutot|plutôt|rather)\s+{_DOMAIN}",
                               re.IGNORECASE)


def domain_corrections(text: str) -> list[tuple[int, int]]:
    """Where the text corrects a domain in words ("c'est @orange.fr et pas @oragne.fr"): (start, end) of each."""
    return sorted((m.start(), m.end()) for pattern in (_RIGHT_THEN_WRONG, _WRONG_THEN_RIGHT)
                  for m in pattern.finditer(text)) if "@" in text else []


def _domains_corrected(text: str, found: list[Found]) -> list[Found]:
    """The addresses at a domain the text corrects in words, at the domain it gives instead."""
    fixes = {m.group(2).lower(): m.group(1).lower() for m in _RIGHT_THEN_WRONG.finditer(text)}
    fixes.update({m.group(1).lower(): m.group(2).lower() for m in _WRONG_THEN_RIGHT.finditer(text)})
    if not fixes:
        return found
    out = []
    for f in found:
        local, _, domain = f.address.partition("@")
        right = fixes.get(domain)
        address = normalise(f"{local}@{right}") if right and right != domain else ""
        out.append(Found(address, f.start, f.end, f.obfuscated) if address else f)
    return out


def _deobfuscated(m: re.Match) -> str:
    """The address an obfuscated match spells, or '' when it is a false alarm."""
    domain_raw = m.group(2)
    labels = [x for x in _DOT_SPLIT.split(domain_raw) if x]
    joiner = m.group(0)[len(m.group(1)):len(m.group(0)) - len(domain_raw)].strip().lower()
    loose = joiner in ("at", "a commercial") or bool(re.search(r"\s(dot|point)\s", domain_raw, re.IGNORECASE))
    if loose and labels[-1].lower() not in _COMMON_TLDS:
        return ""
    if joiner == "at" and len(labels) < 2:
        return ""
    if joiner == "chez" and (not re.search(r"[\d._-]", m.group(1)) or labels[-1].lower() not in _COMMON_TLDS):
        return ""  # "abdel.cherif59 chez free.fr" is an address; "je suis chez orange.fr" is not
    if joiner == "@" and (len(m.group(1)) < 3 or m.group(1).lower() in _WORDS or "'" in m.group(1)):
        return ""  # "écrivez-nous or @x.fr", "it's @gmail.com": a word before a stray @, not a local part
    return normalise(f"{m.group(1)}@{'.'.join(labels)}")


def is_firm(address: str, secretariat: str, domains: list[str]) -> bool:
    """True for the firm's own addresses: the secretariat and anything at the firm's domains."""
    address = address.lower()
    if secretariat and address == secretariat.lower():
        return True
    domain = address.rsplit("@", 1)[-1]
    return any(domain == d or domain.endswith("." + d) for d in domains)
