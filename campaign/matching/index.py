"""The client file, indexed once for matching: by code, SIREN, address, company domain and name."""

from __future__ import annotations

import gc
import json
import re
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Iterator

from campaign.clients.codes import code_key
from campaign.contacts import Street, phone_key, street_of
from campaign.matching.domains import company_domain, website_domain
from campaign.names import LEGAL_FORMS, NOISE, TRADE_NAME, Name, canonical_form, normalise_name, tokens
from campaign.text import fold

_PERSON_FORMS = frozenset(("", "ei", "eirl", "selarl", "selurl", "scm", "scp", "selas", "sel", "indivision"))


# "9GUERIN", "9GUERI2", "411DUVAL": digits of an accounting prefix, then a name of at least three letters
_ACCOUNT_STEM = re.compile(r"\d{1,3}([A-Za-z]{3,}[A-Za-z0-9]*)")


@dataclass
class ClientIndex:
    """Clients still in the file, with lookup tables built once per client file."""

    codes: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)   # the name as written, for evidence
    names: list[Name] = field(default_factory=list)
    trade_names: dict[int, tuple[str, ...]] = field(default_factory=dict)  # a sole trader's name without her first name
    # a couple's file under its two first names ("Martine et Julien"): each one's own name, (key, client)
    partner_keys: list[tuple[str, int]] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)    # canonical legal form ('' when unknown)
    persons: list[bool] = field(default_factory=list)  # individuals and liberal professions
    domains: list[frozenset[str]] = field(default_factory=list)
    addresses: list[tuple[str, ...]] = field(default_factory=list)
    by_code: dict[str, int] = field(default_factory=dict)  # code key (see code_key): client
    case_sensitive_codes: bool = False
    by_siren: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_address: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_domain: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_key: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    vocabulary: set[str] = field(default_factory=set)
    max_words: int = 1
    keys: list[str] = field(default_factory=list)      # name keys, aligned with codes (for cdist)
    by_token: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))  # name words and acronym
    token_sets: list[frozenset[str]] = field(default_factory=list)
    acronyms: list[frozenset[str]] = field(default_factory=list)
    by_own_acronym: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))  # "sbtp" -> its clients
    first_names: set[str] = field(default_factory=set)  # words that are a private client's first name
    cities: set[str] = field(default_factory=set)       # words of the clients' towns
    towns: list[frozenset[str]] = field(default_factory=list)  # each client's town, as words
    town_heads: list[str] = field(default_factory=list)  # a compound town's first word ("illkirch")
    town_labels: list[str] = field(default_factory=list)  # the town as the file writes it, for evidence
    by_digits: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))  # "1234" -> C1234
    # codes written in pieces ("1207.02": a family number and a sub-file), by their pieces without zeros
    # ("1207|2"), and each family by its first piece ("1207" -> 1207.01, 1207.02 ...)
    by_pieces: dict[str, int] = field(default_factory=dict)
    by_family: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_compact: dict[str, int] = field(default_factory=dict)  # "350412" (35-0412 written without its dash)
    lettered: int = 0  # codes of letters only ("DUMONTJ"): words of the text, read only where a cue says so
    # an accounting prefix and a name ("9GUERIN" in Quadratus, "411DUVAL"): the name part, which people
    # write without the prefix ("réf GUERIN", "GUERI2")
    by_stem: dict[str, int] = field(default_factory=dict)
    letter_prefixes: set[str] = field(default_factory=set)  # DUMONTJ when DUMONTJA is a code
    managers: list[str] = field(default_factory=list)  # engagement manager's address per client
    learned: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))  # address -> clients (people's links)
    learned_domains: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_phone: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))   # ten digits -> clients
    by_acronym: dict[str, list[tuple[int, frozenset[str]]]] = field(default_factory=lambda: defaultdict(list))
    # acronym as the file writes it, spelt out ("k2i" -> "kii") -> (client, the name's other words)
    postal: list[tuple[str, str]] = field(default_factory=list)  # (street lines, postcode) as written
    by_town: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))  # town words -> clients
    town_keys: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # a town word -> towns
    by_postcode: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_place: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))  # "barbiniere" -> farms there
    by_domain_label: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))  # "hoplum" (hoplum.co)
    _streets: dict[int, Street | None] = field(default_factory=dict)
    _at_street: dict[str, dict[tuple, list[int]]] = field(default_factory=dict)  # postcode -> street key -> clients
    _spelling: frozenset[str] | None = None
    _near: dict[str, set[str]] | None = None
    _near_size: int = -1
    _near_words: dict[str, str] = field(default_factory=dict)  # near()'s answers for this file
    _spelling_size: int = -1
    _joined: dict[str, list[int]] | None = None
    _partner_files: frozenset[int] | None = None
    _partner_size: int = -1
    _joined_size: int = -1
    _holders: dict[str, frozenset[int]] = field(default_factory=dict)
    _holders_size: int = -1

    def __len__(self) -> int:
        return len(self.codes)

    def code_index(self, code: str) -> int | None:
        """The client a code as written (in a reply, a person's verdict) names, by the code_key rule."""
        return self.by_code.get(code_key(code.strip(), self.case_sensitive_codes))

    def stem_index(self, written: str) -> int | None:
        """The client whose code is ``written`` after an accounting prefix ("GUERIN" of 9GUERIN), if any."""
        i = self.by_stem.get(code_key(written.strip(), self.case_sensitive_codes), -1) if self.by_stem else -1
        return None if i < 0 else i

    def add(self, code: str, name: str, first_name: str = "", legal_form: str = "", siren: str = "",
            siret: str = "", emails: Iterable[str] = (), website: str = "",
            firm_domains: tuple[str, ...] = (), manager_email: str = "", city: str = "", phone: str = "",
            address: str = "", postcode: str = "") -> None:
        """Index one client."""
        i = len(self.codes)
        reduced = normalise_name(name, first_name)
        if first_name:
            self.first_names.update(tokens(first_name))
        town = _town(city)
        self.cities.update(town)
        if town and address:
            key = " ".join(sorted(town))
            if key not in self.by_town:
                for word in town:
                    self.town_keys[word].append(key)
            self.by_town[key].append(i)
        # "SCI TANGUY LORIENT" in Lorient: the town says no more; "saint" is written "St" as often as whole
        # ("St Hilaire de Riez"): the town's other words say which, when two are left (SAINT PIERRE is no "Pierre")
        self.towns.append((town - _SAINT if len(town - _SAINT) >= 2 else town) - set(reduced.tokens))
        self.town_heads.append(_town_head(city) if len(town) > 1 else "")
        self.town_labels.append(" ".join((city or "").split()).title())
        form = canonical_form(legal_form) or reduced.form
        self.codes.append(code)
        self.labels.append(" ".join(p for p in (name, first_name) if p))
        self.names.append(reduced)
        self.keys.append(reduced.key)
        self.forms.append(form)
        # "GARAGE KESSLER", a sole trader (EI) under a trade name, is a business, not a private person
        self.persons.append(bool(first_name) or form in _PERSON_FORMS and not TRADE_NAME.search(fold(name)))
        # the first of two case twins (a database imported before codes were compared without case)
        self.by_code.setdefault(code_key(code.strip(), self.case_sensitive_codes), i)
        digits = _CODE_DIGITS.fullmatch(code.strip())
        if digits:
            self.by_digits[digits.group(1).lstrip("0") or "0"].append(i)
        if code.strip().isalpha():
            self.lettered += 1
            # "DUMONT J" may be DUMONTJA's owner writing her name: the shorter code goes on to a longer one
            self.letter_prefixes.update(code_key(code.strip()[:k]) for k in range(3, len(code.strip())))
        stem = _ACCOUNT_STEM.fullmatch(code.strip())
        if stem:
            key = code_key(stem.group(1), self.case_sensitive_codes)
            # 4LEROUX and 9LEROUX (two prefixes): "LEROUX" names neither
            self.by_stem[key] = -1 if self.by_stem.get(key, i) != i else i
        pieces = code_pieces(code)
        if len(pieces) >= 2:
            first = CODE_SEPARATOR.split(code.strip())[0]
            if len(first) <= 3 and first.isdigit():  # "350412": an office's code written without its dash
                self.by_compact.setdefault("".join(CODE_SEPARATOR.split(code.strip().upper())), i)
            self.by_pieces.setdefault("|".join(pieces), i)
            self.by_family[pieces[0]].append(i)
        self.managers.append(manager_email.strip().lower())
        number = phone_key(phone)
        if number:
            self.by_phone[number].append(i)
        self.postal.append((address, postcode))
        if address and postcode:
            self.by_postcode[postcode.strip()].append(i)
            place = lieu_dit(address)
            if place:
                self.by_place[place].append(i)
        words = set(reduced.tokens)
        for acronym, written in written_acronyms(name, company=not self.persons[-1]):
            self.by_acronym[acronym].append((i, frozenset(reduced.tokens) - set(tokens(written)) - {acronym}))
        acronyms = acronyms_of(name, reduced)
        self.acronyms.append(acronyms)
        for acronym in acronyms:
            self.by_own_acronym[acronym].append(i)
        self.token_sets.append(frozenset(words | acronyms))
        for word in words | acronyms:
            self.by_token[word].append(i)
        siren = _NOT_DIGIT.sub("", siren) if siren else ""
        siret = _NOT_DIGIT.sub("", siret) if siret else ""
        for number in {siren[:9] if len(siren) == 9 else "", siret[:9] if len(siret) == 14 else ""} - {""}:
            self.by_siren[number].append(i)
        emails = tuple(dict.fromkeys(e.strip().lower() for e in emails if e and "@" in e))
        self.addresses.append(emails)
        domains = {company_domain(e, firm_domains) for e in emails}
        site = website_domain(website)
        domains.add(company_domain(f"www@{site}", firm_domains) if site else "")
        domains.discard("")
        self.domains.append(frozenset(domains))
        for address in emails:
            self.by_address[address].append(i)
        for domain in domains:
            self.by_domain[domain].append(i)
            label = domain.split(".")[0].replace("-", " ")
            if len(label) >= 4:
                self.by_domain_label[label].append(i)
        if reduced.key:
            self.by_key[reduced.key].append(i)
            self.vocabulary.update(reduced.tokens)
            self.max_words = max(self.max_words, len(reduced.tokens))
        if first_name:
            # "BOULANGERIE LECOMTE", a sole trader whose first name is Paul: the trade name is written
            # without his first name ("la boulangerie Lecomte à Arras")
            alone = normalise_name(name)
            if len(alone.tokens) >= 2 and not set(tokens(first_name)) <= set(alone.tokens):
                self.by_key[alone.key].append(i)
                self.trade_names[i] = alone.tokens
            partners = [p for p in _PARTNERS.split(first_name) if p.strip()] if self.persons[-1] else []
            if len(partners) >= 2 and not any(fold(p).strip(" .") in _CIVILITIES for p in partners):
                for partner in partners:
                    own = normalise_name(name, partner)
                    if own.key != reduced.key:
                        self.partner_keys.append((own.key, i))


    def spelling(self) -> frozenset[str]:
        """Words an address is cut into: names' words and towns ("etsrobert-vannes" is ETS ROBERT at
        Vannes, not an initial and the first name Anne)."""
        if self._spelling is None or self._spelling_size != len(self.codes):
            self._spelling = frozenset(self.by_token) | frozenset(self.cities)
            self._spelling_size = len(self.codes)
        return self._spelling

    def holders(self, word: str) -> frozenset[int]:
        """The clients whose name (or acronym) has ``word``, as a set kept for the next reply:
        ``by_token`` as sets, made only for the words replies spell (so never more than by_token
        itself: 86 words, 89,389 clients in all after the 10,000 replies of bench/pipeline_e2e.py)."""
        if self._holders_size != len(self.codes):
            self._holders.clear()
            self._holders_size = len(self.codes)
        found = self._holders.get(word)
        if found is None:
            found = self._holders[word] = frozenset(self.by_token.get(word, ()))
        return found

    @property
    def partner_files(self) -> frozenset[int]:
        """The couples' files of ``partner_keys`` (made again when clients were added since)."""
        if self._partner_files is None or self._partner_size != len(self.codes):
            self._partner_files = frozenset(i for _, i in self.partner_keys)
            self._partner_size = len(self.codes)
        return self._partner_files

    def joined(self) -> dict[str, list[int]]:
        """Companies by their name's letters run together, legal form left out, with and without its small
        words ("charpentedumontblanc" and "charpentemontblanc" for SARL CHARPENTE DU MONT-BLANC, "closdumont" for
        SCEV DES CLOS DU MONT): the domain
        label a company registers, which cutting into words may read otherwise (charpente dumont blanc)."""
        if self._joined is None or self._joined_size != len(self.codes):
            joined: dict[str, list[int]] = defaultdict(list)
            for i, label in enumerate(self.labels):
                if self.persons[i]:
                    continue
                words = [w for w in tokens(label) if w not in LEGAL_FORMS]
                if len(words) < 2:
                    continue
                # and without its leading small words only: "closdumont" for SCEV DES CLOS DU MONT (set46 ZG029)
                lead = next((n for n, w in enumerate(words) if w not in NOISE), 0)
                for key in {"".join(words), "".join(w for w in words if w not in NOISE), "".join(words[lead:])}:
                    if len(key) >= 8:
                        joined[key].append(i)
            self._joined, self._joined_size = dict(joined), len(self.codes)
        return self._joined

    def near(self, word: str) -> str:
        """The one rare name word one letter away from ``word`` ("bouillabaisse" for the file's
        BOUILLABAISE), or '' (a typo in the file or in the reply; long words only)."""
        if word in self.vocabulary:
            return ""
        if "ue" in word or "oe" in word or "ae" in word:
            for variant in _umlauts(word):
                if variant in self.vocabulary:
                    return variant  # MÜLLER (muller) written Mueller
        if not _NEAR_LENGTH <= len(word) <= _NEAR_MAX_LENGTH:
            return ""
        if self._near is None or self._near_size != len(self.codes):
            near: dict[str, set[str]] = defaultdict(set)
            for known in self.vocabulary:
                if len(known) >= _NEAR_LENGTH - 1 and len(self.by_token.get(known, ())) <= 3:
                    for variant in _deletions(known):
                        near[variant].add(known)
            self._near, self._near_size = near, len(self.codes)
            self._near_words = {}
        # the long words of French mail ("comptabilite", "dorenavant") come back in every reply: each is
        # looked up once
        answer = self._near_words.get(word)
        if answer is None:
            found = set().union(*(self._near.get(v, ()) for v in _deletions(word)))
            found = {k for k in found if k[0] == word[0]}  # the first letter is rarely the typo
            answer = next(iter(found)) if len(found) == 1 else ""
            if len(self._near_words) >= _NEAR_KEPT:
                self._near_words.clear()
            self._near_words[word] = answer
        return answer

    def surname(self, i: int) -> set[str]:
        """Client ``i``'s name words that are no one's first name ("tanguy" of TANGUY Hervé)."""
        return set(self.names[i].tokens) - self.first_names

    def street(self, i: int) -> Street | None:
        """Client ``i``'s street, reduced (read when a reply first needs it: most are never asked)."""
        if i not in self._streets:
            self._streets[i] = street_of(*self.postal[i])
        return self._streets[i]

    def at_street(self, street: Street) -> list[int]:
        """The clients at this street (its postcode's clients read once, when a reply first asks)."""
        keys = self._at_street.get(street.postcode)
        if keys is None:
            keys = self._at_street[street.postcode] = {}
            for i in self.by_postcode.get(street.postcode, ())[:500]:
                if (other := self.street(i)) is not None:
                    keys.setdefault(other.key, []).append(i)
        return keys.get(street.key, [])

    def learn(self, address: str, i: int, firm_domains: tuple[str, ...] = ()) -> None:
        """What a person's link taught: this sender address (and its company domain) is client ``i``'s."""
        address = address.strip().lower()
        if not address or i in self.learned[address]:
            return
        self.learned[address].append(i)
        domain = company_domain(address, firm_domains)
        if domain and i not in self.learned_domains[domain]:
            self.learned_domains[domain].append(i)


_NEAR_LENGTH = 8  # shorter words are too often another word one letter away
_NEAR_MAX_LENGTH = 40  # no name is longer; a 200 KB "word" would cost its length squared
_NEAR_KEPT = 65536  # near()'s answers kept (a few MB), then forgotten all at once


def _umlauts(word: str) -> list[str]:
    """``word`` with a German 'ue' / 'oe' / 'ae' read as the file's folded 'ü' / 'ö' / 'ä' ("mueller" -> "muller")."""
    if len(word) < 4:
        return []
    return [word[:k] + word[k] + word[k + 2:] for k in range(1, len(word) - 1) if word[k:k + 2] in ("ae", "oe", "ue")]


def _deletions(word: str) -> set[str]:
    """``word`` and every spelling of it with one letter left out (one letter added, dropped or
    changed is then one shared variant away)."""
    return {word} | {word[:k] + word[k + 1:] for k in range(len(word))}


@lru_cache(maxsize=16384)
def _town(city: str) -> frozenset[str]:
    """A town's words (many clients share a town: read each once): its words of four letters or more, and its
    short ones too when the long ones are only "saint" or "plage", which other towns write too ("Saint-Leu",
    "Saint-Lô", "Oye-Plage" are not "Saint-Benoît" nor "la plage"). A town of short words alone (Pau, Dax) has none:
    its name is too often a word of the text or of another client's name."""
    if not city:
        return frozenset()
    words = [w for w in tokens(city) if w not in NOISE]
    long = frozenset(w for w in words if len(w) >= 4)
    if not long or long - _SAINT - {"plage"}:
        return long
    return long | {w for w in words if len(w) >= 2}


_SAINT = frozenset(("saint", "sainte"))
_PARTNERS = re.compile(r"\s+(?:et|and|&)\s+|\s*[&/+]\s*", re.IGNORECASE)
_CIVILITIES = frozenset(("m", "mr", "mme", "mlle", "monsieur", "madame", "mrs", "ms"))


_LIEU_DIT = re.compile(r"^(ld |lieu dit |lieudit |lieu-dit )?((la|le|les|l) )?([a-z][a-z -]{3,40})$")
_NOT_PLACE = re.compile(r"\b(rue|route|rte|avenue|av|bd|boulevard|chemin|allee|impasse|place|quai|cours|square|passage|"
                        r"voie|za|zi|zac|zone|parc|lotissement|residence|bp|cs|cedex|centre|immeuble|batiment|"
                        r"bourg|gare|eglise|mairie|moulin|ferme|chateau)\b")


def lieu_dit(address: str) -> str:
    """The place name of an address that has no number and no street ("LA BARBINIERE", "LD LA
    PELLERINE" -> "barbiniere", "pellerine"): farms are known by it; '' for a street address."""
    folded = " ".join(fold(address).replace("'", " ").split())
    m = _LIEU_DIT.match(folded)
    if not m or _NOT_PLACE.search(m.group(4)):
        return ""
    return m.group(4).strip()


def _town_head(city: str) -> str:
    """The word a compound town is called by ("Illkirch" for ILLKIRCH-GRAFFENSTADEN), '' when it has none."""
    words = tokens(city)
    head = words[0] if words else ""
    return head if len(head) >= 5 and head not in ("saint", "sainte", "notre", "villa", "ville") else ""


_ARTICLES = frozenset(("le", "la", "les", "l", "du", "de", "des", "d", "et", "en", "a", "au", "aux"))
_PIECE = re.compile(r"[A-Za-z0-9.]+")
_HAS_LETTER = re.compile(r"[a-z]")
VOWEL = re.compile(r"[aeiouy]")


def written_acronyms(name: str, company: bool = False) -> list[tuple[str, str]]:
    """Acronyms a client's name is written with ("SCI GMH", "K2I FORMATION", "A.B.C. MENUISERIE"),
    spelt out letter by letter ("k2i" -> "kii"), with the piece as written. ``company``: a company's name that
    is one piece of four or five letters with one vowel at most is its acronym too ("SBTA"; not "SCI ELF", whose
    letters begin "Envoyer Les Factures")."""
    out = []
    pieces = _PIECE.findall(name)
    alone = company and len([p for p in pieces if p.lower() not in LEGAL_FORMS]) == 1
    for piece in pieces:
        letters = piece.replace(".", "").lower()
        if not letters or letters.isdigit():
            continue
        dotted = piece.count(".") >= 2 and len(letters) >= 2
        mixed = not letters.isalpha() and _HAS_LETTER.search(letters) is not None
        consonants = len(letters) >= 3 and VOWEL.search(letters) is None
        short = alone and 4 <= len(letters) <= 5 and len(VOWEL.findall(letters)) <= 1
        if not (dotted or mixed or consonants or short) or piece.lower() in LEGAL_FORMS:
            continue
        spelt = re.sub(r"(\d)([a-z])", lambda m: m.group(2) * int(m.group(1)), letters)
        if 3 <= len(spelt) <= 6 and spelt.isalpha():
            out.append((spelt, piece))
    return out


def acronyms_of(name: str, reduced: Name) -> frozenset[str]:
    """SOCIETE BRETONNE DE TRAVAUX PUBLICS -> {sbtp, btp}: initials with and without the noise words."""
    written = [t for t in tokens(name) if t not in _ARTICLES and t not in LEGAL_FORMS]
    out = set()
    for words in (written, list(reduced.tokens)):
        if len(words) >= 3:
            out.add("".join(w[0] for w in words))
    return frozenset(out)


CODE_SEPARATOR = re.compile(r"[./\-– _]+")  # the en dash too: word processors and phones turn "-" into "–"


def code_pieces(code: str) -> tuple[str, ...]:
    """A code's pieces between its separators, upper case, leading zeros dropped: "1207.02" ->
    ("1207", "2"), as "1207-2", "1207/02" or "1207 02" are written; a code without one is one piece."""
    return tuple(p.lstrip("0") or "0" for p in CODE_SEPARATOR.split(code.strip().upper()) if p)


_NOT_DIGIT = re.compile(r"\D+")
# A code's digits: after up to four letters ("C1234", "GARC017") or an office's number and a dash
# ("35-0412"), or the whole code when it has none ("10245"): "réf 1234", "dossier 412" name it
# "GAP.0412", "CN/0322"; "0412G", "0412-NA", "0412/JM" of an office's or a manager's letters after the number
_CODE_DIGITS = re.compile(r"(?:[A-Za-z]{1,4}[-_ ./]?|\d{1,3}[-_ /])?0*(\d{2,8})(?:[-_ ./]?[A-Za-z]{1,3})?")


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector paused: an index of 50,000 clients is a million small objects
    that all stay alive, and the collector would walk them again and again while they are made
    and while replies are scored (reference counting still frees everything else)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build_index(rows: Iterable[dict], firm_domains: Iterable[str] = (), case_sensitive_codes: bool = False
                ) -> ClientIndex:
    """Index client rows (``clients`` table rows, ``emails`` as JSON text or a list)."""
    with paused_gc():
        return _build_index(rows, firm_domains, case_sensitive_codes)


def _build_index(rows: Iterable[dict], firm_domains: Iterable[str], case_sensitive_codes: bool) -> ClientIndex:
    index = ClientIndex(case_sensitive_codes=case_sensitive_codes)
    firm = tuple(d.lower() for d in firm_domains)
    for row in rows:
        emails = row.get("emails") or []
        if isinstance(emails, str):
            emails = json.loads(emails or "[]")
        index.add(row["code"], row.get("name", ""), row.get("first_name", ""), row.get("legal_form", ""),
                  row.get("siren", ""), row.get("siret", ""), emails, row.get("website", ""), firm,
                  row.get("manager_email") or "", row.get("city") or "", row.get("phone") or "",
                  row.get("address") or "", row.get("postcode") or "")
    return index
