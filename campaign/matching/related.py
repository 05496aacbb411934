"""Clients the file ties to one client, and the words by which a reply about that client points at them.

A reply to the request the firm e-mailed to one client often speaks for others as well: "pareil pour la
SCI", "Léa m'a dit que pour elle c'est ok aussi", "pour le site de Pornic, merci d'utiliser la même",
"pour mon mari". Those others are nearly always tied to the client asked in the file itself: the same
street, the same mailbox or company domain, a surname or brand in both names. Once the client is known
for certain (the thread says so), a short word is enough to point at such a client, where the same word
in a reply about nobody in particular would point at hundreds.
"""

from __future__ import annotations

import re

from campaign.matching.index import ClientIndex
from campaign.names import LEGAL_FORMS, NOISE, TRADES, tokens
from campaign.text import fold, is_consumer

# A name word shared by more clients than this is a common word, not a family or a brand
_MAX_SHARING = 6
_TRADE_WORDS = frozenset(t.rstrip("?").rstrip("s") for t in TRADES)
# Words many unrelated businesses carry: they tie nobody and point at nobody
_GENERIC = frozenset(("service", "centre", "conseil", "groupe", "france", "international", "gestion", "solution",
                      "expertise", "nord", "sud", "est", "ouest", "europe", "atlantique", "bretagne", "alsace", "grand",
                      "petit", "nouveau", "nouvelle", "saint", "sainte", "general", "generale", "bureau", "ville"))
# Words every reply writes ("merci d'envoyer nos factures par mail"): a neighbour called Mail Boxes Etc is not
# pointed at by them
_EVERYDAY = frozenset(("mail", "email", "adresse", "facture", "merci", "bonjour", "envoyer", "compte", "boite",
                       "courrier", "papier", "poste", "info", "contact", "compta", "comptabilite", "secretariat",
                       "direction", "etc", "box", "boxe", "message", "dossier", "client", "reponse"))
# Words of a person's relation to another ("mon mari", "ma fille", "mon associé")
_SPOUSE = r"(?:mon|ma) (?:mari|femme|epouse|epoux|conjointe?|compagnon|compagne)"
_CHILD = r"(?:mon|ma|nos|notre) (?:fils|fille|enfants?)"
_COUPLE = re.compile(r"\b(et|&)\b")  # "DHONDT Bernard et Anne": the file is the couple's, the spouse is in it
_PARTNER = r"(?:mon|ma|notre) (?:associee?|beau-frere|belle-soeur|frere|soeur)"
_PARENT = r"(?:mon|ma|mes) (?:pere|mere|papa|maman|parents|beau-pere|belle-mere)"
# "Vous pouvez faire de même pour mon autre société": the writer's other company, named by nothing else
_OTHER_OF_OURS = re.compile(r"\b(mon|ma|notre|l.) autre (societe|entreprise|affaire|structure|activite|boite|sarl|sas)\b")
_MAX_OTHERS_OF_OURS = 3  # companies tied to the one asked, all proposed for "mon autre société"; more: nobody
# The writer's own private file, on a company's thread ("pour notre dossier personnel (déclaration de revenus)",
# "aussi pour moi personel (pour declaration impot)"): the private persons tied to the company asked
_OUR_PRIVATE_FILE = re.compile(r"\b(dossiers?|comptes?|factures?) (perso|personnel\w*|prive\w*)\b|\bpour moi (perso|personnel\w*)\b|"
                               r"\ba titre (personnel|prive)\b|\bdeclarations? (de revenus|d.impots?|impots?)\b")


def related(index: ClientIndex, i: int) -> list[int]:
    """The clients the file ties to client ``i``: at the same street, sharing an e-mail address or a company
    domain on file, of the same name, or sharing a name word few clients have (a surname, a brand: RIALLAND,
    CARADEC)."""
    out: dict[int, None] = {}
    street = index.street(i)
    at_street = index.at_street(street) if street is not None else []
    if len(at_street) <= _MAX_SHARING + 1:  # a business centre's hundred companies tie nobody
        out.update(dict.fromkeys(j for j in at_street if j != i))
    for address in index.addresses[i]:
        holders = index.by_address.get(address, ())
        if len(holders) <= _MAX_SHARING + 1:  # nor a placeholder address a thousand files hold
            out.update(dict.fromkeys(j for j in holders if j != i))
    for domain in index.domains[i]:
        holders = index.by_domain.get(domain, ())
        if not is_consumer(domain) and len(holders) <= _MAX_SHARING:
            out.update(dict.fromkeys(j for j in holders if j != i))
    if index.keys[i]:  # namesakes: "vous avez un autre client Garage du Centre, à Rumilly"
        out.update(dict.fromkeys(j for j in index.by_key.get(index.keys[i], ())[:_MAX_SHARING] if j != i))
    for word in _own_words(index, i):
        holders = index.by_token.get(word, ())
        if 1 < len(holders) <= _MAX_SHARING:
            out.update(dict.fromkeys(j for j in holders if j != i))
    return list(out)


def _own_words(index: ClientIndex, i: int) -> set[str]:
    """Client ``i``'s name words that can tell a client apart: not a legal form, a trade or a noise word."""
    return {w for w in index.names[i].tokens
            if len(w) >= 3 and w not in LEGAL_FORMS and w not in NOISE and w not in _TRADE_WORDS and w not in _GENERIC
            and not w.isdigit()}


def pointers(index: ClientIndex, asked: int, other: int, writer: bool) -> list[tuple[str, str, str]]:
    """(pattern, phrase, kind) by which a reply about client ``asked`` points at ``other``, tied to
    it: a word of the other's name the asked client's name lacks, its legal form or town where they differ,
    and for two people of one surname the words for a spouse or a child (not when ``other`` is the writer:
    "ma femme" is then the client asked). The kind: "word" (of its name, its town), "form", or "role" (a
    relative's or a title's word, which may also be the client asked's: "mes parents" of the owners' daughter)."""
    mine = set(index.names[asked].tokens)
    words = [w for w in index.names[other].tokens if w not in mine and len(w) >= 3 and w not in NOISE
             and w not in _GENERIC and w not in _EVERYDAY and not w.isdigit() and w not in LEGAL_FORMS]
    out = [(rf"\b{re.escape(w)}\b", w, "word") for w in dict.fromkeys(words)]
    form = index.forms[other]
    if form and form != index.forms[asked] and form in LEGAL_FORMS:
        out.append((rf"\b(?:la|le|l.|sa|son|notre|leur|ma|mon) {re.escape(form)}\b", form, "form"))
    town, place = index.town_labels[other], fold_town(index.town_labels[other])
    if len(place) >= 3 and place != fold_town(index.town_labels[asked]):  # no "\b\b" for a town of "-"
        out.append((rf"\b{re.escape(place)}\b", town, "word"))
    if index.persons[other] and index.forms[asked] not in ("", "ei", "eirl", "indivision"):
        # "le Dr Lacoste vous répondra pour lui", about the SCM Ferrand-Lacoste: the person, not the company
        for word in index.surname(other) - _GENERIC:
            out.append((rf"\b(?:dr|docteur|m|mr|mme|monsieur|madame|maitre|me) {re.escape(word)}\b", word, "role"))
    if writer:
        return out
    shared = index.surname(asked) & index.surname(other) - _TRADE_WORDS
    if shared and index.persons[other] and not _COUPLE.search(fold(index.labels[asked])):
        out.append((rf"\b{_SPOUSE}\b", "conjoint", "role"))
    if shared or _own_words(index, asked) & _own_words(index, other):
        out.append((rf"\b{_CHILD}\b", "enfant", "role"))
        out.append((rf"\b{_PARTNER}\b", "associé", "role"))
        out.append((rf"\b{_PARENT}\b", "parent", "role"))
    return out


def fold_town(town: str) -> str:
    """A town as the folded words a reply writes it with ("Saint-Nazaire" → "saint nazaire")."""
    return " ".join(tokens(town))


def placed(index: ClientIndex, asked: int, sentence: set[str]) -> dict[int, str]:
    """{client: "word, town"} for the client other than ``asked`` that one sentence (its folded words) names by
    a word of its name and its town ("pour mon fils Julien (l'élagage à Guérande)", "la boulangerie de ma sœur,
    à Orvault"), when one client alone in the file fits."""
    towns = {key for word in sentence for key in index.town_keys.get(word, ()) if set(key.split()) <= sentence}
    fitting: dict[int, str] = {}
    for key in towns:
        for i in index.by_town.get(key, ())[:500]:
            words = [w for w in index.names[i].tokens if len(w) >= 4 and w in sentence and w not in NOISE
                     and w not in _GENERIC and w not in LEGAL_FORMS and w not in key.split()]
            if words and i != asked:
                fitting[i] = f"{words[0]}, {index.town_labels[i]}"
    return fitting if len(fitting) == 1 else {}


_TITLED = re.compile(r"\b(?:dr|docteur|maitre)\s+([a-z]{3,})\b")


def titled(index: ClientIndex, asked: int, folded: str) -> dict[int, str]:
    """{client: "dr haberer"} for the private clients other than ``asked`` a sentence names by a doctor's or a
    notary's title and a surname no other private client of the file bears ("le Dr Haberer vous répondra")."""
    out = {}
    for m in _TITLED.finditer(folded):
        people = [i for i in index.by_token.get(m.group(1), ())[:50] if index.persons[i]]
        if len(people) == 1 and people[0] != asked:
            out[people[0]] = m.group(0)
    return out


def pointed_at(index: ClientIndex, asked: int, sentences: list[str], skip: set[int], sender: str = ""
               ) -> dict[int, tuple[str, bool]]:
    """{client: (the phrase pointing at it, whether by a role word only)} for the clients tied to ``asked``
    that some of the reply's own (folded) ``sentences`` point at, any client a sentence names by a word of its
    name and its town, and any private client named by a doctor's title and a surname of its own (a role word:
    proposed only). ``skip``: clients already found otherwise; ``sender``: the writer's address. A name word
    counts only in a sentence of more than three words: "Sophie" or "Karim Haddad" alone on a line signs the
    reply, "Léa m'a dit que pour elle c'est ok aussi" points at Léa. "Mon autre société" points at the companies
    tied to ``asked`` (a role: proposed only)."""
    found: dict[int, tuple[str, bool]] = {}
    written = [(s, " ".join(tokens(s))) for s in sentences]
    for other in related(index, asked):
        if other in skip:
            continue
        writer = bool(sender) and sender.lower() in index.addresses[other]
        for pattern, phrase, kind in sorted(pointers(index, asked, other, writer), key=lambda p: p[2] == "role"):
            if any((kind != "word" or len(folded.split()) > 3) and (re.search(pattern, folded) or re.search(pattern, s))
                   for s, folded in written):
                found[other] = (phrase, kind == "role")
                break
    if any(_OTHER_OF_OURS.search(s) for s, _ in written):
        companies = [j for j in related(index, asked) if not index.persons[j] and j not in skip]
        if len(companies) <= _MAX_OTHERS_OF_OURS:
            for j in companies:
                found.setdefault(j, ("autre société", True))
    if not index.persons[asked] and any(_OUR_PRIVATE_FILE.search(s) for s, _ in written):
        persons = [j for j in related(index, asked) if index.persons[j] and j not in skip]
        if len(persons) <= _MAX_OTHERS_OF_OURS:
            for j in persons:
                found.setdefault(j, ("dossier personnel", True))
    for s, folded in written:
        for other, phrase in placed(index, asked, set(folded.split())).items():
            if other not in skip:
                found.setdefault(other, (phrase, False))
        for other, phrase in titled(index, asked, folded).items():
            if other not in skip:
                found.setdefault(other, (phrase, True))
    return found
