"""Company and person names reduced to comparable keys, once, when the client file is loaded.

"S.A.R.L. DUPONT & FILS", "Sarl Dupont et Fils" and "Dupont et fils (SARL)" all become the core
"dupont fils" with legal form "sarl": accents and case folded, punctuation dropped, the legal
form taken out (it is compared on its own, as agreement or conflict), abbreviations expanded and
noise words (société, établissements, articles, titles) removed. Tokens are sorted in the key so
that a plain ``fuzz.ratio`` on keys behaves like ``token_sort_ratio`` without re-tokenising
50,000 names for every query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from campaign.text import fold

# Trades and premises a small business is called by ("pour la bijouterie", "le bar-restaurant").
TRADES = (
    "bar", "restaurant", "brasserie", "cafe", "creperie", "pizzeria", "boulangerie", "patisserie", "boucherie",
    "charcuterie", "epicerie", "superette", "fromagerie", "chocolaterie", "librairie", "bijouterie", "fleuriste",
    "pharmacie", "garage", "carrosserie", "magasin", "boutique", "commerce", "atelier", "hotel", "salon", "institut",
    "camping", "chantier", "entreprise", "transports?", "menuiserie", "plomberie", "maconnerie", "couverture",
    "electricite", "peinture", "cabinet", "agence", "etude", "exploitation", "ferme", "laboratoire", "clinique",
    "imprimerie", "auto-ecole", "opticien", "optique", "coiffure", "bar-restaurant", "hotel-restaurant",
)
# The trades a reply names a client's business by, not the firm's own ("le cabinet", "l'étude", "l'agence" are the
# accountant's too), as a pattern's alternatives
SHOP_TRADES = "|".join(t for t in TRADES if t not in ("cabinet", "etude", "agence"))
# A trade in a (folded) client name: "GARAGE KESSLER", "BOULANGERIE MARTIN" are businesses, not private persons
TRADE_NAME = re.compile(rf"\b({'|'.join(TRADES)})\b")

# French legal forms (DOMAIN.md "Company names"); the value is the canonical form.
LEGAL_FORMS: dict[str, str] = {f: f for f in (
    "ei", "eirl", "sarl", "eurl", "sarlu", "selarl", "sa", "selafa", "sas", "sasu", "selas", "spfpl", "snc",
    "scs", "sca", "se", "sci", "scpi", "scp", "scm", "scea", "scev", "earl", "gaec", "gfa", "gfv", "gfr", "sc", "gie", "scop",
    "cuma", "selurl", "sccv", "sel")}
LEGAL_FORMS.update({"association": "association", "asso": "association", "indivision": "indivision",
                    "sdc": "copropriete", "ogec": "ogec", "copropriete": "copropriete"})
_MULTIWORD_FORMS = (("syndicat des coproprietaires", "copropriete"), ("syndicat de copropriete", "copropriete"),
                    ("societe civile immobiliere", "sci"), ("entreprise individuelle", "ei"),
                    # a sole trader's file typed "Micro-entreprise", "Auto-entrepreneur" (review 17)
                    ("micro entreprise", "ei"), ("micro entrepreneur", "ei"), ("auto entrepreneur", "ei"),
                    ("auto entreprise", "ei"), ("entrepreneur individuel", "ei"),
                    ("societe par actions simplifiee", "sas"), ("societe a responsabilite limitee", "sarl"))

# Words that say nothing about which company it is (DOMAIN.md), after abbreviation expansion.
# "fils", "freres", "associes", "holding" and "groupe" are kept: they tell near-duplicates apart
# (SARL DUPONT ET FILS / DUPONT SAS; HOLDING MOREAU / MOREAU TRANSPORTS).
_NOISE_WORDS = ((
    "societe", "etablissements", "entreprise", "compagnie", "cabinet",
    "le", "la", "les", "l", "du", "de", "des", "d", "et", "en", "a", "au", "aux",
    "m", "mme", "mlle", "mr", "monsieur", "madame", "dr", "docteur", "me", "maitre", "pr", "professeur",
))
ABBREVIATIONS = {"ets": "etablissements", "etbs": "etablissements", "ste": "societe",
                 "cie": "compagnie", "st": "saint", "sts": "saints", "stes": "saintes", "bd": "boulevard",
                 "ent": "entreprise", "entr": "entreprise", "ese": "entreprise", "soc": "societe",
                 "assoc": "association", "cab": "cabinet", "fres": "freres", "gds": "grands", "gd": "grand",
                 "boulang": "boulangerie", "bould": "boulangerie", "patiss": "patisserie",
                 "transp": "transports", "transpt": "transports", "ambul": "ambulances", "pharm": "pharmacie",
                 "menuis": "menuiserie", "plomb": "plomberie", "elec": "electricite", "electr": "electricite",
                 "maconn": "maconnerie", "charp": "charpente", "couv": "couverture",
                 "carross": "carrosserie", "agri": "agricole", "coop": "cooperative", "distrib": "distribution",
                 "equip": "equipements", "serv": "services", "svc": "services", "immo": "immobilier",
                 "immob": "immobiliere", "invest": "investissements",
                 "intl": "international", "internat": "international", "assur": "assurances",
                 "cial": "commercial", "ctre": "centre",
                 "labo": "laboratoire", "kine": "kinesitherapie", "archi": "architecture", "vet": "veterinaire",
                 "mgt": "management", "techn": "technique",
                 # more of the trade abbreviations firms typed in their client files
                 "ass": "association", "asso": "association", "clin": "clinique", "veto": "veterinaire",
                 "resto": "restaurant", "brass": "brasserie", "pizz": "pizzeria",
                 "boul": "boulangerie", "bouch": "boucherie", "charc": "charcuterie", "epic": "epicerie",
                 "coif": "coiffure", "coiff": "coiffure", "mecan": "mecanique", "meca": "mecanique",
                 "constr": "construction", "const": "construction", "trav": "travaux", "mater": "materiaux",
                 "mat": "materiaux", "hold": "holding", "gest": "gestion", "dom": "domaine", "estate": "domaine", "synd": "syndicat",
                 "copro": "copropriete", "ind": "industrie", "indus": "industrie", "pdts": "produits",
                 "prod": "produits", "fab": "fabrication", "nett": "nettoyage", "amenag": "amenagement",
                 "renov": "renovation", "loc": "location", "nle": "nouvelle", "nlle": "nouvelle", "nvelle": "nouvelle",
                 # the metal and wood trades of industrial valleys (set55: FORGES ET ESTAMP. DE BOGNY, DECOLL. DES HTES
                 # RIVIERES, EXPL. FORESTIERE THIERY)
                 "estamp": "estampage", "decoll": "decolletage", "decol": "decolletage", "chaudr": "chaudronnerie",
                 "usin": "usinage", "metall": "metallurgie", "scier": "scierie", "expl": "exploitation",
                 "exploit": "exploitation", "agric": "agricole", "htes": "hautes"}  # not "hte": HTE is as often an acronym
# Not "gar.", "hot.", "rest." (garage, hotel, restaurant): read so, a hotel or a garage merely mentioned ("la boulangerie
# à côté de l'hôtel de la Gare", "je passe au garage du centre demain") linked a file typed "HOT. DE LA GARE", "GAR. DU
# CENTRE" (review 18c), as those files typed in full already are
# Numbers are written in figures or words ("4 VENTS" / "Quatre Vents"): figures become words.
NUMBER_WORDS = {"1": "un", "2": "deux", "3": "trois", "4": "quatre", "5": "cinq", "6": "six", "7": "sept",
                "8": "huit", "9": "neuf", "10": "dix", "11": "onze", "12": "douze", "13": "treize", "14": "quatorze",
                "15": "quinze", "16": "seize", "20": "vingt", "30": "trente", "40": "quarante", "50": "cinquante",
                "100": "cent", "1000": "mille", "1er": "premier",
                "une": "un", "1ere": "premiere", "2eme": "deuxieme", "3eme": "troisieme",
                "ii": "deux", "iii": "trois", "iv": "quatre"}  # SCI GARCIA-LOPEZ II

_ACRONYM_DOT = re.compile(r"(?<![^\W\d_])([^\W\d_])\.(?=[^\W\d_]\b|\s|$)")
_NON_WORD = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class Name:
    """A name reduced for comparison."""

    key: str          # core tokens, sorted, space-joined ("" when nothing is left)
    form: str         # canonical legal form found in the name, "" when none
    tokens: tuple[str, ...]  # core tokens in their written order


def tokens(text: str) -> list[str]:
    """Folded word tokens: accents and case folded, '&'/'+' as 'et', S.A.R.L. as sarl."""
    return list(_tokens(text)) if len(text) < 200 else _tokenise(text)


@lru_cache(maxsize=131072)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_tokenise(text))


def _tokenise(text: str) -> list[str]:
    # fold keeps one character for one ("œ" stays): a word is compared in letters ("Bœuf" as the file's BOEUF)
    text = fold(text).replace("&", " et ").replace("+", " et ").replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
    text = _ACRONYM_DOT.sub(r"\1", text)
    text = text.replace("'", " ").replace("\u2019", " ")
    return [word_form(t) for t in _NON_WORD.split(text) if t]


@lru_cache(maxsize=65536)
def word_form(token: str) -> str:
    """One token in its comparable spelling: abbreviation expanded, number in words, no plural 's'."""
    token = NUMBER_WORDS.get(token, token)
    token = ABBREVIATIONS.get(token, token)
    if len(token) > 4 and token[-1] in "sx" and not token.endswith(("ss", "us", "is")) and token[-2].isalpha():
        token = token[:-1]  # "transports" / "transport", "ambulances" / "ambulance"
    return token


NOISE = frozenset(word_form(w) for w in _NOISE_WORDS)


def reduce(words: list[str]) -> tuple[list[str], str]:
    """(core tokens, legal form) of folded tokens: forms and noise words taken out."""
    # "STE NOUVELLE DES 4 VENTS": a company taken over keeps its name, and people drop the prefix
    joined = (" " + " ".join(words) + " ").replace(" societe nouvelle ", " societe ")
    form = ""
    for phrase, phrase_form in _MULTIWORD_FORMS:
        if f" {phrase} " in joined:
            form = form or phrase_form
            joined = joined.replace(f" {phrase} ", " ")
    core: list[str] = []
    for word in joined.split():
        canonical = LEGAL_FORMS.get(word)
        if canonical is not None:
            form = form or canonical
        elif word not in NOISE:
            core.append(word)
    return core, form


@lru_cache(maxsize=65536)
def normalise_name(*parts: str) -> Name:
    """The comparable form of a name written in one or more parts (e.g. name and first name)."""
    core, form = reduce(tokens(" ".join(p for p in parts if p)))
    return Name(" ".join(sorted(core)), form, tuple(core))


def canonical_form(legal_form: str) -> str:
    """The canonical legal form of a client file's 'Forme juridique' cell ('' when unknown)."""
    return normalise_name(legal_form).form
