"""Phone numbers and postal addresses written in a reply, read against the client file.

A signature often carries what the client file already holds: "02 99 97 27 09", "51 bis route
de Nantes – 29280 Plouzané". Of two namesakes (the Boulangerie du Centre of Vitré and that of
Cholet), the phone or the street tells which one wrote; it is also the usual way a secretary
checks. Numbers are compared as ten French digits; a street as its house number, its
distinctive words and its postcode, so that "51 Bis, Route de Nantes" and "51 BIS RTE DE
NANTES" are the same place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from campaign.text import fold

# French numbers: 0X XX XX XX XX, +33 (0)X..., 0033 X..., with spaces, dots or dashes.
_PHONE = re.compile(r"(?<![\d+])(?:(?:\+|00)\s?33\s?(?:\(0\)\s?)?|0)([1-9](?:[\s.\-/]?\d{2}){4})(?!\d)")
_POSTCODE = re.compile(r"(?<!\d)((?:0[1-9]|[1-8]\d|9[0-8])\d{3})(?!\d)")
_HOUSE = re.compile(r"^\s*(\d{1,4})\s*(?:bis|ter|quater|[a-d]\b)?")
# Words every street has: they say nothing about which street.
_STREET_WORDS = frozenset((
    "rue", "route", "rte", "avenue", "av", "ave", "boulevard", "bd", "bld", "chemin", "ch", "allee", "impasse",
    "imp", "place", "pl", "quai", "cours", "square", "sq", "passage", "voie", "sentier", "lieu", "dit", "lieudit",
    "za", "zi", "zac", "zone", "parc", "lotissement", "lot", "residence", "res", "hameau", "cite", "espace",
    "centre", "batiment", "bat", "immeuble", "bp", "cs", "cedex", "bis", "ter", "quater",
    "de", "du", "des", "la", "le", "les", "l", "d", "et", "a", "au", "aux", "en", "sur", "saint", "st", "sainte",
))
_WORD = re.compile(r"[a-z0-9]+")
_NOT_DIGIT = re.compile(r"\D+")
_STREET_KIND = re.compile(r"\b(rue|route|rte|avenue|av|bd|boulevard|chemin|allee|impasse|place|quai|cours|square|"
                          r"passage|voie|sentier|lieu-dit|hameau|residence|lotissement)\b")
# titles in street names as La Poste and people abbreviate them ("56 rue du Mal Leclerc", "av. du Gal de Gaulle")
_TITLES = {"mal": "marechal", "gal": "general", "gl": "general", "cdt": "commandant", "pdt": "president",
           "fbg": "faubourg", "fg": "faubourg", "dr": "docteur", "pr": "professeur", "prof": "professeur"}
_EXPAND = {"rte": "route", "av": "avenue", "ave": "avenue", "bd": "boulevard", "bld": "boulevard", "ch": "chemin",
           "imp": "impasse", "pl": "place", "sq": "square", "res": "residence", "st": "saint", "ste": "sainte", **_TITLES}


@dataclass(frozen=True)
class Street:
    """A client's street, reduced: postcode, house number ('' when none) and distinctive words."""

    postcode: str
    number: str
    words: tuple[str, ...]
    phrase: str = ""  # the street as written after the number, abbreviations expanded ("route de nantes")

    @property
    def key(self) -> tuple[str, str, tuple[str, ...]]:
        return self.postcode, self.number, self.words


def phone_key(written: str) -> str:
    """Ten digits of a French phone number as the client file holds it ('' when it is not one)."""
    digits = _NOT_DIGIT.sub("", written) if written else ""
    for prefix in ("0033", "33"):  # +33 2 99..., 0033 (0)2 99...
        if digits.startswith(prefix) and len(digits) in (len(prefix) + 9, len(prefix) + 10):
            digits = digits[len(prefix):]
            digits = digits if digits.startswith("0") else "0" + digits
            break
    return digits if len(digits) == 10 and digits[0] == "0" and digits[1] != "0" else ""


def phones_in(text: str) -> list[str]:
    """The French phone numbers written in ``text``, as ten digits, without repeats."""
    return list(dict.fromkeys("0" + _NOT_DIGIT.sub("", m.group(1)) for m in _PHONE.finditer(text[:20000])))


def street_of(address: str, postcode: str) -> Street | None:
    """A client's postal address reduced for comparison (None when it says too little)."""
    postcode = _NOT_DIGIT.sub("", postcode or "")
    folded = fold(address or "")
    if len(postcode) != 5 or not folded.strip():
        return None
    house = _HOUSE.match(folded)
    street = _WORD.findall(folded[house.end():] if house else folded)
    words = tuple(w for w in (_TITLES.get(w, w) for w in street) if w not in _STREET_WORDS and len(w) >= 3
                  and not w.isdigit())
    if not words:
        return None
    rest = [_EXPAND.get(w, w) for w in street]
    while rest and rest[0] in ("bis", "ter", "quater"):
        rest = rest[1:]
    return Street(postcode, house.group(1) if house else "", words, " ".join(rest))


def postcode_windows(text: str) -> list[tuple[str, str]]:
    """(postcode, the text before it on its line and the line above) for each postcode written."""
    folded = fold(text[:20000])
    out = []
    for match in _POSTCODE.finditer(folded):
        window = folded[max(0, match.start() - 160):match.start()]
        out.append((match.group(1), "\n".join(window.split("\n")[-2:])))
    return out


def street_in(window: str, street: Street) -> bool:
    """Whether ``window`` (the text before a postcode) writes the street's number and every
    distinctive word."""
    found = {_TITLES.get(w, w) for w in _WORD.findall(window)}
    if not set(street.words) <= found:
        return False
    return not street.number or bool(re.search(rf"(?<!\d){street.number}(?!\d)", window))


def streets_written(text: str) -> str:
    """The text's words, abbreviations expanded, padded with spaces ('' when it names no street)."""
    folded = fold(text[:20000])
    if not _STREET_KIND.search(folded):
        return ""
    return f" {' '.join(_EXPAND.get(w, w) for w in _WORD.findall(folded))} "


def street_named(written: str, street: Street) -> bool:
    """Whether the text (``streets_written``) writes the client's street, its kind and name
    ("route de Nantes"), without number or postcode."""
    return " " in street.phrase and f" {street.phrase} " in written


def street_written(street: str, folded: str) -> bool:
    """Whether ``folded`` text writes the street ("rue de vesle", a ``Street.phrase``), or its kind and last word
    ("rue Joffre" for "rue maréchal joffre"); a phrase that names no kind of street ("le bourg") never."""
    words = street.split()
    if not words or not _STREET_KIND.fullmatch(words[0]):
        return False
    text = " ".join(_EXPAND.get(w, w) for w in _WORD.findall(folded))  # "av. Jean-Jaurès" as "avenue jean jaures"
    return re.search(rf"\b{re.escape(street)}\b", text) is not None or len(words) >= 3 and len(words[-1]) >= 4 and \
        re.search(rf"\b{re.escape(words[0])} (?:\w+ ){{0,2}}{re.escape(words[-1])}\b", text) is not None
