"""Client names read from e-mail addresses: ``carrosserie-rondeau.fr``, ``garagelemoal.bzh``,
``marc.dupuis35@orange.fr``.

The firm asks for addresses precisely because its file has none for most clients, so the
sender's own domain is usually unknown to it; but a company's domain spells its name, and a
private person's mailbox often spells theirs. The domain's main label (or the local part) is cut
into the words of the client file's vocabulary ("garagelemoal" -> garage le moal), then each
client whose name holds all those words is a candidate. How much that says depends on how rare
the words are in this client file (in the spirit of Fellegi-Sunter u-probabilities estimated from
the file itself): a word only one client has is strong, a word of many ("garage") says nothing.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from campaign.names import LEGAL_FORMS, NOISE, NUMBER_WORDS, word_form, tokens

# Mailbox words that name a service, not a company or a person.
GENERIC_LOCAL = frozenset((
    "contact", "compta", "comptabilite", "comptable", "facture", "factures", "facturation", "billing", "invoice",
    "invoices", "info", "infos", "information", "admin", "administration", "administratif", "direction", "accueil",
    "secretariat", "secretaire", "office", "bureau", "mail", "email", "courriel", "noreply", "no", "reply", "gestion",
    "service", "services", "client", "clients", "commercial", "commande", "commandes", "sav", "rh", "paie",
    "daf", "finance", "finances", "achat", "achats", "fournisseur", "fournisseurs", "cabinet", "hello", "bonjour",
    "pro", "perso", "famille", "fr", "the", "and", "et", "www", "webmaster", "postmaster", "support", "equipe",
    "team", "sarl", "sas", "sci", "scm", "gerant", "gerance", "president", "dg", "pdg", "ag", "mairie",
    "tresorerie", "tresorier", "tresoriere", "treasurer", "secretaire", "asso", "association", "club",
))
# Sub-domain labels that are not the company's name (compta.durand.fr, mail.durand.fr).
GENERIC_LABELS = GENERIC_LOCAL | frozenset(("www", "mail", "mx", "smtp", "webmail", "notifications", "notification",
                                            "news", "newsletter", "app", "portail", "extranet", "m", "e", "co", "com"))
# Second-level suffixes under which the registrable label is one further left.
_SECOND_LEVEL = frozenset(("co", "com", "org", "net", "gouv", "asso", "nom", "ac", "tm"))
_SPLIT = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class AddressName:
    """Words read from one part of an address."""

    words: tuple[str, ...]
    source: str      # "domain" or "mailbox"
    written: str     # the part as written (for evidence)


def domain_label(domain: str) -> str:
    """The registrable label of ``domain`` ('compta.carrosserie-rondeau.fr' -> 'carrosserie-rondeau')."""
    labels = [x for x in domain.lower().strip(".").split(".") if x]
    if len(labels) < 2:
        return ""
    labels = labels[:-1]
    if len(labels) >= 2 and labels[-1] in _SECOND_LEVEL:
        labels = labels[:-1]
    return labels[-1] if labels and labels[-1] not in GENERIC_LABELS else ""


def segment(chunk: str, vocabulary) -> list[str]:
    """``chunk`` cut into the fewest vocabulary words ('garagelemoal' -> garage le moal,
    'moalautos' -> moal autos, 'mcbensaid' -> mc bensaid); [chunk] when it cannot be.

    Pieces are compared in their comparable spelling (plural dropped, abbreviations expanded); one
    or two letters at the start may be initials ('mc', 'jp').
    """
    if word_form(chunk) in vocabulary or len(chunk) > 60:
        return [chunk]
    n = len(chunk)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(1, n + 1):
        for start in range(max(0, end - 24), end):
            prefix = best[start]
            if prefix is None:
                continue
            piece = chunk[start:end]
            form = word_form(piece)
            # "etsrobert": ETS is a noise word once expanded, "sarldupont" a legal form
            known = form in vocabulary or piece in NOISE or (len(piece) >= 3 and (form in NOISE or piece in LEGAL_FORMS))
            # one or two letters at the start or the end: initials ("mcbensaid", "cousinn")
            initials = (start == 0 and end <= 2 and end < n) or (end == n and n - start <= 1 and start > 0)
            current = best[end]
            if (known or initials) and (current is None or len(prefix) + 1 < len(current)):
                best[end] = prefix + [piece]
    found = best[n]
    return found if found and any(len(w) > 2 for w in found) else [chunk]


def words_of(part: str, vocabulary, numbers: bool = False) -> tuple[str, ...]:
    """The name words spelt by a domain label or a mailbox: generic, noise and form words dropped,
    small numbers as words ('4saisons' -> quatre saisons). ``numbers``: other numbers kept too (a
    domain's 'atl44' is ATL 44; a mailbox's 'dupuis35' is Dupuis of the Ille-et-Vilaine)."""
    out: list[str] = []
    for chunk in _SPLIT.split(part.lower()):
        runs = re.findall(r"[a-z]+|\d+", chunk)
        for position, run in enumerate(runs):
            if run.isdigit():
                # "4saisons": a number in the name; "marie8", "dupuis35": a mailbox's suffix
                if run in NUMBER_WORDS and int(run) <= 12 and position + 1 < len(runs):
                    out.append(NUMBER_WORDS[run])
                elif numbers and len(run) <= 4 and run in vocabulary:
                    out.append(run)
                continue
            if len(run) < 2 or run in GENERIC_LOCAL:
                continue
            for piece in segment(run, vocabulary):
                out.extend(tokens(piece))
    return tuple(w for w in out if w not in NOISE and w not in LEGAL_FORMS and w not in GENERIC_LOCAL
                 and (len(w) > 2 or w.isdigit()))


@lru_cache(maxsize=8192)
def _address_parts(address: str) -> tuple[str, str]:
    local, _, domain = address.lower().partition("@")
    return local, domain


def read_address(address: str, vocabulary: frozenset[str] | set[str], consumer: bool) -> list[AddressName]:
    """The names an address spells: its domain's (when it is a company's), its mailbox's."""
    local, domain = _address_parts(address)
    out = []
    if not consumer:
        label = domain_label(domain)
        words = words_of(label, vocabulary, numbers=True) if label else ()
        if words:
            out.append(AddressName(words, "domain", domain))
    words = words_of(local, vocabulary)
    if words:
        out.append(AddressName(words, "mailbox", local))
    return out


def rarity_bits(frequency: int, clients: int) -> float:
    """How much a word shared by ``frequency`` of ``clients`` names says, in bits (log2 of 1/u)."""
    return math.log2(max(clients, 2) / max(frequency, 1))
