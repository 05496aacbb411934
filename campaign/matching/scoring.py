"""Evidence for each candidate client of one reply, with Splink-style weights.

Each piece of evidence adds (or removes) weight; a candidate's score is the sum. The weights are
ordered by how hard the evidence is to produce by accident: a quoted client reference or SIREN
is near-certain, an address already on file is strong, a company domain is strong when only one
client has it, a name is suggestive. Names count once per client (the best of the fuzzy score
and an exact mention in the text), since they are the same evidence read twice.
"""

from __future__ import annotations

import itertools
import math
import re
import string
from functools import lru_cache

from rapidfuzz import fuzz

from campaign.clients.codes import code_key
from campaign.text import fold

from campaign.matching.address_names import AddressName, domain_label, read_address
from campaign.contacts import phones_in, postcode_windows, street_in, street_named, streets_written
from campaign.matching.domains import company_domain, domain_of, is_consumer
from campaign.matching.index import CODE_SEPARATOR, ClientIndex, code_pieces
from campaign.matching.mentions import Mention
from campaign.names import LEGAL_FORMS, NOISE, SHOP_TRADES, TRADES, canonical_form, normalise_name, tokens, word_form
from campaign.matching.records import ON_FILE, Candidate, Evidence, ReplyFacts

W_REFERENCE = 12.0
W_SIREN = 10.0
W_KNOWN_SENDER = 9.0
W_KNOWN_GIVEN = 4.0         # the address designated is on file for the client (sent from elsewhere)
W_KNOWN_GIVEN_ALONE = 6.0   # ...and for no other client
W_KNOWN_RETIRED = 5.0       # the text names an address on file for the client, to retire it ("pas sur x@y")
W_DOMAIN_UNIQUE = 7.0       # the sender's company domain belongs to this client alone
W_DOMAIN_SHARED = 5.0       # ...to this client and others (a holding and its subsidiaries)
W_DMARC_ALIGNED = 2.0       # the receiving server verified the sender's domain (DMARC pass)
W_GIVEN_DOMAIN = 3.0        # the designated address is at the client's domain
W_NAME = ((97, 6.0), (92, 4.0), (86, 2.0))  # fuzzy name score floor -> weight
W_MENTION_FULL = 5.0        # the text names the client (several words, or one word beside its legal form)
W_MENTION_WORD = 2.0        # a one-word name without its legal form (could be a surname)
W_FORM_AGREES = 1.0
W_FORM_CONFLICTS = -3.0
W_DOMAIN_CONFLICT = -2.0    # sent from a company domain that is not the client's known one
W_BARE_REFERENCE = 10.0     # "réf 1234" for C1234: the reference without its letters (less when k codes end so)
MAX_BARE_OWNERS = 3         # "réf 0345" for A0345 and B0345 (two offices, one numbering each): both proposed
W_QUOTED_ADDRESS = 8.0      # the firm's quoted message was written to / proposed an address on file
W_QUOTED_REFERENCE = 8.0    # ...writes a client's code (no code written in the reply's own words)
W_KNOWN_COPY = 4.0          # an address in Cc / To is on file for the client
W_LEARNED_SENDER = 9.0      # a person linked an earlier reply from this sender to the client (split when shared)
W_LEARNED_DOMAIN = 5.0      # ...from this company domain
W_DOMAIN_NAME = 7.0         # the sender's company domain spells the client's whole name
W_DOMAIN_NAME_PART = 5.0    # ...part of it
W_MAILBOX_NAME = 5.0        # the mailbox (before @) spells the client's whole name
W_MAILBOX_NAME_PART = 3.0   # ...part of it
W_COMPANY_MAILBOX = 2.0     # ...a company's whole name, no other client's: as telling as its own domain
W_UNIQUE_NAME = 2.0         # the name (two words or more) resembles this client's alone
W_QUOTED_MENTION = 4.0      # the firm's quoted message names the client
W_MANAGER = 1.0             # relayed by the client's own engagement manager
W_MANAGER_NAMED = 4.0       # ...who names that client in her own note above the forward ("c'est pour Champion Informatique")
W_EXCLUDED = -12.0          # "sauf la SCI X": the reply excludes this client
W_STREET_TOWN = 5.0         # the reply writes the client's street and town, without postcode or number
W_MENTION_PART = 2.0        # a rare word of the client's name written as a name ("le Corsaire")
W_ADDRESS_AGREES = 2.0      # the mailbox spells the name the display name or the text gives
W_TOWN = 2.0                # the reply writes the client's town
W_PHONE = 9.0               # the signature or text gives the client's phone number on file: as sure as its address
W_POSTAL = 7.0              # ...its postal address: house number, street and postcode (split when shared)
W_FORM_WRITTEN = 2.0        # "pour la SARL": of namesakes with different forms, the one written
W_TRADE_NOT_SCI = -2.0      # "pour le bar-restaurant": the SCI of the same name holds the walls, it keeps no bar
W_LIEU_DIT = 4.0            # the reply writes the place name of the client's address ("la Barbinière")
W_STREET = 2.0              # ...names its street without number or postcode ("route de Nantes")
MAX_SHARING = 3             # words more clients than this share say nothing


def name_queries(facts: ReplyFacts) -> list[tuple[str, str]]:
    """(key, as written) of the names a reply offers: signature company, display or signed name."""
    out: list[tuple[str, str]] = []
    for whole in (facts.company, facts.sender_name):
        whole = (whole or "").strip()
        # "ACM 44 - Ludovic Pineau", "Garage Martin | Service compta": the company, then a person or a service
        parts = [whole] + [p.strip() for p in _NAME_PARTS.split(whole) if len(p.strip()) >= 3] if _NAME_PARTS.search(whole) else [whole]
        for written in parts:
            if written and "@" not in written:
                key = normalise_name(written).key
                if key and key not in {k for k, _ in out}:
                    out.append((key, written))
    return out


_NAME_PARTS = re.compile(r"\s+[-–—|/]\s+|\s*[|]\s*")


def name_weight(score: int) -> float:
    """The weight of a fuzzy name score (0 below the lowest floor)."""
    return _NAME_WEIGHTS[max(0, min(100, int(score)))]


_NAME_WEIGHTS = [next((w for floor, w in W_NAME if score >= floor), 0.0) for score in range(101)]


class CandidateBuilder:
    """Collects evidence per client for one reply."""

    def __init__(self, index: ClientIndex) -> None:
        self.index = index
        self.found: dict[int, Candidate] = {}

    def add(self, i: int, evidence: Evidence, *, named: bool = False, conflict: bool = False,
            in_words: bool = False) -> Candidate:
        candidate = self.found.get(i)
        if candidate is None:
            candidate = self.found[i] = Candidate(i, self.index.codes[i])
        # Candidate.add written out: called for every piece of evidence of every reply
        candidate.evidence.append(evidence)
        if evidence.weight:
            candidate.score = round(candidate.score + evidence.weight, 2)
        candidate.named |= named
        candidate.conflict |= conflict
        candidate.in_words |= in_words
        return candidate

    def has(self, i: int, *signals: str) -> bool:
        """Whether client ``i`` already has evidence of one of these kinds."""
        return i in self.found and self.found[i].has(*signals)


# "c'est le dossier 411DUVAL2, elle a écrit 411DUVAL (qui est M. Michel Duval)", "411X et non 411Y":
# a reference written only to be set aside names nobody the reply is for
_DISOWNING = re.compile(r"(\b(a|avait|ont|avaient|has|had) (ecrit|indique|mis|note|donne|tape|written|wrote|put)|\bet (non|pas)|"
                        r"\bau lieu de|\bplutot que|\binstead of|\bnot|\bpas (le|la|du|de la)?\s*(dossier|ref\w*|code)?|"
                        # "tous mes dossiers sauf GAP.0413", "mon voisin (GAP.0412) m'a dit de vous écrire" (review 17)
                        r"\b(sauf|hormis|excepte|except|mais pas)( (le|la|les|du|de la))?\s*(dossier|ref\w*|code)?|"
                        r"\b(mon|ma|notre) (voisin|voisine|ami|amie|collegue|cousin|cousine)\s*)"
                        r"[\s:(\"'«]*$")


# "vous m'avez écrit sous la référence GAP.0412 par erreur, elle n'est pas à moi." (review 17): set aside after it,
# the sentence ending there
_DISOWNED_AFTER = re.compile(r"[\s().,]*(par erreur|by mistake|in error)?([,;]?\s*(qui|elle|il|ce|that|which|it)\s*"
                             r"(n'est|n est|ne nous|is not|isn't) (pas )?(a moi|a nous|la mienne|le mien|concerne|mine|ours|"
                             r"(mon|ma|notre|my|our) (dossier|ref\w*|code|compte|numero|societe|entreprise|file|account)))?"
                             # and the sentence ends: not "…, ce n'est pas mon dossier, c'est celui de mon père" (review 18)
                             r"(?<=[a-z])( pas)?\)?\s*([.!\n]|$)")


def _disowned(ref: str, text: str, disowned: list[str]) -> bool:
    """Whether every place ``ref`` is written in the reply sets it aside ("et non 411DUVAL"), or the
    forwarding manager's note says it was written by mistake (``disowned``, from campaign.matching.run)."""
    if ref.upper() in (d.upper() for d in disowned):
        return True
    places = code_places(ref, text)
    return bool(places) and all(_DISOWNING.search(fold(text[max(0, start - 40):start])[-30:])
                                or _set_aside_after(fold(text[end:end + 60])) for start, end in places)


def _set_aside_after(after: str) -> bool:
    """Whether the words after a reference set it aside, ending its sentence ("… par erreur, elle n'est pas à moi.")."""
    found = _DISOWNED_AFTER.match(after)
    return found is not None and bool(found.group(1) or found.group(2)) or _NOT_MINE_DE.match(after) is not None


# "Die Kundennummer 61234 gehört meinem Nachbarn, nicht mir", "… ist nicht meine" (review 18c)
_NOT_MINE_DE = re.compile(r"[^.!?\n]{0,40}\b(gehort|gehoert|ist|war)\b[^.!?\n]{0,30}\bnicht (mir|uns|meine|unsere)\b")


def code_places(code: str, text: str) -> list[tuple[int, int]]:
    """Where ``code`` is written in ``text``, as a word, in any case: (start, end) of each place.

    Codes are ASCII, so only ASCII letters are compared without case, and the text keeps its own
    positions. Searched with str.find, not a regular expression: a batch asks for thousands of
    different codes, and compiling a pattern for each took a tenth of the pipeline's time.
    """
    wanted, upper = code_key(code), code_key(text)  # the ASCII-only case folding client codes are compared in
    places: list[tuple[int, int]] = []
    if not wanted:
        return places
    at = upper.find(wanted)
    while at >= 0:
        end = at + len(wanted)
        if (at == 0 or upper[at - 1] not in _CODE_CHARS) and (end == len(upper) or upper[end] not in _CODE_CHARS):
            places.append((at, end))
            at = upper.find(wanted, end)
        else:
            at = upper.find(wanted, at + 1)
    return places


_CODE_CHARS = frozenset(string.ascii_letters + string.digits)


# a manager's "elle a écrit 411DUVAL qui est M. Michel Duval à Rouen": the clause, to its sentence's end
_WROTE_BY_MISTAKE = re.compile(r"\b(il|elle|ils|elles|le client|la cliente|madame|monsieur|mme|m\.)\s[^.;\n]{0,30}?"
                               r"\ba\s+(ecrit|indique|mis|note|donne|tape|confondu)\b(?:\b(?:m|mme|mr|dr|st|ste)\.|[^.;\n])*")


# "il a inversé les chiffres de la référence", "elle s'est trompée de numéro de dossier"
_REFERENCE_MISTAKEN = re.compile(r"\b(inverse|trompee?|erreur|mauvaise?|faute|coquille)\b[^.;\n]{0,40}\b(references?|ref|code client|"
                                 r"numero (de dossier|client)|chiffres de (la|sa) reference)\b|"
                                 r"\b(references?|code client)\b[^.;\n]{0,30}\b(erronee?|fausse?|inversee?)\b")


_REF_DOT = re.compile(r"(\br[ée]f)\.(?=[A-Za-z0-9])", re.IGNORECASE)


def set_aside(note: str) -> tuple[str, list[str]]:
    """A manager's note without the clauses that say what the client wrote by mistake, and the
    references those clauses name."""
    folded = fold(note)
    if len(folded) != len(note):
        return note, []  # positions would not match: keep the note as it is
    cut, refs = note, []
    for m in reversed(list(_WROTE_BY_MISTAKE.finditer(folded))):
        clause = note[m.start():m.end()]
        refs += coded_words(clause) + re.findall(r"(?<![\w-])\d{4,}(?![\w-])", clause)
        cut = cut[:m.start()] + cut[m.end():]
    return cut, refs


def score_reply(facts: ReplyFacts, index: ClientIndex, names: dict[str, list[tuple[int, int]]],
                mentions: list[Mention], firm_domains: tuple[str, ...] = (),
                quoted_mentions: list[Mention] | None = None) -> tuple[list[Candidate], list[str]]:
    """Candidates with their evidence, best first, and the references quoted that name no client."""
    found = CandidateBuilder(index)
    context = facts.context or {}
    unknown_refs = []
    subject_refs = {r.upper() for r in _refs_in(facts.subject, facts.references)}
    # "ref.TIXIERM": the cue's dot read as a space (same length: positions hold)
    written_here = _REF_DOT.sub(r"\1 ", "\n".join((facts.subject, facts.own_text, facts.signature)))
    pieced = spaced_codes(written_here, index)
    # "NOTRE REF CLIENT 411FOURNI 2": 411FOURNI2, not also the namesake 411FOURNI its first piece spells
    disowned = list(context.get("disowned", [])) + _pieces_of(pieced, written_here)
    coded = coded_words(written_here)
    in_pieces = pieced_codes(written_here)
    note = context.get("relay_note", "")
    if note and _REFERENCE_MISTAKEN.search(fold(note)) and (
            any(index.code_index(w) is not None for w in coded_words(note))
            or any(index.by_pieces.get(key) is not None for _, key, _ in pieced_codes(note))):
        # "c'est bien X (0345/98), il a inversé les chiffres de la référence": the manager's note says which
        # reference; the one the client wrote below it names nobody
        disowned += [w for w in coded + pieced + [written for written, _, _ in in_pieces] + list(facts.references)
                     if not code_places(w, note)]
    for ref in facts.references:
        i = index.code_index(ref)
        if i is None:
            unknown_refs.append(ref)
            continue
        if _disowned(ref, written_here, disowned):
            continue
        where = "subject" if ref.upper() in subject_refs else "text"
        found.add(i, Evidence("reference", W_REFERENCE, {"ref": ref, "where": where}), named=True, in_words=True)
    for ref in coded + pieced:
        i = index.code_index(ref)
        if i is None:
            i = index.stem_index(ref)  # "GUERI2" for 9GUERI2: the code without its prefix (a stem opens with letters)
        office = None
        if i is None and index.by_pieces and ref in pieced:
            i = office = office_index(index, ref)  # found by spaced_codes, which office_written checked
        elif i is None and index.by_pieces and ref in written_here:
            # "GAP0412" as written for GAP.0412, in one word
            at = written_here.find(ref)
            i = office = office_written(index, ref, written_here[:at], written_here[at + len(ref):at + len(ref) + 12])
        # (a code joined from its pieces is not written as such: "et non 411FOURNI" disowns no 411FOURNI2)
        if i is not None and i not in found.found and (ref in pieced and ref not in written_here
                                                       or not _disowned(ref, written_here, disowned)):
            where = "subject" if ref.upper() in facts.subject.upper() or office is not None and office in {
                office_index(index, w) for w in coded_words(facts.subject) + spaced_codes(facts.subject, index)} \
                else "text"
            found.add(i, Evidence("reference", W_REFERENCE, {"ref": ref, "where": where}), named=True, in_words=True)
    for written, i, sure in lettered_codes(written_here, index):
        if i in found.found or _disowned(written, written_here, disowned):
            continue
        if sure:
            where = "subject" if code_places(written, facts.subject) else "text"
            found.add(i, Evidence("reference", W_REFERENCE, {"ref": written, "where": where}), named=True, in_words=True)
        else:
            found.add(i, Evidence("bare_reference", W_BARE_REFERENCE - 4, {"ref": written, "code": index.codes[i],
                                                                             "loose": True}), in_words=True)
    for written, key, cued in in_pieces:
        # "réf 1207-2", "dossier 1207 02": a code of the file written in its pieces. Without "réf", "dossier"
        # before it, a number so written is as likely a measure or a flat ("150.1 ha", "app. 1207/2"): weak
        i = index.by_pieces.get(key)
        if i is None or i in found.found or _disowned(written, written_here, disowned) \
                or len(CODE_SEPARATOR.split(written)[0]) > len(CODE_SEPARATOR.split(index.codes[i])[0]):
            continue  # "chèque n° 0001207 2": more digits than the code's own
        if cued or _named_whole(written, i, written_here, index):
            where = "subject" if written in facts.subject and not code_places(written, facts.own_text) else "text"
            found.add(i, Evidence("reference", W_REFERENCE, {"ref": written, "where": where}), named=True, in_words=True)
        else:
            found.add(i, Evidence("bare_reference", W_BARE_REFERENCE - 4, {"ref": written, "code": index.codes[i],
                                                                             "loose": True}),
                      in_words=True)
    bare = bare_references(written_here)
    for written, _, _ in bare:
        # "réf 350412": the code 35-0412 written without its dash
        i = index.by_compact.get(re.sub(r"[\W_]", "", written).upper()) if index.by_compact else None
        if i is not None and i not in found.found and not _disowned(written, written_here, disowned):
            found.add(i, Evidence("reference", W_REFERENCE, {"ref": written, "where": "text"}), named=True,
                      in_words=True)
    referenced = {c.index for c in found.found.values()}
    for written, digits, sure in bare:
        # "réf 1207" of a firm whose codes are 1207.01, 1207.02 …: a family number, the family's files
        if _disowned(written, written_here, disowned) or any(d.upper().startswith(written.upper()) for d in disowned):
            continue  # "code client 0354/98" the manager says was mistyped: not even its number
        number = digits.lstrip("0") or "0"
        owners = index.by_digits.get(number, ()) or index.by_family.get(number, ())
        if len(owners) > MAX_BARE_OWNERS or referenced.intersection(owners):
            continue  # "réf. B0230" found whole: A0230 is not what it means
        for i in owners:
            if i not in referenced:
                referenced.add(i)
                # "réf 1234" may be an invoice's number; "code client 1234" is the client's. "0345" of a
                # firm whose two offices both have a 0345 (A0345, B0345) is either: the rest decides
                weight = (W_BARE_REFERENCE if sure else W_BARE_REFERENCE - 4) - math.log2(len(owners))
                # "(A0095 / B0095)": the reviewer sees which clients the number fits
                found.add(i, Evidence("bare_reference", weight, {"ref": written,
                                                                 "code": " / ".join(index.codes[j] for j in owners)}),
                          named=sure and len(owners) == 1, in_words=True)
    for m in _BRACKETED_NUMBER.finditer(written_here[:20000]):
        # "Pour l'EARL (0870), le GFA (0871), la SCI du séchoir (0872)" (set58 NE031, dev): a number in brackets
        # right after a client's legal form or a word of its name is that client's code without its letter
        owners = index.by_digits.get(m.group(1).lstrip("0") or "0", ())
        if not owners:
            continue
        last = tokens(fold(written_here[max(0, m.start() - 40):m.start()]))[-1:]
        described = [i for i in owners if last and (last[0] == index.forms[i] or last[0] in index.names[i].tokens)]
        if len(described) != 1 or described[0] in referenced or _disowned(m.group(1), written_here, disowned):
            continue
        if not _GONE.search(fold(re.split(r"[.!?\n]", written_here[m.end():m.end() + 200], maxsplit=1)[0])):
            # (not "L'EARL (0871) a été dissoute, ne lui envoyez plus rien": named to be set aside)
            referenced.add(described[0])
            found.add(described[0], Evidence("reference", W_REFERENCE, {"ref": m.group(1), "where": "text"}),
                      named=True, in_words=True)
    quoted_firm = context.get("quoted_firm", "")
    if quoted_firm and not found.found:
        # the firm's own message quoted below ("rappel : votre référence client 0345/98"): the client it was
        # written to, as the address it was written to says; less than a reference the reply writes itself
        # (a wife may answer her husband's reminder), and nothing when the reply writes a code of its own
        for written, i in quoted_codes(quoted_firm, index):
            if not _disowned(written, written_here, disowned):
                found.add(i, Evidence("reference", W_QUOTED_REFERENCE, {"ref": written, "where": "quoted"}), named=True)
    for siren in facts.sirens:
        for i in index.by_siren.get(siren, ()):
            found.add(i, Evidence("siren", W_SIREN, {"siren": _spaced(siren)}), named=True, in_words=True)

    # a phone or street a manager signs with is the firm's, not the client's (some clients are
    # domiciled at the firm): read them only from the client's own words
    relayed_note = context.get("relay_note", "")
    client_text = facts.own_text[len(relayed_note):] if relayed_note and facts.own_text.startswith(relayed_note) \
        else facts.own_text
    _contact_details(found, client_text if context.get("relayed_by") else f"{client_text}\n{facts.signature}", index)
    _street_in_town(found, client_text if context.get("relayed_by") else f"{client_text}\n{facts.signature}", index)

    sender = facts.sender.lower()
    for i in index.by_address.get(sender, ()):
        found.add(i, Evidence("known_sender", W_KNOWN_SENDER, {"address": sender}))
    learned = [i for i in index.learned.get(sender, ()) if sender not in index.addresses[i]]
    for i in learned:
        found.add(i, Evidence("learned_sender", _shared(W_LEARNED_SENDER, len(learned)), {"address": sender}))
    given_all = list(dict.fromkeys(a.lower() for a in facts.addresses + facts.copies))
    for given in given_all:
        if given != sender:
            owners = index.by_address.get(given, ())
            for i in owners:
                weight = W_KNOWN_GIVEN_ALONE if len(owners) == 1 else _shared(W_KNOWN_GIVEN, len(owners))
                found.add(i, Evidence("known_given", weight, {"address": given}))
    for retired in dict.fromkeys(a.lower() for a in context.get("retired", [])):
        owners = index.by_address.get(retired, ())
        for i in owners if retired != sender else ():
            found.add(i, Evidence("known_retired", _shared(W_KNOWN_RETIRED, len(owners)), {"address": retired}))
    quoted: dict[int, str] = {}
    for address in dict.fromkeys(a.lower() for a in context.get("proposed", []) + context.get("quoted_to", [])):
        for i in index.by_address.get(address, ()):
            quoted.setdefault(i, address)
    for i, address in quoted.items():  # a message to a whole group says less of each company
        found.add(i, Evidence("quoted_address", _shared(W_QUOTED_ADDRESS, len(quoted)), {"address": address}))
    for address in dict.fromkeys(a.lower() for a in context.get("cc", []) + context.get("to", [])):
        if address != sender and address not in given_all:
            for i in index.by_address.get(address, ()):
                found.add(i, Evidence("known_copy", W_KNOWN_COPY, {"address": address}))

    domain = company_domain(sender, firm_domains)
    if domain:
        owners = index.by_domain.get(domain, ())
        dmarc_ok = (facts.auth or {}).get("dmarc") == "pass" and not facts.forwarded_by
        branch = _branch_town(sender, index) if owners else ""
        for i in owners:
            weight = W_DOMAIN_UNIQUE if len(owners) == 1 else W_DOMAIN_SHARED
            found.add(i, Evidence("domain", weight, {"domain": domain, "shared": len(owners)}))
            if dmarc_ok:
                found.add(i, Evidence("dmarc_aligned", W_DMARC_ALIGNED, {"domain": domain}))
            if branch and i not in index.by_town[branch]:
                # "espalion@halle-paysanne.fr" when the file holds "millau@halle-paysanne.fr" for the Millau shop: a
                # network's mailbox named after another town is another shop's, which may be another client
                found.add(i, Evidence("branch_mailbox", 0.0, {"mailbox": sender.split("@", 1)[0],
                                                              "town": index.town_labels[i]}), conflict=True)
        if branch:
            _branch_shops(found, sender, domain, branch, owners, index)
        taught = [i for i in index.learned_domains.get(domain, ()) if i not in owners]
        for i in taught:
            found.add(i, Evidence("learned_domain", _shared(W_LEARNED_DOMAIN, len(taught)), {"domain": domain}))
        if group_reply(facts.own_text) and len(owners) > 1:
            for i in owners:  # "pour toutes nos sociétés": every company at the group's domain (not a person's file)
                if not (index.persons[i] and not index.forms[i]):
                    found.add(i, Evidence("group", 0.0, {"domain": domain}), named=True, in_words=True)
    for given_domain in dict.fromkeys(company_domain(a, firm_domains) for a in facts.addresses + facts.copies):
        if given_domain and given_domain != domain:
            for i in index.by_domain.get(given_domain, ()):
                found.add(i, Evidence("given_domain", W_GIVEN_DOMAIN, {"domain": given_domain}))

    mailbox = _address_names(found, facts, index, firm_domains)
    _add_names(found, facts, index, names, mentions, mailbox)
    _forms_in_words(found, facts, index)
    _trades_set_aside(found, facts, index)
    _relatives(found, facts, index)
    for mention in quoted_mentions or ():
        if len(mention.clients) == 1 and (mention.words > 1 or mention.form == index.forms[mention.clients[0]]):
            found.add(mention.clients[0], Evidence("quoted_mention", W_QUOTED_MENTION,
                                                   {"phrase": mention.phrase, "client": index.labels[mention.clients[0]]}))
    towns = {i: index.towns[i] for i in found.found}
    # namesakes in different towns, or a client the text names with its town
    told_apart = len({t for t in towns.values() if t}) > 1 or any(c.in_words for c in found.found.values())
    written = _saints_spelt(facts.written) if told_apart else ""
    for candidate in list(found.found.values()) if told_apart else ():
        town = towns[candidate.index]
        # town words are in comparable spelling ("nante" for Nantes): a prefix of the written word
        head = index.town_heads[candidate.index]
        # (a town word not even in the text is not looked for at a word start: most are not there)
        if town and (all(word in written and _word_at(word, "[sx]?\\b").search(written) for word in town)
                     or head in town and head in written and _word_at(head, "\\b").search(written)) \
                and (len(towns) > 1 or candidate.in_words) \
                and not candidate.has("street_town"):  # the town is counted there
            # "Marc Dupuis, Rennes": of two namesakes, the one in Rennes; "je ne suis pas le Michel
            # Guilbaud de Challans": not the one in Challans
            denied = all(_DENIED_BEFORE.search(written[max(0, m.start() - 50):m.start()])
                         for word in town for m in _word_at(word, "").finditer(written))
            label = index.town_labels[candidate.index] or " ".join(sorted(town))
            found.add(candidate.index, Evidence("town_denied", -W_TOWN, {"town": label}) if denied
                      else Evidence("town", W_TOWN, {"town": label}))
    _town_elsewhere(found, facts, index)
    _told_apart(found, facts, index)
    written = streets_written(f"{facts.subject}\n{facts.own_text}\n{facts.signature}") if len(found.found) > 1 else ""
    for candidate in list(found.found.values()) if written else ():
        street = index.street(candidate.index)
        if street is not None and street_named(written, street) and \
                not candidate.has("postal_address", "street_town"):
            found.add(candidate.index, Evidence("street", W_STREET, {"street": street.phrase}))
    _places(found, facts, index)
    _trade_names(found, facts, index)
    _trade_in_town(found, facts, index)
    relayed = (facts.forwarded_by or context.get("relayed_by", "")).lower()
    if relayed:
        note = fold(context.get("relay_note", ""))
        unsure = _UNSURE_NOTE.search(note)
        if unsure:
            # "une Pharmacie de la Gare m'a répondu, mais je ne sais pas laquelle": the manager cannot tell; her
            # portfolio and her office's town in her signature say nothing either (review 13f: a wrong automatic link)
            for candidate in list(found.found.values()):
                found.add(candidate.index, Evidence("manager_unsure", 0.0, {"by": relayed}), conflict=True)
        if unsure or _HEDGED_NOTE.search(note):
            note = ""  # "Je pense que c'est pour le garage Vuarand, à vérifier": a guess for a person to check
        designated = []
        for candidate in found.found.values():
            if index.managers[candidate.index] == relayed:
                found.add(candidate.index, Evidence("manager", W_MANAGER, {"by": relayed}))
                # the manager knows her client: "c'est pour la pharmacie du Marché de Thonon", a name of her
                # portfolio in her own words above the forward (a surname alone with the town or the legal form)
                placed = candidate.has("town", "form_agrees", "form_written")
                named = [e.args["phrase"] for e in candidate.evidence
                         if e.weight > 0 and (e.signal == "mention" or (e.signal == "mention_part" and placed))]
                if note and any(_designated_in(phrase, note) for phrase in named):
                    designated.append(candidate)
        if len(designated) == 1:  # (two files of her portfolio named: a person sorts them)
            found.add(designated[0].index, Evidence("manager_named", W_MANAGER_NAMED, {"by": relayed}))

    if domain:
        # A company domain that is not the client's own contradicts a link made on other grounds.
        for candidate in found.found.values():
            known = index.domains[candidate.index]
            # (a subdomain of its own, helpdesk.havre-customs.eu for havre-customs.eu, is its own)
            if known and domain not in known and not any(domain.endswith("." + k) or k.endswith("." + domain) for k in known):
                found.add(candidate.index, Evidence("domain_conflict", W_DOMAIN_CONFLICT,
                                                    {"domain": domain, "known": ", ".join(sorted(known))}),
                          conflict=True)
    ranked = sorted(found.found.values(), key=lambda c: (-c.score, c.code))
    return ranked, unknown_refs


@lru_cache(maxsize=8192)
def _word_at(word: str, tail: str) -> re.Pattern:
    """``word`` at a word start, then ``tail``, compiled once: a client file has thousands of town
    words, more than the re module's own cache keeps."""
    return re.compile(rf"\b{re.escape(word)}{tail}")


# A word made of letters and digits both, not part of an address or a domain: "DUPO001", "411MAR".
_CODE_LIKE = re.compile(r"(?<![\w@.\-/])(?=[A-Za-z0-9-]*\d)(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9-]{2,19}"
                        r"(?![\w@\-/]|\.[A-Za-z]{2,})")


# "Réf. 411 HAVARD", "411/DUVAL 2", "411 0345": a code written in two or three pieces
_PIECE = re.compile(r"[A-Za-z0-9]{1,10}")
# (not "Carrefour 72 100", "Résidence Le Refuge, 72 100": review 18; "Nref", "VRéf." are)
_REF_CUE = re.compile(r"\b([nv]/?)?(ref(erences?|s)?|code|client|dossier|compte|account|n°|no)[\W_]*$")


def spaced_codes(text: str, index: ClientIndex) -> list[str]:
    """Codes of the client file written in pieces, joined: only a join that is exactly a code counts."""
    out: list[str] = []
    if not any(map(str.isdigit, text[:20000])):
        return out  # every code holds a digit
    pieces = [(m.group(0), m.start(), m.end()) for m in _PIECE.finditer(text[:20000])]
    digits = [any(map(str.isdigit, piece)) for piece, _, _ in pieces]
    for n in range(len(pieces) - 1):
        if not any(digits[n:n + 3]):
            continue
        joins = [pieces[n][0]]
        for k in (1, 2):
            if n + k >= len(pieces) or text[pieces[n + k - 1][2]:pieces[n + k][1]] not in (" ", "/", ".", "-"):
                break
            joins.append(joins[-1] + pieces[n + k][0])
        for k, joined in reversed(list(enumerate(joins[1:], 1))):  # "411 MARTEL 2" is 411MARTEL2 before it is 411MARTEL
            if joined.isalpha() or joined in out:
                continue
            if index.code_index(joined) is None:
                # "BRI.0549", "réf gap 412": an office's letters and its number (office_written says when)
                written = text[pieces[n][1]:pieces[n + k][2]]
                if k != 1 or written in out or office_written(index, written, text[:pieces[n][1]],
                                                              text[pieces[n + k][2]:pieces[n + k][2] + 12]) is None:
                    continue
                out.append(written)
                break
            # digits alone in pieces are a phone's or a postcode's as often: only after "réf", "code client"
            if not joined.isdigit() or _REF_CUE.search(fold(text[max(0, pieces[n][1] - 25):pieces[n][1]])):
                out.append(joined)
                break
        if len(out) >= 50:
            break
    return out


_OFFICE_CODE = re.compile(r"([A-Za-z]{2,4})[ ./\-–]?0*(\d{1,6})")
# "(GAP0113 et GAP 623)": a code listed after another
_LISTED_AFTER_CODE = re.compile(r"\b[A-Za-z]{2,4}[ ./\-–]?\d{2,6}\s*([,/;&+]|et|and)\s*$", re.IGNORECASE)


def office_written(index: ClientIndex, written: str, before: str, after: str = "") -> int | None:
    """The client an office's code as ``written`` names, between ``before`` and ``after``: "GAP.0412" (the file's
    own separator) or "GAP0412" (all its digits), or any spelling after "réf", "code client", "dossier" or in a list
    of codes ("réf gap 412", "(GAP0113 et GAP 623)"). An office's letters are a town's or a word too ("Gap 12 km",
    "agence de Gap 1250 euros", "the gap 2 weeks", "Fait à Gap 04.12"): not otherwise; nor after "facture",
    "commande", "n°" of another document, nor before a unit (review 17)."""
    i = office_index(index, written)
    if i is None:
        return None
    tail = before[-25:]
    if _PIECE_OTHER.search(tail) or _PIECE_NOT.search(tail) and not _PIECE_CUE.search(tail) \
            or _PIECE_UNIT.match(after):
        return None  # "Facture n° GAP 0412", "commande GAP 412", "Gap 12 km"
    letters = _OFFICE_CODE.fullmatch(written.strip()).group(1)  # type: ignore[union-attr]
    code, rest = index.codes[i], written.strip()[len(letters):]
    separator = code[len(letters):len(letters) + 1]
    as_filed = rest[:1] == separator and not separator.isalnum() \
        or rest.isdigit() and len(rest) == sum(c.isdigit() for c in code)
    if as_filed or _OFFICE_CUE.search(fold(tail)) or _LISTED_AFTER_CODE.search(tail):
        return i
    return None


_OFFICE_CUE = re.compile(r"\b(ref\w*|code|client|dossier|compte|account|n°)\W*$")  # not "Carrefour Gap 2"


def office_index(index: ClientIndex, written: str) -> int | None:
    """The client whose code is an office's letters and a number ("GAP.0412") that ``written`` spells with another
    separator, none, or the zeros dropped ("GAP0412", "gap 412", "GAP-412"), if any."""
    m = _OFFICE_CODE.fullmatch(written.strip())
    return index.by_pieces.get(f"{m.group(1).upper()}|{m.group(2)}") if m else None


def _pieces_of(pieced: list[str], text: str) -> list[str]:
    """Words that are only ever written as the first piece of a code written in pieces ("411FOURNI" of
    "411FOURNI 2"): not a code of their own there."""
    out: list[str] = []
    for word in dict.fromkeys(coded_words(text)) if pieced else ():
        rests = [p[len(word):].upper() for p in pieced if p.upper().startswith(word.upper()) and len(p) > len(word)]
        places = code_places(word, text) if rests else []
        if places and all(any(re.sub(r"[ /.\-]", "", text[end:end + 12]).upper().startswith(rest)
                              for rest in rests) for _, end in places):
            out.append(word)
    return out


# A code in two or three pieces, the first of two characters or more with a digit ("1207.02", "1207 2", "35-0412"),
# not inside a longer run of numbers (a phone number, a date, an amount)
_PIECED_CODE = re.compile(r"(?<![\w@/.\-])(?<!\d )((?=[A-Za-z]*\d)[A-Za-z0-9]{2,8})[./\-– ]([A-Za-z0-9]{1,6})(?:[./\-–]([A-Za-z0-9]{1,6}))?"
                          r"(?![\w@/\-]|[.,]\w| \d)")


# Before a code: the words that say it is one ("réf", "dossier", "code client"), and those that say it is
# something else (an invoice, an amount, a flat, a version); after it, a unit
_PIECE_CUE = re.compile(r"(\br[ée]f\w*\.?|\bdossiers?|\bcode(\s+client)?|\bn[°o]\.?\s*(de\s+)?(client|dossier)|\bclient|\bcompte)"
                        r"(\s+[^\W\d]+)?(\s+n[°o]\.?)?\s*[:#]?\s*$", re.IGNORECASE)  # "dossier exploitant 1977.03", "dossier n° …"
# "réf. facture 25-0412", "dossier du 22/03": the cue's word names another document, or a date follows
_PIECE_OTHER = re.compile(r"\b(factures?|fact|commandes?|cde|devis|avoir|bons?|bl|contrats?|exercices?|bilans?|colis|"
                          r"du|de|le|la|en|au)\s*[.:#]?\s*(n[°o]\.?\s*)?$|"
                          r"\b(factures?|commandes?|devis|avoir|bon|contrat)\s+(r[ée]f\w*\.?|n[°o]\.?)\s*[:#]?\s*$", re.IGNORECASE)
_PIECE_LIST = re.compile(r"\s*([,/;&+]|et|and)\s*", re.IGNORECASE)  # "réf. 1652.01 / 1652.02": both
_PIECE_NOT = re.compile(r"(\bfactures?|\bfa|\bbp|\bcs|\bchambre|\bporte|\bcolis|\bvol|\bmontant|\btotal|\bpay[ée]e?s?|\br[ée]gl[ée]e?s?|\bvirement|\bch[èe]que|\bn[°o]|\bapp?t?|"
                        r"\bappartement|\bb[âa]t|\bb[âa]timent|\bversion|\blot|\bparcelle|\bkm|\bann[ée]e|\bn[ée]e?|[\d,])"
                        r"\.?\s*[:#]?\s*$", re.IGNORECASE)
_PIECE_UNIT = re.compile(r"\s*(€|\$|%|eur\b|euros?\b|usd\b|ha\b|hl\b|km\b|m2|m²|h\b|kg\b|l\b|litres?\b|bouteilles?\b|cols?\b|"
                         r"ttc\b|ht\b|enfants?\b|rue\b|av\b|avenue\b|bd\b|chemin\b|route\b)", re.IGNORECASE)


def _named_whole(written: str, i: int, text: str, index: ClientIndex) -> bool:
    """Whether a code of letters and digits written whole ("2602/ID") names its client without a cue: in brackets after
    a name or after a legal form ("SELARL Vétérinaire du Fronsadais (2602/ID)", "SCM 2604/ID": set53 IF033, dev); not
    after another document's word ("N° de commande : 1412/AB", "Agrément 1412/AB": review 20b)."""
    if index.code_index(written) != i or not any(ch.isalpha() for ch in written):
        return False
    at = text.find(written)
    return at >= 0 and _NAMED_BEFORE.search(text[max(0, at - 20):at]) is not None


_NAMED_BEFORE = re.compile(r"(\w\s*\(\s*|\b(sci|scm|sarl|sas|sasu|eurl|earl|gaec|scea|scev|selarl|selas|snc|gfa|holding)\s+)$",
                           re.IGNORECASE)


def pieced_codes(text: str) -> list[tuple[str, str, bool]]:
    """(as written, pieces key, cued) of words written like a code in pieces: "réf 1207.02" -> ("1207.02", "1207|2",
    True); none after "facture", "montant", "app." or before a unit ("150.1 ha", "1850.04 €")."""
    out: list[tuple[str, str, bool]] = []
    text = text[:20000]
    cued_end = -1
    for m in _PIECED_CODE.finditer(text):
        before = text[max(0, m.start() - 25):m.start()]
        listed = cued_end >= 0 and _PIECE_LIST.fullmatch(text[cued_end:m.start()]) is not None
        cued = listed or bool(_PIECE_CUE.search(before))
        if not any(c.isdigit() for c in m.group(0)) or not cued and _PIECE_NOT.search(before) \
                or _PIECE_UNIT.match(text, m.end()):
            continue
        if len(m.group(1)) < 3 and (not m.group(2).isdigit() or len(m.group(2)) < 3 or m.group(3)):
            continue  # "réf. 12/03" is a date, "exercice 22-23" a year, "12 rue" an address; "35-0412" may be a code
        if cued and _PIECE_OTHER.search(before):
            continue  # "réf. facture 25-0412", "votre commande réf. 35-0412": another document's number
        key = "|".join(code_pieces(m.group(0)))
        cued_end = m.end() if cued else -1
        found = (m.group(0), key, cued)
        if found not in out:
            out.append(found)
        if len(out) >= 200:
            break
    return out


def coded_words(text: str) -> list[str]:
    """Words shaped like client codes (letters and digits), in order, without repeats.

    Firms' codes need not look like the default ``[understanding] reference_pattern`` (C1234):
    Quadratus files often hold "DUPO001" or "411MARTIN". Looked up against the client file's own
    codes, a word that is exactly one of them is that client's reference, whatever its shape.
    """
    out: list[str] = []
    for m in _CODE_LIKE.finditer(text[:20000]):
        if m.group(0) not in out:
            out.append(m.group(0))
            if len(out) >= 200:
                break
    # "GARC 017", "garc 17", "C 4345": the letters and the digits written apart, the zeros dropped
    seen = {w.upper() for w in out}
    for m in _CODE_SPACED.finditer(text[:20000]):
        letters, digits = m.group(1).upper(), m.group(2).lstrip("0") or "0"
        for width in range(len(digits), 7):
            spelt = f"{letters}{digits.zfill(width)}"
            if spelt not in seen:
                seen.add(spelt)
                out.append(spelt)
        if len(out) >= 400:
            break
    return out


# A word of letters, and maybe one or two letters apart ("DUMONT J"): a code of letters only as written
_LETTERED = re.compile(r"(?<![\w@.\-/'’])([A-Za-z]{3,12})(?:[ -]([A-Za-z]{1,2}))?(?![\w@\-/'’]|\.\w)")
# what says the next word is a client's code: "réf.", "référence client :", "code", "dossier", "n°", "ma référence est"
_LETTERED_CUE = re.compile(r"(\b(ref|refs|references?|code|client|dossier|compte|account|numero)\b|\bn°)\W{0,3}((est|is)\W{0,3})?$")
# short words that are no initial after a surname ("le dossier Petit a été transmis")
_NOT_INITIALS = frozenset("a y en et ma ta sa la le de du un me te se ne on il je tu ou au is at to in of or an as by my "
                          "us we".split())
# words of the trade that a firm's code could spell ("code TVA", "réf. RIB")
_NOT_LETTER_CODES = frozenset("tva cfe ape naf rib iban bic siret siren urssaf pdf ttc cgv sci sarl eurl sas sasu gaec earl "
                              "snc scm selarl bp cs ht".split())


def lettered_codes(text: str, index: ClientIndex) -> list[tuple[str, int, bool]]:
    """(as written, client, sure) of the file's codes of letters only ("DUMONTJ", "dumont j") written in ``text``.

    Such a code is also a word, so it is read only after "réf", "code client", "dossier" (or in capitals,
    when no client's name or town is that word), and it names its client surely only when nothing else
    could be meant: not a code that is also a surname ("réf. DUMONT" is often a guess), nor the initial
    written apart when a namesake's code goes on from there ("DUMONT J." beside DUMONTJA). The others
    are weak: proposals. A firm whose codes all hold a digit reads nothing here.
    """
    out: list[tuple[str, int, bool]] = []
    if not index.lettered and not index.by_stem:
        return out
    for m in _LETTERED.finditer(text[:20000]):
        apart = m.group(2)
        tries = [m.group(0), m.group(1)] if apart and (apart.isupper() or apart.lower() not in _NOT_INITIALS) \
            else [m.group(1)]
        for written in tries:
            joined = re.sub(r"[ -]", "", written)
            i = index.code_index(joined)
            if i is not None and not index.codes[i].strip().isalpha():
                i = None
            if i is None:
                i = index.stem_index(joined)  # "réf ROUSSEA" for 9ROUSSEA: the code without its prefix
            if i is None or joined.lower() in _NOT_LETTER_CODES:
                continue
            key = fold(joined)
            # the file's name words are kept in their reduced form ("leroux" as "lerou")
            word = key in index.by_token or word_form(key) in index.by_token or key in index.cities
            cued = bool(_LETTERED_CUE.search(fold(text[max(0, m.start() - 30):m.start()])))
            spaced = written != m.group(1)
            sure = cued and not word and not (spaced and joined.upper() in index.letter_prefixes)
            if (cued or written.isupper() and not word) and all(j != i for _, j, _ in out):
                out.append((written, i, sure))
            break  # "DUMONT J" is DUMONTJ, not also DUMONT
        if len(out) >= 50:
            break
    return out


def quoted_codes(text: str, index: ClientIndex) -> list[tuple[str, int]]:
    """(as written, client) of the file's codes the firm's own quoted message writes, whatever their shape:
    a word that is a code, a code in pieces or of letters only after "réf" or "dossier"."""
    out: dict[int, str] = {}
    written = [(w, index.code_index(w)) for w in coded_words(text) + spaced_codes(text, index)]
    written += [(w, index.by_pieces.get(key)) for w, key, cued in pieced_codes(text) if cued]
    written += [(w, i) for w, i, sure in lettered_codes(text, index) if sure]
    for w, i in written:
        if i is not None:
            out.setdefault(i, w)
    return [(w, i) for i, w in out.items()]


_CODE_SPACED = re.compile(r"(?<![\w@.\-/])([A-Za-z]{1,6})[ \u00a0.-]([0-9]{1,8})(?![\w@\-/]|\.\w)")


# "l'EARL (0870)": not a year ("le bois des Chênes (2019)") nor a phone's first digits ("la SARL (0474) 21 33 45")
_BRACKETED_NUMBER = re.compile(r"(?<=\w)\s*\(\s*(?!(?:19|20)\d\d\s*\))(\d{2,8})\s*\)(?!\s*\d)")

_BARE_REFERENCE = re.compile(
    r"(?:\br[ée]f(?:[ée]rence)?s?\.?|\bcode(?:\s+client)?|\bn[°o]\.?\s*(?:de\s+)?client|"
    r"\bnum[ée]ro\s+(?:de\s+)?client|\bdossier|\bclient\s*(?=n[°o]|:|#)|"
    # in German and English: "Kundennummer 14194", "Kunden-Nr. 16174", "customer number 412" (set48 BF013, dev)
    # (not a bank's "account number", nor a list "Kundennummern 16174 und 412" whose second number goes unread: review 18c)
    r"\bkunden-?\s*(?:nummer\b|nr\b\.?)|\bcustomer\s+(?:number|no\.?|ref(?:erence)?)\b)"
    r"\s*(?:client\s*)?(?:n[°o]\.?\s*)?[:#]?\s*"
    # "Réf 10.345": the number written with a thousands separator
    r"((?!(?:de|du|des|en|le|la|les|au|aux|un|une|ce|mon|ma|the|of|in|on)\b)[A-Za-z]{0,3}[\s-]?0*(\d{1,3}\.\d{3}(?![\d.])|\d{3,8}))\b",
    re.IGNORECASE)


def bare_references(text: str) -> list[tuple[str, str, bool]]:
    """(as written, digits, sure) of client references written after "réf", "code client", "dossier"...

    Sure when the words say it is the client's ("code client", "réf. client", "n° client", "dossier"),
    or when the letters are written too.
    """
    out: list[tuple[str, str, bool]] = []
    for m in _BARE_REFERENCE.finditer(text[:20000]):
        if m.group(2) not in [d for _, d, _ in out]:
            said = m.group(0)[:m.start(1) - m.start(0)].lower()
            if re.fullmatch(r"(19|20)\d\d", m.group(2)) and not re.match(r"[A-Za-z]", m.group(1)):
                continue  # "notre dossier 2025": a year
            sure = bool(re.search(r"client|code|kunden|customer", said)) or bool(re.match(r"[A-Za-z]", m.group(1)))
            out.append((m.group(1).strip(), m.group(2).replace(".", ""), sure))
    return out[:5]


_GROUP = re.compile(r"(toutes? (nos|mes|les) (societes|entreprises|structures|entites|filiales|sci)|"
                    r"l.ensemble (de nos|des|de mes) (societes|entreprises|structures|entites|filiales)|"
                    r"(la|notre) holding et (ses|les|nos) filiales|pour (tout|l.ensemble du) (le )?groupe|"
                    r"all (our|of our|my) (companies|entities))")


def group_reply(text: str) -> bool:
    """Whether the text speaks for every company of a group ("pour toutes nos sociétés")."""
    return bool(_GROUP.search(fold(text[:4000])))


# Words every mail writes: a client named after one of them is not named by it (without its legal form).
_GREETINGS = frozenset(tokens("bonjour bonsoir merci cordialement salutations madame monsieur hello thanks regards "
                              "bien bonne journee soiree amities facture factures adresse mail courriel"))
_FORM_WORD = re.compile(r"\b(la|le|l['’]|du|notre|nos|mes|ma|mon|les|the|our)\s*(deux |trois |2 |3 )?"
                        r"(sarl|sas|sasu|eurl|sci|scm|scp|selarl|earl|gaec|scea|scev|gfa|gfv|sca|sa|snc|holding|association|asso)s?\b")
_TRADE = re.compile(rf"\b({SHOP_TRADES})\b")
_PROPERTY = re.compile(r"\b(sci|murs|immobili\w*|loyers?|locaux|local|bail|biens?|appartements?|maison)\b")


# "(sa déclaration, pas la boulangerie)", "sauf le restaurant, qui …": a trade set aside, its word alone (not
# "pas la Carrosserie du Caux de Bolbec", a name, which the names' exclusions read)
_TRADE_ASIDE = re.compile(rf"(?:(?:[,(;]\s*|\bmais |\bet non |\bnon |\bsauf |\bhormis )pas (?:pour )?(?:la |le |l.|les )?"
                          rf"({SHOP_TRADES})|\b(?:sauf|hormis|et non|mais pas|not)(?: pour)? (?:la |le |l.|les |the )?"
                          rf"({SHOP_TRADES}))\b(?=\s*(?:[),.;:!?]|$|(?:qui|que|ni|mais|et)\b))")


def _trades_set_aside(found: CandidateBuilder, facts: ReplyFacts, index: ClientIndex) -> None:
    """"Pour le dossier de mon mari (sa déclaration, pas la boulangerie)": of the candidates, those whose
    name is the trade the text sets aside, when some candidate is not that trade."""
    folded = fold(facts.own_text[:4000])
    for m in _TRADE_ASIDE.finditer(folded):
        trade = m.group(1) or m.group(2)
        if re.search(rf"\b(pour|et|ainsi que) (le |la |l.|les )?{trade}", folded):
            continue  # "pour le restaurant et la boulangerie, …; pour Patrick, pas la boulangerie": named for itself too
        holders = [c for c in found.found.values() if c.score > 0 and trade in index.names[c.index].tokens]
        if holders and any(c.score > 0 and c not in holders for c in found.found.values()):
            for c in holders:
                if not c.excluded:
                    found.add(c.index, Evidence("excluded", W_EXCLUDED, {"phrase": trade}), conflict=False)
                    c.excluded = True


_NEGATED_FORM = re.compile(r"\b(pas|non|sauf|hormis|excepte|not|ni)\b[^.;:!?()]{0,25}$")
# "merci de ne pas oublier la SCI", "sans oublier la SCI", "pas seulement la SARL": a negation that includes
_NOT_FORGOTTEN = re.compile(r"\b(pas|sans) (oublier|omettre|seulement|uniquement)\b|\bn.oubliez pas\b|\bnot only\b|"
                            r"\b(don.t|do not) forget\b")
# "… de ne pas oublier la SCI : elle a été dissoute" (review of round 21): the SCI is not forgotten, it is gone
_GONE = re.compile(r"\b(dissout\w*|vendu\w*|cede\w*|fermee?s?|radiee?s?|liquidee?s?|n.existe plus|plus rien|"
                   r"ne (lui|leur) (envoyez|adressez)|plus d.activite|reste a|garde\w* (son|sa|leur))\b")
_COUNT = {"deux": 2, "2": 2, "trois": 3, "3": 3}


def _forms_in_words(found: CandidateBuilder, facts: ReplyFacts, index: ClientIndex) -> None:
    """Legal forms the reply writes, between namesakes of different forms: "pour la SARL, pas la
    SCI" designates the one and excludes the other; "pour le bar-restaurant" is not the SCI; "mes
    deux SCI" from M. Tanguy are the SCIs named Tanguy."""
    folded = fold(facts.own_text[:4000])
    if not _FORM_WORD.search(folded) and not _TRADE.search(folded):
        return
    written_forms = list(_FORM_WORD.finditer(folded))
    counts = {LEGAL_FORMS.get(m.group(3), m.group(3)): _COUNT.get((m.group(2) or "").strip(), 1)
              for m in written_forms if m.group(1) in ("mes", "nos", "ma", "mon", "notre", "la", "le", "l'", "du")}
    surnames = _surnames(facts, index, 3)
    for form, count in counts.items():
        # the sender's own companies of that form, when the file has as many as the reply says
        owned = list(dict.fromkeys(i for t in surnames for i in index.by_token.get(t, ())[:50] if index.forms[i] == form))
        if 0 < len(owned) <= count:
            for i in owned:
                found.add(i, Evidence("form_written", W_FORM_WRITTEN, {"form": form.upper()}), in_words=True)
    forms = {c.index: index.forms[c.index] for c in found.found.values() if c.score > 0}  # '' for a person
    if len(set(forms.values())) < 2:
        return
    # where the text sets something aside: "sauf la SCI", "la SCI Patrimoine, Marc vous répondra"
    spans = [m.span() for m in _EXCLUDE.finditer(folded)]
    spans += [s.span() for s in re.finditer(r"[^.!?\n]+", folded) if _LATER.search(s.group(0))]
    excluded: set[str] = set()
    written: set[str] = set()
    for m in written_forms:
        form = LEGAL_FORMS.get(m.group(3), m.group(3))
        before = folded[max(0, m.start() - 30):m.start()]
        if _NEGATED_FORM.search(before) and not (_NOT_FORGOTTEN.search(before) and not _GONE.search(
                folded[m.end():m.end() + 80].split(".")[0])) or \
                any(start <= m.start() < end for start, end in spans):
            excluded.add(form)  # "pas celles de la SCM", "et non la SCI"
        else:
            written.add(form)
    excluded -= written
    for i, form in forms.items():
        if not form:
            continue
        if form in excluded and any(f != form for f in forms.values()):
            found.add(i, Evidence("excluded", W_EXCLUDED, {"phrase": form.upper()}))
            found.found[i].excluded = True
        elif form in written and any(f and f not in written for f in forms.values()) and \
                not any(e.signal == "form_written" for e in found.found[i].evidence):
            # the one client of that form among the candidates is the one the words designate
            alone = sum(1 for f in forms.values() if f == form) == 1
            found.add(i, Evidence("form_written", W_FORM_WRITTEN, {"form": form.upper()}), in_words=alone)
    if not written and _TRADE.search(folded) and not _PROPERTY.search(folded):
        for i, form in forms.items():
            if form == "sci":
                found.add(i, Evidence("trade_not_sci", W_TRADE_NOT_SCI, {}))


_RELATIVE = re.compile(r"\b(?:[Mm]on (?:mari|[ée]poux|conjoint|fils|p[èe]re|fr[èe]re|compagnon)|"
                       r"[Mm]a (?:femme|[ée]pouse|conjointe|fille|m[èe]re|s(?:œ|oe)ur|compagne)|"
                       r"[Mm]y (?:husband|wife|son|daughter|father|mother|brother|sister|partner))[\s,(]+([A-ZÀ-Ý][\w-]{2,})")


# "depuis la boîte de mon père Pierre": the relative owns the mailbox; the reply is not for his file
_OWNER_OF = re.compile(r"\b(depuis|avec|from|using|via) (la |le |l.|sa |son )?(boite|adresse|messagerie|compte|ordinateur|portable|"
                       r"telephone)( (e-?)?mail)? (de|d.|du)\s*$")
_DENIED_BEFORE = re.compile(r"\b(pas|non|not|ni)\b[^.!?\n]{0,40}$")


def _trade_names(found: CandidateBuilder, facts: ReplyFacts, index: ClientIndex) -> None:
    """"Ryan from Hoplum here": the client whose own domain (hoplum.co) is that name, when the file
    calls it something else (SAS HPLM) — start-ups and shops are known by their brand."""
    if not index.by_domain_label:
        return
    # the name written as a word, not the domain of an address or a link in the text
    text = _ADDRESS_OR_LINK.sub(" ", f"{facts.subject}\n{facts.own_text}"[:6000])
    capitals = {fold(m.group(0)) for m in _CAPITALISED.finditer(text)}
    labels = index.by_domain_label
    for phrase in [p for p in _phrases(text) if p in labels]:  # (most of a text's phrases are no domain's)
        owners = labels.get(phrase, ())
        if not owners or len(owners) > 2 or phrase in index.vocabulary or phrase in NOISE \
                or not any(w in capitals or w.capitalize() in capitals for w in phrase.split()):
            continue
        for i in owners:
            if not found.has(i, "trade_name"):
                found.add(i, Evidence("trade_name", W_MENTION_FULL, {"name": phrase, "client": index.labels[i]}),
                          in_words=True)



_TRADE_TOKENS = frozenset(word_form(t.rstrip("?s")) for t in TRADES if t.replace("?", "").isalpha())


def _trade_in_town(found: CandidateBuilder, facts: ReplyFacts, index: ClientIndex) -> None:
    """"C'est pour la crêperie d'Allemagne (en Provence)": the one or two clients of that trade in the town written,
    proposed to the person who reads the reply (a trade and a town identify nobody alone: set44 XH039, dev)."""
    written = set(_WORD.findall(fold(_ADDRESS_OR_LINK.sub(" ", f"{facts.subject}\n{facts.own_text}"[:6000]))))
    trades = sorted({word_form(w) for w in written} & _TRADE_TOKENS)
    if not trades:
        return
    # the towns written, then their clients of the trade (a trade's holders are thousands in a big file)
    towns = {key for w in written for key in index.town_keys.get(w, ()) if set(key.split()) <= written}
    for trade in trades:
        holders = index.holders(trade)
        in_town = [i for key in sorted(towns) for i in index.by_town.get(key, ())
                   if i in holders and index.towns[i] and index.towns[i] <= written][:3]
        for i in in_town if len(in_town) <= 2 else ():
            if i not in found.found:  # a proposal only: it weighs on no client something else found
                # (no naming in words: which file the reply is for, its trade and town only propose)
                found.add(i, Evidence("trade_town", W_LIEU_DIT, {"trade": trade, "town": index.town_labels[i]}))


_ADDRESS_OR_LINK = re.compile(r"\S+@\S+|\b(https?://|www\.)\S+")
_CAPITALISED = re.compile(r"(?<![\w@.-])[A-ZÀ-Ý][\w-]{3,}")


def _places(found: CandidateBuilder, facts: ReplyFacts, index: ClientIndex) -> None:
    """"Pour la Barbinière": the farm at that place (a lieu-dit written, one or two clients there)."""
    if not index.by_place:
        return
    texts = (("text", f"{facts.subject}\n{facts.own_text}"[:6000]), ("signature", facts.signature[:2000]))
    written = set(_WORD.findall(fold(re.sub(r"\S+@\S+", " ", " ".join(t for _, t in texts)))))
    # "Cédric Bouyssou" is the writer, not the hamlet of Le Bouyssou
    writer = set(_WORD.findall(fold(facts.sender_name or "")))
    for where, text in texts:
        for phrase in _phrases(text):
            owners = index.by_place.get(phrase, ()) if len(phrase) >= 6 and phrase not in writer else ()
            in_town = [i for i in owners if index.towns[i] and index.towns[i] <= written]
            if len(owners) > 2 or in_town:
                # "l'EARL de la Pellerine à Châteaubriant": of the places so named, the one in that town
                # ("Lieu-dit Le Haut Clos – 37270 Montlouis" is not the Haut Clos of Bourgueil); a file at the
                # same postcode is the same place, whatever its town is spelt (or not) on file
                postcodes = {index.postal[i][1] for i in in_town} - {""}
                owners = [i for i in owners if i in in_town or index.postal[i][1] in postcodes]
            for i in owners if len(owners) <= 2 else ():
                # the place is counted once, and not again beside the postal address it belongs to
                if not found.has(i, "lieu_dit", "postal_address", "street_town"):
                    found.add(i, Evidence("lieu_dit", W_LIEU_DIT, {"place": index.postal[i][0].strip().title()}),
                              in_words=where == "text")


_WORD = re.compile(r"[a-z0-9]+")


def _phrases(text: str, longest: int = 3) -> list[str]:
    """Every run of one to ``longest`` words of ``text``, folded ("la barbiniere", "hoplum")."""
    words = _WORD.findall(fold(text))
    return [" ".join(words[start:start + n]) for n in range(1, longest + 1) for start in range(len(words) - n + 1)]


def _relatives(found: CandidateBuilder, facts: ReplyFacts, index: ClientIndex) -> None:
    """"pour mon mari Patrick et pour moi": the private client of that first name and the sender's surname."""
    relatives = [m.group(1) for m in _RELATIVE.finditer(facts.own_text[:4000])
                 if not _OWNER_OF.search(fold(facts.own_text[max(0, m.start() - 40):m.start()]))]
    if _SPOUSE.search(facts.own_text[:4000]):
        _spouse(found, facts, index)
    if not relatives:
        return
    surnames = _surnames(facts, index, 2)
    for first in dict.fromkeys(relatives):
        for surname in surnames:
            for i in index.by_key.get(normalise_name(surname, first).key, ())[:2]:
                if index.persons[i]:
                    found.add(i, Evidence("relative", W_MENTION_FULL, {"phrase": first, "client": index.labels[i]}),
                              in_words=True)


_SPOUSE = re.compile(r"\b(pour|for|et|and|de|of)\s+(mon (mari|[ée]poux|conjoint|compagnon)|ma (femme|[ée]pouse|conjointe|compagne)|"
                     r"my (husband|wife|partner))\b(?![\s,(]+[A-ZÀ-Ý])")


def _spouse(found: CandidateBuilder, facts: ReplyFacts, index: ClientIndex) -> None:
    """"pour mon mari, pour moi et pour nos SCI" from Mme Bousquet's address on file: the private
    client of her surname at her very address (a spouse named by no first name)."""
    writers = [c for c in found.found.values() if index.persons[c.index]
               and any(e.signal in ("known_sender", "learned_sender") for e in c.evidence)]
    for writer in writers[:2]:
        home = index.street(writer.index)
        surname = index.surname(writer.index)
        if home is None or not surname:
            continue
        for word in surname:
            for i in index.by_token.get(word, ())[:50]:
                if i != writer.index and index.persons[i] and surname <= set(index.names[i].tokens) \
                        and (street := index.street(i)) is not None and street.key == home.key:
                    found.add(i, Evidence("relative", W_MENTION_FULL, {"phrase": "conjoint", "client": index.labels[i]}),
                              in_words=True)


def _surnames(facts: ReplyFacts, index: ClientIndex, shortest: int) -> list[str]:
    """The words of the sender's name that are no one's first name ("tanguy" of "Hervé TANGUY")."""
    return [t for t in tokens(facts.sender_name or "") if t not in index.first_names and len(t) >= shortest]


def _contact_details(found: CandidateBuilder, text: str, index: ClientIndex) -> None:
    """Phone numbers and postal addresses the reply gives that the client file holds."""
    for number in phones_in(text):
        owners = index.by_phone.get(number, ())
        for i in owners[:MAX_SHARING + 1] if len(owners) <= MAX_SHARING + 1 else ():
            spaced = " ".join(number[k:k + 2] for k in range(0, 10, 2))
            found.add(i, Evidence("phone", _shared(W_PHONE, len(owners)), {"phone": spaced}))
    for postcode, window in postcode_windows(text):
        at: dict[tuple, list[int]] = {}
        for i in index.by_postcode.get(postcode, ())[:500]:
            street = index.street(i)
            if street is not None and street_in(window, street):
                at.setdefault(street.key, []).append(i)
        for owners in at.values():
            written = " ".join(" ".join(part.split()) for part in index.postal[owners[0]] if part)  # as the file has it
            for i in owners if len(owners) <= MAX_SHARING + 1 else ():
                found.add(i, Evidence("postal_address", _shared(W_POSTAL, len(owners)), {"street": written}))


def _street_in_town(found: CandidateBuilder, text: str, index: ClientIndex) -> None:
    """"la boulangerie d'Achicourt (rue Jean Jaurès)": a street and its town, without a postcode,
    point at the clients of that town on that street."""
    written = streets_written(text)
    if not written:
        return
    words = set(written.split())
    # a town written in full, or by its first word when no other town of the file starts so ("36 ter rue de Verdun à
    # Stiring" for Stiring-Wendel: set48 BH027, dev)
    towns = {key for word in words & index.town_keys.keys() for key in index.town_keys[word]
             if set(key.split()) <= words or len(word) >= 5 and word not in ("saint", "sainte")
             and key.split()[0] == word and len(index.town_keys[word]) == 1}
    for key in towns:
        owners = [(i, street) for i in index.by_town[key][:2000] if (street := index.street(i)) is not None
                  and street_named(written, street)]
        if len(owners) > 2:
            # a long street of a city is many clients' street; its house number written before it is one's
            # ("88 route de Mittelhausbergen, Strasbourg" signed, without the postcode)
            owners = [(i, street) for i, street in owners if street.number
                      and f" {street.number} {street.phrase} " in written] or owners
        for i, street in owners if len(owners) <= 2 else ():
            known = found.found.get(i)
            if known is None or not any(e.signal == "postal_address" for e in known.evidence):
                found.add(i, Evidence("street_town", _shared(W_STREET_TOWN, len(owners)),
                                      {"street": street.phrase, "town": key}))


# what places a client whatever town the reply writes: what ties it to its own file, a bare reference, its street and
# town, its town or place name
_PLACED = ON_FILE | {"bare_reference", "street_town", "town", "lieu_dit"}


def towns_share_a_word(index: ClientIndex, i: int, j: int) -> bool:
    """Whether two clients' towns share a word besides "saint": "Saint-Leu" is how Saint-Leu-la-Forêt is called too."""
    return bool(set(tokens(index.town_labels[i])) - {"saint", "sainte"} & set(tokens(index.town_labels[j])))


def _told_apart(found: CandidateBuilder, facts: ReplyFacts, index: ClientIndex) -> None:
    """Of namesakes the reply's own words name by one phrase ("Julien Vabre" twice in the file), the one whose town
    those words write right after the name, as where it is ("Julien Vabre de Saint-Rome-de-Cernon", "la boulangerie
    Martin, 50000 Saint-Lô"): the name and the town together are as telling as a name no other client bears. A town
    written anywhere else (a bookkeeper's signature, the writer's own town, a street, a surname) says less."""
    named: dict[str, list[Candidate]] = {}
    for candidate in found.found.values():
        for e in candidate.evidence:
            if e.signal == "mention" and W_MENTION_FULL <= e.weight < W_MENTION_FULL + W_UNIQUE_NAME:
                named.setdefault(str(e.args.get("phrase", "")), []).append(candidate)
    words: list[str] = []
    for phrase, namesakes in named.items():
        if len(namesakes) < 2 or sum(c.has("town") for c in namesakes) != 1:
            continue
        if any(all(c is not n for n in namesakes) and any(
                e.signal in ("mention", "reference", "bare_reference") and e.weight >= W_MENTION_FULL for e in c.evidence)
                for c in found.found.values()):
            continue  # ("la boulangerie Lecoq à Fécamp et la SCI des Embruns": a reply for several files)
        if not words:
            words = [w for w in tokens(_saints_spelt(fold(f"{facts.subject}\n{facts.own_text[:4000]}"))) if w not in NOISE]
        placed = [c for c in namesakes
                  if c.has("town") and _town_after(phrase.split(), index.town_labels[c.index], words)]
        if len(placed) == 1 and not any(
                c is not placed[0] and (c.has("town", "street", "street_town", "postal_address", "lieu_dit")
                                        or index.postal[c.index][1].strip() in words  # its postcode, alone
                                        or towns_share_a_word(index, placed[0].index, c.index)) for c in namesakes):
            found.add(placed[0].index, Evidence("told_apart", W_UNIQUE_NAME,
                                                {"phrase": phrase, "town": index.town_labels[placed[0].index]}))


def _town_after(phrase: list[str], town: str, words: list[str]) -> bool:
    """Whether ``words`` write ``phrase`` then the town right after it, a postcode between or not ("boulangerie martin
    50000 saint lo"); not a town further on, which may be anyone's (a bookkeeper's signature, the writer's holidays)."""
    place = [w for w in tokens(town) if w not in NOISE]
    if not phrase or not place:
        return False
    size = len(phrase)
    for start in range(len(words) - size + 1):
        if words[start:start + size] == phrase:
            end = start + size
            if end < len(words) and len(words[end]) == 5 and words[end].isdigit():
                end += 1
            if words[end:end + len(place)] == place:
                return True
    return False


def _branch_town(sender: str, index: ClientIndex) -> str:
    """The town (its key in ``index.by_town``) that the sender's mailbox is named after, whole ("espalion@…",
    "saint-affrique@…"); '' when it is none."""
    words = frozenset(tokens(sender.split("@", 1)[0].replace(".", " ")))
    key = " ".join(sorted(words))
    return key if len(key) >= 4 and key in index.by_town else ""


def _branch_shops(found: CandidateBuilder, sender: str, domain: str, branch: str, owners: list[int] | tuple[int, ...],
                  index: ClientIndex) -> None:
    """The clients of the town a network's mailbox is named after whose name holds the network's domain label
    (SARL HALLE PAYSANNE ESPALION for espalion@halle-paysanne.fr): the shop that writes, as the address spells it."""
    brand = set(tokens(domain_label(domain).replace("-", " ")))
    town = set(branch.split())  # (the mailbox's words, as _branch_town read them)
    if not brand:
        return
    for j in index.by_town[branch]:
        name = set(index.names[j].tokens)
        if j in owners or not brand <= name:
            continue
        whole = name <= brand | town
        found.add(j, Evidence("address_name", W_DOMAIN_NAME if whole else W_DOMAIN_NAME_PART,
                              {"part": sender, "client": index.labels[j], "words": " ".join(sorted(brand | town)),
                               "sender": True, "whole": whole, "shared": 1, "source": "domain",
                               "named": len(name & (brand | town))}))


def _town_elsewhere(found: CandidateBuilder, facts: ReplyFacts, index: ClientIndex) -> None:
    """"Garage du Centre, Argentan" for the GARAGE DU CENTRE of Falaise, "Pharmacie du Marché, 14500 Vire" for the one
    of Falaise: a name alone, with another town of the file written and not the client's, is another business of
    that name (review 13c: two wrong automatic links); a person checks."""
    context = facts.context or {}
    if context.get("relayed_by") or facts.forwarded_by:
        return  # (a manager's note is signed with her office's town)
    unplaced = [c for c in found.found.values()
                if index.towns[c.index] and _PLACED.isdisjoint([e.signal for e in c.evidence])]
    if not unplaced:
        return
    text = _saints_spelt(facts.written)
    words = facts.written_words if text == facts.written else frozenset(tokens(text))
    written = []
    for key in {key for word in words & index.town_keys.keys() for key in index.town_keys[word] if set(key.split()) <= words}:
        place = _as_place(fold(index.town_labels[index.by_town[key][0]]))
        if place is not None and any(not _STREET_BEFORE.search(text, max(0, m.start() - 12), m.start())
                                     for m in place.finditer(text)):
            written.append(set(key.split()))
    # a town of another client the reply names ("… et la SCI du Marché à Bischheim") is that one's, not a conflict
    theirs = [index.towns[c.index] for c in found.found.values() if index.towns[c.index]]
    written = [other for other in written if not any(t <= other or other <= t for t in theirs)]
    if not written:
        return
    for candidate in unplaced:
        town = index.towns[candidate.index]
        named = set(index.names[candidate.index].tokens)
        head = index.town_heads[candidate.index]
        if town & words or head and _word_at(head, "\\b").search(text) \
                or any(town <= other or other <= town or other & named for other in written):
            continue  # ("Mme Decreton, de Saint-Pol" for SAINT-POL-SUR-TERNOISE: her town, shortened)
        found.add(candidate.index, Evidence("town_elsewhere", 0.0, {"town": index.town_labels[candidate.index]}),
                  conflict=True)


# "rue de Douai", "route de Lille", "av. de Rodez": a street named after a town, which is no place the reply writes
_STREET_BEFORE = re.compile(r"\b(rue|route|rte|avenue|av|chemin|ch|boulevard|bd|place|pl|quai|allee|impasse|imp|faubourg|fbg|"
                            r"cours|porte|pont)\.?\s*$")
_SAINT_SHORT = re.compile(r"\b(st|ste)\b\.?[\s-]*(?=[a-z])")


_ST = re.compile(r"ste?\b")  # (a literal start: scanned fast; most "st" end a word, "est", "c'est")


def _saints_spelt(written: str) -> str:
    """The folded text with "st-lo", "ste radegonde" spelt "saint lo", "sainte radegonde", as the file writes its
    towns (the text itself when it abbreviates no saint)."""
    at = 0
    while (m := _ST.search(written, at)) is not None:
        if m.start() == 0 or not written[m.start() - 1].isalnum():
            return _SAINT_SHORT.sub(lambda m: "sainte " if m.group(1) == "ste" else "saint ", written)
        at = m.end()
    return written


@lru_cache(maxsize=4096)
def _as_place(town: str) -> re.Pattern | None:
    """The town (folded) written as a place: after a postcode, "à", "sur", "de", or a comma ("Garage du Centre,
    Argentan"), not inside a name ("SAS St-Martin Automobiles", "Saint-Pierre Fleurs")."""
    spelt = r"[\s'-]+".join(re.escape(w) for w in re.findall(r"[a-z0-9]+", town))
    return re.compile(rf"(\b\d{{5}}\s+|\b(a|sur|de|du|d|en)\s*['\s]\s*|,\s*)(st[\s.-]+)?{spelt}\b") if spelt else None


def _shared(weight: float, owners: int) -> float:
    """A weight split among ``owners`` clients: each loses log2(owners) bits."""
    return round(weight - math.log2(max(owners, 1)), 2)


def _distinctive(words: tuple[str, ...] | list[str], index: ClientIndex) -> bool:
    """Whether a mailbox's words are no person's name (no first name among them) and hold a word rare in
    the client file that is no trade and no common word ("kerdraon", not "garage" or "central" alone)."""
    return not any(w in index.first_names for w in words) and any(
        w not in TRADES and w not in NOISE and len(w) >= 4 and len(index.by_token.get(w, ())) <= 2 for w in words)


def _address_names(found: CandidateBuilder, facts: ReplyFacts, index: ClientIndex,
                   firm_domains: tuple[str, ...]) -> dict[int, tuple[float, Evidence]]:
    """Domain names spelt by the sender's and the given addresses (added); mailbox names (returned,
    to be weighed with the other names: a mailbox spells what the display name says)."""
    vocabulary = index.spelling()
    mailbox: dict[int, tuple[float, Evidence]] = {}
    domain_best: dict[int, tuple[float, Evidence]] = {}
    spelt_by: dict[int, set[str]] = {}
    addresses = [facts.sender] + facts.addresses + facts.copies
    said_once: list[set[str]] = []

    def said() -> set[str]:
        """The reply's words, its addresses and the writer's own name left out (read when first asked)."""
        if not said_once:
            said_once.append({word_form(w) for w in tokens(_ADDRESS_LIKE.sub(" ", facts.own_text[:4000]))} - NOISE
                             - set(LEGAL_FORMS) - {word_form(w) for w in tokens(facts.sender_name or "")})
        return said_once[0]
    for address in dict.fromkeys(a.lower() for a in addresses if a and "@" in a):
        domain = domain_of(address)
        if company_domain(address, firm_domains) == "" and not is_consumer(domain):
            continue  # the firm's own
        if index.by_address.get(address):
            continue  # the address itself is on file: its spelling adds nothing
        known_domain = bool(index.by_domain.get(domain))
        for spelt in _with_joined_name(read_address(address, vocabulary, is_consumer(domain)), index):
            if spelt.source == "domain" and known_domain:
                continue  # already weighed as the client's known domain
            for i, whole, sharing in _spelt_clients(spelt.words, index):
                rest = set(index.names[i].tokens) - set(spelt.words)
                own = {w for w in set(spelt.words) - set(index.names[i].tokens) - index.cities - index.first_names
                       if not any(w.startswith(n) or n.startswith(w) for n in index.names[i].tokens)}  # frigo(rifique)
                if not whole and own and any(len(w) >= 5 and w in said() for w in own):
                    # "bouillabaisse-vieuxport.fr" for "le restaurant La Bouillabaisse": the address's own
                    # word is the name the reply writes; that it also holds VIEUX PORT says nothing
                    continue
                if not whole and rest and rest <= said():
                    # "cabinet.rousseau@…" "pour le cabinet d'architecture": the address spells ROUSSEAU and
                    # the reply's words the rest of CAB. ROUSSEAU ARCHITECTURE
                    whole = True
                if spelt.source == "domain":
                    weight = _shared(W_DOMAIN_NAME if whole else W_DOMAIN_NAME_PART, sharing)
                    if whole and sharing == 1:
                        weight += W_UNIQUE_NAME  # the company's own domain spells its whole name, and no other's
                    table = domain_best
                else:
                    weight = _shared(W_MAILBOX_NAME if whole else W_MAILBOX_NAME_PART, sharing)
                    if whole and sharing == 1 and len(index.names[i].tokens) >= 2:
                        weight += W_UNIQUE_NAME  # "delices.kerdraon@orange.fr" for LES DELICES DE KERDRAON, no other
                        if not index.persons[i] and _distinctive(spelt.words, index):
                            # a company's own name: a person's is also borne by namesakes the file does
                            # not hold, and "garage.central" by other garages; LES DELICES DE KERDRAON is not
                            weight += W_COMPANY_MAILBOX
                    table = mailbox
                evidence = Evidence("address_name", weight, {"part": spelt.written, "client": index.labels[i],
                                                             "words": " ".join(spelt.words),
                                                             "sender": address == facts.sender.lower(),
                                                             "whole": whole, "shared": sharing,
                                                             "source": spelt.source,
                                                             "named": len(set(spelt.words) & set(index.names[i].tokens))})
                if weight > table.get(i, (0.0,))[0]:
                    table[i] = (weight, evidence)
                spelt_by.setdefault(i, set()).add(address)
    for i, (_, evidence) in domain_best.items():
        found.add(i, evidence)
    sender = facts.sender.lower()
    for i, spelling in spelt_by.items():
        if sender in spelling and len(spelling) > 1 and len(spelt_by) <= MAX_SHARING:
            # "jl.letexier@gmail.com" sends "info@dentiste-letexier.fr": two mailboxes made apart agree
            other = sorted(spelling - {sender})[0]
            found.add(i, Evidence("addresses_agree", W_ADDRESS_AGREES, {"sender": sender, "given": other}))
    return mailbox


_NOT_ALNUM = re.compile(r"[^a-z0-9]")


def _with_joined_name(spellings: list[AddressName], index: ClientIndex) -> list[AddressName]:
    """The address's readings, a domain label or mailbox that runs one company's whole name together read as that
    name ("charpentedumontblanc.fr" cut as charpente dumont blanc is CHARPENTE DU MONT-BLANC)."""
    out = []
    joined = index.joined()
    for spelt in spellings:
        label = domain_label(spelt.written) if spelt.source == "domain" else spelt.written
        owners = joined.get(_NOT_ALNUM.sub("", label), ())
        town: tuple[str, ...] = ()
        if not owners and spelt.source == "domain" and "-" in label:
            # "closdumont-nuits.fr": the name run together, then its client's own town (kept: it tells namesakes apart)
            head, _, tail = label.rpartition("-")
            town = (word_form(tail),)
            owners = [i for i in joined.get(_NOT_ALNUM.sub("", head), ()) if town[0] in index.towns[i]]
        if owners and len({index.names[i].tokens for i in owners}) == 1 \
                and not set(spelt.words) <= set(index.names[owners[0]].tokens + town):
            spelt = AddressName(index.names[owners[0]].tokens + town, spelt.source, spelt.written)
        out.append(spelt)
    return out


def _designated_in(phrase: str, note: str) -> bool:
    """Whether a manager's note (folded) says the reply is for the client a mention names: "c'est pour", "pour",
    "concerne" shortly before its words in their order ("c'est pour la pharmacie du marché de Thonon"), nothing
    setting it aside ("pas pour la boulangerie Tissot")."""
    gap = r"\W+(?:\w+\W+){0,2}"
    words = gap.join(re.escape(w) for w in phrase.split())
    return re.search(r"(?<!pas )(?<!non )\b(c.est pour|pour|concerne|il s.agit d\w*|de la part d\w*)\W+(?:[\w.']+\W+){0,4}?"
                     + words + r"\b", note) is not None


_UNSURE_NOTE = re.compile(r"\bje ne sais (pas|plus) (laquelle|lequel|lesquel(le)?s|de (laquelle|lequel|quel|quelle)|a quel|"
                          r"quel (dossier|client)|quelle (societe|sci|entreprise)|qui c.est)\b|\bimpossible de savoir\b|"
                          r"\bnot sure which\b|\bje n.arrive pas a (savoir|identifier)\b")
_HEDGED_NOTE = re.compile(r"\b(je pense|je crois|il me semble|peut-etre|a verifier|sauf erreur|probablement|sans doute|"
                          r"surement|si je ne me trompe|je suppose)\b")


_ADDRESS_LIKE = re.compile(r"[^\s@]{1,64} ?(?:@|arobase|\[at\]) ?\S{1,255}")  # bounded: no quadratic scan


def _holding_all(words: set[str], index: ClientIndex) -> frozenset[int]:
    """The clients whose name (or acronym) holds every one of ``words``: up to a thousand per word,
    so their sets are intersected rather than each holder's words compared in turn."""
    return frozenset.intersection(*sorted((index.holders(w) for w in words), key=len))


def _spelt_clients(words: tuple[str, ...], index: ClientIndex) -> list[tuple[int, bool, int]]:
    """(client, whole name?, how many clients share that reading) for the words an address spells.

    Whole: the words are exactly the client's name or its acronym ("ets-martin" for ETS MARTIN), or
    hold all of a name of two words or more ("4saisons-fleurs" for LES QUATRE SAISONS). Part: the
    words are all in the client's name and one of them is rare ("rondeau" for CARROSSERIE DU
    RONDEAU). Words many clients share (garage, boulangerie) never make a part.
    """
    n = len(index)
    common = max(10, n // 50)
    # words no client's name has ("fleurs" in 4saisons-fleurs.fr, a first name in alain.binet) are
    # the address's own: the name is read from the others, but then never as the whole name
    # a town ("garage-gare-redon.fr", "latelier-dinan.fr") says which client, and a first name
    # ("yannick.lemaire44") whose mailbox: neither is a word of the company's name
    town = set(words) & index.cities
    qualifiers = town | (set(words) & index.first_names)
    if index.by_key.get(" ".join(sorted(set(words)))):
        town, qualifiers = set(), set()  # "dupont.marie8" is DUPONT Marie's whole name, first name and all
    if qualifiers and not set(words) - qualifiers - town:
        return []  # "solene.kd35": a first name alone names no client (BERGER Solène is one of many)
    named = (set(words) - qualifiers) or set(words)
    spelt = {w for w in named if w in index.by_token}
    if not spelt:
        return []
    elsewhere = town - named
    exact = {i for i in index.by_key.get(" ".join(sorted(named)), ()) if not elsewhere or elsewhere & index.towns[i]}
    if len(named) == 1:
        exact |= {i for w in spelt for i in index.by_own_acronym.get(w, ())}
    # Looked up, not scanned: a word a thousand clients share would be read for every reply spelling it.
    telling = {w for w in spelt if len(index.by_token.get(w, ())) <= common}  # the words that say something
    sharing = bool(telling)
    # only the words some client's name has can be part of a name key: the others are not combined
    written = [w for w in sorted(set(words))[:8] if w in index.vocabulary]
    # the whole name inside the address: two words or more, or one rare word ("transports-berthelot") —
    # every client whose name is some of the address's words
    inside = {i for size in range(1, len(written) + 1) for subset in itertools.combinations(written, size)
              for i in index.by_key.get(" ".join(subset), ())
              if sharing and set(index.names[i].tokens) & telling
              and (not elsewhere or elsewhere & index.towns[i] or not index.towns[i])
              and (len(index.names[i].tokens) >= 2 or len(index.by_token.get(index.names[i].tokens[0], ())) <= MAX_SHARING)}
    whole = exact or inside  # the exact reading, when there is one, is the reading
    # every client whose name holds all the words reads the address as well ("guegan" is SCI GUEGAN's
    # whole name, and half of ETS GUEGAN FRERES'): they share the reading
    fewest = min((index.by_token.get(w, ()) for w in spelt), key=len)
    rare = any(0 < len(index.by_token.get(w, ())) <= MAX_SHARING for w in spelt)
    part: set[int] = set()
    first = qualifiers - town
    if not sharing or not (whole or rare):
        pass  # the part readings count only beside a whole one or a rare word
    elif first and whole and all(first & set(index.names[i].tokens) for i in whole):
        pass  # "adrien.lacroix.soubise" is LACROIX Adrien's whole name: the other Lacroix files do not read it
    elif len(spelt) == 1 and not (town and exact):
        if len(fewest) > MAX_SHARING + 1:
            return []  # every holder of the one word reads it: too many readers
        part = set(fewest) - whole
    else:
        part = {i for i in _holding_all(spelt, index) - whole if not town or town & index.towns[i] or not exact}
    readers = len(whole) + len(part)
    if not readers or readers > MAX_SHARING + 1:
        return []
    out = [(i, True, readers) for i in sorted(whole)]
    if whole or rare:
        out += [(i, False, readers) for i in sorted(part)]
    return out


def _one_compound(written: str, i: int, index: ClientIndex) -> bool:
    """Whether ``written`` bears the couple's two first names as one compound first name: "Jean-Marie Fabre" is one
    person, not FABRE Jean et Marie (review 16: a wrong automatic link)."""
    words, label = set(index.names[i].tokens), fold(index.labels[i])
    return any(all(part in words and part in index.first_names for part in compound.split("-"))
               and compound not in label  # FABRE Jean-Marie et Sylvie bears it
               for compound in re.findall(r"[a-z]+(?:-[a-z]+)+", fold(written)))


def _add_names(found: CandidateBuilder, facts: ReplyFacts, index: ClientIndex,
               names: dict[str, list[tuple[int, int]]], mentions: list[Mention],
               mailbox: dict[int, tuple[float, Evidence]] | None = None) -> None:
    """Name evidence: per client the best of fuzzy names, mentions and mailbox names, then the legal form."""
    best: dict[int, tuple[float, Evidence, str]] = {i: (w, e, "") for i, (w, e) in (mailbox or {}).items()}
    typed: set[int] = set()  # clients the display name, signature or text names (beside the mailbox)
    partners = index.partner_files
    for key, written in name_queries(facts):
        form = normalise_name(written).form
        hits = names.get(key, ())
        traders = [i for i in _traders_named(key, index) if all(i != j for j, _ in hits)]
        if traders:
            # her name describes the business's owner, not the file's name: it proposes it, short of a name typed in
            # full (an osteopath of the same name in another town writes it too)
            hits = [*hits, *((i, _TRADER_SCORE) for i in traders)]
        close = sum(1 for _, score in hits if score >= 92)
        sharing = math.log2(close) if close > 1 else 0.0
        several_words = " " in key
        for i, score in hits:
            weight = _NAME_WEIGHTS[score]
            if i in partners and (fuzz.ratio(key, index.keys[i]) < score or _one_compound(written, i, index)):
                # "Martine Pradayrol" for PRADAYROL Martine et Julien: one of the couple's two names, which she may
                # bear in a file of her own too (her company, her parents' of the same name): it proposes the couple's
                # file to the person who reads the reply, and weighs nothing towards a link
                if weight and score >= 92:
                    found.add(i, Evidence("partner_name", 0.0, {"written": written, "client": index.labels[i]}))
                continue
            if weight and score >= 97 and close == 1 and several_words:
                weight += W_UNIQUE_NAME  # only this client has such a name
            elif weight and close > 1 and score >= 92:
                weight = round(weight - sharing, 2)
            if weight and score >= 92:
                typed.add(i)
            if weight and weight > best.get(i, (0.0,))[0]:
                best[i] = (weight, Evidence("name", weight, {"written": written, "client": index.labels[i],
                                                               "score": int(score)}), form)
    named: set[int] = set()
    excluded = _excluded_phrases(facts.own_text) if mentions else set()
    spoken: set[int] = set()
    excluded_words = {w for phrase in excluded for w in phrase.split()}
    # "rien à voir avec le GAEC Hauchecorne de Saint-Valery": the form and the town the exclusion states
    excluded_forms = {canonical_form(w) for m in _EXCLUDE.finditer(fold(facts.own_text[:4000]))
                      for w in tokens(m.group(3)) if w in LEGAL_FORMS} - {""} if excluded else set()
    # (the towns an exclusion states, not every word of a sentence put off: "la SCM des infirmières du Port")
    place_words = {w for m in _EXCLUDE.finditer(fold(facts.own_text[:4000])) for w in tokens(m.group(3))} \
        & excluded_words & index.cities if excluded else set()
    written = fold(f"{facts.subject}\n{facts.own_text[:4000]}")
    for mention in mentions:
        if mention.words == 1 and mention.phrase in _GREETINGS and not (
                mention.form and re.search(rf"\b{re.escape(mention.form)}\s+{re.escape(mention.phrase)}\b", written)):
            # "Bonjour," is a greeting, not the SARL BONJOUR ("l'EURL, merci d'envoyer": not EURL MERCI);
            # "Pour la SARL Bonjour (le café …)" is the company
            continue
        if mention.phrase in excluded:
            # "ne pas confondre avec le Bar des Sports de Loudéac": of namesakes, the one in that town
            told = [i for i in mention.clients if index.towns[i] & excluded_words] if len(mention.clients) > 1 else []
            spared = False
            if not told and (place_words or excluded_forms):
                # of the clients the words name, those the exclusion's town or form do not describe stay:
                # ETS HAUCHECORNE of Veules is not "le GAEC Hauchecorne de Saint-Valery"
                told = [i for i in mention.clients
                        if not (place_words and not index.towns[i] & place_words)
                        and not (excluded_forms and index.forms[i] not in excluded_forms)]
                spared = not told  # nobody the words name is the one excluded: the mention counts as written
            if not spared:
                if told:
                    mention = Mention([i for i in mention.clients if i not in told], mention.phrase, mention.words,
                                      mention.form, mention.partial, mention.in_text)
                for i in told or mention.clients:
                    found.add(i, Evidence("excluded", W_EXCLUDED, {"phrase": mention.phrase}), conflict=False)
                    found.found[i].excluded = True
                if not told or not mention.clients:
                    continue
        if mention.in_text and (mention.partial or mention.words > 1 or (mention.form and len(mention.clients) == 1)):
            spoken.update(mention.clients)  # a one-word name without its form could be anyone's surname
        if mention.partial:
            weight = W_MENTION_PART - math.log2(len(mention.clients))
            for i in mention.clients:
                if weight > best.get(i, (0.0,))[0]:
                    best[i] = (weight, Evidence("mention_part", weight, {"phrase": mention.phrase,
                                                                         "client": index.labels[i]}), "")
            continue
        for i in mention.clients:
            typed.add(i)
            full = mention.words > 1 or bool(mention.form and mention.form == index.forms[i])
            weight = W_MENTION_FULL if full else W_MENTION_WORD
            if full and len(mention.clients) == 1 and mention.words > 1:
                weight += W_UNIQUE_NAME
            if weight > best.get(i, (0.0,))[0]:
                best[i] = (weight, Evidence("mention", weight, {"phrase": mention.phrase,
                                                                "client": index.labels[i]}), mention.form)
            if full and len(mention.clients) == 1 and mention.in_text and \
                    (not index.persons[i] or (mention.form and mention.form == index.forms[i])
                     # "notre dossier personnel (Bruno et Agnès Fritsch)": a couple's file by both its first names
                     or (i in partners and mention.words >= 3)) and \
                    not (not mention.form and _only_in_address_line(mention.phrase, facts.own_text)):
                # a name several clients share designates none; a signature designates none; a
                # person's name in the text is often the writer or a relative ("le fils de Michel Durand")
                named.add(i)
    for i, (weight, evidence, form) in best.items():
        found.add(i, evidence, named=i in named, in_words=i in spoken)
        if mailbox and i in mailbox and mailbox[i][1].args.get("sender") and i in typed:
            # the mailbox was made long ago; the display name or the text is typed today: two sources agree
            reading = mailbox[i][1].args
            found.add(i, Evidence("address_agrees", W_ADDRESS_AGREES, {"part": reading["part"], "whole": reading["whole"],
                                                                      "shared": reading["shared"]}))
        client_form = index.forms[i]
        if form and client_form:
            if form == client_form:
                found.add(i, Evidence("form_agrees", W_FORM_AGREES, {"form": form.upper()}))
            else:
                found.add(i, Evidence("form_conflicts", W_FORM_CONFLICTS,
                                      {"form": form.upper(), "client_form": client_form.upper()}))


_TRADER_SCORE = 96  # below 97: no bonus for a name only this client bears, and not a name that identifies


def _traders_named(key: str, index: ClientIndex) -> list[int]:
    """Sole traders whose file ``key`` (a first name and a surname: "heitz sophie") names by their own name: "Sophie
    Heitz" for CAB. KINE HEITZ, whose first name is Sophie. The file's name is the business's; she signs with hers."""
    words = key.split()
    if len(words) != 2 or not index.trade_names:
        return []
    out = []
    for first, surname in (words, words[::-1]):
        if first not in index.first_names or surname in index.first_names:
            continue
        for i in index.by_token.get(surname, ())[:200]:
            trade = index.trade_names.get(i)
            if trade and surname in trade and first not in trade and first in index.names[i].tokens:
                out.append(i)
    return out


_EXCLUDE = re.compile(r"(sauf pour|sauf|excepte|hormis|a l.exception d[eu]|mais pas pour|mais pas|pas pour|except for|"
                      r"(?:a )?ne pas confondre avec|not to be confused with|attention,? pas|\bet non pas|\bnon pas|"
                      r"rien a voir avec|aucun rapport avec|nothing to do with|pas cel(?:le|ui|les|ux) d(?:e|u|es)|"
                      r"not th(?:at|ose) of|except|but not for|but not|not for)"
                      r"\s+(l[ae]s?\s+|l.|du\s+|de\s+la\s+|notre\s+|nos\s+|ma\s+|mon\s+)?([\w' -]{2,60})")


_ASIDE = re.compile(r"\(\s*([^()]{0,300})\)")
_NEGATED = re.compile(r"(?:et |mais |and |but )?(?:surtout )?(?:pas|ni|non|jamais|not|never)\b")
_ASIDE_TURN = re.compile(r"\b(?:mais|seulement|uniquement|only|but)\b")


def _excluded_phrases(text: str) -> set[str]:
    """The folded words of names the text excludes ("sauf la SCI Les Tilleuls")."""
    out: set[str] = set()
    folded = fold(text[:4000])
    if not _EXCLUSION_CUE.search(folded):
        return out
    for m in _EXCLUDE.finditer(folded):
        words = [w for w in tokens(m.group(3)) if w and w not in NOISE and w not in LEGAL_FORMS]
        for end in range(1, min(len(words), 5) + 1):
            out.add(" ".join(words[:end]))
    for aside in _ASIDE.finditer(folded):
        inside = aside.group(1)
        if _NEGATED.match(inside):
            # "(et pas sur compta@ ni direction@, qui sont pour TBM et la holding)": an aside that
            # opens with a negation speaks of what the reply is not for, up to a "mais"
            out.update(_windows(_ASIDE_TURN.split(inside)[0]))
        elif _LATER.search(inside):
            out.update(_windows(inside))
    # an aside is read on its own: "Pour le Fournil uniquement (…, il vous écrira pour les autres),
    # les factures sont à envoyer …" defers the others, not the Fournil
    for sentence in re.split(r"[.!?\n]+", _ASIDE.sub(" ", folded)):
        if _LATER.search(sentence):
            # "Pour Porz Marine et le chantier, je vous répondrai plus tard": not decided yet
            out.update(_windows(sentence))
    return out


def _only_in_address_line(phrase: str, text: str) -> bool:
    """Whether the words of ``phrase`` are only ever written in the writer's postal address at the foot of ``text``
    ("Ferme de la Horgne - 08130 Attigny" under a reply for the SCEA and the GFA there): a place, not a client named."""
    words = set(phrase.split())
    # the lines' words, made only for a reply that names a private client in full (not for every reply scored)
    lines = [set(tokens(line)) for line in fold(text[:4000]).splitlines() if line.strip()]
    holding = [n for n, line in enumerate(lines) if words <= line]
    return bool(holding) and all(n >= len(lines) - 4 and any(w.isdigit() and len(w) == 5 for w in lines[n])
                                 for n in holding)


def _windows(text: str) -> set[str]:
    """Every run of one to five name words of ``text`` (the phrases a mention could be)."""
    words = [w for w in tokens(text) if w not in NOISE and w not in LEGAL_FORMS]
    return {" ".join(words[a:b]) for a in range(len(words)) for b in range(a + 1, min(len(words), a + 5) + 1)}


_EXCLUSION_CUE = re.compile(r"sauf|except|hormis|pas pour|mais pas|sans |not for|but not|repond|redir|reviens|confondre|pas cel|not th|"
                            r"\(\s*" + _NEGATED.pattern + "|"
                            r"confused|occupe|voyez|changez|changer|parle|attention|non pas|rien a voir|rapport avec|nothing to do|touch|"
                            r"reviendr|confirmer|recontact|rappelle|au courant|plus tard|separement|pas encore|later|separately|"
                            r"changement|change|pour le moment|pour l.instant|comme (avant|aujourd|d.habitude)")
_LATER = re.compile(r"(je vous|on vous|nous vous|il vous|elle vous|ils vous) (repondr\w*|redir\w*|reviens|reviendr\w*|"
                    r"confirmerai|confirmerons|recontacterai|rappelle|tiens au courant)|\bplus tard\b|separement|"
                    r"\bvous (repondr|redir|recontacter|confirmer|ecrir|enverr)(ai|a|ons|ez|ont)\b|"
                    r"\blater\b|separately|pas de changement|rien ne change|(?<!adresse )(?<!adresses )(?<!mail )inchange|continue(z|r)? comme (avant|aujourd)|"
                    r"ne (m|nous).en occup\w* (plus|pas)|voyez (directement )?avec|voir directement avec|ne changez rien|"
                    r"ne rien changer|j.en parle (a|avec)|ne touch\w* (a )?rien|ne (change|changeons) rien|"
                    # "pour la SCM, elle doit d'abord en parler à sa collègue, donc rien pour l'instant de ce côté-là"
                    r"\brien pour (l.instant|le moment)\b|\b(doit|dois|doivent) d.abord (en parler|voir|demander|consulter)\b")


def _refs_in(subject: str, refs: list[str]) -> list[str]:
    upper = subject.upper()
    return [r for r in refs if r.upper() in upper]


def _spaced(siren: str) -> str:
    return " ".join((siren[:3], siren[3:6], siren[6:9])) if len(siren) == 9 else siren

