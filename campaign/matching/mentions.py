"""Client names written in a reply's text: "pour la SCI Moreau et Moreau Transports".

The text is cut into runs of words that occur in some client's name (legal forms and unknown
words end a run, noise words are skipped); every span of a run is looked up by its sorted key,
and longer spans win over the shorter ones they contain, so "Moreau Transports" does not also
count as a mention of "SCI Moreau".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from campaign.matching.index import VOWEL, ClientIndex
from campaign.names import LEGAL_FORMS, NOISE, tokens, word_form

# Bounded: "\S+@\S+" is quadratic on a 200 KB subject without spaces.
_ADDRESS_OR_URL = re.compile(r"[^\s@]{1,128}@\S{1,255}|https?://\S{1,2048}|www\.\S{1,2048}", re.IGNORECASE)


# A street after its house number, as signatures write them ("80 rue Saint-Yves", "51 bis route de Nantes")
_STREET = re.compile(r"\b\d{1,4}[ \t]*(?:bis|ter|[a-d])?,?[ \t]+(?:rue|route|rte|avenue|av\.|boulevard|bd|chemin|all[ée]e|"
                     r"impasse|place|quai|cours|square|passage|faubourg|chauss[ée]e)[ \t]+[^\n,;–—()\d]{2,40}", re.IGNORECASE)


@dataclass
class Mention:
    """A client name found in text."""

    clients: list[int]
    phrase: str        # the words as found (folded)
    words: int
    form: str          # legal form written right before or after it ('' when none)
    partial: bool = False  # one rare word of a longer name ("le Corsaire" for BAR LE CORSAIRE)
    in_text: bool = False  # in the reply's own words (subject, text), not its signature


def find_mentions(text: str, index: ClientIndex, text_lines: int = 0) -> list[Mention]:
    """Client names (exact, after normalisation) mentioned in ``text``; those in its first
    ``text_lines`` lines are marked ``in_text`` (the reply's own words, before its signature)."""
    # A line ends a run: "Christine Bernard / Électricité Bernard" in a signature is two names.
    # A street is no client: "80 rue Saint-Yves" is not the SCI SAINT-YVES.
    text = _STREET.sub(" ", _ADDRESS_OR_URL.sub(" ", text))
    words = [(w, n) for n, line in enumerate(text.splitlines())
             for w in tokens(line) + [""]]
    runs: list[tuple[list[str], str, str, int]] = []  # (words, form before, form after, line)
    approximate: set[str] = set()  # name words read from a spelling one letter away: they propose, never name
    current: list[str] = []
    before = ""
    line = 0
    for word, number in words + [("", 0)]:
        if word in NOISE and word:
            continue
        if word and word not in index.vocabulary and (len(word) >= 8 or "ue" in word or "oe" in word or "ae" in word):
            near = index.near(word)  # only these can be near a name word
            if near:
                word = near
                approximate.add(near)
        form = LEGAL_FORMS.get(word, "")
        if word and word in index.vocabulary and not form:
            if not current:
                line = number
            current.append(word)
            continue
        if current:
            runs.append((current, before, form, line))
            current = []
        before = form
    found: list[tuple[int, int, Mention]] = []
    capitalised: set[str] | None = None  # read only when a span of the mail's own words needs it
    for run, form_before, form_after, line in runs:
        spans = []
        for start in range(len(run)):
            for end in range(start + 1, min(len(run), start + index.max_words) + 1):
                clients = index.by_key.get(" ".join(sorted(run[start:end])))
                if clients:
                    # "Richard Restauration" and "Restauration Richard" share a sorted key; the
                    # words in one client's own order name that client only.
                    phrase = tuple(run[start:end])
                    in_order = [i for i in clients if index.names[i].tokens == phrase or index.trade_names.get(i) == phrase]
                    spans.append((end - start, not in_order, start, end, in_order or clients))
        taken: list[tuple[int, int]] = []
        # Longest first; of equal length, a span written in a client's own word order first.
        for length, _, start, end, clients in sorted(spans, key=lambda s: (-s[0], s[1], s[2])):
            if any(start < e and s < end for s, e in taken):
                continue
            form = (form_before if start == 0 else "") or (form_after if end == len(run) else "")
            if not form and end - start >= 2 and set(run[start:end]) <= _PHRASE_WORDS:
                if capitalised is None:
                    # words written with a capital ("la société Premier Service"): a name, even one made of the
                    # mail's words
                    capitalised = {w for m in _CAPITAL_WORD.finditer(text) for w in tokens(m.group(0))}
                if not set(run[start:end]) <= capitalised:
                    continue  # "c'est la nouvelle adresse de l'entreprise": words of the mail, not the salon NOUVELLE ADRESSE
            taken.append((start, end))
            guessed = any(w in approximate for w in run[start:end])
            found.append((0, start, Mention(clients, " ".join(run[start:end]), length, form, partial=guessed,
                                            in_text=line < text_lines)))
    return [m for _, _, m in found]



# Names written with capitals, two to six words ("Rocha Couverture Métallerie", "SCI Guillot Marc Hélène")
_CAPITALISED_RUN = re.compile(r"(?<![\w'’-])(?:[A-ZÀ-Ý][\w'’-]*[ \t]+(?:(?:de|du|des|et|la|le|&)[ \t]+)?){1,10}"
                              r"(?:[dl]['’])?[A-ZÀ-Ý][\w'’-]*")  # ("Société Bordelaise de Travaux d'Aménagement")
_JOINING = frozenset(("de", "du", "des", "et", "la", "le", "&"))
_ELIDED = frozenset(("d", "l"))  # "d'Aménagement": the word is Aménagement


def acronym_mentions(text: str, index: ClientIndex, text_lines: int = 0) -> list[Mention]:
    """Clients whose name the file writes as an acronym, named in full in ``text``: "Rocha Couverture
    Métallerie" for RCM COUVERTURE, "SCI Guillot Marc Hélène" for SCI GMH, "Kazarian Ingénierie
    Informatique Formation" for K2I FORMATION. The name's other words must be written too."""
    if not index.by_acronym:
        return []
    written = set(tokens(text[:6000]))
    out: list[Mention] = []
    seen: set[int] = set()
    for match in _CAPITALISED_RUN.finditer(text[:6000]):
        # each word as its tokens: "Ingénierie" -> ["ingenierie"]; joining words and forms left out
        pairs = [(raw, [t for t in tokens(raw) if t not in _ELIDED]) for raw in match.group(0).split()
                 if raw.lower() not in _JOINING]
        pairs = [(raw, w) for raw, w in pairs if w and w[0] not in LEGAL_FORMS]
        words = [w for _, w in pairs]
        line = text.count("\n", 0, match.start())
        for start in range(len(words)):
            for end in range(start + 3, min(len(words), start + 6) + 1):
                initials = "".join(w[0][0] for w in words[start:end])
                for i, rest in index.by_acronym.get(initials, ()):
                    if not rest and VOWEL.search(initials) and not _spelt_out(pairs[start:end], index):
                        continue  # ("MERCI ADRESSER RAPIDEMENT CES" is no SCI MARC)
                    if i not in seen and rest <= written:
                        seen.add(i)
                        phrase = " ".join(" ".join(w) for w in words[start:end])
                        out.append(Mention([i], phrase, end - start, "", in_text=line < text_lines))
    return out


def _spelt_out(pairs: list[tuple[str, list[str]]], index: ClientIndex) -> bool:
    """Whether words whose initials spell a company's whole name as a word with a vowel ("SBTA") spell it out as its
    name: written as a name ("Société Bordelaise de Travaux d'Aménagement", not "MERCI ADRESSER RAPIDEMENT CES"), and
    none of them a first name ("Gérant Roux Alain Nicolas Didier" is no SAS GRAND)."""
    bare = [re.sub(r"^[dl]['’]", "", raw, flags=re.IGNORECASE) for raw, _ in pairs]
    return all(word[:1].isupper() and not word.isupper() for word in bare) and \
        not any(w[0] in index.first_names for _, w in pairs)


# A capitalised word ("le Corsaire", "Ty Breiz"), or any word after "pour le / pour la"
_PROPER = re.compile(r"(?<![\w'’-])([A-ZÀ-Ý][\w'’-]{3,})")
_FOR = re.compile(r"\b(?:pour|for)\s+(?:le|la|les|l['’]|du|des|notre|nos|mon|ma|mes|the|our)\s*((?:[\w'’-]+\s+){0,3}[\w'’-]+)",
                  re.IGNORECASE)


_GREETING_LINE = re.compile(r"(?im)^[ \t]*(bonjour|bonsoir|hello|hi|dear|cher|ch[eè]re|salut)\b[^\n.!?]{0,40}$")


_TITLE = re.compile(r"\b(M|Mme|Mr|Mrs|Ms|Dr|Me|Mlle|Pr)\.\s*$")


def partial_mentions(text: str, index: ClientIndex, taken: list[Mention], signed: str = "") -> list[Mention]:
    """Rare words of client names written in ``text``: one or two clients have them, and the text
    writes them as names (capitalised) or as what the reply is for ("pour le cabinet d'architecture").

    Suggestive only: they propose the clients and tell that the reply is about them, never link alone.
    """
    seen = {w for m in taken for w in m.phrase.split()}
    signed_words = set(tokens(signed))
    words: list[str] = []
    # "Bonjour Monsieur Meyer," greets the person written to (the manager), not a client
    text = _GREETING_LINE.sub(lambda m: " " * len(m.group(0)), text)
    for m in _PROPER.finditer(text):
        if m.start() and (text[max(0, m.start() - 2):m.start()].strip() not in (".", "!", "?", "")
                          or _TITLE.search(text[max(0, m.start() - 6):m.start()])):
            words.extend(tokens(m.group(1)))  # not a sentence's first word ("M. Vittecoq" is not one either)
    for m in _FOR.finditer(text):
        words.extend(tokens(m.group(1)))
    forms: set[str] | None = None
    out = []
    for word in dict.fromkeys(words):
        owners = index.by_token.get(word, ())
        by_form = False
        if 2 < len(owners) <= 50 and forms is None:
            forms = {LEGAL_FORMS[t] for t in tokens(text) if t in LEGAL_FORMS}
        if 2 < len(owners) <= 50 and forms:
            # "nos deux SCI (Lorient et Vannes)": of the clients named Lorient, the SCI
            owners = [i for i in owners if index.forms[i] in forms]
            by_form = True
        if word in seen or word in NOISE or word in LEGAL_FORMS or word in index.first_names or word in signed_words \
                or word in _CAMPAIGN_WORDS or len(word) < 4 or not 0 < len(owners) <= 2 \
                or (word in index.cities and not by_form):
            continue
        out.append(Mention(list(owners), word, 1, "", partial=True, in_text=by_form))
    if len({i for m in out for i in m.clients}) >= 2:
        for mention in out:
            mention.in_text = True  # "le Corsaire, le Galion et Ty Breiz": the reply is about those
    # a client named by one rare word above may still be written whole in a sentence (scored higher)
    named = {i for m in taken for i in m.clients} | {i for m in out for i in m.clients if len(m.clients) == 1}
    for sentence in _SENTENCE_END.split(text[:4000]):
        # "Transports Cazals et Fils, Cazals Logistique et la holding": every word of SAS HOLDING
        # CAZALS is in the sentence, though not side by side, one of them written as a name
        capitals = {word_form(w) for m in _CAPITAL_WORD.finditer(sentence) for w in tokens(m.group(0))}
        if not capitals:
            continue
        written = {word_form(w) for w in tokens(sentence)} - NOISE
        said = written - signed_words
        # looked up by a rare word not the writer's own, capitalised or not ("l'armement du Ker Maria,
        # le bateau de mon mari Gwendal Chauvet" from Soizic Chauvet: ARMEMENT CHAUVET, though a
        # dozen clients are called Chauvet)
        for word in said:
            owners = index.by_token.get(word, ())
            for i in owners if 0 < len(owners) <= 8 else ():
                name = set(index.names[i].tokens)
                if i not in named and len(name) >= 2 and name <= written and name & capitals \
                        and not name <= _CAMPAIGN_WORDS:
                    named.add(i)
                    out.append(Mention([i], " ".join(index.names[i].tokens), len(name), "", partial=True, in_text=True))
    return out


_SENTENCE_END = re.compile(r"[.!?\n]+")
_CAPITAL_WORD = re.compile(r"(?<![\w'’-])[A-ZÀ-Ý][\w'’-]{2,}")
# Words of the campaign's own mail that some client's name happens to hold.
_CAMPAIGN_WORDS = frozenset(tokens("mail email courriel adresse adresses facture factures papier courrier poste "
                                   "compte comptabilite comptable message reponse merci bonjour cordialement envoi "
                                   "societe entreprise service services secretariat cabinet expert associe"))
# ...and phrases of it made with them ("nouvelle adresse", "bonne adresse", "le courrier"): no name on their own
_PHRASE_WORDS = _CAMPAIGN_WORDS | frozenset(tokens("nouvelle nouveau nouvel bonne bon ancienne ancien autre meme seule seul "
                                                  "vraie vrai derniere dernier premiere premier new old good"))
